"""Page images made ready for OCR: grayscale, ink, and small rotations straightened."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageFilter

MAX_SKEW = 5.0  # degrees; scanners and phone photos of paper are rarely worse, and larger
# angles need a different method (OSD / rotate by 90°), not a projection profile.
DESKEW_WIDTH = 1200  # px the image is reduced to for the angle search: enough resolution
# for ~0.05° steps (tan(0.05°) × 1200 px ≈ 1 px of shear across the page), yet fast.
COARSE_STEP = 0.5
MID_STEP = 0.1
FINE_STEP = 0.05
MIN_DESKEW = 0.2  # degrees; below this Tesseract copes by itself, and resampling blurs glyphs.
MIN_PROFILE_GAIN = 1.02  # the best angle must sharpen the profile by ≥2 % over 0°, else the
# page has no clear text lines (a photo, a blank page) and any "angle" would be noise.


def to_grayscale(image: Image.Image) -> Image.Image:
    """8-bit grayscale; transparency is flattened onto white (a transparent PNG is black in L)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("L")
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        # 16-bit/float scans: stretch to 0–255 instead of clipping everything to white.
        arr = np.asarray(image, dtype=np.float64)
        lo, hi = float(arr.min()), float(arr.max())
        scaled = (arr - lo) * (255.0 / (hi - lo)) if hi > lo else np.full_like(arr, 255.0)
        return Image.fromarray(scaled.astype(np.uint8), "L")
    if image.mode == "L":
        return image
    if image.mode in ("RGB", "CMYK", "YCbCr", "P"):
        return drop_colour(image.convert("RGB"))
    return image.convert("L")


CHROMA = 60  # max − min of R, G, B above which a pixel is coloured ink, not black, grey or paper
STAMP_SIZE = 0.05  # a coloured shape at least this share of the page width both ways is a stamp or
# a background; coloured text (a blue link) is a line of small separate letters and stays as it is
CELL = 0.005  # the coloured pixels are looked at in cells of this share of the page width (1.5 px/mm on A4)
STAMP_INK = 128  # inside a stamp, a pixel darker than this in every channel is ink under it
MIN_COLOURED = 0.0005  # pages with fewer coloured pixels than this share skip the search


def has_colour(image: Image.Image) -> bool:
    """Whether a page image holds coloured ink (a stamp, a coloured background) worth removing."""
    if image.mode != "RGB":
        return False
    channels = [np.asarray(band) for band in image.split()]
    lightest = np.maximum(np.maximum(channels[0], channels[1]), channels[2])
    darkest = np.minimum(np.minimum(channels[0], channels[1]), channels[2])
    return bool(((lightest - darkest) > CHROMA).mean() >= MIN_COLOURED)


def drop_colour(rgb: Image.Image) -> Image.Image:
    """Grayscale without stamps and coloured backgrounds: in the box of a large coloured shape a
    pixel is binarized on its lightest channel, so a blue stamp (and the blurred edge of its
    ink) becomes paper and black text under it stays black (stamp ink over text is dark in
    every channel, stamp ink alone is light in one)."""
    gray = rgb.convert("L")
    channels = [np.asarray(band) for band in rgb.split()]
    lightest = np.maximum(np.maximum(channels[0], channels[1]), channels[2])
    darkest = np.minimum(np.minimum(channels[0], channels[1]), channels[2])
    coloured = (lightest - darkest) > CHROMA  # uint8: max ≥ min, no wrap-around
    if coloured.mean() < MIN_COLOURED:
        return gray
    shapes = large_shapes(coloured, max(2, round(CELL * rgb.width)), STAMP_SIZE * rgb.width)
    if not shapes.any():
        return gray
    out = np.asarray(gray).copy()
    out[shapes] = np.where(lightest[shapes] < STAMP_INK, lightest[shapes], 255)
    return Image.fromarray(out, "L")


def large_shapes(mask: np.ndarray, cell: int, size: float) -> np.ndarray:
    """The boxes of the connected shapes of ``mask`` (in cells of ``cell`` px, touching diagonally
    too) at least ``size`` px wide and high, as a pixel mask."""
    h, w = mask.shape
    grid = _cells(mask, cell)
    keep = np.zeros_like(grid)
    for top, left, bottom, right in shape_boxes(grid, size / cell):
        # the shape's whole box: the stamp's own letters inside its ring are part of it
        keep[top:bottom, left:right] = True
    return np.repeat(np.repeat(keep, cell, axis=0), cell, axis=1)[:h, :w]


def _cells(mask: np.ndarray, cell: int) -> np.ndarray:
    """Which ``cell`` × ``cell`` px cells of ``mask`` hold any of it."""
    h, w = mask.shape
    rows, cols = -(-h // cell), -(-w // cell)
    padded = np.zeros((rows * cell, cols * cell), dtype=bool)
    padded[:h, :w] = mask
    return np.asarray(padded.reshape(rows, cell, cols, cell).any(axis=(1, 3)))


def shape_boxes(grid: np.ndarray, size: float) -> list[tuple[int, int, int, int]]:
    """(top, left, bottom, right), bottom and right exclusive, of the connected shapes of the
    boolean ``grid`` (touching diagonally too) at least ``size`` cells wide and high."""
    rows, cols = grid.shape
    seen = np.zeros_like(grid)
    boxes = []
    for r0, c0 in zip(*np.nonzero(grid), strict=True):
        if seen[r0, c0]:
            continue
        seen[r0, c0] = True
        stack: list[tuple[int, int]] = [(int(r0), int(c0))]
        top, left, bottom, right = int(r0), int(c0), int(r0), int(c0)
        while stack:
            r, c = stack.pop()
            top, bottom, left, right = min(top, r), max(bottom, r), min(left, c), max(right, c)
            for nr in (r - 1, r, r + 1):
                for nc in (c - 1, c, c + 1):
                    if 0 <= nr < rows and 0 <= nc < cols and grid[nr, nc] and not seen[nr, nc]:
                        seen[nr, nc] = True
                        stack.append((nr, nc))
        if bottom - top + 1 >= size and right - left + 1 >= size:
            boxes.append((top, left, bottom + 1, right + 1))
    return boxes


OVERVIEW = 4  # the page's ground is judged on the page reduced by this much: 75 dpi for 300
LIGHT_CELL = 1 / 80  # the paper's brightness is looked at in cells of this share of the page width
LIGHT_REACH = 9  # cells (a ninth of the page width) around a place among which its paper is the lightest:
# more than the tallest dark block (a banner) and the densest paragraph leave no paper in
UNEVEN_LIGHT = 0.8  # paper darker than this share of the page's lightest paper somewhere: uneven light
BLOCK_CELL = 0.01  # dark blocks are looked for in cells of this share of the page width (25 px at 300
# dpi): print is never dark over so large a cell, a dark ground with white letters on it is
BLOCK_SIZE = 0.02  # a dark block at least this share of the page width both ways (12 pt on A4) may
# hold light text: a banner with the body's name, a table's dark header row, a negative scan
BLOCK_FILL = 0.9  # share of the block's box its dark cells fill at least: a rectangle, not a round
# stamp or a logo's outline (white letters lighten a cell but leave it darker than paper)
BLOCK_LIGHT = 0.02  # share of the block that is light at least: a black bar with nothing in it
# (a redaction) holds nothing to read and stays as it is
BLOCK_EDGE = 0.5  # the block's edge: the first and last rows and columns at least half ink


def even_ground(gray: Image.Image) -> Image.Image:
    """The page with its ground made paper: lit evenly all over, and its blocks of light text on
    a dark ground turned dark on light (see :func:`even_light`, :func:`invert_dark_blocks`).
    Most pages are returned as they are, after a look at an overview of them (a few ms)."""
    overview = gray.reduce(OVERVIEW) if min(gray.size) >= 8 * OVERVIEW else gray
    lit = even_light(gray, overview)
    if lit is not gray:
        overview = lit.reduce(OVERVIEW) if overview is not gray else lit
    return invert_dark_blocks(lit, overview)


def _cell_means(overview: Image.Image, width: int, share: float) -> tuple[np.ndarray, int]:
    """The mean grey of cells of ``share`` of the page's ``width`` (px of the page), and the cell's size."""
    scale = width / overview.width
    k = max(1, round(share * width / scale))
    return np.asarray(overview.reduce(k) if k > 1 else overview, dtype=np.float32), round(k * scale)


def even_light(gray: Image.Image, overview: Image.Image | None = None) -> Image.Image:
    """The page with its paper made equally light all over (``overview``: the page reduced).

    A phone's photo of a sheet, a book's curve on the glass or an open scanner lid leave part of
    the paper grey; one threshold for the page (Otsu's, Tesseract's) then takes that part's
    paper for ink, and its text is lost.  The paper's brightness near each place is the
    lightest of the cells around it; dividing by it makes the paper white and leaves the print
    as dark as it was against its own paper.  A page lit evenly (most scans) is left as it is.
    """
    cells, _ = _cell_means(gray if overview is None else overview, gray.width, LIGHT_CELL)
    paper = _window_max(cells, LIGHT_REACH)
    low, high = np.percentile(paper, [2, 98])
    if high < 64 or low >= UNEVEN_LIGHT * high:
        return gray  # even paper (or a negative scan: dark all over, not unevenly lit)
    smooth = Image.fromarray(paper.astype(np.uint8), "L").filter(ImageFilter.BoxBlur(LIGHT_REACH // 2))
    scale = 255.0 / np.maximum(np.asarray(smooth.resize(gray.size, Image.Resampling.BILINEAR), np.float32), 1.0)
    return Image.fromarray(np.minimum(np.asarray(gray, dtype=np.float32) * scale, 255).astype(np.uint8), "L")


def _window_max(grid: np.ndarray, size: int) -> np.ndarray:
    """The largest value of ``grid`` in the ``size`` × ``size`` window around each cell."""
    half = size // 2
    padded = np.pad(grid, half, mode="edge")
    return np.asarray(np.lib.stride_tricks.sliding_window_view(padded, (size, size)).max(axis=(2, 3)))


def invert_dark_blocks(gray: Image.Image, overview: Image.Image | None = None) -> Image.Image:
    """The page with its blocks of light text on a dark ground turned dark on light, the ground
    made paper (``overview``: the page reduced).

    Tesseract reads white text only in pieces (the words it tries inverted because they read
    badly), so a banner's heading came out in bits and out of order; the coverage check then
    saw the dark ground as ink no word covers.  Turned, the block is print like the rest.
    """
    overview = gray if overview is None else overview
    histogram = overview.histogram()[:256]
    if _blank(histogram):
        return gray  # no ink, no blocks
    threshold = otsu_threshold(histogram)
    cells, cell = _cell_means(overview, gray.width, BLOCK_CELL)
    dark = cells < threshold  # a cell's mean: white letters leave it dark
    size = max(2.0, BLOCK_SIZE * gray.width / cell)
    # a block has dark cells in long runs both ways: most pages stop here
    if not (in_runs(dark, math.ceil(size)) & in_runs(dark.T, math.ceil(size)).T).any():
        return gray
    blocks = [b for b in shape_boxes(dark, size) if dark[b[0] : b[2], b[1] : b[3]].mean() >= BLOCK_FILL]
    if not blocks:
        return gray
    pixels = np.asarray(gray)
    out = None
    for top, left, bottom, right in blocks:
        # the block's own edges, in pixels: the cells overhang it by up to a cell
        y0, x0 = max(0, (top - 1) * cell), max(0, (left - 1) * cell)
        area = pixels[y0 : (bottom + 1) * cell, x0 : (right + 1) * cell] < threshold
        rows = np.flatnonzero(area.mean(axis=1) >= BLOCK_EDGE)
        cols = np.flatnonzero(area.mean(axis=0) >= BLOCK_EDGE)
        if not rows.size or not cols.size:
            continue
        r0, r1, c0, c1 = y0 + rows[0], y0 + rows[-1] + 1, x0 + cols[0], x0 + cols[-1] + 1
        if (pixels[r0:r1, c0:c1] >= threshold).mean() < BLOCK_LIGHT:
            continue
        out = pixels.copy() if out is None else out
        block = 255 - out[r0:r1, c0:c1].astype(np.float32)
        # the ground, most of the block, becomes paper: a grey ground would still be ink to Tesseract
        ground = max(float(np.median(block)), 1.0)
        out[r0:r1, c0:c1] = np.minimum(block * (255 / ground), 255).astype(np.uint8)
    return gray if out is None else Image.fromarray(out, "L")


def in_runs(mask: np.ndarray, length: int) -> np.ndarray:
    """The pixels (or cells) of ``mask`` that lie in a horizontal run of ``length`` or more."""
    n = mask.shape[1]
    if n < length:
        return np.zeros_like(mask)
    zero = np.zeros((mask.shape[0], 1), np.int32)
    counts = np.concatenate([zero, np.cumsum(mask, axis=1, dtype=np.int32)], axis=1)
    full = (counts[:, length:] - counts[:, :-length]) == length  # a full run of ``length`` starts here
    starts = np.concatenate([zero, np.cumsum(full, axis=1, dtype=np.int32)], axis=1)
    # x lies in a full run when one starts in [x - length + 1, x]
    x = np.arange(n)
    lo, hi = np.clip(x - length + 1, 0, full.shape[1]), np.clip(x + 1, 0, full.shape[1])
    return mask & ((starts[:, hi] - starts[:, lo]) > 0)


def otsu_threshold(histogram: Sequence[int]) -> int:
    """Otsu's threshold from a 256-bin gray histogram: pixels below it are ink."""
    hist = np.asarray(histogram, dtype=np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256, dtype=np.float64)
    weight_bg = np.cumsum(hist)
    weight_fg = total - weight_bg
    cum_mean = np.cumsum(hist * levels)
    mean_all = cum_mean[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_bg = cum_mean / weight_bg
        mean_fg = (mean_all - cum_mean) / weight_fg
        between = weight_bg * weight_fg * (mean_bg - mean_fg) ** 2
    between = np.nan_to_num(between)
    return int(np.argmax(between)) + 1


def ink_mask(gray: Image.Image) -> np.ndarray:
    """Boolean ink mask of an L image. A near-uniform image (blank page) has no ink at all."""
    # Pillow's histogram is C code: ~20× faster than numpy's bincount on a 9-megapixel page.
    histogram = gray.histogram()[:256]
    if _blank(histogram):
        return np.zeros((gray.height, gray.width), dtype=bool)
    return np.asarray(gray) < otsu_threshold(histogram)


def _blank(histogram: Sequence[int]) -> bool:
    """Whether a page's grey levels span too little to hold ink (a blank or uniform page)."""
    used = [i for i, n in enumerate(histogram) if n]
    return not used or used[-1] - used[0] < 40


def _profile_score(ys: np.ndarray, xs: np.ndarray, angle: float) -> float:
    # Shear instead of rotating: for small angles, a text line tilted by `angle` lies on
    # y + x·tan(angle) = const, so that sum has sharp peaks (rows full of ink, gaps empty)
    # exactly at the right angle. Sum of squared row counts measures that peakiness.
    rows = ys + xs * math.tan(math.radians(angle))
    rows = np.round(rows - rows.min()).astype(np.int64)
    counts = np.bincount(rows).astype(np.float64)
    return float(np.dot(counts, counts))


def estimate_skew(gray: Image.Image, max_angle: float = MAX_SKEW) -> float:
    """Counter-clockwise rotation of the text lines in degrees (``image.rotate(-angle)`` fixes it).

    Returns 0.0 when the page has no clear text lines.
    """
    small = gray
    if gray.width > DESKEW_WIDTH:
        height = max(1, round(gray.height * DESKEW_WIDTH / gray.width))
        small = gray.resize((DESKEW_WIDTH, height), Image.Resampling.BOX)
    ink = ink_mask(small)
    ys, xs = np.nonzero(ink)
    if ys.size < 200:
        return 0.0
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64)
    # Coarse to fine, each step on more of the ink: the coarse steps only need the right
    # half-degree, which a quarter of the ink pixels shows as clearly as all of them.
    best = 0.0
    for step, span, every in ((COARSE_STEP, max_angle, 4), (MID_STEP, COARSE_STEP, 2), (FINE_STEP, MID_STEP, 1)):
        angles = np.arange(best - span, best + span + 1e-9, step)
        angles = angles[np.abs(angles) <= max_angle + 1e-9]
        scores = [_profile_score(ys[::every], xs[::every], a) for a in angles]
        best = float(angles[int(np.argmax(scores))])
    if max(scores) < _profile_score(ys, xs, 0.0) * MIN_PROFILE_GAIN:
        return 0.0
    return round(best, 2)


def deskew(gray: Image.Image) -> tuple[Image.Image, float]:
    """The page straightened (white corners), and the angle that was corrected."""
    angle = estimate_skew(gray)
    if abs(angle) < MIN_DESKEW:
        return gray, 0.0
    # Bilinear: 85 ms for an A4 page at 300 dpi where bicubic takes 210 ms, and the sample scans
    # read as images come out as well or better (character error rate 0.08 % against 0.11 %
    # after bicubic).  Turning by shears of whole pixels (25 ms) was tried: its one-pixel steps
    # put accents on the i's of Czech text ("lidmi" → "lidmí"; 0.15 %).
    straight = gray.rotate(-angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    return straight, angle
