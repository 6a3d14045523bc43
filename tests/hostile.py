"""Hostile workbooks and a listener on loopback that stands in for a remote host.

A hostile workbook is a plain workbook whose Sources tab (and Settings) ask for what a
stranger's workbook might: other files, a database of its own choosing, the user's
environment variables, a Spark cluster. :class:`Listener` accepts connections on
127.0.0.1 only and records every byte it receives; speaking just enough of PostgreSQL's
protocol, it asks for a password in clear text, as a hostile server would, and records
the one it is sent.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import openpyxl

from xl_kpi.headless import new_workbook

ORDERS_CSV = "date,order_id,customer_id,channel,revenue\n2025-03-01,O-1,C-1,Email,100\n"


def hostile_book(
    folder: Path,
    sources: Iterable[Sequence[str | None]],
    settings: Iterable[tuple[str, str]] = (),
    name: str = "book.xlsx",
) -> Path:
    """A plain workbook in ``folder`` whose Sources tab has ``sources`` rows (tab, location,
    format, options) and whose Settings have ``settings`` rows."""
    folder.mkdir(parents=True, exist_ok=True)
    book = folder / name
    new_workbook(book, "plain", overwrite=True)
    workbook = openpyxl.load_workbook(book)
    sheet = workbook.create_sheet("Sources")
    sheet.append(["tab", "location", "format", "options"])
    for row in sources:
        sheet.append(list(row) + [None] * (4 - len(row)))
    if settings:
        tab = workbook["Settings"]
        for row in settings:
            tab.append(list(row))
    workbook.save(book)
    return book


class Listener:
    """A TCP listener on 127.0.0.1 that records what it receives (a hostile host)."""

    def __init__(self, postgres: bool = False) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.postgres = postgres
        self.received = bytearray()
        self.passwords: list[bytes] = []
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self.server.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                con, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            with con:
                con.settimeout(5)
                try:
                    self._talk(con)
                except OSError:
                    pass

    def _read(self, con: socket.socket, count: int) -> bytes:
        data = b""
        while len(data) < count:
            chunk = con.recv(count - len(data))
            if not chunk:
                raise OSError("closed")
            data += chunk
            self.received += chunk
        return data

    def _talk(self, con: socket.socket) -> None:
        if not self.postgres:
            while chunk := con.recv(65536):
                self.received += chunk
            return
        while True:  # SSL and GSS encryption requests are declined; then the startup packet
            (length,) = struct.unpack("!i", self._read(con, 4))
            body = self._read(con, length - 4)
            if struct.unpack("!i", body[:4])[0] in (80877103, 80877104):
                con.sendall(b"N")
                continue
            break
        con.sendall(b"R" + struct.pack("!ii", 8, 3))  # AuthenticationCleartextPassword
        kind = self._read(con, 1)
        (length,) = struct.unpack("!i", self._read(con, 4))
        body = self._read(con, length - 4)
        if kind == b"p":
            self.passwords.append(body.rstrip(b"\0"))
        message = b"SFATAL\0C28P01\0Mpassword authentication failed\0\0"
        con.sendall(b"E" + struct.pack("!i", len(message) + 4) + message)
