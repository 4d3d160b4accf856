"""The meeting JSON contract, as Pydantic v2 models.

``SCHEMA_VERSION`` follows semver: a new optional field bumps the minor version, a removed
or retyped field the major one.  Readers accept any document of the same major version.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_NAME = "zapis.meeting"
SCHEMA_VERSION = "1.3.0"

TimeStr = str  # "HH:MM", validated by pattern below
_TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"


# What the JSON Schema says of a document as written: every key is always there (a field
# with a default is still written), so every key is required.
_CONFIG = ConfigDict(
    extra="forbid", json_schema_serialization_defaults_required=True, json_schema_mode_override="serialization"
)
SEMVER = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$"


class _Model(BaseModel):
    model_config = _CONFIG


class Person(_Model):
    name: str = Field(description="The name without titles and honorifics, in the nominative.")
    raw: str = Field(description="The name as written in the minutes.")
    person_id: str | None = Field(
        None,
        description="Id of the person in the archive's people.json (or a slug of the name for one file).",
    )
    organization: str | None = Field(None, description="Organization given beside the name, e.g. '(Naděje)'.")
    role: str | None = Field(None, description="Role given beside the name, e.g. 'předseda'.")


class Organization(_Model):
    name: str = Field(description="Canonical name (from the organization list when known).")
    raw: str = Field(description="As written.")
    org_id: str | None = None


class Item(_Model):
    title: str | None = Field(None, description="The section heading the text stands under.")
    text: str


class NextMeeting(_Model):
    date: dt.date | None
    time: TimeStr | None = Field(None, pattern=_TIME_PATTERN)
    location: str | None = None
    raw: str = Field(description="The sentence it was read from.")


class DateMention(_Model):
    date: dt.date
    raw: str
    year_inferred: bool = Field(False, description="The text gave no year; it was taken from the meeting date.")


class Contact(_Model):
    name: str | None
    phone: str | None = None
    email: str | None = None
    raw: str


class NamedVote(_Model):
    """How one person voted, where the minutes name the voters ("Pro: A, B; Proti: C")."""

    vote: Literal["for", "against", "abstained", "not_voting"]
    person: Person


class DecisionReference(_Model):
    """Another resolution this one acts on: "ruší usnesení č. 12/2023", "mění usnesení č. 5/2022"."""

    relation: Literal["revokes", "amends", "replaces"]
    number: str = Field(description="The number as written.")
    number_normalized: str | None = None


class Decision(_Model):
    kind: Literal["resolution", "task", "agreement"]
    text: str = Field(description="The full text of the resolution, task or agreement.")
    number: str | None = Field(None, description="The resolution's number as written ('12/3/2024', 'ZM/2024/5/12').")
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstained: int | None = None
    deadline: str | None = Field(None, description="ISO date (YYYY-MM-DD); a missing year is the meeting's.")
    responsible: str | None = Field(None, description="Who is to do it, as the minutes name them (nominative).")
    number_normalized: str | None = Field(
        None, description="The number without spaces and leading zeros, letters in capitals ('R-245/2022')."
    )
    verb: str | None = Field(
        None,
        description="What the resolution does: schvaluje, neschvaluje, bere na vědomí, ukládá, pověřuje, volí, "
        "jmenuje, odvolává, zřizuje, revokuje, mění, doporučuje, souhlasí, rozhoduje, odkládá.",
    )
    agenda_item: str | None = Field(None, description="The agenda item (or heading) it was decided under.")
    votes_not_voting: int | None = Field(None, description="Members present who did not vote ('nehlasoval').")
    result: Literal["přijato", "nepřijato"] | None = Field(
        None, description="Adopted or not: as the minutes state it, else as the counts give it."
    )
    named_votes: list[NamedVote] = Field(default_factory=list, description="Per-person votes, where named.")
    refers_to: list[DecisionReference] = Field(
        default_factory=list, description="Resolutions this one revokes, amends or replaces."
    )
    deadline_raw: str | None = Field(None, description="The deadline as written ('do 31. 3.', 'průběžně').")
    responsible_people: list[Person] = Field(
        default_factory=list, description="The people responsible for a task, where named."
    )


class Source(_Model):
    path: str
    sha256: str
    format: Literal["pdf", "docx", "txt", "md", "html", "image"]
    method: Literal["text-layer", "ocr", "docx", "text"]
    pages: int
    ocr_confidence: float | None = Field(None, description="Mean OCR word confidence 0–100 (OCR only).")
    engine: str | None = None


class Provenance(_Model):
    source: int = Field(description="Index into sources.")
    page: int
    line: int = Field(description="Line number (1-based) in the normalized text.")
    excerpt: str
    evidence: str | None = Field(
        None, description='What kind of evidence the value was read from: "label", "title", "sentence", "heading" …'
    )


class VariantValue(_Model):
    value: object
    sources: list[int]


class Variant(_Model):
    field: str
    values: list[VariantValue]


class MeetingFields(_Model):
    """What is read from the text of one copy of the minutes: the meeting's content.

    A field added here (and filled by the parser) is carried, merged across copies, compared by
    ``zapis diff`` and registered (people) without touching any other stage.
    """

    title: str | None = None
    body: str | None = None
    series: str | None = None
    date: dt.date | None = None
    start_time: TimeStr | None = Field(None, pattern=_TIME_PATTERN)
    end_time: TimeStr | None = Field(None, pattern=_TIME_PATTERN)
    location: str | None = None
    agenda: list[str] = []
    attendees: list[Person] = []
    excused: list[Person] = []
    absent: list[Person] = []
    guests: list[Person] = []
    attendance_count: int | None = Field(
        None, ge=0, description='How many were present when the minutes give a number ("Přítomno: 9 členů").'
    )
    recorded_by: Person | None = None
    recorders: list[Person] = Field(
        default_factory=list,
        description="Everyone the minutes name as their recorder, in order (recorded_by is one of them).",
    )
    verified_by: list[Person] = []
    chaired_by: Person | None = None
    items: list[Item] = []
    decisions: list[Decision] = []
    mentions: list[Person] = []
    organizations: list[Organization] = []
    next_meetings: list[NextMeeting] = []
    dates_mentioned: list[DateMention] = []
    contacts: list[Contact] = []
    links: list[str] = []


class Meeting(MeetingFields):
    """One meeting, from one or more copies of its minutes."""

    model_config = ConfigDict(**_CONFIG, json_schema_extra={"$id": f"urn:zapis:schema:{SCHEMA_NAME}:{SCHEMA_VERSION}"})

    schema_version: str = Field(SCHEMA_VERSION, pattern=SEMVER, description="Semver of this contract.")
    meeting_id: str
    sources: list[Source] = []
    provenance: dict[str, Provenance] = Field(
        default_factory=dict, description="Field name → where its value was read (best copy)."
    )
    confidence: dict[str, float] = Field(
        default_factory=dict,
        description="Field name → how sure zapis is of its value, 0–1 (fields below the threshold are left empty).",
    )
    variants: list[Variant] = Field(default_factory=list, description="Values on which the copies disagree.")
    text: str = ""
    warnings: list[str] = []


# Fields read from running text rather than stated by the minutes: copies may differ in them
# without disagreeing about the meeting (so they are neither variants nor diff fields).
TEXT_DERIVED = frozenset({"items", "mentions", "organizations", "dates_mentioned", "links"})


def _fields_annotated(*types: object) -> tuple[str, ...]:
    return tuple(name for name, info in MeetingFields.model_fields.items() if info.annotation in types)


SCALAR_FIELDS = _fields_annotated(str | None, dt.date | None)  # title … location
PEOPLE_FIELDS = _fields_annotated(list[Person])  # attendees, excused, …, mentions
PERSON_FIELDS = _fields_annotated(Person | None)  # recorded_by, chaired_by
STATED_FIELDS = tuple(name for name in MeetingFields.model_fields if name not in TEXT_DERIVED)
