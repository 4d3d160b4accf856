"""An ingested archive as tables other tools read: JSON Lines, CSV, and the Popolo data model.

Read from the archive's published files (meetings/*.json, people.json, organizations.json),
never from the catalog, so an export always says what the JSON says.  The tables, one file
each, with the same columns in both formats (``TABLES``):

* meetings: one row a meeting;
* participants: one row for each person a meeting names in a role (``kind``);
* decisions: one row a decision, ``n`` its index in the meeting's ``decisions``;
* people: one row a person of the registry.

In JSON Lines a list is an array; in CSV its items are joined with " | ".
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from zapis.archive.outdir import reading
from zapis.archive.popolo import popolo
from zapis.errors import InputError
from zapis.output import dumps, write_atomic
from zapis.schema import Meeting, OrganizationRecord, Person, PersonRecord, load_meeting

__all__ = ["PARTICIPANT_KINDS", "TABLES", "ArchiveFiles", "export_archive", "read_archive", "table_rows"]

Format = Literal["jsonl", "csv", "popolo"]
LIST_SEPARATOR = " | "

TABLES: dict[str, tuple[str, ...]] = {
    "meetings": (
        "meeting_id", "date", "start_time", "end_time", "body", "series", "title", "location", "chaired_by",
        "recorded_by", "agenda", "attendees", "attendance_count", "excused", "absent", "guests", "decisions", "files",
    ),
    "participants": ("meeting_id", "kind", "person_id", "name", "raw", "organization", "role"),
    "decisions": (
        "meeting_id", "n", "kind", "number", "number_normalized", "verb", "agenda_item", "result", "votes_for",
        "votes_against", "votes_abstained", "votes_not_voting", "deadline", "responsible", "text",
    ),
    "people": ("person_id", "name", "variants", "meetings"),
}  # fmt: skip

# The meeting field behind each kind of participant, in the order rows are written.
PARTICIPANT_KINDS: dict[str, str] = {
    "attendee": "attendees",
    "excused": "excused",
    "absent": "absent",
    "guest": "guests",
    "recorder": "recorders",  # every recorder named (recorded_by is one of them); recorded_by in older files
    "chair": "chaired_by",
    "verifier": "verified_by",
}


class ArchiveFiles:
    """The published files of an ingested archive, read and validated."""

    def __init__(self, out: Path) -> None:
        folder = out / "meetings"
        if not folder.is_dir():
            raise InputError(f"no meetings/ in {out}: run zapis ingest DIR -o {out} first")
        self.out = out
        self.paths = sorted(folder.glob("*.json"))
        self.people = _registry(out / "people.json", PersonRecord)
        self.organizations = _registry(out / "organizations.json", OrganizationRecord)

    def meetings(self) -> Iterator[Meeting]:
        """Every meeting, one at a time (an archive may be larger than memory)."""
        for path in self.paths:
            try:
                yield load_meeting(path.read_bytes())
            except (OSError, ValueError) as e:
                raise InputError(f"cannot read {path} ({type(e).__name__}): run zapis ingest again") from None


def _registry(path: Path, model: Any) -> list[Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return TypeAdapter(list[model]).validate_python(data)
    except OSError:
        raise InputError(f"no {path.name} in {path.parent}: run zapis ingest DIR -o {path.parent} first") from None
    except (ValueError, ValidationError):
        raise InputError(f"{path} is not a zapis {path.name}: run zapis ingest again") from None


def read_archive(out: Path) -> ArchiveFiles:
    return ArchiveFiles(out)


def _name(p: Person | None) -> str | None:
    return p.name if p is not None else None


def _meeting_row(m: Meeting) -> dict[str, Any]:
    return {
        "meeting_id": m.meeting_id,
        "date": m.date.isoformat() if m.date else None,
        "start_time": m.start_time,
        "end_time": m.end_time,
        "body": m.body,
        "series": m.series,
        "title": m.title,
        "location": m.location,
        "chaired_by": _name(m.chaired_by),
        "recorded_by": _name(m.recorded_by),
        "agenda": list(m.agenda),
        "attendees": len(m.attendees),
        "attendance_count": m.attendance_count,
        "excused": len(m.excused),
        "absent": len(m.absent),
        "guests": len(m.guests),
        "decisions": len(m.decisions),
        "files": [s.path for s in m.sources],
    }


def participants(m: Meeting) -> Iterator[tuple[str, Person]]:
    """(kind, person) for every person the meeting names in a role, in the order of PARTICIPANT_KINDS."""
    for kind, field in PARTICIPANT_KINDS.items():
        value = getattr(m, field)
        if kind == "recorder" and not value and m.recorded_by is not None:
            value = [m.recorded_by]
        for p in value if isinstance(value, list) else [value] if value is not None else []:
            yield kind, p


def _participant_rows(m: Meeting) -> Iterator[dict[str, Any]]:
    for kind, p in participants(m):
        yield {"meeting_id": m.meeting_id, "kind": kind, "person_id": p.person_id, "name": p.name, "raw": p.raw,
               "organization": p.organization, "role": p.role}  # fmt: skip


def _decision_rows(m: Meeting) -> Iterator[dict[str, Any]]:
    for n, d in enumerate(m.decisions):
        yield {"meeting_id": m.meeting_id, "n": n, **{k: getattr(d, k) for k in TABLES["decisions"][2:]}}


def table_rows(archive: ArchiveFiles, table: str) -> Iterator[dict[str, Any]]:
    """The rows of one table, keys in the order of ``TABLES[table]``."""
    if table == "people":
        for p in archive.people:
            yield {"person_id": p.person_id, "name": p.name, "variants": list(p.variants), "meetings": list(p.meetings)}
        return
    for m in archive.meetings():
        if table == "meetings":
            yield _meeting_row(m)
        elif table == "participants":
            yield from _participant_rows(m)
        else:
            yield from _decision_rows(m)


def _jsonl(rows: Iterator[dict[str, Any]]) -> bytes:
    return b"".join((json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8") for r in rows)


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return "" if value is None else value


def _csv(table: str, rows: Iterator[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180, what spreadsheets expect
    writer.writerow(TABLES[table])
    for r in rows:
        writer.writerow([_csv_cell(r[c]) for c in TABLES[table]])
    return buffer.getvalue().encode("utf-8")


def export_archive(out: Path, dest: Path, fmt: Format) -> list[Path]:
    """Write the export of the archive in ``out`` into the folder ``dest``; returns the files written.

    Refused while an ingest is writing to ``out`` (the export would mix two runs)."""
    with reading(out):
        return _export(ArchiveFiles(out), dest, fmt)


def _export(archive: ArchiveFiles, dest: Path, fmt: Format) -> list[Path]:
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"cannot create the folder {dest}: {e.strerror}") from None
    written = []
    if fmt == "popolo":
        path = dest / "popolo.json"
        write_atomic(path, dumps(popolo(archive.meetings(), archive.people, archive.organizations)))
        return [path]
    for table in TABLES:
        path = dest / f"{table}.{fmt}"
        rows = table_rows(archive, table)
        write_atomic(path, _jsonl(rows) if fmt == "jsonl" else _csv(table, rows))
        written.append(path)
    return written
