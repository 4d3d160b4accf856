"""The body of the minutes in order ({title, text} per paragraph or bullet) and its decisions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zapis.parse.agenda import item_number, strip_number
from zapis.schema import Decision, Item

_BULLET = re.compile(r"^\s*[-–—*+]\s*")
_VOTES = re.compile(
    r"(?:pro\s*:?\s*(?P<for>\d+)\s*[,;/]?\s*proti\s*:?\s*(?P<against>\d+)\s*[,;/]?\s*zdržel[a-z]*(?:\s+se)?\s*:?\s*(?P<abst>\d+))"
    r"|\((?P<f2>\d+)\s*/\s*(?P<a2>\d+)\s*/\s*(?P<z2>\d+)\)"
    r"|(?P<f3>\d+)\s*:\s*(?P<a3>\d+)\s*:\s*(?P<z3>\d+)\s*\(pro\s*:\s*proti",
    re.IGNORECASE,
)
_RESOLUTION = re.compile(r"^\s*(?:návrh\s+)?usnesení\b(?:\s+(?:č\.|číslo)\s*(?P<no>[\w/.-]+))?\s*:?", re.IGNORECASE)
_TASK = re.compile(r"^\s*úkol(?:\s+(?:č\.)?\s*(?P<no>[\w/.-]+))?\s*:\s*(?P<text>.+)", re.IGNORECASE)
_AGREEMENT = re.compile(
    r"\b(?:shodli jsme se|domluvili jsme se|dohodli jsme se|bylo dohodnuto|bylo domluveno|bylo schváleno|"
    r"bylo odsouhlaseno|schválil[ai]?|odsouhlasil[ai]?|rozhodl[ai]?|se dohodl[ai]?)\b",
    re.IGNORECASE,
)
_DEADLINE = re.compile(r"\btermín\s*:\s*(?P<v>[^;,\n]+)", re.IGNORECASE)
_RESPONSIBLE = re.compile(r"\b(?:zodpovídá|odpovídá|zodp\.|zajistí|kdo)\s*:\s*(?P<v>[^;,\n]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Section:
    title: str | None
    text: str
    line: int

    def item(self) -> Item:
        return Item(title=self.title, text=self.text)


@dataclass(frozen=True)
class DecisionEntry:
    kind: str
    text: str
    number: str | None
    votes: tuple[int, int, int] | None
    deadline: str | None
    responsible: str | None
    line: int

    def decision(self) -> Decision:
        votes_for, votes_against, votes_abstained = self.votes or (None, None, None)
        return Decision(
            kind=self.kind,
            text=self.text,
            number=self.number,
            votes_for=votes_for,
            votes_against=votes_against,
            votes_abstained=votes_abstained,
            deadline=self.deadline,
            responsible=self.responsible,
        )


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


def votes_in(text: str) -> tuple[int, int, int] | None:
    m = _VOTES.search(text)
    if not m:
        return None
    groups = [g for g in m.groups() if g is not None]
    a, b, c = (int(x) for x in groups[:3])
    return a, b, c


def find_decisions(lines: list[str], start: int) -> list[DecisionEntry]:
    out: list[DecisionEntry] = []
    for i in range(start, len(lines)):
        line = lines[i].strip()
        if not line:
            continue
        m = _RESOLUTION.match(line)
        if m:
            text = line[m.end() :].strip()
            j = i + 1
            while not text and j < len(lines):
                text = lines[j].strip()
                j += 1
            window = " ".join(lines[i : i + 4])
            out.append(DecisionEntry("resolution", text or line, m.group("no"), votes_in(window), None, None, i))
            continue
        m = _TASK.match(line)
        if m:
            window = " ".join(lines[i : i + 3])
            deadline = _DEADLINE.search(window)
            responsible = _RESPONSIBLE.search(window)
            text = _DEADLINE.split(m.group("text"))[0].strip(" ,;")
            out.append(
                DecisionEntry(
                    "task",
                    text,
                    m.group("no"),
                    None,
                    deadline.group("v").strip() if deadline else None,
                    responsible.group("v").strip() if responsible else None,
                    i,
                )
            )
            continue
        if _AGREEMENT.search(line):
            out.append(DecisionEntry("agreement", _BULLET.sub("", line), None, votes_in(line), None, None, i))
    return out
