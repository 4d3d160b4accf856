"""The review queue as one self-contained HTML page (``OUTDIR/review.html``).

One card per value, most urgent first: the meeting, the field and its value, why zapis is
unsure, the evidence highlighted in its context and, for a PDF or scanned page whose evidence
has a box, a crop of the page (a PNG data URI), and the ``zapis correct`` commands that correct
or confirm it.  Nothing is loaded from elsewhere; everything taken from documents is escaped.
"""

from __future__ import annotations

import html
import json
import shlex
from collections.abc import Iterable
from typing import Any

from zapis.archive.review import ReviewEntry
from zapis.output import PAGE_CSS
from zapis.version import __version__

_CSS = """
.entry{border:1px solid #ccc;border-radius:4px;padding:.6rem .8rem;margin:0 0 .8rem;break-inside:avoid}
.entry h2{font-size:1rem;margin:0 0 .3rem;display:flex;gap:.6rem;align-items:baseline;flex-wrap:wrap}
.rank{color:#555;font-weight:normal}
.score{display:inline-block;height:.6rem;background:#d1242f;border-radius:2px;vertical-align:middle}
.field{font-family:ui-monospace,"DejaVu Sans Mono",monospace}
.value{margin:.2rem 0;overflow-wrap:anywhere} .value .none{color:#777;font-style:italic}
.reasons{margin:.2rem 0 .4rem;padding-left:1.2rem;font-size:.9em;color:#333}
.context{background:#f6f8fa;border-left:3px solid #bbb;padding:.4rem .6rem;white-space:pre-wrap;
  overflow-wrap:anywhere;font-size:.92em;margin:.3rem 0}
.crop{display:block;max-width:100%;border:1px solid #bbb;margin:.4rem 0}
.fix{font-size:.85em;color:#333;margin:.3rem 0 0;overflow-wrap:anywhere}
"""


def _value(value: Any) -> str:
    e = html.escape
    if value is None:
        return '<span class="none">— no value found —</span>'
    if isinstance(value, list):
        items = [
            v.get("name") or v.get("raw") or json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v
            for v in value
        ]
        return "; ".join(e(str(i)) for i in items)
    if isinstance(value, dict):
        if "name" in value:
            return e(str(value["name"]))
        if "text" in value:
            counts = [value.get(k) for k in ("votes_for", "votes_against", "votes_abstained")]
            votes = (
                ""
                if all(c is None for c in counts)
                else f" (pro {counts[0]}, proti {counts[1]}, zdržel se {counts[2]})"
            )
            number = f"{value['number']}: " if value.get("number") else ""
            return e(f"{number}{value['text'][:300]}{votes}")
        return e(json.dumps(value, ensure_ascii=False))
    return e(str(value))


def _card(rank: int, entry: ReviewEntry, crop: str | None, outdir: str) -> str:
    e = html.escape
    where = ", ".join(x for x in (entry.source, f"page {entry.page}" if entry.page else None, entry.method) if x)
    context = ""
    if entry.evidence:
        context = f'<div class="context">{e(entry.before)}<mark>{e(entry.evidence)}</mark>{e(entry.after)}</div>'
    image = f'<img class="crop" alt="the page around the evidence" src="{e(crop)}">' if crop else ""
    reasons = "".join(f"<li>{e(r)}</li>" for r in entry.reasons)
    fix = " ".join(shlex.quote(x) for x in ("zapis", "correct", outdir, entry.meeting_id, entry.field))
    width = max(2, round(60 * entry.score))
    return (
        f'<section class="entry" id="e{rank}"><h2><span class="rank">#{rank}</span>'
        f'<span class="field">{e(entry.field)}</span>'
        f"<span>{e(entry.meeting_id)}</span>"
        f'<span class="muted">{e(entry.body or "")} {e(entry.date or "")}</span>'
        f'<span title="importance {entry.importance:.2f} × uncertainty {entry.uncertainty:.2f}">'
        f'<span class="score" style="width:{width}px"></span> {entry.score:.2f}</span></h2>'
        f'<p class="value">{_value(entry.value)}</p>'
        f'<ul class="reasons">{reasons}</ul>'
        f"{context}{image}"
        f'<p class="muted">{e(where)}</p>'
        + (
            f'<p class="fix">Correct: <code>{e(fix)} VALUE</code> · confirm: <code>{e(fix)} --checked</code></p>'
            if entry.meeting_id
            else ""
        )
        + "</section>"
    )


def to_html(entries: list[ReviewEntry], crops: Iterable[str | None], outdir: str, filters: dict[str, Any]) -> str:
    e = html.escape
    shown = ", ".join(f"{k} {v}" for k, v in filters.items() if v is not None) or "none"
    cards = "".join(
        _card(i, entry, crop, outdir) for i, (entry, crop) in enumerate(zip(entries, crops, strict=False), start=1)
    )
    meetings = len({x.meeting_id for x in entries})
    return (
        "<!DOCTYPE html>\n"
        '<html lang="cs"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="zapis {e(__version__)}">'
        f"<title>zapis review: {e(outdir)}</title>"
        f"<style>{PAGE_CSS}{_CSS}</style></head><body>"
        f"<h1>zapis review: {e(outdir)}</h1>"
        f'<p class="legend">{len(entries)} values of {meetings} meetings to check, the most urgent first'
        " (how much the field matters × how unsure zapis is). The evidence is <mark>highlighted</mark> in"
        f" the text it was read from. Filters: {e(shown)}.</p>"
        f"{cards or '<p>Nothing to check.</p>'}"
        "</body></html>\n"
    )
