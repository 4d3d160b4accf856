"""Dates and times as Czech minutes write them.

"19. září 2022", "19. 9. 2022", "19.9.2022", "1.12 2018", "2022-09-19", "13. 06. 2012",
"10.6." (no year); times "13:00", "13.30 hod", "od 14 h", "od 18 hodin", "16.oo", "18,00 hod".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from zapis.lang import fold_aligned, load, phrases


@dataclass(frozen=True)
class DateMatch:
    date: dt.date
    start: int
    end: int
    raw: str
    year_inferred: bool


@dataclass(frozen=True)
class TimeMatch:
    time: str  # "HH:MM"
    start: int
    end: int
    raw: str


@cache
def _month_words() -> dict[str, int]:
    return {word: int(month) for month, forms in load("minutes")["months"].items() for word in forms}


@cache
def _date_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    months = "|".join(sorted(_month_words(), key=len, reverse=True))
    # 19. září 2022 / 19 září 2022 / 19. září (year optional)
    words = re.compile(rf"(?<!\d)(\d{{1,2}})\.?\s*({months})(?:\s+(\d{{4}}))?(?![\w])", re.IGNORECASE)
    # 19. 9. 2022 / 19.9.2022 / 1.12 2018 / 13. 06. 2012 / 10.6. / 19/9/2022
    numeric = re.compile(
        r"(?<![\d.,/])(\d{1,2})\s?[./]\s?(\d{1,2})(?:\s?[./]\s?(\d{4}|\d{2}(?![\d.:]))|\s(\d{4})|\s?\.(?!\d))?(?![\d:])"
    )
    iso = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
    # 15-10-2024: day, month and year with hyphens (never a range: the year has four digits)
    dashed = re.compile(r"(?<![\d-])(\d{1,2})-(\d{1,2})-(\d{4})(?![\d-])")
    return words, numeric, iso, dashed


_DIGIT = re.compile(r"\d")
_DAY_RANGE = re.compile(
    r"(?<![\d.])(?P<first>\d{1,2})\.\s*(?:[–-]|a)\s*\d{1,2}\.\s*(?P<month>\d{1,2})\.\s*(?P<year>\d{4})(?!\d)"
)


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year(raw: str) -> int:
    y = int(raw)
    return y + 2000 if y < 100 else y


def find_dates(text: str, default_year: int | None = None, reference: dt.date | None = None) -> list[DateMatch]:
    """Every date in ``text``, in order.

    A date without a year takes ``default_year``; with a ``reference`` (the meeting date)
    instead, it takes the reference's year, or the next year when the date would fall more
    than ``_PAST_DAYS`` days before the reference.  Without either, yearless dates are skipped.
    """
    if not _DIGIT.search(text):
        return []  # every form of a date has its day in digits
    words, numeric, iso, dashed = _date_patterns()
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, year: str | None, month: int, day: int) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        if year:
            date = _make_date(_year(year), month, day)
            inferred = False
        else:
            date = _infer_year(month, day, default_year, reference)
            inferred = True
        if date is None or not 1900 <= date.year <= 2100:
            return
        taken.append((start, end))
        found.append(DateMatch(date, start, end, text[start:end].strip(), inferred))

    for m in iso.finditer(text):
        add(m.start(), m.end(), m.group(1), int(m.group(2)), int(m.group(3)))
    # "ve dnech 25. – 26. 11. 2016", "25. a 26. 4. 2017": a meeting over days is dated by its first
    for m in _DAY_RANGE.finditer(text):
        add(m.start(), m.end(), m.group("year"), int(m.group("month")), int(m.group("first")))
    for m in dashed.finditer(text):
        if int(m.group(2)) <= 12:
            add(m.start(), m.end(), m.group(3), int(m.group(2)), int(m.group(1)))
    for m in words.finditer(text):
        add(m.start(), m.end(), m.group(3), _month_words()[m.group(2).lower()], int(m.group(1)))
    for m in numeric.finditer(text):
        day, month = int(m.group(1)), int(m.group(2))
        year = m.group(3) or m.group(4)
        if not year and not m.group(0).rstrip().endswith("."):
            continue  # "3/4" or "12.5" without a closing dot is a ratio or a decimal number
        if not 1 <= month <= 12 or not 1 <= day <= 31:
            continue
        add(m.start(), m.end(), year, month, day)
    found.sort(key=lambda d: d.start)
    return found


_PAST_DAYS = 60


def starts_with_date(text: str) -> bool:
    """Whether ``text`` opens with a date (after at most two characters: "1) 5. 5. 2020"), with or without its year."""
    dates = find_dates(text, default_year=2000)
    return bool(dates) and dates[0].start <= 2


def _infer_year(month: int, day: int, default_year: int | None, reference: dt.date | None) -> dt.date | None:
    if reference is not None:
        date = _make_date(reference.year, month, day)
        if date is not None and (reference - date).days > _PAST_DAYS:
            date = _make_date(reference.year + 1, month, day)
        return date
    if default_year is not None:
        return _make_date(default_year, month, day)
    return None


def next_date_after(month: int, day: int, reference: dt.date) -> dt.date | None:
    """A yearless date of a future meeting: the first such date after ``reference``."""
    date = _make_date(reference.year, month, day)
    if date is not None and date < reference:
        date = _make_date(reference.year + 1, month, day)
    return date


# --- times --------------------------------------------------------------------------------


@cache
def _time_re() -> re.Pattern[str]:
    """Clock times in folded text: "13:00", "13.30 hod", "16.oo", "od 18 hodin" (minutes.toml, [time])."""
    hours = phrases("minutes", "time", "hour_words").source
    before = phrases("minutes", "time", "before").source
    return re.compile(
        rf"(?<![\d.,:/])([01]?\d|2[0-3])\s?[:.,]\s?([0-5]\d|oo)(?![\d.]\d)(?:\s*{hours}(?!\w))?"
        rf"|(?<!\w){before}\s+([01]?\d|2[0-3])\s*{hours}(?!\w)"
    )


def find_times(text: str) -> list[TimeMatch]:
    """Every clock time in ``text``: "13:00", "13.30 hod", "16.oo", "od 18 hodin", "od 14 h"."""
    out = []
    for m in _time_re().finditer(fold_aligned(text)):
        if m.group(1) is not None:
            hour, minute = int(m.group(1)), m.group(2)
            minute_value = 0 if minute.lower() == "oo" else int(minute)
            sep = text[m.end(1) : m.start(2)].strip()
            if sep in (".", ",") and not _looks_like_time(text, m):
                continue
        else:
            hour, minute_value = int(m.group(3)), 0
        start = m.start(1) if m.group(1) is not None else m.start(3)
        if hour == 0 and minute_value == 0:
            continue  # "od 00:00h": a form's placeholder; no meeting is called for midnight
        out.append(TimeMatch(f"{hour:02d}:{minute_value:02d}", start, m.end(), text[start : m.end()].strip()))
    return out


def _looks_like_time(text: str, m: re.Match[str]) -> bool:
    """ "13.30" is a time only with a time word near it or when nothing else explains it."""
    after = text[m.end(2) : m.end(2) + 8]
    before = text[max(0, m.start() - 12) : m.start()]
    if phrases("minutes", "time", "hour_words").startswith(after) or m.group(2).lower() == "oo":
        return True
    if phrases("minutes", "time", "before").endswith(before.rstrip(" :")):
        return True
    # a date immediately before ("2.6.2025 18.55") makes the pair a time
    return bool(re.search(r"\d{4}\s*,?\s*$", before))
