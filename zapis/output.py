"""Writing JSON outputs: deterministic bytes, written so that a crash never leaves a half-written
file, and nothing lands outside the output folder.  The single-file path and the archive both
write through here."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel

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
    """Deterministic JSON: sorted keys, UTF-8, two-space indent, newline at the end.

    A Pydantic model is written as its JSON data (``model_dump(mode="json")``).
    """
    if isinstance(obj, BaseModel):
        obj = obj.model_dump(mode="json")
    elif isinstance(obj, list) and obj and isinstance(obj[0], BaseModel):
        obj = [item.model_dump(mode="json") for item in obj]
    return (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


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
