"""The diff for a terminal: the verdict first, then edits, then OCR noise and layout differences."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import click

from zapis.compare.diff import DiffResult
from zapis.compare.fields import FieldDifference
from zapis.compare.sides import Side
from zapis.compare.text import KINDS, Kind, TextDifference
from zapis.output import terminal_safe

CONTEXT = 6  # words of unchanged text shown on each side of a text difference
HEADINGS: dict[Kind, str] = {"edit": "Edits", "ocr": "OCR noise", "layout": "Layout"}
NOUNS: dict[Kind, tuple[str, str]] = {
    "edit": ("edit", "edits"),
    "ocr": ("OCR misreading", "OCR misreadings"),
    "layout": ("layout difference", "layout differences"),
}


def plural(n: int, kind: Kind) -> str:
    one, many = NOUNS[kind]
    return f"{n} {one if n == 1 else many}"


def describe(side: Side) -> str:
    m = side.meeting
    if not m.sources:
        return side.path
    s = m.sources[0]
    how = {"text-layer": "text layer", "ocr": "OCR", "docx": "Word", "text": "text"}.get(s.method, s.method)
    parts = [s.format, how, f"{s.pages} page{'s' if s.pages != 1 else ''}"]
    if s.ocr_confidence is not None:
        parts.append(f"OCR confidence {s.ocr_confidence:.0f}/100")
    return f"{side.path} ({', '.join(parts)})"


def verdict(result: DiffResult, strict: bool) -> str:
    counts = result.counts()
    ignored = " and ".join(plural(counts[k], k) for k in ("ocr", "layout") if counts[k])
    counted = result.counted(strict)
    if counted == 0:
        if strict or not ignored:
            return "The copies agree: no differences in fields or wording."
        return f"The copies agree: no edits ({ignored} not counted; --strict counts them)."
    what = f"{counted} difference{'s' if counted != 1 else ''}" if strict else plural(counted, "edit")
    besides = f", besides {ignored} (not counted)" if ignored and not strict else ""
    return f"The copies differ: {what}{besides}."


def _one_line(text: str) -> str:
    return " ".join(text.split())


def context(text: str, span: tuple[int, int]) -> tuple[str, str]:
    """Up to CONTEXT words of ``text`` before and after ``span``, on the same line."""
    start, end = span
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start:start].split()[-CONTEXT:]
    after = text[end:line_end].split()[:CONTEXT]
    pre, post = " ".join(before), " ".join(after)
    empty = start == end
    if pre and (empty or text[start - 1].isspace()):
        pre += " "
    if post and (empty or text[end : end + 1].isspace()):
        post = " " + post
    return pre, post


def text_line(d: TextDifference, a_text: str, style: Callable[..., str]) -> str:
    pre, post = context(a_text, d.a_span)
    removed = style("[-" + terminal_safe(_one_line(d.a)) + "-]", fg="red") if d.a else ""
    added = style("{+" + terminal_safe(_one_line(d.b)) + "+}", fg="green") if d.b else ""
    return f"…{terminal_safe(pre)}{removed}{added}{terminal_safe(post)}…"


def field_line(d: FieldDifference) -> str:
    ids = ""
    if d.a_person_id or d.b_person_id:
        ids = f" [{d.a_person_id or '—'} / {d.b_person_id or '—'}]"
    if d.change == "renamed":
        return f"{d.field}: {d.a} ↔ {d.b} (one person written differently){ids}"
    if d.change == "removed":
        return f"{d.field}: only in A: {d.a}{ids}"
    if d.change == "added":
        return f"{d.field}: only in B: {d.b}{ids}"
    return f"{d.field}: A: {d.a}  B: {d.b}"


def to_terminal(result: DiffResult, color: bool, strict: bool = False) -> str:
    """The diff as lines for a terminal. What comes from the documents (and their names) has its
    control characters removed first: escape sequences in a file never reach the terminal."""

    def style(text: str, **kw: Any) -> str:
        return click.style(text, **kw) if color else text

    lines = []
    if not result.copies.likely:
        lines.append(style(terminal_safe(result.copies.line()), fg="yellow", bold=True))
    lines += [
        style(f"--- A: {terminal_safe(describe(result.a))}", bold=True),
        style(f"+++ B: {terminal_safe(describe(result.b))}", bold=True),
    ]
    lines.append(verdict(result, strict))
    for kind in KINDS:
        fields = [d for d in result.fields if d.kind == kind]
        texts = [d for d in result.text if d.kind == kind]
        if not fields and not texts:
            continue
        counted = kind == "edit" or strict
        note = "" if counted else " (not counted; --strict counts them)"
        lines.append(style(f"{HEADINGS[kind]}: {len(fields) + len(texts)}{note}", bold=True))
        for f in fields:
            reason = "" if kind == "edit" else f"  ({f.reason})"
            lines.append(f"  field {terminal_safe(field_line(f))}{reason}")
        for t in texts:
            reason = "" if kind == "edit" else f"  ({t.reason})"
            lines.append(f"  text  {text_line(t, result.a.text, style)}{reason}")
    return "\n".join(re.sub(r"[ \t]+$", "", ln) for ln in lines)
