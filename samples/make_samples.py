"""Build the sample minutes under samples/ from the seed texts.

The seeds are five real Czech meeting minutes ("zápisy") as plain text, pulled out of their
original PDF/Word files (000 and 001 are two copies of the same meeting with a different layout
and a few different words).  From each seed NNN this script produces one file per input format
the ingest command has to handle:

``txt/NNN.txt``
    The seed itself, byte for byte.
``docx/NNN.docx``
    A Word document such as its author would have written: the hard-wrapped lines of the PDF
    extractions are rejoined into paragraphs, list lines become Word bullet paragraphs (style
    "List Bullet", with the bullet glyph the seed shows) or numbered paragraphs, labels such as
    "Přítomni:" are bold, the title block is centred, Markdown in the seed becomes bold runs and
    hyperlinks, URLs and e-mail addresses become hyperlinks.  The series banner "KOMUNITNÍ
    PLÁNOVÁNÍ SOCIÁLNÍCH SLUŽEB REGIONU LIBEREC" is a bold centred heading, or the page header
    when the seed shows it stacked one word per line (how text in a letterhead comes out).
    Fonts, justification and a "Strana N" footer vary between documents so that parsers meet
    several renderings; the words never change.  No content is invented.
``pdf/NNN.pdf``
    The DOCX converted by LibreOffice, i.e. a PDF with a text layer.
``scan/NNN-scan.pdf``
    An image-only PDF that imitates a scanned printout of pdf/NNN.pdf: every page rendered at
    200 dpi in grey, turned by 0.5°-1.5°, lightly blurred and noised, stored as a JPEG.  The noise
    is kept mild enough for Tesseract (``-l ces+eng``) to read Czech diacritics.

``.zapisignore`` (next to this script) keeps the ingest command away from this file.  Do not put
README or other .txt/.md files here: the ingest command would read them as minutes.

Rerun from the repository root with::

    .venv/bin/python samples/make_samples.py [--seeds DIR] [--ocr-check]

It needs LibreOffice (``soffice``) on PATH for the PDFs and, for ``--ocr-check`` only, the
``tesseract`` command with the ``ces`` language.  Seeds are read from /work/shared/seeds when
that directory exists, else from samples/txt, so the samples can be rebuilt from the repository
alone.  Everything is seeded: a rerun gives the same bytes, as far as the installed versions of
LibreOffice, zlib and libjpeg do.  After building, the script checks that every seed word made it
into the DOCX and the PDF text layer, in order, and that the scans carry no text at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import hashlib
import io
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pymupdf
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.font import CT_RPr
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from PIL import Image, ImageFilter

SAMPLES_DIR = Path(__file__).resolve().parent
DEFAULT_SEEDS_DIR = Path("/work/shared/seeds")
SEED_NAME = re.compile(r"^(?P<number>\d{3})(?:_.*)?\.txt$")

BANNER_WORDS = ("KOMUNITNÍ", "PLÁNOVÁNÍ", "SOCIÁLNÍCH", "SLUŽEB", "REGIONU", "LIBEREC")

# A fixed timestamp for every member of the DOCX zip; the 1980 epoch is what reproducible zips use.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------------------------
# Seeds
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    number: str  # "000"
    path: Path
    text: str


def find_seeds(seeds_dir: Path) -> list[Seed]:
    seeds = []
    for path in sorted(seeds_dir.iterdir()):
        match = SEED_NAME.match(path.name)
        if match:
            seeds.append(Seed(match["number"], path, path.read_text(encoding="utf-8")))
    if not seeds:
        raise SystemExit(f"no seed files NNN_*.txt in {seeds_dir}")
    return seeds


# --------------------------------------------------------------------------------------------
# Recovering the author's structure from the extracted text
# --------------------------------------------------------------------------------------------

Gap = Literal["none", "empty", "spaces"]
BlockKind = Literal["para", "label", "numbered", "bullet", "date"]

# "19. září 2022", "23. 5. 2022": a date, not item 19 or 23 of a numbered list.
DATE_LINE = re.compile(r"^\d{1,2}\.\s*(?:\d{1,2}\.|[^\W\d_]+)\s*\d{4}\b")
NUMBERED = re.compile(r"^(?P<marker>\d{1,2}[.)])\s+(?P<text>\S.*)$")
BULLET = re.compile(r"^(?P<glyph>[-–•\uf0b7])(?:\s+(?P<text>.*))?$")
# "o" is Word's hollow-circle bullet as text extraction renders it; the Czech preposition "o"
# at the start of a wrapped line is followed by a lower-case word instead.
O_BULLET = re.compile(r"^o\s+(?P<text>\S.*)$")
# "Přítomni:", "Témata setkání:", "Zpracoval:" ... a short phrase without digits or punctuation.
LABEL = re.compile(r"^(?P<label>[^\W\d_][^.,:;()\d]{0,59}):(?=\s|$)")
SENTENCE_END = re.compile(r"[.!?:…]\W*$")

# In hard-wrapped text a line at least this share of the longest line ran into the right margin.
FULL_LINE_SHARE = 0.7


@dataclass(frozen=True)
class Line:
    text: str  # without surrounding whitespace
    indented: bool  # started with whitespace in the seed
    gap: Gap  # what separated it from the previous non-blank line


@dataclass
class Block:
    kind: BlockKind
    text: str
    marker: str = ""  # "1." / "1)" for numbered blocks, the bullet glyph for bullets
    level: int = 1
    indented: bool = False


@dataclass(frozen=True)
class Banner:
    stacked: bool  # one word per line in the seed: it came from a letterhead or text box
    spaced_words: frozenset[str]  # words the seed shows letter-spaced ("S L U Ž E B")


@dataclass
class Minutes:
    banner: Banner | None
    titles: list[str]
    date: str | None
    body: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class WrapProfile:
    hard_wrapped: bool
    full_width: int


def collapse_letter_spacing(text: str) -> str:
    """Turn "S L U Ž E B" into "SLUŽEB".  Two letter-spaced words stay apart only when more than
    one space separates them."""

    def collapse(match: re.Match[str]) -> str:
        return match.group(0).replace(" ", "")

    return re.sub(r"(?<!\S)(?:[^\W\d_] ){2,}[^\W\d_](?!\S)", collapse, text)


def split_banner(lines: list[str]) -> tuple[Banner | None, list[str]]:
    """Find the series banner at the top, whether on one line or one word per line."""
    found: list[str] = []
    spaced: set[str] = set()
    content_lines = 0
    for index, line in enumerate(lines):
        if not line.strip():
            if found:
                break
            continue
        words = collapse_letter_spacing(line.strip()).split()
        if tuple(words) != BANNER_WORDS[len(found) : len(found) + len(words)]:
            break
        found += words
        content_lines += 1
        if words != line.split():
            spaced.update(words)
        if len(found) == len(BANNER_WORDS):
            banner = Banner(stacked=content_lines > 1, spaced_words=frozenset(spaced))
            return banner, lines[index + 1 :]
    return None, lines


def read_lines(raw_lines: Sequence[str]) -> list[Line]:
    lines: list[Line] = []
    gap: Gap = "none"
    for raw in raw_lines:
        if not raw.strip():
            # A line of spaces is an empty paragraph of the source; a bare newline is only a
            # line or page break of the extraction, which can fall inside a paragraph.
            gap = "spaces" if raw or gap == "spaces" else "empty"
            continue
        lines.append(Line(raw.strip(), indented=raw[:1].isspace(), gap=gap))
        gap = "none"
    return lines


def wrap_profile(lines: Sequence[Line]) -> WrapProfile:
    """Text from a PDF is wrapped at the page width; text from Word has one line per paragraph."""
    lengths = [len(line.text) for line in lines]
    longest = max(lengths, default=0)
    hard_wrapped = longest <= 120 and sum(length >= 60 for length in lengths) >= 5
    return WrapProfile(hard_wrapped, full_width=round(longest * FULL_LINE_SHARE))


def line_kind(text: str) -> BlockKind:
    if DATE_LINE.match(text):
        return "date"
    if NUMBERED.match(text):
        return "numbered"
    if BULLET.match(text):
        return "bullet"
    o_bullet = O_BULLET.match(text)
    if o_bullet and o_bullet["text"][0].isupper():
        return "bullet"
    if LABEL.match(text) and text[0].isupper():
        return "label"
    return "para"


def starts_block(line: Line, profile: WrapProfile) -> bool:
    # A PDF extraction keeps the indent of a first line or of a bullet whose glyph it dropped.
    return line_kind(line.text) != "para" or (profile.hard_wrapped and line.indented)


def continues(previous: Line, line: Line, profile: WrapProfile) -> bool:
    """Does `line` carry on the paragraph that `previous` belongs to?"""
    if starts_block(line, profile) or line.gap == "spaces":
        return False
    if profile.hard_wrapped:
        # A line that reached the margin was broken by the layout, not by the author, even when
        # it happens to end with a full stop; a short one ended its paragraph.
        return len(previous.text) >= profile.full_width
    # Text with one paragraph per line is split only by page breaks, which cut a sentence.
    return not SENTENCE_END.search(previous.text) and line.text[:1].islower()


def new_block(line: Line) -> Block:
    kind = line_kind(line.text)
    if kind == "numbered":
        match = NUMBERED.match(line.text)
        assert match
        return Block(kind, match["text"], marker=match["marker"], indented=line.indented)
    if kind == "bullet":
        match = BULLET.match(line.text) or O_BULLET.match(line.text)
        assert match
        glyph = match.groupdict().get("glyph") or "o"
        # A nested item keeps its indent in the extraction.
        level = 2 if line.indented else 1
        return Block(kind, match["text"] or "", marker=glyph, level=level, indented=line.indented)
    return Block(kind, line.text, indented=line.indented)


def reflow(lines: Sequence[Line], profile: WrapProfile) -> list[Block]:
    blocks: list[Block] = []
    previous: Line | None = None
    for line in lines:
        if previous is not None and blocks and continues(previous, line, profile):
            blocks[-1].text = f"{blocks[-1].text} {line.text}" if blocks[-1].text else line.text
        else:
            blocks.append(new_block(line))
        previous = line
    for block in blocks:
        block.text = " ".join(block.text.split())
    return blocks


def is_heading_label(block: Block) -> bool:
    """A label on its own ("Sestry:") heads what follows; "Přítomni: ..." carries its content."""
    return block.kind == "label" and block.text.endswith(":")


def restore_dropped_bullets(blocks: list[Block]) -> None:
    """Indented paragraphs right under a heading label are bullets whose glyph (a Symbol-font
    character, U+F0B7) the PDF extraction dropped, leaving only the space after it."""
    in_list = False
    for block in blocks:
        if block.kind == "para" and block.indented and in_list:
            block.kind, block.marker = "bullet", "\uf0b7"
            continue
        in_list = is_heading_label(block)


def split_title_block(blocks: list[Block]) -> tuple[list[str], str | None, list[Block]]:
    """Everything above the meeting date is the title block; without a date, the first line."""
    for index, block in enumerate(blocks[:6]):
        if block.kind == "date":
            titles = [b.text for b in blocks[:index]]
            return titles, block.text, blocks[index + 1 :]
    if blocks and blocks[0].kind == "para":
        return [blocks[0].text], None, blocks[1:]
    return [], None, blocks


def parse_minutes(text: str) -> Minutes:
    banner, rest = split_banner(text.split("\n"))
    lines = read_lines(rest)
    blocks = reflow(lines, wrap_profile(lines))
    restore_dropped_bullets(blocks)
    titles, date, body = split_title_block(blocks)
    return Minutes(banner, titles, date, body)


# --------------------------------------------------------------------------------------------
# Writing the DOCX
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Look:
    """Presentation only; documents differ in it so that parsers meet several renderings."""

    font: str
    size: float  # points
    justify: bool
    footer: str | None  # "Strana {PAGE}" style template, or no footer


# Indexed by seed number.  Fonts are the ones Czech offices use; LibreOffice renders them with the
# metric-compatible Liberation fonts.
LOOKS = (
    Look("Times New Roman", 12, justify=True, footer="Strana {PAGE}"),
    Look("Arial", 11, justify=False, footer=None),
    Look("Arial", 11, justify=True, footer="Strana {PAGE}"),
    Look("Times New Roman", 12, justify=False, footer=None),
    Look("Arial", 10, justify=False, footer="Strana {PAGE} z {NUMPAGES}"),
)

# Word's usual fonts for its bullet glyphs; None means the body font.
BULLET_FONTS = {"\uf0b7": "Symbol", "o": "Courier New", "-": None, "–": None, "•": None}
HYPERLINK_BLUE = RGBColor(0x05, 0x63, 0xC1)

# Genitive month names, as in "19. září 2022".
CZECH_MONTHS = {
    "ledna": 1,
    "února": 2,
    "března": 3,
    "dubna": 4,
    "května": 5,
    "června": 6,
    "července": 7,
    "srpna": 8,
    "září": 9,
    "října": 10,
    "listopadu": 11,
    "prosince": 12,
}

INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*"
    r"|\[(?P<link_text>[^\]]+)\]\((?P<link_target>[^)]*)\)"
    r"|(?P<url>(?:https?://|www\.)\S*[^\s.,;:)])"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
)


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    link: str | None = None


def inline_spans(text: str) -> Iterator[Span]:
    """Split text into plain, bold and hyperlinked pieces; Markdown syntax does not survive."""
    position = 0
    for match in INLINE.finditer(text):
        if match.start() > position:
            yield Span(text[position : match.start()])
        if match["bold"]:
            yield Span(match["bold"], bold=True)
        elif match["link_text"]:
            yield Span(match["link_text"], link=match["link_target"] or "#")
        elif match["url"]:
            url = match["url"]
            yield Span(url, link=url if "://" in url else f"http://{url}")
        else:
            yield Span(match["email"], link=f"mailto:{match['email']}")
        position = match.end()
    if position < len(text):
        yield Span(text[position:])


def set_run_fonts(r_pr: CT_RPr, font: str) -> None:
    """Name the font for every script.  Theme fonts (Calibri, Cambria) would otherwise win, and
    LibreOffice has no metric-compatible stand-in for them here."""
    r_fonts = r_pr.get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        r_fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        r_fonts.set(qn(attribute), font)


def new_document(look: Look) -> DocxDocument:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(22)
    normal = document.styles["Normal"]
    normal.font.size = Pt(look.size)
    set_run_fonts(normal.element.get_or_add_rPr(), look.font)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.08
    for style_name in ("Header", "Footer", "List Bullet", "List Bullet 2", "List Paragraph"):
        document.styles[style_name].font.size = Pt(look.size)
    # The author's own Heading 1: body font, black, centred; the template's is blue Cambria.
    heading = document.styles["Heading 1"]
    set_run_fonts(heading.element.get_or_add_rPr(), look.font)
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading.font.size = Pt(look.size + 2)
    heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # Czech spelling and hyphenation rules, as a Czech Word installation would record them.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    lang.set(qn("w:val"), "cs-CZ")
    return document


def add_hyperlink(paragraph: Paragraph, text: str, target: str, bold: bool = False) -> None:
    r_id = paragraph.part.relate_to(target, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), r_id)
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    run.font.color.rgb = HYPERLINK_BLUE
    run.font.underline = True
    # add_run appended the run to the paragraph; move it inside the hyperlink element.
    hyperlink.append(run._r)
    paragraph._p.append(hyperlink)


def add_text(paragraph: Paragraph, text: str, bold: bool = False) -> None:
    for span in inline_spans(text):
        if span.link:
            add_hyperlink(paragraph, span.text, span.link, bold=bold or span.bold)
        elif bold or span.bold:
            paragraph.add_run(span.text).bold = True
        else:
            paragraph.add_run(span.text)


def add_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field such as PAGE; `shown` is the cached result readers display without updating."""

    def fld_char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    fld_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    fld_char("separate")
    paragraph.add_run(shown)
    fld_char("end")


def add_footer(section: Section, template: str) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece in re.split(r"(\{\w+\})", template):
        if piece.startswith("{"):
            add_field(paragraph, piece.strip("{}"), shown="1")
        elif piece:
            paragraph.add_run(piece)


def add_bottom_border(paragraph: Paragraph) -> None:
    """A rule under the letterhead.  Call it before setting other paragraph properties: python-docx
    then slots those into schema order around the border, which Word insists on."""
    border = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="4" w:color="1F3864"/></w:pBdr>'
    )
    paragraph._p.get_or_add_pPr().append(border)


def write_banner(paragraph: Paragraph, banner: Banner, size: float) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for index, word in enumerate(BANNER_WORDS):
        run = paragraph.add_run(word if index == 0 else f" {word}")
        run.bold = True
        run.font.size = Pt(size)
        if word in banner.spaced_words:
            # Letter-spacing is a font setting in Word; the letters stay one word.
            spacing = OxmlElement("w:spacing")
            spacing.set(qn("w:val"), "60")
            run._r.get_or_add_rPr().insert_element_before(
                spacing, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u"
            )


def add_banner(document: DocxDocument, banner: Banner, look: Look) -> None:
    if banner.stacked:
        paragraph = document.sections[0].header.paragraphs[0]
        add_bottom_border(paragraph)
        write_banner(paragraph, banner, look.size + 1)
    else:
        paragraph = document.add_paragraph(style="Heading 1")
        write_banner(paragraph, banner, look.size + 2)
        paragraph.paragraph_format.space_after = Pt(12)


def add_title_block(document: DocxDocument, minutes: Minutes, look: Look) -> None:
    for index, title in enumerate(minutes.titles):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(title)
        run.bold = True
        run.font.size = Pt(look.size + (3 if index == 0 else 1))
    if minutes.date:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(18)
        paragraph.add_run(minutes.date).italic = True


class BulletNumbering:
    """One Word list definition per bullet glyph, added to the document's numbering part."""

    def __init__(self, document: DocxDocument, body_font: str) -> None:
        self._numbering = document.part.numbering_part.element
        self._body_font = body_font
        self._num_ids: dict[str, int] = {}

    def num_id(self, glyph: str) -> int:
        if glyph not in self._num_ids:
            self._num_ids[glyph] = self._define(glyph)
        return self._num_ids[glyph]

    def _define(self, glyph: str) -> int:
        existing = [int(a.get(qn("w:abstractNumId"))) for a in self._numbering.findall(qn("w:abstractNum"))]
        abstract_id = max(existing, default=-1) + 1
        font = BULLET_FONTS.get(glyph) or self._body_font
        levels = "".join(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
            f'<w:lvlText w:val="{glyph}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{720 * (level + 1)}" w:hanging="360"/></w:pPr>'
            f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr></w:lvl>'
            for level in range(3)
        )
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>'
        )
        # The schema wants every abstractNum before the first num.
        first_num = self._numbering.find(qn("w:num"))
        if first_num is None:
            self._numbering.append(abstract)
        else:
            first_num.addprevious(abstract)
        return self._numbering.add_num(abstract_id).numId


def add_bullet(document: DocxDocument, block: Block, numbering: BulletNumbering) -> None:
    paragraph = document.add_paragraph(style="List Bullet" if block.level == 1 else "List Bullet 2")
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = block.level - 1
    num_pr.get_or_add_numId().val = numbering.num_id(block.marker)
    add_text(paragraph, block.text)


def add_numbered(document: DocxDocument, block: Block) -> None:
    # Typed numbers with a hanging indent: the numbers stay part of the text, as in the seed.
    paragraph = document.add_paragraph(style="List Paragraph")
    paragraph.paragraph_format.left_indent = Mm(8)
    paragraph.paragraph_format.first_line_indent = Mm(-8)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(8))
    paragraph.add_run(f"{block.marker}\t")
    add_text(paragraph, block.text)


def add_label(document: DocxDocument, block: Block, look: Look) -> None:
    paragraph = document.add_paragraph()
    if is_heading_label(block):
        paragraph.paragraph_format.space_before = Pt(12)
        paragraph.paragraph_format.keep_with_next = True
        add_text(paragraph, block.text, bold=True)
        return
    match = LABEL.match(block.text)
    assert match
    paragraph.add_run(block.text[: match.end()]).bold = True
    add_text(paragraph, block.text[match.end() :])
    if look.justify:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def add_body(document: DocxDocument, blocks: Sequence[Block], look: Look) -> None:
    numbering = BulletNumbering(document, look.font)
    for block in blocks:
        if block.kind == "bullet":
            add_bullet(document, block, numbering)
        elif block.kind == "numbered":
            add_numbered(document, block)
        elif block.kind == "label":
            add_label(document, block, look)
        else:
            paragraph = document.add_paragraph()
            add_text(paragraph, block.text)
            if look.justify:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def meeting_date(minutes: Minutes) -> dt.datetime:
    """The meeting day from the date line (16:00, when such meetings are over)."""
    match = re.match(r"(\d{1,2})\.\s*(\d{1,2}\.|[^\W\d_]+)\s*(\d{4})", minutes.date or "")
    if match:
        day, month_text, year = match.groups()
        month = CZECH_MONTHS.get(month_text) or int(month_text.rstrip("."))
        return dt.datetime(int(year), month, int(day), 16, 0, tzinfo=dt.UTC)
    return dt.datetime(2024, 1, 1, 12, 0, tzinfo=dt.UTC)


def minutes_author(minutes: Minutes) -> str:
    for block in minutes.body:
        match = LABEL.match(block.text) if block.kind == "label" else None
        if match and match["label"] in ("Zpracoval", "Zpracovala", "Zapsal", "Zapsala"):
            return block.text[match.end() :].strip()
    return ""


def written_at(minutes: Minutes) -> dt.datetime:
    """When the minutes were written up: two days after the meeting, so that a parser taking the
    file's own dates for the meeting date gets caught by the tests."""
    return meeting_date(minutes) + dt.timedelta(days=2)


def set_properties(document: DocxDocument, minutes: Minutes) -> None:
    properties = document.core_properties
    when = written_at(minutes).replace(tzinfo=None)
    properties.author = properties.last_modified_by = minutes_author(minutes)
    properties.title = minutes.titles[0] if minutes.titles else ""
    properties.subject = properties.keywords = properties.comments = ""
    properties.language = "cs-CZ"
    properties.created = properties.modified = when
    properties.last_printed = when
    properties.revision = 1


def save_reproducibly(document: DocxDocument, path: Path) -> None:
    """python-docx stamps zip members with the current time; rewrite them with a fixed one."""
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIMESTAMP)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info))


def build_docx(minutes: Minutes, look: Look, path: Path) -> None:
    document = new_document(look)
    if minutes.banner:
        add_banner(document, minutes.banner, look)
    add_title_block(document, minutes, look)
    add_body(document, minutes.body, look)
    if look.footer:
        add_footer(document.sections[0], look.footer)
    set_properties(document, minutes)
    save_reproducibly(document, path)


# --------------------------------------------------------------------------------------------
# PDF with a text layer
# --------------------------------------------------------------------------------------------


def pdf_date(when: dt.datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%SZ")


def convert_to_pdf(docx_paths: Sequence[Path], out_dir: Path) -> None:
    # A private profile lets soffice run as root and next to other LibreOffice instances.
    with tempfile.TemporaryDirectory(prefix="zapis-samples-lo-") as profile:
        command = [
            "soffice",
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *map(str, docx_paths),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=600)
    for docx_path in docx_paths:
        if not (out_dir / f"{docx_path.stem}.pdf").exists():
            raise SystemExit(f"LibreOffice did not convert {docx_path}")


def pin_pdf_identity(path: Path, when: dt.datetime) -> None:
    """LibreOffice writes the conversion time and a fresh file ID; pin both, to the DOCX's date and
    to the content, so that a rerun gives the same bytes."""
    document = pymupdf.open(path)
    metadata = dict(document.metadata or {})
    metadata.update(creationDate=pdf_date(when), modDate=pdf_date(when))
    document.set_metadata(metadata)
    # Both halves of /ID come from the page content, which is what a rerun reproduces.
    digest = hashlib.md5(
        b"".join(page.get_text("text").encode() for page in document), usedforsecurity=False
    ).hexdigest()
    document.xref_set_key(-1, "ID", f"[<{digest}><{digest}>]")
    data = document.tobytes(garbage=3, deflate=True, no_new_id=True)
    document.close()
    path.write_bytes(data)


# --------------------------------------------------------------------------------------------
# Image-only "scan"
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanSettings:
    dpi: int = 200
    min_angle: float = 0.5  # degrees; a page is never fed perfectly straight ...
    max_angle: float = 1.5  # ... nor so skewed that deskewing becomes the test
    paper: int = 247  # grey level of the paper; a scanner never sees pure white
    # Tuned by running Tesseract 5 (ces+eng) on the results: with these it still reads about 99 % of
    # the words with diacritics, and a two-page scan stays near 500 KB.
    noise_sigma: float = 5.0
    speckles: int = 60
    blur_radius: float = 1.0
    jpeg_quality: int = 70


def skew_angle(rng: random.Random, settings: ScanSettings) -> float:
    return rng.choice((-1, 1)) * rng.uniform(settings.min_angle, settings.max_angle)


def render_grey(page: pymupdf.Page, dpi: int) -> Image.Image:
    pixmap = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    return Image.frombytes("L", (pixmap.width, pixmap.height), pixmap.samples)


def add_speckles(pixels: np.ndarray, rng: np.random.Generator, count: int) -> None:
    """Dust and toner specks: a few dark dots of one to three pixels."""
    height, width = pixels.shape
    for _ in range(count):
        y, x = int(rng.integers(0, height - 3)), int(rng.integers(0, width - 3))
        size = int(rng.integers(1, 4))
        pixels[y : y + size, x : x + size] = rng.integers(40, 140)


def degrade(image: Image.Image, angle: float, rng: np.random.Generator, settings: ScanSettings) -> Image.Image:
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(image, dtype=np.float32) * (settings.paper / 255.0)
    pixels += rng.normal(0.0, settings.noise_sigma, pixels.shape).astype(np.float32)
    add_speckles(pixels, rng, settings.speckles)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
    # Blurring after the noise turns it into soft paper grain; pixel-sharp noise would cost JPEG
    # more bytes than the text does, and the blur also stands in for the scanner's optics.
    return image.filter(ImageFilter.GaussianBlur(settings.blur_radius))


def jpeg_bytes(image: Image.Image, quality: int, dpi: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True, dpi=(dpi, dpi))
    return buffer.getvalue()


def build_scan(pdf_path: Path, scan_path: Path, number: str, settings: ScanSettings) -> None:
    angles = random.Random(f"scan-angle-{number}")
    source = pymupdf.open(pdf_path)
    scan = pymupdf.open()
    for index, page in enumerate(source):
        noise = np.random.default_rng([int(number), index])
        image = degrade(render_grey(page, settings.dpi), skew_angle(angles, settings), noise, settings)
        target = scan.new_page(width=page.rect.width, height=page.rect.height)
        target.insert_image(target.rect, stream=jpeg_bytes(image, settings.jpeg_quality, settings.dpi))
    scan.set_metadata({})
    scan_path.write_bytes(scan.tobytes(garbage=3, deflate=True, no_new_id=True))
    scan.close()
    source.close()


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------

# Seed characters that become Word list glyphs and so leave the DOCX text.
LIST_MARKERS = "-–•o\uf0b7"


def markdown_free(text: str) -> str:
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    return re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)


def words(text: str) -> list[str]:
    """Word tokens; a letter-spaced word ("S L U Ž E B") is glued back, as a reader would."""
    tokens = re.findall(r"\w+", text)
    glued: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isupper():
            run.append(token)
            continue
        glued += ["".join(run)] if len(run) >= 3 else run
        run = []
        glued.append(token)
    return glued[:-1]


def missing_words(expected: list[str], actual: list[str]) -> list[str]:
    """Words of `expected` that `actual` lacks, keeping order; `actual` may have more."""
    matcher = difflib.SequenceMatcher(a=expected, b=actual, autojunk=False)
    missing: list[str] = []
    for tag, a1, a2, _, _ in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            missing += expected[a1:a2]
    return missing


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def docx_text(path: Path) -> str:
    document = Document(str(path))
    header = [p.text for p in document.sections[0].header.paragraphs]
    return "\n".join([*header, *(p.text for p in document.paragraphs)])


def check_docx(seed: Seed, path: Path) -> list[str]:
    """Seed and DOCX may differ in whitespace, Markdown syntax and list markers, nothing else."""
    expected, actual = squeezed(markdown_free(seed.text)), squeezed(docx_text(path))
    matcher = difflib.SequenceMatcher(a=expected, b=actual, autojunk=False)
    problems = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "delete" and set(expected[a1:a2]) <= set(LIST_MARKERS)):
            continue
        problems.append(
            f"{path.name}: seed {expected[max(a1 - 15, 0) : a2 + 15]!r} became {actual[max(b1 - 15, 0) : b2 + 15]!r}"
        )
    return problems


def check_pdf(seed: Seed, path: Path) -> list[str]:
    with pymupdf.open(path) as document:
        text = "\n".join(page.get_text() for page in document)
    missing = missing_words(words(markdown_free(seed.text)), words(text))
    return [f"{path.name}: words missing from the text layer: {missing[:12]}"] if missing else []


def check_scan(path: Path, max_bytes: int = 600_000) -> list[str]:
    problems = []
    with pymupdf.open(path) as document:
        if any(page.get_text().strip() for page in document):
            problems.append(f"{path.name}: has a text layer")
    if path.stat().st_size > max_bytes:
        problems.append(f"{path.name}: {path.stat().st_size} bytes, more than {max_bytes}")
    return problems


def ocr_recall(seed: Seed, scan_path: Path) -> tuple[float, list[str]]:
    """Share of the seed's words with diacritics that Tesseract reads back from the scan."""
    seed_words = re.findall(r"\w+", collapse_letter_spacing(markdown_free(seed.text)))
    wanted = {w for w in seed_words if len(w) > 3 and not w.isascii()}
    read: set[str] = set()
    with pymupdf.open(scan_path) as document, tempfile.TemporaryDirectory() as tmp:
        for index, page in enumerate(document):
            image_path = Path(tmp) / f"{index}.png"
            page.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY).save(image_path)
            result = subprocess.run(
                ["tesseract", str(image_path), "stdout", "-l", "ces+eng"],
                check=True,
                capture_output=True,
                text=True,
            )
            read.update(re.findall(r"\w+", result.stdout))
    misread = sorted(wanted - read)
    return 1 - len(misread) / max(len(wanted), 1), misread


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outputs:
    """Where the four renderings of seed NNN go."""

    root: Path

    def txt(self, number: str) -> Path:
        return self.root / "txt" / f"{number}.txt"

    def docx(self, number: str) -> Path:
        return self.root / "docx" / f"{number}.docx"

    def pdf(self, number: str) -> Path:
        return self.root / "pdf" / f"{number}.pdf"

    def scan(self, number: str) -> Path:
        return self.root / "scan" / f"{number}-scan.pdf"

    def prepare(self) -> None:
        for name in ("txt", "docx", "pdf", "scan"):
            (self.root / name).mkdir(exist_ok=True)
        # The ingest command reads .zapisignore like a .gitignore; this script is no minutes.
        (self.root / ".zapisignore").write_text("make_samples.py\n", encoding="utf-8")


def copy_seed(seed: Seed, target: Path) -> None:
    # When rebuilding from samples/txt the seed already is the target.
    if seed.path.resolve() != target.resolve():
        shutil.copyfile(seed.path, target)


def check_outputs(seed: Seed, out: Outputs) -> list[str]:
    problems = []
    if out.txt(seed.number).read_bytes() != seed.path.read_bytes():
        problems.append(f"{out.txt(seed.number).name}: differs from {seed.path}")
    problems += check_docx(seed, out.docx(seed.number))
    problems += check_pdf(seed, out.pdf(seed.number))
    problems += check_scan(out.scan(seed.number))
    return problems


def report_ocr(seed: Seed, out: Outputs) -> None:
    recall, misread = ocr_recall(seed, out.scan(seed.number))
    print(f"{out.scan(seed.number).name}: Tesseract read {recall:.1%} of the words with diacritics")
    if misread:
        print(f"    not: {', '.join(misread)}")


def build_all(seeds: Sequence[Seed], out: Outputs, ocr_check: bool) -> list[str]:
    out.prepare()
    minutes = {seed.number: parse_minutes(seed.text) for seed in seeds}
    for seed in seeds:
        copy_seed(seed, out.txt(seed.number))
        look = LOOKS[int(seed.number) % len(LOOKS)]
        build_docx(minutes[seed.number], look, out.docx(seed.number))
    # One LibreOffice start for all documents: starting it costs more than converting.
    convert_to_pdf([out.docx(seed.number) for seed in seeds], out.pdf("000").parent)
    problems: list[str] = []
    for seed in seeds:
        pin_pdf_identity(out.pdf(seed.number), written_at(minutes[seed.number]))
        build_scan(out.pdf(seed.number), out.scan(seed.number), seed.number, ScanSettings())
        problems += check_outputs(seed, out)
        if ocr_check:
            report_ocr(seed, out)
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    fallback = DEFAULT_SEEDS_DIR if DEFAULT_SEEDS_DIR.is_dir() else SAMPLES_DIR / "txt"
    parser.add_argument("--seeds", type=Path, default=fallback, help=f"seed directory (default {fallback})")
    parser.add_argument("--ocr-check", action="store_true", help="run Tesseract on the scans and report")
    args = parser.parse_args(argv)
    problems = build_all(find_seeds(args.seeds), Outputs(SAMPLES_DIR), args.ocr_check)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
