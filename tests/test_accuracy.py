"""`make accuracy` (scripts/accuracy.py): the figures it prints for a tiny labelled set written here."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


def _load_scorer():
    spec = importlib.util.spec_from_file_location("accuracy", ROOT / "scripts" / "accuracy.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["accuracy"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


accuracy = _load_scorer()

FINANCE = """Zápis z jednání finančního výboru obce Lhota
konaného dne 5. 6. 2024 od 17:00 hodin

Místo konání: zasedací místnost obecního úřadu
Přítomni: Ing. Jan Novák, Eva Malá, Petr Dvořák
Omluveni: Karel Veselý

Program:
1. Zahájení
2. Rozpočet na rok 2025
3. Různé

1. Zahájení
Jednání zahájil předseda výboru Jan Novák.

2. Rozpočet na rok 2025
Výbor doporučuje zastupitelstvu rozpočet schválit.

Příští jednání se koná 4. 9. 2024.

Zapsala: Eva Malá
"""

CLUB = """Zápis ze schůze výboru Spolku přátel Lhoty
konané dne 12. 3. 2023 v klubovně spolku

Začátek: 18:30
Přítomni: Marie Černá, Tomáš Kovář
Hosté: Jiří Svoboda

Program:
1. Zahájení
2. Jarní brigáda

Zapsal: Tomáš Kovář
"""

INVOICE = """Faktura č. 2024/118
Dodavatel: Stavebniny Lhota s.r.o., IČO 12345678
Odběratel: Obec Lhota
Datum vystavení: 3. 4. 2024
Položky: cement 20 pytlů, písek 2 t
Celkem k úhradě: 12 400 Kč
"""

EMPTY = {
    "date": None, "start_time": None, "location": None, "body": None, "attendees": [], "excused": [],
    "guests": [], "recorded_by": None, "agenda": [], "next_meetings": [],
}  # fmt: skip

GOLD = {
    # every field as the minutes give it: all right
    "finance.txt": EMPTY
    | {
        "kind": "single",
        "date": "2024-06-05",
        "start_time": "17:00",
        "location": "zasedací místnost obecního úřadu",
        "body": "Finanční výbor obce Lhota",
        "attendees": ["Jan Novák", "Eva Malá", "Petr Dvořák"],
        "excused": ["Karel Veselý"],
        "recorded_by": "Eva Malá",
        "agenda": ["Zahájení", "Rozpočet na rok 2025", "Různé"],
        "next_meetings": [{"date": "2024-09-04", "time": None}],
    },
    # labelled against the text on purpose: the date, one attendee and one agenda item are not there
    "club.txt": EMPTY
    | {
        "kind": "single",
        "date": "2023-03-13",
        "start_time": "18:30",
        "location": "klubovna spolku",
        "body": "Výbor Spolku přátel Lhoty",
        "attendees": ["Marie Černá", "Tomáš Kovář", "Jana Bílá"],
        "guests": ["Jiří Svoboda"],
        "recorded_by": "T. Kovář",
        "agenda": ["Zahájení", "Jarní brigáda", "Různé"],
    },
    "invoice.txt": EMPTY | {"kind": "not-minutes"},
}


def _write_set(folder: Path, files: dict[str, str], gold: dict) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return folder


def test_a_tiny_labelled_set_gives_the_figures_of_its_known_right_and_wrong_fields(tmp_path):
    folder = _write_set(tmp_path / "tiny", {"finance.txt": FINANCE, "club.txt": CLUB, "invoice.txt": INVOICE}, GOLD)
    gold = accuracy.load_gold(folder)
    outputs, grouping = accuracy.run_set(folder, gold)
    result = accuracy.score_set("tiny", gold, outputs, threshold=0.6)

    by_file = {s.name: s for s in result.files}
    assert by_file["finance.txt"].perfect and by_file["invoice.txt"].perfect
    club = by_file["club.txt"].fields
    assert club["date"] == 0.0 and club["recorded_by"] == 1.0  # "T. Kovář" is Tomáš Kovář
    assert club["attendees"] == pytest.approx(0.8) and club["agenda"] == pytest.approx(0.8)  # 2 of 3, nothing extra
    assert result.field("date") == (pytest.approx(2 / 3), 2, 3)
    assert result.field("attendees") == (pytest.approx(2.8 / 3), 2, 3)
    assert accuracy.mean(result.all_fields()) == pytest.approx(28.6 / 30)
    # filled by the gold: 9 fields of finance (no guests), 8 of club (no excused, no next meeting), none of the invoice
    assert len(result.filled_fields()) == 17 and accuracy.mean(result.filled_fields()) == pytest.approx(15.6 / 17)
    # confident: every field given but next_meetings (no confidence); club's date, attendees and agenda are wrong
    given = {(g.file, g.field): g.right for g in result.given}
    assert len(given) == 16 and sum(given.values()) == 13
    assert [f for (file, f), ok in given.items() if not ok] == ["date", "attendees", "agenda"]
    assert ("finance.txt", "next_meetings") not in given
    assert grouping.together == [] and grouping.meeting_of["finance.txt"] != grouping.meeting_of["club.txt"]
    assert "3 files →" in grouping.line(gold) and "(gold 2)" in grouping.line(gold)


def test_copies_are_reported_as_one_meeting_and_byte_identical_files_stay_two_files(tmp_path):
    copy = FINANCE.replace("Zapsala: Eva Malá", "Zapsala: Eva Malá, 6. 6. 2024")
    files = {"finance.txt": FINANCE, "finance-copy.txt": copy, "same.txt": FINANCE, "club.txt": CLUB}
    gold = {name: GOLD["club.txt" if name == "club.txt" else "finance.txt"] for name in files}
    folder = _write_set(tmp_path / "copies", files, gold)
    outputs, grouping = accuracy.run_set(folder, accuracy.load_gold(folder))
    assert set(outputs) == set(files) and all(isinstance(o, dict) for o in outputs.values())
    assert grouping.meetings == 2
    assert grouping.together == [["finance-copy.txt", "finance.txt", "same.txt"]]


def _meeting(**fields):
    return {**EMPTY, "warnings": [], "confidence": {}, "provenance": {}, **fields}


def test_scoring_conventions_on_written_outputs():
    """Outputs written here, not read by zapis: variants, several meetings, decisions, a missed not-minutes."""
    gold = {
        "variant.txt": EMPTY
        | {
            "kind": "single",
            "attendees": ["Jan Novák", "Eva Malá"],
            "guests": ["Petr Dvořák"],
            "variants": [{"attendees": ["Jan Novák", "Eva Malá", "Petr Dvořák"], "guests": []}],
            "decisions": [
                {
                    "number": "5/2024",
                    "text": "Výbor schvaluje rozpočet",
                    "votes_for": 3,
                    "votes_against": 0,
                    "votes_abstained": 0,
                },
                {
                    "number": None,
                    "text": "Výbor bere na vědomí zprávu o hospodaření",
                    "votes_for": None,
                    "votes_against": None,
                    "votes_abstained": None,
                },
            ],
            "chaired_by": "Jan Novák",
        },
        "two.txt": EMPTY
        | {
            "kind": "multi",
            "date": "2024-01-10",
            "body": "Výbor",
            "meetings": [{"date": "2024-01-10"}, {"date": "2024-02-14"}],
        },
        "notice.txt": EMPTY | {"kind": "not-minutes"},
    }
    outputs = {
        # the guest read as an attendee: right under the variant; "p. J. Novák" is Jan Novák
        "variant.txt": _meeting(
            attendees=[{"name": "p. J. Novák"}, {"name": "Eva Malá"}, {"name": "Petr Dvořák"}],
            chaired_by={"name": "Jan Novák"},
            decisions=[
                {"kind": "resolution", "number": "ZM/5/2024", "text": "schvaluje", "votes_for": 3, "votes_against": 1},
                {"kind": "task", "number": None, "text": "Výbor bere na vědomí zprávu o hospodaření"},
            ],
        ),
        # one meeting of two found (by its date), with the body inherited from the file's gold
        "two.txt": [_meeting(date="2024-02-14", body="Výbor"), _meeting(date="2023-12-01", body="Výbor")],
        # a notice read as a meeting with nothing in it, but without the warning: wrong all the same
        "notice.txt": _meeting(),
    }
    result = accuracy.score_set("written", gold, outputs, threshold=0.6)
    by_file = {s.name: s for s in result.files}
    assert by_file["variant.txt"].perfect and "variant 1" in by_file["variant.txt"].notes
    two = by_file["two.txt"]
    assert two.fields["date"] == 0.5 and two.fields["body"] == 0.5 and "meetings 1/2 found" in two.notes
    assert not any(by_file["notice.txt"].fields.values())
    d = result.decisions
    # ZM/5/2024 is 5/2024 (matched by number; its votes differ); the task is not a decision, so the second is missed
    assert (d.right, d.given, d.expected, d.votes_right, d.votes_expected, d.chair) == (1, 1, 2, 0, 1, [1.0])
    assert "decisions F1  66.7 % (P 100.0, R  50.0, 2 in gold)" in d.line()


@pytest.mark.parametrize(
    ("given", "gold", "same"),
    [
        ("Ing. Jan Novák", "Jan Novák", True),
        ("Novák Jan", "Jan Novák", True),
        ("Novák", "Jan Novák", True),
        ("J. Novák", "Jan Novák", True),
        ("Jana Nováková", "Jan Novák", False),
        ("Josef Novák", "Jan Novák", False),
        ("CSc.", "Jan Novák", False),
    ],
)
def test_name_matching(given, gold, same):
    assert accuracy.people_score([{"name": given}], [gold], []) == (1.0 if same else 0.0)


def test_agenda_numbering_is_ignored_and_repeated_items_count_once():
    output = ["1. Zahájení", "2) Rozpočet na rok 2025", "ad 3. Různé", "- Různé"]
    assert accuracy.agenda_score(output, ["Zahájení", "Rozpočet na rok 2025", "Různé"]) == 1.0
