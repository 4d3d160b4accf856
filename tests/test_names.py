"""Declined Czech names → the nominative: the dictionary's evidence, the hand rules for what no
dictionary holds, and the ranking of the candidates."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from zapis.lang import explain_reading, read_name, reload_dictionary, surname_lemmas

# (written, gender the context gives, case the context gives, nominative): the forms the issue
# lists, which the hand rules must read without any dictionary
HAND_RULES = [
    ("Němce", "m", "gen", "Němec"),  # -ec with the dropped vowel
    ("Němcem", "m", "ins", "Němec"),
    ("Kadlecovi", "m", "dat", "Kadlec"),
    ("Hájkem", "m", "ins", "Hájek"),  # -ek with the dropped vowel
    ("Kořínkovi", "m", "dat", "Kořínek"),
    ("Procházku", "m", "acc", "Procházka"),  # masculine -a in every case
    ("Procházkovi", "m", "dat", "Procházka"),
    ("Procházkou", "m", "ins", "Procházka"),
    ("Procházko", "m", "voc", "Procházka"),
    ("Kovářem", "m", "ins", "Kovář"),  # soft consonant stem
    ("Dvořákovi", "m", "dat", "Dvořák"),  # hard consonant stem
    ("Šandora", "m", "gen", "Šandor"),
    ("Malé", "f", "gen", "Malá"),  # adjectival
    ("Malou", "f", "ins", "Malá"),
    ("Novotného", "m", "gen", "Novotný"),
    ("Kučerové", "f", "dat", "Kučerová"),  # -ová
    ("Hanzlové", "f", "dat", "Hanzlová"),
]


@pytest.fixture
def without_dictionary(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ZAPIS_HUNSPELL", "none")
    reload_dictionary()
    yield
    monkeypatch.delenv("ZAPIS_HUNSPELL")
    reload_dictionary()


@pytest.mark.parametrize(("written", "gender", "case", "nominative"), HAND_RULES)
def test_hand_rules_read_what_no_dictionary_holds(without_dictionary: None, written, gender, case, nominative):
    best = surname_lemmas(written, gender, case)[0]
    assert best.name == nominative
    assert best.source == "rule" and best.evidence.startswith(f"{written} → {nominative}: rule: ")


@pytest.mark.parametrize(("written", "gender", "case", "nominative"), HAND_RULES)
def test_the_dictionary_reads_the_same_forms(written, gender, case, nominative):
    best = surname_lemmas(written, gender, case)[0]
    assert best.name == nominative
    if nominative != "Kadlec":  # hunspell-cs has Kadlec without endings: the rule reads it
        assert "hunspell-cs entry" in best.evidence, best.evidence


def test_the_gender_the_context_gives_decides():
    assert surname_lemmas("Teplé", "f")[0].name == "Teplá"
    assert [lemma.name for lemma in surname_lemmas("Teplé", "m")][:1] != ["Teplá"]
    assert surname_lemmas("Novákové", "f")[0].name == "Nováková"


def test_names_the_archive_already_has_come_first():
    assert surname_lemmas("Hájkem", "m", "ins")[0].name == "Hájek"  # the common surname
    assert surname_lemmas("Hájkem", "m", "ins", known={"hajko"})[0].name == "Hájko"


@pytest.mark.parametrize(
    ("words", "case", "gender", "name"),
    [
        (["Jakubem", "Otáhalem"], "ins", "m", "Jakub Otáhal"),
        (["Miroslava", "Mouchu"], "acc", None, "Miroslav Moucha"),  # the surname says he is a man
        (["Lence", "Novákové"], "dat", "f", "Lenka Nováková"),
        (["Jany", "Kučerové", "Hanzlové"], "gen", "f", "Jana Kučerová Hanzlová"),
        (["Kučerové", "Hanzlové"], "gen", "f", "Kučerová Hanzlová"),
        (["Horáková", "Jana"], "any", "f", "Horáková"),  # surname first: the surname alone
    ],
)
def test_whole_names_are_read_with_first_name_and_surname_agreeing(words, case, gender, name):
    reading = read_name(words, case, gender)
    assert reading is not None and reading.name == name


def test_a_reading_is_explained_word_by_word():
    line = explain_reading("panem Jakubem Otáhalem", "Jakub Otáhal")
    assert line == (
        "„panem Jakubem Otáhalem“ read as Jakub Otáhal: Jakubem → Jakub: hunspell-cs entry Jakub/PV, ending -em "
        "of rule P; first-name list; Otáhalem → Otáhal: hunspell-cs entry Otáhal/PV, ending -em of rule P"
    )
    assert explain_reading("p. Zápotocká", "Zápotocká") is None  # nothing was declined
