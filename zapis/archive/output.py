"""Writing outputs so that a crash never leaves a half-written file, and nothing lands outside OUTDIR."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from zapis.errors import InputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # what open() would give: mkstemp makes files private (0600)


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def dumps(obj: Any) -> bytes:
    """Deterministic JSON: sorted keys, UTF-8, two-space indent, newline at the end."""
    return (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


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
