"""Comparing two copies of minutes: field and text differences, each an edit, OCR noise or layout.

``zapis diff A B`` mirrors :func:`diff_sides` on two :func:`load_side`; A and B are any supported
files or meeting JSONs.
"""

from __future__ import annotations

from zapis.compare.diff import Copies, DiffResult, diff_sides
from zapis.compare.fields import FieldDifference
from zapis.compare.html import to_html
from zapis.compare.render import to_terminal
from zapis.compare.report import DIFF_SCHEMA_VERSION, DiffReport, diff_json_schema, diff_report, to_json
from zapis.compare.sides import Side, load_side, side_of_meeting, side_of_reading
from zapis.compare.text import Alignment, CopyText, Kind, TextDifference, align

__all__ = [
    "DIFF_SCHEMA_VERSION",
    "Alignment",
    "Copies",
    "CopyText",
    "DiffReport",
    "DiffResult",
    "FieldDifference",
    "Kind",
    "Side",
    "TextDifference",
    "align",
    "diff_json_schema",
    "diff_report",
    "diff_sides",
    "load_side",
    "side_of_meeting",
    "side_of_reading",
    "to_html",
    "to_json",
    "to_terminal",
]
