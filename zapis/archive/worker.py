"""The unit of batch work: one input file → a picklable, JSON-able result.

It runs in a worker process (local pool) or on a Dask worker (from bytes the client sends),
so it takes plain data and returns plain data.
"""

from __future__ import annotations

import hashlib
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

from zapis.errors import ZapisError
from zapis.ingest import ExtractOptions, extract_bytes, read_input


def _ok_result(sha: str, doc: Any, meeting: Any, seconds: float) -> dict[str, Any]:
    from zapis.normalize.dedup import Fingerprint
    from zapis.pipeline import source_of

    source = source_of(doc)
    return {
        "status": "ok",
        "sha256": sha,
        "format": source.format,
        "method": source.method,
        "pages": source.pages,
        "pages_by_method": dict(Counter(p.method for p in doc.pages)),
        "ocr_confidence": source.ocr_confidence,
        "meeting": meeting.model_dump(mode="json"),
        "fingerprint": Fingerprint.of(meeting.text).to_json(),
        "seconds": round(seconds, 3),
    }


def error_result(kind: str, reason: str, sha: str | None = None) -> dict[str, Any]:
    return {"status": "error", "kind": kind, "reason": reason, "sha256": sha}


def process_bytes(data: bytes, name: str, options: ExtractOptions) -> dict[str, Any]:
    """Extract, normalize and parse one file's bytes.  Never raises: errors become results."""
    from zapis.pipeline import meeting_from_document

    sha = hashlib.sha256(data).hexdigest()
    start = time.perf_counter()
    try:
        doc = extract_bytes(data, name, options)
        meeting = meeting_from_document(doc)
    except ZapisError as e:
        return error_result(e.kind, e.reason, sha)
    except MemoryError:
        return error_result("too_large", "ran out of memory reading this file", sha)
    except Exception as e:  # a bug in zapis or a library: report it, never stop the batch
        where = traceback.extract_tb(e.__traceback__)[-1]
        reason = f"internal error {type(e).__name__}: {e} (at {where.name}:{where.lineno}); please report it"
        return error_result("internal", " ".join(reason.split())[:300], sha)
    return _ok_result(sha, doc, meeting, time.perf_counter() - start)


def process_path(path: str, options: ExtractOptions) -> dict[str, Any]:
    try:
        data = read_input(Path(path))
    except ZapisError as e:
        return error_result(e.kind, e.reason)
    return process_bytes(data, path, options)
