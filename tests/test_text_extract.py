"""Text and Markdown files: encodings of old Czech files, Markdown markup, format detection."""

import pytest

from zapis.errors import CorruptFileError, EmptyFileError, UnsupportedFormatError
from zapis.readers import extract
from zapis.readers.text import decode_text, strip_markdown

CZECH = "Šárka Šťastná a Žaneta Žižková: šťáva, žluť. Ťukání. Příliš žluťoučký kůň úpěl ďábelské ódy."


@pytest.mark.parametrize("encoding", ["cp1250", "iso-8859-2"])
def test_czech_8bit_encodings_are_told_apart(encoding):
    # The two encodings differ exactly on Š Ť Ž š ť ž: a wrong guess would garble them.
    text, used, _ = decode_text(CZECH.encode(encoding))
    assert used == encoding
    assert text == CZECH


def test_cp1250_without_the_distinguishing_letters_still_reads_czech():
    plain = "Přítomni: Lukáš Průcha, Radek Kovář. Zapsal: Jan Dvořák"
    text, _, _ = decode_text(plain.encode("cp1250"))
    assert text == plain


def test_utf8_with_bom_and_utf16():
    assert decode_text("\ufeffZápis".encode("utf-8"))[0] == "Zápis"
    assert decode_text("Zápis ze schůze".encode("utf-16"))[0] == "Zápis ze schůze"


def test_strip_markdown_keeps_text_and_links():
    md = (
        "---\nnázev: Zasedání výboru\nplatnost: 2013-05-11\n---\n\n"
        "## Usnesení\n\n* Informace jsou na [stránkách MML](https://www.liberec.cz/dotace).\n"
        "Potkáme se **v Salonu Heinrich** a *brzy*. Viz [odkaz](#kotva)."
    )
    text, links = strip_markdown(md)
    assert "**" not in text and "[" not in text and "##" not in text
    assert "- Informace jsou na stránkách MML." in text
    assert "Potkáme se v Salonu Heinrich a brzy." in text
    assert "název: Zasedání výboru" in text  # front matter content is kept, fences are not
    assert links == ["https://www.liberec.cz/dotace"]


def test_extract_txt_in_cp1250(tmp_path):
    path = tmp_path / "zapis.txt"
    path.write_bytes("Zápis ze schůze výboru\nPřítomni: Šárka Žižková".encode("cp1250"))
    doc = extract(path)
    assert doc.pages[0].text.endswith("Šárka Žižková")
    assert doc.method == "text"
    assert any("cp1250" in w for w in doc.warnings)


def test_empty_and_unsupported_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFileError, match="empty file"):
        extract(empty)
    gif = tmp_path / "obrazek.gif"
    gif.write_bytes(b"GIF89a" + b"\x00" * 100)
    with pytest.raises(UnsupportedFormatError, match="GIF"):
        extract(gif)
    binary = tmp_path / "data.bin"
    binary.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(UnsupportedFormatError, match=r"unsupported format '\.bin'"):
        extract(binary)


def test_pdf_name_with_other_bytes_is_corrupt(tmp_path):
    fake = tmp_path / "zapis.pdf"
    fake.write_text("this is not a PDF at all", encoding="utf-8")
    with pytest.raises(CorruptFileError, match="not a valid PDF"):
        extract(fake)
