"""How sure the parser is of each field, from the kind of evidence it was read from
(zapis/data/confidence.toml); fields below the threshold are left empty, with a warning."""

from __future__ import annotations

from functools import cache
from typing import Any

from zapis.lang import load

# Fields judged (the others are lists read from running text, not answers to a question).
JUDGED = (
    "title", "body", "series", "date", "start_time", "end_time", "location", "agenda", "attendees",
    "excused", "absent", "guests", "recorded_by", "verified_by", "chaired_by",
)  # fmt: skip


@cache
def _table() -> dict[str, Any]:
    return load("confidence")


def threshold() -> float:
    return float(_table()["threshold"])


def confidence_of(field: str, how: str) -> float:
    """The confidence of a value of ``field`` read from evidence of kind ``how``."""
    table = _table()
    own = table.get(field, {})
    if how in own:
        return float(own[how])
    return float(table["default"].get(how, table["default"]["header"]))
