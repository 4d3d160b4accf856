"""Field differences between two meetings; names that are one person written differently are paired."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from zapis.lang import fold, match_tier
from zapis.schema import PEOPLE_FIELDS, PERSON_FIELDS, SCALAR_FIELDS, TEXT_DERIVED, Meeting, Person

SCALARS = SCALAR_FIELDS
PEOPLE = tuple(name for name in PEOPLE_FIELDS if name not in TEXT_DERIVED)
SINGLE_PEOPLE = PERSON_FIELDS


@dataclass(frozen=True)
class FieldDiff:
    field: str
    a: Any = None  # scalar fields: the two values
    b: Any = None
    added: list[str] = dataclass_field(default_factory=list)  # in B only
    removed: list[str] = dataclass_field(default_factory=list)  # in A only
    renamed: list[tuple[str, str]] = dataclass_field(default_factory=list)  # same person, written differently


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _people_diff(name: str, a: list[Person], b: list[Person]) -> FieldDiff | None:
    left = [p.name for p in a]
    right = [p.name for p in b]
    only_a = [n for n in left if fold(n) not in {fold(x) for x in right}]
    only_b = [n for n in right if fold(n) not in {fold(x) for x in left}]
    renamed = []
    for n in list(only_a):
        match = next((m for m in only_b if match_tier(n, m) in ("declension", "typo")), None)
        if match is not None:
            renamed.append((n, match))
            only_a.remove(n)
            only_b.remove(match)
    if not (only_a or only_b or renamed):
        return None
    return FieldDiff(name, added=only_b, removed=only_a, renamed=renamed)


def _list_diff(name: str, a: list[str], b: list[str]) -> FieldDiff | None:
    fa, fb = [fold(x) for x in a], [fold(x) for x in b]
    removed = [x for x, k in zip(a, fa, strict=True) if k not in fb]
    added = [x for x, k in zip(b, fb, strict=True) if k not in fa]
    if not removed and not added and fa == fb:
        return None
    return FieldDiff(
        name,
        added=added,
        removed=removed,
        a=a if not (added or removed) else None,
        b=b if not (added or removed) else None,
    )


def compare_fields(a: Meeting, b: Meeting) -> list[FieldDiff]:
    out: list[FieldDiff] = []
    for name in SCALARS:
        va, vb = getattr(a, name), getattr(b, name)
        if fold(_text(va)) != fold(_text(vb)):
            out.append(FieldDiff(name, a=_text(va) or None, b=_text(vb) or None))
    agenda = _list_diff("agenda", a.agenda, b.agenda)
    if agenda:
        out.append(agenda)
    for name in PEOPLE:
        d = _people_diff(name, getattr(a, name), getattr(b, name))
        if d:
            out.append(d)
    for name in SINGLE_PEOPLE:
        pa, pb = getattr(a, name), getattr(b, name)
        d = _people_diff(name, [pa] if pa else [], [pb] if pb else [])
        if d:
            out.append(d)
    nm = _list_diff(
        "next_meetings",
        [f"{m.date or '?'} {m.time or ''}".strip() for m in a.next_meetings],
        [f"{m.date or '?'} {m.time or ''}".strip() for m in b.next_meetings],
    )
    if nm:
        out.append(nm)
    contacts = _list_diff(
        "contacts",
        [" ".join(filter(None, [c.name, c.phone, c.email])) for c in a.contacts],
        [" ".join(filter(None, [c.name, c.phone, c.email])) for c in b.contacts],
    )
    if contacts:
        out.append(contacts)
    return out
