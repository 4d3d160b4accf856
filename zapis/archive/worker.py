"""The unit of batch work: one input file → a :class:`FileResult`, and the
:class:`~zapis.archive.records.Outcome` the batch keeps of it.

It runs in a worker process (local pool) or on a Dask worker (from bytes the client sends),
so it takes plain data and returns a picklable record; it never raises.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
import traceback
from collections import Counter
from pathlib import Path

from zapis.archive.dedup import Fingerprint
from zapis.archive.records import FileResult, Outcome, searchable_copy_path
from zapis.document import ExtractedDocument
from zapis.errors import ZapisError
from zapis.output import write_atomic
from zapis.pipeline import read_documents, source_of
from zapis.readers import ExtractOptions, extract_bytes, read_fd, reader_for, searchable_pdf

# Short minutes that take every common path of the pipeline once (labels, dates, people, agenda).
_WARM_UP = (
    "Zápis z jednání komise sociální\n19. září 2022, 13:00 hod, radnice\n"
    "Program:\n1. Zahájení\n2. Různé\n"
    "Přítomni: Mgr. Jana Nováková, Petr Svoboda (FOKUS Liberec)\nOmluveni: Ing. Karel Dvořák\n"
    "Paní Horáková informovala o novém plánu. Usnesení č. 1/2022: komise schvaluje program.\n"
    "Příští jednání 14. 11. 2022 ve 13:30, místnost č. 209.\nZapsal: Petr Svoboda\n"
).encode()


def write_searchable_copy(
    data: bytes, name: str, doc: ExtractedDocument, options: ExtractOptions, where: tuple[str, str]
) -> str | None:
    """Write the file's searchable copy; a warning when it could not be written (never raises)."""
    root, copies = where
    try:
        rel = os.path.relpath(os.path.abspath(name), os.path.abspath(root))
        copy = searchable_pdf(data, doc, options)
        if copy is not None:
            write_atomic(searchable_copy_path(Path(copies), rel), copy)
    except (OSError, ZapisError, RuntimeError, ValueError) as e:
        return f"the searchable copy could not be written: {e}"
    return None


def process_bytes(data: bytes, name: str, options: ExtractOptions, sha256: str | None = None) -> FileResult:
    """Extract, normalize and parse one file's bytes.  Never raises: errors become results.

    ``sha256``: the hash of ``data`` when the caller computed it as it read the file (the batch
    reads and hashes every file once, in the parent process)."""
    sha = sha256 or hashlib.sha256(data).hexdigest()
    start = time.perf_counter()
    try:
        doc = extract_bytes(data, name, options, sha)
        readings = read_documents(doc)
    except ZapisError as e:
        return FileResult.error(e.kind, e.reason, sha)
    except MemoryError:
        return FileResult.error("too_large", "ran out of memory reading this file", sha)
    except Exception as e:  # a bug in zapis or a library: report it, never stop the batch
        where = traceback.extract_tb(e.__traceback__)[-1]
        reason = f"internal error {type(e).__name__}: {e} (at {where.name}:{where.lineno}); please report it"
        return FileResult.error("internal", " ".join(reason.split())[:300], sha)
    source = source_of(doc)
    meeting = readings[0].meeting
    if options.searchable_copies is not None and doc.method == "ocr":
        problem = write_searchable_copy(data, name, doc, options, options.searchable_copies)
        if problem:
            meeting.warnings.append(problem)
    fingerprint = Fingerprint.of(meeting.text)
    return FileResult(
        status="ok",
        sha256=sha,
        format=source.format,
        method=source.method,
        pages=source.pages,
        pages_by_method=dict(Counter(p.method for p in doc.pages)),
        ocr_confidence=source.ocr_confidence,
        meeting=meeting,
        more=[r.meeting for r in readings[1:]],
        minutes=readings[0].minutes,
        fingerprint=fingerprint.minhash.hex(),
        shingles=fingerprint.shingles,
        seconds=round(time.perf_counter() - start, 3),
    )


def process_file(data: bytes, name: str, key: str, options: ExtractOptions, sha256: str | None = None) -> Outcome:
    """:func:`process_bytes`, and what the batch keeps of it, reported under ``key``."""
    return Outcome.of(key, process_bytes(data, name, options, sha256))


def process_fd(fd: int, name: str, key: str, options: ExtractOptions) -> Outcome:
    """The file already opened (and checked) by the caller; ``name`` is its path."""
    try:
        data = read_fd(fd)
    except ZapisError as e:
        return Outcome.error(key, e.kind, e.reason)
    return process_file(data, name, key, options)


def warm_up() -> None:
    """Import every reader and its libraries and run the pipeline once on short minutes, so that
    a worker's first file pays for none of it (word lists, regular expressions, MinHash).  Done
    in the process workers are forked from; a failure here only makes the first file slower."""
    with contextlib.suppress(Exception):  # never stop a run over its warm-up
        for fmt in ("pdf", "image", "docx", "txt"):
            reader_for(fmt)
        # what the readers import only when a file needs it
        import charset_normalizer  # noqa: F401
        import docx  # noqa: F401
        import numpy  # noqa: F401
        import pdfplumber  # noqa: F401

        process_bytes(_WARM_UP, "warm-up.txt", ExtractOptions())
