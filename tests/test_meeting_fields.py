"""Every field of the meeting JSON, read from minutes that state each one, in three formats.

The minutes (tests/fixtures/minutes-every-field.txt) are written for this test: a village
committee's meeting with a programme, attendance, chair, verifier, a numbered resolution with
its vote, a task, a contact, a link and the next meeting in January after a November meeting.
The test writes them as a DOCX and a PDF and reads all three.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from zapis.pipeline import extract_meeting
from zapis.schema import Meeting

from .conftest import ROOT
from .render import write_docx, write_pdf

TEXT = (ROOT / "tests" / "fixtures" / "minutes-every-field.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=["txt", "docx", "pdf"])
def meeting(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Meeting:
    folder = tmp_path_factory.mktemp(request.param)
    path = folder / f"zapis.{request.param}"
    if request.param == "txt":
        path.write_text(TEXT, encoding="utf-8")
    elif request.param == "docx":
        write_docx(TEXT, path)
    else:
        write_pdf(TEXT, path)
    return extract_meeting(path)


def names(people: list) -> list[str]:  # type: ignore[type-arg]
    return [p.name for p in people]


def test_when_where_and_which_body(meeting: Meeting) -> None:
    assert meeting.body == "Kontrolní výbor obce Dolní Lhota"
    assert meeting.date == dt.date(2023, 11, 14)
    assert (meeting.start_time, meeting.end_time) == ("17:30", "19:05")
    assert meeting.location == "zasedací místnost obecního úřadu"  # in the nominative
    assert meeting.meeting_id == "2023-11-14_kontrolni-vybor-obce-dolni-lhota"
    assert meeting.title is not None and meeting.title.startswith("Zápis z 12. zasedání kontrolního výboru")


def test_who_was_there_and_in_which_role(meeting: Meeting) -> None:
    assert names(meeting.attendees) == ["Jana Malá", "Petr Veselý", "Tomáš Krátký"]
    assert names(meeting.excused) == ["Eva Dlouhá"]
    assert names(meeting.absent) == ["Karel Široký"]
    assert names(meeting.guests) == ["Martina Nová"]
    assert meeting.guests[0].organization == "Obecní úřad Dolní Lhota"
    assert names(meeting.verified_by) == ["Tomáš Krátký"]
    assert meeting.chaired_by is not None and meeting.chaired_by.name == "Jana Malá"
    assert meeting.chaired_by.raw == "Ing. Jana Malá"
    assert meeting.recorded_by is not None and meeting.recorded_by.name == "Petr Veselý"
    assert [(m.name, m.organization) for m in meeting.mentions] == [("Nová", "Obecního úřadu")]


def test_agenda_items_and_decisions(meeting: Meeting) -> None:
    assert meeting.agenda == ["Kontrola plnění usnesení", "Rozpočet na rok 2024", "Různé"]
    titles = {item.title for item in meeting.items}
    assert {"Kontrola plnění usnesení", "Rozpočet na rok 2024", "Různé"} <= titles
    under_budget = [i.text for i in meeting.items if i.title == "Rozpočet na rok 2024"]
    assert any(t.startswith("Usnesení č. 12/1") for t in under_budget)
    resolution, task = meeting.decisions
    assert (resolution.kind, resolution.number, resolution.number_normalized) == ("resolution", "12/1", "12/1")
    assert resolution.text.startswith("Kontrolní výbor doporučuje zastupitelstvu schválit návrh rozpočtu")
    assert (resolution.votes_for, resolution.votes_against, resolution.votes_abstained) == (3, 0, 0)
    assert (resolution.verb, resolution.result, resolution.agenda_item) == (
        "doporučuje",
        "přijato",
        "Rozpočet na rok 2024",
    )
    assert (task.kind, task.text, task.responsible) == ("task", "Připravit přehled smluv.", "Petr Veselý")
    assert [p.name for p in task.responsible_people] == ["Petr Veselý"]
    assert task.agenda_item == "Rozpočet na rok 2024"


def test_a_deadline_is_the_date_alone(meeting: Meeting) -> None:
    """ "Termín: 15. 12. 2023. Zodpovídá: Petr Veselý" once gave the deadline "15. 12. 2023. Zodpovídá: …"."""
    task = meeting.decisions[1]
    assert (task.deadline, task.deadline_raw) == ("2023-12-15", "15. 12. 2023")


def test_next_meeting_in_january_is_in_the_next_year(meeting: Meeting) -> None:
    (nxt,) = meeting.next_meetings
    assert (nxt.date, nxt.time) == (dt.date(2024, 1, 16), "17:30")
    assert nxt.location == "zasedací místnosti obecního úřadu"


def test_other_dates_contacts_links_and_organizations(meeting: Meeting) -> None:
    assert [(d.date, d.year_inferred) for d in meeting.dates_mentioned] == [
        (dt.date(2023, 10, 10), False),
        (dt.date(2023, 12, 15), False),
    ]
    (contact,) = meeting.contacts
    assert (contact.name, contact.phone, contact.email) == ("Martina Nová", "604123456", "nova@dolnilhota.cz")
    assert meeting.links == ["https://www.dolnilhota.cz/vybory"]
    assert [o.name for o in meeting.organizations] == ["Obecní úřad Dolní Lhota"]


def test_provenance_points_at_the_lines_read(meeting: Meeting) -> None:
    lines = meeting.text.split("\n")
    for field, where in meeting.provenance.items():
        assert where.excerpt and where.excerpt in lines[where.line - 1], field
        assert where.page == 1
    assert "14. listopadu 2023" in meeting.provenance["date"].excerpt
    assert meeting.provenance["end_time"].excerpt == "Ukončení jednání: 19:05"
    assert meeting.warnings == []


def test_the_three_formats_agree(tmp_path: Path) -> None:
    txt = tmp_path / "a.txt"
    txt.write_text(TEXT, encoding="utf-8")
    a = extract_meeting(txt)
    b = extract_meeting(write_pdf(TEXT, tmp_path / "b.pdf"))
    c = extract_meeting(write_docx(TEXT, tmp_path / "c.docx"))
    skip = {"sources", "provenance", "text", "title"}
    assert a.model_dump(exclude=skip) == b.model_dump(exclude=skip) == c.model_dump(exclude=skip)
