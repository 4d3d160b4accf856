"""Decisions read from real files made in the test: a Word file whose votes are tables, a PDF with
numbered resolutions and a drawn table of counts, and an archive whose catalog and person
registry hold the decisions and the votes of each person."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pymupdf

from zapis.archive import IngestSettings, ingest_directory
from zapis.pipeline import extract_meeting
from zapis.schema import load_meeting

from .render import FONT, write_pdf

COUNCIL = """Zápis z 3. zasedání rady obce Dolní Lhota konaného dne 5. 3. 2024
Přítomni: Ing. Jan Novák, Eva Malá, Petr Veselý
Program:
1. Rozpočet
2. Prodej pozemku
3. Oprava hasičské zbrojnice
1. Rozpočet
Usnesení č. 1/2024: Rada obce schvaluje rozpočet obce na rok 2024.
2. Prodej pozemku
Usnesení č. 2/2024: Rada obce neschvaluje prodej pozemku p. č. 120/3.
3. Oprava hasičské zbrojnice
Usnesení č. 3/2024: Rada obce ukládá starostovi zajistit nabídky na opravu zbrojnice do 30. 4.
Úkol: Objednat revizi hydrantů. Termín: 15. 5. Zodpovídá: Petr Veselý"""


def _council_docx(path: Path) -> Path:
    """The minutes as Word writes them: paragraphs, a table of counts, a table of how each member voted."""
    from docx import Document

    doc = Document()
    for line in COUNCIL.split("\n"):
        doc.add_paragraph(line)
    doc.add_paragraph("Výsledky hlasování:")
    counts = doc.add_table(rows=4, cols=4)
    for r, row in enumerate([["Usnesení", "Pro", "Proti", "Zdržel se"], ["1/2024", "3", "0", "0"],
                             ["2/2024", "1", "2", "0"], ["3/2024", "2", "0", "1"]]):  # fmt: skip
        for c, value in enumerate(row):
            counts.cell(r, c).text = value
    doc.add_paragraph("Hlasování o usnesení č. 3/2024:")
    voters = doc.add_table(rows=3, cols=2)
    for r, (name, vote) in enumerate([("Ing. Jan Novák", "pro"), ("Eva Malá", "pro"), ("Petr Veselý", "zdržel se")]):
        voters.cell(r, 0).text = name
        voters.cell(r, 1).text = vote
    doc.add_paragraph("Zapsal: Petr Veselý")
    doc.save(str(path))
    return path


def test_a_docx_with_tables_of_votes(tmp_path: Path) -> None:
    meeting = extract_meeting(_council_docx(tmp_path / "rada.docx"))
    assert "1/2024 | 3 | 0 | 0" in meeting.text.split("\n")  # two cells with one value are two cells
    budget, sale, repair, task = meeting.decisions
    assert [
        (d.number, d.verb, d.votes_for, d.votes_against, d.votes_abstained, d.result) for d in (budget, sale, repair)
    ] == [
        ("1/2024", "schvaluje", 3, 0, 0, "přijato"),
        ("2/2024", "neschvaluje", 1, 2, 0, "nepřijato"),
        ("3/2024", "ukládá", 2, 0, 1, "přijato"),
    ]
    assert [(v.person.name, v.vote) for v in repair.named_votes] == [
        ("Jan Novák", "for"),
        ("Eva Malá", "for"),
        ("Petr Veselý", "abstained"),
    ]
    assert (repair.responsible, repair.deadline, repair.agenda_item) == (
        "starosta",
        "2024-04-30",
        "Oprava hasičské zbrojnice",
    )
    assert (task.kind, task.text, task.responsible, task.deadline) == (
        "task",
        "Objednat revizi hydrantů.",
        "Petr Veselý",
        "2024-05-15",
    )
    assert sale.agenda_item == "Prodej pozemku"


RESOLUTIONS = """Zápis z 12. zasedání Zastupitelstva obce Horní Lhota konaného dne 20. 6. 2024 od 18:00 hodin

Přítomni: Jana Dlouhá, Karel Krátký, Eva Malá, Jan Novák, Petr Veselý

Zasedání zahájil a řídil starosta obce Karel Krátký.
Přítomno je 5 členů zastupitelstva, zastupitelstvo je usnášeníschopné.
Návrh usnesení:
Zastupitelstvo obce schvaluje program 12. zasedání.
Hlasování: pro 5, proti 0, zdržel se 0 – schváleno
Usnesení č. 12/2/2024: Zastupitelstvo obce ruší usnesení č. 11/5/2024 a volí členem finančního výboru Petra Veselého.
Výsledek hlasování: 4-0-1
Usnesení č. 12/3/2024: Zastupitelstvo obce bere na vědomí zprávu kontrolního výboru.
Pro: Jana Dlouhá, Karel Krátký, Eva Malá
Proti: Jan Novák
Zdržel se: Petr Veselý
Usnesení č. 12/4/2024: Zastupitelstvo obce ukládá místostarostce Evě Malé připravit rozpočtové opatření do 31. 8.
Hlasování: jednomyslně
Zapsal: Jan Novák"""


def test_a_pdf_with_numbered_resolutions(tmp_path: Path) -> None:
    meeting = extract_meeting(write_pdf(RESOLUTIONS, tmp_path / "zastupitelstvo.pdf"))
    assert meeting.chaired_by is not None and meeting.chaired_by.name == "Karel Krátký"
    programme, member, report, budget = meeting.decisions
    assert (programme.number, programme.verb, programme.votes_for, programme.votes_against) == (None, "schvaluje", 5, 0)
    assert (member.number_normalized, member.verb, member.votes_for, member.votes_abstained) == (
        "12/2/2024",
        "revokuje",
        4,
        1,
    )
    assert [(r.relation, r.number) for r in member.refers_to] == [("revokes", "11/5/2024")]
    assert (report.number, report.verb, report.votes_for, report.votes_against, report.votes_abstained) == (
        "12/3/2024",
        "bere na vědomí",
        3,
        1,
        1,
    )
    assert {v.person.name: v.vote for v in report.named_votes} == {
        "Jana Dlouhá": "for", "Karel Krátký": "for", "Eva Malá": "for",
        "Jan Novák": "against", "Petr Veselý": "abstained",
    }  # fmt: skip
    assert (budget.votes_for, budget.votes_against, budget.votes_abstained, budget.result) == (5, 0, 0, "přijato")
    assert (budget.responsible, budget.deadline) == ("Eva Malá", "2024-08-31")
    assert [p.person_id for p in budget.responsible_people] == ["eva-mala"]
    assert meeting.warnings == []


def test_a_table_of_counts_drawn_in_a_pdf(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    font = pymupdf.Font(fontfile=FONT)

    def put(x: float, y: float, text: str) -> None:
        writer = pymupdf.TextWriter(page.rect)
        writer.append((x, y), text, font=font, fontsize=10)
        writer.write_text(page)

    put(50, 60, "Zápis z jednání rady obce Dolní Lhota konaného dne 5. 3. 2024")
    put(50, 90, "Přítomni: Jan Novák, Eva Malá, Petr Veselý")
    put(50, 120, "Usnesení č. 3/2024: Rada obce schvaluje rozpočet na rok 2024.")
    put(50, 140, "Usnesení č. 4/2024: Rada obce zřizuje komisi pro výstavbu.")
    y = 170.0
    for row in (["Usnesení", "Pro", "Proti", "Zdržel se"], ["3/2024", "3", "0", "0"], ["4/2024", "2", "1", "0"]):
        for j, cell in enumerate(row):
            put(50 + 120 * j, y, cell)
            page.draw_rect(pymupdf.Rect(45 + 120 * j, y - 12, 165 + 120 * j, y + 5))
        y += 18
    doc.save(str(tmp_path / "tabulka.pdf"))
    budget, committee = extract_meeting(tmp_path / "tabulka.pdf").decisions
    assert (budget.number, budget.verb, budget.votes_for, budget.votes_against, budget.votes_abstained) == (
        "3/2024",
        "schvaluje",
        3,
        0,
        0,
    )
    assert (committee.number, committee.verb, committee.votes_for, committee.votes_against) == (
        "4/2024",
        "zřizuje",
        2,
        1,
    )


def test_the_archive_links_voters_to_its_people_and_catalogs_decisions_and_votes(tmp_path: Path) -> None:
    archive = tmp_path / "archiv"
    archive.mkdir()
    write_pdf(RESOLUTIONS, archive / "zastupitelstvo.pdf")
    _council_docx(archive / "rada.docx")
    out = tmp_path / "out"
    ingest_directory(archive, out, IngestSettings(workers=1, timeout=120))
    people = {p["name"]: p["person_id"] for p in json.loads((out / "people.json").read_text(encoding="utf-8"))}
    meetings = [load_meeting(p.read_text(encoding="utf-8")) for p in sorted((out / "meetings").glob("*.json"))]
    voters = {v.person.name: v.person.person_id for m in meetings for d in m.decisions for v in d.named_votes}
    assert voters["Petr Veselý"] == people["Petr Veselý"]
    assert voters["Jan Novák"] == people["Jan Novák"]  # "Ing. Jan Novák" in the table of the Word file
    con = sqlite3.connect(out / "zapis.sqlite")
    try:
        rows = con.execute(
            "SELECT number, verb, votes_for, votes_against, votes_abstained, result FROM decisions "
            "WHERE number IS NOT NULL ORDER BY meeting_id, n"
        ).fetchall()
        assert ("2/2024", "neschvaluje", 1, 2, 0, "nepřijato") in rows
        assert ("12/3/2024", "bere na vědomí", 3, 1, 1, "přijato") in rows
        votes = con.execute(
            "SELECT d.number, v.person_id, v.vote FROM votes v JOIN decisions d "
            "ON d.meeting_id = v.meeting_id AND d.n = v.decision_n WHERE v.name = 'Jan Novák' ORDER BY d.number"
        ).fetchall()
        assert votes == [("12/3/2024", people["Jan Novák"], "against"), ("3/2024", people["Jan Novák"], "for")]
        tasks = con.execute("SELECT text, responsible, deadline FROM decisions WHERE kind = 'task'").fetchall()
        assert tasks == [("Objednat revizi hydrantů.", "Petr Veselý", "2024-05-15")]
    finally:
        con.close()
