"""``python tools/snapshot.py [OUT.png]``: the picture of the summary the README shows.

It builds the plain sample workbook (the published ``xl-kpi-plain-sample.xlsx``, a
generated year of a small shop), exports its KPI Summary to PDF through LibreOffice as
``xl-kpi refresh BOOK --pdf`` does, renders the first page (the headline tiles and the
scorecard; ``--pages`` for more) with ``pdftoppm`` (poppler-utils), trims their margins and
stacks them into one PNG.  The
same versions of LibreOffice and poppler give the same picture.

A tool of the project, not part of the package (it needs the package installed, as
``pip install -e .`` installs it).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from xl_kpi.files.pdf import export_pdf
from xl_kpi.templates import build_template

__all__ = ["main", "png_bytes", "snapshot"]

#: Where the README's picture lives, relative to the project folder.
DEFAULT_OUT = Path("workbooks") / "summary.png"
_MARGIN = 12  # pixels of white kept around each page's content
_GAP = 3  # pixels of grey between pages


def snapshot(
    out: str | os.PathLike[str] = DEFAULT_OUT, *, pages: int = 1, dpi: int = 125, lang: str = "en"
) -> Path:
    """Write the picture of the sample's summary: its first ``pages`` printed pages.

    Raises:
        NoLibreOffice: LibreOffice is not installed.
        OSError: ``pdftoppm`` is missing or fails.
    """
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise OSError("The snapshot needs pdftoppm: install poppler-utils (or poppler).")
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="xl-kpi-snapshot-") as folder:
        tmp = Path(folder)
        book = build_template(tmp / "sample.xlsx", "plain", sample=True, language=lang)
        pdf = export_pdf(book, tmp / "summary.pdf")
        command = [pdftoppm, "-r", str(dpi), "-f", "1", "-l", str(pages), str(pdf), str(tmp / "p")]
        subprocess.run(command, check=True, capture_output=True)
        images = [_trim(_read_ppm(path)) for path in sorted(tmp.glob("p*.ppm"))]
    width = max(image.shape[1] for image in images)
    parts = []
    for i, image in enumerate(images):
        if i:
            parts.append(np.full((_GAP, width, 3), 160, dtype=np.uint8))
        pad = np.full((image.shape[0], width - image.shape[1], 3), 255, dtype=np.uint8)
        parts.append(np.concatenate([image, pad], axis=1))
    out.parent.mkdir(parents=True, exist_ok=True)
    staged = out.with_name(f".{out.name}.tmp")
    staged.write_bytes(png_bytes(np.concatenate(parts, axis=0)))
    os.replace(staged, out)
    return out


def _read_ppm(path: Path) -> np.ndarray:
    """A binary (P6, 8-bit) PPM image as a height x width x 3 array."""
    data = path.read_bytes()
    fields: list[bytes] = []
    pos = 0
    while len(fields) < 4:  # magic, width, height, maximum; comments start with #
        while data[pos : pos + 1].isspace():
            pos += 1
        if data[pos : pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6" or fields[3] != b"255":
        raise OSError(f"{path.name} is not an 8-bit binary PPM image")
    width, height = int(fields[1]), int(fields[2])
    pixels = np.frombuffer(data, dtype=np.uint8, count=width * height * 3, offset=pos + 1)
    return pixels.reshape(height, width, 3)


def _trim(image: np.ndarray) -> np.ndarray:
    """The image cut to its non-white content with a small white margin, and every taller
    band of white rows (the empty end of a page above its footer) cut to the margin."""
    inked = (image < 245).any(axis=2)
    ink = np.argwhere(inked)
    if not len(ink):
        return image
    (top, left), (bottom, right) = ink.min(axis=0), ink.max(axis=0)
    top, left = max(top - _MARGIN, 0), max(left - _MARGIN, 0)
    image = image[top : bottom + _MARGIN + 1, left : right + _MARGIN + 1]
    blank = ~inked[top : bottom + _MARGIN + 1].any(axis=1)
    keep = np.ones(len(blank), dtype=bool)
    run = 0
    for i, empty in enumerate(blank):
        run = run + 1 if empty else 0
        keep[i] = run <= 2 * _MARGIN
    return image[keep]


def png_bytes(image: np.ndarray) -> bytes:
    """An RGB image (height x width x 3, ``uint8``) as PNG, each row filtered by the row
    above (PNG's "Up" filter), which compresses a page of tables and charts well."""
    height, width, _ = image.shape
    rows = image.reshape(height, width * 3).astype(np.int16)
    up = (rows - np.vstack([np.zeros((1, width * 3), np.int16), rows[:-1]])) % 256
    raw = np.hstack([np.full((height, 1), 2, np.uint8), up.astype(np.uint8)]).tobytes()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", header),
            chunk(b"IDAT", zlib.compress(raw, 9)),
            chunk(b"IEND", b""),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python tools/snapshot.py",
        description="Render the sample workbook's KPI Summary, as printed, to a PNG.",
    )
    parser.add_argument("out", nargs="?", default=str(DEFAULT_OUT), help="the PNG to write")
    parser.add_argument("--pages", type=int, default=1, help="printed pages to show (default 1)")
    parser.add_argument("--dpi", type=int, default=125, help="resolution (default 125)")
    parser.add_argument("--lang", choices=("en", "ru"), default="en")
    args = parser.parse_args(argv)
    logging.getLogger("fastexcel").setLevel(logging.ERROR)
    try:
        written = snapshot(args.out, pages=args.pages, dpi=args.dpi, lang=args.lang)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"xl-kpi snapshot: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {written} ({written.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
