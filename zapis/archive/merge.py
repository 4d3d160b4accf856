"""Copies of one meeting → one meeting JSON.

Each copy (PDF, scan, DOCX, retyped text) was parsed on its own.  The merged record takes
its fields from the best copy by a stated rule (text layer over DOCX over plain text over
OCR), lists every copy in ``sources``, and keeps every value on which the copies disagree in
``variants``, so nothing any copy said is lost.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from zapis.normalize.czech import fold

METHOD_RANK = {"text-layer": 0, "docx": 1, "text": 2, "ocr": 3}
# Fields compared between copies for ``variants``
COMPARED = ("title", "body", "series", "date", "start_time", "location", "agenda", "attendees", "excused",
            "guests", "recorded_by", "next_meetings", "contacts")  # fmt: skip


def copy_rank(meeting: dict[str, Any]) -> tuple[int, float, str]:
    """Lower is better: method, then OCR confidence (higher first), then path for a stable order."""
    source = meeting["sources"][0]
    confidence = source.get("ocr_confidence") or 100.0
    return METHOD_RANK.get(source["method"], 9), -confidence, source["path"]


def _comparable(field: str, value: Any) -> Any:
    """A hashable form of a field value in which layout differences vanish."""
    if value is None:
        return None
    if field in ("attendees", "excused", "guests"):
        return tuple(sorted(fold(p["name"]) for p in value))
    if field == "recorded_by":
        return fold(value["name"])
    if field == "next_meetings":
        return tuple(sorted((m.get("date") or "", m.get("time") or "") for m in value))
    if field == "contacts":
        return tuple(sorted((c.get("phone") or "", c.get("email") or "") for c in value))
    if field == "agenda":
        return tuple(fold(x) for x in value)
    if isinstance(value, str):
        return fold(value)
    return value


def variants_of(copies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fields on which the copies disagree, with each distinct value and the sources (indexes) giving it."""
    out = []
    for field in COMPARED:
        groups: dict[Any, list[int]] = {}
        first_value: dict[Any, Any] = {}
        for i, copy in enumerate(copies):
            key = _comparable(field, copy.get(field))
            groups.setdefault(key, []).append(i)
            first_value.setdefault(key, copy.get(field))
        if len(groups) > 1:
            values = [{"value": first_value[k], "sources": idx} for k, idx in groups.items()]
            out.append({"field": field, "values": values})
    return out


def merge_copies(copies: list[dict[str, Any]]) -> dict[str, Any]:
    """One meeting dict from the meeting dicts of its copies (each with one source)."""
    ordered = sorted(copies, key=copy_rank)
    best = dict(ordered[0])
    best["sources"] = [c["sources"][0] for c in ordered]
    best["variants"] = variants_of(ordered) if len(ordered) > 1 else []
    warnings = Counter(w for c in ordered for w in c.get("warnings", []))
    best["warnings"] = sorted(warnings)
    best["links"] = sorted({link for c in ordered for link in c.get("links", [])})
    return best
