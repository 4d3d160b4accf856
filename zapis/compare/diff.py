"""Two copies → their field and text differences, each of a kind, and whether they are copies at all."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from zapis.compare.fields import FieldDifference, compare_fields
from zapis.compare.sides import Side
from zapis.compare.text import KINDS, Alignment, Kind, TextDifference, align
from zapis.lang import fold

# Copies of one meeting share nearly all their words (a scan misreads a few, a copy edited by
# hand changes a few); minutes of two meetings of one body share their template and names, on
# the samples 5–19 % of their words, copies 98–100 %.
LOW_SIMILARITY = 0.5  # under this, not copies of one meeting whatever the fields say
SAME_TEXT = 0.9  # from this on, a date or body that differs is a difference, not another meeting
SAME_BODY = 80  # rapidfuzz token-set ratio from which two bodies are one written differently


@dataclass(frozen=True)
class Copies:
    """Whether two files look like copies of one meeting, and why not."""

    likely: bool
    similarity: float  # share of the words the texts have in common, 0–1
    reasons: tuple[str, ...]  # "other date (2022-09-19, 2023-09-11)", …

    def line(self) -> str:
        return "NOT COPIES: these files do not look like copies of one meeting: " + "; ".join(self.reasons) + "."


@dataclass(frozen=True)
class DiffResult:
    a: Side
    b: Side
    fields: list[FieldDifference]
    alignment: Alignment
    copies: Copies

    @property
    def text(self) -> list[TextDifference]:
        return self.alignment.differences

    def counts(self) -> dict[Kind, int]:
        kinds = Counter([d.kind for d in self.fields] + [d.kind for d in self.text])
        return {k: kinds.get(k, 0) for k in KINDS}

    def counted(self, strict: bool = False) -> int:
        """The differences that make the copies differ: edits, or every kind with ``strict``."""
        counts = self.counts()
        return sum(counts.values()) if strict else counts["edit"]

    def same(self, strict: bool = False) -> bool:
        return self.counted(strict) == 0


def copies_verdict(a: Side, b: Side, similarity: float) -> Copies:
    ma, mb = a.meeting, b.meeting
    reasons = []
    if similarity < SAME_TEXT:
        if ma.date and mb.date and ma.date != mb.date:
            reasons.append(f"other date ({ma.date.isoformat()} and {mb.date.isoformat()})")
        if ma.body and mb.body and fuzz.token_set_ratio(fold(ma.body), fold(mb.body)) < SAME_BODY:
            reasons.append(f"other body ({ma.body} and {mb.body})")
    if similarity < LOW_SIMILARITY or reasons:
        reasons.append(f"{similarity:.0%} of the words in common")
    return Copies(not reasons, similarity, tuple(reasons))


def diff_sides(a: Side, b: Side) -> DiffResult:
    alignment = align(a.copy, b.copy)
    fields = compare_fields(a.meeting, b.meeting, alignment.differences, (a.from_json, b.from_json))
    return DiffResult(a, b, fields, alignment, copies_verdict(a, b, alignment.similarity))
