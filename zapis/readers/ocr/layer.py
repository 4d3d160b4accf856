"""The OCR's words placed back on the page they were read from: the text layer of a searchable copy.

Words are measured on the image Tesseract read, which may be the page straightened (sheared
straight) and is in pixels; a searchable PDF needs them in the page's own points.  The
reader that made the image knows how (a render matrix, the shears that straightened the bitmap) and hands a
point mapping; each word's box becomes the bounds of its four mapped corners.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from zapis.document import PlacedWord
from zapis.readers.ocr.words import Word

PointMap = Callable[[float, float], tuple[float, float]]


def unskew(angle: float, source: tuple[int, int]) -> PointMap:
    """Pixels of ``straighten(source, angle)`` (what :func:`~.prepare.deskew` makes) → pixels of ``source``."""
    if not angle:
        return lambda x, y: (x, y)
    slope = math.tan(math.radians(angle))
    width, height = source
    # the shears of prepare.straighten: columns down by round(x·slope) − its least value, then
    # rows (of the image the first shear made) right by round(−y·slope) − its least value
    least_down = min(0, math.floor((width - 1) * slope + 0.5))
    sheared_height = height + abs(math.floor((width - 1) * slope + 0.5))
    least_right = min(0, math.floor(-(sheared_height - 1) * slope + 0.5))

    def back(x: float, y: float) -> tuple[float, float]:
        x = x - (math.floor(-y * slope + 0.5) - least_right)
        return x, y - (math.floor(x * slope + 0.5) - least_down)

    return back


def scaled(point_map: PointMap, factor: float) -> PointMap:
    """``point_map`` followed by a scale (pixels at some dpi → points: 72 / dpi)."""

    def to_points(x: float, y: float) -> tuple[float, float]:
        px, py = point_map(x, y)
        return px * factor, py * factor

    return to_points


def place_words(words: Sequence[Word], to_page: PointMap) -> tuple[PlacedWord, ...]:
    placed = []
    for w in words:
        corners = [
            to_page(x, y) for x, y in ((w.left, w.top), (w.right, w.top), (w.left, w.bottom), (w.right, w.bottom))
        ]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        placed.append(PlacedWord(w.text, (min(xs), min(ys), max(xs), max(ys))))
    return tuple(placed)
