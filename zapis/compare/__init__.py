"""Comparing two copies of minutes: field differences and word-level text differences.

``zapis diff A B`` mirrors :func:`diff_meetings`; A and B are any supported files or meeting JSONs.
"""

from __future__ import annotations

from zapis.compare.diff import DiffResult, diff_meetings, load_side
from zapis.compare.fields import FieldDiff
from zapis.compare.render import to_html, to_json, to_terminal
from zapis.compare.text import TextOp

__all__ = ["DiffResult", "FieldDiff", "TextOp", "diff_meetings", "load_side", "to_html", "to_json", "to_terminal"]
