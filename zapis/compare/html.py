"""The diff as one self-contained HTML page: both copies in full, side by side.

The field differences stand in a table on top.  Below, the two texts are aligned paragraph by
paragraph (a paragraph is a line of the normalized text; paragraphs whose words correspond
share a row, a paragraph one copy split in two stands opposite both halves), changed words are
highlighted in place by kind, and runs of unchanged paragraphs are folded into ``<details>``
elements that open without scripts (a one-line script opens them all for printing).  Nothing
is loaded from elsewhere; everything taken from the documents is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from zapis.compare.diff import DiffResult
from zapis.compare.fields import FieldDifference
from zapis.compare.render import HEADINGS, describe, verdict
from zapis.compare.text import KINDS, Alignment, TextDifference
from zapis.output import PAGE_CSS
from zapis.version import __version__

FOLD = 2  # runs of at least this many unchanged rows are folded

_CSS = """
:root{--edit-del:#ffd7d5;--edit-ins:#ccffd8;--ocr:#fff1b8;--layout:#e8e8ee}
.files{margin:.25rem 0} .verdict{font-weight:bold}
.fields col.f{width:9.5em} .fields col.k{width:5em} .fields col.w{width:11em}
.grid{display:grid;grid-template-columns:1fr 1fr;column-gap:1rem}
.head{font-weight:bold;border-bottom:2px solid #888;padding:.2rem 0;overflow-wrap:anywhere}
.row{display:contents}
.cell{padding:.35rem .25rem;border-bottom:1px solid #ddd;overflow-wrap:anywhere;min-width:0}
.cell p{margin:0 0 .4rem} .cell p:last-child{margin:0}
.row.changed .cell{background:#fcfcfd}
.cell.none{color:#777;font-style:italic}
details.same{grid-column:1/3;border-bottom:1px solid #ddd}
details.same>summary{color:#555;font-style:italic;cursor:pointer;padding:.3rem .25rem}
details.same[open]>summary{border-bottom:1px dashed #ccc}
details.same .grid{color:#444}
del,ins{text-decoration:none;border-radius:2px;padding:0 1px}
del.edit{background:var(--edit-del);text-decoration:line-through;color:#82071e}
ins.edit{background:var(--edit-ins);text-decoration:underline;color:#055d20}
del.ocr,ins.ocr{background:var(--ocr);text-decoration:underline dotted}
del.layout,ins.layout{background:var(--layout);text-decoration:underline dashed;color:#444}
.gap::after{content:"\\2038";color:#b00;font-weight:bold}
.gap.ocr::after,.gap.layout::after{color:#888}
.kind{font-size:.85em;padding:0 .3rem;border-radius:3px;white-space:nowrap}
.kind.edit{background:var(--edit-del)} .kind.ocr{background:var(--ocr)} .kind.layout{background:var(--layout)}
@media print{.row,.cell{break-inside:avoid} details.same>summary{display:none}}
"""
# Printing shows both copies in full: folded paragraphs are opened for the printout and closed again.
_SCRIPT = (
    "addEventListener('beforeprint',()=>document.querySelectorAll('details.same:not([open])')"
    ".forEach(d=>{d.open=true;d.dataset.printed='1'}));"
    "addEventListener('afterprint',()=>document.querySelectorAll('details[data-printed]')"
    ".forEach(d=>{d.open=false;delete d.dataset.printed}));"
)


@dataclass(frozen=True)
class Row:
    a: tuple[int, ...]  # line indexes of A's text
    b: tuple[int, ...]


def _content_lines(text: str) -> list[int]:
    return [i for i, line in enumerate(text.split("\n")) if line.strip()]


def paragraph_rows(alignment: Alignment, text_a: str, text_b: str) -> list[Row]:
    """Rows of corresponding paragraphs, in order; every non-blank line of each text in exactly one row."""
    links = sorted({(alignment.a[i].line, alignment.b[j].line) for i, j in alignment.pairs})
    groups: list[list[int]] = []  # [a_lo, a_hi, b_lo, b_hi]
    for la, lb in links:
        if groups and (la <= groups[-1][1] or lb <= groups[-1][3]):
            groups[-1][1] = max(groups[-1][1], la)
            groups[-1][3] = max(groups[-1][3], lb)
        else:
            groups.append([la, la, lb, lb])
    lines_a, lines_b = _content_lines(text_a), _content_lines(text_b)
    rows: list[Row] = []
    prev_a = prev_b = -1
    for a_lo, a_hi, b_lo, b_hi in [*groups, [1 << 30, 1 << 30, 1 << 30, 1 << 30]]:
        gap_a = tuple(i for i in lines_a if prev_a < i < a_lo)
        gap_b = tuple(j for j in lines_b if prev_b < j < b_lo)
        if gap_a or gap_b:
            rows.append(Row(gap_a, gap_b))
        if a_lo < 1 << 30:
            rows.append(
                Row(tuple(i for i in lines_a if a_lo <= i <= a_hi), tuple(j for j in lines_b if b_lo <= j <= b_hi))
            )
        prev_a, prev_b = a_hi, b_hi
    return rows


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for line in text.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    return starts


def _marks(differences: Sequence[TextDifference], side: str) -> list[tuple[int, int, TextDifference]]:
    spans = [((d.a_span if side == "a" else d.b_span), d) for d in differences]
    return sorted((s, e, d) for (s, e), d in spans)


def _title(d: TextDifference) -> str:
    return f"{d.kind}: {d.reason}"


def _paragraph(text: str, start: int, end: int, marks: list[tuple[int, int, TextDifference]], side: str) -> str:
    """One line of a copy, its differences wrapped in <del> (A) or <ins> (B) by kind."""
    e = html.escape
    tag = "del" if side == "a" else "ins"
    out: list[str] = []
    pos = start
    for s, t, d in marks:
        if s == t:  # the other copy has words here that this one has not
            if start <= s <= end and s >= pos:
                out.append(e(text[pos:s]))
                out.append(f'<span class="gap {d.kind}" title="{e(_title(d))}"></span>')
                pos = s
            continue
        lo, hi = max(s, start, pos), min(t, end)
        if lo >= hi:
            continue
        out.append(e(text[pos:lo]))
        out.append(f'<{tag} class="{d.kind}" title="{e(_title(d))}">{e(text[lo:hi])}</{tag}>')
        pos = hi
    out.append(e(text[pos:end]))
    return "".join(out)


@dataclass(frozen=True)
class _Copy:
    text: str
    side: str
    starts: list[int]
    lines: list[str]
    marks: list[tuple[int, int, TextDifference]]


def _copy(text: str, side: str, differences: Sequence[TextDifference]) -> _Copy:
    return _Copy(text, side, _line_starts(text), text.split("\n"), _marks(differences, side))


def _cell(copy: _Copy, lines: tuple[int, ...]) -> str:
    side = copy.side
    if not lines:
        return f'<div class="cell {side} none" data-side="{side}"></div>'
    paragraphs = []
    for i in lines:
        start = copy.starts[i]
        body = _paragraph(copy.text, start, start + len(copy.lines[i]), copy.marks, side)
        paragraphs.append(f'<p id="{side}-{i + 1}">{body}</p>')
    return f'<div class="cell {side}" data-side="{side}">{"".join(paragraphs)}</div>'


def _touches(copy: _Copy, lines: tuple[int, ...]) -> bool:
    spans = [(s, t) for s, t, _ in copy.marks]
    for i in lines:
        lo, hi = copy.starts[i], copy.starts[i] + len(copy.lines[i])
        if any((lo <= s <= hi) if s == t else (s < hi and lo < t) for s, t in spans):
            return True
    return False


def _text_section(result: DiffResult) -> str:
    copy_a, copy_b = _copy(result.a.text, "a", result.text), _copy(result.b.text, "b", result.text)
    rows = paragraph_rows(result.alignment, copy_a.text, copy_b.text)
    rendered: list[tuple[bool, str]] = []
    for row in rows:
        changed = _touches(copy_a, row.a) or _touches(copy_b, row.b)
        cls = "row changed" if changed else "row"
        cells = _cell(copy_a, row.a) + _cell(copy_b, row.b)
        rendered.append((changed, f'<div class="{cls}">{cells}</div>'))
    out: list[str] = []
    i = 0
    while i < len(rendered):
        j = i
        while j < len(rendered) and not rendered[j][0]:
            j += 1
        if j - i >= FOLD:
            n = sum(len(rows[k].a) for k in range(i, j))
            body = "".join(r for _, r in rendered[i:j])
            out.append(
                f'<details class="same"><summary>{n} unchanged paragraph{"s" if n != 1 else ""} '
                f'(click to show)</summary><div class="grid">{body}</div></details>'
            )
            i = j
            continue
        if j > i:
            out.extend(r for _, r in rendered[i:j])
            i = j
            continue
        out.append(rendered[i][1])
        i += 1
    e = html.escape
    head = f'<div class="head">A: {e(result.a.path)}</div><div class="head">B: {e(result.b.path)}</div>'
    return f'<div class="grid text">{head}{"".join(out)}</div>'


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _value(d: FieldDifference, side: str, result: DiffResult) -> str:
    e = html.escape
    value = d.a if side == "a" else d.b
    span = d.a_span if side == "a" else d.b_span
    person = d.a_person_id if side == "a" else d.b_person_id
    text = result.a.text if side == "a" else result.b.text
    shown = e(value) if value is not None else '<span class="none">—</span>'
    if person:
        shown += f" <small>({e(person)})</small>"
    if span is not None:
        shown += f' <a href="#{side}-{_line_of(text, span[0])}" title="where it stands in the text">¶</a>'
    return shown


_CHANGES = {
    "renamed": "one person written differently",
    "added": "only in B",
    "removed": "only in A",
    "changed": "changed",
}


def _fields_section(result: DiffResult) -> str:
    e = html.escape
    if not result.fields:
        return "<p>All fields agree.</p>"
    ordered = sorted(result.fields, key=lambda d: KINDS.index(d.kind))
    rows = []
    for d in ordered:
        why = _CHANGES[d.change] + ("" if d.kind == "edit" else f"; {d.reason}")
        rows.append(
            f'<tr class="{d.kind}"><th scope="row">{e(d.field)}</th>'
            f'<td><span class="kind {d.kind}">{e(d.kind)}</span></td>'
            f"<td>{_value(d, 'a', result)}</td><td>{_value(d, 'b', result)}</td><td>{e(why)}</td></tr>"
        )
    return (
        '<table class="fields"><colgroup><col class="f"><col class="k"><col><col><col class="w"></colgroup>'
        "<thead><tr><th>field</th><th>kind</th><th>A</th><th>B</th><th>what</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def to_html(result: DiffResult, strict: bool = False) -> str:
    e = html.escape
    counts = result.counts()
    warning = f'<p class="warning" role="alert">{e(result.copies.line())}</p>' if not result.copies.likely else ""
    summary = ", ".join(f"{HEADINGS[k].lower()}: {counts[k]}" for k in KINDS)
    legend = (
        '<p class="legend">In the text: <del class="edit">removed</del> / <ins class="edit">added</ins> edit, '
        '<ins class="ocr">OCR noise</ins>, <ins class="layout">layout</ins>; '
        '<span class="gap edit"></span> marks where the other copy has words this one has not. '
        "Hover a highlight for its reason.</p>"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="cs"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="zapis {e(__version__)}">'
        f"<title>zapis diff: {e(result.a.path)} ↔ {e(result.b.path)}</title>"
        f"<style>{PAGE_CSS}{_CSS}</style><script>{_SCRIPT}</script></head><body>"
        f"{warning}<h1>zapis diff</h1>"
        f'<p class="files"><strong>A:</strong> {e(describe(result.a))}<br>'
        f"<strong>B:</strong> {e(describe(result.b))}</p>"
        f'<p class="verdict">{e(verdict(result, strict))}</p><p>{e(summary)}</p>'
        f"<h2>Fields</h2>{_fields_section(result)}"
        f"<h2>Text</h2>{legend}{_text_section(result)}"
        "</body></html>\n"
    )
