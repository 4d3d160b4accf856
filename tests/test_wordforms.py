"""Forms of Czech words for search, from the system's Czech Hunspell dictionary (hunspell-cs)."""

from __future__ import annotations

import pytest

from zapis.lang import reload_dictionary, word_forms


def test_the_basic_form_and_any_form_give_every_form():
    forms = word_forms("rozpočet")
    assert {"rozpocet", "rozpoctu", "rozpoctem", "rozpocty", "rozpoctech"} <= forms
    assert word_forms("rozpočtu") == forms == word_forms("ROZPOČTEM") == word_forms("rozpocet")
    assert {"luzko", "luzka", "luzku", "luzkem", "luzek"} <= word_forms("lůžka")
    assert {"krizovy", "krizove", "krizoveho", "krizovemu", "krizovou"} <= word_forms("krizového")
    assert {"novak", "novaka", "novakovi", "novakem"} <= word_forms("Novákovi")  # names too


def test_diacritics_typed_narrow_the_words_a_form_can_be():
    assert "plala" not in word_forms("plán")  # plán is a noun here, not a form of the verb plát
    assert {"plan", "planu", "plany"} <= word_forms("plan")


def test_unknown_words_and_no_dictionary_leave_the_word_as_typed(monkeypatch: pytest.MonkeyPatch):
    assert word_forms("xqzzy") == {"xqzzy"}
    assert word_forms("covid-19") == {"covid-19"}
    monkeypatch.setenv("ZAPIS_HUNSPELL", "none")
    reload_dictionary()
    try:
        assert word_forms("rozpočet") == {"rozpocet"}
    finally:
        monkeypatch.delenv("ZAPIS_HUNSPELL")
        reload_dictionary()
    assert "rozpoctu" in word_forms("rozpočet")
