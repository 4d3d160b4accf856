"""The agenda: items after "Program:" / "Témata setkání:", or the numbered headings of the body."""

from __future__ import annotations

import re

from zapis.normalize.names import clean_name
from zapis.parse.labels import match_label

_NUMBER = re.compile(r"^\s*(?:bod\s+)?(\d{1,2}|[IVX]{1,4}|[a-h])\s*[.)]\s*(?=\S)", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-–—*+]\s+")
_INLINE_NUMBERS = re.compile(r"(?:^|[\s,;])(\d{1,2})\s*[.)]\s+(?=[^\d\s])")
_DURATION = re.compile(r"\s*\(\s*\d+\s*min\.?\s*\)\s*$", re.IGNORECASE)
_PRESENTER_PAREN = re.compile(r"\s*\((?:předklad|předkládá|předkladatel|přednáší|uvede|zpravodaj)[^)]*\)\s*$",
                              re.IGNORECASE)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


def item_number(line: str) -> int | None:
    m = _NUMBER.match(line)
    if not m:
        return None
    token = m.group(1)
    if token.isdigit():
        return int(token)
    if token.upper() in _ROMAN and token.isupper():
        return _ROMAN[token.upper()]
    return None  # letters are sub-items


def strip_number(line: str) -> str:
    return _NUMBER.sub("", line, count=1).strip()


def clean_item(text: str) -> str:
    """Item title without numbering, duration, presenter or a closing colon/semicolon."""
    text = strip_number(text)
    text = _DURATION.sub("", text)
    text = _PRESENTER_PAREN.sub("", text)
    # "prof. MUDr. P. Strejc, DrSc. – Kontrola zápisu": a presenter before a dash
    m = re.match(r"^(.{3,60}?)\s+[–—-]\s+(.+)$", text)
    if m and clean_name(m.group(1)) and not re.search(r"\s[–—-]\s", m.group(2)[:0]):
        text = m.group(2)
    return text.strip(" ;:,").strip()


def split_inline(text: str) -> list[str]:
    """"1) a 2) b 3) c" or "1. a, 2. b" on one line → ["a", "b", "c"], only with a 1-2-3 sequence."""
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
    return out


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
        return _continue_numbered(lines, start, first, item_number(rest) or 1)
    return _collect_following(lines, start)


def _continue_numbered(lines: list[str], start: int, items: list[str], last_no: int) -> tuple[list[str], int]:
    i, last = start + 1, start
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        n = item_number(line)
        if n == last_no + 1:
            items.append(clean_item(line))
            last_no, last = n, i
        elif n is None and _BULLET.match(line) is None and not match_label(line) and i == last + 1 and items:
            if line[:1].islower():
                items[-1] = f"{items[-1]} {line}".strip()
                last = i
            else:
                break
        elif _BULLET.match(line) or (n is not None and _NUMBER.match(line) and not line[0].isdigit()):
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
        items, last = _continue_numbered(lines, i, [clean_item(first)], n)
        return items, last
    items: list[str] = []
    last = start
    bullets = bool(_BULLET.match(first))
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            break
        if match_label(line):
            break
        if bullets and not _BULLET.match(line):
            break
        if not bullets and (len(line) > 120 or line.endswith(".") and len(line.split()) > 12):
            break
        items.append(clean_item(_BULLET.sub("", line)))
        last = i
        i += 1
    return [x for x in items if x], last


def _is_heading_like(line: str) -> bool:
    text = strip_number(line)
    words = text.split()
    return 1 <= len(words) <= 14 and not re.search(r"[.!?]$", text.rstrip()) or text.endswith(":")


def agenda_from_headings(lines: list[str], start: int) -> tuple[list[str], list[int]]:
    """Without a programme: the numbered headings of the body, when they read as headings.

    Numbered paragraphs of narrative ("1. Šerif sdělil, že …") are not an agenda: at least half
    of the numbered lines must be short headings or be followed by sub-items.
    """
    numbered: list[tuple[int, int, str]] = []
    expected = 1
    for i in range(start, len(lines)):
        n = item_number(lines[i])
        if n is not None and lines[i].lstrip()[:1].isdigit() or (n is not None and _NUMBER.match(lines[i])
                                                                   and lines[i].lstrip()[:1] in "IVX"):
            if n == expected:
                numbered.append((i, n, lines[i]))
                expected += 1
    if len(numbered) < 2:
        return [], []
    heading_like = 0
    for idx, (i, _, line) in enumerate(numbered):
        following = next((ln for ln in lines[i + 1 :] if ln.strip()), "")
        if _is_heading_like(line) or _BULLET.match(following):
            heading_like += 1
    if heading_like * 2 < len(numbered):
        return [], []
    return [_heading_title(line) for _, _, line in numbered], [i for i, _, _ in numbered]


def _heading_title(line: str) -> str:
    return clean_item(line)
