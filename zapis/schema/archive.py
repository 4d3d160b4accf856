"""The contract of an ingested archive's other files: report.json, people.json, organizations.json."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

REPORT_SCHEMA_NAME = "zapis.report"
REPORT_SCHEMA_VERSION = "1.2.0"

FileStatus = Literal["ok", "error", "skipped", "not-minutes"]
ErrorKind = Literal[
    "empty", "corrupt", "encrypted", "unsupported", "too_large", "unreadable", "timeout", "ocr", "internal", "input"
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


class CopyEvidence(_Model):
    """Why a file went into the same meeting as another file: what their contents share."""

    file: str = Field(description="The other file (relative to the input folder).")
    rule: Literal["same-text", "same-fields"] = Field(
        description="same-text: near-identical text; same-fields: the same date and fields a small edit distance apart."
    )
    similarity: float = Field(description="Estimated Jaccard similarity of the two normalized texts, 0–1.")
    shared_fields: list[str] = Field(description="Fields both files give that agree (within a small edit distance).")
    differing_fields: list[str] = Field(description="Fields both files give that disagree.")


class ApartEvidence(_Model):
    """Another meeting that would have had the same meeting_id, and why it is another meeting."""

    meeting_id: str
    file: str = Field(description="A file of that meeting.")
    similarity: float = Field(description="Estimated Jaccard similarity of the two normalized texts, 0–1.")
    differing_fields: list[str]


class FileEntry(_Model):
    """One input file of the run and what became of it."""

    path: str = Field(description="Relative to the input folder.")
    status: FileStatus
    kind: ErrorKind | None = Field(None, description="Why it failed (errors only).")
    reason: str | None = Field(None, description="One line a person can act on (errors and skipped files).")
    sha256: str | None = None
    format: str | None = None
    method: str | None = None
    pages: int | None = None
    ocr_confidence: float | None = None
    meeting_id: str | None = Field(None, description="The meeting this file went into.")
    other_meetings: list[str] = Field(
        [], description="The further meetings of a file that keeps the minutes of several, in order."
    )
    warnings: list[str] = []
    cached: bool = Field(False, description="The result was taken from an earlier run.")
    copy_of: CopyEvidence | None = Field(
        None, description="For a file merged with other files into one meeting: the file it is a copy of, and why."
    )
    kept_apart: list[ApartEvidence] = Field(
        [], description="Meetings with the same date and body that are other meetings (their ids get a suffix)."
    )


class Summary(_Model):
    files_seen: int
    ok: int
    errors: int
    skipped: int
    not_minutes: int = Field(0, description="Files read that are not minutes (left out of meetings and search).")
    meetings: int
    duplicates_merged: int
    errors_by_kind: dict[str, int]
    pages_by_method: dict[str, int]
    mean_ocr_confidence: float | None
    extracted: int = Field(description="Files read in this run.")
    from_cache: int = Field(description="Files whose result came from an earlier run.")
    seconds: float


class Report(_Model):
    """report.json: every input file with its status, and a summary of the run."""

    schema_version: str = Field(REPORT_SCHEMA_VERSION, pattern=r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
    zapis_version: str
    pipeline_version: str
    input: str
    output: str
    summary: Summary
    files: list[FileEntry]


class NameLink(_Model):
    """Why two spellings are one person, or why they were kept apart."""

    name: str
    other: str
    tier: Literal["exact", "declension", "typo", "surname", "initial"] = Field(
        description="How the names fit: typo is a long surname one or two letters apart (same first name)."
    )
    scope: Literal["names", "meeting", "body", "series", "archive"] = Field(
        description="names: two full names; for a surname alone or with an initial, where exactly one person fit."
    )
    joined: bool
    meeting_id: str | None = Field(None, description="The meeting of the short name, or of the list both names are in.")
    reason: str = Field(description="One line, with the dictionary entry or the rule that makes one form the other.")


class PersonRecord(_Model):
    """One person of the archive (people.json): every spelling merged into it, and why."""

    person_id: str
    name: str
    variants: list[str]
    meetings: list[str]
    explain: list[str]
    links: list[NameLink] = Field([], description="Every join and every refusal, with its evidence.")


class OrganizationRecord(_Model):
    """One organization of the archive (organizations.json)."""

    org_id: str
    name: str
    aliases: list[str]
    abbreviations: list[str]
    known: bool = Field(description="Listed in the organization list (organizations.toml).")
    meetings: list[str]
