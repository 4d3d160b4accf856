"""Next meetings ("Příští jednání 14. 11. 13:30, místnost č. 209") and other dates in the text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from zapis.lang import fold, fold_aligned, load, phrases
from zapis.parse.body_name import body_from_title
from zapis.parse.dates import DateMatch, find_dates, find_times, next_date_after
from zapis.schema import NextMeeting


@dataclass(frozen=True)
class NextMeetingEntry:
    date: dt.date | None
    time: str | None
    location: str | None
    raw: str
    line: int

    def next_meeting(self) -> NextMeeting:
        return NextMeeting(date=self.date, time=self.time, location=self.location, raw=self.raw)


@cache
def _next_re() -> re.Pattern[str]:
    spec = load("minutes")["next_meeting"]
    # stems, so that every case form matches: "další", "dalšího", "příštím"
    adjectives = "|".join(fold(a)[:-1] for a in spec["adjectives"])
    nouns = "|".join(fold(n) for n in sorted(spec["nouns"], key=len, reverse=True))
    return re.compile(rf"\b(?:{adjectives})\w*\s+(?:\w+\s+){{0,2}}?(?:{nouns})\w*\b")


def names_next_meeting(line: str) -> bool:
    """ "Příští jednání bude …", "další schůze výboru …", "se schůze svolává na …": the line is
    about the next meeting."""
    return _next_re().search(fold(line)) is not None or _convened_re().search(fold_aligned(line)) is not None


@cache
def _convened_re() -> re.Pattern[str]:
    """A meeting noun, then (within a few words) a verb that convenes it for a date, in folded text."""
    nouns = phrases("minutes", "next_meeting", "nouns").source
    verbs = phrases("minutes", "next_meeting", "convened").source
    return re.compile(rf"(?<!\w){nouns}\w*\s+(?:\w+\s+){{0,2}}?{verbs}(?!\w)")


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ])")


@cache
def _place_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """In folded text (minutes.toml, [location]): a place right after the date, a place later in
    the sentence, and a sentence that introduces the place ("Potkáme se …")."""
    starts = phrases("minutes", "location", "next_place_starts").source
    sentences = phrases("minutes", "location", "next_place_sentences").source
    right_after = re.compile(rf"^[\s,;–-]*((?:{starts}|v\s|ve\s|na\s)[^;]*?)\s*\.?\s*$")
    later = re.compile(
        rf"(?:^|[,;.]\s*|\s)(?:v|ve|na|misto(?: konani)?:?|{sentences})\s+((?:{starts}|\w+ske|\w+ci)[^;]*)"
    )
    introduces = re.compile(rf"^{sentences}(?!\w)")
    return right_after, later, introduces


def _place(sentence: str, after: int) -> str | None:
    """The place of a next meeting: what follows its date and time ("místnost č. 209, radnice Liberec")."""
    rest = sentence[after:]
    if phrases("minutes", "location", "to_be_announced").search(rest):
        return None
    right_after, later, _ = _place_patterns()
    folded = fold_aligned(rest)
    m = right_after.match(folded)
    if m:
        place = re.sub(r"^(?:v|ve|na)\s+", "", rest[m.start(1) : m.end(1)].strip(" .,"))
        return place or None
    m = later.search(folded)
    if m:
        return rest[m.start(1) : m.end(1)].strip(" .,")
    return None


def find_next_meetings(
    lines: list[str], meeting_date: dt.date | None, body: str | None = None
) -> list[NextMeetingEntry]:
    """Meetings to come: "Příští jednání bude 5. 6.", and in a list of dates to come an entry that
    names a meeting of this body ("- 13. 11. v 18.00 hodin – jednání výboru")."""
    out: list[NextMeetingEntry] = []

    def about_next(text: str) -> bool:
        return names_next_meeting(text) or (body is not None and _meeting_of(text, body))

    for i, line in enumerate(lines):
        if not about_next(line):
            continue
        # the sentence that names the next meeting, and the following one for "Potkáme se …"
        sentences = _SENTENCE_SPLIT.split(line)
        for k, sentence in enumerate(sentences):
            if not about_next(sentence):
                continue
            dates = _dates_in(sentence, meeting_date)
            if not dates:
                continue
            times = [t for t in find_times(sentence) if not any(d.start <= t.start < d.end for d in dates)]
            time = times[0].time if times else None
            after = max([d.end for d in dates] + [t.end for t in times[:1]])
            place = _place(sentence, after)
            if place is None and k + 1 < len(sentences) and _place_patterns()[2].match(fold_aligned(sentences[k + 1])):
                place = _place(sentences[k + 1], 0)
            for d in dates:
                out.append(NextMeetingEntry(d.date, time, place, sentence.strip(), i))
            break
    # one entry per date: later mentions (a repeated sentence) add nothing
    seen: set[dt.date | None] = set()
    unique = []
    for e in out:
        if e.date not in seen:
            seen.add(e.date)
            unique.append(e)
    return unique


def _meeting_of(line: str, body: str) -> bool:
    """Does a short line of a list of dates to come, the date first, name a meeting of ``body``
    ("- 13. 11. v 18.00 hodin – jednání výboru")?"""
    bullet = re.match(r"^\s*[-–•*]\s*", line)
    dates = find_dates(line, default_year=2000)  # where a date stands, with its year or without
    if len(line) > 120 or bullet is None or not dates or dates[0].start != bullet.end():
        return False
    named = body_from_title(line)
    return named is not None and fold(named) == fold(body)


def _dates_in(sentence: str, meeting_date: dt.date | None) -> list[DateMatch]:
    raw = find_dates(sentence, default_year=meeting_date.year if meeting_date else None)
    out = []
    for d in raw:
        date = d.date
        if d.year_inferred and meeting_date is not None:
            date = next_date_after(d.date.month, d.date.day, meeting_date) or d.date
        if meeting_date is not None and date <= meeting_date:
            continue  # "zápis z 6. 3." in the same sentence is the past
        out.append(DateMatch(date, d.start, d.end, d.raw, d.year_inferred))
    return out


def find_dates_mentioned(
    lines: list[str], meeting_date: dt.date | None, skip_lines: set[int]
) -> list[tuple[DateMatch, int]]:
    """Other dates (deadlines, events), with the year taken from the meeting date when missing."""
    out = []
    for i, line in enumerate(lines):
        if i in skip_lines:
            continue
        for d in find_dates(line, reference=meeting_date):
            if meeting_date is not None and d.date == meeting_date:
                continue
            out.append((d, i))
    return out
