"""The diff as JSON: one versioned shape for every difference, with a published JSON Schema.

``DIFF_SCHEMA_VERSION`` follows semver like the meeting JSON's: a new optional key bumps the
minor version, a removed or retyped one the major version.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zapis.compare.diff import DiffResult
from zapis.compare.sides import Side

DIFF_SCHEMA_NAME = "zapis.diff"
DIFF_SCHEMA_VERSION = "1.0.0"
_SEMVER = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$"

KindName = Literal["edit", "ocr", "layout"]
Span = tuple[int, int]
_SPAN = (
    "Character offsets [start, end) into that copy's `text` "
    "(end = start: the place where the other copy's words would stand)."
)


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_serialization_defaults_required=True, json_schema_mode_override="serialization"
    )


class CopySide(_Model):
    path: str = Field(description="The file or meeting JSON as given.")
    meeting_id: str
    date: dt.date | None
    body: str | None
    format: str = Field(description="pdf, docx, txt, md, image.")
    method: str = Field(description="How its text was read: text-layer, ocr, docx, text.")
    pages: int
    ocr_confidence: float | None = Field(description="Mean OCR word confidence 0–100; null without OCR.")
    text: str = Field(description="The copy's normalized text: the spans point into it.")


class CopiesVerdict(_Model):
    likely: bool = Field(description="False: the files do not look like copies of one meeting (exit code 3).")
    similarity: float = Field(ge=0, le=1, description="Share of the words the two texts have in common.")
    reasons: list[str] = Field(description="Why not: other date, other body, few words in common.")


class Counts(_Model):
    edit: int
    ocr: int
    layout: int


class FieldDiff(_Model):
    """One differing value of a meeting field; every field difference has this shape."""

    field: str = Field(description="The meeting JSON key: date, location, attendees, agenda, …")
    a: str | None = Field(description="The value in A (a person's name, an agenda item, …); null when A has none.")
    b: str | None = Field(description="The value in B; null when B has none.")
    kind: KindName = Field(description="edit, ocr or layout: the kind of the text differences under the values.")
    reason: str = Field(description="What made it that kind, e.g. 'words', 'diacritics', 'running header'.")
    change: Literal["changed", "added", "removed", "renamed"] = Field(
        description="added: in B only; removed: in A only; renamed: one person written differently."
    )
    a_span: Span | None = Field(
        description=_SPAN + " Where the value's words stand in A (for a value only B has, where B's words stand in A "
        "if they do); null when they are nowhere in A."
    )
    b_span: Span | None = Field(description="The same in B.")
    a_person_id: str | None = Field(
        description="The person's id in the archive's people.json, when A is a meeting JSON of an archive."
    )
    b_person_id: str | None = Field(description="The same for B.")


class TextDiff(_Model):
    """One place where the words of the two texts differ."""

    a: str = Field(description="A's text at a_span ('' where B has words A has not).")
    b: str = Field(description="B's text at b_span.")
    kind: KindName
    reason: str = Field(
        description="edit: 'words'; ocr: 'diacritics', 'l/1/I', 'rn/m', 'O/0', 'letter case', "
        "'stray punctuation', 'low OCR confidence'; layout: 'running header', 'page number', 'hyphenation', 'spacing'."
    )
    a_span: Span = Field(description=_SPAN)
    b_span: Span = Field(description=_SPAN)


class DiffReport(_Model):
    schema_version: str = Field(DIFF_SCHEMA_VERSION, pattern=_SEMVER)
    a: CopySide
    b: CopySide
    copies: CopiesVerdict
    same: bool = Field(description="No edits (OCR noise and layout differences are not counted).")
    counts: Counts = Field(description="Differences of each kind, fields and text together.")
    fields: list[FieldDiff] = Field(description="Edits first, then OCR and layout differences.")
    text: list[TextDiff] = Field(description="In the order of the texts.")


def _side(side: Side) -> CopySide:
    m = side.meeting
    source = m.sources[0] if m.sources else None
    return CopySide(
        path=side.path,
        meeting_id=m.meeting_id,
        date=m.date,
        body=m.body,
        format=source.format if source else "",
        method=source.method if source else "",
        pages=source.pages if source else 0,
        ocr_confidence=source.ocr_confidence if source else None,
        text=m.text,
    )


def _rank(kind: str) -> int:
    return ("edit", "ocr", "layout").index(kind)


def diff_report(result: DiffResult) -> DiffReport:
    fields = sorted(result.fields, key=lambda d: _rank(d.kind))  # stable: fields keep their order within a kind
    return DiffReport(
        a=_side(result.a),
        b=_side(result.b),
        copies=CopiesVerdict(
            likely=result.copies.likely, similarity=result.copies.similarity, reasons=list(result.copies.reasons)
        ),
        same=result.same(),
        counts=Counts(**result.counts()),
        fields=[
            FieldDiff(
                field=d.field,
                a=d.a,
                b=d.b,
                kind=d.kind,
                reason=d.reason,
                change=d.change,
                a_span=d.a_span,
                b_span=d.b_span,
                a_person_id=d.a_person_id,
                b_person_id=d.b_person_id,
            )
            for d in fields
        ],
        text=[
            TextDiff(a=d.a, b=d.b, kind=d.kind, reason=d.reason, a_span=d.a_span, b_span=d.b_span) for d in result.text
        ],
    )


def to_json(result: DiffResult) -> str:
    """The diff JSON: UTF-8 as written (no ``\\u`` escapes), keys in the order of the schema."""
    return json.dumps(diff_report(result).model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def diff_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``zapis diff --format json``."""
    schema = DiffReport.model_json_schema(mode="serialization")
    schema["title"] = f"{DIFF_SCHEMA_NAME} {DIFF_SCHEMA_VERSION}"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
