"""Showing a diff: coloured terminal text, JSON, or one self-contained HTML page."""

from __future__ import annotations

import html
import json
from typing import Any

import click

from zapis.compare.diff import DiffResult
from zapis.compare.fields import FieldDiff
from zapis.compare.text import TextOp, Token, changed, join_tokens
from zapis.output import terminal_safe

CONTEXT = 6  # words of unchanged text shown around each change


def _field_lines(d: FieldDiff) -> list[str]:
    out = []
    if d.renamed:
        out += [f"same person written differently: {x} ↔ {y}" for x, y in d.renamed]
    if d.removed:
        out.append("only in A: " + ", ".join(d.removed))
    if d.added:
        out.append("only in B: " + ", ".join(d.added))
    if not (d.renamed or d.removed or d.added):
        out.append(f"A: {d.a}")
        out.append(f"B: {d.b}")
    return out


def _context(op: TextOp, where: str) -> str:
    """Unchanged words before or after a change, with the space that separates them from it."""
    toks = op.a[-CONTEXT:] if where == "before" else op.a[:CONTEXT]
    text = terminal_safe(join_tokens(toks))
    if where == "before":
        return text + " "
    return (" " if toks and toks[0].space_before else "") + text


def to_terminal(result: DiffResult, color: bool) -> str:
    """The diff as lines for a terminal.  What comes from the documents (and their names) has
    its control characters removed first: escape sequences in a file never reach the terminal."""

    def style(text: str, **kw: Any) -> str:
        return click.style(text, **kw) if color else text

    def words(tokens: list[Token]) -> str:
        return terminal_safe(join_tokens(tokens))

    name_a, name_b = terminal_safe(result.a), terminal_safe(result.b)
    lines = [style(f"--- A: {name_a}", bold=True), style(f"+++ B: {name_b}", bold=True)]
    if result.same:
        lines.append("The copies agree: no differences in fields or wording.")
        return "\n".join(lines)
    if result.fields:
        lines.append(style("Fields:", bold=True))
        for d in result.fields:
            for text in _field_lines(d):
                lines.append(f"  {d.field}: {terminal_safe(text)}")
    ops = result.text
    n_changes = len(changed(ops))
    lines.append(style(f"Text: {n_changes} difference{'s' if n_changes != 1 else ''} in wording", bold=True))
    for i, op in enumerate(ops):
        if op.tag == "equal":
            continue
        before = _context(ops[i - 1], "before") if i > 0 and ops[i - 1].tag == "equal" else ""
        after = _context(ops[i + 1], "after") if i + 1 < len(ops) and ops[i + 1].tag == "equal" else ""
        removed = style("[-" + words(op.a) + "-]", fg="red") if op.a else ""
        added = style("{+" + words(op.b) + "+}", fg="green") if op.b else ""
        lines.append(f"  …{before}{removed}{added}{after}…")
    return "\n".join(lines)


def to_json(result: DiffResult) -> str:
    data = {
        "a": result.a,
        "b": result.b,
        "same": result.same,
        "fields": [
            {
                k: v
                for k, v in {
                    "field": d.field,
                    "a": d.a,
                    "b": d.b,
                    "added": d.added,
                    "removed": d.removed,
                    "renamed": [list(p) for p in d.renamed],
                }.items()
                if v not in (None, [])
            }
            for d in result.fields
        ],
        "text": [
            {"op": op.tag, "a": join_tokens(op.a), "b": join_tokens(op.b)} for op in result.text if op.tag != "equal"
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
h1{font-size:1.3rem} table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:.4rem .6rem;vertical-align:top;text-align:left}
th{background:#f3f3f3} .text td{width:50%;line-height:1.5}
del{background:#ffd7d5;color:#82071e;text-decoration:line-through}
ins{background:#ccffd8;color:#055d20;text-decoration:none}
.same{color:#555} .gap{color:#999;text-align:center;font-style:italic}
.renamed{background:#fff5b1}
"""


def to_html(result: DiffResult) -> str:
    e = html.escape
    rows = []
    for d in result.fields:
        cells = "<br>".join(
            f'<span class="renamed">{e(x)} ↔ {e(y)}</span> (same person written differently)' for x, y in d.renamed
        )
        left = ", ".join(f"<del>{e(x)}</del>" for x in d.removed) or (e(str(d.a)) if d.a is not None else "")
        right = ", ".join(f"<ins>{e(x)}</ins>" for x in d.added) or (e(str(d.b)) if d.b is not None else "")
        if d.renamed:
            left = (left + "<br>" if left else "") + cells
            right = (right + "<br>" if right else "") + cells
        rows.append(f"<tr><th>{e(d.field)}</th><td>{left}</td><td>{right}</td></tr>")
    fields_html = (
        "<table><tr><th>field</th><th>A</th><th>B</th></tr>" + "".join(rows) + "</table>"
        if rows
        else "<p class='same'>All fields agree.</p>"
    )
    text_rows = []
    ops = result.text
    for i, op in enumerate(ops):
        if op.tag == "equal":
            if len(op.a) > 3 * CONTEXT and 0 < i < len(ops) - 1:
                head, tail = join_tokens(op.a[:CONTEXT]), join_tokens(op.a[-CONTEXT:])
                text_rows.append(f'<tr class="same"><td>{e(head)} …</td><td>{e(head)} …</td></tr>')
                text_rows.append('<tr><td class="gap" colspan="2">unchanged text</td></tr>')
                text_rows.append(f'<tr class="same"><td>… {e(tail)}</td><td>… {e(tail)}</td></tr>')
            else:
                same = e(join_tokens(op.a))
                text_rows.append(f'<tr class="same"><td>{same}</td><td>{same}</td></tr>')
        else:
            left = f"<del>{e(join_tokens(op.a))}</del>" if op.a else ""
            right = f"<ins>{e(join_tokens(op.b))}</ins>" if op.b else ""
            text_rows.append(f'<tr class="change"><td>{left}</td><td>{right}</td></tr>')
    verdict = (
        "The copies agree."
        if result.same
        else f"{len(result.fields)} field(s) and {len(changed(ops))} wording difference(s)."
    )
    return (
        "<!DOCTYPE html><html lang='cs'><head><meta charset='utf-8'>"
        f"<title>zapis diff: {e(result.a)} ↔ {e(result.b)}</title><style>{_CSS}</style></head><body>"
        f"<h1>zapis diff</h1><p><b>A:</b> {e(result.a)}<br><b>B:</b> {e(result.b)}</p><p>{e(verdict)}</p>"
        f"<h2>Fields</h2>{fields_html}"
        f"<h2>Text</h2><table class='text'><tr><th>A</th><th>B</th></tr>{''.join(text_rows)}</table>"
        "</body></html>\n"
    )
