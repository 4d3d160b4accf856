"""Writing outputs: deterministic JSON bytes, written so that a crash never leaves a half-written
file, nothing lands outside the output folder and nothing but a regular file is ever replaced;
file names made from ids; text made safe for a terminal.  The single-file path and the archive
both write through here."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

import pydantic_core
from pydantic import BaseModel

from zapis.errors import InputError, OutputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # what open() would give: mkstemp makes files private (0600)


# What a temporary file of ours is called: ``.<start of the name>.<random>.tmp`` (SQLite adds
# ``-journal`` to the catalog's).  A run that was killed leaves them; the next one removes them.
TEMP_SUFFIXES = (".tmp", ".tmp-journal")
# The longest file name most file systems allow (ext4, XFS, Btrfs, tmpfs: 255 bytes).
MAX_NAME_BYTES = 255

_HINTS = {
    errno.ENOSPC: "the disk is full: free some space and run again",
    errno.EDQUOT: "the disk quota is used up: free some space and run again",
    errno.EFBIG: "the file is larger than this system allows",
    errno.EROFS: "the file system is read-only: choose another output",
    errno.EACCES: "no permission to write there: check its permissions or choose another output",
    errno.EPERM: "no permission to write there: check its permissions or choose another output",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ENAMETOOLONG: "the file name is too long",
}


def output_error(path: Path | str, e: OSError) -> OutputError:
    """The one line a user gets for an output that could not be written."""
    what = e.strerror or type(e).__name__
    hint = _HINTS.get(e.errno or 0)
    return OutputError(f"cannot write {path}: {what}" + (f" ({hint})" if hint else ""))


def check_target(path: Path) -> None:
    """Refuse to replace anything but a regular file: a symbolic link, a device, a pipe or a folder
    at ``path`` stays as it is (renaming over it would replace the link, not write its target)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as e:
        raise output_error(path, e) from e
    if stat.S_ISREG(st.st_mode):
        return
    if stat.S_ISLNK(st.st_mode):
        what = "a symbolic link"
    elif stat.S_ISDIR(st.st_mode):
        what = "a folder"
    elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
        what = "a device"
    else:
        what = "not a regular file (a pipe or socket)"
    raise OutputError(f"will not write {path}: it is {what}; zapis replaces only regular files, give another path")


def write_atomic(path: Path, data: bytes, shown: Path | None = None, durable: bool = True) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename over ``path``.

    ``durable=False`` skips the flush to disk (``fsync``): for files that are checked when read
    and can be made again (the cache), where a power cut may cost the file but never leaves
    half of it under its name unnoticed.

    ``path`` must be missing or a regular file (:func:`check_target`).  Any failure (disk full,
    read-only folder) is an :class:`OutputError` naming ``shown`` (default ``path``: a file
    staged elsewhere is named where it is going) and leaves the old file whole.
    """
    check_target(path)
    shown = shown or path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # the start of the name only: the temporary name must fit where the final one does
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:48]}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise output_error(shown, e) from e
    try:
        os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise output_error(shown, e) from e
        raise


def file_name(stem: str, suffix: str = ".json") -> str:
    """A file name for ``stem`` (a meeting id): ASCII letters, digits, ``.``, ``-`` and ``_`` only,
    no leading dot, at most :data:`MAX_NAME_BYTES` bytes.  A stem that had to be changed or
    shortened ends in a hash of the whole stem, so two long ids never share a file."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "-", stem).lstrip(".")
    if safe == stem and len(stem) + len(suffix) <= MAX_NAME_BYTES:
        return stem + suffix
    digest = hashlib.sha256(stem.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    room = MAX_NAME_BYTES - len(suffix) - len(digest) - 1
    return f"{safe[:room].rstrip('-')}-{digest}{suffix}" if safe[:room] else f"{digest}{suffix}"


# C0 and C1 control characters (escape sequences start with ESC or CSI) and the Unicode controls
# that reorder what a terminal shows (bidirectional overrides and isolates).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_BUT_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str, keep_lines: bool = False) -> str:
    """Text from a document or a file name, fit to print on a terminal: every control character
    becomes one space, so positions in the text stay valid (``keep_lines`` keeps tabs and newlines)."""
    return (_CONTROL_BUT_LINES if keep_lines else _CONTROL).sub(" ", text)


def dumps(obj: Any) -> bytes:
    """Deterministic JSON: sorted keys, UTF-8, two-space indent, newline at the end.

    A Pydantic model is written as its JSON data (``model_dump(mode="json")``).
    """
    if isinstance(obj, BaseModel):
        obj = obj.model_dump(mode="json")
    elif isinstance(obj, list) and obj and isinstance(obj[0], BaseModel):
        obj = [item.model_dump(mode="json") for item in obj]
    return _fast_dumps(obj) or _slow_dumps(obj)


def _slow_dumps(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _unlike_numbers(compact: str) -> bool:
    """Does compact JSON hold a number pydantic-core would write otherwise than json: NaN, an
    infinity, or a float json writes with an exponent (always signed: "1e-05", "1e+16", where
    pydantic-core writes "0.00001")?  For other floats both write the same digits.  A string that
    looks so ("2e-mail") only costs the slow path; the scan is a few substring searches in C."""
    if "NaN" in compact or "Infinity" in compact:
        return True
    for exponent in ("e-", "e+"):
        at = compact.find(exponent)
        while at >= 0:
            if at and compact[at - 1].isdigit():
                return True
            at = compact.find(exponent, at + 2)
    return False


def _fast_dumps(obj: Any) -> bytes | None:
    """The bytes of :func:`_slow_dumps`, written by C and Rust code: json's C encoder sorts the
    keys (compact), json's C decoder reads that back into dicts in sorted order and pydantic-core
    indents it.  The pure-Python indenting encoder is what made JSON a tenth of the pipeline's
    time.  None when the object holds anything the two might write differently (then the slow
    path writes it, or raises what it raises)."""
    try:
        compact = json.dumps(obj, ensure_ascii=False, sort_keys=True, check_circular=False, separators=(",", ":"))
        if _unlike_numbers(compact):
            return None
        return pydantic_core.to_json(json.loads(compact), indent=2) + b"\n"
    except (TypeError, ValueError, RecursionError, pydantic_core.PydanticSerializationError):
        return None


def model_json(model: BaseModel) -> str:
    """The JSON text of a model (a meeting): the same bytes ``zapis ingest`` writes for it."""
    return dumps(model).decode("utf-8")


def write_json(path: Path, obj: Any) -> None:
    write_atomic(path, dumps(obj))


def safe_child(root: Path, name: str) -> Path:
    """``root / name`` for a file name we made ourselves, refusing anything that escapes ``root``."""
    if not name or "/" in name or "\\" in name or name in (".", "..") or "\x00" in name:
        raise InputError(f"unsafe output name {name!r}")
    path = root / name
    if path.resolve().parent != root.resolve():
        raise InputError(f"output name {name!r} would leave the output folder")
    return path


# The one small style of the HTML pages zapis writes (the diff and the review queue): each page
# adds only its own rules.  No fonts or anything else are loaded from elsewhere.
PAGE_CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,"DejaVu Sans",sans-serif;margin:1.5rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.3rem;margin:0 0 .5rem} h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
.warning{border:2px solid #9a6700;background:#fff8c5;padding:.5rem .75rem;font-weight:bold;margin:0 0 1rem}
table.fields{border-collapse:collapse;width:100%;table-layout:fixed}
.fields td,.fields th{border:1px solid #bbb;padding:.3rem .5rem;vertical-align:top;text-align:left}
.fields td{overflow-wrap:anywhere}
.fields th{background:#f3f3f3}
mark{background:#ffe08a;padding:0 1px;border-radius:2px}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9em}
.legend,.muted{font-size:.9em;color:#333}
@media print{
  body{margin:0;font-size:10pt} *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  tr{break-inside:avoid} a{color:inherit;text-decoration:none}
}
"""
