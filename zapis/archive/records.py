"""The batch's own records: what a worker returns (and the cache keeps) for one file, and the
small part of it that stays in memory during a run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from zapis.archive.dedup import CopyFields, Fingerprint
from zapis.schema import Meeting


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
    fingerprint: str | None = None  # MinHash values, hex (see Fingerprint)
    shingles: int = 0
    seconds: float | None = None

    @classmethod
    def error(cls, kind: str, reason: str, sha256: str | None = None) -> FileResult:
        return cls(status="error", kind=kind, reason=reason, sha256=sha256)

    @property
    def ok(self) -> bool:
        return self.status == "ok" and self.meeting is not None and self.sha256 is not None


@dataclass
class DocRecord:
    """What a run keeps in memory of a file read well: enough to group the copies of a meeting.

    The meeting itself stays in the cache and is read back one group at a time.
    """

    rel: str
    sha256: str
    meeting_id: str
    date: str | None
    fingerprint: Fingerprint
    pages_by_method: dict[str, int] = field(default_factory=dict)
    ocr_confidence: float | None = None
    method: str | None = None
    fields: CopyFields = field(default_factory=CopyFields)  # what tells two meetings apart

    @classmethod
    def of(cls, rel: str, result: FileResult) -> DocRecord:
        assert result.meeting is not None and result.sha256 is not None
        meeting = result.meeting
        fingerprint = (
            Fingerprint(bytes.fromhex(result.fingerprint), result.shingles)
            if result.fingerprint
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
        )


SEARCHABLE_DIR = "searchable"  # OUTDIR/searchable/: the searchable copies of the scans


def searchable_copy_path(copies: Path, rel: str) -> Path:
    """Where the searchable copy of the input ``rel`` goes: its path within the input, as a PDF
    ("scans/a.pdf" → copies/scans/a.pdf, "scans/a.png" → copies/scans/a.png.pdf)."""
    parts = [p for p in Path(rel).parts if p not in ("", ".", "..")]
    name = parts[-1] if parts[-1].lower().endswith(".pdf") else parts[-1] + ".pdf"
    return copies.joinpath(*parts[:-1], name)
