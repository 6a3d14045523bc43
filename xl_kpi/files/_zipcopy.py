"""Zip members: copy one as its raw compressed bytes, or write new content."""

from __future__ import annotations

import struct
import zipfile
from typing import BinaryIO

from ..problems import keyed
from ._errors import SpliceError

_NEW_MEMBER_DATE = (1980, 1, 1, 0, 0, 0)  # what Excel stamps on every member
_CHUNK = 1 << 20


def _strip_zip64(extra: bytes) -> bytes:
    """``extra`` without its zip64 field; zipfile writes a fresh one when needed."""
    out, pos = b"", 0
    while pos + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, pos)
        if kind != 1:
            out += extra[pos : pos + 4 + size]
        pos += 4 + size
    return out


def seek_data(src: BinaryIO, info: zipfile.ZipInfo) -> bool:
    """Move ``src`` past member ``info``'s local header, to its first stored byte; False
    when no local header is where the zip directory says."""
    src.seek(info.header_offset)
    head = src.read(30)
    if len(head) != 30 or head[:4] != b"PK\x03\x04":
        return False
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    src.seek(info.header_offset + 30 + name_len + extra_len)
    return True


def copy_raw(src: BinaryIO, info: zipfile.ZipInfo, zout: zipfile.ZipFile) -> None:
    """Append member ``info`` of the archive open as ``src`` to ``zout`` without inflating it.

    zipfile has no public API to copy a member's compressed bytes, and inflating
    and deflating again would change the bytes, cost seconds on a large sheet and
    could not reproduce members written by other zip libraries. So the local header
    is written with ``ZipInfo.FileHeader`` (which adds a zip64 field for members over
    4 GiB), the stored bytes are streamed in chunks, and the entry is registered the
    way ``ZipFile.writestr`` does it, so ``close()`` writes the central directory.
    """
    if not seek_data(src, info):
        raise keyed(SpliceError, "error.zip.bad_entry", part=info.filename)
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    for attr in (
        "compress_type", "comment", "create_system", "create_version", "extract_version",
        "flag_bits", "volume", "internal_attr", "external_attr", "CRC", "compress_size",
        "file_size",
    ):  # fmt: skip
        setattr(copy, attr, getattr(info, attr))
    copy.extra = _strip_zip64(info.extra)
    copy.flag_bits &= ~0x08  # sizes and CRC go into the local header: no data descriptor
    fp = zout.fp
    assert fp is not None
    copy.header_offset = fp.tell()
    fp.write(copy.FileHeader())
    left = info.compress_size
    while left:
        chunk = src.read(min(_CHUNK, left))
        if not chunk:
            raise keyed(SpliceError, "error.zip.truncated_entry", part=info.filename)
        fp.write(chunk)
        left -= len(chunk)
    zout.start_dir = fp.tell()
    zout.filelist.append(copy)
    zout.NameToInfo[copy.filename] = copy


def write_member(
    zout: zipfile.ZipFile, name: str, data: bytes, like: zipfile.ZipInfo | None
) -> None:
    """Write new content, keeping the metadata of the member it replaces, if any."""
    info = zipfile.ZipInfo(name, like.date_time if like else _NEW_MEMBER_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = like.external_attr if like else 0o600 << 16
    zout.writestr(info, data)
