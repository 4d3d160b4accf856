"""The agenda: items after "Program:" / "Témata setkání:", or the numbered headings of the body."""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from zapis.lang import clean_name, fold_aligned, is_honorific, is_role, is_title, phrases, words
from zapis.parse.labels import match_label
from zapis.parse.lines import BULLET, next_filled
from zapis.parse.numbering import digits_first, item_number, number_match, numbering_style, strip_number

_INLINE_NUMBERS = re.compile(r"(?:^|[\s,;])(\d{1,2})\s*[.)]\s+(?=[^\d\s])")
_DURATION = re.compile(r"\s*\(\s*\d+\s*min\.?\s*\)\s*$", re.IGNORECASE)


@cache
def _presenter_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """In folded text: "… – přednesenou bratrem Jakubem Otáhalem", "… (předkládá starosta)", and a
    line under an item that only says who presents it or how long it takes (minutes.toml, [agenda])."""
    presenter = phrases("minutes", "agenda", "presenter_words").source
    detail = phrases("minutes", "agenda", "detail_words").source
    return (
        re.compile(rf"\s+[–—-]\s+{presenter}(?!\w).*$"),
        re.compile(rf"\s*\({presenter}(?!\w)[^)]*\)\s*$"),
        re.compile(rf"^\s*(?:\d+\s*min|\(|{detail}(?!\w))"),
    )


def _cut_at(pattern: re.Pattern[str], text: str) -> str:
    m = pattern.search(fold_aligned(text))
    return text[: m.start()] if m else text


def _is_detail(line: str) -> bool:
    return _presenter_patterns()[2].match(fold_aligned(line)) is not None


def clean_item(text: str) -> str:
    """Item title without numbering, duration, presenter or a closing colon/semicolon."""
    text = strip_number(text)
    text = re.sub(r"^[a-h]\)\s+(?=[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ])", "", text)  # "2. a) Volba komise": its first sub-item
    text = _DURATION.sub("", text)
    text = re.sub(r"\s+\d{1,2}[:.]\d{2}(?:\s*hod\.?)?\s*$", "", text)  # "Zahájení – přivítání 19:15"
    presented_by, presenter_paren, _ = _presenter_patterns()
    text = _cut_at(presenter_paren, text)
    text = _cut_at(presented_by, text)
    # "prof. MUDr. P. Strejc, DrSc. – Kontrola zápisu": a presenter before a dash
    m = re.match(r"^(.{3,60}?)\s+[–—-]\s+(.+)$", text)
    if m and _is_presenter(m.group(1)):
        text = m.group(2)
    text = _first_sentence(text)
    return text.strip(" ;:,.").strip()


def _is_person_row(line: str) -> bool:
    """ "Předseda – pan Kos": an office and the person who holds it (not an item and its presenter,
    "Zpráva o hospodaření – pí Malá")."""
    parts = re.split(r"\s+[–—-]\s+", line.strip())
    if len(parts) != 2 or not parts[0].split() or not parts[1].split():
        return False
    return is_role(parts[0].split()[0]) and is_honorific(parts[1].split()[0].rstrip("."))


def _is_presenter(text: str) -> bool:
    """ "prof. MUDr. P. Strejc, DrSc." or "Ivo Vašíček" before a dash: a person, with a title or an initial."""
    clean = clean_name(text)
    if clean is None or clean.role or clean.organization:
        return False
    has_title = any(is_title(t.strip(",")) for t in text.split())
    has_initial = bool(re.search(r"\b[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]\.", clean.name))
    return has_title or has_initial or len(clean.name.split()) >= 2


_SENTENCE_END = re.compile(r"(?<=[a-záčďéěíňóřšťúůýž)“\"])\.\s+(?=[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ])")


def sentence_end(text: str, start: int = 0) -> int | None:
    """Where the first sentence of ``text`` ends: a full stop before a capital, not the dot of an
    abbreviation ("Žádost p. Tomáše Toboly", "pozemek p. č. 10/1 k. ú. Chýně", "odst. 2")."""
    short = words("czech", "abbreviations")
    for m in _SENTENCE_END.finditer(text, start):
        word = re.search(r"(\w+)$", text[: m.start()])
        if word and (len(word.group(1)) <= 2 or word.group(1).casefold() in short):
            continue
        return m.start()
    return None


def _first_sentence(text: str) -> str:
    """An agenda item is a title: a long item keeps its first sentence only."""
    if len(text.split()) <= 12:
        return text
    end = sentence_end(text)
    return text[:end] if end is not None else text


def split_inline(text: str) -> list[str]:
    """ "1) a 2) b 3) c" or "1. a, 2. b" on one line → ["a", "b", "c"], only with a 1-2-3 sequence."""
    marks = [m for m in _INLINE_NUMBERS.finditer(text)]
    numbers = [int(m.group(1)) for m in marks]
    seq: list[re.Match[str]] = []
    expected = 1
    for m, n in zip(marks, numbers, strict=True):
        if n == expected:
            seq.append(m)
            expected += 1
    if len(seq) < 2:
        return []
    out = []
    for a, b in zip(seq, [*seq[1:], None], strict=True):
        start = a.end()
        stop = b.start() if b is not None else len(text)
        piece = text[start:stop].strip(" ,;")
        if piece:
            out.append(piece)
    if out:
        out[-1] = _cut_run_on(out[-1], out[:-1])
    return out


def _cut_run_on(last: str, earlier: list[str]) -> str:
    """In run-on text the last item runs into the minutes; they usually go on with the
    heading of the first discussed item, which repeats an earlier agenda item: cut there."""
    cut = len(last)
    for title in earlier:
        if len(title) >= 4:
            pos = last.find(title, 1)
            if pos > 0:
                cut = min(cut, pos)
    end = sentence_end(last)
    if end is not None and end < cut:
        cut = end
    return last[:cut].strip(" ,;.")


def _next_item_follows(lines: list[str], i: int, number: int) -> bool:
    """Is item ``number`` within the next few lines (so that line ``i`` is a detail of the item)?"""
    return any(item_number(line) == number for line in lines[i + 1 : i + 4])


def collect_agenda(lines: list[str], start: int, rest: str) -> tuple[list[str], int]:
    """Agenda items after the label on line ``start``; returns (items, last line read)."""
    if rest:
        inline = split_inline(rest)
        if inline:
            items = [clean_item(x) for x in inline]
            return _continue_numbered(lines, start, items, len(items))
        if item_number(rest) is None:
            parts = [p for p in re.split(r"\s*[;,]\s*", rest) if p.strip()]
            if len(parts) >= 2 and all(len(p.split()) <= 8 for p in parts):
                return [clean_item(p) for p in parts], start
            return [clean_item(rest)], start
        first = [clean_item(rest)]
        return _continue_numbered(lines, start, first, item_number(rest) or 1, digits_first(rest))
    return _collect_following(lines, start)


def _continue_numbered(
    lines: list[str], start: int, items: list[str], last_no: int, digits: bool = True
) -> tuple[list[str], int]:
    """Numbered items after line ``start``: the same numbering style (1. 2. or I. II.), in sequence."""
    i, last = start + 1, start
    ones = False  # every item numbered "1.": the numbering was lost in an export
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        n = item_number(line)
        if n == 1 and (last_no == 1 or ones) and digits and digits_first(line) and i - last <= 3:
            # capitals start items, the rest are sub-items (renumbered "1. 2. 3." under an item)
            if strip_number(line)[:1].isupper():
                items.append(clean_item(line))
            ones, last = True, i
        elif ones and n is not None and i - last <= 3:
            last = i
        elif n == last_no + 1 and digits_first(line) == digits:
            items.append(clean_item(line))
            last_no, last = n, i
        elif _is_detail(line) and i - last <= 2:
            last = i  # "30 min – presenter" under an item
        elif (
            n is None
            and BULLET.match(line) is None
            and not match_label(line)
            and not line.endswith(":")  # "Závěry:": the heading of the next part
            and items
            and (i == last + 1 or _next_item_follows(lines, i, last_no + 1))
        ):
            # an item wrapped onto the next line (or paragraph, when the next item follows it)
            if line[:1].islower() and not _is_detail(line):
                items[-1] = f"{items[-1]} {line}".strip()
                last = i
            elif _next_item_follows(lines, i, last_no + 1):
                last = i  # presenter, duration or a note under the item
            else:
                break
        elif BULLET.match(line) or (n is not None and number_match(line) and not line[0].isdigit()):
            last = i  # sub-items of an agenda item
        else:
            break
        i += 1
    return items, last


def _collect_following(lines: list[str], start: int) -> tuple[list[str], int]:
    i = start + 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines):
        return [], start
    first = lines[i].strip()
    n = item_number(first)
    if n is not None:
        return _continue_numbered(lines, i, [clean_item(first)], n, digits_first(first))
    items: list[str] = []
    last = start
    bullets = bool(BULLET.match(first))
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            break
        if match_label(line):
            break
        if bullets and not BULLET.match(line):
            break
        if _is_person_row(line):
            break  # "Předseda – pan Kos": the list of people below the programme
        # an item is a line, not a paragraph (the first one may be long: a programme of one item)
        if not bullets and (len(line) > (200 if not items else 120) or (line.endswith(".") and len(line.split()) > 12)):
            break
        if bullets and items and line.endswith(".") and len(line.split()) > 12:
            break  # "- připomínka jednatele na nedodržení … dotace.": the record under the programme
        items.append(clean_item(BULLET.sub("", line)))
        last = i
        i += 1
    return [x for x in items if x], last


@cache
def _program_in_sentence() -> re.Pattern[str]:
    nouns = phrases("minutes", "agenda", "sentence_nouns").source
    return re.compile(rf"(?<!\w){nouns}(?!\w)[^:]{{0,80}}:\s*(?=1\s*[.)]\s)")


def agenda_in_sentence(lines: list[str]) -> tuple[list[str], int | None]:
    """ "… schvaluje program 5. zasedání: 1. zahájení 2. ČOV … 7. diskuze" inside running text, or
    a sentence that names the programme and ends with a colon, its items numbered from 1 below it
    ("1. Program školské rady byl určen …:" / "1. obeznámení se …" / "2. informace …")."""
    for i, line in enumerate(lines):
        m = _program_in_sentence().search(fold_aligned(line))
        if m:
            items = split_inline(line[m.end() :])
            if len(items) >= 2:
                return [clean_item(x) for x in items], i
        if line.rstrip().endswith(":") and _names_programme(strip_number(line)):
            nxt = next_filled(lines, i)
            if nxt is not None and item_number(lines[nxt]) == 1:
                items, _ = _collect_following(lines, i)
                if len(items) >= 2:
                    return items, i
    return [], None


def _names_programme(text: str) -> bool:
    """ "Program školské rady byl určen …", "Schválený program jednání": the text speaks of the programme."""
    return phrases("minutes", "agenda", "sentence_nouns").search(" ".join(text.split()[:3])) is not None


def _is_heading_like(line: str) -> bool:
    text = strip_number(line)
    words = text.split()
    # "1. Zahájení, kontrola zápisu.": a short heading may end with a full stop, a sentence not
    short_with_stop = len(words) <= 8 and text.rstrip().endswith(".") and not re.search(r"[.!?]\s", text.rstrip()[:-1])
    return (1 <= len(words) <= 14 and not re.search(r"[.!?]$", text.rstrip())) or text.endswith(":") or short_with_stop


def agenda_from_headings(
    lines: list[str], start: int, skip: frozenset[int] = frozenset(), first: int = 1
) -> tuple[list[str], list[int]]:
    """Without a programme: the numbered headings of the body, when they read as headings.

    Numbered paragraphs of narrative ("1. Šerif sdělil, že …") are not an agenda: at least half
    of the numbered lines must be short headings or be followed by sub-items.  Headings numbered
    after a word ("K bodu 1.", "Ad 2)") are tried when the plainly numbered ones are no agenda.
    """
    found = _headings_of_style(lines, start, skip, first, prefixed=False)
    return found if found[0] else _headings_of_style(lines, start, skip, first, prefixed=True)


def _headings_of_style(
    lines: list[str], start: int, skip: frozenset[int], first: int, prefixed: bool
) -> tuple[list[str], list[int]]:
    numbered: list[tuple[int, int, str]] = []
    expected = first
    ones: list[tuple[int, int, str]] = []  # "1." before every heading: numbering lost in an export
    nested = 0  # the next number of a list numbered from 1 inside a part ("1. … 7." under heading 4.)
    for i in range(start, len(lines)):
        if i in skip:  # lines already read as something else (a numbered list of people)
            continue
        n = item_number(lines[i])
        if n == 1 and digits_first(lines[i]):
            ones.append((i, n, lines[i]))
        style = numbering_style(lines[i])
        if n is None or style[0] != prefixed or not (style[1] or lines[i].lstrip()[:1] in "IVX"):
            continue
        if numbered and style != numbering_style(numbered[0][2]):
            continue  # one numbering style: "I." parts with "1." points under them are not one list
        if numbered and n == 1 and expected > 1:
            nested = 2
            continue
        if nested and n == nested:
            nested += 1
            # the nested list reaches the next heading's number: the heading is the later line
            if n != expected or _numbered_later(lines, i, n, style, skip):
                continue
        if n == expected:
            numbered.append((i, n, lines[i]))
            expected += 1
            nested = 0
    if len(numbered) < 2 and len(ones) >= 3 and first == 1:
        numbered = ones
    if len(numbered) < (2 if first == 1 else 1):
        return [], []
    heading_like = 0
    for i, _, line in numbered:
        following = next((ln for ln in lines[i + 1 :] if ln.strip()), "")
        if _is_heading_like(line) or BULLET.match(following):
            heading_like += 1
    if heading_like * 2 < len(numbered):
        return [], []
    # Headings part a body: text stands between them.  Numbered lines one after another are a
    # programme when they stand near the start, else a list inside one part ("Pořadí skladeb:
    # 1. … 13. …" two pages on).
    apart = sum(any(ln.strip() for ln in lines[a + 1 : b]) for (a, _, _), (b, _, _) in pairwise(numbered))
    if apart * 2 < len(numbered) - 1 and not _introduces_programme(lines, start, numbered[0][0], skip):
        return [], []
    titles = [_heading_title(line) for _, _, line in numbered]
    # Most must read as topics: a heading or two of narrative ("7) Zástupci uvedli, že …") is
    # still an item, numbered resolutions or a table's columns are not.
    if sum(_reads_as_item_title(t) for t in titles) * 4 < len(titles) * 3:
        return [], []
    return titles, [i for i, _, _ in numbered]


def _numbered_later(lines: list[str], i: int, n: int, style: tuple[bool, bool], skip: frozenset[int]) -> bool:
    """Is there another line numbered ``n`` in the same style after line ``i``?"""
    return any(
        item_number(lines[k]) == n and numbering_style(lines[k]) == style
        for k in range(i + 1, len(lines))
        if k not in skip
    )


def _introduces_programme(lines: list[str], start: int, first: int, skip: frozenset[int]) -> bool:
    """Does a list starting on line ``first`` read as the programme?  The line before names it
    ("Seznámení s programem", "… program byl následující:"); else not after a verb and its colon
    ("Zastupitelstvo schvaluje:" lists what was approved), and only in the first third of the body."""
    text_lines = [k for k in range(start, len(lines)) if lines[k].strip() and k not in skip]
    before = [k for k in text_lines if k < first]
    intro = next((ln for ln in reversed(lines[:first]) if ln.strip()), "")
    if phrases("minutes", "agenda", "sentence_nouns").search(intro):
        return True
    if intro.rstrip().endswith(":") and phrases("minutes", "agenda", "not_heading_verbs").search(intro):
        return False
    return len(before) * 3 <= len(text_lines)


def all_topics(titles: list[str]) -> bool:
    """Do all the headings read as topics?  One of narrative among them makes the list less sure."""
    return all(_reads_as_item_title(t) for t in titles)


def _reads_as_item_title(title: str) -> bool:
    """A heading names a topic: a capital first ("Rozpočet"), words not a lone abbreviation
    ("1. LF", "2. LF" head a table's columns), and no verb of a record ("Zastupitelstvo …
    schvaluje", "Předseda zahájil …": those are resolutions and narrative, numbered)."""
    words = re.findall(r"[^\W\d_]+", title)
    if not words or not title[:1].isupper() or (len(words) == 1 and words[0].isupper()):
        return False
    return phrases("minutes", "agenda", "not_heading_verbs").search(title) is None


def _heading_title(line: str) -> str:
    return clean_item(line)
