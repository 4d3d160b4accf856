"""Harder test scans than the samples': minutes with a known text, printed with PyMuPDF and the
DejaVu font, then "scanned" the way real scans go wrong.

Each scan is an image-only PDF whose true text is the text layer of the PDF it was made from:

- ``skewed``: fed crooked (2.5°), a light grey paper with grain, JPEG at quality 60;
- ``noisy``: straight, dark grey paper, strong grain and toner specks, JPEG at quality 35;
- ``two-columns``: a page whose second half is set in two columns, skewed −2°;
- ``small-print``: 9 pt text scanned at 200 dpi, skewed 2°, JPEG at quality 60;
- ``upside-down``: fed upside down and 1.5° crooked, grey paper with grain;
- ``sideways``: fed on its side (a quarter turn anticlockwise), 1° crooked;
- ``unevenly-lit``: photographed with the light from the top left (the paper on the right half
  as light), 1° crooked.

Used by ``benchmarks/run.py`` (the character error rate of zapis's OCR of each) and by
``tests/test_ocr_hard_scans.py`` (each stays under 1.5 %).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image, ImageFilter

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # fonts-dejavu-core: Czech glyphs

HEAD = [
    "Zápis z jednání zastupitelstva obce konaného dne 14. března 2024",
    "Místo konání: zasedací místnost obecního úřadu, začátek v 18:00 hodin",
    "Přítomni: Jiří Dvořák, Marie Černá, Petr Novotný, Kateřina Šťastná, Tomáš Růžička",
    "Omluveni: Zdeněk Kříž, Lucie Pokorná",
]
BODY = [
    "Starosta obce zahájil jednání a konstatoval, že zastupitelstvo je usnášeníschopné.",
    "Ověřovateli zápisu byli určeni Marie Černá a Tomáš Růžička, zapisovatelkou Eva Malá.",
    "Zastupitelstvo schválilo rozpočtové opatření č. 2/2024 ve výši 350 000 Kč.",
    "Hlasování: pro 5, proti 0, zdržel se 0. Usnesení č. 12/2024 bylo přijato.",
    "Zastupitelstvo projednalo žádost spolku o příspěvek na dětský den ve výši 15 000 Kč.",
    "Hlasování: pro 4, proti 1, zdržel se 0. Usnesení č. 13/2024 bylo přijato.",
    "Příští jednání se uskuteční 11. dubna 2024 v 18:00 hodin v zasedací místnosti.",
    "Zapsala: Eva Malá, kontakt: obec@obecni-urad.cz, telefon 777 123 456",
]
COLUMNS = [
    "Výbor pro životní prostředí doporučuje vysadit podél cesty k nádraží dvacet nových lip "
    "a obnovit lavičky v parku u školy. Náklady odhaduje na 80 000 Kč.",
    "Kulturní komise připravuje na červen tradiční pouť, koncert dechové hudby a výstavu "
    "fotografií z historie obce. Žádá o zapůjčení sálu zdarma.",
]


@dataclass(frozen=True)
class Damage:
    dpi: int = 300
    angle: float = 0.0  # degrees counter-clockwise
    paper: int = 245  # grey level of the paper
    grain: float = 6.0  # sigma of the grey noise
    specks: int = 0
    blur: float = 0.8
    jpeg: int = 75
    fontsize: float = 11.0
    columns: bool = False
    turn: int = 0  # degrees anticlockwise the sheet went through the scanner turned (90, 180, 270)
    shade: float = 0.0  # how much darker the paper is on the side away from the light (0.5: half as light)


SCANS: dict[str, Damage] = {
    "skewed": Damage(angle=2.5, paper=238, grain=8.0, jpeg=60),
    "noisy": Damage(paper=215, grain=16.0, specks=400, blur=1.0, jpeg=35),
    "two-columns": Damage(angle=-2.0, columns=True, jpeg=60),
    "small-print": Damage(dpi=200, angle=2.0, fontsize=9.0, jpeg=60),
    "upside-down": Damage(angle=1.5, paper=235, grain=8.0, jpeg=60, turn=180),
    "sideways": Damage(angle=1.0, grain=6.0, jpeg=60, turn=90),
    "unevenly-lit": Damage(angle=1.0, grain=5.0, jpeg=60, shade=0.45),
}


def source_pdf(damage: Damage) -> bytes:
    """The printed minutes: one A4 page with a text layer."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="dejavu", fontfile=FONT)
    size = damage.fontsize
    y = 60.0
    for line in HEAD + ([] if damage.columns else BODY):
        rect = pymupdf.Rect(50, y, 545, y + 3 * size)
        page.insert_textbox(rect, line, fontname="dejavu", fontsize=size)
        y += size * (2.4 if len(line) * size * 0.55 > 495 else 1.9)
    if damage.columns:
        y += size
        for i, text in enumerate(COLUMNS):  # two columns side by side, 30 pt apart
            left = 50 + i * 262.5
            page.insert_textbox(
                pymupdf.Rect(left, y, left + 232.5, y + 12 * size), text, fontname="dejavu", fontsize=size
            )
        y += 9 * size
        for line in BODY[:4]:
            page.insert_textbox(pymupdf.Rect(50, y, 545, y + 3 * size), line, fontname="dejavu", fontsize=size)
            y += size * 1.9
    return doc.tobytes()


def scan(pdf: bytes, damage: Damage, seed: int) -> bytes:
    """The page printed and scanned: an image-only PDF."""
    src = pymupdf.open(stream=pdf, filetype="pdf")[0]
    pix = src.get_pixmap(dpi=damage.dpi, colorspace=pymupdf.csGRAY, alpha=False)
    image = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    if damage.angle:
        image = image.rotate(damage.angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if damage.turn:
        image = image.rotate(damage.turn, expand=True)  # quarter turns: exact
    rng = np.random.default_rng(seed)
    pixels = np.asarray(image, dtype=np.float32) * (damage.paper / 255.0)
    if damage.shade:  # the light from the top left
        yy, xx = np.mgrid[: pixels.shape[0], : pixels.shape[1]].astype(np.float32)
        pixels *= 1 - damage.shade * (1 - (1 - xx / pixels.shape[1]) * (1 - yy / pixels.shape[0] / 2))
    pixels += rng.normal(0.0, damage.grain, pixels.shape).astype(np.float32)
    height, width = pixels.shape
    for _ in range(damage.specks):
        y, x, size = int(rng.integers(0, height - 3)), int(rng.integers(0, width - 3)), int(rng.integers(1, 4))
        pixels[y : y + size, x : x + size] = rng.integers(40, 140)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    if damage.blur:
        image = image.filter(ImageFilter.GaussianBlur(damage.blur))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=damage.jpeg, dpi=(damage.dpi, damage.dpi))
    doc = pymupdf.open()
    width, height = src.rect.width, src.rect.height
    page = (
        doc.new_page(width=height, height=width)
        if damage.turn in (90, 270)
        else doc.new_page(width=width, height=height)
    )
    page.insert_image(page.rect, stream=buffer.getvalue())
    return doc.tobytes(deflate=True)


def write(folder: Path) -> list[tuple[str, Path, Path]]:
    """Every hard scan and the PDF it was made from, written to ``folder``: (name, source, scan)."""
    out = []
    for seed, (name, damage) in enumerate(SCANS.items()):
        pdf = source_pdf(damage)
        source, scanned = folder / f"{name}.pdf", folder / f"{name}-scan.pdf"
        source.write_bytes(pdf)
        scanned.write_bytes(scan(pdf, damage, seed))
        out.append((name, source, scanned))
    return out
