"""Results of earlier runs, keyed by file content and pipeline version, kept under OUTDIR/.cache.

A second run over the same folder extracts nothing again; a run killed midway keeps every
result it had written; a changed file has a new hash and is redone; a new zapis (any change
to its code or word lists) has a new pipeline version and redoes everything.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from zapis import __version__
from zapis.archive.output import write_atomic
from zapis.ingest import ExtractOptions

# Errors that depend only on the bytes and the pipeline: worth remembering.  A timeout or an
# unreadable file may go away on the next run.
_CACHEABLE_ERRORS = {"corrupt", "empty", "unsupported", "encrypted", "too_large"}


@cache
def pipeline_version() -> str:
    """zapis's version plus a hash of its code and data files, so any change invalidates the cache."""
    h = hashlib.sha256()
    root = resources.files("zapis")
    for sub in ("", "ingest", "normalize", "parse", "schema", "data", "archive"):
        folder = root.joinpath(sub) if sub else root
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith((".py", ".toml")) and entry.is_file():
                h.update(entry.name.encode())
                h.update(entry.read_bytes())
    return f"{__version__}+{h.hexdigest()[:12]}"


def options_key(options: ExtractOptions) -> str:
    text = json.dumps(
        {k: v for k, v in sorted(vars(options).items()) if k not in ("ocr_timeout", "ocr_workers")},
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:10]


class ResultCache:
    def __init__(self, outdir: Path, options: ExtractOptions) -> None:
        self.root = outdir / ".cache" / pipeline_version() / options_key(options)

    def _path(self, sha: str) -> Path:
        return self.root / sha[:2] / f"{sha}.json"

    def get(self, sha: str) -> dict[str, Any] | None:
        try:
            data = json.loads(self._path(sha).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def put(self, result: dict[str, Any]) -> None:
        sha = result.get("sha256")
        if not sha or (result["status"] == "error" and result.get("kind") not in _CACHEABLE_ERRORS):
            return
        write_atomic(self._path(sha), json.dumps(result, ensure_ascii=False).encode("utf-8"))
