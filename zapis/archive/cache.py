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

from pydantic import ValidationError

from zapis.archive.records import FileResult, Outcome
from zapis.lang import dictionary_version
from zapis.output import write_atomic
from zapis.readers import ExtractOptions
from zapis.version import __version__

# Errors that depend only on the bytes and the pipeline: worth remembering.  A timeout or an
# unreadable file may go away on the next run.
_CACHEABLE_ERRORS = {"corrupt", "empty", "unsupported", "encrypted", "too_large"}


@cache
def pipeline_version() -> str:
    """zapis's version plus a hash of its code and data files and of the Czech dictionary it reads
    names with, so any change invalidates the cache."""
    h = hashlib.sha256(dictionary_version().encode())
    root = resources.files("zapis")
    for sub in ("", "lang", "readers", "readers/ocr", "normalize", "parse", "schema", "data", "archive"):
        folder = root.joinpath(sub) if sub else root
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith((".py", ".toml")) and entry.is_file():
                h.update(f"{sub}/{entry.name}".encode())
                h.update(entry.read_bytes())
    return f"{__version__}+{h.hexdigest()[:12]}"


# Options that change how long reading takes, not what is read.
_NOT_IN_KEY = ("ocr_timeout", "ocr_workers", "ocr_engine", "ocr_progress", "searchable_copies")


def options_key(options: ExtractOptions) -> str:
    values = {k: v for k, v in sorted(vars(options).items()) if k not in _NOT_IN_KEY}
    values["ocr_engine"] = getattr(options.ocr_engine, "name", None)
    text = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:10]


class ResultCache:
    def __init__(self, outdir: Path, options: ExtractOptions) -> None:
        self.root = outdir / ".cache" / pipeline_version() / options_key(options)

    @classmethod
    def holding(cls, outdir: Path, shas: list[str]) -> ResultCache | None:
        """The cache of this zapis in ``outdir`` (of whichever options) that has every one of ``shas``."""
        base = outdir / ".cache" / pipeline_version()
        try:
            folders = sorted(p for p in base.iterdir() if p.is_dir())
        except OSError:
            return None
        for folder in folders:
            cache = cls.__new__(cls)
            cache.root = folder
            if all(cache._path(sha).is_file() for sha in shas):
                return cache
        return None

    def _path(self, sha: str) -> Path:
        return self.root / sha[:2] / f"{sha}.json"

    def get(self, sha: str) -> FileResult | None:
        """The stored result, or None when there is none or it is not a whole result of this file
        (damaged, of the wrong shape, or an error not worth keeping): then the file is redone."""
        try:
            data = self._path(sha).read_bytes()
        except OSError:
            return None
        try:
            result = FileResult.model_validate_json(data)  # the model checks the shape
        except (ValidationError, ValueError):
            return None
        if result.sha256 != sha or (result.status == "error" and result.kind not in _CACHEABLE_ERRORS):
            return None
        return result

    def put(self, outcome: Outcome) -> None:
        """Keep a worker's result as it came (no result from the cache, no error that may go away)."""
        entry, data = outcome.entry, outcome.result_json
        if data is None or not entry.sha256 or (entry.status == "error" and entry.kind not in _CACHEABLE_ERRORS):
            return
        # no fsync: an entry a power cut damaged fails validation when read, and its file is redone
        write_atomic(self._path(entry.sha256), data, durable=False)
