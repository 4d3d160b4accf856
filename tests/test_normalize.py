"""Text cleanup: each fix on the symptom it exists for."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zapis.document import Page
from zapis.normalize import normalize_pages, normalize_text
from zapis.normalize.chars import (
    clean_chars,
    fix_bullets,
    fix_doubled_chars,
    fix_letter_spacing,
    fix_soft_hyphens,
    fix_spacing_accents,
)
from zapis.normalize.pages import is_page_number, remove_page_furniture
from zapis.normalize.reflow import join_wrapped_lines


def test_decomposed_diacritics_become_nfc():
    decomposed = unicodedata.normalize("NFD", "Řeháčková, Šádková, září")
    assert clean_chars(decomposed) == "Řeháčková, Šádková, září"


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [("pˇríliš", "příliš"), ("Šandor a ˇcesky", "Šandor a česky"), ("Pr˚ucha", "Průcha"), ("Kol´a", "Kolá")],
)
def test_spacing_accents_join_their_letter(broken, fixed):
    assert fix_spacing_accents(broken) == fixed


def test_ligatures_and_odd_spaces():
    assert clean_chars("ﬁnanční\u00a0výbor\u200b") == "finanční výbor"


def test_soft_hyphens():
    assert fix_soft_hyphens("slo\u00ad\nvo") == "slovo"
    assert fix_soft_hyphens("ko\u00admise") == "komise"
    # between spaces a soft hyphen stands for a dash (web exports)
    assert fix_soft_hyphens("Petr Vileta \u00ad spořící účet") == "Petr Vileta – spořící účet"


def test_fake_bold_doubling_is_undone_only_on_doubled_lines():
    assert fix_doubled_chars("ZZÁÁPPIISS  zz  jjeeddnnáánníí") == "ZÁPIS z jednání"
    assert fix_doubled_chars("Jiří Pokorný, č. 1100, Oddělení") == "Jiří Pokorný, č. 1100, Oddělení"
    assert fix_doubled_chars("xxxxxxxxxxxxxxxx") == "xxxxxxxxxxxxxxxx"  # a filler, not a word


@pytest.mark.parametrize(
    ("spaced", "joined"),
    [
        ("S L U Ž E B", "SLUŽEB"),
        ("P r o g r a m:", "Program:"),
        ("K O M U N I T N Í   P L Á N O V Á N Í", "KOMUNITNÍ PLÁNOVÁNÍ"),
        ("Z Á P I S z 38. schůze", "ZÁPIS z 38. schůze"),
        ("šli jsme a v i k nim", "šli jsme a v i k nim"),  # one-letter Czech words stay
        ("b e r e n a v ě d o m í", "bere na vědomí"),  # a phrase spaced as one run gets its spaces back
        ("B E R E N A V Ě D O M Í", "BERE NA VĚDOMÍ"),
    ],
)
def test_letter_spacing(spaced, joined):
    assert fix_letter_spacing(spaced) == joined


def test_bullets_become_list_items():
    text = "• první\n\uf0a7 druhá\no Chybí péče\no problému se mluvilo"
    assert fix_bullets(text).split("\n") == ["- první", "- druhá", "- Chybí péče", "o problému se mluvilo"]


def test_hyphenation_at_line_end():
    wrapped = (
        "Proběhla diskuse ohledně komunikace nemocnice a sociálních služeb, které mají společné kli-\n"
        "enty, a o situaci ve městě Frýdek-\n"
        "Místek a v okolí, kde je nedostatek kapacit v sociálních službách a chybí prostory pro\n"
        "řešení některých cílových skupin; tento problém je znám již mnoho let a dosud neřešen."
    )
    out = join_wrapped_lines(wrapped)
    assert "společné klienty" in out
    assert "Frýdek-Místek" in out
    assert "prostory pro řešení" in out


def test_wrapped_names_list_rejoins_across_blank_line():
    text = "Přítomni: Lukáš Průcha, Robert Prade, Kateřina Šádková,\n\nJan Kovář, Radek Šandor\n\nPráce pokračuje."
    out = normalize_text(text).split("\n")
    assert out[0] == "Přítomni: Lukáš Průcha, Robert Prade, Kateřina Šádková, Jan Kovář, Radek Šandor"


def test_labels_and_list_items_are_not_joined():
    text = "Program:\n1. Zahájení\n2. Různé\nZapsal: Jan Novák"
    assert normalize_text(text).split("\n") == ["Program:", "1. Zahájení", "2. Různé", "Zapsal: Jan Novák"]


@pytest.mark.parametrize("line", ["3", "- 3 -", "Strana 3", "strana 3 z 8", "3/8", "Page 2 of 5"])
def test_page_numbers(line):
    assert is_page_number(line)


def test_repeated_header_kept_once_footer_and_numbers_removed():
    pages = [
        "KOMUNITNÍ PLÁNOVÁNÍ\nZápis z jednání\nText první strany\nValná hromada – 30.1.2025 / Strana 1",
        "KOMUNITNÍ PLÁNOVÁNÍ\nPokračování textu\nValná hromada – 30.1.2025 / Strana 2",
        "KOMUNITNÍ PLÁNOVÁNÍ\nKonec zápisu\n3",
    ]
    out = remove_page_furniture(pages)
    joined = "\n".join(out)
    assert joined.count("KOMUNITNÍ PLÁNOVÁNÍ") == 1
    assert "Strana" not in joined
    assert "Konec zápisu" in out[2] and not out[2].rstrip().endswith("3")


def test_normalize_pages_remembers_page_starts():
    pages = [
        Page(1, "Zápis z jednání\nPrvní strana.", "text-layer", "pymupdf"),
        Page(2, "Druhá strana začíná zde.", "text-layer", "pymupdf"),
    ]
    norm = normalize_pages(pages)
    lines = norm.text.split("\n")
    second = next(i for i, ln in enumerate(lines) if "Druhá strana" in ln)
    assert norm.page_of_line(second) == 2
    assert norm.page_of_line(0) == 1


def test_ocr_case_errors_in_listed_abbreviations_are_restored():
    from zapis.normalize.ocr_text import restore_known_spellings

    assert restore_known_spellings("13:30 hod, – ČVT a BKB, cvt") == "13:30 hod, – ČvT a BKB, cvt"
    assert restore_known_spellings("ČVUT a ČVTS") == "ČVUT a ČVTS"  # other words stay


_ENDINGS = st.text(
    alphabet=st.sampled_from(["a", "ž", "1", "-", ".", ":", "!", " ", "\n", "\t", "\u00a0", "_"]), max_size=12
)


@settings(max_examples=500, deadline=None)
@given(_ENDINGS, _ENDINGS)
def test_line_ends_are_judged_as_by_a_search_of_the_whole_line(head: str, tail: str):
    from zapis.normalize import reflow

    text = head + tail
    assert reflow._ends_sentence(text) == (reflow._SENTENCE_END.search(text) is not None)
    assert reflow._ends_hyphenated(text) == (reflow._HYPHEN_END.search(text) is not None)


def test_a_long_paragraph_still_joins_its_wrapped_lines():
    # the paragraph joined so far grows line by line: its end is all that is looked at
    lines = [f"slovo{k} a další slova na řádku, který pokračuje dál a dál až k okraji stránky" for k in range(40)]
    text = "\n".join([*lines[:-1], lines[-1] + " pracov-", "níků bylo dost.", "", "Nový odstavec."])
    joined = join_wrapped_lines(text).split("\n")
    assert joined[0].endswith("stránky pracovníků bylo dost.") and joined[0].startswith("slovo0 ")
    assert joined[1:] == ["", "Nový odstavec."]


@pytest.mark.parametrize("text", ["• Zahájení\n\uf0b7 Program\n  ▪ Různé", "Bez odrážek\no Zimní stadion\n"])
def test_bullets_become_dashes_with_or_without_glyphs(text: str):
    cleaned = fix_bullets(text)
    assert all(
        not line.strip() or line.lstrip().startswith("- ") or line == "Bez odrážek" for line in cleaned.split("\n")
    )
