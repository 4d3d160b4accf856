"""Page furniture: running headers and footers repeated on many pages, and page numbers."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from zapis.lang import fold_aligned, phrases, words


@cache
def _page_number() -> re.Pattern[str]:
    """ "3", "- 3 -", "3/8", "Strana 3", "strana 3 z 8", "Str. 3", "Page 3 of 8", in folded text."""
    page = phrases("minutes", "pages", "words").source
    of = "|".join(re.escape(w) for w in words("minutes", "pages", "of"))
    return re.compile(rf"^\s*(?:[-–—]\s*)?(?:{page}\s*)?\d{{1,4}}(?:\s*(?:{of})\s*\d{{1,4}})?(?:\s*[-–—])?\s*$")


_EDGE = 3  # lines at the top and bottom of a page that may be furniture


def is_page_number(line: str) -> bool:
    return bool(_page_number().match(fold_aligned(line)))


def is_labelled_page_number(line: str) -> bool:
    """ "Strana 1", "Page 2 of 5", "- 3 -": unmistakable even on a single page (a bare "3" is not)."""
    return is_page_number(line) and not line.strip().isdigit()


def _furniture_key(line: str) -> str:
    """Lines that differ only in their numbers (page numbers, dates of printing) are one line."""
    return re.sub(r"\d+", "#", " ".join(line.split()).casefold())


def _edge_lines(lines: list[str]) -> list[str]:
    content = [ln for ln in lines if ln.strip()]
    return content[:_EDGE] + content[-_EDGE:]


def remove_page_furniture(pages: list[str]) -> list[str]:
    """Drop page numbers at page edges, and lines repeated at the edges of most pages.

    A repeated header is kept on the first page where it appears: it often carries the
    series or the title of the minutes, which the parser needs once.
    """
    return [text for text, _ in strip_page_furniture(pages)]


def strip_page_furniture(pages: list[str]) -> list[tuple[str, frozenset[int]]]:
    """:func:`remove_page_furniture`, and for each page the lines of its cleaned text that are
    a running header kept once (page furniture all the same: a copy without it is no different)."""
    if not pages:
        return []
    repeated: set[str] = set()
    if len(pages) >= 2:
        counts = Counter(key for page in pages for key in {_furniture_key(ln) for ln in _edge_lines(page.split("\n"))})
        threshold = max(2, (len(pages) + 1) // 2)
        repeated = {key for key, n in counts.items() if n >= threshold and key.strip("# ")}
    seen: set[str] = set()
    out = []
    for page in pages:
        lines = page.split("\n")
        edge = set(_edge_indexes(lines))
        kept: list[str] = []
        running: set[int] = set()
        for i, line in enumerate(lines):
            if i in edge and (is_labelled_page_number(line) or (is_page_number(line) and len(pages) > 1)):
                continue
            key = _furniture_key(line)
            if i in edge and key in repeated:
                if key in seen or not _is_header_position(lines, i):
                    continue
                seen.add(key)
                running.add(len(kept))
            kept.append(line)
        out.append(("\n".join(kept), frozenset(running)))
    return out


def _edge_indexes(lines: list[str]) -> list[int]:
    content = [i for i, ln in enumerate(lines) if ln.strip()]
    return content[:_EDGE] + content[-_EDGE:]


def _is_header_position(lines: list[str], index: int) -> bool:
    content = [i for i, ln in enumerate(lines) if ln.strip()]
    return index in content[:_EDGE] and content.index(index) < len(content) / 2
