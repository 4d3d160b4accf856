"""Scans that lose text to Tesseract's defaults: coloured stamps, skipped blocks, broken contacts, tables."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image, ImageChops, ImageOps

from tests.render import FONT
from zapis.pipeline import extract_meeting
from zapis.readers import ExtractOptions
from zapis.readers.ocr import ocr_image, to_grayscale
from zapis.readers.ocr.words import Word
from zapis.schema import Meeting

BLUE = (0.15, 0.3, 0.75)


def rendered(page: pymupdf.Page, dpi: int = 300) -> Image.Image:
    pix = page.get_pixmap(dpi=dpi)
    return Image.frombytes("RGB", (pix.width, pix.height), pix.samples)


def write_lines(page: pymupdf.Page, lines: list[str], top: float = 60, step: float = 30, left: float = 50) -> None:
    font = pymupdf.Font(fontfile=FONT)
    writer = pymupdf.TextWriter(page.rect)
    for i, line in enumerate(lines):
        writer.append((left, top + step * i), line, font=font, fontsize=11)
    writer.write_text(page)


def printed(lines: list[str], height: float, **layout: float) -> pymupdf.Document:
    """A page of minutes 595 pt wide with ``lines`` written on it (``layout``: see write_lines)."""
    doc = pymupdf.open()
    write_lines(doc.new_page(width=595, height=height), lines, **layout)
    return doc


def read_scan(page: pymupdf.Page, path: Path) -> Meeting:
    """The meeting read from ``page`` printed and scanned in grey at 300 dpi."""
    return extract_meeting(scan_pdf([rendered(page).convert("L")], path))


def scan_pdf(images: list[Image.Image], path: Path, dpi: int = 300) -> Path:
    """An image-only PDF, one JPEG page per image, as a colour scanner writes it."""
    doc = pymupdf.open()
    for image in images:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=90)
        page = doc.new_page(width=image.width * 72 / dpi, height=image.height * 72 / dpi)
        page.insert_image(page.rect, stream=buffer.getvalue())
    doc.save(str(path))
    return path


STAMPED = [
    "Zápis z jednání komise pro školství dne 12. října 2023",
    "Zapsala: Kateřina Šádková",
    "Příští jednání: 9. listopadu 2023 v 16:00, zasedací místnost",
    "Kontakt: Jana Dvořáková, tel. 608 625 690",
]


def stamped_scan() -> Image.Image:
    """Black text on cream paper, a blue round stamp pressed over the middle of it (ink multiplies)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=300)
    write_lines(page, STAMPED)
    image = ImageChops.multiply(rendered(page), Image.new("RGB", (2480, 1250), (250, 246, 225)))
    stamp = doc.new_page(width=595, height=300)
    stamp.draw_circle((200, 110), 55, color=BLUE, width=4)
    stamp.draw_circle((200, 110), 42, color=BLUE, width=1.5)
    writer = pymupdf.TextWriter(stamp.rect, color=BLUE)
    writer.append((158, 115), "OBECNÍ ÚŘAD", font=pymupdf.Font(fontfile=FONT), fontsize=11)
    writer.write_text(stamp)
    return ImageChops.multiply(image, rendered(stamp))


@pytest.mark.slow
def test_a_blue_stamp_over_the_text_does_not_hide_it(tmp_path: Path) -> None:
    scan = stamped_scan()
    ring = (820, 676, 850, 698)  # the bottom of the stamp's ring, below the text
    # in plain grey the ring is as dark as ink; binarized from colour it is paper
    assert np.asarray(scan.convert("L").crop(ring)).min() < 100
    assert np.asarray(to_grayscale(scan).crop(ring)).min() >= 240

    meeting = extract_meeting(scan_pdf([scan], tmp_path / "sken.pdf"))
    assert meeting.sources[0].method == "ocr"
    for line in STAMPED:
        assert line in meeting.text
    assert meeting.recorded_by is not None and meeting.recorded_by.name == "Kateřina Šádková"
    assert [(str(m.date), m.time) for m in meeting.next_meetings] == [("2023-11-09", "16:00")]
    assert [(c.name, c.phone) for c in meeting.contacts] == [("Jana Dvořáková", "608625690")]
    assert "OBECNÍ" not in meeting.text  # the stamp is not read as text


CONTACTS = [
    "Zápis z jednání pracovní skupiny dne 5. června 2024",
    "Kontakty:",
    "Jana Nováková, tel. 608 625 690, jana.novakova@obec-lhota.cz",
    "Petr Černý, 777 123 456, p.cerny@mestojablonec.cz",
    "Marie Dvořáková, marie.dvorakova@seznam.cz",
    "Lukáš Průcha, lukas.prucha@fokusliberec.cz, 602 111 222",
]


@pytest.mark.slow
def test_email_addresses_in_a_scan_are_repaired_and_said_so(tmp_path: Path) -> None:
    meeting = read_scan(printed(CONTACTS, 240)[0], tmp_path / "kontakty-sken.pdf")
    for line in CONTACTS:
        assert line in meeting.text
    emails = {c.email for c in meeting.contacts}
    assert {"marie.dvorakova@seznam.cz", "lukas.prucha@fokusliberec.cz", "jana.novakova@obec-lhota.cz"} <= emails
    (repaired,) = [w for w in meeting.warnings if "repaired" in w]
    assert "'marie.dvorakova@seznam.cz'" in repaired  # Tesseract's Czech model read no "@" there at all


@pytest.mark.slow
def test_a_number_before_a_broken_address_is_not_taken_into_it() -> None:
    """A broken address is re-read with the word before it, which may be the address's split-off
    local part; a phone number before it is a word of its own and stays one."""
    from zapis.readers.ocr import default_engine
    from zapis.readers.ocr.contacts import reread_addresses

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=100)
    write_lines(page, ["Dana Ottmarová 608625690 d.ottmarova@fokusliberec.cz"], top=50)
    image = rendered(page).convert("L")
    engine = default_engine()
    words = engine.read(image, languages="ces", psm=6, timeout=60, dpi=300)
    assert [w.text for w in words][:3] == ["Dana", "Ottmarová", "608625690"]
    assert "@" not in words[3].text  # the Czech model has no "@"
    out, repairs = reread_addresses(image, words, engine=engine, dpi=300, timeout=60)
    assert [w.text if w else None for w in out] == ["Dana", "Ottmarová", "608625690", "d.ottmarova@fokusliberec.cz"]
    assert repairs == [f"'{words[3].text}' → 'd.ottmarova@fokusliberec.cz'"]


def test_broken_contacts_in_ocr_text_are_repaired() -> None:
    from zapis.readers.ocr.contacts import repair_contacts

    text, warnings = repair_contacts("Kontakt: Jana Nováková, novakova(a)obec-lhota.cz, tel. 6086 25 690")
    assert text == "Kontakt: Jana Nováková, novakova@obec-lhota.cz, tel. 608 625 690"
    assert warnings == [
        "OCR broke 2 e-mail address(es) or phone number(s); repaired: "
        "'novakova(a)obec-lhota.cz' → 'novakova@obec-lhota.cz', '6086 25 690' → '608 625 690'"
    ]
    assert repair_contacts("tel.: +420 60 8625690")[0] == "tel.: +420 608 625 690"
    # numbers that are not phone numbers, and lines without a contact, stay as read
    for kept in ("Rada schvaluje 125 000 Kč dne 12. 3. 2023", "tel. 608 625 690", "Usnesení 1 234 567 89 přijato"):
        assert repair_contacts(kept) == (kept, [])


def shaded_block_page() -> Image.Image:
    """Minutes whose resolution is printed on a grey shaded box, as a photocopy renders a highlight:
    Tesseract's page segmentation (--psm 3) takes the box for a picture and drops its text."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=400)
    write_lines(page, ["Zápis z jednání výboru dne 3. května 2024", "Přítomni: Jan Novák, Petr Černý"], top=50)
    page.draw_rect(pymupdf.Rect(45, 120, 550, 200), color=None, fill=(0.55, 0.55, 0.55))
    write_lines(page, ["Usnesení č. 5/2024: Výbor schvaluje rozpočet obce na rok 2025."], top=165, left=55)
    image = rendered(page).convert("L")
    image.info["dpi"] = (300, 300)
    return image


@pytest.mark.slow
def test_a_block_that_page_segmentation_drops_is_read_again() -> None:
    from zapis.readers.ocr import Tesseract

    image = shaded_block_page()
    bare = " ".join(w.text for w in Tesseract().read(image, languages="ces", psm=3, timeout=60, dpi=300))
    assert "Přítomni:" in bare and "schvaluje" not in bare  # the page this test is about
    result = ocr_image(image, ExtractOptions())
    assert result.text.split("\n\n") == [
        "Zápis z jednání výboru dne 3. května 2024",
        "Přítomni: Jan Novák, Petr Černý",
        "Usnesení č. 5/2024: Výbor schvaluje rozpočet obce na rok 2025.",
    ]
    assert result.recovered_regions == 1
    assert result.warnings == (
        "Tesseract's page layout skipped 1 text region(s); re-read them as plain blocks (--psm 6)",
    )


@pytest.mark.slow
def test_ink_that_cannot_be_read_gets_a_warning() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=300)
    write_lines(page, ["Zápis z jednání výboru dne 3. května 2024", "Zapsal: Jan Novák"], top=50)
    for i in range(12):  # a scrawled signature: strokes, no letters
        page.draw_bezier((300 + 15 * i, 200), (310 + 15 * i, 150), (320 + 15 * i, 250), (330 + 15 * i, 190), width=2)
    image = rendered(page).convert("L")
    image.info["dpi"] = (300, 300)
    result = ocr_image(image, ExtractOptions())
    assert "Zapsal: Jan Novák" in result.text
    assert any("could not be read as text" in w for w in result.warnings)


@pytest.mark.slow
def test_punched_holes_are_not_ink_to_check() -> None:
    # a page from a ring binder: two holes punched in the margin, black on the scan
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=420)
    lines = ["Zápis z jednání výboru dne 3. května 2024", "Přítomni: Jan Novák, Petr Černý", "Zapsal: Jan Novák"]
    write_lines(page, lines, top=60, left=70)
    for y in (120, 300):
        page.draw_circle((30, y), 12, color=None, fill=(0.05, 0.05, 0.05))
    image = rendered(page).convert("L")
    image.info["dpi"] = (300, 300)
    result = ocr_image(image, ExtractOptions())
    assert result.text.split("\n\n") == lines
    assert not any("could not be read as text" in w for w in result.warnings)


def white_on_dark(page: pymupdf.Page, rect: pymupdf.Rect, words: list[tuple[float, str]], size: float) -> None:
    """A dark block on ``page`` with ``words`` (x, text) in white on it."""
    page.draw_rect(rect, color=None, fill=(0.2, 0.25, 0.35))
    writer = pymupdf.TextWriter(page.rect, color=(1, 1, 1))
    for x, text in words:
        writer.append(
            (x, rect.y1 - (rect.height - size) / 2 - 2), text, font=pymupdf.Font(fontfile=FONT), fontsize=size
        )
    writer.write_text(page)


@pytest.mark.slow
def test_white_text_on_a_dark_ground_is_read_in_its_place_and_in_order() -> None:
    # a banner with the office's name above the minutes, and a table whose header row is white on dark
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=420)
    white_on_dark(page, pymupdf.Rect(40, 40, 555, 85), [(60, "MĚSTSKÝ ÚŘAD HORNÍ LHOTA - ODBOR ŠKOLSTVÍ")], 16)
    write_lines(page, ["Zápis z jednání komise pro školství dne 12. října 2023"], top=125)
    white_on_dark(page, pymupdf.Rect(50, 160, 545, 182), [(55, "Jméno"), (250, "Funkce"), (420, "Hlasování")], 11)
    for i, row in enumerate([("Jana Dvořáková", "předsedkyně", "pro"), ("Petr Novák", "člen", "proti")]):
        for left, cell in zip((55, 250, 420), row, strict=True):
            write_lines(page, [cell], top=204 + 24 * i, left=left)
    result = ocr_image(rendered(page).convert("L"), ExtractOptions())
    lines = [line for line in result.text.split("\n") if line]
    assert lines[:3] == [
        "MĚSTSKÝ ÚŘAD HORNÍ LHOTA - ODBOR ŠKOLSTVÍ",  # was read in pieces: "… HORNÍ ŠKOLSTVÍ", then "LHOTA ODBOR"
        "Zápis z jednání komise pro školství dne 12. října 2023",
        "Jméno Funkce Hlasování",
    ]
    assert not any("could not be read" in w or "skipped" in w for w in result.warnings)


@pytest.mark.slow
def test_a_scanned_table_of_named_votes_gives_the_vote_of_the_resolution_above_it(tmp_path: Path) -> None:
    votes = [
        ("Jiří Dvořák", "pro"),
        ("Marie Černá", "pro"),
        ("Petr Novotný", "proti"),
        ("Kateřina Šťastná", "zdržela se"),
    ]
    doc = printed(
        [
            "Zápis z jednání zastupitelstva obce dne 14. března 2024",
            "Přítomni: Jiří Dvořák, Marie Černá, Petr Novotný, Kateřina Šťastná",
            "1. Schválení rozpočtu",
            "Zastupitelstvo schvaluje rozpočet obce na rok 2024.",
            "Jmenovité hlasování:",
        ],
        420,
        top=60,
        step=24,
    )
    page = doc[0]
    white_on_dark(page, pymupdf.Rect(50, 190, 400, 212), [(56, "Člen zastupitelstva"), (260, "Hlasování")], 11)
    for i, (name, vote) in enumerate(votes):
        write_lines(page, [name], top=228 + 22 * i, left=56)
        write_lines(page, [vote], top=228 + 22 * i, left=260)
    write_lines(page, ["Výsledek hlasování: pro 2, proti 1, zdržel se 1. Usnesení bylo přijato."], top=330)
    meeting = read_scan(page, tmp_path / "hlasovani.pdf")
    (decision,) = meeting.decisions
    assert decision.text == "Zastupitelstvo schvaluje rozpočet obce na rok 2024."
    assert (decision.votes_for, decision.votes_against, decision.votes_abstained, decision.result) == (
        2,
        1,
        1,
        "přijato",
    )
    expected = {"Jiří Dvořák": "for", "Marie Černá": "for", "Petr Novotný": "against", "Kateřina Šťastná": "abstained"}
    assert {v.person.name: v.vote for v in decision.named_votes} == expected


def test_a_negative_scan_is_read_as_print() -> None:
    doc = printed(["Zápis z jednání výboru dne 3. května 2024", "Zapsal: Jan Novák"], 200, top=60)
    result = ocr_image(ImageOps.invert(rendered(doc[0]).convert("L")), ExtractOptions())
    assert result.text.split("\n\n") == ["Zápis z jednání výboru dne 3. května 2024", "Zapsal: Jan Novák"]


def test_only_dark_blocks_holding_light_text_are_turned() -> None:
    from zapis.readers.ocr.prepare import invert_dark_blocks

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=300)
    write_lines(page, ["Zápis z jednání výboru dne 3. května 2024"], top=40)
    page.draw_rect(pymupdf.Rect(50, 80, 300, 100), color=None, fill=(0, 0, 0))  # a redacted name: nothing in it
    page.draw_circle((450, 170), 50, color=None, fill=(0.1, 0.1, 0.1))  # a round black seal
    page.draw_rect(pymupdf.Rect(50, 200, 330, 230), color=None, fill=(0.15, 0.15, 0.15))  # a banner …
    writer = pymupdf.TextWriter(page.rect, color=(1, 1, 1))
    writer.append((60, 220), "USNESENÍ", font=pymupdf.Font(fontfile=FONT), fontsize=14)  # … with white text
    writer.write_text(page)
    before = np.asarray(rendered(page).convert("L"))
    after = np.asarray(invert_dark_blocks(Image.fromarray(before)))
    changed = np.argwhere(after != before)
    k = 300 / 72
    assert changed.size  # the banner is turned …
    top, left = changed.min(axis=0)
    bottom, right = changed.max(axis=0)
    assert (
        abs(top - 200 * k) <= 2 and abs(bottom - 230 * k) <= 2 and abs(left - 50 * k) <= 2 and abs(right - 330 * k) <= 2
    )
    banner = after[round(205 * k) : round(228 * k), round(52 * k) : round(328 * k)]
    assert (banner > 200).mean() > 0.8  # … its ground to paper, its letters to ink
    assert (banner < 100).mean() > 0.02


def unevenly_lit(image: Image.Image) -> Image.Image:
    """``image`` photographed with the light from the top left: the far corner's paper is half as light."""
    pixels = np.asarray(image, dtype=np.float32)
    yy, xx = np.mgrid[: image.height, : image.width]
    light = 0.5 + 0.5 * (1 - xx / image.width) * (1 - 0.5 * yy / image.height)
    return Image.fromarray(np.clip(pixels * light, 0, 255).astype(np.uint8), "L")


@pytest.mark.slow
def test_a_page_lit_unevenly_is_read_to_its_dark_corner() -> None:
    lines = [
        "Zápis z jednání zastupitelstva obce dne 14. března 2024",
        "Přítomni: Jiří Dvořák, Marie Černá, Petr Novotný, Kateřina Šťastná",
        "Zastupitelstvo schválilo rozpočtové opatření č. 2/2024 ve výši 350 000 Kč.",
        "Hlasování: pro 5, proti 0, zdržel se 0. Usnesení č. 12/2024 bylo přijato.",
    ]
    doc = printed(lines, 300, top=60, step=50)
    result = ocr_image(unevenly_lit(rendered(doc[0]).convert("L")), ExtractOptions())
    assert result.text.split("\n\n") == lines  # one threshold for the page lost the darker half's words


def test_only_paper_lit_unevenly_is_made_even() -> None:
    from zapis.readers.ocr.prepare import even_light

    doc = printed(["Zápis z jednání výboru dne 3. května 2024", "Zapsal: Jan Novák"], 300, top=60)
    even = rendered(doc[0]).convert("L")
    assert even_light(even) is even
    lit = np.asarray(even_light(unevenly_lit(even)), dtype=np.float32)
    paper = lit[np.asarray(even) == 255]
    assert np.percentile(paper, 2) >= 235  # the dark corner's paper is paper again …
    assert (lit[np.asarray(even) < 60] < 120).all()  # … and the print stays dark


def test_a_solid_shape_larger_than_the_print_is_no_word_but_a_bullet_is() -> None:
    from zapis.readers.ocr.words import drop_blobs

    ink = np.zeros((600, 1200), dtype=bool)
    yy, xx = np.mgrid[:600, :1200]
    ink[(yy - 100) ** 2 + (xx - 60) ** 2 <= 45**2] = True  # a punched hole, 90 px across
    ink[(yy - 300) ** 2 + (xx - 60) ** 2 <= 10**2] = True  # a list bullet, 20 px
    ink[400:500:8, 200:800] = True  # a large heading's strokes: an eighth of its box
    line = [
        Word(t, 95.0, 200 + 200 * i, 280, 150, 40, 1, 1, 1) for i, t in enumerate(["Výbor", "schválil", "rozpočet"])
    ]
    for w in line:
        ink[w.top : w.bottom : 3, w.left : w.right] = True
    hole = Word("©", 70.0, 15, 55, 90, 90, 1, 1, 1)
    bullet = Word("•", 80.0, 50, 290, 20, 20, 1, 1, 1)
    heading = Word("ZÁPIS", 90.0, 200, 400, 600, 100, 2, 1, 1)
    assert drop_blobs([hole, bullet, *line, heading], ink) == [bullet, *line, heading]


ATTENDEES = [
    ("Jan Novák", "Obec Lhota", "předseda"),
    ("Marie Dvořáková", "Diakonie ČCE", "členka"),
    ("Petr Černý", "Město Jablonec nad Nisou", "člen"),
    ("Kateřina Šádková", "Fokus Liberec", "host"),
    ("Lukáš Průcha", "Magistrát Liberec", "tajemník"),
    ("Robert Prade", "Člověk v tísni", "člen"),
]


def attendee_table(columns: list[float], ruled: bool, signatures: bool = False) -> pymupdf.Document:
    """Minutes with the attendees in a table: one row a person, a cell per column at ``columns``
    (points from the left); ``ruled``: with the table's lines; ``signatures``: the last column
    signed by hand (pen strokes) instead of printed."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=520)
    write_lines(page, ["Zápis z jednání pracovní skupiny dne 5. června 2024", "Přítomni:"], top=60, step=22)
    writer = pymupdf.TextWriter(page.rect)
    font = pymupdf.Font(fontfile=FONT)
    top, step = 120, 26
    for r, row in enumerate(ATTENDEES):
        y = top + r * step
        cells = row[: len(columns)] if not signatures else row[: len(columns) - 1]
        for x, cell in zip(columns, cells, strict=False):
            writer.append((x, y + 17), cell, font=font, fontsize=11)
        if signatures:
            x = columns[-1]
            page.draw_bezier((x, y + 18), (x + 20, y + 2), (x + 40, y + 24), (x + 75, y + 8), width=1.3)
            page.draw_bezier((x + 10, y + 20), (x + 30, y + 5), (x + 50, y + 15), (x + 65, y + 18), width=1.0)
    writer.write_text(page)
    if ruled:
        bottom = top + len(ATTENDEES) * step
        for r in range(len(ATTENDEES) + 1):
            page.draw_line((45, top + r * step), (550, top + r * step), width=0.8)
        for x in [45, *(c - 8 for c in columns[1:]), 550]:
            page.draw_line((x, top), (x, bottom), width=0.8)
    write_lines(page, ["1. Komunitní plán", "Zapsala: Marie Dvořáková"], top=300, step=22)
    return doc


def page_image(doc: pymupdf.Document) -> Image.Image:
    image = rendered(doc[0]).convert("L")
    image.info["dpi"] = (300, 300)
    return image


@pytest.mark.slow
def test_a_table_without_lines_is_read_row_by_row() -> None:
    from zapis.readers.ocr import Tesseract

    image = page_image(attendee_table([56, 230, 420], ruled=False))
    bare = [w.text for w in Tesseract().read(image, languages="ces", psm=3, timeout=60, dpi=300)]
    assert bare.index("Lhota") > bare.index("Prade")  # Tesseract alone reads it column by column
    lines = ocr_image(image, ExtractOptions()).text.split("\n")
    start = lines.index("Přítomni:") + 2
    assert lines[start : start + len(ATTENDEES)] == [" | ".join(row) for row in ATTENDEES]


@pytest.mark.slow
def test_the_rules_of_a_table_are_not_ink_to_check() -> None:
    image = page_image(attendee_table([56, 230, 420], ruled=True))
    result = ocr_image(image, ExtractOptions())
    for name, _, _ in ATTENDEES:
        assert name in result.text
    assert not any("could not be read as text" in w for w in result.warnings)


@pytest.mark.slow
def test_the_rules_of_a_table_scanned_crooked_are_not_ink_to_check() -> None:
    # straightened, a thin rule still wanders by a pixel or two across the table: short steps
    image = page_image(attendee_table([56, 230, 420], ruled=True))
    crooked = image.rotate(0.6, resample=Image.Resampling.BICUBIC, fillcolor=255)
    crooked.info["dpi"] = (300, 300)
    result = ocr_image(crooked, ExtractOptions())
    for name, _, _ in ATTENDEES:
        assert name in result.text
    assert not any("could not be read as text" in w for w in result.warnings)


@pytest.mark.slow
def test_a_signed_attendance_list_gives_the_attendees(tmp_path: Path) -> None:
    doc = attendee_table([56, 330], ruled=True, signatures=True)
    meeting = extract_meeting(scan_pdf([rendered(doc[0]).convert("L")], tmp_path / "prezencka.pdf"))
    assert [a.name for a in meeting.attendees] == [name for name, _, _ in ATTENDEES]
    assert meeting.recorded_by is not None and meeting.recorded_by.name == "Marie Dvořáková"
    assert not any("Ť" in line for line in meeting.text.split("\n"))  # no signature read as letters


TURNED = [
    "Zápis z jednání finančního výboru dne 21. února 2024",
    "Přítomni: Jana Horáková, Pavel Svoboda, Martin Kučera",
    "Výbor doporučuje zastupitelstvu schválit rozpočtové opatření č. 3/2024.",
    "Hlasování: pro 3, proti 0, zdržel se 0.",
    "Zapsala: Jana Horáková",
]


def turned_minutes(transpose: Image.Transpose) -> Image.Image:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=300)
    write_lines(page, TURNED)
    return rendered(page).convert("L").transpose(transpose)


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_turning_a_page_and_mapping_its_points_back_agree(turn: int) -> None:
    from zapis.readers.ocr.orientation import turned, unturn

    page = Image.new("L", (300, 200), 255)
    page.paste(0, (40, 20, 100, 30))  # a word's box: left, top, right, bottom (pixel edges)
    upright = turned(page, turn)
    box = ImageChops.invert(upright).getbbox()
    assert box is not None
    back = unturn(turn, page.size)
    corners = [back(box[0], box[1]), back(box[2], box[3])]
    xs, ys = sorted(x for x, _ in corners), sorted(y for _, y in corners)
    assert (xs[0], ys[0], xs[1], ys[1]) == (40, 20, 100, 30)


@pytest.mark.slow
def test_a_page_scanned_upside_down_is_read_the_right_way_up(tmp_path: Path) -> None:
    from zapis.pipeline import read_meeting

    scan = scan_pdf([turned_minutes(Image.Transpose.ROTATE_180)], tmp_path / "vzhuru-nohama.pdf")
    reading = read_meeting(scan)
    meeting = reading.meeting
    for line in TURNED:
        assert line in meeting.text
    assert str(meeting.date) == "2024-02-21"
    assert meeting.recorded_by is not None and meeting.recorded_by.name == "Jana Horáková"
    assert any("scanned upside down: read turned by 180°" in w for w in meeting.warnings)
    assert not any("low OCR confidence" in w for w in meeting.warnings)
    # the words keep the page's own coordinates: the title, upside down, is at the bottom right
    (page,) = reading.pages
    start = page.text.index("Zápis")
    (box,) = [w.box for w in page.words if w.start == start]
    assert box[1] > 0.6 * page.size[1] and box[0] > 0.6 * page.size[0]


@pytest.mark.slow
def test_an_image_scanned_sideways_is_read_the_right_way_up(tmp_path: Path) -> None:
    image = turned_minutes(Image.Transpose.ROTATE_90)  # the page lies on its left side
    path = tmp_path / "na-boku.png"
    image.save(path, dpi=(300, 300))
    meeting = extract_meeting(path)
    for line in TURNED:
        assert line in meeting.text
    assert str(meeting.date) == "2024-02-21"
    assert any("scanned sideways: read turned by 90°" in w for w in meeting.warnings)


def _paragraph(text: str, left: int, top: int, width: int = 1800, block: int = 1) -> list[list[Word]]:
    words, x = [], left
    for t in text.split():
        words.append(Word(t, 95.0, x, top, min(width, 30 * len(t)), 40, block, 1, 1))
        x += 30 * len(t) + 20
    return [words]


def test_paragraphs_of_one_column_are_read_top_to_bottom_and_columns_one_after_the_other() -> None:
    from zapis.readers.ocr.words import paragraphs_text, top_to_bottom

    title, present, place = (
        _paragraph("Zápis z jednání", 200, 250),
        _paragraph("Přítomni: Jan", 200, 420),
        _paragraph("Místo: obecní úřad", 200, 340),
    )
    # Tesseract read the block under a logo first
    assert paragraphs_text(top_to_bottom([present, title, place])).split("\n\n") == [
        "Zápis z jednání",
        "Místo: obecní úřad",
        "Přítomni: Jan",
    ]
    # two page columns: the right one is above the left one's end, and stays after it
    left = [_paragraph("levý sloupec", 200, 300 + 100 * i) for i in range(3)]
    right = [_paragraph("pravý sloupec", 1400, 300 + 100 * i) for i in range(3)]
    assert top_to_bottom([*left, *right]) == [*left, *right]


LOGO_PAGE = [
    "Zápis z jednání zastupitelstva obce konaného dne 14. března 2024",
    "Místo konání: zasedací místnost obecního úřadu, začátek v 18:00 hodin",
    "Přítomni: Jiří Dvořák, Marie Černá, Petr Novotný, Kateřina Šťastná, Tomáš Růžička",
    "Omluveni: Zdeněk Kříž, Lucie Pokorná",
    "Starosta obce zahájil jednání a konstatoval, že zastupitelstvo je usnášeníschopné.",
    "Zastupitelstvo schválilo rozpočtové opatření č. 2/2024 ve výši 350 000 Kč.",
]


@pytest.mark.slow
def test_a_dark_logo_beside_the_heading_does_not_put_the_heading_after_the_lines_below(tmp_path: Path) -> None:
    # Tesseract's layout reads the lines under the logo as a block of its own, first; and the
    # háčky of "Šťastná" as a word "ov" of their own
    doc = printed(LOGO_PAGE, 500, top=70, step=21)
    doc[0].draw_rect(pymupdf.Rect(470, 20, 560, 55), color=None, fill=(0.2, 0.2, 0.2))  # the logo, top right
    meeting = read_scan(doc[0], tmp_path / "logo-sken.pdf")
    assert [line for line in meeting.text.split("\n") if line.strip()] == LOGO_PAGE
    assert str(meeting.date) == "2024-03-14"
    assert [a.name for a in meeting.attendees][:2] == ["Jiří Dvořák", "Marie Černá"]


def test_a_tiny_word_on_a_full_size_word_is_a_detached_accent() -> None:
    from zapis.readers.ocr.words import drop_noise

    line = [
        Word(t, 96.0, 200 + 250 * i, 430, 200, 40, 1, 1, 1)
        for i, t in enumerate(["Kateřina", "Šťastná,", "Tomáš", "Růžička"])
    ]
    accents = Word("ov", 64.0, 460, 419, 39, 12, 2, 1, 1)  # over "Šťastná", sure of itself
    footnote = Word("1)", 90.0, 200, 900, 20, 14, 3, 1, 1)  # small print on its own: kept
    assert drop_noise([*line, accents, footnote]) == [*line, footnote]


def signed_by_verifiers() -> Image.Image:
    """Minutes whose verifiers signed in blue beside their printed names: each signature a big
    loopy stroke, twice the print's height."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=300)
    write_lines(page, ["Zápis z jednání kulturní komise dne 7. května 2024", "Zapsala: Eva Malá"], top=50)
    write_lines(page, ["Ověřovatelé: Marie Černá", "Tomáš Růžička"], top=180, step=60)
    rng = np.random.default_rng(4)
    for top in (180, 240):
        points = [(300 + 12 * i, top - 4 + float(rng.uniform(-12, 12))) for i in range(18)]
        page.draw_polyline(points, color=BLUE, width=1.6)
    return rendered(page)


@pytest.mark.slow
def test_signatures_beside_the_verifiers_names_are_not_read_as_words(tmp_path: Path) -> None:
    meeting = extract_meeting(scan_pdf([signed_by_verifiers()], tmp_path / "overeni.pdf"))
    lines = [line for line in meeting.text.split("\n") if line.strip()]
    assert lines[-2:] == ["Ověřovatelé: Marie Černá", "Tomáš Růžička"]
    assert any("could not be read as text (a signature" in w for w in meeting.warnings)
    assert str(meeting.date) == "2024-05-07"


def test_handwriting_beside_print_is_dropped_and_large_print_alone_is_kept() -> None:
    from zapis.readers.ocr.tables import drop_scrawls

    def word(text: str, conf: float, left: int, height: int, line: int) -> Word:
        return Word(text, conf, left, 100 * line, 30 * len(text), height, 1, 1, line)

    names = [word("Marie", 97, 200, 40, 1), word("Černá", 97, 380, 40, 1)]
    signature = [word("AZ", 49, 1100, 108, 1), word("SARA", 40, 1300, 108, 1), word("A", 82, 1600, 108, 1)]
    heading = [word("ZÁPIS", 75, 200, 100, 2)]  # a large heading on its own line, doubted by Tesseract
    body = [word(t, 95, 200 + 250 * i, 40, 3) for i, t in enumerate(["Výbor", "schvaluje", "rozpočet"])]
    assert drop_scrawls([*names, *signature, *heading, *body]) == [*names, *heading, *body]
