"""The coverage check: ink on the page that no recognised word covers, and its re-reading.

Tesseract's page segmentation (``--psm 3``) sometimes drops a whole paragraph.  The page's
ink is cut into text-line bands; a band whose ink lies mostly outside every word box was
dropped, so it is cropped and re-read as one uniform block (``--psm 6``) and spliced back in
after the paragraph it follows on the page.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from PIL import Image, ImageOps

from zapis.readers.ocr.engine import OcrEngine
from zapis.readers.ocr.prepare import in_runs, otsu_threshold
from zapis.readers.ocr.tables import drop_scrawls
from zapis.readers.ocr.words import (
    SOLID_FILL,
    Box,
    Line,
    Paragraph,
    Word,
    drop_phantoms,
    group_paragraphs,
    print_height,
)

REGION_PSM = 6  # "one uniform block of text": robust on crops where psm 3 lost the text

MIN_ROW_INK_FRACTION = 0.002  # a row is "inked" when ≥0.2 % of its pixels are ink: this
# ignores scanner dust and thin noise but keeps the shortest text lines (a page number).
UNCOVERED_BAND_FRACTION = 0.4  # a band whose ink lies ≥40 % outside OCR word boxes was
# (partly) dropped. Lines Tesseract did read have 0–2 % ink outside their padded word boxes
# (137 lines of the sample scans: median 0, max 2.2 %); a dropped line has ~100 %, a line
# where one of two columns was dropped ~50 %.
MIN_UNCOVERED_CHARS = 3  # ignore uncovered ink worth fewer than ~3 characters (specks, logos' edges)
CHAR_INK_PER_HEIGHT2 = 0.12  # one glyph has roughly 0.12 × line-height² ink pixels
REGION_MERGE_GAP = 2.0  # uncovered bands closer than 2 line heights form one region (a paragraph)
MAX_RECOVERY_REGIONS = 12  # bounds the extra Tesseract runs on pathological pages
SHADED_SHARE = 0.3  # a crop whose darker Otsu class covers ≥30 % of it has a shaded background
# (text alone inks 5–15 % of its lines' area)
MIN_RECOVERED_CONF = 60.0  # mean word confidence of a recovered line: psm 6 on a non-text
# crop (stamp, signature, photo) yields short garbage "words" at 0–50; real text that psm 3
# merely skipped reads at 80–95.


# A solid shape (see SOLID_FILL) wider than this many times its height, or taller, may be a
# dark banner holding white text: it is re-read like any other region.
SOLID_ASPECT = 3.0
RULE_LENGTH = 8  # line heights: a straight stroke of ink this long …
RULE_THICKNESS = 0.3  # … and no thicker than this many line heights is a rule (a table's grid, an underline)
RULE_SLANT = 0.05  # line heights a rule may wander across its width: what straightening leaves (a few
# tenths of a degree) breaks a thin rule into short steps of a pixel


def nothing_to_read(ink: np.ndarray, box: Box, known: Sequence[Word]) -> bool:
    """Whether the ink of ``box`` that no known word covers holds no text: a table's rules
    alone, or one solid shape (a punched hole, a scanner's shadow, a black logo).  Such a region
    is not re-read, and nobody is asked to check it."""
    region = ink[box.top : box.bottom, box.left : box.right].copy()
    for place in _known_in(box, known):
        region[place] = False
    height = print_height(known)
    if height:
        thickness, slant = max(2, round(RULE_THICKNESS * height)), max(1, round(RULE_SLANT * height))
        region &= ~_rules(region, round(RULE_LENGTH * height), thickness, slant)
        if region.sum() < MIN_UNCOVERED_CHARS * CHAR_INK_PER_HEIGHT2 * height**2:
            return True
    return _solid(region)


def _known_in(box: Box, known: Sequence[Word]) -> list[tuple[slice, slice]]:
    """Where the words already read lie in ``box``: (rows, columns) of the crop."""
    return [
        (
            slice(max(0, w.top - box.top), max(0, w.bottom - box.top)),
            slice(max(0, w.left - box.left), max(0, w.right - box.left)),
        )
        for w in known
        if w.right > box.left and w.left < box.right and w.bottom > box.top and w.top < box.bottom
    ]


def _rules(mask: np.ndarray, length: int, thickness: int, slant: int = 0) -> np.ndarray:
    """The pixels of ``mask`` in straight strokes ``length`` long or more and ``thickness`` thick
    at most, across or down (a filled box, a shaded paragraph, is no rule: it is thick); a stroke
    may wander ``slant`` px to either side of its line."""
    across = in_runs(_widened(mask, slant), length)
    across &= ~in_runs(across.T, thickness + 2 * slant + 1).T
    down = in_runs(_widened(mask.T, slant), length).T
    down &= ~in_runs(down, thickness + 2 * slant + 1)
    return mask & (across | down)


def _widened(mask: np.ndarray, by: int) -> np.ndarray:
    """``mask`` with every pixel's column ``by`` px up and down of it inked too."""
    out = mask.copy()
    for d in range(1, by + 1):
        out[d:] |= mask[:-d]
        out[:-d] |= mask[d:]
    return out


def _solid(region: np.ndarray) -> bool:
    rows, cols = np.flatnonzero(region.any(axis=1)), np.flatnonzero(region.any(axis=0))
    if not rows.size:
        return True
    height, width = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
    fill = region.sum() / (height * width)
    return bool(fill >= SOLID_FILL and width <= SOLID_ASPECT * height and height <= SOLID_ASPECT * width)


def text_bands(ink: np.ndarray) -> list[tuple[int, int]]:
    """Row ranges [top, bottom) of text lines: runs of inked rows, diacritics merged in."""
    if ink.size == 0:
        return []
    row_ink = ink.sum(axis=1)
    inked = row_ink >= max(2.0, MIN_ROW_INK_FRACTION * ink.shape[1])
    padded = np.concatenate(([False], inked, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    runs = [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]
    if not runs:
        return []
    median_h = float(np.median([b - a for a, b in runs if b - a >= 3] or [b - a for a, b in runs]))
    # A háček or čárka above a capital is often a separate run a few px above its line:
    # glue runs separated by less than a third of a line height.
    merged = [runs[0]]
    for top, bottom in runs[1:]:
        if top - merged[-1][1] < median_h / 3:
            merged[-1] = (merged[-1][0], bottom)
        else:
            merged.append((top, bottom))
    # What stays thinner than a third of a line is a rule, a table border or dust.
    return [(a, b) for a, b in merged if b - a >= max(3.0, median_h / 3)]


def _word_mask(shape: tuple[int, int], words: Sequence[Word], pad: int) -> np.ndarray:
    mask = np.zeros(shape, dtype=bool)
    h, w = shape
    for word in words:
        mask[
            max(0, word.top - pad) : min(h, word.bottom + pad),
            max(0, word.left - pad) : min(w, word.right + pad),
        ] = True
    return mask


def uncovered_regions(ink: np.ndarray, words: Sequence[Word]) -> list[Box]:
    """Regions of the page with text-like ink that no OCR word covers, largest first."""
    bands = text_bands(ink)
    if not bands:
        return []
    line_h = float(np.median([b - a for a, b in bands]))
    pad = max(2, round(line_h * 0.3))  # word boxes are tight; accents and spacing stick out
    covered = _word_mask(ink.shape, words, pad)
    stray = ink & ~covered
    min_ink = MIN_UNCOVERED_CHARS * CHAR_INK_PER_HEIGHT2 * line_h**2
    bad: list[tuple[int, int]] = []
    for top, bottom in bands:
        total = int(ink[top:bottom].sum())
        missing = int(stray[top:bottom].sum())
        if missing >= min_ink and missing >= UNCOVERED_BAND_FRACTION * total:
            bad.append((top, bottom))
    # Consecutive dropped lines are one dropped paragraph: one crop, one Tesseract run.
    groups: list[list[tuple[int, int]]] = []
    for band in bad:
        if groups and band[0] - groups[-1][-1][1] < REGION_MERGE_GAP * line_h:
            groups[-1].append(band)
        else:
            groups.append([band])
    regions: list[tuple[int, Box]] = []
    h, w = ink.shape
    margin = round(line_h * 0.5)
    for group in groups:
        top, bottom = group[0][0], group[-1][1]
        # Horizontal extent from the 0.5–99.5 percentiles of the stray ink, not min/max,
        # so a speck of dust in the margin does not widen the crop to the whole page.
        xs = np.flatnonzero(stray[top:bottom]) % w
        lo, hi = np.percentile(xs, [0.5, 99.5])
        box = Box(
            max(0, int(lo) - margin),
            max(0, top - margin),
            min(w, int(hi) + 1 + margin),
            min(h, bottom + margin),
        )
        regions.append((int(stray[top:bottom].sum()), box))
    regions.sort(key=lambda r: -r[0])
    return [box for _, box in regions[:MAX_RECOVERY_REGIONS]]


def recover_region(
    page: Image.Image,
    ink: np.ndarray,
    box: Box,
    known: Sequence[Word],
    *,
    engine: OcrEngine,
    languages: str,
    dpi: int | None,
    timeout: float,
    block_id: int,
) -> list[Paragraph]:
    """Re-read one region with ``--psm 6`` (then binarized, if it has a shaded background);
    words already read are blanked out first."""
    arr = np.array(page.crop((box.left, box.top, box.right, box.bottom)))
    region_ink = ink[box.top : box.bottom, box.left : box.right].copy()
    for place in _known_in(box, known):  # so text psm 3 did read is not read twice
        arr[place] = 255
        region_ink[place] = False
    deadline = time.monotonic() + timeout
    # the print's height, for telling a signature beside a name in the crop from the name
    read = {"engine": engine, "languages": languages, "dpi": dpi, "block_id": block_id, "height": print_height(known)}
    found = _read_crop(arr, region_ink, box, timeout=timeout, **read)  # type: ignore[arg-type]
    if not found:
        # Text on a shaded background (a grey box, a photocopied highlight) is what psm 3 skips and
        # psm 6 cannot read either: binarized on the crop's own threshold, the shade goes.
        binary = binarize_crop(arr)
        if binary is not None:
            found = _read_crop(binary, binary < 128, box, timeout=deadline - time.monotonic(), **read)  # type: ignore[arg-type]
    return split_paragraphs(found)


def binarize_crop(arr: np.ndarray) -> np.ndarray | None:
    """Black text, white everything else, on the crop's own Otsu threshold; None when nothing is shaded.

    When the darker class holds much of the crop it is a background, not text: the threshold
    is taken again among the darker pixels alone, which parts the text from its shade.
    """
    threshold = otsu_threshold(np.bincount(arr.ravel(), minlength=256).tolist())
    dark = arr < threshold
    if dark.mean() < SHADED_SHARE:
        return None
    threshold = otsu_threshold(np.bincount(arr[dark], minlength=256).tolist())
    return np.where(arr < threshold, 0, 255).astype(np.uint8)


def _read_crop(
    arr: np.ndarray,
    region_ink: np.ndarray,
    box: Box,
    *,
    engine: OcrEngine,
    languages: str,
    dpi: int | None,
    timeout: float,
    block_id: int,
    height: float,
) -> list[Line]:
    border = 20  # Tesseract misreads glyphs touching the image edge
    framed = ImageOps.expand(Image.fromarray(arr, "L"), border=border, fill=255)
    words = engine.read(framed, languages=languages, psm=REGION_PSM, timeout=timeout, dpi=dpi)
    local = drop_phantoms([replace(w, left=w.left - border, top=w.top - border) for w in words], region_ink)
    local = drop_scrawls(local, height)
    shifted = [replace(w, left=w.left + box.left, top=w.top + box.top, block=block_id, par=0) for w in local]
    lines = [line for par in group_paragraphs(shifted) for line in par]
    return [line for line in lines if _plausible_line(line)]


def _plausible_line(line: Line) -> bool:
    """A recovered line that reads as text, not as Tesseract's guesses on a stamp or a photo."""
    mean_conf = sum(w.conf for w in line) / len(line)
    return mean_conf >= MIN_RECOVERED_CONF and any(sum(c.isalnum() for c in w.text) >= 2 for w in line)


def split_paragraphs(lines: Sequence[Line]) -> list[Paragraph]:
    """Lines of one ``--psm 6`` block cut into paragraphs where a blank line's worth of gap is.

    psm 6 reports a single paragraph, but a recovered region often spans several (a heading
    and its text); a vertical gap of ≥0.8 line height between lines is a paragraph break.
    """
    if not lines:
        return []
    height = float(np.median([max(w.height for w in line) for line in lines]))
    paragraphs: list[Paragraph] = [[lines[0]]]
    for prev, line in itertools.pairwise(lines):
        gap = min(w.top for w in line) - max(w.bottom for w in prev)
        if gap >= 0.8 * height:
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return paragraphs


BULLET_REACH = 4.0  # line heights left of a line's first word a list bullet may stand (a tab)
DASH_WIDTH = (0.25, 1.2)  # a dash's width, in line heights
DASH_HEIGHT = 0.3  # at most, in line heights: thinner than any letter
DOT_SIZE = (0.25, 0.6)  # a round bullet's width and height, in line heights (a full stop is ~0.12)
BULLET_FILL = 0.6  # share of its box a bullet's ink fills at least: a solid stroke or disc, not specks
BULLET_MIDDLE = (0.3, 0.8)  # where its centre lies between the line's top and bottom


def restore_bullets(words: Sequence[Word], ink: np.ndarray) -> list[Word]:
    """``words`` with the list bullets Tesseract's page layout dropped put back before their lines.

    A dash or a dot set a tab's width before the item's text is a blob too small for the
    coverage check, and Tesseract often takes it for a speck: the items of a list lose their
    bullets.  A short thin stroke ("-") or a solid disc ("•", which normalizing turns into a
    dash as in text layers) alone in the blank space left of a line's first word, at the height
    of the middle of its letters, is that bullet.
    """
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        lines.setdefault((w.block, w.par, w.line), []).append(w)
    bullets: dict[int, Word] = {}  # id of a line's first word → the bullet before it
    for line in lines.values():
        first = min(line, key=lambda w: w.left)
        bullet = _bullet_before(first, line, words, ink)
        if bullet is not None:
            bullets[id(first)] = bullet
    if not bullets:
        return list(words)
    out: list[Word] = []
    for w in words:
        if id(w) in bullets:
            out.append(bullets[id(w)])
        out.append(w)
    return out


def _bullet_before(first: Word, line: Sequence[Word], words: Sequence[Word], ink: np.ndarray) -> Word | None:
    height = print_height(line)
    top, bottom = min(w.top for w in line), max(w.bottom for w in line)
    left, right = max(0, round(first.left - BULLET_REACH * height)), first.left - max(2, round(0.3 * height))
    if right - left < DASH_WIDTH[0] * height or top < 0:
        return None
    if any(w.right > left and w.left < right and w.bottom > top and w.top < bottom for w in words if w is not first):
        return None  # another column's words: the gap is not blank paper
    ys, xs = np.nonzero(ink[top:bottom, left:right])
    if ys.size == 0:
        return None
    box_w, box_h = int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)
    centre = (ys.min() + ys.max()) / 2 / max(1, bottom - top)
    if ys.size < BULLET_FILL * box_w * box_h or not BULLET_MIDDLE[0] <= centre <= BULLET_MIDDLE[1]:
        return None
    thin = box_h <= DASH_HEIGHT * height and box_w > 1.5 * box_h
    if thin and DASH_WIDTH[0] * height <= box_w <= DASH_WIDTH[1] * height:
        text = "-"
    elif all(DOT_SIZE[0] * height <= side <= DOT_SIZE[1] * height for side in (box_w, box_h)):
        text = "•"
    else:
        return None
    return replace(
        first, text=text, conf=90.0, left=left + int(xs.min()), top=top + int(ys.min()), width=box_w, height=box_h
    )
