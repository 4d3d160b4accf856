"""Labelled lines: "Přítomni: …", "Omluveni:", "Program:", "Zapsal:", "Datum: …".

A label starts a line (after an optional bullet), may be followed by a few more words
("Přítomni členové výboru", "Hosté z řad rodičů") and ends with a colon.  Run-on texts put
several labels on one line ("… J. Valouch, Omluveni poslanci: R. Dušek"); those lines are
split before a capitalised label so that each label starts its own line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from zapis.normalize.czech import fold
from zapis.vocab import load

FIELDS = (
    "attendees", "excused", "absent", "guests", "substitutes", "recorded_by", "verified_by", "chair",
    "agenda", "date", "time", "end_time", "location",
)  # fmt: skip
# Labels that may stand without a colon when a name or date follows ("Zapsala M. Petřinová").
NO_COLON_FIELDS = ("recorded_by", "verified_by")


@dataclass(frozen=True)
class Label:
    field: str
    label: str  # the label words as written
    rest: str  # what follows the colon on the same line
    has_colon: bool


@cache
def _label_index() -> list[tuple[str, str]]:
    """(folded label, field), longest labels first so "ověřovatelé zápisu" wins over "ověřovatelé"."""
    labels = load("minutes")["labels"]
    pairs = [(fold(lbl), field) for field in FIELDS for lbl in labels.get(field, [])]
    return sorted(pairs, key=lambda p: -len(p[0]))


_LINE_LABEL = re.compile(r"^\s*(?:[-–*•]\s*)?(?P<label>[^\W\d][\w ()/.,-]{0,60}?)\s*:\s*(?P<rest>.*)$")
# Words allowed between the label and the colon ("Přítomni členové výboru ZO:")
_MAX_EXTRA_WORDS = 3


def match_label(line: str) -> Label | None:
    """The label that starts ``line``, if any."""
    m = _LINE_LABEL.match(line)
    if m:
        head = m.group("label")
        folded = fold(head)
        for label, field in _label_index():
            if folded == label or (
                folded.startswith(label + " ") and len(folded[len(label) :].split()) <= _MAX_EXTRA_WORDS
            ):
                return Label(_refine(field, folded[len(label) :]), head, m.group("rest").strip(), True)
    return _match_no_colon(line)


def _refine(field: str, extra: str) -> str:
    """ "Přítomní hosté:" lists guests, "Přítomni – omluveni:" the excused: the later word decides."""
    for word in extra.split():
        for label, other in _label_index():
            if word == label and other in ("guests", "excused", "absent") and other != field:
                return other
    return field


def _match_no_colon(line: str) -> Label | None:
    stripped = line.strip()
    folded = fold(stripped)
    for label, field in _label_index():
        if field == "agenda" and folded == label:  # "Body programu" as a heading of its own
            return Label(field, stripped, "", False)
        if field not in NO_COLON_FIELDS or label in ("zapis",):
            continue
        if folded.startswith(label + " ") or folded == label:
            rest = stripped[len(label) :].strip()
            # "Zapsala M. Petřinová – 4.11.2015", "zapsal 2.11.2017 Bosák", "Zapsal dne 6.12.2006"
            if rest == "" or re.match(r"^(?:dne\b|\d|[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]|\(|[a-z]{2,}\b)", rest):
                return Label(field, stripped[: len(label)], rest, False)
    return None


@cache
def _inline_label_re() -> re.Pattern[str]:
    """A capitalised label with a colon in the middle of a line."""
    labels = load("minutes")["labels"]
    alts = set()
    for field in (
        "attendees",
        "excused",
        "absent",
        "guests",
        "agenda",
        "date",
        "location",
        "time",
        "recorded_by",
        "verified_by",
        "chair",
        "substitutes",
    ):
        for lbl in labels.get(field, []):
            if len(lbl) >= 4 and lbl[0].isalpha():
                alts.add(re.escape(lbl[0].upper() + lbl[1:]))
    alt = "|".join(sorted(alts, key=len, reverse=True))
    return re.compile(rf"(?<=[\s,;.)])(?=(?:{alt})(?:\s+[\w.]+){{0,3}}\s?:\s)")


def split_inline_labels(line: str) -> list[str]:
    """ "Přítomni: A, B Omluveni: C" → ["Přítomni: A, B", "Omluveni: C"]."""
    if line.count(":") < 2:
        return [line]
    parts = _inline_label_re().split(line)
    return [p.strip() for p in parts if p.strip()] or [line]
