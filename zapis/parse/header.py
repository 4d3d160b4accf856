"""The head of the minutes: title, series banner, body, date, start time and place."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

from zapis.lang import fold, fold_aligned, load, phrases, proper_nominative, words
from zapis.parse.agenda import sentence_end
from zapis.parse.body_name import body_from_heading, body_from_title
from zapis.parse.dates import DateMatch, TimeMatch, find_dates, find_times, starts_with_date
from zapis.parse.labels import Label, match_label
from zapis.parse.lines import next_filled
from zapis.parse.numbering import starts_item
from zapis.parse.places import nominative_place
from zapis.parse.schedule import names_next_meeting

_MAX_HEADER_LINES = 30


@cache
def _title_re() -> re.Pattern[str]:
    """ "Zápis z …", "ZÁPIS č. 3/2021 ze …", "Zápis 5/2024", a title word alone on its line; in folded text."""
    words = phrases("minutes", "title", "words")
    spaced = "|".join(re.escape(" ".join(w)) for w in sorted(words.keys, key=len, reverse=True))
    return re.compile(rf"(?:^|(?<=[\s\W]))({words.source}|{spaced})\.?(?:\s+(?:c\.\s*\d+\S*\s+)?(?:z|ze)\b|\s*$|\s+\d)")


_BARE_TITLE = re.compile(r"^\s*(?:zapis|zapisy)(?:\s+c\s*\.?\s*[\w/. -]{1,12})?\s*[:.]?\s*$")


@cache
def _continues_title() -> re.Pattern[str]:
    """What the title word records, on the next line: "z jednání …", "o průběhu …", "4. jednání …" (folded)."""
    events = phrases("bodies", "events", "words").source
    return re.compile(rf"^\s*(?:(?:z|ze|o)\s+\w|\d{{1,3}}\s*\.\s*(?:\w+\s+){{0,2}}?{events}(?!\w))")


def join_broken_title(lines: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    """A title broken over lines is one title line (the following lines go into the first):

    - "Zápis č. 5" / "z ustavujícího zasedání …": a title word alone, continued by what it records;
    - "ZÁPIS Z USTAVUJÍCÍHO ZASEDÁNÍ" / "ZASTUPITELSTVA MĚSTSKÉ ČÁSTI PRAHA 18" / "11. LISTOPADU
      2010": a title in capitals, continued by short lines in capitals.
    """
    out: list[str] = []
    out_origin: list[int] = []
    skip: set[int] = set()
    for i, line in enumerate(lines):
        if i in skip:
            continue
        parts = _title_continuation(lines, i)
        if parts:
            out.append(" ".join([line.strip(), *(lines[k].strip() for k in parts)]))
            out_origin.append(origin[i])
            skip.update(range(i + 1, parts[-1] + 1))
            continue
        out.append(line)
        out_origin.append(origin[i])
    return out, out_origin


def _next_content(lines: list[str], i: int) -> int | None:
    return next((k for k in range(i + 1, min(i + 4, len(lines))) if lines[k].strip()), None)


def _title_continuation(lines: list[str], i: int) -> list[int]:
    """The lines that continue a title starting on line ``i`` ([] when there is none)."""
    line = lines[i]
    folded = fold_aligned(line)
    j = _next_content(lines, i)
    if j is None:
        return []
    parts: list[int] = []
    if _BARE_TITLE.match(folded):
        if not _continues_title().match(fold_aligned(lines[j])):
            return []
        parts.append(j)
        j = _next_content(lines, j)
    elif not title_match(line):
        return []
    if not _is_caps(line):
        return parts
    while j is not None and len(parts) < 3 and _is_caps(lines[j]) and len(lines[j]) <= 100:
        parts.append(j)
        j = _next_content(lines, j)
    return parts


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def ordinal_title(line: str) -> bool:
    """ "2. zápis z jednání parlamentu": the number of the minutes, then their title."""
    m = re.match(r"^\s*\d{1,3}\s*\.\s*", line)
    t = title_match(line[m.end() :]) if m else None
    return t is not None and t.start() == 0


def title_match(line: str) -> re.Match[str] | None:
    """Where the title of the minutes starts in ``line`` (offsets of ``line``)."""
    return _title_re().search(fold_aligned(line))


_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-–•*])\s")  # "3. Zápis č. 1/2020 ze schůze …" is an agenda item
_UPPER_WORD = re.compile(r"^[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ0-9.,–-]+$")


@dataclass
class Header:
    title: str | None = None
    body: str | None = None
    series: str | None = None
    date: dt.date | None = None
    start_time: str | None = None
    end_time: str | None = None
    location: str | None = None
    lines: dict[str, int] = field(default_factory=dict)  # field → line index it was read from
    how: dict[str, str] = field(default_factory=dict)  # field → the kind of evidence it was read from
    runner_up: dict[str, str] = field(default_factory=dict)  # field → the next best reading, if any
    end: int = 0  # first line after the header zone
    title_line: int | None = None
    warnings: list[str] = field(default_factory=list)


@cache
def _event_words() -> list[str]:
    return [fold(w) for w in load("bodies")["events"]["words"]]


@cache
def _writing_markers() -> list[str]:
    return [fold(w) for w in words("minutes", "writing_date", "before")]


@cache
def _web_markers() -> list[str]:
    return [fold(w) for w in words("minutes", "web", "markers")]


def is_web_line(line: str) -> bool:
    folded = fold(line)
    return any(m in folded for m in _web_markers()) or line.count("|") >= 2


def header_end(lines: list[str], labels: dict[int, Label]) -> int:
    """The header ends at the first list of people or agenda, a numbered item, or prose."""
    for i, line in enumerate(lines[:_MAX_HEADER_LINES]):
        label = labels.get(i)
        if label and label.field in ("attendees", "excused", "guests", "agenda", "absent"):
            return i
        if starts_item(line) and i > 0 and not starts_with_date(line) and not ordinal_title(line):
            return i
        if re.match(r"^\s*[-–•]\s+\S", line) and i > 0:  # a bulleted list: the body has begun
            return i
        if len(line) > 160 and i > 2 and not title_match(line[:200]):
            # a report that opens in prose ("V sobotu 9. 4. 2022 proběhla valná hromada …") after
            # a caption: its first paragraph says when, if nothing above it has
            return i + 1 if _first_sentence_dated(line) and not any(find_dates(x) for x in lines[:i]) else i
    return min(len(lines), _MAX_HEADER_LINES)


def _first_sentence_dated(line: str) -> bool:
    return bool(find_dates(line[: sentence_end(line)]))


def find_title(lines: list[str], end: int) -> tuple[str | None, int | None]:
    """The line that says what the document is ("Zápis z jednání …"), or the first event heading."""
    found: list[tuple[int, int, str]] = []
    for i, line in enumerate(lines[: max(end, 12)]):
        if is_web_line(line) and not line.lower().lstrip().startswith(("zápis", "download")):
            continue
        m = title_match(line)
        if m and not match_label(line[m.start() :]) and (not _LIST_ITEM.match(line) or ordinal_title(line)):
            title = line[m.start() :].strip().strip('"„“')
            # "Download "Zápis ze zasedání …"" keeps the quoted part only
            found.append((_title_score(line), i, title.rstrip('"“ ')))
    if found:
        # the title that names a meeting and its date, not a web page's sentence about the minutes
        # ("Zápis ze zastupitelstva najdete zde v příloze."); the first of the best
        _, i, title = max(found, key=lambda f: (f[0], -f[1]))
        return title, i
    for i, line in enumerate(lines[:end]):
        head = [fold(w) for w in line.split()[:4]]
        if any(w in head for w in _event_words()) and not match_label(line) and len(line) < 200:
            return line.strip(), i
    for i, line in enumerate(lines[:end]):
        if body_from_heading(line) and not match_label(line):
            return line.strip(), i
    return None, None


def _title_score(title: str) -> int:
    head = [fold(w) for w in title.split()[:8]]
    event = any(w in head for w in _event_words())
    return 2 * event + bool(find_dates(title))


def find_series(lines: list[str], end: int, title_line: int | None, text: str) -> tuple[str | None, int | None]:
    """An all-capitals banner above the title, possibly one word a line."""
    stop = title_line if title_line is not None else end
    run: list[str] = []
    first = None
    for i, line in enumerate(lines[:stop]):
        tokens = line.split()
        if tokens and all(_UPPER_WORD.match(t) for t in tokens) and any(len(t) > 2 for t in tokens):
            if "ZÁPIS" in tokens:
                break
            run.extend(tokens)
            first = i if first is None else first
        elif run and line.strip():
            break
    if len(run) < 2:
        return None, None
    return recase(" ".join(run), text), first


def recase(upper: str, text: str) -> str:
    """ "KOMUNITNÍ PLÁNOVÁNÍ … REGIONU LIBEREC" → "Komunitní plánování … regionu Liberec".

    A word keeps its capital when the text writes it capitalised elsewhere in mid-sentence.
    """
    capitalised = set(re.findall(r"(?<=[a-záčďéěíňóřšťúůýž,] )([A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][a-záčďéěíňóřšťúůýž]+)", text))
    # declined forms count too: "v Liberci" keeps "LIBEREC" capitalised
    stems = {w[: max(3, min(5, len(w) - 1))] for w in capitalised}
    out: list[str] = []
    proper_name = False  # after "obce", "města" …: the name of a place, capitalised word by word
    after_abbreviation = False  # "SDH DOLNÍ LHOTA": a place the dictionary knows follows an organization
    for i, word in enumerate(upper.split()):
        proper = word.capitalize()
        if i == 0 or proper_name or proper in capitalised or proper[: max(3, min(5, len(proper) - 1))] in stems:
            out.append(proper)
        elif _abbreviation(word):
            out.append(word.lower() if word in phrases("czech", "small_words") else word)
        elif after_abbreviation and proper_nominative(proper) is not None:
            out.append(proper)
        else:
            out.append(word.lower())
        proper_name = proper_name or word in phrases("bodies", "places", "introducers")
        # the run of names right after an abbreviation, up to the first word that is none
        abbreviation = _abbreviation(word) and word not in phrases("czech", "small_words")
        after_abbreviation = abbreviation or (after_abbreviation and out[-1][:1].isupper())
    return " ".join(out)


def _abbreviation(word: str) -> bool:
    """ "ZŠ", "SDH", "ČOS", "MML": short, in capitals, at most one vowel ("OBCE", "RADA" are words)."""
    vowels = sum(c in "AEIOUYÁÉĚÍÓÚŮÝ" for c in word)
    return 1 < len(word) <= 4 and word.isupper() and vowels <= 1


def _is_writing_date(line: str, match: DateMatch) -> bool:
    before = fold(line[: match.start])[-40:]
    if any(before.rstrip(" :,").endswith(m) for m in _writing_markers()):
        return True
    # "V Praze dne 15. 10. 2010", "V Lysé n. L. dne 15.3.2017": a signing line ("V sobotu dne" is no place)
    signing = re.match(r"^\s*ve?\s+([\w .]+)\s+dne\s*$", before)
    return signing is not None and signing.group(1).strip() not in phrases("minutes", "weekdays", "words")


def meeting_dates(lines: list[str], start: int, end: int) -> list[tuple[int, DateMatch]]:
    out = []
    future = phrases("minutes", "dates", "future")
    for i in range(start, end):
        line = lines[i]
        for m in find_dates(line):
            if _is_writing_date(line, m):
                continue
            # "soutěž, která se bude konat 19. 9.": an event to come is not this meeting
            if future.search(line[max(0, m.start - 80) : m.start]) or names_next_meeting(line):
                continue
            if re.search(r"\d{4}\s*[-–]\s*\d{4}", line[max(0, m.start - 6) : m.end + 6]):
                continue
            out.append((i, m))
    return out


@cache
def _place_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """ "v zasedací místnosti OÚ …" and "online (MS Teams)", in folded text (minutes.toml, [location])."""
    adjectives = phrases("minutes", "location", "room_adjectives").source
    nouns = phrases("minutes", "location", "room_nouns").source
    room = re.compile(rf"\b(?:v|ve|na)\s+((?:{adjectives}\s+)*{nouns}(?!\w)[^.;\n]*)")
    online = phrases("minutes", "location", "online").source
    online_nouns = phrases("minutes", "location", "online_nouns").source
    remote = re.compile(rf"(?<!\w)({online}(?:\s+{online_nouns})?(?!\w)(?:\s*\([^)]*\))?)")
    return room, remote


def _looks_like_place(piece: str) -> bool:
    """ "Radnice Liberec", "zasedací místnost OÚ", "Hlavní 5", "online": not "vyhotovený v souladu …"."""
    first = re.sub(r"^(?:na|v|ve)\s+", "", piece.strip())
    return (
        first[:1].isupper()
        or first[:1].isdigit()
        or bool(phrases("minutes", "location", "place_words").startswith(first))
    )


def _end_of_dates(line: str, m: DateMatch) -> int:
    """Where the meeting's dates end: after the second day of "dne 11. 4. 2017 a 26. 4. 2017 v …"."""
    rest = line[m.end :]
    later = find_dates(rest)
    if later and phrases("minutes", "date_span", "words").endswith(rest[: later[0].start]) is not None:
        between = rest[: later[0].start]
        if len(between.split()) == 1:  # only the word that joins the two days
            return m.end + later[0].end
    return m.end


def _location_from_date_line(line: str, m: DateMatch) -> str | None:
    """What follows the date (and time) on the header's date line: "… 13:00 hod, – Radnice Liberec"."""
    rest = line[_end_of_dates(line, m) :]
    repeat = re.search(r"\s(?:konan\w*|dne)\s|\d{1,2}\.\s?(?:\d{1,2}\.|[a-zá-ž]+\s+\d{4})", rest)
    if repeat:
        rest = rest[: repeat.start()]
    # Each time goes with its words ("od 17:00 hod."), not the "v" inside a place ("Základní
    # školy v Hostivici"): blanked, so the pieces of the line keep their places.
    for t in find_times(rest):
        before = re.search(r"(?:^|(?<=\s))(?:od|do|v|ve|zahájen\w*)\s*$", rest[: t.start])
        after = re.match(r"\s*(?:hod\.?|hodin|h)(?!\w)", rest[t.end :])
        start = before.start() if before else t.start
        end = t.end + (after.end() if after else 0)
        rest = rest[:start] + " " * (end - start) + rest[end:]
    rest = re.sub(r"(?:^|(?<=\s))(?:hod\.?|hodin)(?!\w)", " ", rest)
    pieces = [p.strip(" ,;–—-.:") for p in re.split(r"[,;–—]|\s-\s", rest)]
    pieces = [p for p in pieces if p and re.search(r"[A-Za-zÁ-ž]{2}", p)]
    # The place comes first; what follows it may be more of the address, or a clause
    # ("vyhotovený v souladu s § 95 …"): keep the pieces up to the first that is no place.
    kept = []
    for piece in pieces:
        if not _looks_like_place(piece):
            break
        kept.append(piece)
    if not kept:
        return None
    place = ", ".join(kept)
    if len(place) > 120 or re.match(r"^(?:se|jsme|byl|bylo|proběhl)", place):
        return None
    return place


def parse_header(lines: list[str], labels: dict[int, Label], text: str) -> Header:
    h = Header()
    end = header_end(lines, labels)
    h.end = end
    title, title_line = find_title(lines, end)
    h.title_line = title_line
    if title is not None and title_line is not None:
        h.title = title
        h.lines["title"] = title_line
        h.how["title"] = "title"
    h.series, series_line = find_series(lines, end, title_line, text)
    if series_line is not None:
        h.lines["series"] = series_line
        h.how["series"] = "banner"
    _find_body(h, lines, end, title_line, text)
    _find_when_where(h, lines, labels, end, title_line)
    if h.location:
        h.location = nominative_place(h.location)
    return h


def _body_pieces(line: str, i: int, title_line: int | None, title: str | None) -> list[str]:
    """Parts of a header line that may name the body: breadcrumb steps, the text before the title."""
    if i == title_line and title:
        before = line[: line.find(title)] if title in line else ""
        return [before] if before.strip() else []
    if "»" in line or " > " in line:
        return [p for p in re.split(r"»| > ", line) if p.strip()]
    if is_web_line(line):
        return []
    return [line]


def _find_body(h: Header, lines: list[str], end: int, title_line: int | None, text: str) -> None:
    _choose_body(h, lines, end, title_line)
    if h.body and _is_caps(h.body.split(" ", 1)[-1]):
        h.body = recase(h.body.upper(), text)  # "ZASTUPITELSTVA MĚSTSKÉ ČÁSTI" → "Zastupitelstvo městské části"


def _choose_body(h: Header, lines: list[str], end: int, title_line: int | None) -> None:
    from_title = (body_from_title(h.title) or body_from_heading(h.title)) if h.title else None
    candidates: list[tuple[str, int]] = []
    for i, line in enumerate(lines[: max(end, 1)]):
        if match_label(line):
            continue
        for piece in _body_pieces(line, i, title_line, h.title):
            if i != title_line and phrases("minutes", "agenda", "not_heading_verbs").search(piece):
                continue  # a sentence of the record ("… seznámil přítomné s programem schůze …")
            b = body_from_heading(piece) or body_from_title(piece)
            if b:
                candidates.append((b, i))
    if from_title and title_line is not None:
        # a more specific heading of the same body wins: "Pracovní skupina" → "… pro zdravotně znevýhodněné"
        for b, i in candidates:
            if fold(b).startswith(fold(from_title)) and len(b) > len(from_title):
                h.body, h.lines["body"] = b, i
                h.how["body"] = "heading"
                return
        h.body, h.lines["body"] = from_title, title_line
        h.how["body"] = "title"
    elif candidates:
        h.body, h.lines["body"] = candidates[0]
        h.how["body"] = "header_line"


def _find_when_where(h: Header, lines: list[str], labels: dict[int, Label], end: int, title_line: int | None) -> None:
    # The time the meeting really began wins over the time it was called for: a labelled start
    # ("Zahájení: 17.20") or the opening sentence ("starosta zahájil v 17.20 hodin jednání").
    stated = _stated_start(lines, labels)
    if stated is not None:
        h.start_time, h.lines["start_time"], h.how["start_time"] = stated
    labelled_date = None
    for i in range(end):
        label = labels.get(i)
        if label is None:
            continue
        if label.field == "date" and label.rest:
            ds = find_dates(label.rest)
            if ds:
                labelled_date = (i, ds[0])
                h.date, h.lines["date"] = ds[0].date, i
                h.how["date"] = "label"
                place = _location_from_date_line(label.rest, ds[0])
                if place and not h.location:
                    h.location, h.lines["location"] = place, i
                    h.how["location"] = "date_line"
                ts = find_times(label.rest[ds[0].end :])
                if ts and not h.start_time:
                    h.start_time, h.lines["start_time"] = ts[0].time, i
                    h.how["start_time"] = "date_line"
        elif label.field == "time" and label.rest and not h.start_time:
            ts = find_times(label.rest) or find_times("od " + label.rest)
            if ts:
                h.start_time, h.lines["start_time"] = ts[0].time, i
                h.how["start_time"] = "label"
        elif label.field == "location" and label.rest and not h.location:
            h.location, h.lines["location"] = label.rest.strip(" .,;"), i
            h.how["location"] = "label"
    if labelled_date is None and not _title_has_date(lines, title_line):
        labelled_date = _labelled_date_anywhere(h, lines, labels)
    if labelled_date is None:
        dates = meeting_dates(lines, 0, max(end, (title_line or 0) + 1))
        if title_line is not None:
            # the title's own date first, then the header below it; above the title stand web
            # pages' news and letterheads, whose dates are not the meeting's
            dates = sorted(dates, key=lambda d: (d[0] != title_line, d[0] < title_line))
        if dates:
            i, m = dates[0]
            h.date, h.lines["date"] = m.date, i
            h.how["date"] = _date_kind(i, title_line, lines[i][: m.start])
            others = [d.date.isoformat() for _, d in dates[1:] if d.date != m.date]
            if others:
                h.runner_up["date"] = others[0]
            labelled_date = (i, m)
            if m.year_inferred:
                h.date = None
                h.warnings.append("the meeting date has no year")
    if labelled_date is not None:
        i, m = labelled_date
        line = labels[i].rest if i in labels and labels[i].field == "date" else lines[i]
        mm = find_dates(line)
        if mm:
            m = mm[0]
        if not h.start_time:
            ts = [t for t in find_times(line[m.end :]) if not _is_end_time(line[m.end :], t.start)]
            if ts:
                h.start_time, h.lines["start_time"] = ts[0].time, i
                h.how["start_time"] = "date_line"
        if not h.location:
            place = _location_from_date_line(line, m)
            if place and not title_match(place):
                h.location, h.lines["location"] = place, i
                h.how["location"] = "date_line"
    if not h.location and title_line is not None:
        _location_in_title(h, lines, title_line)
    if not h.location and h.date is not None:
        _location_after_meeting_date(h, lines, max(end, (title_line or 0) + 1))
    if not h.start_time:
        _start_time_from_text(h, lines, labels, end)
    if not h.location:
        _location_from_text(h, lines, end)
    _end_time(h, lines, labels)


_HELD_AT = re.compile(r"(?<!\w)(?:konan\w*|porada|jednani|zasedani)\s+(?:v|ve|na)\s+(?=\w)")


def _location_in_title(h: Header, lines: list[str], title_line: int) -> None:
    """ "Zápis z výborové schůze konané v klubovně na hasičské zbrojnici …": held where, in the title."""
    line = lines[title_line]
    m = _HELD_AT.search(fold_aligned(line))
    if m is None:
        return
    rest = line[m.end() :]
    end = re.search(r"[.;]\s+[A-ZÁ-Ž]|[.;]\s*$|,?\s+(?:dne|od|v\s+\d|ve\s+\d)\b|,\s+\d", rest)
    place = rest[: end.start()] if end else rest
    if place and _looks_like_place(place) and len(place) <= 100:
        h.location, h.lines["location"], h.how["location"] = place.strip(" ,"), title_line, "title"


_AT_PLACE = re.compile(
    r"^\s*,?\s*(?:(?:od|v|ve)\s+\d{1,2}[.:,]?\d{0,2}\s*(?:hod\w*\.?|h\.?)?\s*,?\s*)?(?:v|ve|na)\s+\S"
)


def _location_after_meeting_date(h: Header, lines: list[str], end: int) -> None:
    """ "… konaného dne 22. ledna 2001 v ZK AERO od 17.00 hodin": the place right after the
    meeting's own date (and time), introduced by v/ve/na, in the header."""
    for i in range(min(end, len(lines))):
        for m in find_dates(lines[i]):
            line = lines[i]
            given_on = i
            nxt = next_filled(lines, i)
            if m.date == h.date and _ends_with_time(line[m.end :]) and nxt is not None:
                line = f"{line.rstrip()} {lines[nxt].strip()}"  # the place on the title block's next line
                given_on = nxt
            if m.date != h.date or not _AT_PLACE.match(fold_aligned(line[_end_of_dates(line, m) :])):
                continue
            place = _location_from_date_line(line, m)
            if place and not title_match(place):
                h.location, h.lines["location"] = place, given_on
                h.how["location"] = "after_date"
                return


def _ends_with_time(rest: str) -> bool:
    """Nothing but a time after the date: "… konaného dne 23. 6. 2016 od 16:00 hod."."""
    return (
        re.fullmatch(r"\s*,?\s*(?:(?:od|v|ve)\s+\d{1,2}[.:,]?\d{0,2}\s*(?:hod\w*\.?|h\.?)?)?\s*[.,]?\s*", rest)
        is not None
    )


def _end_time(h: Header, lines: list[str], labels: dict[int, Label]) -> None:
    """ "Ukončení: 19:05" anywhere, else "Jednání bylo ukončeno v 19:05" / "ukončil jednání v 19.05 hod."."""
    for i, label in sorted(labels.items()):
        if label.field == "end_time" and label.rest:
            ts = find_times(label.rest) or find_times("do " + label.rest)
            if ts:
                h.end_time, h.lines["end_time"] = ts[0].time, i
                h.how["end_time"] = "label"
                return
    closed = _closing_pattern()
    for i, line in enumerate(lines):
        m = closed.search(fold_aligned(line))
        if m and not names_next_meeting(line):
            ts = [t for t in find_times(line) if t.start > m.start()]
            if ts:
                h.end_time, h.lines["end_time"] = ts[0].time, i
                h.how["end_time"] = "sentence"
                return


@cache
def _closing_pattern() -> re.Pattern[str]:
    """ "ukončil jednání", "schůze byla ukončena", in folded text (minutes.toml, [closing])."""

    def src(key: str) -> str:
        return phrases("minutes", "closing", key).source

    return re.compile(
        rf"(?<!\w){src('verbs')}\s+(?:\w+\s+){{0,3}}?{phrases('minutes', 'opening', 'nouns').source}(?!\w)"
        rf"|(?<!\w){phrases('minutes', 'opening', 'subjects').source}\s+(?:bylo\s+|byla\s+)?{src('passive')}(?!\w)"
    )


def _is_end_time(text: str, pos: int) -> bool:
    """ "do 19:30", "ukončeno v 20 h": the time at ``pos`` ends something."""
    return phrases("minutes", "opening", "end_words").endswith(text[:pos].rstrip(" :")) is not None


@cache
def _opening_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """ "zahájil jednání", "schůze byla zahájena"; and an opening agenda item, in folded text."""

    def src(key: str) -> str:
        return phrases("minutes", "opening", key).source

    opened = re.compile(
        rf"(?<!\w){src('verbs')}\s+(?:[\w.:]+\s+){{0,5}}?{src('nouns')}(?!\w)"
        rf"|(?<!\w){src('subjects')}\s+(?:\S+\s+){{0,8}}?(?:bylo\s+|byla\s+)?{src('passive')}(?!\w)"
        rf"|(?<!\w){src('subjects')}\s+(?:\S+\s+){{0,4}}?{src('verbs')}(?!\w)"
    )
    item = re.compile(rf"^\s*(?:\d{{1,2}}\s*[.)]\s*)?{src('items')}(?!\w)")
    return opened, item


def _title_has_date(lines: list[str], title_line: int | None) -> bool:
    return title_line is not None and any(
        not _is_writing_date(lines[title_line], m) for m in find_dates(lines[title_line])
    )


def _labelled_date_anywhere(h: Header, lines: list[str], labels: dict[int, Label]) -> tuple[int, DateMatch] | None:
    """ "Dne: 7. 9. 2015; zapsal: …" at the end of minutes whose head has no date of its own.
    A task's "Termín:" is a deadline, never the meeting's date."""
    for i, label in sorted(labels.items()):
        if (
            label.field != "date"
            or not label.rest
            or phrases("minutes", "dates", "deadline_labels").startswith(label.label)
        ):
            continue
        ds = find_dates(label.rest)
        if ds and not ds[0].year_inferred:
            h.date, h.lines["date"], h.how["date"] = ds[0].date, i, "label"
            return i, ds[0]
    return None


def _date_kind(i: int, title_line: int | None, before: str) -> str:
    """How the meeting date was found; ``before``: the text of its line before it."""
    if title_line is None:
        return "header"
    if i < title_line and phrases("minutes", "title", "held").endswith(before.rstrip(" ,:")):
        return "header"  # "… konaného 20. 12. 2011" above the chosen title: when the meeting was held
    return "title" if i == title_line else ("header" if i > title_line else "above_title")


def _stamped(line: str, t: TimeMatch, meeting: dt.date | None) -> bool:
    """ "04.04.2019 21:15" above the minutes of 1. 4.: a time stamped on another day (when a page
    was published or a file saved) is not when the meeting began."""
    before = [d for d in find_dates(line[: t.start]) if t.start - d.end <= 3]
    return bool(before) and meeting is not None and before[-1].date != meeting


def _stated_start(lines: list[str], labels: dict[int, Label]) -> tuple[str, int, str] | None:
    """ "Začátek: 18:50" anywhere, or "… zahájil zasedání v 15.05 hodin": when the meeting began."""
    for i, label in sorted(labels.items()):
        if label.field == "time" and label.rest:
            ts = find_times(label.rest) or find_times("od " + label.rest)
            if ts:
                return ts[0].time, i, "label"
    opened_re, _ = _opening_patterns()
    for i, line in enumerate(lines):
        opened = opened_re.search(fold_aligned(line))
        if opened and not names_next_meeting(line):
            times = [t for t in find_times(line) if not _is_end_time(line, t.start)]
            after = [t for t in times if t.start > opened.start()]
            # "Ve 14:00 hod. přítomné přivítal a jednání zahájil …": the time may come first
            before = [
                t
                for t in times
                if t.start < opened.start() and not re.search(r"[.!?]\s+[A-ZÁ-Ž]", line[t.end : opened.start()])
            ]
            if after or before:
                return (after[0] if after else before[-1]).time, i, "opening"
    return None


def _start_time_from_text(h: Header, lines: list[str], labels: dict[int, Label], end: int) -> None:
    """ "1. Zahájení – přivítání 19:15", or the first time in the header that ends nothing."""
    _, item_re = _opening_patterns()
    for i, line in enumerate(lines):
        if item_re.match(fold_aligned(line)):
            ts = find_times(line)
            if ts:
                h.start_time, h.lines["start_time"] = ts[0].time, i
                h.how["start_time"] = "opening_item"
                return
    for i, line in enumerate(lines[:end]):
        if names_next_meeting(line):
            continue
        future = phrases("minutes", "dates", "future")
        ts = [
            t
            for t in find_times(line)
            if not _is_end_time(line, t.start)
            and not _stamped(line, t, h.date)
            and not future.search(line[max(0, t.start - 120) : t.start])
        ]
        if ts and i <= end:
            h.start_time, h.lines["start_time"] = ts[0].time, i
            h.how["start_time"] = "header_time"
            return


def _location_from_text(h: Header, lines: list[str], end: int) -> None:
    room_re, remote_re = _place_patterns()
    for i, line in enumerate(lines[: max(end, 1)]):
        if names_next_meeting(line) or is_web_line(line):
            continue
        folded = fold_aligned(line)
        m = room_re.search(folded) or remote_re.search(folded)
        if m:
            h.location, h.lines["location"] = _before_the_meeting(line[m.start(1) : m.end(1)]).strip(" ,."), i
            h.how["location"] = "room"
            return


def _before_the_meeting(place: str) -> str:
    """The place without the meeting that follows it in a sentence's word order: "(proběhla v)
    prostorách hasičské zbrojnice výroční valná hromada" → "prostorách hasičské zbrojnice"."""
    meeting = phrases("minutes", "document", "minutes_words").search(place)
    if meeting is None or meeting.start == 0:
        return place
    head = place[: meeting.start].rstrip()
    # the meeting's adjectives before it ("výroční členská", "řádné"), the place's first two words kept
    words = head.split()
    while len(words) > 2 and re.fullmatch(r"[^\W\d_]+[íáéý]", words[-1]) and words[-1].islower():
        words.pop()
    return " ".join(words)
