"""Batch import of a folder of minutes: the edge where files, processes and outputs meet.

Stages, in order: lock the output folder → discover the files → read and hash each one once
(as a worker becomes free), look it up in the cache or hand its bytes to a worker → group the
copies of each meeting → merge them → people and organization registries → stage meetings/,
people.json, organizations.json, zapis.sqlite and report.json → publish them in one step
(zapis/archive/outdir.py).  Outputs are rebuilt from the cache on every run so they always
match the inputs; a run that fails before publishing leaves the previous outputs as they were.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from zapis.archive.build import build_outputs
from zapis.archive.cache import ResultCache, pipeline_version
from zapis.archive.corrections import CORRECTIONS, Action, Correction, load_corrections, record, save_corrections
from zapis.archive.export import PARTICIPANT_KINDS, TABLES, export_archive
from zapis.archive.mainguard import main_left_alone
from zapis.archive.outdir import MEETINGS, OutputFolder, check_folders
from zapis.archive.records import SEARCHABLE_DIR, DocRecord, FileResult, Outcome, Task, searchable_copy_path
from zapis.archive.registry import load_people
from zapis.archive.report import skipped_entry, summarize, summary_text
from zapis.archive.review import REVIEW_HTML, REVIEW_JSON, ReviewEntry, crops, queue_json, review_queue
from zapis.archive.review_html import to_html as review_page
from zapis.archive.search import Hit, Passage, hit_json, hit_text, search
from zapis.archive.walk import Candidate, discover
from zapis.errors import InputError, ZapisError
from zapis.output import dumps, file_name, terminal_safe, write_atomic
from zapis.readers import ExtractOptions, read_input
from zapis.schema import FileEntry, Report, load_meeting
from zapis.version import __version__

__all__ = [
    "CORRECTIONS",
    "PARTICIPANT_KINDS",
    "REVIEW_HTML",
    "REVIEW_JSON",
    "TABLES",
    "Hit",
    "IngestSettings",
    "Passage",
    "ReviewEntry",
    "correct",
    "export_archive",
    "hit_json",
    "hit_text",
    "ingest_directory",
    "load_people",
    "review",
    "review_queue",
    "search",
    "summary_text",
]


@dataclass(frozen=True)
class IngestSettings:
    options: ExtractOptions = field(default_factory=ExtractOptions)
    workers: int | None = None  # None: all cores
    cluster: str | None = None  # tcp://host:8786 for Dask
    force: bool = False
    timeout: float = 600.0
    follow_links: bool = False
    searchable_pdf: bool = False  # write OUTDIR/searchable/<path of each scan>.pdf with its OCR as a text layer


class _Progress:
    """A progress bar with files/s and ETA on a terminal; plain lines otherwise (a log, CI).

    ``mode``: "bar", "lines" or None (silent, for library use).
    """

    LINE_EVERY = 10.0  # seconds between plain progress lines

    def __init__(self, total: int, mode: str | None) -> None:
        self.total = total
        self.done = 0
        self.mode = mode if total else None
        self.bar: Any = None
        self.start = self.last_line = time.monotonic()
        if self.mode == "bar":
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("[bold]zapis ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} files/s"),
                TimeRemainingColumn(),
                TextColumn("{task.fields[name]}"),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("files", total=total, rate="-", name="")

    def advance(self, name: str, result: FileEntry) -> None:
        self.done += 1
        now = time.monotonic()
        rate = self.done / max(now - self.start, 1e-6)
        name = terminal_safe(name)  # a file name is the archive's, not ours: no escape sequences
        if self.mode == "bar":
            self.bar.update(self.task, advance=1, rate=f"{rate:.1f}", name=name[-40:])
        elif self.mode == "lines":
            if result.status == "error":
                print(terminal_safe(f"zapis ingest: error [{result.kind}] {name}: {result.reason}"), file=sys.stderr)
            if now - self.last_line >= self.LINE_EVERY or self.done == self.total:
                eta = (self.total - self.done) / rate if rate else 0.0
                print(
                    f"zapis ingest: {self.done}/{self.total} files, {rate:.1f} files/s, ETA {eta:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
                self.last_line = now

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _read_file(cand: Candidate, inside: Path | None) -> tuple[bytes, str] | FileResult:
    """The file's bytes and their SHA-256 (one read, one hash), or the error that stops it."""
    try:
        data = read_input(cand.path, follow_links=cand.link, inside=inside)
    except ZapisError as e:
        return FileResult.error(e.kind, e.reason)
    return data, hashlib.sha256(data).hexdigest()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _prune_copies(copies: Path, wanted: set[Path]) -> None:
    """Searchable copies of scans no longer in the input (or no longer read by OCR) are removed,
    like their meetings: the outputs match the inputs."""
    for path in copies.rglob("*.pdf") if copies.is_dir() else ():
        if path not in wanted:
            path.unlink(missing_ok=True)


def ingest_directory(
    directory: Path, outdir: Path, settings: IngestSettings | None = None, progress: str | None = None
) -> Report:
    """Import every file under ``directory`` into ``outdir``; returns the report (also written).

    Raises InputError (a folder that cannot be used, another run writing to ``outdir``) and
    OutputError (an output that cannot be written: the previous outputs stay as they were).
    """
    settings = settings or IngestSettings()
    directory = Path(directory)
    outdir = Path(outdir)
    if not directory.is_dir():
        raise InputError(f"{directory} is not a folder")
    check_folders(directory, outdir)
    with OutputFolder(outdir) as out:
        return _ingest(directory, out, settings, progress)


def _ingest(directory: Path, out: OutputFolder, settings: IngestSettings, progress: str | None) -> Report:
    started = time.monotonic()
    outdir = out.root
    cache = ResultCache(outdir, settings.options)
    corrections = load_corrections(outdir)  # a broken corrections.toml stops the run now, not halfway
    # every file read must lie inside the input folder when it is opened, unless links are followed
    inside = None if settings.follow_links else Path(os.path.realpath(directory))
    copies = outdir / SEARCHABLE_DIR
    if settings.searchable_pdf:
        settings = replace(settings, options=replace(settings.options, searchable_copies=(str(directory), str(copies))))

    def copy_missing(rel: str, result: FileResult) -> bool:
        # a scan read by an earlier run without --searchable-pdf is read again to write its copy
        return settings.searchable_pdf and result.method == "ocr" and not searchable_copy_path(copies, rel).exists()

    # 1. discover
    entries: dict[str, FileEntry] = {}
    records: dict[str, DocRecord] = {}  # the files read well: only a small record stays in memory
    readable: list[Candidate] = []

    def keep(outcome: Outcome) -> FileEntry:
        entries[outcome.entry.path] = outcome.entry
        for copy in outcome.records:  # each meeting of the file (none when it is no minutes)
            records[copy.key] = copy
        return outcome.entry

    for cand in discover(directory, exclude=outdir, follow_links=settings.follow_links):
        if cand.skip:
            entries[cand.rel] = skipped_entry(cand.rel, cand.skip)
        elif cand.error:
            keep(Outcome.error(cand.rel, *cand.error))
        else:
            readable.append(cand)
    # Largest files first: a long scan started last would leave the other workers idle at the end.
    readable.sort(key=lambda cand: -_size(cand.path))

    # 2. read each file once, as a worker becomes free: hashed, looked up in the cache, and
    # what the cache does not have handed to the worker with its bytes and hash (never read
    # again); only the files being worked on are held in memory
    bar = _Progress(len(readable), progress)
    extracted = 0

    def on_result(rel: str, outcome: Outcome) -> None:
        cache.put(outcome)  # at once: a run killed after this line keeps this file's work
        bar.advance(rel, keep(outcome))

    def tasks() -> Iterator[Task]:
        nonlocal extracted
        while readable:
            cand = readable.pop()
            read = _read_file(cand, inside)
            if isinstance(read, FileResult):
                bar.advance(cand.rel, keep(Outcome.of(cand.rel, read)))
                continue
            data, sha = read
            cached = None if settings.force else cache.get(sha)
            if cached is not None and not copy_missing(cand.rel, cached):
                bar.advance(cand.rel, keep(Outcome.of(cand.rel, cached, cached=True)))
                continue
            extracted += 1
            del read
            yield Task(cand.rel, str(cand.path), cand.link, data, sha)  # the runner drops the bytes once sent
            del data

    files_to_read = len(readable)
    readable.reverse()  # popped from the end: the largest first
    try:
        pending = tasks()
        first = next(pending, None)  # no worker is started when the cache has every file
        if first is not None:
            stream = itertools.chain([first], pending)
            if settings.cluster:
                from zapis.archive.runner import run_dask

                run_dask(settings.cluster, stream, settings.options, settings.timeout, on_result, inside)
            else:
                from zapis.archive.runner import run_local

                workers = settings.workers or os.cpu_count() or 1
                # fewer files than workers: the spare cores OCR pages of the same file
                options = replace(settings.options, ocr_workers=max(1, workers // files_to_read))
                with main_left_alone(options):  # a script without a __main__ guard, or read from stdin
                    run_local(
                        stream, options, min(workers, files_to_read), settings.timeout, on_result, inside, out.tmp
                    )
    finally:
        bar.close()

    # 3–6. group, merge, registries, outputs: staged, then published in one step
    publication = out.publication()
    built = build_outputs(publication, entries, records, cache, corrections)
    files = [entries[k] for k in sorted(entries)]
    report = Report(
        zapis_version=__version__,
        pipeline_version=pipeline_version(),
        input=str(directory),
        output=str(outdir),
        summary=summarize(files, records, built.meetings, time.monotonic() - started, extracted),
        files=files,
        corrections=built.corrections,
    )
    publication.write("report.json", dumps(report))
    publication.commit()
    if settings.searchable_pdf:
        _prune_copies(copies, {searchable_copy_path(copies, r.rel) for r in records.values() if r.method == "ocr"})
    return report


def correct(
    outdir: Path,
    meeting_id: str,
    path: str,
    value: object = None,
    action: Action = "correct",
    by: str | None = None,
    why: str | None = None,
) -> Report | None:
    """Record a correction (or a check) in ``OUTDIR/corrections.toml`` and rebuild the outputs
    with it.  Returns the new report, or None when the outputs could not be rebuilt from the
    cache (another zapis version wrote it): then the next ``zapis ingest`` applies it.

    Raises InputError: not an archive, no such meeting, a path or a value that does not fit."""
    outdir = Path(outdir)
    with OutputFolder(outdir) as out:
        report_path = outdir / "report.json"
        try:
            report = Report.model_validate_json(report_path.read_bytes())
        except (OSError, ValueError):
            raise InputError(f"{outdir} is not an archive of zapis ingest (no readable report.json)") from None
        meeting_path = outdir / MEETINGS / file_name(meeting_id)
        try:
            meeting = load_meeting(meeting_path.read_bytes())
        except OSError:
            raise InputError(f"no meeting {meeting_id!r} in {outdir / MEETINGS}") from None
        if meeting.meeting_id != meeting_id:
            raise InputError(f"no meeting {meeting_id!r} in {outdir / MEETINGS}")
        corrections = record(load_corrections(outdir), meeting, path, action, value, by, why)
        save_corrections(outdir, corrections)  # kept first: a rebuild that fails loses nothing
        return _rebuild(out, report, corrections)


def _rebuild(out: OutputFolder, report: Report, corrections: list[Correction]) -> Report | None:
    """The outputs built again from the cache of the last run, with ``corrections``."""
    entries = {f.path: f.model_copy() for f in report.files}
    ok = [f for f in report.files if f.status == "ok" and f.sha256]
    cache = ResultCache.holding(out.root, [f.sha256 for f in ok if f.sha256])
    if cache is None:
        return None
    records: dict[str, DocRecord] = {}
    for f in ok:
        result = cache.get(f.sha256 or "")
        if result is None:
            return None
        for part in range(len(result.meetings)):  # each meeting of the file, as the ingest keeps them
            record = DocRecord.of(f.path, result, part)
            records[record.key] = record
    publication = out.publication()
    built = build_outputs(publication, entries, records, cache, corrections)
    report = report.model_copy(
        update={"files": [entries[k] for k in sorted(entries)], "corrections": built.corrections}
    )
    publication.write("report.json", dumps(report))
    publication.commit()
    return report


CROPS = 300  # page crops rendered into review.html (the first entries that have a box)


def review(
    outdir: Path,
    body: str | None = None,
    year: int | None = None,
    field: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[ReviewEntry]:
    """Write ``OUTDIR/review.json`` and ``OUTDIR/review.html``: the values to check, most urgent first."""
    outdir = Path(outdir)
    with OutputFolder(outdir):
        entries = review_queue(outdir, body, year, field, progress)
        filters = {"body": body, "year": year, "field": field}
        try:
            report = Report.model_validate_json((outdir / "report.json").read_bytes())
            input_dir: Path | None = Path(report.input)
        except (OSError, ValueError):
            input_dir = None
        write_atomic(outdir / REVIEW_JSON, queue_json(entries, filters))
        page = review_page(entries, crops(entries, input_dir, CROPS), str(outdir), filters)
        write_atomic(outdir / REVIEW_HTML, page.encode("utf-8"))
    return entries
