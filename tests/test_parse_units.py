"""The parser's small pieces, each on the Czech forms it must read."""

import datetime as dt

import pytest

from zapis.lang import clean_name, nominative_first_name, nominative_surname
from zapis.parse.agenda import collect_agenda, split_inline
from zapis.parse.body_name import body_from_heading, body_from_title
from zapis.parse.dates import find_dates, find_times
from zapis.parse.labels import match_label, split_inline_labels
from zapis.parse.mentions import find_mentions
from zapis.parse.people import collect_people
from zapis.parse.sentences import excused_in_sentences, recorders_in_sentences


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("19. září 2022, 13:00 hod", "2022-09-19"),
        ("23. 5. 2022", "2022-05-23"),
        ("12.10.2023", "2023-10-12"),
        ("schůze 1.12 2018", "2018-12-01"),
        ("dne 13. 06. 2012", "2012-06-13"),
        ("Středa 21. ledna 2009", "2009-01-21"),
        ("platnost: 2013-05-11", "2013-05-11"),
    ],
)
def test_dates(text, iso):
    assert find_dates(text)[0].date.isoformat() == iso


def test_dates_without_year_follow_the_meeting():
    ref = dt.date(2024, 3, 18)
    found = find_dates("Od 2.4. do 16.4. je možné podávat žádosti", reference=ref)
    assert [d.date.isoformat() for d in found] == ["2024-04-02", "2024-04-16"]
    assert all(d.year_inferred for d in found)
    assert find_dates("kapacita 12.5 osob, (z 5/2024), rok 2023-2027, cca 6.000 Kč", reference=ref) == []


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("13:00 hod", "13:00"),
        ("v 13.30 hod.", "13:30"),
        ("od 14 h", "14:00"),
        ("od 18 hodin", "18:00"),
        ("od 16.oo", "16:00"),
        ("od 18,00 hod", "18:00"),
        ("Zahájení: 17.00", "17:00"),
        ("Datum: 2.6.2025 18.55", "18:55"),
    ],
)
def test_times(text, time):
    assert find_times(text)[0].time == time


def test_no_time_in_plain_numbers():
    assert find_times("kapacita 14.5 lůžka, 3.4 mil. Kč") == []


@pytest.mark.parametrize(
    ("raw", "name", "org", "role"),
    [
        ("Mgr. Jana Nováková (Naděje)", "Jana Nováková", "Naděje", None),
        ("RNDr. Josef Šilha, Csc.", "Josef Šilha", None, None),
        ("pí. řed. Mgr. Hradská", "Hradská", None, None),
        ("Ottmarová Dana", "Dana Ottmarová", None, None),
        ("M. Bulirschová – ředitelka ZŠ", "M. Bulirschová", None, "ředitelka ZŠ"),
        ("p.Jirásek", "Jirásek", None, None),
        ("P. Ješina", "P. Ješina", None, None),
        ("PhDr. Mgr. Vítězslav Štefl Ph.D.", "Vítězslav Štefl", None, None),
        ("p. Vykysalý 6. A", "Vykysalý", None, None),
        ("Bílková", "Bílková", None, None),
    ],
)
def test_clean_name(raw, name, org, role):
    clean = clean_name(raw)
    assert clean is not None
    assert (clean.name, clean.organization, clean.role) == (name, org, role)


@pytest.mark.parametrize("raw", ["viz prezenční listina", "Vedení ZŠ", "pp.", "dle prezenční listiny", "MML"])
def test_not_a_name(raw):
    assert clean_name(raw) is None


@pytest.mark.parametrize(
    ("word", "case", "nominative"),
    [
        ("Teplé", "any", "Teplá"),
        ("Teplou", "any", "Teplá"),
        ("Horákové", "gen", "Horáková"),
        ("Šandora", "gen", "Šandor"),
        ("Šandorem", "ins", "Šandor"),
        ("Jirotkovi", "dat", "Jirotka"),
        ("Jirotko", "voc", "Jirotka"),
        ("Jirotky", "gen", "Jirotka"),
        ("Suchého", "acc", "Suchý"),
        ("Mouchu", "acc", "Moucha"),
        ("Tomanovou", "acc", "Tomanová"),
    ],
)
def test_surname_nominative(word, case, nominative):
    assert nominative_surname(word, case)[0] == nominative


def test_first_name_nominative():
    assert nominative_first_name("Pavla", "acc")[0] == "Pavel"
    assert nominative_first_name("Marcelu", "acc")[0] == "Marcela"
    assert nominative_first_name("Jiřího", "acc")[0] == "Jiří"


def test_mentions_in_running_text():
    text = (
        "Paní Horáková z Fokusu nabídla spolupráci. Odpověď přišla od paní Teplé. "
        "Pan Jirotka za město. Jednali jsme s panem Šandorem. Shrnutí – p. Hrubá. "
        "Vyšetření s p. doktorem naplánují."
    )
    found = [(m.name, m.organization) for m in find_mentions(text)]
    assert found == [
        ("Horáková", "Fokusu"),
        ("Teplá", None),
        ("Jirotka", None),
        ("Šandor", None),
        ("Hrubá", None),
    ]


@pytest.mark.parametrize(
    ("line", "field", "rest"),
    [
        ("Přítomni: Lukáš Průcha, Robert Prade", "attendees", "Lukáš Průcha, Robert Prade"),
        ("Přítomní hosté: Ing. Antonín Weinert", "guests", "Ing. Antonín Weinert"),
        ("Omluveni : p. Martin Vetchý", "excused", "p. Martin Vetchý"),
        ("Nepřítomen: pan Hukal", "absent", "pan Hukal"),
        ("Témata setkání:", "agenda", ""),
        ("Body programu", "agenda", ""),
        ("Zapsala M. Petřinová – 4.11.2015", "recorded_by", "M. Petřinová – 4.11.2015"),
        ("Zpracoval: Lukáš Průcha", "recorded_by", "Lukáš Průcha"),
        ("Ověřovatelé zápisu: Jan Novák", "verified_by", "Jan Novák"),
        ("Datum: 2.6.2025 18.55", "date", "2.6.2025 18.55"),
    ],
)
def test_labels(line, field, rest):
    label = match_label(line)
    assert label is not None and (label.field, label.rest) == (field, rest)


def test_not_labels():
    for line in ("Zápis z jednání komise", "Pro: anicka, krtek", "Práce na plánu se posunuly dál."):
        assert match_label(line) is None


def test_run_on_labels_are_split():
    line = "Přítomni poslanci: J. Bürgermeister, J. Valouch, Omluveni poslanci: R. Dušek Hosté: dle prezenční listiny"
    assert split_inline_labels(line) == [
        "Přítomni poslanci: J. Bürgermeister, J. Valouch,",
        "Omluveni poslanci: R. Dušek",
        "Hosté: dle prezenční listiny",
    ]


def test_people_list_with_group_headings_and_roles():
    lines = [
        "Přítomni:", "", "Vedení ZŠ", "M. Bulirschová – ředitelka ZŠ", "K. Peterková – zástupkyně", "",
        "Výbor SRPŠ", "Markéta Petřinová", "Renáta Herianová – telefonicky", "",
        "Omluveny: Margita Losová, Alice Holá", "1. INFORMACE ZE ZŠ – rodiče dostanou informace",
    ]  # fmt: skip
    people, last = collect_people(lines, 0, "", "attendees")
    assert [p.name for p in people] == [
        "M. Bulirschová",
        "K. Peterková",
        "Markéta Petřinová",
        "Renáta Herianová",
    ]
    assert lines[last] == "Renáta Herianová – telefonicky"


def test_people_list_by_reference_only_is_empty():
    assert collect_people(["Přítomni: viz prezenční listina", "Text"], 0, "viz prezenční listina")[0] == []


def test_people_in_sentences():
    line = (
        "Omluvil Ing. Miroslava Mouchu a pana Pavla Kurku. "
        "Zapisovateli určil Ing. Jana Houšku a paní Marcelu Tomanovou."
    )
    assert [n for n, _, _ in excused_in_sentences([line])] == ["Miroslav Moucha", "Pavel Kurka"]
    assert [n for n, _, _ in recorders_in_sentences([line])] == ["Jan Houška", "Marcela Tomanová"]
    passive = "Zapisovatelem byl určen František Štross, ověřovatelem Viktor Novotný."
    assert [n for n, _, _ in recorders_in_sentences([passive])] == ["František Štross"]


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Zápis z jednání stavební komise, konané dne 13. 3. 2017", "Stavební komise"),
        ("Zápis ze schůze osadního výboru osady Okrouhlík ze dne 1.12.2018", "Osadní výbor osady Okrouhlík"),
        ("Zápis z mimořádného jednání Školské rady 17. 12. 2012", "Školská rada"),
        ("Zápis ze zasedání Akademického senátu 1. LF UK dne 3. 4. 2017", "Akademický senát 1. LF UK"),
        ("Pracovní setkání skupiny pro seniory.", "Pracovní skupina pro seniory"),
        ("Zápis ze zasedání FV ze dne 6.12.2006", "FV"),
    ],
)
def test_body_from_title(title, body):
    assert body_from_title(title) == body


def test_body_from_heading():
    assert body_from_heading("Rada Base48 5/2025") == "Rada Base48"
    assert (
        body_from_heading("Pracovní skupina pro zdravotně znevýhodněné")
        == "Pracovní skupina pro zdravotně znevýhodněné"
    )
    assert body_from_heading("Práce na novém komunitním plánu se posunuly dál.") is None


def test_agenda_blocks():
    lines = [
        "Program:",
        "1. Zahájení",
        "30 min – Jan Novák",
        "2. Kontrola úkolů",
        "",
        "3. Různé",
        "",
        "Text zápisu.",
    ]
    items, last = collect_agenda(lines, 0, "")
    assert items == ["Zahájení", "Kontrola úkolů", "Různé"] and last == 5
    assert split_inline("1. zahájení 2. ČOV Velké Březno 3. Různé 4. diskuze ČOV Velké Březno Starosta") == [
        "zahájení", "ČOV Velké Březno", "Různé", "diskuze"
    ]  # fmt: skip
    items, _ = collect_agenda(["Program: 1) finance 2) zápis do 1. tříd 3) závěr"], 0,
                              "1) finance 2) zápis do 1. tříd 3) závěr")  # fmt: skip
    assert items == ["finance", "zápis do 1. tříd", "závěr"]


def test_name_with_several_trailing_notes_terminates():
    # regression: a role already found made the note-stripping loop spin forever
    clean = clean_name("Mira Kmínek (republikový výbor) online telefonicky")
    assert clean is not None and clean.name == "Mira Kmínek"
    assert clean_name("Jan Novák předseda místopředseda").name == "Jan Novák"
    assert clean_name("Úvodní slovo") is None  # a heading, not a surname with a note
