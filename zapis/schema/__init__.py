"""The published JSON contract: models, schema generation, compatibility check on load."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from zapis.errors import InputError
from zapis.schema.archive import (
    ORGANIZATIONS_SCHEMA_NAME,
    ORGANIZATIONS_SCHEMA_VERSION,
    PEOPLE_SCHEMA_NAME,
    PEOPLE_SCHEMA_VERSION,
    REPORT_SCHEMA_NAME,
    REPORT_SCHEMA_VERSION,
    ApartEvidence,
    CopyEvidence,
    CorrectionOutcome,
    FileEntry,
    NameLink,
    OrganizationRecord,
    PersonRecord,
    Report,
    Summary,
)
from zapis.schema.models import (
    PEOPLE_FIELDS,
    PERSON_FIELDS,
    SCALAR_FIELDS,
    SCHEMA_NAME,
    SCHEMA_VERSION,
    STATED_FIELDS,
    TEXT_DERIVED,
    Contact,
    CorrectionMark,
    DateMention,
    Decision,
    DecisionReference,
    Item,
    Meeting,
    MeetingFields,
    NamedVote,
    NextMeeting,
    Organization,
    Person,
    Provenance,
    Source,
    Variant,
    VariantValue,
)

__all__ = [
    "ORGANIZATIONS_SCHEMA_VERSION",
    "PEOPLE_FIELDS",
    "PEOPLE_SCHEMA_VERSION",
    "PERSON_FIELDS",
    "REPORT_SCHEMA_VERSION",
    "SCALAR_FIELDS",
    "SCHEMA_KINDS",
    "SCHEMA_NAME",
    "SCHEMA_VERSION",
    "STATED_FIELDS",
    "TEXT_DERIVED",
    "ApartEvidence",
    "Contact",
    "CopyEvidence",
    "CorrectionMark",
    "CorrectionOutcome",
    "DateMention",
    "Decision",
    "DecisionReference",
    "FileEntry",
    "Item",
    "Meeting",
    "MeetingFields",
    "NameLink",
    "NamedVote",
    "NextMeeting",
    "Organization",
    "OrganizationRecord",
    "Person",
    "PersonRecord",
    "Provenance",
    "Report",
    "Source",
    "Summary",
    "Variant",
    "VariantValue",
    "json_schema",
    "load_meeting",
    "people_of",
    "schema_version",
]


SCHEMA_KINDS = ("meeting", "report", "people", "organizations")
_VERSIONS = {
    "meeting": (SCHEMA_NAME, SCHEMA_VERSION),
    "report": (REPORT_SCHEMA_NAME, REPORT_SCHEMA_VERSION),
    "people": (PEOPLE_SCHEMA_NAME, PEOPLE_SCHEMA_VERSION),
    "organizations": (ORGANIZATIONS_SCHEMA_NAME, ORGANIZATIONS_SCHEMA_VERSION),
}


def schema_version(kind: str) -> str:
    """The version of the contract of one kind of output: "meeting", "report", "people", "organizations"."""
    if kind not in _VERSIONS:
        raise InputError(f"no schema named {kind!r}: {', '.join(SCHEMA_KINDS)}")
    return _VERSIONS[kind][1]


def json_schema(kind: str = "meeting") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a zapis output: "meeting", "report", "people" or "organizations".

    Its ``$id`` is a URN that names the contract and its version (``urn:zapis:schema:zapis.people:1.0.0``):
    zapis publishes its schemas with the package, at no address of its own.
    """
    version = schema_version(kind)
    name = _VERSIONS[kind][0]
    if kind == "meeting":
        schema = Meeting.model_json_schema(mode="serialization")
    elif kind == "report":
        schema = Report.model_json_schema(mode="serialization")
    elif kind == "people":
        schema = TypeAdapter(list[PersonRecord]).json_schema(mode="serialization")
        schema["description"] = "people.json: one record per person of the archive, every spelling merged into it."
    else:
        schema = TypeAdapter(list[OrganizationRecord]).json_schema(mode="serialization")
        schema["description"] = "organizations.json: one record per organization the archive's minutes name."
    schema["title"] = f"{name} {version}"
    schema["$id"] = f"urn:zapis:schema:{name}:{version}"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def load_meeting(data: str | bytes | dict[str, Any]) -> Meeting:
    """A meeting JSON written by this or an older zapis of the same major schema version."""
    obj = json.loads(data) if isinstance(data, (str, bytes)) else data
    if not isinstance(obj, dict) or "schema_version" not in obj:
        raise InputError("not a zapis meeting JSON (no schema_version)")
    major = str(obj["schema_version"]).split(".")[0]
    if major != SCHEMA_VERSION.split(".")[0]:
        raise InputError(
            f"meeting JSON has schema {obj['schema_version']}, this zapis reads {SCHEMA_VERSION.split('.')[0]}.x;"
            " re-run zapis extract on the source file"
        )
    return Meeting.model_validate(obj)


def people_of(meeting: MeetingFields) -> list[Person]:
    """Every person object of a meeting (attendees, recorder, mentions, …), the objects themselves."""
    out = [p for name in PEOPLE_FIELDS for p in getattr(meeting, name)]
    out += [p for name in PERSON_FIELDS if (p := getattr(meeting, name)) is not None]
    for decision in meeting.decisions:  # voters and the people responsible for tasks
        out += [v.person for v in decision.named_votes] + list(decision.responsible_people)
    return out
