"""The shapes minutes share, each in a few invented variants (none copied from a corpus).

Each test names a shape; the corpora measure how general the rules are, these tests pin the
rules down.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from zapis.document import Page
from zapis.normalize import normalize_pages
from zapis.parse import parse_meeting
from zapis.parse.numbering import item_number
from zapis.pipeline import extract_meetings
from zapis.readers.html import html_to_text


def parse(text: str):  # type: ignore[no-untyped-def]
    return parse_meeting(normalize_pages([Page(1, text, "text", "test")]).text)


def names(people: list) -> list[str]:  # type: ignore[type-arg]
    return [p.name for p in people]


# --- titles --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ZÁPIS\n\nz 3. zasedání Zastupitelstva obce Horní Ves konaného dne 4. května 2021\n\nPřítomni: Jan Novák",
        "Zápis č. 7/2021\n\nz jednání Zastupitelstva obce Horní Ves konaného dne 4. 5. 2021\n\nPřítomni: Jan Novák",
        "ZÁPIS Z JEDNÁNÍ\nZASTUPITELSTVA OBCE HORNÍ VES\n4. KVĚTNA 2021\n\nPřítomni: Jan Novák",
        "Zápis\n\n12. zasedání Zastupitelstva obce Horní Ves konaného dne 4. 5. 2021\n\nPřítomni: Jan Novák",
        "Zápis. z 12. zasedání Zastupitelstva obce Horní Ves, které se konalo 4. 5. 2021\nPřítomni: Jan Novák",
    ],
)
def test_a_title_broken_over_lines_names_body_and_date(text: str) -> None:
    fields = parse(text).fields
    assert fields.body == "Zastupitelstvo obce Horní Ves"
    assert fields.date == dt.date(2021, 5, 4)


def test_the_title_that_names_a_meeting_wins_over_a_sentence_about_the_minutes() -> None:
    text = (
        "Úřední deska\n\nZápis z výboru si můžete stáhnout v příloze.\n\n"
        "Zápis č. 2 z jednání kontrolního výboru konaného dne 8. 3. 2022\n\nPřítomni: Eva Malá, Petr Veselý"
    )
    assert parse(text).fields.body == "Kontrolní výbor"


def test_dates_above_the_title_are_a_web_pages_news() -> None:
    text = (
        "Aktuality\n\nSvoz odpadu 12. 1. 2023 přesunut.\n\n"
        "Zápis z jednání rady obce dne 19. 1. 2023\n\nPřítomni: Jan Novák"
    )
    assert parse(text).fields.date == dt.date(2023, 1, 19)


def test_a_members_meeting_is_the_body_that_meets() -> None:
    text = "Zápis z členské schůze dne 14. 3. 2023\n\nPřítomni: Jan Novák, Eva Malá\n\n1. Zahájení"
    assert parse(text).fields.body == "Členská schůze"


def test_words_about_the_moment_are_not_the_body() -> None:
    text = "Zápis z ustavujícího zasedání nově zvoleného obecního zastupitelstva obce Lhotka dne 2. 11. 2022"
    assert parse(text + "\nPřítomni: Jan Novák").fields.body == "Obecní zastupitelstvo obce Lhotka"


# --- dates and times -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "date"),
    [("dne 09-03-2022", dt.date(2022, 3, 9)), ("ve dnech 25. – 26. 11. 2016", dt.date(2016, 11, 25)),
     ("konaného 4. a 5. 6. 2021", dt.date(2021, 6, 4))],
)  # fmt: skip
def test_dates_with_hyphens_and_over_two_days(written: str, date: dt.date) -> None:
    assert parse(f"Zápis z jednání výboru {written}\nPřítomni: Jan Novák").fields.date == date


def test_the_actual_opening_wins_over_the_time_called() -> None:
    text = (
        "Zápis z jednání zastupitelstva obce Lhotka konaného dne 3. 3. 2022 od 18.00 hodin\n"
        "Přítomni: Jan Novák, Eva Malá\n"
        "Starosta obce zahájil ve 18.15 hodin jednání a přivítal přítomné."
    )
    assert parse(text).fields.start_time == "18:15"


def test_an_opening_time_may_come_before_its_verb() -> None:
    text = "Zápis z jednání komise dne 3. 3. 2022\nV 16:30 hod. přivítal přítomné a jednání komise zahájil předseda."
    assert parse(text + "\nPřítomni: Jan Novák").fields.start_time == "16:30"


def test_a_publication_stamp_and_a_form_placeholder_are_no_start_time() -> None:
    text = "ZÁPIS ZE SCHŮZE VÝBORU 3.3.2022\n\n07.03.2022 20:41\n\nDne: XX.YY.2022 od 00:00h\n\nPřítomni: Jan Novák"
    assert parse(text).fields.start_time is None


def test_the_end_is_read_from_a_label_or_a_sentence() -> None:
    base = "Zápis z jednání komise dne 3. 3. 2022\nPřítomni: Jan Novák\n"
    assert parse(base + "Konec jednání: 19.40 hod.").fields.end_time == "19:40"
    assert parse(base + "Předseda ukončil jednání v 19:40 hodin.").fields.end_time == "19:40"


# --- places --------------------------------------------------------------------------------


def test_the_place_after_the_meeting_date() -> None:
    text = "Zápis\n\nz jednání zastupitelstva obce Lhotka\n\nkonaného dne 3. 3. 2022 v Hasičské zbrojnici od 18 hodin"
    assert parse(text + "\n\nPřítomni: Jan Novák").fields.location == "Hasičská zbrojnice"  # in the nominative


def test_a_clause_after_the_date_is_no_place() -> None:
    text = "Zápis z jednání rady obce Lhotka, konaného dne 3. 3. 2022, vyhotovený podle § 95 zákona o obcích"
    assert parse(text + "\nPřítomni: Jan Novák").fields.location is None


# --- people --------------------------------------------------------------------------------


def test_roles_given_in_sentences() -> None:
    text = (
        "Zápis z jednání zastupitelstva obce Lhotka dne 3. 3. 2022\nPřítomni: Jan Novák, Eva Malá, Petr Veselý\n"
        "Předsedající určil ověřovateli zápisu zastupitele Petra Veselého a zastupitelku Evu Malou "
        "a zapisovatelem zastupitele Jana Nováka."
    )
    p = parse(text)
    assert names(p.fields.verified_by) == ["Petr Veselý", "Eva Malá"]
    assert p.fields.recorded_by is not None and p.fields.recorded_by.name == "Jan Novák"


def test_the_second_role_shares_the_first_ones_verb() -> None:
    text = "Zápis z jednání výboru dne 3. 3. 2022\nZapisovatelkou byla určena Eva Malá, ověřovatelem Jan Novák."
    p = parse(text)
    assert p.fields.recorded_by is not None and p.fields.recorded_by.name == "Eva Malá"
    assert names(p.fields.verified_by) == ["Jan Novák"]


def test_a_role_in_a_programme_names_nobody() -> None:
    text = "Zápis z jednání výboru dne 3. 3. 2022\nProgram:\n1. Určení zapisovatele a ověřovatelů zápisu\n2. Různé"
    assert parse(text).fields.recorded_by is None


def test_surnames_with_initials_after_them() -> None:
    text = "Zápis z jednání komise dne 3. 3. 2022\nPřítomni: Malá E., Veselý P., Novák J\nOmluven: Dlouhý Fr."
    p = parse(text)
    assert names(p.fields.attendees) == ["E. Malá", "P. Veselý", "J. Novák"]
    assert names(p.fields.excused) == ["Fr. Dlouhý"]


def test_a_count_first_and_the_members_by_group_below() -> None:
    text = (
        "Přítomno: 5 členů rady\n- za obec: Jan Novák, Eva Malá\n- za rodiče: Petr Veselý, Jana Dlouhá\n"
        "- omluveni: Karel Krátký\n"
    )
    p = parse("Zápis z jednání školské rady dne 3. 3. 2022\n" + text)
    assert names(p.fields.attendees) == ["Jan Novák", "Eva Malá", "Petr Veselý", "Jana Dlouhá"]
    assert names(p.fields.excused) == ["Karel Krátký"]


def test_lower_case_labels_are_lines_of_their_own() -> None:
    text = (
        "Zápis z jednání zastupitelstva dne 3. 3. 2022 v sále obecního úřadu od 18 hodin\n\n"
        "omluveni : p. Novák, p. Malá\n\nneomluveni : p. Dlouhý\n"
    )
    p = parse(text)
    assert names(p.fields.excused) == ["Novák", "Malá"]
    assert names(p.fields.absent) == ["Dlouhý"]


def test_a_lost_line_break_between_a_word_and_a_label() -> None:
    text = "Zápis z jednání výboru dne 3. 3. 2022 od 17 hodinPřítomni: Jan Novák, Eva Malá"
    assert names(parse(text).fields.attendees) == ["Jan Novák", "Eva Malá"]


def test_a_lost_break_inside_a_wrapped_paragraph_keeps_the_wrap() -> None:
    wide = "Slovo " * 12
    lines = [f"{wide}{k}." for k in range(6)]
    lines[2] = f"{wide}hotovoDalší odstavec začíná zde a pokračuje"
    lines[3] = "na dalším řádku až do konce věty."
    text = normalize_pages([Page(1, "\n".join(lines), "text", "test")]).text.split("\n")
    assert f"{wide}hotovo".strip() in text
    assert "Další odstavec začíná zde a pokračuje na dalším řádku až do konce věty." in text


# --- agenda --------------------------------------------------------------------------------


def test_a_bare_heading_word_is_a_programme_only_with_a_list() -> None:
    menu = "Úvod\n\nObsah\n\nKontakty\n\nZápis z jednání výboru dne 3. 3. 2022\n\nPřítomni: Jan Novák, Eva Malá"
    assert parse(menu).fields.agenda == []
    listed = "Zápis z jednání výboru dne 3. 3. 2022\n\nProgram\n1. Zahájení\n2. Rozpočet\n3. Různé"
    assert parse(listed).fields.agenda == ["Zahájení", "Rozpočet", "Různé"]


def test_a_programme_repeated_as_the_bodys_headings_is_read_once() -> None:
    text = (
        "Zápis z jednání výboru dne 3. 3. 2022\n\nProgram:\n1. Kontrola usnesení\n2. Rozpočet\n3. Různé\n\n"
        "1. Kontrola usnesení\nPředseda informoval o plnění.\n\n2. Rozpočet\nVýbor projednal návrh.\n\n"
        "3. Různé\nNic."
    )
    assert parse(text).fields.agenda == ["Kontrola usnesení", "Rozpočet", "Různé"]


def test_a_programme_numbered_one_throughout_keeps_its_capital_items() -> None:
    text = (
        "Zápis z jednání rady dne 3. 3. 2022\n\nProgram:\n\n 1. Zahájení\n 1. přivítání hostů\n 2. kontrola zápisu\n"
        " 1. Rozpočet obce\n 1. návrh na rok 2023\n 1. Různé\n 2. Termín dalšího jednání\n\n\nZávěry:\n\n"
        " 1. Byl schválen rozpočet.\n 2. Termín příští schůze bude upřesněn."
    )
    assert parse(text).fields.agenda == ["Zahájení", "Rozpočet obce", "Různé"]


def test_numbered_headings_with_a_line_of_narrative_are_found_but_not_sure() -> None:
    # still read as the agenda, but one heading of narrative makes it too unsure to give:
    # the field is empty and the warning shows what was found
    heads = ["Zahájení", "Rozpočet obce", "Kanalizace", "Zástupci spolků uvedli, že chtějí dotaci", "Různé"]
    body = "\n\n".join(f"{k}) {h}\n- bod jednání" for k, h in enumerate(heads, 1))
    p = parse(f"Zápis z jednání výboru dne 3. 3. 2022\n\n{body}")
    assert p.fields.agenda == []
    assert [w for w in p.warnings if w.startswith("agenda left empty, not sure enough (headings_mixed")]
    assert "Rozpočet obce" in next(w for w in p.warnings if w.startswith("agenda left empty"))


def test_a_numbered_list_inside_one_part_is_not_the_agenda() -> None:
    shows = "\n".join(f"{k}. {name}" for k, name in enumerate(["Cesta", "Borci", "Noty", "Spolu"], 1))
    body = "\n\n".join(f"Bod {k}. Výbor projednal zprávu o činnosti." for k in range(8))
    text = (
        f"Zápis ze schůze výboru dne 3. 3. 2022\n\nPřítomni: Jan Novák\n\n{body}\n\nPořadí skladeb\n\n{shows}\n\nKonec."
    )
    assert parse(text).fields.agenda == []
    programme = f"Zápis ze schůze výboru dne 3. 3. 2022\n\nPřítomni: Jan Novák\n\n{shows}\n\n{body}"
    assert len(parse(programme).fields.agenda) == 4
    named = f"Zápis ze schůze výboru dne 3. 3. 2022\n\n{body}\n\nSeznámení s programem\n\n{shows}\n"
    assert len(parse(named).fields.agenda) == 4
    voted = f"Zápis ze schůze výboru dne 3. 3. 2022\n\n{body}\n\nPředseda seznámil s programem, byl tento:\n{shows}\n"
    assert len(parse(voted).fields.agenda) == 4


def test_a_resolutions_numbered_points_are_not_the_agenda() -> None:
    points = "\n".join(f"{k}. {t}" for k, t in enumerate(["Rozpočet na rok 2023", "Zapisovatele", "Prodej pozemku"], 1))
    text = f"Usnesení ze zasedání zastupitelstva obce dne 3. 3. 2022\n\nZastupitelstvo obce schvaluje:\n{points}\n"
    assert parse(text).fields.agenda == []
    many = "\n".join(f"{k}. Prodej pozemku č. {k}" for k in range(1, 8))
    parts = (
        f"Usnesení ze zasedání zastupitelstva obce dne 3. 3. 2022\nI.\nZastupitelstvo schvaluje:\n{many}\n"
        "II.\nBere na vědomí:\n1. Zprávu"
    )
    assert parse(parts).fields.agenda == []


def test_an_item_wrapped_into_the_next_paragraph() -> None:
    text = (
        "Zápis z jednání výboru dne 3. 3. 2022\n\nProgram:\n\n1) Rozpočet obce\n\nna rok 2023\n\n"
        "2) Různé\n\nPředseda zahájil jednání."
    )
    assert parse(text).fields.agenda == ["Rozpočet obce na rok 2023", "Různé"]


def test_numbered_people_are_not_an_agenda() -> None:
    text = "Zápis z jednání výboru dne 3. 3. 2022\n\nPřítomní členové:\n1) Jan Novák\n2) Eva Malá\n3) Petr Veselý\n"
    p = parse(text)
    assert names(p.fields.attendees) == ["Jan Novák", "Eva Malá", "Petr Veselý"]
    assert p.fields.agenda == []


# --- documents -----------------------------------------------------------------------------


def test_an_invitation_is_not_minutes() -> None:
    text = (
        "Pozvánka na zasedání zastupitelstva obce\n\nZveme občany na zasedání, které se bude konat 5. 4. 2022 "
        "od 18:00 v sále kulturního domu.\n\nNavržený program:\n1. Zahájení\n2. Rozpočet\n"
    )
    p = parse(text)
    assert (p.fields.date, p.fields.location, p.fields.agenda) == (None, None, [])
    assert "does not look like meeting minutes" in " ".join(p.warnings)


def test_a_value_from_weak_evidence_is_left_empty_with_a_warning() -> None:
    text = "Novinky 2. 2. 2023\n\nZápis z jednání komise\n\nPřítomni: Jan Novák, Eva Malá\n"
    p = parse(text)
    assert p.fields.date is None
    assert any(w.startswith("date left empty, not sure enough (above_title") for w in p.warnings)
    assert "date" not in p.confidence and p.confidence["attendees"] >= 0.9


def test_one_file_with_two_meetings_gives_two(tmp_path: Path) -> None:
    one = "1. zápis z jednání rady\n\nDatum: 7. 9. 2021\n\nPřítomni: Jan Novák, Eva Malá\n\nProgram:\n1. Zahájení\n"
    two = "2. zápis z jednání rady\n\nDatum: 21. 9. 2021\n\nPřítomni: Petr Veselý\n\nProgram:\n1. Rozpočet\n"
    path = tmp_path / "rada.txt"
    path.write_text(one + "\n- Bylo usneseno, že se sejdeme.\n\n" + two, encoding="utf-8")
    first, second = extract_meetings(path)
    assert (first.date, names(first.attendees)) == (dt.date(2021, 9, 7), ["Jan Novák", "Eva Malá"])
    assert (second.date, names(second.attendees)) == (dt.date(2021, 9, 21), ["Petr Veselý"])
    assert first.meeting_id != second.meeting_id


def test_a_sentence_about_other_minutes_does_not_split_a_file(tmp_path: Path) -> None:
    text = (
        "Zápis z jednání výboru dne 9. 9. 2020\n\nPřítomni: Jan Novák, Eva Malá\n\nHlasování: pro 5\n\n"
        "Zápis z jednání dne 14. 7. 2020 byl schválen.\n\nProgram:\n1. Rozpočet\n2. Různé\n"
    )
    path = tmp_path / "vybor.txt"
    path.write_text(text, encoding="utf-8")
    (meeting,) = extract_meetings(path)
    assert meeting.agenda == ["Rozpočet", "Různé"]


# --- web pages -----------------------------------------------------------------------------


def test_a_saved_page_keeps_its_blocks_and_drops_its_navigation() -> None:
    page = (
        "<html><head><title>Obec</title><script>var x = 1;</script></head><body>"
        "<nav><a href='/'>Úvod</a> <a href='/deska'>Úřední deska</a></nav>"
        "<h1>Zápis z jednání rady obce dne 3.&nbsp;3.&nbsp;2022</h1>"
        "<p>Přítomni: Jan Novák,<br>Eva Malá</p><ul><li>Rozpočet</li><li>Různé</li></ul>"
        "<table><tr><td>Pro</td><td>5</td></tr></table>"
        "<a href='https://obec.example.cz/zapis.pdf'>PDF</a></body></html>"
    )
    text, links = html_to_text(page)
    assert "Úřední deska" not in text and "var x" not in text
    assert "Zápis z jednání rady obce dne 3. 3. 2022" in text
    assert "Přítomni: Jan Novák,\nEva Malá" in text
    assert "- Rozpočet" in text and "Pro | 5" in text
    assert links == ["https://obec.example.cz/zapis.pdf"]


def test_a_roster_of_offices_with_presence_notes() -> None:
    text = (
        "Zápis ze schůze výboru spolku dne 3. 3. 2022\n\nPředseda: Jiří Novák\nJednatel : Petr Malý\n"
        "Pokladní: Jan Veselý – omluven\nRevizor: Eva Krátká – nepřítomna\n\nProgram\n1. Zahájení\n"
    )
    p = parse(text)
    assert names(p.fields.attendees) == ["Jiří Novák", "Petr Malý"]
    assert names(p.fields.excused) == ["Jan Veselý"]
    assert names(p.fields.absent) == ["Eva Krátká"]
    assert p.fields.attendees[0].role == "Předseda"


def test_a_roster_marked_line_by_line_leaves_out_the_unmarked() -> None:
    text = (
        "Zasedání školské rady 3. 3. 2022\n\nNovák Jiří přítomen\nMalá Eva přítomna\nDlouhý Karel\n"
        "Veselá Jana přítomna\n\n1. Výroční zpráva\n"
    )
    assert names(parse(text).fields.attendees) == ["Jiří Novák", "Eva Malá", "Jana Veselá"]


# --- recorders --------------------------------------------------------------------------------

_HEAD = (
    "Zápis z jednání výboru spolku Lípa\nkonaného dne 4. 5. 2021\n\nPřítomni: Jan Novák, Eva Malá\n\n"
    "1. Zahájení\nText.\n\n"
)


@pytest.mark.parametrize(
    ("tail", "recorder"),
    [
        ("V Lipníku dne 5. 5. 2021 zapsala Karla Dvořáková", "Karla Dvořáková"),  # date, verb, name
        ("Předseda: Jan Novák Dne 5. 5. 2021 zapsal Petr Šimek", "Petr Šimek"),  # two columns in one line
        ("Ing. Petra Hrubá v.r.\nzapisovatelka", "Petra Hrubá"),  # name above the role word
        ("zapisovatel\nMartin Kos", "Martin Kos"),  # name below it
        ("Zapsala Věra Kalná ………………………", "Věra Kalná"),  # the signature's dotted line
    ],
)
def test_a_signature_block_names_the_recorder(tail: str, recorder: str) -> None:
    p = parse(_HEAD + tail)
    assert p.fields.recorded_by is not None and p.fields.recorded_by.name == recorder
    assert names(p.fields.recorders) == [recorder]


def test_a_date_before_another_verb_names_no_recorder() -> None:
    p = parse(_HEAD + "Dne 5. 5. 2021 schválil Petr Šimek rozpočet.")
    assert p.fields.recorded_by is None


def test_several_recorders_are_all_kept_and_the_first_is_recorded_by() -> None:
    p = parse(_HEAD + "Zapisovatelé: Jana Malá, Petr Kos")
    assert p.fields.recorded_by is not None and p.fields.recorded_by.name == "Jana Malá"
    assert names(p.fields.recorders) == ["Jana Malá", "Petr Kos"]


# --- attendance ------------------------------------------------------------------------------


def test_presence_by_exception_lists_the_absent_in_the_nominative() -> None:
    text = (
        "Zápis ze schůze rady školy dne 4. 5. 2021\n\n"
        "Přítomni: všichni členové rady kromě Mgr. Jana Kováře a Ing. Hany Malé\n"
    )
    p = parse(text)
    assert names(p.fields.attendees) == []
    assert names(p.fields.absent) == ["Jan Kovář", "Hana Malá"]


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("Přítomno: 9 členů zastupitelstva", 9),
        ("Přítomno členů: 5", 5),
        ("Zasedání zahájil starosta. Bylo přítomno 12 z 15 členů, zastupitelstvo je usnášeníschopné.", 12),
        ("Přítomni 4 hosté z veřejnosti.\nPřítomno 7 členů.", 7),  # the guests' count is not the attendance
        ("Přítomni: Jan Novák, Eva Malá", None),
        ("Přítomni od 17.30 hod.", None),  # a time, not a count
        ("Přítomni od 17 hodin.", None),
        ("Účast:13 členů", 13),
        ("Počet přítomných členů ZM: 21", 21),
        ("Předsedající konstatoval, že přítomno je 7 členů zastupitelstva.", 7),
    ],
)
def test_the_number_present(line: str, count: int | None) -> None:
    p = parse(f"Zápis z jednání zastupitelstva obce Lhota dne 4. 5. 2021\n\n{line}\n\n1. Zahájení\n")
    assert p.fields.attendance_count == count


# --- agenda items and abbreviations ------------------------------------------------------------


def test_a_long_item_is_not_cut_at_an_abbreviation() -> None:
    text = (
        "Zápis ze zasedání zastupitelstva obce Lhota dne 4. 5. 2021\n\nProgram:\n"
        "1. Zahájení\n"
        "2. Žádost p. Jana Vodičky o koupi části obecního pozemku p. č. 156/22 k. ú. Lhota u Brna na zahradu\n"
        "3. Různé\n"
    )
    assert parse(text).fields.agenda == [
        "Zahájení",
        "Žádost p. Jana Vodičky o koupi části obecního pozemku p. č. 156/22 k. ú. Lhota u Brna na zahradu",
        "Různé",
    ]


def test_headings_with_narrative_among_them_are_not_a_sure_agenda() -> None:
    body = "\n".join(
        f"{n}. {title}\nText části {n} jde dál a dál.\n"
        for n, title in enumerate(["Zahájení", "Předseda zahájil schůzi a přivítal hosty", "Rozpočet", "Různé"], 1)
    )
    p = parse("Zápis z jednání výboru spolku Lípa dne 4. 5. 2021\n\nPřítomni: Jan Novák, Eva Malá\n\n" + body)
    assert p.fields.agenda == []
    assert any(w.startswith("agenda left empty") for w in p.warnings)


# --- places in the nominative ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "place"),
    [
        (
            "konaného dne 4. 5. 2021 od 17:00 hod. v zasedací místnosti Obecního úřadu",
            "zasedací místnost Obecního úřadu",
        ),
        ("konaného dne 4. 5. 2021 v 18.00 hodin na faře v Dolní Lhotě", "fara v Dolní Lhotě"),
        ("dne 4. 5. 2021, jednací místnosti Základní školy v Hostivici", "jednací místnost Základní školy v Hostivici"),
        ("konaného dne 4. 5. 2021 v kulturním domě", "kulturní dům"),
        ("konaného dne 4. 5. 2021 ve velké zasedací místnosti radnice", "velká zasedací místnost radnice"),
    ],
)
def test_the_place_is_given_in_the_nominative(line: str, place: str) -> None:
    p = parse(f"Zápis ze zasedání zastupitelstva obce Lhota\n{line}\n\nPřítomni: Jan Novák, Eva Malá\n")
    assert p.fields.location == place


def test_a_town_in_the_locative_is_read_by_the_dictionary() -> None:
    from zapis.lang import morphology
    from zapis.parse.places import nominative_place

    if morphology() is None:  # the Czech dictionary is a Debian package the test command installs
        pytest.fail("hunspell-cs is not installed: run make test, which installs it")
    assert nominative_place("v Olomouci") == "Olomouc"
    assert nominative_place("v Litoměřicích") == "Litoměřice"
    assert nominative_place("na ÚMČ Brno-Tuřany, Tuřanské nám. 1") == "ÚMČ Brno-Tuřany, Tuřanské nám. 1"


def test_a_sentence_that_starts_with_the_body_is_no_heading_naming_it() -> None:
    text = (
        "Zápis\n\n12. 3. 2022\n\nVýbor schválil nákup stanu za těchto podmínek:\n\n- cena do 20 000 Kč\n\n"
        "Výbor rozhodl uspořádat zájezd.\n\nPřítomni: Jan Novák, Eva Malá\n"
    )
    assert parse(text).fields.body is None


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Zápis z jednání výboru pro kulturu č. 3", "Výbor pro kulturu"),  # the serial number is no part of it
        ("Zápis ze schůze Kontrolní komise č.", "Kontrolní komise"),
        ("Zápis ze schůze Žákovského parlamentu. Řešili jsme výlet a sbírku.", "Žákovský parlament"),
    ],
)
def test_the_body_of_a_title_ends_before_a_serial_number_or_the_next_sentence(title: str, body: str) -> None:
    assert parse(f"{title}\n\nDne 4. 5. 2021\n\nPřítomni: Jan Novák, Eva Malá\n").fields.body == body


def test_a_header_sentence_about_the_programme_names_no_body() -> None:
    text = (
        "12. 3. 2022\n\nPředseda zahájil schůzi. Potom seznámil přítomné s programem výroční členské schůze"
        " a nechal o něm hlasovat.\n\nPřítomni: Jan Novák, Eva Malá\n"
    )
    assert parse(text).fields.body is None


@pytest.mark.parametrize(
    "label",
    ["Hostem", "Hosté jednání", "Přítomní hosté", "Pozorovatelé z řad zaměstnanců školy", "Hosté z řad rodičů žáků"],
)
def test_guest_labels_in_their_forms(label: str) -> None:
    head = "Zápis ze schůze školské rady\ndne 4. 5. 2021\n\nPřítomni: Jan Novák, Eva Malá\n"
    text = f"{head}{label}: p. ředitelka Věra Stará\n"
    p = parse(text)
    assert names(p.fields.guests) == ["Věra Stará"]
    assert names(p.fields.attendees) == ["Jan Novák", "Eva Malá"]


def test_short_minutes_with_a_title_and_a_date_are_minutes() -> None:
    text = "Záznam z jednání dne 05-11-2024\nŠkolení od pana ředitele\n\n- Informace o dotazníku\n- Výlet do Brna\n"
    p = parse(text)
    assert p.fields.date == dt.date(2024, 11, 5)
    assert not any("does not look like meeting minutes" in w for w in p.warnings)


# --- bodies from the kind of meeting ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "body"),
    [
        # the assembly adjectives all belong to the body, in the nominative
        ("Zápis z výroční členské schůze ZO ČZS Lhota", "Výroční členská schůze ZO ČZS Lhota"),
        ("Zápis z mimořádné členské schůze Bytového družstva Lipa", "Mimořádná členská schůze Bytového družstva Lipa"),
        ("ZÁPIS Z VÝROČNÍ ČLENSKÉ SCHŮZE SPOLKU ZAHRÁDKÁŘŮ", "Výroční členská schůze spolku zahrádkářů"),
        ("Zápis z členské schůze", "Členská schůze"),
        # a committee's meeting ("výborová schůze") is a meeting of the committee
        ("Zápis z 12. výborové schůze SDH Horní Ves", "Výbor SDH Horní Ves"),
        ("Zápis z výborové schůze konané v klubovně", "Výbor"),
        ("Informace z výborových schůzí 2019", "Výbor"),
    ],
)
def test_the_kind_of_meeting_names_its_body(title: str, body: str) -> None:
    assert parse(f"{title}\n\nDne 4. 5. 2021\n\nPřítomni: Jan Novák, Eva Malá\n").fields.body == body


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("ZÁPIS ZE ZASEDÁNÍ FINANČNÍHO VÝBORU", "Finanční výbor"),
        # a place the Czech dictionary knows keeps its capital after the organization's abbreviation
        ("ZÁPIS ZE SCHŮZE VÝBORU MO ČRS HORAŽĎOVICE", "Výbor MO ČRS Horažďovice"),
        ("ZÁPIS ZE SCHŮZE VÝBORU SDH ČESKÁ BĚLÁ", "Výbor SDH Česká Bělá"),
        ("ZÁPIS Z JEDNÁNÍ RADY OBCE NOVÉ HODĚJOVICE", "Rada obce Nové Hodějovice"),
    ],
)
def test_a_body_in_capitals_is_brought_to_normal_case(title: str, body: str) -> None:
    assert parse(f"{title}\n\nDne 4. 5. 2021\n\nPřítomni: Jan Novák, Eva Malá\n").fields.body == body


# --- agenda headings with a word before the number ------------------------------------------------


@pytest.mark.parametrize("prefix", ["K bodu {n}.", "Ad {n})", "Ad{n})", "Bod {n}:", "Ad {n}."])
def test_numbered_headings_after_a_word_are_the_agenda(prefix: str) -> None:
    topics = ["Zahájení a schválení programu", "Rozpočet na rok 2022", "Oprava hasičské zbrojnice", "Různé"]
    body = "\n\n".join(
        f"{prefix.format(n=n)} {topic}\nPředseda informoval o stavu věci a členové souhlasili.\n"
        for n, topic in enumerate(topics, 1)
    )
    p = parse(f"Zápis ze schůze výboru SDH Horní Ves\nkonané dne 4. 5. 2021\n\nPřítomni: Jan Novák, Eva Malá\n\n{body}")
    assert p.fields.agenda == topics


def test_a_held_date_under_the_first_of_two_titles_is_the_meeting_date() -> None:
    # a web page repeats the title as a download link below the title and its date
    text = (
        "Usnesení z 11. zasedání Zastupitelstva města Horní Ves\n\nkonaného 20. 12. 2011\n\n"
        "Ke stažení: Zápis z 11. zasedání Zastupitelstva města Horní Ves\n\n"
        "K bodu 1. Zahájení\nZastupitelstvo města schvaluje program.\n\n"
        "K bodu 2. Rozpočet\nZastupitelstvo města schvaluje rozpočet.\n"
    )
    p = parse(text)
    assert p.fields.date == dt.date(2011, 12, 20)
    assert p.fields.agenda == ["Zahájení", "Rozpočet"]


# --- recorders at the end of run-on text and after an election --------------------------------------


def test_the_recorder_signs_at_the_end_of_text_without_line_breaks() -> None:
    text = (
        "Zápis z výborové schůze SDH Horní Ves konané dne 4. 5. 2021 od 19:00 hod. Přítomni: Jan Novák, Eva Malá,"
        " Petr Dub. 1) Zahájení. Předseda přivítal přítomné. 2) Různé. Ve 20:00 hod. předseda schůzi ukončil."
        " Zapsala Eva Malá"
    )
    p = parse(text)
    assert p.fields.recorded_by is not None and p.fields.recorded_by.name == "Eva Malá"
    # a sentence that goes on after the name is narrative, not a signature
    narrative = text.replace("Zapsala Eva Malá", "Zapsala Eva Malá do kroniky všechny úkoly na příští rok")
    assert parse(narrative).fields.recorded_by is None


@pytest.mark.parametrize("dash", ["-", "–"])
def test_a_recorder_elected_by_a_vote_is_the_name_without_the_vote(dash: str) -> None:
    text = (
        "Zápis z členské schůze Bytového družstva Lipa\nkonané dne 12. 4. 2018\n\n"
        f"Zapisovatel:\n\np. Sekyra {dash} Hlasování: 84 pro, 6 proti, 4 se zdrželo – SCHVÁLENO\n\n"
        f"Ověřovatelé zápisu:\n\npí. Malá, p. Dub {dash} Hlasování: 85 pro, 0 proti – SCHVÁLENO\n"
    )
    p = parse(text)
    assert p.fields.recorded_by is not None and p.fields.recorded_by.name == "Sekyra"


@pytest.mark.parametrize("day", ["V sobotu", "V pondělí", "Ve středu", "V úterý"])
def test_a_weekday_before_the_date_is_no_signing_place(day: str) -> None:
    text = (
        f"{day} dne 19. 3. 2011 se uskutečnila výroční členská schůze našeho spolku.\n"
        "Předseda přivítal přítomné a seznámil je s programem.\n1. Zahájení\n2. Zpráva o činnosti\n3. Závěr\n"
    )
    assert parse(text).fields.date == dt.date(2011, 3, 19)
    # a place before "dne" is where the minutes were signed, not when the meeting was held
    signed = "Zápis ze schůze výboru\n\nPřítomni: Jan Novák, Eva Malá\n\n1. Zahájení\n\nV Lhotě dne 19. 3. 2011\n"
    assert parse(signed).fields.date is None


def test_a_list_numbered_inside_a_heading_does_not_take_the_next_headings_numbers() -> None:
    tasks = "\n".join(f"{k}. Výboru zajistit úkol číslo {k} do konce roku." for k in range(1, 8))
    text = (
        "Zápis ze zasedání výboru spolku\nkonaného dne 25. 11. 2016\n\nPřítomni: viz prezenční listina\n\n"
        "1. Zahájení\n\nStarostka zahájila zasedání.\n\n2. a) Volba mandátové komise\n\nKomise byla zvolena.\n\n"
        "b) Volba návrhové komise\n\nKomise byla zvolena.\n\n3. Schválení programu\n\nProgram byl schválen.\n\n"
        f"4. Kontrola plnění usnesení\n\nVýbor ukládá:\n{tasks}\n\n5. Zpráva starostky\n\nZpráva přijata.\n\n"
        "6. Zpráva o hospodaření\n\nZpráva přijata.\n\n7. Různé\n\nNic.\n\n8. Závěr\n\nKonec.\n"
    )
    assert parse(text).fields.agenda == [
        "Zahájení",
        "Volba mandátové komise",
        "Schválení programu",
        "Kontrola plnění usnesení",
        "Zpráva starostky",
        "Zpráva o hospodaření",
        "Různé",
        "Závěr",
    ]


def test_a_numbered_sentence_that_names_the_programme_introduces_it() -> None:
    text = (
        "Zasedání školské rady 19. října 2020\n\nJan Novák přítomen\nEva Malá přítomna\n\n"
        "1. Program školské rady byl určen podle školského zákona, ve znění pozdějších předpisů:\n"
        "  1. obeznámení se s výroční zprávou školy,\n  2. informace o rozpočtu školy\n"
        "  3. volby do školské rady\n\n"
        "2. Členové školské rady se seznámili s dokumenty a výsledky jsou níže zpracovány:\n"
        "  1. školská rada schválila výroční zprávu\n"
    )
    assert parse(text).fields.agenda == [
        "obeznámení se s výroční zprávou školy",
        "informace o rozpočtu školy",
        "volby do školské rady",
    ]


def test_a_count_of_excused_members_with_their_names_in_parentheses() -> None:
    text = (
        "Zápis z výborové schůze SDH Horní Ves\n21. 4. 2024\n\nÚčast:13 členů\n"
        "Omluveni:2 členové (Martin Klíma, Jana Horká)\nNeomluven:0 členů\n\n1) Zahájení\n"
    )
    p = parse(text)
    assert names(p.fields.excused) == ["Martin Klíma", "Jana Horká"]
    assert p.fields.attendance_count == 13


def test_a_member_excused_beside_the_count_of_those_present() -> None:
    text = (
        "Zápis ze zasedání zastupitelstva obce Lhota dne 25. 6. 2014\n\n"
        "Přítomno: 6 členů zastupitelstva, P. Hrubá omluvena - zaměstnání\n\n1. Zahájení\n"
    )
    p = parse(text)
    assert names(p.fields.excused) == ["P. Hrubá"]
    assert names(p.fields.attendees) == []
    assert p.fields.attendance_count == 6


# --- lists the reflow must keep apart ---------------------------------------------------------------


def test_a_line_longer_than_the_margin_was_never_wrapped() -> None:
    # the text wraps its paragraphs at about 65 characters; the programme's lines are longer than
    # that, so each is a line of its own (an item), not a paragraph wrapped at the margin
    wrapped = (
        "Předsedkyně přivítala všechny přítomné a konstatovala, že školská\n"
        "rada je usnášeníschopná, neboť je přítomna většina jejích členů a\n"
        "zasedání bylo svoláno řádně a včas podle jednacího řádu rady, jak\n"
        "ukládá zákon a jak bylo dohodnuto na minulém zasedání v červnu ve\n"
        "škole. Pozvánka byla rozeslána e-mailem všem členům i řediteli\n"
    )
    text = (
        f"Zasedání školské rady 6.9.2016\n\nPřítomni:\nJan Novák (za zřizovatele)\nEva Malá (za rodiče)\n\n{wrapped}\n"
        "Program :\n"
        "Schválení nového školního řádu – upozornění na nové úpravy (možnost tvorby samosprávních celků žáků)\n"
        "Informování školské rady a diskuse k dopisu na obecní úřad o stavbě nové školy\n"
        "Návrh příspěvku na SRPŠ\nRekapitulace členů školské rady\n"
        "Předseda – pan Salava\nZa zřizovatele – paní Kotíková\n\n"
        f"{wrapped}"
    )
    assert parse(text).fields.agenda == [
        "Schválení nového školního řádu – upozornění na nové úpravy (možnost tvorby samosprávních celků žáků)",
        "Informování školské rady a diskuse k dopisu na obecní úřad o stavbě nové školy",
        "Návrh příspěvku na SRPŠ",
        "Rekapitulace členů školské rady",
    ]


def test_the_first_item_glued_to_the_line_above_is_split_off() -> None:
    items = ["Zahájení", "Kontrola usnesení", "Brigáda na květen", "Diskuse", "Závěr"]
    listed = "\n".join(f"{k}. {x}" for k, x in enumerate(items, 1))
    text = (
        "ZÁPIS ZE SCHŮZE VÝBORU MO ČRS LHOTA 1.4.2019\n\nPřítomni: Kácha, Šimice, Kalčík\n"
        f"DK: Hanzal{listed}\n\n1. Zahájení: Schůzi zahájil předseda.\n\n2. Kontrola usnesení: Splněno.\n"
    )
    assert parse(text).fields.agenda == items


def test_a_meeting_convened_for_another_day_is_the_next_meeting() -> None:
    text = (
        "Zápis ze zasedání ZO Lhota konaného dne 6.3.2008\n\nPřítomni: Jan Novák, Eva Malá\n\n"
        "Zastupitelstvo není usnášeníschopné, z toho důvodu se schůze svolává na 13. března 2008 od 19.00 hodin"
        " na obecním úřadě.\n"
    )
    p = parse(text)
    assert p.fields.date == dt.date(2008, 3, 6)
    assert [(n.date, n.time) for n in p.fields.next_meetings] == [(dt.date(2008, 3, 13), "19:00")]


@pytest.mark.parametrize(
    ("second_line", "place"),
    [
        ("v kongresovém sále radnice, se sídlem Náměstí 68", "kongresový sál radnice"),
        ("v zasedací místnosti obecního úřadu", "zasedací místnost obecního úřadu"),
    ],
)
def test_the_place_on_the_line_after_the_date_and_time(second_line: str, place: str) -> None:
    text = (
        "ZÁPIS\n\n4. jednání Zastupitelstva města Lhota konaného dne 23. 6. 2016 od 16:00 hod.\n\n"
        f"{second_line}\n\nPřítomni: Jan Novák, Eva Malá\n"
    )
    p = parse(text)
    assert (p.fields.location, p.fields.start_time) == (place, "16:00")


@pytest.mark.parametrize(
    ("opening", "body"),
    [
        ("Mgr. Jiří Malý přivítal všechny přítomné a zahájil jednání ŠR.", "Školská rada"),
        ("Předseda zahájil schůzi výboru a přivítal přítomné.", "Výbor"),
        ("Starosta zahájil zasedání zastupitelstva obce Lhota v 18 hodin.", "Zastupitelstvo obce Lhota"),
        ("Předseda zahájil jednání v 19:05 hodin a přivítal všechny.", None),
    ],
)
def test_without_a_title_the_body_whose_meeting_was_opened(opening: str, body: str | None) -> None:
    text = (
        "Přítomno: 8 členů školské rady (dále jen ŠR)\n\n- za rodiče: Jan Novák, Eva Malá\n\n"
        "dále Mgr. Karel Knapp, ředitel školy\n\nProgram jednání:\n\n1. Zahájení\n2. Rozpočet\n\n"
        f"{opening}\n"
    )
    p = parse(text)
    assert p.fields.body == body
    assert names(p.fields.guests) == ["Karel Knapp"]  # present besides the members' lists
    assert "Karel Knapp" not in names(p.fields.attendees)


def test_a_bulleted_record_under_the_programme_label_is_not_its_items() -> None:
    text = (
        "Zápis č.: 6\nz výborové schůze ZO ČSV Lhota\nKonané dne: 22. září 2021\n\n"
        "Přítomni: Lysák, Tlapák, Drda, Rosa\n\nProgram:\n- Kontrola úkolů zápisu č.5\n"
        "- připomínka jednatele na nedodržení odsouhlasených termínů odevzdávání hlášení počtu včelstev a dotace.\n"
        "- Výroční členská schůze se bude konat 3. 10. 2021 v kulturním domě, zahájení v 9,00 hod.\n"
    )
    assert parse(text).fields.agenda == ["Kontrola úkolů zápisu č.5"]


@pytest.mark.parametrize("guests_label", ["o hosté:", "o hosté z obce :"])
def test_second_level_bullets_of_word_head_the_lists_of_guests_and_excused(guests_label: str) -> None:
    text = (
        "Zápis ze zasedání střediskové rady\nTermín rady: pátek 23.1.2015, 18:00\n\nPřítomní:\n"
        "o členové rady: ses. Anna Malá, bři Jan Starý, Josef Prokop, David Luňák, Petr Hora,\n"
        "Karel Dub\n"
        f"{guests_label} ses. Linda Laurinová, bři Martin Liška, David Němý\n"
        "o omluveni: bři Jiří Hudec, Daniel Mráz\n"
        "Kontrola úkolů – splněno:\n- nahlášení táborů\n"
    )
    p = parse(text)
    assert names(p.fields.guests) == ["Linda Laurinová", "Martin Liška", "David Němý"]
    assert names(p.fields.excused) == ["Jiří Hudec", "Daniel Mráz"]


def test_a_meeting_of_the_body_in_a_list_of_dates_to_come_is_the_next_meeting() -> None:
    text = (
        "Zápis z jednání farní rady\nkonaného dne 11. 9. 2016\n\nPřítomni: Jan Novák, Eva Malá\n\n"
        "2. Plán akcí\n\n- 6. 11. – dušičkové pobožnosti na hřbitově\n- 10. 11. – adorační den farnosti\n"
        "- 13. 11. v 18.00 hodin – jednání farní rady\n- 20. 11. – jednání stavební komise\n"
    )
    p = parse(text)
    assert [(n.date, n.time) for n in p.fields.next_meetings] == [(dt.date(2016, 11, 13), "18:00")]


def test_people_named_beside_a_count_of_members_on_the_sheet_are_the_others_present() -> None:
    head = "Zápis ze zasedání výboru pro výchovu č. 2/2003\nkonaného dne 3. února 2003\n\nPřítomno:\n\n"
    named = (
        "- Zdeněk Lud – vedoucí odboru školství\n\n- Ing. Radek Kučer - předseda asociace\n\nProgram:\n1. Zahájení\n"
    )
    p = parse(f"{head}- 6 členů výboru – viz prezenční listina\n\n{named}")
    assert names(p.fields.guests) == ["Zdeněk Lud", "Radek Kučer"]
    assert names(p.fields.attendees) == []
    # a count that introduces its members' names: they are the members
    members = parse(f"{head}6 členů výboru:\n\n- Zdeněk Lud\n\n- Ing. Radek Kučer\n\nProgram:\n1. Zahájení\n")
    assert names(members.fields.guests) == []
    assert names(members.fields.attendees) == ["Zdeněk Lud", "Radek Kučer"]


def test_a_heading_numbered_as_a_point_of_the_programme_keeps_its_title() -> None:
    body = (
        "Bod 1. programu ZMČ – Technický bod (zahájení, volba ověřovatelů)\n\nStarosta určil ověřovatele.\n\n"
        "Bod 2. programu ZMČ – Námitky členů zastupitelstva k zápisu\n\nNámitky nebyly.\n\n"
        "Bod 3. programu – Rozpočet\n\nRozpočet schválen.\n"
    )
    p = parse(f"Zápis z 2. zasedání Zastupitelstva městské části Lhota\nkonaného dne 22.12.2010\n\n{body}")
    assert p.fields.agenda == [
        "Technický bod (zahájení, volba ověřovatelů)",
        "Námitky členů zastupitelstva k zápisu",
        "Rozpočet",
    ]


@pytest.mark.parametrize("label", ["Za úřad byly dále přítomny", "Dále přítomni", "Dále byli přítomni"])
def test_the_others_present_for_an_office_are_guests(label: str) -> None:
    text = (
        "Zápis z 2. zasedání Zastupitelstva městské části Lhota\nkonaného dne 22.12.2010\n\n"
        "Přítomni: Jan Novák, Eva Malá, Petr Dub\nOmluveny: Mgr. Marta Bílá\n"
        f"{label}: Ing. Jitka Gálová – vedoucí OST, Mgr. Renata Pokorná – vedoucí OV\n\n1. Zahájení\n"
    )
    p = parse(text)
    assert names(p.fields.guests) == ["Jitka Gálová", "Renata Pokorná"]
    assert names(p.fields.attendees) == ["Jan Novák", "Eva Malá", "Petr Dub"]


def test_the_place_after_the_second_day_of_a_meeting_over_two_days() -> None:
    text = (
        "Zápis z jednání kulturní komise – 11.4.2017\n\nZápis č. 2017/03 z jednání Kulturní komise\n"
        "konaný dne 11. 4. 2017 a 26. 4. 2017 v Olomouci\n\nPřítomni: Jan Novák, Eva Malá\n"
    )
    p = parse(text)
    assert (p.fields.date, p.fields.location) == (dt.date(2017, 4, 11), "Olomouc")


# --- what the new shapes must not take ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # "mimořádná" alone makes no assembly: the meeting is the committee's
        (
            "Zápis z mimořádné schůze výboru SDH Lhota\n\nDne 4. 5. 2021\n\nPřítomni: Jan Novák, Eva Malá\n",
            "body",
            "Výbor SDH Lhota",
        ),
        # a title in capitals: the place after the abbreviation, then the words go lower case again
        (
            "ZÁPIS ZE SCHŮZE VÝBORU SDH LHOTA O NOVÉ STŘÍKAČCE\n\nDne 4. 5. 2021\n\nPřítomni: Jan Novák, Eva Malá\n",
            "body",
            "Výbor SDH Lhota o nové stříkačce",
        ),
    ],
)
def test_bodies_the_new_rules_leave_as_they_were(text: str, field: str, value: str) -> None:
    assert getattr(parse(text).fields, field) == value


@pytest.mark.parametrize(
    "lines",
    [
        "Přítomni: Jan Novák, Eva Malá\nOmluveni: Petr Dub\ndále Jana Horká\n",  # one more of the excused
        "Přítomni: Jan Novák, Eva Malá\n\ndále omluvena Jana Horká\n",
        "Přítomni: Jan Novák, Eva Malá\nOvěřovatelé: Jan Novák\n\ndále Jana Horká, starostka obce\n",
    ],
)
def test_dale_is_no_guest_where_it_goes_on_another_list(lines: str) -> None:
    p = parse(f"Zápis ze schůze výboru dne 4. 5. 2021\n\n{lines}\n1. Zahájení\n")
    assert names(p.fields.guests) == []


@pytest.mark.parametrize(
    "line", ["Přítomno: 5 členů (chyběli Jan Dub, Eva Malá)", "Přítomno: 5 členů (hosté: Jan Dub, Eva Malá)"]
)
def test_names_in_parentheses_beside_a_count_that_say_more_are_not_the_counted(line: str) -> None:
    p = parse(f"Zápis ze schůze výboru dne 4. 5. 2021\n\n{line}\n\n1. Zahájení\n")
    assert names(p.fields.attendees) == []
    assert p.fields.attendance_count == 5


@pytest.mark.parametrize(
    "line", ["Výbor projednal účast na 2 soutěžích v kraji.", "Přítomno po 18 hod 5 členů", "Přítomni za 2 obce."]
)
def test_numbers_near_attendance_words_that_count_nobody(line: str) -> None:
    p = parse(f"Zápis ze schůze výboru dne 4. 5. 2021\n\nPřítomni: Jan Novák, Eva Malá\n\n{line}\n")
    assert p.fields.attendance_count is None


def test_an_item_and_its_presenter_is_no_office_holder() -> None:
    text = (
        "Zápis ze schůze výboru dne 4. 5. 2021\n\nPřítomni: Jan Novák\n\nProgram:\nZahájení\n"
        "Zpráva o hospodaření – pí Malá\nPlán akcí – p. Novák\nRůzné\n\nPředseda zahájil schůzi.\n"
    )
    assert len(parse(text).fields.agenda) == 4


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Adv. JUDr. Jan Novák", None),
        ("Ad v. Novák", None),
        ("K bodu č. 3 Různé", 3),
        ("iv) podbod", None),
        ("IV. Závěr", 4),
    ],
)
def test_a_word_before_the_number_is_a_word_of_its_own(line: str, number: int | None) -> None:
    assert item_number(line) == number


def test_past_meetings_of_the_body_and_convening_in_the_past_are_no_next_meetings() -> None:
    text = (
        "Zápis z jednání farní rady\nkonaného dne 11. 9. 2016\n\nPřítomni: Jan Novák, Eva Malá\n\n"
        "- usnesení z jednání farní rady 5. 9. bylo splněno\n"
        "Zasedání svolal na 11. 9. 2016 předseda pozvánkou ze dne 5. 9. 2016.\n"
    )
    assert parse(text).fields.next_meetings == []


def test_a_bullet_before_a_label_without_a_colon() -> None:
    text = (
        "Zápis z valné hromady spolku\nkonané dne 21. 3. 2017\n\nPřítomni: Jan Novák, Eva Malá\n\n"
        "- Zapisovatel ses. Malá Eva\n\nHlasování:\npro: 18 proti: 0 zdržel se: 1\n"
    )
    p = parse(text)
    assert p.fields.recorded_by is not None and p.fields.recorded_by.name == "Eva Malá"


def test_who_attended_named_in_a_sentence() -> None:
    text = (
        "Zápis z jednání Rady svazu 20. února 2012\n\nRada opět pracovala formou telekonference.\n\n"
        "Konference rady se zúčastnili všichni členové, jmenovitě předseda Jan Dub, místopředseda Petr Kos,"
        " Eva Malá, Jana Horká.\n\nRada schválila rozpočet.\n"
    )
    assert names(parse(text).fields.attendees) == ["Jan Dub", "Petr Kos", "Eva Malá", "Jana Horká"]
    # a sentence that names only one, or does not say "jmenovitě", lists nobody
    one = text.replace("jmenovitě předseda Jan Dub, místopředseda Petr Kos, Eva Malá, Jana Horká", "zejména Jan Dub")
    assert names(parse(one).fields.attendees) == []


# --- labels without a colon ----------------------------------------------------------------


def test_a_header_table_flattened_to_labels_without_colons() -> None:
    # the cells of a header table, each label and its value on one line with no colon between them
    text = (
        "Zápis z 3. schůze výboru spolku\n\n15.11.2019 20:41\n\nDatum 4.11.2019\n\n"
        "Přítomni Novák J., Malá E., Kos P.\n\nOmluveni Horká V., Dub K.\n\nVýbor schválil rozpočet.\n"
    )
    fields = parse(text).fields
    # the date of the "Datum" cell, not the timestamp of the web page above it
    assert fields.date == dt.date(2019, 11, 4)
    assert fields.start_time is None
    assert names(fields.attendees) == ["J. Novák", "E. Malá", "P. Kos"]
    assert names(fields.excused) == ["V. Horká", "K. Dub"]


def test_a_dash_instead_of_the_colon_after_a_label() -> None:
    text = (
        "Zápis ze schůze spolku rodičů ze dne 6. 9. 2017\n\nMísto konání – klubovna ZŠ Horní Ves\n\n"
        "Zapisovatelka – Eva Malá\n\nZahájení – 17:10 hod.\n\nPřítomni: Jan Novák, Eva Malá\n"
    )
    fields = parse(text).fields
    assert fields.location == "klubovna ZŠ Horní Ves"
    assert fields.recorded_by is not None and fields.recorded_by.name == "Eva Malá"
    assert fields.start_time == "17:10"


@pytest.mark.parametrize(
    "line",
    [
        "Přítomni byli všichni členové výboru, kromě pokladníka.",
        "Datum konání bylo změněno na 5. 12. 2019.",
        "Dne 4. 11. 2019 se sešel výbor, Jan Novák, Eva Malá.",
        "Zahájení – předseda přivítal přítomné.",
        "Termín 15. 12. 2019 odevzdat zprávu.",
    ],
)
def test_a_sentence_that_starts_with_a_label_word_is_no_label(line: str) -> None:
    from zapis.parse.labels import match_label

    assert match_label(line) is None


def test_lower_case_labels_inside_a_run_on_list_of_names() -> None:
    # one list over several lines, each kind of presence starting after a comma
    text = (
        "Zápis z jednání výboru 3/2011 ze dne 5. 4. 2011\npřítomni:\nNovák, Malá E., Kos,\n"
        "Dub, neúčast: Horký, Svoboda,\nŽák, hosté: Veselá, Bílý\n\n- Výbor schválil rozpočet.\n"
    )
    fields = parse(text).fields
    assert names(fields.attendees) == ["Novák", "E. Malá", "Kos", "Dub"]
    assert names(fields.absent) == ["Horký", "Svoboda", "Žák"]
    assert names(fields.guests) == ["Veselá", "Bílý"]


def test_a_list_on_the_label_line_ends_at_a_blank_line_before_prose() -> None:
    # the list is whole on its line; after the blank line a section heading and a dash open prose
    text = (
        "Zápis ze 4. schůze výboru konané dne 3. 12. 2018\n\nPřítomni: Jan Novák, Eva Malá, Petr Kos\n\n"
        "Omluveni: Horká Věra, Dub Karel\n\n"
        "Zahájení – br. Novák uvítal přítomné, volba zapisovatele – br. Kos.\n\nProgram:\n1. Rozpočet\n2. Různé\n"
    )
    fields = parse(text).fields
    assert names(fields.excused) == ["Věra Horká", "Karel Dub"]
    # a second line of names after the blank line still belongs to the list
    more = text.replace("Dub Karel\n\n", "Dub Karel\n\nBílý Jan, Veselá Jana\n\n")
    assert names(parse(more).fields.excused) == ["Věra Horká", "Karel Dub", "Jan Bílý", "Jana Veselá"]


def test_a_report_in_prose_after_a_caption_says_when_and_where_in_its_first_sentence() -> None:
    # a web report: a photo caption, then one paragraph that opens with the day and the place
    text = (
        "fotogalerie_2019_schuze_12\n15 fotografií\n\n"
        "V pátek 8.3.2019 od 19 hod. proběhla v prostorách obecní klubovny výroční členská schůze našeho"
        " spolku. Schůzi zahájil a vedl Jan Novák. Přítomno bylo 31 členů. Zprávu o hospodaření za rok 2018"
        " přednesla pokladní Eva Malá a schůze ji schválila. Plán činnosti na rok 2019 byl přijat bez"
        " připomínek.\n\nZapsala: Eva Malá\n"
    )
    fields = parse(text).fields
    assert fields.date == dt.date(2019, 3, 8)
    assert fields.start_time == "19:00"
    # the place ends where the meeting it held is named
    assert fields.location == "prostorách obecní klubovny"
    # a paragraph below a dated caption is not searched for another date
    dated = text.replace("fotogalerie_2019_schuze_12", "Zápis ze schůze 1. 3. 2019")
    assert parse(dated).fields.date == dt.date(2019, 3, 1)


def test_the_opening_told_in_the_present_tense() -> None:
    text = (
        "Zápis z výborové schůze spolku 2.12.2013\n\nPřítomni: Jan Novák, Eva Malá, Petr Kos\n\n"
        "Předseda zahajuje výborovou schůzi v 18h. Výbor projednal přípravu výstavy.\n"
    )
    assert parse(text).fields.start_time == "18:00"
    # a speech opened at a time is not the meeting
    speech = text.replace("zahajuje výborovou schůzi v 18h", "zahajuje svůj projev v 18:20")
    assert parse(speech).fields.start_time is None
