"""Registries of the archive: one record per person and per organization."""

from __future__ import annotations

from typing import Any

from zapis.normalize.czech import fold, slug

PERSON_FIELDS = ("attendees", "excused", "absent", "guests", "verified_by", "mentions")
SINGLE_PERSON_FIELDS = ("recorded_by", "chaired_by")


def iter_people(meeting: dict[str, Any]) -> list[dict[str, Any]]:
    out = [p for f in PERSON_FIELDS for p in meeting.get(f) or []]
    out += [meeting[f] for f in SINGLE_PERSON_FIELDS if meeting.get(f)]
    return out


def build_people_registry(meetings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    records: dict[str, dict[str, Any]] = {}
    for meeting in meetings:
        for person in iter_people(meeting):
            key = fold(person["name"])
            rec = records.setdefault(key, {"person_id": slug(person["name"]), "name": person["name"],
                                           "variants": set(), "meetings": set()})  # fmt: skip
            rec["variants"].add(person["raw"])
            rec["meetings"].add(meeting["meeting_id"])
            person["person_id"] = rec["person_id"]
    return [
        {**r, "variants": sorted(r["variants"]), "meetings": sorted(r["meetings"])}
        for r in sorted(records.values(), key=lambda r: r["person_id"])
    ]


def build_organization_registry(meetings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    records: dict[str, dict[str, Any]] = {}
    for meeting in meetings:
        for org in meeting.get("organizations") or []:
            key = fold(org["name"])
            rec = records.setdefault(key, {"org_id": slug(org["name"]), "name": org["name"], "aliases": set(),
                                           "meetings": set()})  # fmt: skip
            rec["aliases"].add(org["raw"])
            rec["meetings"].add(meeting["meeting_id"])
            org["org_id"] = rec["org_id"]
    return [
        {**r, "aliases": sorted(r["aliases"]), "meetings": sorted(r["meetings"])}
        for r in sorted(records.values(), key=lambda r: r["org_id"])
    ]
