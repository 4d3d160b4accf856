"""From the per-file results to the archive's outputs: meetings/, people.json, organizations.json
and the catalog.

Memory stays flat however large the archive: the grouping works on small per-file records
(meeting id, date, MinHash fingerprint), and the copies of each meeting are read back from
the cache one group at a time, once to collect the names for the registries and once to
write the merged meeting.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from zapis.archive.cache import ResultCache
from zapis.archive.merge import merge_copies
from zapis.archive.output import safe_child, write_json
from zapis.normalize.dedup import Fingerprint, group_near_duplicates
from zapis.normalize.registry import (
    PeopleRegistry,
    apply_organizations,
    apply_registry,
    build_organizations,
    build_people,
    iter_people,
)
from zapis.schema import Meeting


def document_record(result: dict[str, Any]) -> dict[str, Any]:
    """The part of a file's result kept in memory during a run (the rest stays in the cache)."""
    if result.get("status") != "ok":
        return {"status": result.get("status"), "kind": result.get("kind")}
    meeting = result["meeting"]
    fingerprint = result.get("fingerprint")
    return {
        "status": "ok",
        "sha256": result["sha256"],
        "meeting_id": meeting["meeting_id"],
        "date": meeting.get("date"),
        "pages_by_method": result.get("pages_by_method", {}),
        "ocr_confidence": result.get("ocr_confidence"),
        "fingerprint": Fingerprint.from_json(fingerprint) if fingerprint else Fingerprint.of(meeting.get("text", "")),
    }


class _Copies:
    """Reads the meeting of each file back from the cache, with the source path of this run."""

    def __init__(self, cache: ResultCache) -> None:
        self.cache = cache

    def load(self, doc: dict[str, Any]) -> dict[str, Any]:
        result = self.cache.get(doc["sha256"])
        if result is None or result.get("status") != "ok":
            raise RuntimeError(f"the cache lost the result of {doc['rel']}; run again with --force")
        meeting = result["meeting"]
        meeting["sources"] = [{**meeting["sources"][0], "path": doc["rel"]}]
        return meeting

    def group(self, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [self.load(d) for d in docs]


def build_outputs(
    outdir: Path, entries: dict[str, dict[str, Any]], results: dict[str, dict[str, Any]], cache: ResultCache
) -> int:
    """Write every meeting, the registries and the catalog; returns the number of meetings."""
    docs = [
        {"rel": rel, **results[rel]}
        for rel in sorted(results)
        if results[rel].get("status") == "ok" and entries.get(rel, {}).get("status") == "ok"
    ]
    groups = group_near_duplicates(docs)
    copies = _Copies(cache)

    # Pass 1: meeting ids, and every copy's people and organizations for the registries.
    people: list[tuple[str, str, str]] = []
    orgs: list[tuple[str, str, str]] = []
    for group in groups:
        group_copies = copies.group(group)
        meeting_id = merge_copies(group_copies)["meeting_id"]
        for doc in group:
            entries[doc["rel"]]["meeting_id"] = meeting_id
        for copy in group_copies:
            people += [(p["name"], p["raw"], meeting_id) for p in iter_people(copy)]
            orgs += [(o["name"], o["raw"], meeting_id) for o in copy.get("organizations") or []]
    registry = build_people(people)
    organizations = build_organizations(orgs)
    del people, orgs

    # Pass 2: merge again, apply the registries, write each meeting and stream it to the catalog.
    meetings_dir = outdir / "meetings"
    meetings_dir.mkdir(parents=True, exist_ok=True)
    written: set[str] = set()
    from zapis.archive.catalog import write_catalog

    meetings = _write_meetings(groups, copies, registry, organizations, meetings_dir, written)
    write_catalog(outdir / "zapis.sqlite", meetings, registry.records, organizations)
    # a meeting whose files left the input folder leaves the output too
    for stale in os.listdir(meetings_dir):
        if stale.endswith(".json") and stale not in written:
            (meetings_dir / stale).unlink()
    write_json(safe_child(outdir, "people.json"), registry.records)
    write_json(safe_child(outdir, "organizations.json"), organizations)
    return len(groups)


def _write_meetings(
    groups: list[list[dict[str, Any]]],
    copies: _Copies,
    registry: PeopleRegistry,
    organizations: list[dict[str, Any]],
    meetings_dir: Path,
    written: set[str],
) -> Iterator[dict[str, Any]]:
    for group in groups:
        meeting = merge_copies(copies.group(group))
        apply_registry([meeting], registry)
        apply_organizations(meeting, organizations)
        data = Meeting.model_validate(meeting).model_dump(mode="json")  # the contract holds for every file
        name = f"{data['meeting_id']}.json"
        write_json(safe_child(meetings_dir, name), data)
        written.add(name)
        yield data
