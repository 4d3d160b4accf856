"""OCR of one page image with Tesseract, hardened for unattended batch runs.

Pipeline for one page (:func:`ocr_image`):

1. grayscale, then deskew small rotations (±5°) found by a projection profile;
2. full-page Tesseract run (``--psm 3``, TSV output) → words with boxes and confidences;
3. words Tesseract hallucinated on blank paper (no ink in their box) and specks are dropped;
4. coverage check: the page's ink is cut into text-line bands; bands whose ink is mostly
   outside every OCR word box were silently dropped by Tesseract's page segmentation, so
   they are cropped and re-read with ``--psm 6`` (one uniform block) and spliced back in
   after the paragraph they follow on the page;
5. text rebuilt as words → lines → paragraphs, with a blank line between paragraphs.

:func:`ocr_image` is a pure function of (image, options): it touches no global state, so
pages can be OCRed in worker processes. Tesseract is always run as a subprocess with a
timeout and ``OMP_THREAD_LIMIT=1``: its OpenMP threads fight each other and any other load
(our own page-level parallelism included); on a 2-core box a 300 dpi page took 2.0 s with
the limit and 8.9 s without it while other work was running.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from zapis.errors import ExtractionTimeoutError, OCRError
from zapis.ingest.options import ExtractOptions

# The binary to run: a name looked up on PATH, or a path. Tests point it at fakes.
TESSERACT_CMD = "tesseract"
INSTALL_HINT = "install tesseract-ocr and tesseract-ocr-ces (apt-get install tesseract-ocr tesseract-ocr-ces)"

FULL_PAGE_PSM = 3  # automatic page segmentation: the right default for letters and minutes
REGION_PSM = 6  # "one uniform block of text": robust on crops where psm 3 lost the text

# --- deskew -------------------------------------------------------------------------------
MAX_SKEW = 5.0  # degrees; scanners and phone photos of paper are rarely worse, and larger
# angles need a different method (OSD / rotate by 90°), not a projection profile.
DESKEW_WIDTH = 1200  # px the image is reduced to for the angle search: enough resolution
# for ~0.05° steps (tan(0.05°) × 1200 px ≈ 1 px of shear across the page), yet fast.
COARSE_STEP = 0.5
FINE_STEP = 0.05
MIN_DESKEW = 0.2  # degrees; below this Tesseract copes by itself, and resampling blurs glyphs.
MIN_PROFILE_GAIN = 1.02  # the best angle must sharpen the profile by ≥2 % over 0°, else the
# page has no clear text lines (a photo, a blank page) and any "angle" would be noise.

# --- coverage check -----------------------------------------------------------------------
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
MIN_RECOVERED_CONF = 60.0  # mean word confidence of a recovered line: psm 6 on a non-text
# crop (stamp, signature, photo) yields short garbage "words" at 0–50; real text that psm 3
# merely skipped reads at 80–95.
NOISE_CONF = 60.0  # words below this confidence and under half the median word height
NOISE_HEIGHT = 0.5  # are specks or detached accents (the čárky of "září" read as "sur" at
# conf 40); real words that small are footnote-size, and Tesseract reads those at 80+.
PHANTOM_INK = 0.005  # see drop_phantoms
LOW_CONFIDENCE = 50.0  # mean word confidence under which the page text is probably poor


@dataclass(frozen=True)
class Word:
    text: str
    conf: float  # 0–100
    left: int
    top: int
    width: int
    height: int
    block: int
    par: int
    line: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


Line = list[Word]
Paragraph = list[Line]


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    right: int
    bottom: int


@dataclass(frozen=True)
class OcrResult:
    text: str
    confidence: float | None  # mean word confidence 0–100; None when no words were read
    skew: float  # degrees the page was rotated counter-clockwise on the scan (0 when not corrected)
    recovered_regions: int  # regions re-read because the full-page pass dropped them
    warnings: tuple[str, ...] = ()


# ------------------------------------------------------------------------------------------
# Image preparation
# ------------------------------------------------------------------------------------------


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
    return image.convert("L")


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
    used = [i for i, n in enumerate(histogram) if n]
    if not used or used[-1] - used[0] < 40:
        return np.zeros((gray.height, gray.width), dtype=bool)
    return np.asarray(gray) < otsu_threshold(histogram)


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
    coarse = np.arange(-max_angle, max_angle + 1e-9, COARSE_STEP)
    scores = [_profile_score(ys, xs, a) for a in coarse]
    best = float(coarse[int(np.argmax(scores))])
    fine = np.arange(best - COARSE_STEP, best + COARSE_STEP + 1e-9, FINE_STEP)
    fine = fine[np.abs(fine) <= max_angle + 1e-9]
    fine_scores = [_profile_score(ys, xs, a) for a in fine]
    best = float(fine[int(np.argmax(fine_scores))])
    if max(fine_scores) < _profile_score(ys, xs, 0.0) * MIN_PROFILE_GAIN:
        return 0.0
    return round(best, 2)


def deskew(gray: Image.Image) -> tuple[Image.Image, float]:
    """The page straightened (white corners), and the angle that was corrected."""
    angle = estimate_skew(gray)
    if abs(angle) < MIN_DESKEW:
        return gray, 0.0
    # Bicubic keeps thin accents (the čárka of "í") sharper than bilinear; it costs ~0.1 s
    # more per page, and on the sample scans bilinear lost one accent ("tím" → "tim").
    straight = gray.rotate(-angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return straight, angle


# ------------------------------------------------------------------------------------------
# Running Tesseract
# ------------------------------------------------------------------------------------------


def _resolve_binary() -> str:
    path = shutil.which(TESSERACT_CMD)
    if path is None:
        raise OCRError(f"Tesseract OCR is not installed ('{TESSERACT_CMD}' not found on PATH): {INSTALL_HINT}")
    return path


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else "no error message"


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    # The whole process group: a wrapper script's children (or tesseract's) must die too,
    # or they keep our pipes open and the "timeout" never returns.
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


def run_tesseract(
    image: Image.Image,
    *,
    languages: str,
    psm: int,
    timeout: float,
    dpi: int | None = None,
) -> str:
    """Tesseract's TSV output for ``image``; raises OCRError / ExtractionTimeoutError."""
    binary = _resolve_binary()
    if timeout <= 0:
        raise ExtractionTimeoutError("OCR ran out of time on this page; raise the OCR timeout or check the scan")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory(prefix="zapis-ocr-") as tmp:
        # PNM: written without compression (fast for 9-megapixel pages), read by Leptonica.
        img_path = Path(tmp) / "page.pgm"
        image.save(img_path)
        cmd = [binary, str(img_path), "stdout", "-l", languages, "--psm", str(psm)]
        if dpi:
            cmd += ["--dpi", str(dpi)]
        cmd.append("tsv")
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                start_new_session=True,
            )
        except OSError as e:
            raise OCRError(f"cannot run Tesseract ({e.strerror}): {INSTALL_HINT}") from e
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            proc.communicate()
            raise ExtractionTimeoutError(
                f"OCR of one page did not finish within {timeout:.0f} s; "
                "the scan may be huge or damaged (raise the OCR timeout to wait longer)"
            ) from None
    stderr = err.decode("utf-8", "replace")
    _check_languages(stderr, languages)
    if proc.returncode != 0:
        raise OCRError(f"Tesseract failed (exit {proc.returncode}): {_last_line(stderr)}")
    tsv = out.decode("utf-8", "replace")
    # Exit 0 is not proof of success: a missing "tsv" config or an unreadable image still
    # exits 0 on some builds, with no table on stdout.
    if not tsv.startswith("level\t"):
        raise OCRError(f"Tesseract produced no TSV output: {_last_line(stderr)}")
    return tsv


def _check_languages(stderr: str, languages: str) -> None:
    # With "-l ces+eng" and no ces.traineddata, Tesseract prints "Failed loading language
    # 'ces'" and carries on with English only (exit 0): Czech diacritics would then be lost
    # silently, so this is an error, not a warning.
    failed = _FAILED_LANGUAGE.search(stderr) or _MISSING_DATA.search(stderr)
    if failed:
        raise OCRError(f"Tesseract has no '{failed.group(1)}' language data: {INSTALL_HINT}")


_FAILED_LANGUAGE = re.compile(r"Failed loading language '([^']+)'")
_MISSING_DATA = re.compile(r"Error opening data file \S*?([^/\s]+)\.traineddata")


def parse_tsv(tsv: str) -> list[Word]:
    """Word rows (level 5) of Tesseract's TSV, in Tesseract's reading order."""
    words = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        try:
            conf = float(cols[10])
            left, top, width, height = (int(c) for c in cols[6:10])
            block, par, line = (int(c) for c in cols[2:5])
        except ValueError:
            continue
        if not text or conf < 0:  # conf −1 rows are layout containers, not words
            continue
        words.append(Word(text, conf, left, top, width, height, block, par, line))
    return words


def drop_phantoms(words: Sequence[Word], ink: np.ndarray) -> list[Word]:
    """Without words whose box holds no ink.

    Tesseract 5's LSTM hallucinates characters in wide blank gaps of a line, typically a "©"
    or "|" in the tab between a list bullet and its text, with confidence 50–80, so
    confidence cannot catch them; an empty box can. Real glyphs fill ≥5 % of their box
    (a dot or a dash close to 100 %), so under 0.5 % the box is blank paper.
    """
    kept = []
    for w in words:
        box = ink[max(0, w.top) : w.bottom, max(0, w.left) : w.right]
        if box.size and box.sum() >= max(3.0, PHANTOM_INK * box.size):
            kept.append(w)
    return kept


def drop_noise(words: Sequence[Word]) -> list[Word]:
    """Without specks and detached diacritics: tiny words Tesseract itself doubts."""
    if not words:
        return []
    median_h = float(np.median([w.height for w in words]))
    return [w for w in words if not (w.conf < NOISE_CONF and w.height < NOISE_HEIGHT * median_h)]


# ------------------------------------------------------------------------------------------
# Words → text
# ------------------------------------------------------------------------------------------


def group_paragraphs(words: Sequence[Word]) -> list[Paragraph]:
    """Words grouped by Tesseract's (block, paragraph) and line numbers, order kept."""
    paragraphs: list[Paragraph] = []
    index: dict[tuple[int, int], int] = {}
    lines: dict[tuple[int, int, int], Line] = {}
    for w in words:
        pkey = (w.block, w.par)
        lkey = (w.block, w.par, w.line)
        if pkey not in index:
            index[pkey] = len(paragraphs)
            paragraphs.append([])
        if lkey not in lines:
            lines[lkey] = []
            paragraphs[index[pkey]].append(lines[lkey])
        lines[lkey].append(w)
    return paragraphs


def paragraphs_text(paragraphs: Sequence[Paragraph]) -> str:
    text = "\n\n".join(
        "\n".join(" ".join(_word_text(w.text) for w in line) for line in par) for par in paragraphs if par
    )
    return fix_email_at(text)


# Tesseract's Czech model has no "@": it reads it as "©", "®", "&" or a capital "A", sometimes
# spaced off.  Between a local part and a domain with a known top-level domain it can only be "@".
_MISREAD_AT = re.compile(
    r"(?<![\w@])([a-zA-Z0-9][\w.+-]*?[a-z0-9])\s?[©®&A]\s?([a-z0-9][\w-]*(?:\.[\w-]+)*\.(?:cz|sk|com|org|net|eu|info|gov|edu))\b"
)


def fix_email_at(text: str) -> str:
    """ "d.ottmarova©fokusliberec.cz", "m.belocka Afokusliberec.cz" → the e-mail address."""
    return _MISREAD_AT.sub(r"\1@\2", text)


def _word_text(text: str) -> str:
    # Czech writes the spaced dash (pomlčka) as an en dash "–" and practically never uses
    # the em dash, but Tesseract's ces model reads a spaced "–" as "—" nearly every time.
    return "–" if text == "—" else text


def _bounds(par: Paragraph) -> Box:
    words = [w for line in par for w in line]
    return Box(
        min(w.left for w in words),
        min(w.top for w in words),
        max(w.right for w in words),
        max(w.bottom for w in words),
    )


def _side_by_side(a: Box, b: Box) -> bool:
    """Boxes sharing some rows but no columns: text in two different page columns."""
    return min(a.bottom, b.bottom) > max(a.top, b.top) and (a.right <= b.left or b.right <= a.left)


def _overlap_x(a: Box, b: Box) -> bool:
    return min(a.right, b.right) > max(a.left, b.left)


def insert_paragraphs(paragraphs: list[Paragraph], new: Paragraph) -> list[Paragraph]:
    """``paragraphs`` with ``new`` placed after the paragraph it follows on the page.

    That is the nearest paragraph above it (largest bottom edge). Tesseract orders a
    multi-column page column by column, so when it found paragraphs side by side the search
    is limited to paragraphs above ``new`` in its own column. Indented text (a bullet list)
    is not a column: a heading at the margin still follows the indented paragraph above it.
    """
    nb = _bounds(new)
    bounds = [_bounds(p) for p in paragraphs]
    columns = any(_side_by_side(a, b) for a, b in itertools.combinations(bounds, 2))
    above = [i for i, b in enumerate(bounds) if b.top <= nb.top and not _side_by_side(b, nb)]
    if columns:
        same_column = [i for i in above if _overlap_x(bounds[i], nb)]
        if same_column:
            above = same_column
        else:  # the top of its column: before the first paragraph below it in that column
            below = [i for i, b in enumerate(bounds) if b.top > nb.top and _overlap_x(b, nb)]
            if below:
                pos = min(below)
                return [*paragraphs[:pos], new, *paragraphs[pos:]]
    pos = max(above, key=lambda i: (bounds[i].bottom, i)) + 1 if above else 0
    return [*paragraphs[:pos], new, *paragraphs[pos:]]


# ------------------------------------------------------------------------------------------
# Coverage check
# ------------------------------------------------------------------------------------------


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


def _recover_region(
    page: Image.Image,
    ink: np.ndarray,
    box: Box,
    known: Sequence[Word],
    *,
    languages: str,
    dpi: int | None,
    timeout: float,
    block_id: int,
) -> list[Paragraph]:
    """Re-read one region with ``--psm 6``; words already read are blanked out first."""
    arr = np.array(page.crop((box.left, box.top, box.right, box.bottom)))
    region_ink = ink[box.top : box.bottom, box.left : box.right].copy()
    for w in known:  # so text psm 3 did read is not read twice
        if w.right > box.left and w.left < box.right and w.bottom > box.top and w.top < box.bottom:
            rows = slice(max(0, w.top - box.top), max(0, w.bottom - box.top))
            cols = slice(max(0, w.left - box.left), max(0, w.right - box.left))
            arr[rows, cols] = 255
            region_ink[rows, cols] = False
    border = 20  # Tesseract misreads glyphs touching the image edge
    framed = ImageOps.expand(Image.fromarray(arr, "L"), border=border, fill=255)
    words = parse_tsv(run_tesseract(framed, languages=languages, psm=REGION_PSM, timeout=timeout, dpi=dpi))
    local = drop_phantoms([replace(w, left=w.left - border, top=w.top - border) for w in words], region_ink)
    shifted = [replace(w, left=w.left + box.left, top=w.top + box.top, block=block_id, par=0) for w in local]
    lines = [line for par in group_paragraphs(shifted) for line in par]
    return split_paragraphs([line for line in lines if _plausible_line(line)])


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


# ------------------------------------------------------------------------------------------
# The page
# ------------------------------------------------------------------------------------------


def _image_dpi(image: Image.Image) -> int | None:
    dpi = image.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        return None
    return value if 70 <= value <= 2400 else None  # 1 or 72 "dpi" in a file is often meaningless


def ocr_image(image: Image.Image, options: ExtractOptions, skew: float | None = None) -> OcrResult:
    """OCR one page image. Pure: safe to call from worker processes.

    ``skew``: the angle the caller has already straightened the image by (a PDF page is
    rendered rotated, which costs nothing, instead of rotating the bitmap afterwards).
    """
    deadline = time.monotonic() + options.ocr_timeout
    dpi = _image_dpi(image)
    if skew is None:
        gray, angle = deskew(to_grayscale(image))
    else:
        gray, angle = to_grayscale(image), skew
    ink = ink_mask(gray)
    if not ink.any():  # a blank page: nothing to read, no need to start Tesseract
        return OcrResult(text="", confidence=None, skew=angle, recovered_regions=0)
    languages = options.ocr_languages
    tsv = run_tesseract(gray, languages=languages, psm=FULL_PAGE_PSM, timeout=options.ocr_timeout, dpi=dpi)
    words = drop_noise(drop_phantoms(parse_tsv(tsv), ink))
    paragraphs = group_paragraphs(words)
    warnings: list[str] = []

    recovered = 0
    regions = uncovered_regions(ink, words)
    for i, box in enumerate(regions):
        remaining = deadline - time.monotonic()
        try:
            found = _recover_region(
                gray, ink, box, words, languages=languages, dpi=dpi, timeout=remaining, block_id=-(i + 1)
            )
        except ExtractionTimeoutError:
            warnings.append(f"OCR time ran out before {len(regions) - i} missed text region(s) could be re-read")
            break
        for par in found:
            paragraphs = insert_paragraphs(paragraphs, par)
            words = [*words, *(w for line in par for w in line)]
        recovered += bool(found)
    if recovered:
        warnings.append(
            f"Tesseract's page layout skipped {recovered} text region(s); re-read them as plain blocks (--psm 6)"
        )

    confidence = round(float(np.mean([w.conf for w in words])), 1) if words else None
    if confidence is not None and confidence < LOW_CONFIDENCE:
        warnings.append(
            f"low OCR confidence ({confidence:.0f} %): check the text; a sharper scan at 300 dpi would help"
        )
    return OcrResult(
        text=paragraphs_text(paragraphs),
        confidence=confidence,
        skew=angle,
        recovered_regions=recovered,
        warnings=tuple(warnings),
    )
