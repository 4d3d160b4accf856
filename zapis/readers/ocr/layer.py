"""The OCR's words placed back on the page they were read from: the text layer of a searchable copy.

Words are measured on the image Tesseract read, which may be the page straightened (rotated
by the skew) and is in pixels; a searchable PDF needs them in the page's own points.  The
reader that made the image knows how (a render matrix, a rotation of the bitmap) and hands a
point mapping; each word's box becomes the bounds of its four mapped corners.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from zapis.document import PlacedWord
from zapis.readers.ocr.words import Word

PointMap = Callable[[float, float], tuple[float, float]]


def unrotation(angle: float, source: tuple[int, int], rotated: tuple[int, int]) -> PointMap:
    """Pixels of ``source.rotate(-angle, expand=True)`` (what :func:`~.prepare.deskew` makes) → pixels of ``source``."""
    if not angle:
        return lambda x, y: (x, y)
    phi = math.radians(-angle)
    cos, sin = math.cos(phi), math.sin(phi)
    cx, cy = source[0] / 2, source[1] / 2
    rx, ry = rotated[0] / 2, rotated[1] / 2

    def back(x: float, y: float) -> tuple[float, float]:
        # Pillow turns counter-clockwise on the screen (y down); undo it around the centres
        dx, dy = x - rx, y - ry
        return cx + dx * cos - dy * sin, cy + dx * sin + dy * cos

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
