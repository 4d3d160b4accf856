"""Field differences between two copies, one entry per differing value, each placed in both texts.

Every difference has the same shape: the field, the value in A and in B (``None`` where a copy
has none), what changed (``changed``, ``added``, ``removed``, ``renamed`` for one person written
differently), where the value stands in each copy's text, and its kind, taken from the text
differences under those places: a date that differs because the OCR misread a digit is ``ocr``,
a series read from a running header one copy has and the other has not is ``layout``, an
attendee whose name was changed is an ``edit``.  A value whose words stand unchanged in both
texts differs only in how the copies were laid out and read: ``layout``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from zapis.compare.text import KINDS, Kind, TextDifference
from zapis.lang import fold, fold_aligned, match_tier
from zapis.schema import PEOPLE_FIELDS, PERSON_FIELDS, SCALAR_FIELDS, TEXT_DERIVED, Meeting, Person

PEOPLE = tuple(name for name in PEOPLE_FIELDS if name not in TEXT_DERIVED)
SINGLE_PEOPLE = PERSON_FIELDS
Change = Literal["changed", "added", "removed", "renamed"]
Span = tuple[int, int]
# Tiers at which two names in the same place of two copies are one person written differently.
SAME_PERSON = ("exact", "declension", "typo", "surname")


@dataclass(frozen=True)
class FieldDifference:
    field: str
    a: str | None
    b: str | None
    change: Change
    kind: Kind = "edit"
    reason: str = "words"
    a_span: Span | None = None
    b_span: Span | None = None
    a_person_id: str | None = None
    b_person_id: str | None = None


@dataclass(frozen=True)
class _Value:
    """One value of a field in one copy: as shown, where to look for it in the text, its person id."""

    text: str
    needle: str  # the words to find in the copy's text
    person_id: str | None = None


def _line_span(text: str, line: int) -> Span | None:
    lines = text.split("\n")
    if not 0 <= line < len(lines):
        return None
    start = sum(len(ln) + 1 for ln in lines[:line])
    content = lines[line]
    stripped = content.strip()
    if not stripped:
        return None
    start += len(content) - len(content.lstrip())
    return (start, start + len(stripped))


def locate(text: str, needle: str, line: int | None = None) -> Span | None:
    """Where ``needle`` is written in ``text`` (case, diacritics and line breaks aside), looked for from ``line`` on
    first."""
    words = needle.split()
    if not words:
        return None
    folded = fold_aligned(text)
    pattern = re.compile(r"\s+".join(re.escape(fold_aligned(w)) for w in words))
    near = _line_span(text, line) if line is not None else None
    for start in [near[0], 0] if near else [0]:
        m = pattern.search(folded, start)
        if m:
            return (m.start(), m.end())
    return None


def _scalar_span(meeting: Meeting, name: str, value: str | None) -> Span | None:
    prov = meeting.provenance.get(name)
    line = prov.line - 1 if prov else None
    if value is None:
        return None
    if line is not None:
        found = locate(meeting.text, value, line)
        near = _line_span(meeting.text, line)
        if found and near and near[0] <= found[0] <= near[1]:
            return found
        if near:
            return near
    return locate(meeting.text, value)


def _paragraph(text: str, span: Span | None) -> Span | None:
    """The whole lines (paragraphs of the normalized text) a span stands on."""
    if span is None:
        return None
    start = text.rfind("\n", 0, span[0]) + 1
    end = text.find("\n", span[1])
    return (start, len(text) if end < 0 else end)


def _touches(d: Span, region: Span | None) -> bool:
    if region is None:
        return False
    if d[0] == d[1]:  # an insertion point
        return region[0] <= d[0] <= region[1]
    return d[0] < region[1] and region[0] < d[1]


def kind_of(
    text_a: str, text_b: str, a_span: Span | None, b_span: Span | None, differences: Sequence[TextDifference]
) -> tuple[Kind, str]:
    """The kind of a field difference: that of the text differences in the paragraphs of its values.

    The paragraph, not the value alone: an attendee moved to the excused differs by the label
    inserted before the name, not by the name.  No text difference there: the same words, laid
    out and read differently (a label on a line of its own, a list broken across a page).
    """
    region_a, region_b = _paragraph(text_a, a_span), _paragraph(text_b, b_span)
    under = [d for d in differences if _touches(d.a_span, region_a) or _touches(d.b_span, region_b)]
    for kind in KINDS:
        found = [d for d in under if d.kind == kind]
        if found:
            return kind, ", ".join(dict.fromkeys(d.reason for d in found))
    if a_span is not None and b_span is not None:
        return "layout", "same words, read differently"
    return "edit", "words"


class _Builder:
    def __init__(self, a: Meeting, b: Meeting, text: Sequence[TextDifference], person_ids: tuple[bool, bool]) -> None:
        self.a, self.b, self.text, self.person_ids = a, b, text, person_ids
        self.out: list[FieldDifference] = []

    def add(self, name: str, va: _Value | None, vb: _Value | None, change: Change) -> None:
        line_a = self.a.provenance[name].line - 1 if name in self.a.provenance else None
        line_b = self.b.provenance[name].line - 1 if name in self.b.provenance else None
        # where the value stands in each text; for a value one copy lacks, where its words are in that copy
        in_a, in_b = va or vb, vb or va
        sa = locate(self.a.text, in_a.needle, line_a) if in_a else None
        sb = locate(self.b.text, in_b.needle, line_b) if in_b else None
        kind, reason = kind_of(self.a.text, self.b.text, sa, sb, self.text)
        self.out.append(
            FieldDifference(
                name,
                va.text if va else None,
                vb.text if vb else None,
                change,
                kind,
                reason,
                sa,
                sb,
                va.person_id if va and self.person_ids[0] else None,
                vb.person_id if vb and self.person_ids[1] else None,
            )
        )

    def scalar(self, name: str) -> None:
        va, vb = _text(getattr(self.a, name)), _text(getattr(self.b, name))
        if fold(va or "") == fold(vb or ""):
            return
        sa, sb = _scalar_span(self.a, name, va), _scalar_span(self.b, name, vb)
        if va is None and vb is not None:
            sa = locate(self.a.text, vb)
        if vb is None and va is not None:
            sb = locate(self.b.text, va)
        kind, reason = kind_of(self.a.text, self.b.text, sa, sb, self.text)
        change: Change = "changed" if va and vb else ("added" if vb else "removed")
        self.out.append(FieldDifference(name, va, vb, change, kind, reason, sa, sb))

    def people(self, name: str, a: list[Person], b: list[Person]) -> None:
        only_a = [p for p in a if fold(p.name) not in {fold(x.name) for x in b}]
        only_b = [p for p in b if fold(p.name) not in {fold(x.name) for x in a}]
        pairs: list[tuple[Person, Person]] = []
        for tiers in (("id",), SAME_PERSON):
            for pa in list(only_a):
                match = next((pb for pb in only_b if _same_person(pa, pb, tiers, all(self.person_ids), only_b)), None)
                if match is not None:
                    pairs.append((pa, match))
                    only_a.remove(pa)
                    only_b.remove(match)
        order = {id(p): i for i, p in enumerate(a)}
        for pa, pb in sorted(pairs, key=lambda pair: order[id(pair[0])]):
            self.add(name, _person(pa), _person(pb), "renamed")
        for p in only_a:
            self.add(name, _person(p), None, "removed")
        for p in only_b:
            self.add(name, None, _person(p), "added")

    def items(self, name: str, a: list[_Value], b: list[_Value]) -> None:
        """A list compared in order: items replaced one for one are ``changed``."""
        fa, fb = [fold(v.text) for v in a], [fold(v.text) for v in b]
        matcher = difflib.SequenceMatcher(a=fa, b=fb, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            if tag == "replace" and i2 - i1 == j2 - j1:
                for va, vb in zip(a[i1:i2], b[j1:j2], strict=True):
                    self.add(name, va, vb, "changed")
                continue
            for va in a[i1:i2]:
                if fold(va.text) not in fb:
                    self.add(name, va, None, "removed")
            for vb in b[j1:j2]:
                if fold(vb.text) not in fa:
                    self.add(name, None, vb, "added")


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _person(p: Person) -> _Value:
    return _Value(p.name, p.raw, p.person_id)


def _same_person(pa: Person, pb: Person, tiers: tuple[str, ...], ids: bool, candidates: list[Person]) -> bool:
    if tiers == ("id",):
        return ids and pa.person_id is not None and pa.person_id == pb.person_id
    tier = match_tier(pa.name, pb.name)
    if tier == "surname":  # a surname alone is this person only when nobody else in the list fits
        return sum(match_tier(pa.name, c.name) is not None for c in candidates) == 1
    return tier in tiers


def compare_fields(
    a: Meeting, b: Meeting, text: Sequence[TextDifference], person_ids: tuple[bool, bool] = (False, False)
) -> list[FieldDifference]:
    """Field differences of two meetings; ``text`` are their text differences.  ``person_ids`` says for
    each meeting whether its person ids are an archive registry's (a meeting JSON written by ``zapis
    ingest``): those are shown, and two names with one id are one person; a file's are not."""
    build = _Builder(a, b, text, person_ids)
    for name in SCALAR_FIELDS:
        build.scalar(name)
    build.items("agenda", [_Value(x, x) for x in a.agenda], [_Value(x, x) for x in b.agenda])
    for name in PEOPLE:
        build.people(name, getattr(a, name), getattr(b, name))
    for name in SINGLE_PEOPLE:
        pa, pb = getattr(a, name), getattr(b, name)
        build.people(name, [pa] if pa else [], [pb] if pb else [])
    build.items(
        "next_meetings",
        [_Value(f"{m.date or '?'} {m.time or ''}".strip(), m.raw) for m in a.next_meetings],
        [_Value(f"{m.date or '?'} {m.time or ''}".strip(), m.raw) for m in b.next_meetings],
    )
    build.items(
        "contacts",
        [_Value(" ".join(filter(None, [c.name, c.phone, c.email])), c.raw) for c in a.contacts],
        [_Value(" ".join(filter(None, [c.name, c.phone, c.email])), c.raw) for c in b.contacts],
    )
    return build.out
