"""What was decided, form by form: resolutions and their numbers, verb classes, every way minutes
write a vote, named votes, results, links between resolutions, tasks, and who chaired.

Each test parses minutes written for it (the shapes real minutes use, in wording of our own) and
asserts the values a reader of the archive would look up.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zapis.parse import parse_meeting
from zapis.pipeline import extract_meeting
from zapis.schema import Decision

HEAD = "Zápis z 5. zasedání Zastupitelstva obce Horní Lhota konaného dne 14. 11. 2023\n\n"
PRESENT = "Přítomni: Jan Novák, Eva Malá, Petr Veselý, Jana Dlouhá, Karel Krátký\n\n"


def decisions(body: str, head: str = HEAD + PRESENT) -> list[Decision]:
    return parse_meeting(head + body).fields.decisions


def resolutions(body: str, head: str = HEAD + PRESENT) -> list[Decision]:
    return [d for d in decisions(body, head) if d.kind != "task"]


def counts(d: Decision) -> tuple[int | None, int | None, int | None]:
    return d.votes_for, d.votes_against, d.votes_abstained


def warnings(body: str, head: str = HEAD + PRESENT) -> list[str]:
    return parse_meeting(head + body).warnings


# --- numbers and verbs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "number", "normalized"),
    [
        ("Usnesení č. 12/3/2024: Zastupitelstvo obce schvaluje rozpočet.", "12/3/2024", "12/3/2024"),
        ("USNESENÍ č.: 41/2015 Zastupitelstvo obce schvaluje rozpočet.", "41/2015", "41/2015"),
        ("Usnesení ZM/2024/5/12: Zastupitelstvo obce schvaluje rozpočet.", "ZM/2024/5/12", "ZM/2024/5/12"),
        ("Usnesení č. r-245/2022 Zastupitelstvo obce schvaluje rozpočet.", "r-245/2022", "R-245/2022"),
        ("Usnesení číslo 05 / 2021: Zastupitelstvo obce schvaluje rozpočet.", "05 / 2021", "5/2021"),
    ],
)
def test_a_resolution_number_as_written_and_normalized(line: str, number: str, normalized: str) -> None:
    (d,) = resolutions(line)
    assert (d.kind, d.number, d.number_normalized, d.verb) == ("resolution", number, normalized, "schvaluje")
    assert d.text == "Zastupitelstvo obce schvaluje rozpočet."


def test_a_resolution_headed_by_the_word_that_it_passed_with_its_verb_set_apart(tmp_path: Path) -> None:
    # the resolutions of a town: each numbered, its body, its verb letter-spaced on a line of its own
    body = (
        "K bodu 1. Zahájení\nSchváleno usnesení č. 117:\nZastupitelstvo města\ns c h v a l u j e\n"
        "program svého 11. zasedání.\n\nK bodu 2. Zpráva rady\nSchváleno usnesení č. 118:\n"
        "Zastupitelstvo města\nb e r e n a v ě d o m í\nzprávu o činnosti rady.\n"
    )
    path = tmp_path / "usneseni.txt"
    path.write_text(HEAD + PRESENT + body, encoding="utf-8")
    found = extract_meeting(path).decisions  # the letter-spacing is the normalizer's to join
    assert [(d.number, d.verb) for d in found] == [("117", "schvaluje"), ("118", "bere na vědomí")]
    assert found[0].text.endswith("program svého 11. zasedání.")
    assert resolutions("Schváleno usnesení minulého zasedání.") == []  # no number: a sentence, not a label


def test_a_heading_that_names_a_meeting_is_not_a_numbered_resolution() -> None:
    assert resolutions("Usnesení 2. zasedání zastupitelstva\nStarosta přivítal hosty.") == []


@pytest.mark.parametrize(
    ("sentence", "verb"),
    [
        ("Zastupitelstvo obce schvaluje rozpočet obce na rok 2024.", "schvaluje"),
        ("Zastupitelstvo obce neschvaluje prodej pozemku p. č. 120/3.", "neschvaluje"),
        ("Rada obce bere na vědomí zprávu o hospodaření.", "bere na vědomí"),
        ("ZO ukládá starostovi podepsat smlouvu o dílo do 31. 3.", "ukládá"),
        ("ZO pověřuje místostarostu jednáním s krajským úřadem.", "pověřuje"),
        ("Zastupitelstvo obce volí starostou pana Jana Nováka.", "volí"),
        ("Rada města jmenuje Ing. Evu Malou ředitelkou školy.", "jmenuje"),
        ("Zastupitelstvo obce zřizuje finanční výbor.", "zřizuje"),
        ("Zastupitelstvo obce ruší usnesení č. 12/2023.", "revokuje"),
        ("Finanční výbor doporučuje zastupitelstvu schválit rozpočet.", "doporučuje"),
        ("Výbor souhlasí se zněním dopisu.", "souhlasí"),
    ],
)
def test_the_verb_class_of_a_resolution(sentence: str, verb: str) -> None:
    (d,) = resolutions(f"Usnesení č. 7/2023: {sentence}")
    assert d.verb == verb
    assert d.text == sentence


def test_a_bare_motion_label_is_not_a_decision() -> None:
    assert decisions("Návrh usnesení:\n\nStarosta poděkoval přítomným.") == []
    assert decisions("Návrh usnesení:\nNávrh usnesení:\nZastupitelstvo obce schvaluje program.") != []


# --- vote counts in every form -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        ("Hlasování: pro 13, proti 0, zdržel se 2 – schváleno", (13, 0, 2)),
        ("Pro: 8 Proti: 0 Zdržel se: 0", (8, 0, 0)),
        ("Pro - 8, proti - 1, zdržel se - 0", (8, 1, 0)),
        ("Hlasování: 85 pro, 0 proti, 9 se zdrželo – SCHVÁLENO", (85, 0, 9)),
        ("Hlasování:     pro:      71\n          proti:           0\n          zdržel se:       2", (71, 0, 2)),
        ("Výsledek hlasování: 7-0-1", (7, 0, 1)),
        ("Hlasování: pro: 19. proti: O zdržel se: 0", (19, 0, 0)),  # OCR read the zero as a letter
        ("Pro 8, Proti 5, Zdržel se 2", (8, 5, 2)),
        ("Hlasování (pro/proti/zdržel se): 6/1/0", (6, 1, 0)),
    ],
)
def test_labelled_counts_and_triples(votes: str, expected: tuple[int, int, int]) -> None:
    (d,) = resolutions(f"Návrh usnesení:\nZastupitelstvo obce schvaluje program zasedání.\n{votes}")
    assert counts(d) == expected
    assert d.text == "Zastupitelstvo obce schvaluje program zasedání."


def test_counts_written_inside_the_resolution() -> None:
    (d,) = resolutions("Zastupitelstvo obce schvaluje program zasedání (5/0/0).")
    assert counts(d) == (5, 0, 0)
    (d,) = resolutions("Poté zastupitelé schválili 6 hlasy program zasedání.")
    assert (d.kind, d.verb, counts(d), d.result) == ("resolution", "schvaluje", (6, None, None), "přijato")


def test_a_bare_triple_counts_in_the_order_the_minutes_declare() -> None:
    body = (
        "Výsledky hlasování jsou uváděny v pořadí (zdržel se – proti – pro).\n\n"
        "Usnesení č. 1/2023: Zastupitelstvo obce schvaluje program.\n1 - 0 - 4\n\n"
        "Usnesení č. 2/2023: Zastupitelstvo obce volí ověřovatele zápisu.\n0 - 1 - 4\n"
    )
    first, second = resolutions(body)
    assert (first.number, counts(first)) == ("1/2023", (4, 0, 1))
    assert (second.number, counts(second)) == ("2/2023", (4, 1, 0))


def test_a_bare_triple_without_a_declared_order_is_not_a_vote() -> None:
    (d,) = resolutions("Usnesení č. 1/2023: Zastupitelstvo obce schvaluje program.\n1 - 0 - 4\n")
    assert counts(d) == (None, None, None)


def test_unanimous_is_everyone_present_when_the_minutes_say_how_many() -> None:
    body = "Přítomno je 9 členů zastupitelstva.\nZastupitelstvo obce schvaluje program jednomyslně.\n"
    (d,) = resolutions(body, HEAD)
    assert (counts(d), d.result) == ((9, 0, 0), "přijato")
    (d,) = resolutions("Zastupitelstvo obce schvaluje program všemi hlasy.\n")  # five in the attendance
    assert counts(d) == (5, 0, 0)
    (d,) = resolutions("Zastupitelstvo obce schvaluje program jednomyslně.\n", HEAD)
    assert (counts(d), d.result) == ((None, None, None), "přijato")


def test_the_number_present_is_the_latest_before_the_vote() -> None:
    body = (
        "Přítomno je 9 členů zastupitelstva.\n"
        "Usnesení č. 1/2023: Zastupitelstvo obce schvaluje program jednomyslně.\n"
        "V 18:30 odešel Karel Krátký, přítomno je 8 členů.\n"
        "Usnesení č. 2/2023: Zastupitelstvo obce schvaluje rozpočet jednomyslně.\n"
    )
    assert [counts(d) for d in resolutions(body, HEAD)] == [(9, 0, 0), (8, 0, 0)]


def test_a_count_in_the_result_line() -> None:
    (d,) = resolutions("Návrh usnesení: ZO schvaluje program.\nHlasování:\nUsnesení bylo přijato 5 hlasy.\n")
    assert (counts(d), d.result) == ((5, None, None), "přijato")


def test_not_voting_is_not_abstaining() -> None:
    (d,) = resolutions("Usnesení z 5. zasedání.\nHlasování:     pro:      60\nproti: 0\nnehlasoval:      1\n")
    assert (counts(d), d.votes_not_voting) == ((60, 0, None), 1)


def test_a_table_of_counts_gives_each_numbered_resolution_its_votes() -> None:
    body = (
        "Usnesení č. 3/2024: Rada obce schvaluje rozpočet.\n"
        "Usnesení č. 4/2024: Rada obce neschvaluje prodej pozemku.\n\n"
        "Usnesení | Pro | Proti | Zdržel se\n3/2024 | 3 | 0 | 0\n4/2024 | 2 | 1 | 0\n"
    )
    first, second = resolutions(body)
    assert (first.number, first.verb, counts(first)) == ("3/2024", "schvaluje", (3, 0, 0))
    assert (second.number, second.verb, counts(second)) == ("4/2024", "neschvaluje", (2, 1, 0))


# --- named votes, results, warnings --------------------------------------------------------------


def test_named_votes_are_per_person_votes_with_the_attendance_spelling() -> None:
    head = HEAD + "Přítomni: anicka, krtek, skirit, vaclav, snajpa\n\n"
    body = (
        "1. Nový člen\nHlasování o přijetí:\nPro: anicka, krtek, skirit, vaclav\nProti: nikdo\n"
        "Zdržel se: snajpa\nPřijat.\n"
    )
    (d,) = resolutions(body, head)
    assert (counts(d), d.result) == ((4, 0, 1), "přijato")
    assert [(v.vote, v.person.name, v.person.person_id) for v in d.named_votes] == [
        ("for", "anicka", "anicka"),
        ("for", "krtek", "krtek"),
        ("for", "skirit", "skirit"),
        ("for", "vaclav", "vaclav"),
        ("abstained", "snajpa", "snajpa"),
    ]


def test_named_votes_with_their_counts_and_a_table_of_voters() -> None:
    body = (
        "Návrh usnesení: Zastupitelstvo obce schvaluje dotaci spolku.\nHlasování:\n"
        "PRO: (3) Jan Novák, Eva Malá, Petr Veselý\nPROTI: (0) nikdo\nZDRŽEL SE: (1) Jana Dlouhá\n"
    )
    (d,) = resolutions(body)
    assert counts(d) == (3, 0, 1)
    assert {v.person.name: v.vote for v in d.named_votes}["Jana Dlouhá"] == "abstained"
    table = "Návrh usnesení: Rada obce schvaluje dotaci.\nHlasování:\nJan Novák | pro\nEva Malá | proti\n"
    (d,) = resolutions(table)
    assert [(v.person.name, v.vote) for v in d.named_votes] == [("Jan Novák", "for"), ("Eva Malá", "against")]
    assert counts(d)[:2] == (1, 1)


VOTERS = "Jan Novák pro\nEva Malá pro\nPetr Veselý proti\nJana Dlouhá zdržela se\nKarel Krátký pro\n"


@pytest.mark.parametrize(
    "heading",
    [
        "Jmenovité hlasování:\nČlen zastupitelstva Hlasování\n",  # a named vote's table, its cells one space apart
        "Jméno | Hlasování\n",
        "Hlasování:\n\n",
        "",
    ],
)
def test_a_table_of_voters_read_as_text_is_the_vote_on_the_motion_above(heading: str) -> None:
    body = (
        f"1. Rozpočet\nZastupitelstvo schvaluje rozpočet obce na rok 2024.\n{heading}{VOTERS}\n"
        "Výsledek hlasování: pro 3, proti 1, zdržel se 1. Usnesení bylo přijato.\n"
    )
    (d,) = resolutions(body)  # the header row or the last voter was taken for a second resolution
    assert d.text == "Zastupitelstvo schvaluje rozpočet obce na rok 2024."
    assert (counts(d), d.result) == ((3, 1, 1), "přijato")
    assert {v.person.name: v.vote for v in d.named_votes} == {
        "Jan Novák": "for", "Eva Malá": "for", "Petr Veselý": "against", "Jana Dlouhá": "abstained",
        "Karel Krátký": "for",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Hlasování: pro 5, proti 0, zdržel se 0. Usnesení bylo přijato.", {"for": 5, "against": 0, "abstained": 0}),
        ("Hlasování: pro 5, proti 0, zdržel se 0.", {"for": 5, "against": 0, "abstained": 0}),
        ("Rada připraví podklady pro 12. zasedání.", {}),  # "pro 12." before a lowercase word: no count
    ],
)
def test_a_count_that_ends_a_sentence_is_a_count(line: str, expected: dict[str, int]) -> None:
    from zapis.parse.votes import labelled_counts

    assert labelled_counts(line) == expected


def test_the_votes_of_a_sentence_followed_by_another_are_the_resolution_s() -> None:
    (d,) = resolutions(
        "Návrh usnesení: ZO schvaluje prodej.\nHlasování: pro 4, proti 1, zdržel se 0. Návrh byl přijat."
    )
    assert (counts(d), d.result) == ((4, 1, 0), "přijato")  # "zdržel se 0." was not read: abstained None


def test_prose_ending_in_an_option_is_no_voter() -> None:
    from zapis.parse.votes import _voter_line

    assert _voter_line("Jana Dlouhá zdržela se") == ("abstained", "Jana Dlouhá")
    assert _voter_line("Ing. Jan Novák proti") == ("against", "Ing. Jan Novák")
    assert _voter_line("Zastupitelé hlasovali pro") is None
    assert _voter_line("Člen zastupitelstva Hlasování") is None


def test_the_result_as_stated_or_as_the_counts_give_it() -> None:
    stated = resolutions(
        "Návrh usnesení: ZO schvaluje prodej.\nHlasování: pro 1, proti 4, zdržel se 0\nNávrh nebyl přijat."
    )
    assert stated[0].result == "nepřijato"
    computed = resolutions("Návrh usnesení: ZO schvaluje prodej.\nHlasování: pro 4, proti 1, zdržel se 0")
    assert computed[0].result == "přijato"


def test_warnings_when_counts_exceed_those_present_or_do_not_add_up() -> None:
    body = "Návrh usnesení: ZO schvaluje prodej.\nHlasování: pro 6, proti 1, zdržel se 0 – schváleno"
    assert any("7 votes counted but 5" in w for w in warnings(body))
    named = "Návrh usnesení: ZO schvaluje dotaci.\nHlasování:\nPRO: (4) Jan Novák, Eva Malá\nPROTI: (0) nikdo\n"
    assert any("do not add up (4 votes for but 2 names)" in w for w in warnings(named))
    contradiction = "Návrh usnesení: ZO schvaluje prodej.\nHlasování: pro 1, proti 4, zdržel se 0 – schváleno"
    assert any("say 'přijato' but the votes are 1-4-0" in w for w in warnings(contradiction))


def test_links_between_resolutions() -> None:
    (d,) = resolutions("Usnesení č. 8/2023: Zastupitelstvo obce ruší usnesení č. 12/2022 a mění usnesení č. 5/2021.")
    assert [(r.relation, r.number, r.number_normalized) for r in d.refers_to] == [
        ("revokes", "12/2022", "12/2022"),
        ("amends", "5/2021", "5/2021"),
    ]


# --- proposals, results stated after the vote, narrative --------------------------------------------


def test_a_vote_between_a_proposal_and_its_result() -> None:
    body = (
        "Ověřovatelem zápisu byla navržena Eva Malá.\nHlasování: pro: 5 proti: 0 zdržel se: 0\n"
        "Ověřovatelem zápisu byla zvolena Eva Malá.\n"
        "Jan Novák: Navrhuji body 3 a 4 sloučit do jednoho bodu.\nHlasování: pro: 4 proti: 0 zdržel se: 1\n"
        "Program jednání byl schválen.\n"
    )
    elected, merged, programme = resolutions(body)
    assert (elected.text, elected.verb, counts(elected)) == (
        "Ověřovatelem zápisu byla zvolena Eva Malá.",
        "volí",
        (5, 0, 0),
    )
    assert (merged.text, counts(merged)) == ("Jan Novák: Navrhuji body 3 a 4 sloučit do jednoho bodu.", (4, 0, 1))
    assert (programme.text, counts(programme)) == ("Program jednání byl schválen.", (4, 0, 1))


@pytest.mark.parametrize(
    ("sentence", "verb"),
    [
        ("Zapisovatelkou jednání byla navržena a schválena Eva Malá.", "schvaluje"),
        ("Ověřovateli zápisu byli navrženi a zvoleni Jan Novák a Petr Veselý.", "volí"),
        ("Program jednání byl doplněn a schválen.", "schvaluje"),
    ],
)
def test_a_passive_after_another_participle_is_a_decision(sentence: str, verb: str) -> None:
    # "byla navržena a schválena": the auxiliary stands before the first of two participles
    (d,) = resolutions(f"1. Zahájení\n{sentence}\n")
    assert (d.text, d.verb) == (sentence, verb)


def test_a_vote_heading_that_counts_those_present_names_no_subject() -> None:
    proposal = "V souladu se stanovami svolává představenstvo sjezd delegátů na sobotu 28. listopadu do Prahy."
    body = (
        f"Svolání sjezdu\n\n{proposal}\n\nHlasování – přítomno 5 hlasujících:\n\npro: 5\n\nproti: 0\n\nzdržel se: 0\n"
    )
    (d,) = resolutions(body)  # was "Hlasování – přítomno 5 hlasujících", the proposal lost
    assert (d.text, counts(d)) == (proposal, (5, 0, 0))


def test_a_numbered_resolution_after_its_vote() -> None:
    body = (
        "Předseda vyzval k hlasování o programu jednání.\nPro - 5, proti - 0, zdržel se - 0\n"
        "USNESENÍ č. 5/2021: Výbor schválil program jednání.\n"
    )
    (d,) = resolutions(body)
    assert (d.number, d.text, counts(d)) == ("5/2021", "Výbor schválil program jednání.", (5, 0, 0))


def test_a_result_line_that_numbers_the_resolution() -> None:
    body = (
        "Návrh usnesení: Zastupitelstvo obce Horní Lhota po projednání a diskusi schvaluje program zasedání.\n"
        "Výsledek hlasování: Pro 5, Proti 0, Zdrželo se 0\nUsnesení č. 2 bylo schváleno.\n"
    )
    (d,) = resolutions(body)
    assert (d.number, d.verb, counts(d), d.result) == ("2", "schvaluje", (5, 0, 0), "přijato")
    assert d.text == "Zastupitelstvo obce Horní Lhota po projednání a diskusi schvaluje program zasedání."


def test_the_lines_of_a_motion_and_of_a_list_belong_to_it() -> None:
    body = (
        "Návrh usnesení:\n\nZastupitelstvo obce bere na vědomí zprávu o činnosti rady.\n\n"
        "Zastupitelstvo obce ukládá radě předložit rozpočet.\n\nHlasování: pro: 5 proti: 0 zdržel se: 0\n"
        "Zastupitelstvo obce schvaluje termíny:\n- inventura 31. 12. 2023\n- rozpočet 31. 1. 2024\n\n"
        "Hlasování: pro: 4 proti: 1 zdržel se: 0\n"
    )
    report, terms = resolutions(body)
    assert report.verb == "bere na vědomí" and "ukládá radě předložit rozpočet" in report.text
    assert (counts(report), counts(terms)) == ((5, 0, 0), (4, 1, 0))
    assert terms.text.endswith("- rozpočet 31. 1. 2024")


def test_narrative_is_a_decision_only_where_no_resolution_is_given_formally() -> None:
    narrative = "Výbor schválil rozpočet akce.\nByl zvolen nový pokladník Petr Veselý.\n"
    assert [(d.kind, d.verb) for d in resolutions(narrative)] == [("agreement", "schvaluje"), ("agreement", "volí")]
    with_formula = narrative + "Výbor doporučuje radě schválit rozpočet.\n"  # a formula alone labels nothing
    assert len(resolutions(with_formula)) == 3
    formal = narrative + "Usnesení:\n- Výbor schvaluje rozpočet akce.\n- Výbor volí pokladníkem Petra Veselého.\n"
    assert [(d.kind, d.text) for d in resolutions(formal)] == [
        ("resolution", "Výbor schvaluje rozpočet akce."),
        ("resolution", "Výbor volí pokladníkem Petra Veselého."),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Plán byl schválen na zastupitelstvu města dne 17. 6. 2023.",
        "Rada města schválila na svém jednání dne 5. 5. 2023 dotaci spolku.",
        "Zastupitelstvo schválilo dne 10. 3. 2023 rozpočet.",
        "Plán byl následně schválen ve Vidnavě.",
    ],
)
def test_news_of_another_day_or_bodys_decision_is_not_a_decision(sentence: str) -> None:
    assert resolutions(sentence + "\n") == []
    (d,) = resolutions("Výbor schválil zápis ze zasedání dne 6. 3. 2023.\n")  # the date is the minutes'
    assert d.verb == "schvaluje"


def test_resolutions_restated_in_a_closing_list_adopted_by_one_vote_are_kept_once() -> None:
    body = (
        "1. Zpráva o činnosti\nZastupitelstvo obce bere na vědomí zprávu o činnosti rady.\n\n"
        "2. Rozpočet\nNávrh usnesení: Zastupitelstvo obce schvaluje rozpočet.\n"
        "Hlasování: pro: 5 proti: 0 zdržel se: 0\n\n"
        "3. Usnesení\nZastupitelstvo obce bere na vědomí:\n1. zprávu o činnosti rady\n\n"
        "Usnesení z 5. zasedání zastupitelstva.\nHlasování: pro: 4 proti: 0 zdržel se: 1\n"
    )
    budget, closing = resolutions(body)
    assert (budget.verb, counts(budget)) == ("schvaluje", (5, 0, 0))
    assert closing.text.startswith("Zastupitelstvo obce bere na vědomí:") and counts(closing) == (4, 0, 1)


def test_the_agenda_item_a_decision_belongs_to() -> None:
    head = HEAD + PRESENT + "Program:\n1. Zahájení\n2. Rozpočet obce na rok 2024\n3. Různé\n\n"
    body = "1. Zahájení\nStarosta přivítal přítomné.\n2. Rozpočet\nZastupitelstvo obce schvaluje rozpočet.\n"
    (d,) = resolutions(body, head)
    assert d.agenda_item == "Rozpočet obce na rok 2024"


# --- tasks -----------------------------------------------------------------------------------------


def test_a_resolution_that_gives_work_names_who_and_by_when() -> None:
    (d,) = resolutions("Usnesení č. 9/2023: Zastupitelstvo obce ukládá starostovi podepsat smlouvu do 31. 3.")
    assert (d.verb, d.responsible, d.deadline, d.deadline_raw) == ("ukládá", "starosta", "2024-03-31", "31. 3")


def test_a_resolution_that_entrusts_someone_names_them_in_the_nominative() -> None:
    (d,) = resolutions("Usnesení č. 10/2023: Zastupitelstvo obce pověřuje starostu podpisem kupní smlouvy.")
    assert (d.verb, d.responsible) == ("pověřuje", "starosta")
    (d,) = resolutions("Usnesení č. 11/2023: Zastupitelstvo obce pověřuje Ing. Jana Nováka jednáním s krajem.")
    assert (d.responsible, [p.raw for p in d.responsible_people]) == ("Jan Novák", ["Ing. Jana Nováka"])


def test_an_unvoted_assignment_is_a_task() -> None:
    (task,) = decisions("Výbor ukládá Ing. Janu Novákovi připravit rozpočet do 15. 12.\n")
    assert (task.kind, task.responsible, task.deadline) == ("task", "Jan Novák", "2023-12-15")
    assert [p.name for p in task.responsible_people] == ["Jan Novák"]


def test_task_labels_and_task_verbs() -> None:
    body = (
        "Úkol: Připravit přehled smluv. Termín: 15. 12. 2023. Zodpovídá: Petr Veselý\n"
        "Úkol: Opravit web. Termín: průběžně\n"
        ">> úklid dílny\n   kdo: krtek, skirit\n"
        "- p. Malá zajistí pronájem sálu do 10. 1.\n"
        "- plakáty vyhotoví Novák J.\n"
        "- zajistí občerstvení\n"
        "- materiál dodá firma pana Kadlece\n"  # the firm delivers: no one of the meeting is named
    )
    tasks = [d for d in decisions(body) if d.kind == "task"]
    assert [(t.text, t.responsible, t.deadline) for t in tasks] == [
        ("Připravit přehled smluv.", "Petr Veselý", "2023-12-15"),
        ("Opravit web.", None, None),
        ("úklid dílny", "krtek, skirit", None),
        ("p. Malá zajistí pronájem sálu do 10. 1.", "Eva Malá", "2024-01-10"),
        ("plakáty vyhotoví Novák J.", "Jan Novák", None),
    ]
    assert tasks[1].deadline_raw == "průběžně"
    assert [p.person_id for p in tasks[0].responsible_people] == ["petr-vesely"]


# --- who chaired -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "chair"),
    [
        ("Zasedání zahájil a řídil starosta obce Ing. Jan Novák.", "Jan Novák"),
        ("Jednání řídila Mgr. Eva Malá a přivítala hosty.", "Eva Malá"),
        ("Předsedajícím byl zvolen Petr Veselý.", "Petr Veselý"),
        ("Předsedající schůze: Jana Dlouhá", "Jana Dlouhá"),
        ("Zasedání bylo zahájeno v 18:00 hodin starostou obce Karlem Krátkým (dále jen předsedající).", "Karel Krátký"),
        ("Jednání zahájil v 19.05 hodin Novák J., přivítal přítomné.", "Jan Novák"),
        ("Starosta obce pan Veselý zahájil v 17.20 hodin jednání zastupitelstva.", "Petr Veselý"),
        ("1. Zahájení – ses. Malá", "Eva Malá"),
        ("Jednání zahájil starosta Jan Novák a předal řízení místostarostovi Petru Veselému.", "Petr Veselý"),
    ],
)
def test_who_chaired_in_the_nominative(sentence: str, chair: str) -> None:
    meeting = parse_meeting(HEAD + PRESENT + sentence + "\n").fields
    assert meeting.chaired_by is not None and meeting.chaired_by.name == chair


@pytest.mark.parametrize(
    "sentence",
    [
        "Zasedání bylo zahájeno v 18:00 hodin dosavadním starostou obce (předsedajícím).",
        "Starosta zahájil zasedání v 17:05 a přivítal přítomné.",
        "Předsedající konstatoval, že zastupitelstvo je usnášeníschopné.",
    ],
)
def test_no_chair_where_no_one_is_named(sentence: str) -> None:
    assert parse_meeting(HEAD + PRESENT + sentence + "\n").fields.chaired_by is None


def test_the_chair_marked_in_the_attendance() -> None:
    meeting = parse_meeting(HEAD + "Přítomni: Jan Novák (předsedající), Eva Malá\n").fields
    assert meeting.chaired_by is not None and meeting.chaired_by.name == "Jan Novák"


def test_a_named_chair_wins_over_who_opened() -> None:
    text = HEAD + PRESENT + "Jednání zahájil starosta Jan Novák.\nJednání dále řídila místostarostka Eva Malá.\n"
    chair = parse_meeting(text).fields.chaired_by
    assert chair is not None and chair.name == "Eva Malá"
