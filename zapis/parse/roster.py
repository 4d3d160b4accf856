"""A roster: the members one a line, with their office or their presence written beside them.

    Předseda: Jiří Novák                         Novák Jiří přítomen
    Jednatel : Petr Malý                         Malá Eva přítomna
    Pokladní: Jan Veselý – omluven               Dlouhý Karel
    Dozorčí komise: Eva Krátká – nepřítomna      Veselá Jana přítomna

Minutes without a "Přítomni:" label often list the committee this way.  A line's presence word
decides where its person goes; an unmarked line counts as present, unless the roster marks
presence line by line (then an unmarked member was not there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from zapis.lang import clean_name, fold_aligned, phrases
from zapis.parse.people import PersonEntry

MIN_LINES = 3
_OFFICE = re.compile(r"^\s*(?P<office>[^\W\d][\w .]{1,40}?)\s*:\s*(?P<rest>.+)$")


@dataclass(frozen=True)
class Roster:
    present: list[PersonEntry]
    excused: list[PersonEntry]
    absent: list[PersonEntry]
    first: int  # the roster's first and last lines
    last: int


@cache
def _status() -> dict[str, re.Pattern[str]]:
    """Presence words at the end of a line, in folded text (minutes.toml, [roster])."""
    return {
        key: re.compile(rf"(?:\s*[–—-]\s*|\s+|,\s*){phrases('minutes', 'roster', key).source}\s*[.,;]?\s*$")
        for key in ("present", "excused", "absent")
    }


def _entry(line: str, i: int) -> tuple[PersonEntry, str | None] | None:
    """The person of a roster line and its presence word (None when the line gives none)."""
    folded = fold_aligned(line)
    status = None
    text = line
    for key, pattern in _status().items():
        m = pattern.search(folded)
        if m:
            status, text = key, line[: m.start()]
            break
    office = None
    m = _OFFICE.match(text)
    if m:
        office, text = m.group("office").strip(), m.group("rest")
    if "," in text or len(text.split()) > 5:
        return None
    clean = clean_name(text.strip(" .;"))
    if clean is None:
        return None
    return PersonEntry(clean.name, text.strip(), clean.organization, office or clean.role, i), status


def find_roster(lines: list[str], start: int, skip: set[int]) -> Roster | None:
    """The first run of at least three roster lines from ``start`` on, outside ``skip``."""
    run: list[tuple[int, PersonEntry, str | None]] = []
    for i in range(start, len(lines)):
        line = lines[i]
        entry = _entry(line, i) if line.strip() and i not in skip else None
        # a line with an office or a presence word; a bare name only inside a run already begun
        shaped = entry is not None and (entry[1] is not None or bool(_OFFICE.match(line)) or bool(run))
        if shaped and entry is not None:
            run.append((i, *entry))
            continue
        if line.strip() or i in skip:
            if len(run) >= MIN_LINES:
                break
            run = []
    if len(run) < MIN_LINES:
        return None
    marked = any(status == "present" for _, _, status in run)
    present = [e for _, e, s in run if s == "present" or (s is None and not marked)]
    excused = [e for _, e, s in run if s == "excused"]
    absent = [e for _, e, s in run if s == "absent"]
    return Roster(present, excused, absent, run[0][0], run[-1][0])
