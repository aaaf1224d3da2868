"""Opening a zip someone sent (a quiz bundle, or an .xlsx, which is one): bombs and
path tricks are refused before a byte is inflated, and reads stop at the caps."""
from __future__ import annotations

import io
import stat
import zipfile

from . import BadImport

MAX_ENTRIES = 500
MAX_TOTAL = 60 * 1024 * 1024       # uncompressed bytes in the whole archive
MAX_ENTRY = 20 * 1024 * 1024       # uncompressed bytes in one member
MAX_RATIO = 100                    # uncompressed / compressed, past the first megabyte
RATIO_FREE = 1024 * 1024


def _bad_name(name: str) -> str | None:
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "is an absolute path"
    if "\\" in name or any(part in ("..", "") for part in name.rstrip("/").split("/")):
        return "leaves the archive's folder (.., \\ or an empty part)"
    return None


def open_zip(data: bytes, what: str) -> zipfile.ZipFile:
    """The archive, once its directory passed every check; BadImport otherwise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise BadImport([f"the file is not a readable {what}"]) from None
    if len(infos) > MAX_ENTRIES:
        raise BadImport([f"the {what} holds {len(infos)} files; at most {MAX_ENTRIES}"])
    errors, total = [], 0
    for info in infos:
        problem = _bad_name(info.filename)
        mode = info.external_attr >> 16
        if problem:
            errors.append(f"{info.filename!r}: {problem}")
        elif stat.S_ISLNK(mode):
            errors.append(f"{info.filename!r}: is a symbolic link")
        elif info.flag_bits & 0x1:
            errors.append(f"{info.filename!r}: is encrypted")
        total += info.file_size
        if info.file_size > MAX_ENTRY or (info.file_size > RATIO_FREE and
                                          info.file_size > MAX_RATIO * max(1, info.compress_size)):
            errors.append(f"{info.filename!r}: inflates to {info.file_size // 1024} kB "
                          f"from {info.compress_size // 1024} kB (a zip bomb?)")
    if total > MAX_TOTAL:
        errors.append(f"the {what} inflates to {total // (1024 * 1024)} MB; at most "
                      f"{MAX_TOTAL // (1024 * 1024)} MB")
    if errors:
        raise BadImport(errors)
    return archive


def read_member(archive: zipfile.ZipFile, name: str, limit: int = MAX_ENTRY) -> bytes:
    """A member's bytes, never more than ``limit``: the directory's sizes may lie."""
    try:
        with archive.open(name) as member:
            data = member.read(limit + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise BadImport([f"{name!r}: cannot be read ({exc})"]) from None
    if len(data) > limit:
        raise BadImport([f"{name!r}: larger than {limit // (1024 * 1024)} MB"])
    return data
