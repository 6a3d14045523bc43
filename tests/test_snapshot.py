"""The README's picture of the summary: the command that renders it, and the file."""

from __future__ import annotations

import re
import shutil
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest

from tools.snapshot import DEFAULT_OUT, _read_ppm, _trim, main, png_bytes

ROOT = Path(__file__).resolve().parent.parent


def decode_png(data: bytes) -> np.ndarray:
    """An 8-bit RGB PNG whose rows use PNG's filters 0 (none) or 2 (up), as an array."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) == crc
        chunks.setdefault(kind, b"")
        chunks[kind] += body
        pos += 12 + length
    width, height, depth, color = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, color) == (8, 2)
    raw = zlib.decompress(chunks[b"IDAT"])
    rows, previous = [], bytes(width * 3)
    for y in range(height):
        line = raw[y * (width * 3 + 1) : (y + 1) * (width * 3 + 1)]
        kind, body = line[0], line[1:]
        assert kind in (0, 2)
        current = bytes((b + p) % 256 for b, p in zip(body, previous)) if kind == 2 else body
        rows.append(current)
        previous = current
    return np.frombuffer(b"".join(rows), dtype=np.uint8).reshape(height, width, 3)


def test_png_bytes_round_trips() -> None:
    rng = np.random.default_rng(3)
    image = rng.integers(0, 256, size=(7, 5, 3), dtype=np.uint8)
    assert np.array_equal(decode_png(png_bytes(image)), image)


def test_a_ppm_is_read_and_its_margins_trimmed(tmp_path: Path) -> None:
    page = np.full((120, 80, 3), 255, dtype=np.uint8)
    page[10:20, 30:40] = 0  # a block of ink
    page[110:112, 30:40] = 0  # a footer far below it
    path = tmp_path / "p.ppm"
    path.write_bytes(b"P6\n# a comment\n80 120\n255\n" + page.tobytes())
    assert np.array_equal(_read_ppm(path), page)
    trimmed = _trim(page)
    assert trimmed.shape[1] == 10 + 2 * 12  # the ink and a margin either side
    assert trimmed.shape[0] < 112 - 10 + 2 * 12  # the white between them is cut to a band


def test_the_committed_picture_is_a_small_png_the_readme_shows() -> None:
    picture = ROOT / DEFAULT_OUT
    data = picture.read_bytes()
    assert len(data) < 300_000
    width, height = struct.unpack(">II", data[16:24])
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and width > 1000 and height > 600
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"!\[[^\]]+\]\({DEFAULT_OUT.as_posix()}\)", readme)
    assert "python tools/snapshot.py" in readme


def test_the_command_renders_the_samples_printed_summary(tmp_path: Path, libreoffice) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    out = tmp_path / "summary.png"
    assert main([str(out), "--pages", "1", "--dpi", "40"]) == 0
    image = decode_png(out.read_bytes())
    ink = (image < 128).all(axis=2)
    assert image.shape[1] > 300 and ink.any()  # a page of dark text and lines
    blues = (image[..., 2] > image[..., 0] + 40).any()  # the sparklines and headings
    assert blues
