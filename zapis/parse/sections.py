"""The body of the minutes in order: {title, text} per paragraph or bullet, under its heading."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zapis.parse.numbering import item_number, strip_number
from zapis.schema import Item

_BULLET = re.compile(r"^\s*[-–—*+]\s*")


@dataclass(frozen=True)
class Section:
    title: str | None
    text: str
    line: int

    def item(self) -> Item:
        return Item(title=self.title, text=self.text)


def _is_heading(line: str) -> bool:
    text = strip_number(line).strip()
    if text.endswith(":") and len(text.split()) <= 10:
        return True
    return item_number(line) is not None and len(text.split()) <= 14 and not re.search(r"[.!?]$", text)


def split_sections(lines: list[str], skip: set[int], start: int) -> list[Section]:
    """Paragraphs and bullets after the header, each with the heading it stands under."""
    out: list[Section] = []
    heading: str | None = None
    for i in range(start, len(lines)):
        if i in skip:
            continue
        line = lines[i].strip()
        if not line:
            continue
        if _is_heading(line):
            heading = strip_number(line).rstrip(":").strip() or heading
            if item_number(line) is not None:
                out.append(Section(heading, strip_number(line), i))
            continue
        text = _BULLET.sub("", line)
        if item_number(line) is not None:
            text = strip_number(line)
        out.append(Section(heading, text, i))
    return out
