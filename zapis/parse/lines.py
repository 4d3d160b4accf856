"""Small helpers over the parser's lines: the nearest line with text, a bullet's mark."""

from __future__ import annotations

import re

# A bullet before a list entry: "- ", "– ", "• ", "* ", "+ ".
BULLET = re.compile(r"^\s*[-–—•*+]\s+")


def next_filled(lines: list[str], i: int, step: int = 1, within: int = 2) -> int | None:
    """The nearest line after (step 1) or before (step -1) line ``i`` that has text, at most
    ``within`` lines away."""
    for j in range(1, within + 1):
        k = i + step * j
        if 0 <= k < len(lines) and lines[k].strip():
            return k
    return None
