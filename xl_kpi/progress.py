"""What a long refresh is doing, said as it goes: ``reading Orders 35%``, ``computing``.

A :class:`Progress` is told each step; where it shows it is the caller's choice: a
terminal's last line (:func:`terminal`, nothing when the output is piped or redirected),
Excel's status bar (any callable taking the text), or nowhere (:data:`SILENT`).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TextIO

__all__ = ["SILENT", "Progress", "terminal"]


class Progress:
    """Says what is being done, through ``show`` (a callable taking one line of text)."""

    def __init__(self, show: Callable[[str], None] | None = None) -> None:
        self._show = show
        self._poll: threading.Thread | None = None
        self._stop = threading.Event()

    @property
    def active(self) -> bool:
        return self._show is not None

    def step(self, text: str, fraction: float | None = None) -> None:
        """Show ``text`` (``reading Orders``), with a percentage when ``fraction`` is known."""
        if self._show is not None:
            self._show(text if fraction is None else f"{text} {min(fraction, 1.0):.0%}")

    def watch(self, text: str, fraction: Callable[[], float]) -> Progress:
        """Show ``text`` with ``fraction()`` every half second until :meth:`done`."""
        self.done()
        self.step(text)
        if self._show is None:
            return self
        self._stop.clear()

        def poll() -> None:
            while not self._stop.wait(0.5):
                value = fraction()
                if value >= 0:
                    self.step(text, value)

        self._poll = threading.Thread(target=poll, daemon=True)
        self._poll.start()
        return self

    def done(self, text: str | None = None) -> None:
        """Stop watching; show ``text`` when given."""
        if self._poll is not None:
            self._stop.set()
            self._poll.join()
            self._poll = None
        if text is not None:
            self.step(text)

    def finish(self) -> None:
        """Stop watching and clear what is shown."""
        self.done()
        if self._show is not None:
            self._show("")

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.finish()


#: Progress that shows nothing.
SILENT = Progress()


def terminal(stream: TextIO | None = None) -> Progress:
    """Progress on a terminal's last line (stderr), rewritten in place; :data:`SILENT` when
    the stream is not a terminal (piped, redirected, cron)."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return SILENT
    last = {"width": 0}

    def show(text: str) -> None:
        padding = " " * max(0, last["width"] - len(text))
        stream.write(f"\r{text}{padding}\r" if text else f"\r{padding}\r")
        stream.flush()
        last["width"] = len(text)

    return Progress(show)
