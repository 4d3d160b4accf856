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
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from zapis.archive.build import build_outputs
from zapis.archive.cache import ResultCache, pipeline_version
from zapis.archive.outdir import OutputFolder, check_folders
from zapis.archive.records import DocRecord, FileResult, Task
from zapis.archive.registry import load_people
from zapis.archive.report import file_entry, skipped_entry, summarize, summary_text
from zapis.archive.search import Hit, hit_json, hit_text, search
from zapis.archive.walk import Candidate, discover
from zapis.errors import InputError, ZapisError
from zapis.output import dumps, terminal_safe
from zapis.readers import ExtractOptions, read_input
from zapis.schema import FileEntry, Report
from zapis.version import __version__

__all__ = [
    "Hit",
    "IngestSettings",
    "hit_json",
    "hit_text",
    "ingest_directory",
    "load_people",
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

    def advance(self, name: str, result: FileResult) -> None:
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
    # every file read must lie inside the input folder when it is opened, unless links are followed
    inside = None if settings.follow_links else Path(os.path.realpath(directory))

    # 1. discover
    entries: dict[str, FileEntry] = {}
    records: dict[str, DocRecord] = {}  # the files read well: only a small record stays in memory
    readable: list[Candidate] = []

    def keep(rel: str, result: FileResult, cached: bool = False) -> None:
        entries[rel] = file_entry(rel, result, cached=cached)
        if result.ok:  # each meeting of the file (none when it is no minutes)
            for part in range(len(result.meetings)):
                record = DocRecord.of(rel, result, part)
                records[record.key] = record

    for cand in discover(directory, exclude=outdir, follow_links=settings.follow_links):
        if cand.skip:
            entries[cand.rel] = skipped_entry(cand.rel, cand.skip)
        elif cand.error:
            keep(cand.rel, FileResult.error(*cand.error))
        else:
            readable.append(cand)
    # Largest files first: a long scan started last would leave the other workers idle at the end.
    readable.sort(key=lambda cand: -_size(cand.path))

    # 2. read each file once, as a worker becomes free: hashed, looked up in the cache, and
    # what the cache does not have handed to the worker with its bytes and hash (never read
    # again); only the files being worked on are held in memory
    bar = _Progress(len(readable), progress)
    extracted = 0

    def on_result(rel: str, result: FileResult) -> None:
        cache.put(result)  # at once: a run killed after this line keeps this file's work
        keep(rel, result)
        bar.advance(rel, result)

    def tasks() -> Iterator[Task]:
        nonlocal extracted
        while readable:
            cand = readable.pop()
            read = _read_file(cand, inside)
            if isinstance(read, FileResult):
                keep(cand.rel, read)
                bar.advance(cand.rel, read)
                continue
            data, sha = read
            cached = None if settings.force else cache.get(sha)
            if cached is not None:
                keep(cand.rel, cached, cached=True)
                bar.advance(cand.rel, cached)
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
                run_local(stream, options, min(workers, files_to_read), settings.timeout, on_result, inside, out.tmp)
    finally:
        bar.close()

    # 3–6. group, merge, registries, outputs: staged, then published in one step
    publication = out.publication()
    meetings = build_outputs(publication, entries, records, cache)
    files = [entries[k] for k in sorted(entries)]
    report = Report(
        zapis_version=__version__,
        pipeline_version=pipeline_version(),
        input=str(directory),
        output=str(outdir),
        summary=summarize(files, records, meetings, time.monotonic() - started, extracted),
        files=files,
    )
    publication.write("report.json", dumps(report))
    publication.commit()
    return report
