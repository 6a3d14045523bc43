"""Inflate one member of a zip in chunks, in bounded time and memory, and check it whole.

:func:`inflate` never produces more than the member's declared size or a cap, checks its
CRC and that its compressed data really ends where the member does.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from ..problems import Problem, keyed
from ._zipcopy import seek_data

try:  # ISA-L inflates the same deflate streams two to three times as fast as zlib
    from isal import isal_zlib as _zlib
except ImportError:  # not built for every platform (nor for Pyodide): zlib, slower
    _zlib = zlib  # type: ignore[misc]

#: What a corrupt stream raises, from either inflater.
_CORRUPT = (zlib.error, _zlib.error)

_RAW_CHUNK = 1 << 20  # compressed bytes read at a time
_OUT_CHUNK = 2 << 20  # inflated bytes produced at a time


class Damaged(Problem, ValueError):
    """The part cannot be read as stored; the message says why, for a user."""


class Refused(Problem, ValueError):
    """The part is readable but must not be handed to a reader; the message says why."""


def inflate(src: BinaryIO, info: zipfile.ZipInfo, cap: int) -> Iterator[bytes]:
    """The inflated content of member ``info`` of the zip open as ``src``, in chunks.

    Never produces more than the member's declared size, which must be at most ``cap``;
    checks the CRC and that the compressed data ends where the member does.

    Raises:
        Refused: the declared size is above ``cap``, or the member uses a compression
            Excel never writes.
        Damaged: the data is cut short, corrupt, longer than declared or fails its CRC.
    """
    name = info.filename
    _admit(info, cap)
    _seek_data(src, info)
    deflated = info.compress_type == zipfile.ZIP_DEFLATED
    produced, crc = 0, 0
    try:
        for out in _deflated(src, info) if deflated else _compressed(src, info):
            produced += len(out)
            if produced > info.file_size:
                raise keyed(Damaged, "error.part.larger", part=name)
            crc = _zlib.crc32(out, crc)
            if out:
                yield out
    except _CORRUPT as exc:
        raise keyed(Damaged, "error.part.corrupt_data", part=name) from exc
    if produced != info.file_size or crc != info.CRC:
        raise keyed(Damaged, "error.part.checksum", part=name)


def _admit(info: zipfile.ZipInfo, cap: int) -> None:
    """Refuse a member that declares more than ``cap`` bytes or an unusual compression."""
    if info.file_size > cap:
        raise keyed(
            Refused,
            "error.part.too_big",
            part=info.filename,
            size=f"{info.file_size:,}",
            limit=f"{cap:,}",
        )
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise keyed(Refused, "error.part.method", part=info.filename)


def _seek_data(src: BinaryIO, info: zipfile.ZipInfo) -> None:
    """Move ``src`` past the member's local header, to its first compressed byte."""
    if not seek_data(src, info):
        raise keyed(Damaged, "error.part.absent", part=info.filename)


def _compressed(src: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's stored bytes as read, never past its declared compressed size."""
    for raw, _ in _reads(src, info):
        yield raw


def _reads(src: BinaryIO, info: zipfile.ZipInfo) -> Iterator[tuple[bytes, int]]:
    """Each read of the member's stored bytes, with how many are still to be read."""
    left = info.compress_size
    while left:
        raw = src.read(min(_RAW_CHUNK, left))
        if not raw:
            raise keyed(Damaged, "error.part.cut_download", part=info.filename)
        left -= len(raw)
        yield raw, left


def _deflated(src: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's deflated data inflated, at most ``_OUT_CHUNK`` bytes at a time.

    Raises:
        Damaged: data follows the end of the stream, or the stream stops before its end.
        zlib.error: the compressed data is corrupt (or ISA-L's error of the same).
    """
    inflater = _zlib.decompressobj(-15)
    for raw, left in _reads(src, info):
        while raw:
            out = inflater.decompress(raw, _OUT_CHUNK)
            raw = inflater.unconsumed_tail
            if inflater.eof and (raw or inflater.unused_data or left):
                raise keyed(Damaged, "error.part.after_end", part=info.filename)
            yield out
    if inflater.flush() or not inflater.eof:
        raise keyed(Damaged, "error.part.cut", part=info.filename)
