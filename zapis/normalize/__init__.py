"""Normalization: extracted pages → one clean text every later stage relies on."""

from __future__ import annotations

from dataclasses import dataclass

from zapis.normalize.chars import clean_chars
from zapis.normalize.pages import remove_page_furniture
from zapis.normalize.reflow import clean_layout, join_wrapped_lines

__all__ = ["NormalizedText", "normalize_pages", "normalize_text"]


@dataclass(frozen=True)
class NormalizedText:
    text: str
    # page_starts[i] is the index of the first line of page i+1 in text.split("\n")
    page_starts: tuple[int, ...]

    def page_of_line(self, line_index: int) -> int:
        page = 1
        for i, start in enumerate(self.page_starts, start=1):
            if start <= line_index:
                page = i
        return page


def normalize_text(text: str) -> str:
    """Clean one text (no page structure): characters, layout, wrapped lines."""
    return join_wrapped_lines(clean_layout(clean_chars(text)))


def normalize_pages(pages: list[str]) -> NormalizedText:
    """Clean the pages of one document and join them, remembering where each page starts."""
    cleaned = remove_page_furniture([clean_layout(clean_chars(p)) for p in pages])
    lines: list[str] = []
    starts = []
    for page in cleaned:
        starts.append(len(lines))
        lines.extend(page.split("\n"))
        lines.append("")
    # Rejoin across page breaks too: a paragraph often continues on the next page.
    joined = join_wrapped_lines("\n".join(lines))
    if len(pages) == 1:
        return NormalizedText(joined, (0,))
    return NormalizedText(joined, _map_page_starts(cleaned, joined))


def _map_page_starts(pages: list[str], joined: str) -> tuple[int, ...]:
    """Find each page's first line in the rejoined text (its first words start a line or sit in one)."""
    out_lines = joined.split("\n")
    starts = []
    cursor = 0
    for page in pages:
        first = next((ln.strip() for ln in page.split("\n") if ln.strip()), "")
        probe = first[:30]
        found = cursor
        for i in range(cursor, len(out_lines)):
            if probe and probe in out_lines[i]:
                found = i
                break
        starts.append(found)
        cursor = found
    return tuple(starts)
