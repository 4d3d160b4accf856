"""The Python API: one function per command, with the command's name (``zapis.extract`` is
``zapis extract``).  The command line is a thin wrapper over these.

Every function raises only the error types of :mod:`zapis.errors` for what a user can fix
(a missing file, a wrong folder, a query without words), each with a one-line ``reason``.
The heavy parts (PDF readers, the process pool, pydantic models) are imported when a function
is first called, so ``import zapis`` stays cheap.
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from zapis.errors import InputError

if TYPE_CHECKING:
    from zapis.archive import Hit
    from zapis.compare import DiffResult
    from zapis.readers import ExtractOptions, PdfEngine
    from zapis.schema import Meeting, PersonRecord, Report

__all__ = ["ExportFormat", "diff", "export", "extract", "ingest", "load_meeting", "people", "search"]

PathLike = str | os.PathLike[str]
ExportFormat = Literal["jsonl", "csv", "popolo"]


def _options(
    engine: PdfEngine,
    password: str | None,
    max_pages: int,
    force_ocr: bool,
    ocr_workers: int = 1,
    ocr_progress: Callable[[int, int], None] | None = None,
    max_bytes: int | None = None,
) -> ExtractOptions:
    from zapis.readers import ExtractOptions

    if engine not in ("pymupdf", "pdfplumber"):
        raise InputError(f"no PDF engine {engine!r}: pymupdf or pdfplumber")
    if max_pages < 1:
        raise InputError(f"max_pages must be at least 1, not {max_pages}")
    if max_bytes is not None and max_bytes < 1:
        raise InputError(f"max_bytes must be at least 1, not {max_bytes}")
    return ExtractOptions(
        engine=engine,
        password=password,
        max_pages=max_pages,
        force_ocr=force_ocr,
        ocr_workers=ocr_workers,
        ocr_progress=ocr_progress,
        max_bytes=ExtractOptions.max_bytes if max_bytes is None else max_bytes,
    )


def extract(
    path: PathLike,
    *,
    engine: PdfEngine = "pymupdf",
    password: str | None = None,
    max_pages: int = 2000,
    max_bytes: int | None = None,
    force_ocr: bool = False,
    ocr_workers: int | None = None,
    searchable_pdf: PathLike | None = None,
) -> Meeting | list[Meeting]:
    """One minutes file (PDF, scan, DOCX, TXT, MD, HTML, image) → its meeting, validated.

    A file that keeps the minutes of several meetings gives a list, one meeting each.  Scanned
    pages are read by OCR on ``ocr_workers`` cores at once (default: all); text files larger than
    ``max_bytes`` (default 5 MB) and documents longer than ``max_pages`` are refused.
    ``searchable_pdf``: also write the scan there as a searchable PDF (its OCR as an invisible
    text layer); a file with no page read by OCR gets a :class:`NoScanWarning` and no copy.
    """
    from zapis.pipeline import extract_meetings, meetings_from_document

    workers = ocr_workers or os.cpu_count() or 1
    options = _options(engine, password, max_pages, force_ocr, workers, max_bytes=max_bytes)
    if searchable_pdf is None:
        meetings = extract_meetings(Path(path), options)
    else:  # the bytes and the reading are needed again for the copy
        from zapis.output import check_target, write_atomic
        from zapis.readers import extract_bytes, read_input
        from zapis.readers import searchable_pdf as make_searchable

        check_target(Path(searchable_pdf))
        data = read_input(Path(path))
        doc = extract_bytes(data, str(path), options)
        meetings = meetings_from_document(doc)
        copy = make_searchable(data, doc, options)
        if copy is None:
            warnings.warn(f"{path}: no page was read by OCR; no searchable PDF written", NoScanWarning, stacklevel=2)
        else:
            write_atomic(Path(searchable_pdf), copy)
    return meetings[0] if len(meetings) == 1 else meetings


class NoScanWarning(UserWarning):
    """A searchable copy was asked for a file without scanned pages."""


def ingest(
    folder: PathLike,
    out: PathLike,
    *,
    workers: int | None = None,
    cluster: str | None = None,
    force: bool = False,
    timeout: float = 600.0,
    follow_links: bool = False,
    engine: PdfEngine = "pymupdf",
    password: str | None = None,
    max_pages: int = 2000,
    max_bytes: int | None = None,
    force_ocr: bool = False,
    progress: Literal["bar", "lines"] | None = None,
    searchable_pdf: bool = False,
) -> Report:
    """Every file under ``folder`` → an archive in ``out`` (meetings/, report.json, people.json,
    organizations.json, zapis.sqlite); returns the report, as written to report.json.

    One bad file never stops the run: it is in the report with ``status`` "error" and a reason.
    ``workers``: parallel processes (default: all cores); ``cluster``: the address of a Dask
    scheduler to run on instead; ``force``: ignore the cache of earlier runs; ``timeout``:
    seconds allowed per file; ``progress``: a progress bar or lines on stderr (default: silent);
    ``searchable_pdf``: also write every scan as a searchable PDF under ``out/searchable/``.
    """
    from zapis.archive import IngestSettings, ingest_directory
    from zapis.lang import morphology

    if workers is not None and workers < 1:
        raise InputError(f"workers must be at least 1, not {workers}")
    if timeout <= 0:
        raise InputError(f"timeout must be a positive number of seconds, not {timeout}")
    if searchable_pdf and cluster:
        raise InputError("searchable PDFs cannot be written on a cluster (its workers do not share the output folder)")
    options = _options(engine, password, max_pages, force_ocr, max_bytes=max_bytes)
    morphology()  # the Czech dictionary, loaded (or missing: one warning) before the workers start
    settings = IngestSettings(
        options=options,
        workers=workers,
        cluster=cluster,
        force=force,
        timeout=timeout,
        follow_links=follow_links,
        searchable_pdf=searchable_pdf,
    )
    return ingest_directory(Path(folder), Path(out), settings, progress=progress)


def diff(
    a: PathLike,
    b: PathLike,
    *,
    engine: PdfEngine = "pymupdf",
    password: str | None = None,
    ocr_progress: Callable[[str, int, int], None] | None = None,
) -> DiffResult:
    """Compare two copies of minutes (files of any format, or meeting JSONs).

    The result's ``fields`` and ``text`` differences each have a ``kind`` (edit, ocr, layout);
    ``same()`` says whether there is no edit, ``copies.likely`` whether the two are copies of one
    meeting at all.  ``ocr_progress(side, done, pages)`` is told ("A" or "B") when a side needs OCR.
    """
    from zapis.compare import diff_sides, load_side

    workers = os.cpu_count() or 1
    sides = []
    for label, path in (("A", a), ("B", b)):
        told = None if ocr_progress is None else _told(ocr_progress, label)
        sides.append(load_side(Path(path), _options(engine, password, 2000, False, workers, told)))
    return diff_sides(*sides)


def _told(progress: Callable[[str, int, int], None], label: str) -> Callable[[int, int], None]:
    return lambda done, pages: progress(label, done, pages)


def search(
    out: PathLike,
    query: str,
    *,
    limit: int = 20,
    body: str | None = None,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    person: str | None = None,
) -> list[Hit]:
    """The meetings of the archive in ``out`` whose text matches ``query``, best first, each with
    its matching passages (see ``zapis search``): a word finds its Czech forms, "quoted" words only
    as written, ``OR`` and ``-word`` as in FTS5; ``body``, ``since``/``until`` (ISO dates) and
    ``person`` (who attended) narrow the meetings."""
    from zapis.archive import search as search_archive

    return search_archive(Path(out), query, limit, body=body, since=since, until=until, person=person)


def people(out: PathLike, name: str | None = None) -> list[PersonRecord]:
    """The person registry of the archive in ``out`` (its people.json); with ``name``, only the
    records that have it (case and diacritics aside) in their name or one of their spellings."""
    from zapis.archive import load_people
    from zapis.lang import fold

    records = load_people(Path(out))
    if name is None:
        return records
    key = fold(name)
    return [r for r in records if key in fold(r.name) or any(key in fold(v) for v in r.variants)]


def load_meeting(path: PathLike) -> Meeting:
    """A meeting JSON written by zapis (this version or an older one of the same major schema)."""
    from pydantic import ValidationError

    from zapis.schema import load_meeting as load

    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from None
    try:
        return load(data)
    except ValueError as e:  # broken JSON, or pydantic's ValidationError (a ValueError)
        if isinstance(e, ValidationError):
            raise InputError(f"{path} is not a valid zapis meeting JSON ({_first_error(e)})") from None
        raise InputError(f"{path} is not JSON ({e})") from None


def _first_error(e: object) -> str:
    errors = e.errors()  # type: ignore[attr-defined]
    first = errors[0]
    where = ".".join(str(p) for p in first["loc"]) or "top level"
    return f"{where}: {first['msg']}"


def export(out: PathLike, format: ExportFormat = "jsonl", dest: PathLike | None = None) -> list[Path]:
    """The archive in ``out`` as tables for other tools; returns the files written.

    ``jsonl`` and ``csv``: meetings, participants, decisions and people, one file each;
    ``popolo``: people, organizations, memberships and vote events in the Popolo data model.
    Written to ``dest`` (default: ``out/export``).
    """
    from zapis.archive import export_archive

    if format not in ("jsonl", "csv", "popolo"):
        raise InputError(f"no export format {format!r}: jsonl, csv or popolo")
    target = Path(dest) if dest is not None else Path(out) / "export"
    return export_archive(Path(out), target, format)
