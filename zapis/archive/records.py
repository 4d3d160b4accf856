"""The batch's own records: a file to process, what a worker returns (and the cache keeps) for
it, and the small part of that which stays in memory during a run."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from zapis.archive.dedup import NUM_PERM, CopyFields, Fingerprint
from zapis.archive.registry import CopyNames
from zapis.schema import FileEntry, Meeting


@dataclass(frozen=True)
class Task:
    """A file for a worker.

    ``data`` and ``sha256``: the file's bytes and their hash when they were read already (to look
    the file up in the cache): the worker is given them and neither reads nor hashes the file
    again.  Without them the runner opens the file when a worker is free.
    """

    key: str  # what the result is reported under (the path relative to the input folder)
    path: str
    follow_links: bool = True  # False: it was no link when listed, so a link there now is refused
    data: bytes | None = field(default=None, repr=False, compare=False)
    sha256: str | None = None


_FINGERPRINT = f"^[0-9a-f]{{{NUM_PERM * 8}}}$"  # NUM_PERM uint32 values in hex


class FileResult(BaseModel):
    """One input file processed: its meeting, or the error that stopped it."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["ok", "error"]
    sha256: str | None = None
    kind: str | None = None  # errors: "corrupt", "timeout", …
    reason: str | None = None
    format: str | None = None
    method: str | None = None
    pages: int | None = None
    pages_by_method: dict[str, int] = {}
    ocr_confidence: float | None = None
    meeting: Meeting | None = None
    more: list[Meeting] = []  # the further meetings of a file that keeps the minutes of several
    minutes: bool = True  # False: the file does not read as minutes (kept out of the archive's meetings)
    # MinHash values, hex (see Fingerprint); checked by pydantic-core, as a cache entry is read back
    fingerprint: Annotated[str, StringConstraints(pattern=_FINGERPRINT)] | None = None
    shingles: int = 0
    seconds: float | None = None

    # A cache entry is read back through this model: an entry of the wrong shape (written by a
    # bug, damaged on disk, edited) fails here and its file is simply done again.
    @model_validator(mode="after")
    def _complete(self) -> FileResult:
        if self.status == "ok" and (self.meeting is None or self.sha256 is None):
            raise ValueError("a result that is ok has its meeting and its sha256")
        if self.status == "error" and not (self.kind and self.reason):
            raise ValueError("an error has its kind and its reason")
        return self

    @classmethod
    def error(cls, kind: str, reason: str, sha256: str | None = None) -> FileResult:
        return cls(status="error", kind=kind or "internal", reason=reason or "no reason given", sha256=sha256)

    @property
    def ok(self) -> bool:
        return self.status == "ok" and self.meeting is not None and self.sha256 is not None

    @property
    def meetings(self) -> list[Meeting]:
        """Every meeting the file holds (none when it is no minutes)."""
        return [self.meeting, *self.more] if self.meeting is not None and self.minutes else []


@dataclass
class DocRecord:
    """What a run keeps in memory of a file read well: enough to group the copies of a meeting.

    The meeting itself stays in the cache and is read back one group at a time.
    """

    rel: str  # the file (relative to the input folder)
    sha256: str
    meeting_id: str
    date: str | None
    fingerprint: Fingerprint
    pages_by_method: dict[str, int] = field(default_factory=dict)
    ocr_confidence: float | None = None
    method: str | None = None
    fields: CopyFields = field(default_factory=CopyFields)  # what tells two meetings apart
    part: int = 0  # which meeting of the file (0: its first; a file may keep the minutes of several)
    names: CopyNames | None = None  # its people and organizations, for the registries

    @classmethod
    def of(cls, rel: str, result: FileResult, part: int = 0) -> DocRecord:
        assert result.meeting is not None and result.sha256 is not None
        meeting = result.meetings[part]
        fingerprint = (
            Fingerprint(bytes.fromhex(result.fingerprint), result.shingles)
            if result.fingerprint and part == 0
            else Fingerprint.of(meeting.text)
        )
        return cls(
            rel=rel,
            sha256=result.sha256,
            meeting_id=meeting.meeting_id,
            date=meeting.date.isoformat() if meeting.date else None,
            fingerprint=fingerprint,
            pages_by_method=dict(result.pages_by_method),
            ocr_confidence=result.ocr_confidence,
            method=result.method,
            fields=CopyFields.of(
                meeting.start_time,
                meeting.end_time,
                meeting.location,
                meeting.body,
                meeting.recorded_by.name if meeting.recorded_by else None,
                (p.name for p in meeting.attendees),
                meeting.agenda,
            ),
            part=part,
            names=CopyNames.of(meeting),
        )

    def interned(self, rel: str, sha256: str) -> DocRecord:
        """The record with one string for each name and folded value however many records hold it,
        and ``rel`` and ``sha256`` (the same values, the strings of the file's entry)."""
        names = self.names.interned() if self.names is not None else None
        pages = {sys.intern(method): n for method, n in self.pages_by_method.items()}
        method = sys.intern(self.method) if self.method is not None else None
        return replace(
            self,
            rel=rel,
            sha256=sha256,
            fields=self.fields.interned(),
            names=names,
            pages_by_method=pages,
            method=method,
        )

    @property
    def key(self) -> str:
        """The record's key among a run's records: the file, and which of its meetings."""
        return self.rel if self.part == 0 else f"{self.rel}\0{self.part}"


NOT_MINUTES = "does not read as meeting minutes (no meeting words, attendees or agenda): left out of the meetings"


def file_entry(rel: str, result: FileResult, cached: bool = False) -> FileEntry:
    if result.status == "error":
        return FileEntry(
            path=rel,
            status="error",
            kind=result.kind,
            reason=result.reason,
            sha256=result.sha256,
        )
    assert result.meeting is not None
    return FileEntry(
        path=rel,
        status="ok" if result.minutes else "not-minutes",
        reason=None if result.minutes else NOT_MINUTES,
        sha256=result.sha256,
        format=result.format,
        method=result.method,
        pages=result.pages,
        ocr_confidence=result.ocr_confidence,
        meeting_id=None,  # filled in when the copies are grouped
        warnings=list(result.meeting.warnings),
        cached=cached,
    )


@dataclass(frozen=True)
class Outcome:
    """What a run keeps of one file processed, made where the file was read (a worker): its
    entry of the report, a record of each of its meetings, and the result as the cache stores
    it.  The meetings themselves never travel to the parent process, which only writes the
    cache entry as it came and keeps the small records."""

    entry: FileEntry
    records: tuple[DocRecord, ...]
    result_json: bytes | None = field(default=None, repr=False)  # None: it came from the cache

    @classmethod
    def of(cls, key: str, result: FileResult, cached: bool = False) -> Outcome:
        records = tuple(DocRecord.of(key, result, part) for part in range(len(result.meetings))) if result.ok else ()
        data = None if cached else result.model_dump_json().encode("utf-8")
        return cls(file_entry(key, result, cached=cached), records, data)

    @classmethod
    def error(cls, key: str, kind: str, reason: str, sha256: str | None = None) -> Outcome:
        return cls.of(key, FileResult.error(kind, reason, sha256))

    # Sent from a worker as the entry's JSON and the records; rebuilt here with one string for
    # each field name, name and folded value shared by every record (unpickled, each record
    # would have its own copies: a run keeps a record of every file of the archive).
    def __reduce__(self) -> tuple[Any, ...]:
        return _arrived, (self.entry.model_dump_json(), self.records, self.result_json)


def _arrived(entry: str, records: tuple[DocRecord, ...], result_json: bytes | None) -> Outcome:
    made = FileEntry.model_validate_json(entry)
    return Outcome(made, tuple(r.interned(made.path, made.sha256 or r.sha256) for r in records), result_json)


SEARCHABLE_DIR = "searchable"  # OUTDIR/searchable/: the searchable copies of the scans


def searchable_copy_path(copies: Path, rel: str) -> Path:
    """Where the searchable copy of the input ``rel`` goes: its path within the input, as a PDF
    ("scans/a.pdf" → copies/scans/a.pdf, "scans/a.png" → copies/scans/a.png.pdf)."""
    parts = [p for p in Path(rel).parts if p not in ("", ".", "..")]
    name = parts[-1] if parts[-1].lower().endswith(".pdf") else parts[-1] + ".pdf"
    return copies.joinpath(*parts[:-1], name)
