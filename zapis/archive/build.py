"""From the per-file results to the archive's outputs: meetings/, people.json, organizations.json."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from zapis.archive.merge import merge_copies
from zapis.archive.output import safe_child, write_json
from zapis.schema import Meeting


def _copies(entries: dict[str, dict[str, Any]], results: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The meeting of every file read, with its source path set to the path of this run."""
    out = []
    for rel in sorted(results):
        result = results[rel]
        if result.get("status") != "ok" or entries.get(rel, {}).get("status") != "ok":
            continue
        meeting = dict(result["meeting"])
        source = dict(meeting["sources"][0])
        source["path"] = rel
        meeting["sources"] = [source]
        out.append(meeting)
    return out


def group_copies(copies: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Copies of one meeting together: same meeting_id, or near-identical text (see dedup)."""
    from zapis.normalize.dedup import group_near_duplicates

    return group_near_duplicates(copies)


def build_outputs(outdir: Path, entries: dict[str, dict[str, Any]], results: dict[str, dict[str, Any]]) -> int:
    """Write every meeting and the registries; returns the number of meetings."""
    from zapis.normalize.registry import (
        apply_registry,
        build_organization_registry,
        build_people,
        iter_people,
    )

    copies = _copies(entries, results)
    merged = []
    occurrences = []  # every copy's people count when the archive agrees on a spelling
    for group in group_copies(copies):
        meeting = merge_copies(group)
        for source in meeting["sources"]:
            entries[source["path"]]["meeting_id"] = meeting["meeting_id"]
        occurrences += [(p["name"], p["raw"], meeting["meeting_id"]) for c in group for p in iter_people(c)]
        merged.append(meeting)
    registry = build_people(occurrences)
    apply_registry(merged, registry)
    people = registry.records
    organizations = build_organization_registry(merged)
    meetings_dir = outdir / "meetings"
    meetings_dir.mkdir(parents=True, exist_ok=True)
    written = set()
    for meeting in merged:
        validated = Meeting.model_validate(meeting)  # the contract holds for every file we write
        name = f"{validated.meeting_id}.json"
        write_json(safe_child(meetings_dir, name), validated.model_dump(mode="json"))
        written.add(name)
    # a meeting whose files left the input folder leaves the output too
    for stale in os.listdir(meetings_dir):
        if stale.endswith(".json") and stale not in written:
            (meetings_dir / stale).unlink()
    write_json(safe_child(outdir, "people.json"), people)
    write_json(safe_child(outdir, "organizations.json"), organizations)
    from zapis.archive.catalog import write_catalog

    write_catalog(outdir / "zapis.sqlite", merged, people, organizations)
    return len(merged)
