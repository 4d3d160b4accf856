"""Labelled lines: "Přítomni: …", "Omluveni:", "Program:", "Zapsal:", "Datum: …".

A label starts a line (after an optional bullet), may be followed by a few more words
("Přítomni členové výboru", "Hosté z řad rodičů") and ends with a colon, or a dash ("Místo
konání – klubovna"), or nothing when what follows is plainly its value ("Datum 24. 9. 2018",
"Přítomni Novák J., Malá E.": a header table flattened to text).  Run-on texts put
several labels on one line ("… J. Valouch, Omluveni poslanci: R. Dušek"); those lines are
split before a capitalised label so that each label starts its own line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from zapis.lang import fold, load, phrases, without_word_bullet
from zapis.parse.dates import starts_with_date

FIELDS = (
    "attendees", "excused", "absent", "guests", "substitutes", "recorded_by", "verified_by", "chair",
    "agenda", "date", "time", "end_time", "location",
)  # fmt: skip
# Labels of who was there and who was not: each heads a list of people.
PRESENCE_FIELDS = ("attendees", "excused", "absent", "guests")
# Labels that may stand without a colon when a name or date follows ("Zapsala M. Petřinová").
NO_COLON_FIELDS = ("recorded_by", "verified_by")
# Labels that may stand without a colon when what follows is plainly their value: a header laid
# out as a table, its cells flattened to "Datum 24. 9. 2018", "Přítomni Novák J., Malá E.".
VALUE_FIELDS = ("date", "attendees", "excused", "absent")
_DASH_SEPARATOR = re.compile(r"[–—-]\s+(?=\S)")
# A list of two or more names, each of one to four capitalised words, titles or initials
# ("Ing. Jan Novák", "Novák J.", "Vl. Ježek").
_NAME = r"[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][\w.-]*(?:\s+[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][\w.-]*){0,3}"
_NAME_LIST = re.compile(rf"^{_NAME}(?:\s*,\s*{_NAME})+\s*[,.]?$")


@dataclass(frozen=True)
class Label:
    field: str
    label: str  # the label words as written
    rest: str  # what follows the colon on the same line
    has_colon: bool


@cache
def _label_map() -> dict[str, str]:
    """Folded label → field ("ověřovatelé zápisu" → verified_by); the first field listing a label wins."""
    labels = load("minutes")["labels"]
    out: dict[str, str] = {}
    for field in FIELDS:
        for lbl in labels.get(field, []):
            out.setdefault(fold(lbl), field)
    return out


@cache
def _longest_label_words() -> int:
    return max(len(label.split()) for label in _label_map())


_LINE_LABEL = re.compile(r"^\s*(?:[-–*•]\s*)?(?P<label>[^\W\d][\w ()/.,-]{0,60}?)\s*:\s*(?P<rest>.*)$")
# Words allowed between the label and the colon ("Přítomni členové výboru ZO:")
_MAX_EXTRA_WORDS = 3


def _leading_label(words: list[str]) -> tuple[str, str, int] | None:
    """(label, field, number of its words) of the longest label the words start with."""
    labels = _label_map()
    for k in range(min(len(words), _longest_label_words()), 0, -1):
        label = " ".join(words[:k])
        if label in labels:
            return label, labels[label], k
    return None


def match_label(line: str) -> Label | None:
    """The label that starts ``line``, if any (after a bullet: "-", "•", the "o" of text from Word)."""
    line = without_word_bullet(line)
    m = _LINE_LABEL.match(line)
    if m:
        head = m.group("label")
        # "Přítomni (abecedně dle příjmení):", "Přítomní zastupitelé (viz presenční listina):"
        words = fold(re.sub(r"\([^)]*\)", " ", head)).split()
        found = _leading_label(words)
        if found is not None and len(words) - found[2] <= _MAX_EXTRA_WORDS:
            return Label(_refine(found[1], words[found[2] :]), head, m.group("rest").strip(), True)
        # "Za úřad byly dále přítomny:": the others present for an office (the label after "za X")
        if found is None and words[0] in phrases("names", "group_prefixes"):
            for start in range(2, min(len(words), 5)):  # "Za úřad …", "Za obecní úřad …"
                later = _leading_label(words[start:])
                if later is not None and later[1] == "guests" and len(words) - start - later[2] <= _MAX_EXTRA_WORDS:
                    return Label("guests", head, m.group("rest").strip(), True)
    return _match_no_colon(line)


def _value_fits(label: str, field: str, rest: str) -> bool:
    """Whether ``rest``, after a label without a colon, is that label's value and not a sentence
    ("Datum konání bylo změněno", "Přítomni byli všichni členové").  Of the date labels only the
    noun "datum" heads a cell: "Dne 4. 5. se sešel výbor" is a sentence, "Termín 15. 12." a deadline."""
    if field == "date":
        return label.startswith("datum") and starts_with_date(rest)
    return bool(_NAME_LIST.match(rest))


def _refine(field: str, extra: list[str]) -> str:
    """ "Přítomní hosté:" lists guests, "Přítomni – omluveni:" the excused: the later word decides."""
    for word in extra:
        other = _label_map().get(word)
        if other in ("guests", "excused", "absent") and other != field:
            return other
    return field


def _match_no_colon(line: str) -> Label | None:
    stripped = re.sub(r"^[-–*•]\s+", "", line.strip())  # "- Zapisovatel ses. Eva Malá": a bullet first
    words = fold(stripped).split()
    found = _leading_label(words)
    if found is None:
        return None
    label, field, k = found
    if field == "agenda" and k == len(words):  # "Body programu" as a heading of its own
        return Label(field, stripped, "", False)
    if label == "zapis":
        return None
    written = " ".join(stripped.split()[:k])
    rest = stripped[len(written) :].strip() if stripped.startswith(written) else " ".join(stripped.split()[k:])
    # "Místo konání – učebna č. 5", "Zapisovatelka – Jíšová": a dash stands for the colon
    if (dash := _DASH_SEPARATOR.match(rest)) and field != "agenda":
        value = rest[dash.end() :].strip()
        # a date or time after the dash, not a sentence ("Zahájení – předseda přivítal přítomné")
        if field not in ("date", "time", "end_time") or value[:1].isdigit():
            return Label(field, written, value, False)
    if field in VALUE_FIELDS and _value_fits(label, field, rest):
        return Label(field, written, rest, False)
    if field not in NO_COLON_FIELDS:
        return None
    # "Zapsala M. Petřinová – 4.11.2015", "zapsal 2.11.2017 Bosák", "Zapsal dne 6.12.2006"
    if rest == "" or re.match(r"^(?:dne\b|\d|[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]|\(|[a-z]{2,}\b)", rest):
        return Label(field, written, rest, False)
    return None


def _alternation(labels: Iterable[str]) -> str:
    """Labels as one alternation of a regular expression, the longest first ("hosté jednání" before "hosté")."""
    return "|".join(sorted({re.escape(label) for label in labels}, key=len, reverse=True))


@cache
def _inline_label_re() -> re.Pattern[str]:
    """A capitalised label with a colon in the middle of a line."""
    labels = load("minutes")["labels"]
    fields = (
        "attendees", "excused", "absent", "guests", "agenda", "date", "location", "time", "recorded_by",
        "verified_by", "chair", "substitutes",
    )  # fmt: skip
    caps = {lbl[0].upper() + lbl[1:] for f in fields for lbl in labels.get(f, []) if len(lbl) >= 4 and lbl[0].isalpha()}
    alt, lower = _alternation(caps), _alternation(c[0].lower() + c[1:] for c in caps)
    # a capitalised label anywhere; one in lower case only after a semicolon ("Dne: 7. 9.; zapsal: …")
    return re.compile(rf"(?<=[\s,;.)])(?=(?:{alt})(?:\s+[\w.]+){{0,3}}\s?:\s)|(?<=;\s)(?=(?:{lower})\s?:\s)")


@cache
def _listed_label_re() -> re.Pattern[str]:
    """A label of people in lower case after a comma, in a run-on list of names: "…, Macák,
    omluveni: Dub, Malá, hosté: Kos" (the names go on over lines, each label where its list begins)."""
    labels = load("minutes")["labels"]
    alt = _alternation(lbl for f in PRESENCE_FIELDS for lbl in labels.get(f, []))
    return re.compile(rf"(?<=,\s)(?=(?:{alt})\s?:\s)")


def split_inline_labels(line: str) -> list[str]:
    """ "Přítomni: A, B Omluveni: C" → ["Přítomni: A, B", "Omluveni: C"]."""
    if ":" not in line:
        return [line]
    parts = _listed_label_re().split(line)
    if line.count(":") >= 2:
        parts = [q for part in parts for q in _inline_label_re().split(part)]
    return [p.strip() for p in parts if p.strip()] or [line]
