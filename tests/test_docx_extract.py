"""DOCX: paragraphs, automatic numbering, bullets, tables, header and footer, links."""

import zipfile

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from zapis.errors import CorruptFileError, TooLargeError
from zapis.readers import extract


def _add_hyperlink(paragraph, url: str, text: str) -> None:
    part = paragraph.part
    r_id = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


@pytest.fixture
def minutes_docx(tmp_path):
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "KOMUNITNÍ PLÁNOVÁNÍ SOCIÁLNÍCH SLUŽEB"
    d.sections[0].footer.paragraphs[0].text = "Stránka zápisu"
    d.add_paragraph("Zápis z jednání komise sociální")
    d.add_paragraph("Program:")
    d.add_paragraph("Zahájení", style="List Number")
    d.add_paragraph("Různé", style="List Number")
    d.add_paragraph("Podněty členů", style="List Bullet")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Jana Nováková"
    table.cell(0, 1).text = "Naděje"
    table.cell(1, 0).text = "Petr Svoboda"
    table.cell(1, 1).text = "MML"
    p = d.add_paragraph("Více na ")
    _add_hyperlink(p, "https://www.liberec.cz/kp", "stránkách města")
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("Zpracovala: Jana Nováková")
    path = tmp_path / "zapis.docx"
    d.save(path)
    return path


def test_docx_reading_order_numbers_tables_links(minutes_docx):
    doc = extract(minutes_docx)
    assert doc.method == "docx" and len(doc.pages) == 2
    lines = doc.pages[0].text.split("\n")
    assert lines[0] == "KOMUNITNÍ PLÁNOVÁNÍ SOCIÁLNÍCH SLUŽEB"  # header first
    assert "1. Zahájení" in lines and "2. Různé" in lines  # Word's automatic numbers rendered
    assert "- Podněty členů" in lines
    assert "Jana Nováková | Naděje" in lines
    assert lines[-1] == "Stránka zápisu"  # footer last
    assert "Více na stránkách města" in lines
    assert doc.links == ["https://www.liberec.cz/kp"]
    assert "Zpracovala: Jana Nováková" in doc.pages[1].text


def test_corrupt_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(CorruptFileError, match="corrupt DOCX"):
        extract(path)


def test_docx_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\x00" * (400 * 1024 * 1024))
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(TooLargeError, match="zip bomb"):
        extract(path)
