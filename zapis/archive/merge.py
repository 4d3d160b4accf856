"""Copies of one meeting → one meeting record.

Each copy (PDF, scan, DOCX, retyped text) was parsed on its own.  The merged record takes
its fields from the best copy by a stated rule (text layer over DOCX over plain text over
OCR), lists every copy in ``sources``, and keeps every value on which the copies disagree in
``variants``, so nothing any copy said is lost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from typing import Any

from pydantic import BaseModel

from zapis.lang import fold
from zapis.schema import STATED_FIELDS, Meeting, Person, Provenance, Variant, VariantValue

METHOD_RANK = {"text-layer": 0, "docx": 1, "text": 2, "ocr": 3}


def copy_rank(meeting: Meeting) -> tuple[int, float, str]:
    """Lower is better: method, then OCR confidence (higher first), then path for a stable order."""
    source = meeting.sources[0]
    confidence = source.ocr_confidence or 100.0
    return METHOD_RANK.get(source.method, 9), -confidence, source.path


def comparable(value: Any) -> Hashable:
    """A hashable form of a field value in which layout differences vanish: case, diacritics,
    spacing, the order of people, and how a value was written (``raw``)."""
    if value is None:
        return None
    if isinstance(value, Person):
        return fold(value.name)
    if isinstance(value, BaseModel):
        data = value.model_dump(mode="json", exclude={"raw"})
        return tuple(sorted((k, comparable(v)) for k, v in data.items()))
    if isinstance(value, list):
        keys = [comparable(v) for v in value]
        # who attended is a set; the agenda, decisions and next meetings keep their order
        return tuple(sorted(keys, key=repr)) if value and isinstance(value[0], Person) else tuple(keys)
    if isinstance(value, str):
        return fold(value)
    return value if isinstance(value, Hashable) else repr(value)


def variants_of(copies: list[Meeting]) -> list[Variant]:
    """Fields on which the copies disagree, with each distinct value and the sources (indexes) giving it."""
    out = []
    for name in STATED_FIELDS:
        groups: dict[Hashable, list[int]] = {}
        first_value: dict[Hashable, Any] = {}
        for i, copy in enumerate(copies):
            value = getattr(copy, name)
            key = comparable(value)
            groups.setdefault(key, []).append(i)
            first_value.setdefault(key, value)
        if len(groups) > 1:
            values = [VariantValue(value=_plain(first_value[k]), sources=idx) for k, idx in groups.items()]
            out.append(Variant(field=name, values=values))
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def merge_copies(copies: list[Meeting], *, reuse: bool = False) -> Meeting:
    """One meeting from the meetings of its copies (each with one source).

    ``reuse``: the copies are the caller's to give away (read from the cache for this merge
    alone), so the best one becomes the merged meeting instead of a deep copy of it (most
    meetings of an archive have one copy; copying each costs as much as the rest of the merge)."""
    ordered = sorted(copies, key=copy_rank)
    sources = [c.sources[0] for c in ordered]
    variants = variants_of(ordered) if len(ordered) > 1 else []
    warnings = sorted(Counter(w for c in ordered for w in c.warnings))
    links = sorted({link for c in ordered for link in c.links})
    best = ordered[0] if reuse else ordered[0].model_copy(deep=True)
    best.sources, best.variants, best.warnings = sources, variants, warnings
    best.provenance = _reindexed(best.provenance, "links", best.links, links)
    best.links = links
    return best


def _reindexed(provenance: dict[str, Provenance], name: str, old: list[str], new: list[str]) -> dict[str, Provenance]:
    """Provenance of the entries of list ``name`` keyed by their place in ``new`` instead of ``old``."""
    prefix = f"{name}["
    kept = {k: v for k, v in provenance.items() if not k.startswith(prefix)}
    place = {value: i for i, value in enumerate(new)}
    for i, value in enumerate(old):
        if (where := provenance.get(f"{prefix}{i}]")) is not None and value in place:
            kept[f"{prefix}{place[value]}]"] = where
    return kept
