"""An archivist's corrections, kept in ``OUTDIR/corrections.toml`` and applied by every build.

The file is written by ``zapis correct`` and may be edited by hand; each ``[[correction]]`` is
one value of one meeting::

    [[correction]]
    meeting = "2024-06-05_financni-vybor"   # the meeting id (its file in meetings/)
    field = "attendees[2].name"             # a field path (below)
    action = "correct"                      # "correct": use `value`; "check": the value is right
    value = "Jan Novák"                     # "" empties the field
    was = "Jan Nowák"                       # what zapis had read: the correction is made against it
    source = "9f2c…"                        # SHA-256 of the file the value was read from
    excerpt = "Přítomni: Jan Nowák, …"      # the evidence it was read from, for a person to see
    by = "J. Archivářová"
    at = "2026-12-01T23:30:00Z"
    why = "podpis na prezenční listině"

A field path names a field of the meeting JSON, a list entry by its index from 0 and a value
inside it: ``date``, ``location``, ``recorded_by`` (the person's name), ``attendees[2].name``,
``agenda[0]``, ``decisions[0].votes_for`` (also written ``decisions[0].votes.for`` or ``….vote.for``).

Rules of a build: a correction is applied when the meeting still has the source file it was
made against and the value at its path is still the one it was made against (``was``); a list
entry that moved is found again by that value.  A meeting whose id changed is found by the
source file.  Otherwise the correction is not applied and report.json says why (the source
file was replaced, the value is another one now): a person looks at it again.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from zapis.archive.evidence import evidence_of
from zapis.errors import InputError
from zapis.output import write_atomic
from zapis.schema import (
    PEOPLE_FIELDS,
    PERSON_FIELDS,
    CorrectionMark,
    CorrectionOutcome,
    Meeting,
    MeetingFields,
    Provenance,
)

CORRECTIONS = "corrections.toml"
Action = Literal["correct", "check"]

_HEADER = """\
# Corrections of this archive's meetings, applied by every `zapis ingest` (and by `zapis correct`).
# Written by `zapis correct OUTDIR MEETING_ID FIELD VALUE`; may be edited by hand.  Each
# [[correction]]: meeting (id), field (a path: date, attendees[2].name, decisions[0].votes_for),
# action ("correct" or "check"), value ("" empties the field), was (the value zapis had read),
# source (SHA-256 of the file it was read from), excerpt (its evidence), by, at, why.
# A correction whose source file or value changed is not applied: report.json lists it.
"""

_ALIASES = {
    f"{word}.{kind}": f"votes_{kind}" for word in ("votes", "vote") for kind in ("for", "against", "abstained")
} | {"votes.not_voting": "votes_not_voting", "vote.not_voting": "votes_not_voting"}
_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)")
_MISSING = object()


@dataclass(frozen=True)
class Correction:
    meeting: str
    field: str
    action: Action
    value: Any = None  # for "correct"; None empties the field
    was: Any = None
    source: str | None = None
    excerpt: str | None = None
    by: str | None = None
    at: str = ""
    why: str | None = None


def parse_path(path: str) -> list[str | int]:
    """``decisions[0].votes_for`` → ["decisions", 0, "votes_for"]; InputError for anything else."""
    text = path.strip()
    for alias, name in _ALIASES.items():
        text = text.replace(alias, name)
    steps: list[str | int] = []
    for part in text.split("."):
        found = _STEP.fullmatch(part)
        if not found:
            raise InputError(f"{path!r} is not a field path (like date, attendees[2].name, decisions[0].votes_for)")
        steps.append(found.group(1))
        steps += [int(n) for n in re.findall(r"\d+", found.group(2))]
    if steps[0] not in MeetingFields.model_fields:
        raise InputError(f"{path!r}: a meeting has no field {steps[0]!r}; see zapis schema for the fields")
    return steps


def canonical(path: str) -> str:
    """The one spelling of a field path: ``decisions[0].votes.for`` → ``decisions[0].votes_for``."""
    return _path_text(parse_path(path))


def shown(value: Any) -> Any:
    """A value as a correction records it: a person by the name, a date as ISO text, None as None."""
    if isinstance(value, dict) and "name" in value:
        return value["name"]
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _get(data: Any, steps: list[str | int]) -> Any:
    for step in steps:
        if isinstance(step, int):
            if not isinstance(data, list) or step >= len(data):
                return _MISSING
            data = data[step]
        else:
            if not isinstance(data, dict) or step not in data:
                return _MISSING
            data = data[step]
    return data


def _is_person(steps: list[str | int]) -> bool:
    return (len(steps) == 1 and steps[0] in PERSON_FIELDS) or (
        len(steps) == 2 and steps[0] in PEOPLE_FIELDS and isinstance(steps[1], int)
    )


def _set(data: dict[str, Any], steps: list[str | int], value: Any) -> None:
    parent = _get(data, steps[:-1])
    last = steps[-1]
    if parent is _MISSING or (isinstance(last, int) and (not isinstance(parent, list) or last >= len(parent))):
        raise InputError(f"{_path_text(steps)}: no such entry in this meeting")
    if isinstance(value, str) and not value.strip():
        value = None
    old = parent[last]
    if _is_person(steps) and value is not None:
        value = (
            {**old, "name": str(value), "raw": str(value), "person_id": None}
            if isinstance(old, dict)
            else {"name": value, "raw": value}
        )
    parent[last] = value


def _path_text(steps: list[str | int]) -> str:
    return "".join(f"[{s}]" if isinstance(s, int) else (f".{s}" if i else s) for i, s in enumerate(steps))


def value_at(meeting: Meeting, path: str) -> Any:
    """The value at ``path`` as a correction records it (None when empty or not there)."""
    found = _get(meeting.model_dump(mode="json"), parse_path(path))
    return None if found is _MISSING else shown(found)


def with_value(meeting: Meeting, path: str, value: Any) -> Meeting:
    """A copy of ``meeting`` with ``value`` at ``path``, validated (InputError: a value of the wrong kind)."""
    data = meeting.model_dump(mode="json")
    _set(data, parse_path(path), value)
    try:
        return Meeting.model_validate(data)
    except ValidationError as e:
        error = e.errors()[0]
        raise InputError(f"{path} = {value!r} is not a valid value: {error['msg']}") from None


# ------------------------------------------------------------------ the file


def load_corrections(outdir: Path) -> list[Correction]:
    path = Path(outdir) / CORRECTIONS
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read {path}: {e}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{path} is not valid TOML ({e}): fix it or remove the broken correction") from None
    out = []
    for n, entry in enumerate(data.get("correction", []), start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("meeting"), str) or "field" not in entry:
            raise InputError(f"{path}: correction {n} needs a meeting and a field")
        action = entry.get("action", "correct")
        if action not in ("correct", "check"):
            raise InputError(f"{path}: correction {n}: action is 'correct' or 'check', not {action!r}")
        out.append(
            Correction(
                meeting=entry["meeting"],
                field=str(entry["field"]),
                action=action,
                value=_plain(entry.get("value")),
                was=_plain(entry.get("was")),
                source=entry.get("source"),
                excerpt=entry.get("excerpt"),
                by=entry.get("by"),
                at=str(entry.get("at", "")),
                why=entry.get("why"),
            )
        )
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):  # a date written bare in TOML
        return value.isoformat()
    return None if value == "" else value


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = json.dumps(str(value), ensure_ascii=False)  # a TOML basic string, but for DEL
    return text.replace("\x7f", "\\u007f")


def dump_corrections(corrections: list[Correction]) -> str:
    parts = [_HEADER]
    for c in corrections:
        lines = ["[[correction]]"]
        for key in ("meeting", "field", "action", "value", "was", "source", "excerpt", "by", "at", "why"):
            value = getattr(c, key)
            if key == "value" and c.action == "correct" and value is None:
                value = ""
            if value is not None and not (key == "value" and c.action == "check"):
                lines.append(f"{key} = {_toml(value)}")
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def save_corrections(outdir: Path, corrections: list[Correction]) -> None:
    write_atomic(Path(outdir) / CORRECTIONS, dump_corrections(corrections).encode("utf-8"))


def record(
    corrections: list[Correction],
    meeting: Meeting,
    path: str,
    action: Action,
    value: Any = None,
    by: str | None = None,
    why: str | None = None,
) -> list[Correction]:
    """The corrections with this one added (replacing an earlier one of the same value, whose
    ``was`` and evidence it keeps: the correction stays made against what zapis had read).
    Raises InputError when the path or the value does not fit the meeting."""
    path = canonical(path)
    if action == "correct":
        with_value(meeting, path, value)  # the value fits the field, or InputError now
    elif value_at(meeting, path) is None and _get(meeting.model_dump(mode="json"), parse_path(path)) is _MISSING:
        raise InputError(f"{path}: no such entry in meeting {meeting.meeting_id}")
    earlier = next((c for c in corrections if c.meeting == meeting.meeting_id and c.field == path), None)
    at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    if earlier is not None:
        new = replace(earlier, action=action, value=value if action == "correct" else None, by=by, why=why, at=at)
    else:
        evidence = evidence_of(meeting, path)
        index = evidence.source if evidence is not None else 0
        source = meeting.sources[index].sha256 if 0 <= index < len(meeting.sources) else None
        new = Correction(
            meeting=meeting.meeting_id,
            field=path,
            action=action,
            value=value if action == "correct" else None,
            was=value_at(meeting, path),
            source=source,
            excerpt=evidence.excerpt if evidence is not None else None,
            by=by,
            at=at,
            why=why,
        )
    return [c for c in corrections if c is not earlier] + [new]


# ------------------------------------------------------------------ applying


class CorrectionIndex:
    """The corrections of one build, found by meeting id or, when the id changed, by source file."""

    def __init__(self, corrections: list[Correction], meeting_ids: set[str]) -> None:
        self.by_meeting: dict[str, list[Correction]] = defaultdict(list)
        self.by_source: dict[str, list[Correction]] = defaultdict(list)
        self.used: set[int] = set()
        self.all = corrections
        for c in corrections:
            if c.meeting in meeting_ids or not c.source:
                self.by_meeting[c.meeting].append(c)
            else:
                self.by_source[c.source].append(c)

    def touches(self, meeting_id: str, shas: list[str]) -> bool:
        return meeting_id in self.by_meeting or any(sha in self.by_source for sha in shas)

    def of(self, meeting: Meeting) -> list[Correction]:
        found = list(self.by_meeting.get(meeting.meeting_id, []))
        for source in meeting.sources:
            found += [c for c in self.by_source.get(source.sha256, []) if c not in found]
        self.used.update(id(c) for c in found)
        return found

    def unused(self) -> list[CorrectionOutcome]:
        return [
            _outcome(c, "no-meeting", "no meeting of the archive has this id or this source file now")
            for c in self.all
            if id(c) not in self.used
        ]


def _outcome(c: Correction, status: str, reason: str | None = None) -> CorrectionOutcome:
    return CorrectionOutcome(meeting_id=c.meeting, field=c.field, action=c.action, status=status, reason=reason)


def _moved(meeting: Meeting, steps: list[str | int], was: Any) -> list[str | int] | None:
    """The path of the list entry that now has the value ``was`` (the entry moved), if exactly one has."""
    where = next((k for k, s in enumerate(steps) if isinstance(s, int)), None)
    if where is None or was is None:
        return None
    data = meeting.model_dump(mode="json")
    entries = _get(data, steps[:where])
    if not isinstance(entries, list):
        return None
    rest = steps[where + 1 :]
    fits = [k for k, entry in enumerate(entries) if shown(_get(entry, rest)) == was]
    return [*steps[:where], fits[0], *rest] if len(fits) == 1 else None


def _mark(meeting: Meeting, path: str, c: Correction, kind: Literal["corrected", "checked"]) -> None:
    mark = CorrectionMark(kind=kind, was=c.was, by=c.by, at=c.at, why=c.why)
    evidence = evidence_of(meeting, path)
    base = meeting.provenance.get(evidence.key) if evidence is not None else None
    if base is not None:
        meeting.provenance[path] = base.model_copy(update={"corrected": mark})
    else:
        meeting.provenance[path] = Provenance(
            source=0, page=0, line=0, excerpt="", evidence="correction", corrected=mark
        )


def apply_corrections(meeting: Meeting, corrections: list[Correction]) -> tuple[Meeting, list[CorrectionOutcome]]:
    """``meeting`` with the corrections that still fit applied, and what became of each."""
    outcomes = []
    shas = {s.sha256 for s in meeting.sources}
    for c in corrections:
        try:
            steps = parse_path(c.field)
        except InputError as e:
            outcomes.append(_outcome(c, "invalid", e.reason))
            continue
        if c.source and c.source not in shas:
            outcomes.append(
                _outcome(
                    c,
                    "source-changed",
                    f"the file {c.field} was read from has changed since the correction: check the value and correct"
                    " it again",
                )
            )
            continue
        path = _path_text(steps)
        current = value_at(meeting, path)
        target = c.value if c.action == "correct" else c.was
        if current != c.was and not (c.action == "correct" and current == _normal(meeting, path, c.value)):
            moved = _moved(meeting, steps, c.was)
            if moved is None:
                outcomes.append(
                    _outcome(
                        c,
                        "value-changed",
                        f"zapis now reads {current!r} here, not {c.was!r} as when it was corrected: check it again",
                    )
                )
                continue
            path = _path_text(moved)
        try:
            if c.action == "correct":
                meeting = with_value(meeting, path, target)
        except InputError as e:
            outcomes.append(_outcome(c, "invalid", e.reason))
            continue
        _mark(meeting, path, c, "corrected" if c.action == "correct" else "checked")
        outcomes.append(_outcome(c, "applied" if c.action == "correct" else "checked"))
    return meeting, outcomes


def _normal(meeting: Meeting, path: str, value: Any) -> Any:
    """``value`` as it reads once set (a vote count "12" is 12)."""
    try:
        return value_at(with_value(meeting, path, value), path)
    except InputError:
        return _MISSING


def renamed_people(before: Meeting, after: Meeting) -> dict[tuple[str, str], str]:
    """(field, name zapis read) → the corrected name, for the people registry."""
    out: dict[tuple[str, str], str] = {}
    for name in PEOPLE_FIELDS:
        for old, new in zip(getattr(before, name), getattr(after, name), strict=False):
            if old.name != new.name:
                out[(name, old.name)] = new.name
    for name in PERSON_FIELDS:
        old, new = getattr(before, name), getattr(after, name)
        if old is not None and new is not None and old.name != new.name:
            out[(name, old.name)] = new.name
    return out
