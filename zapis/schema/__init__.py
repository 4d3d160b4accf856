"""The published JSON contract: models, schema generation, compatibility check on load."""

from __future__ import annotations

import json
from typing import Any

from zapis.errors import InputError
from zapis.schema.models import (
    SCHEMA_NAME,
    SCHEMA_VERSION,
    Contact,
    DateMention,
    Decision,
    Item,
    Meeting,
    NextMeeting,
    Organization,
    Person,
    Provenance,
    Source,
    Variant,
    VariantValue,
)

__all__ = [
    "SCHEMA_NAME",
    "SCHEMA_VERSION",
    "Contact",
    "DateMention",
    "Decision",
    "Item",
    "Meeting",
    "NextMeeting",
    "Organization",
    "Person",
    "Provenance",
    "Source",
    "Variant",
    "VariantValue",
    "json_schema",
    "load_meeting",
]


def json_schema() -> dict[str, Any]:
    schema = Meeting.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"{SCHEMA_NAME} {SCHEMA_VERSION}"
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
