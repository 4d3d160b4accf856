"""One record per meeting: files are copies of one meeting only when their content says so.

Two meetings of one body on one day share a date and a body, so a meeting_id; they stay two
meetings, each with its copies, and get ids decided by their content.  Every merge in
report.json says why.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from zapis.archive import IngestSettings, ingest_directory, search
from zapis.schema import load_meeting

from .render import write_docx, write_pdf

MORNING = """Zápis z jednání stavební komise
18. března 2024, 9:00 hod, zasedací místnost č. 12, radnice Lysá

Přítomni: Ing. Petr Dvořák, Jana Malá, Tomáš Kovář, Lucie Horáková
Omluveni: Martin Beneš

Program:
1. Rekonstrukce chodníku v Husově ulici
2. Žádost o stavební povolení pro čp. 118

K bodu 1: Komise projednala rekonstrukci chodníku v Husově ulici a doporučuje zadat projekt.
K bodu 2: Žádost o stavební povolení pro čp. 118 komise doporučuje schválit.

Zapsala: Jana Malá
"""

EVENING = """Zápis z mimořádného jednání stavební komise
18. března 2024, 18:00 hod, velký sál kulturního domu, Lysá

Přítomni: Ing. Petr Dvořák, Martin Beneš, Eva Černá, Karel Procházka
Omluveni: Jana Malá

Program:
1. Havárie vodovodu na náměstí
2. Uzavírka silnice do Milovic

K bodu 1: Komise se seznámila s havárií vodovodu na náměstí a žádá o opravu do konce měsíce.
K bodu 2: Uzavírka silnice do Milovic potrvá dva týdny, objízdná trasa vede přes Ostrou.

Zapsal: Martin Beneš
"""

BASE = "2024-03-18_stavebni-komise"
DISCUSSION = """Předseda přivítal přítomné a seznámil je s výsledky kontroly stavu komunikací po zimě.
Nejhorší je úsek chodníku mezi poštou a školou, kde jsou uvolněné dlaždice a chybí obrubníky.
Pan Kovář upozornil, že stejný problém hlásili občané už loni a oprava byla odložena kvůli rozpočtu.
Paní Horáková navrhla spojit opravu chodníku s výměnou veřejného osvětlení, které je v havarijním stavu.
Komise se shodla, že projektová dokumentace má zahrnout obě akce a odhad nákladů pro rozpočet města.
Stavební úřad doplní informace o podmínkách dotace z programu na obnovu místních komunikací.
"""


def _archive(root: Path, names: dict[str, str]) -> Path:
    """The two meetings, each as a PDF and a DOCX, under the given file names."""
    root.mkdir(parents=True)
    write_pdf(MORNING, root / names["morning.pdf"])
    write_docx(MORNING, root / names["morning.docx"])
    write_pdf(EVENING, root / names["evening.pdf"])
    write_docx(EVENING, root / names["evening.docx"])
    return root


@pytest.fixture(scope="module")
def same_day(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("same-day")
    names = {n: n for n in ("morning.pdf", "morning.docx", "evening.pdf", "evening.docx")}
    folder = _archive(base / "in", names)
    ingest_directory(folder, base / "out", IngestSettings(workers=2))
    return folder, base / "out"


def _report(out: Path) -> dict[str, dict]:
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {f["path"]: f for f in report["files"]}


def test_two_meetings_of_one_body_on_one_day_stay_two(same_day: tuple[Path, Path]) -> None:
    _, out = same_day
    files = _report(out)
    assert files["morning.pdf"]["meeting_id"] == files["morning.docx"]["meeting_id"] == BASE
    assert files["evening.pdf"]["meeting_id"] == files["evening.docx"]["meeting_id"] == f"{BASE}_2"
    morning = load_meeting((out / "meetings" / f"{BASE}.json").read_bytes())
    evening = load_meeting((out / "meetings" / f"{BASE}_2.json").read_bytes())
    assert sorted(s.path for s in morning.sources) == ["morning.docx", "morning.pdf"]
    assert sorted(s.path for s in evening.sources) == ["evening.docx", "evening.pdf"]
    assert (morning.start_time, evening.start_time) == ("09:00", "18:00")
    assert morning.variants == [] and evening.variants == []  # nothing of one meeting hides in the other
    assert [a.name for a in evening.attendees] == ["Petr Dvořák", "Martin Beneš", "Eva Černá", "Karel Procházka"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (report["summary"]["meetings"], report["summary"]["duplicates_merged"]) == (2, 2)


def test_every_merge_says_why_and_every_split_too(same_day: tuple[Path, Path]) -> None:
    _, out = same_day
    files = _report(out)
    # the PDF is the better copy: the DOCX joined it, and the report says on what evidence
    for meeting in ("morning", "evening"):
        assert files[f"{meeting}.pdf"]["copy_of"] is None
        evidence = files[f"{meeting}.docx"]["copy_of"]
        assert evidence["file"] == f"{meeting}.pdf" and evidence["rule"] == "same-text"
        assert evidence["similarity"] >= 0.8
        assert {"date", "start_time", "location", "attendees", "agenda"} <= set(evidence["shared_fields"])
        assert evidence["differing_fields"] == []
    apart = files["morning.pdf"]["kept_apart"]
    assert [a["meeting_id"] for a in apart] == [f"{BASE}_2"] and apart[0]["file"] == "evening.pdf"
    assert {"start_time", "location", "attendees", "agenda"} <= set(apart[0]["differing_fields"])
    assert apart[0]["similarity"] < 0.5
    assert [a["meeting_id"] for a in files["evening.pdf"]["kept_apart"]] == [BASE]


def test_both_meetings_can_be_found(same_day: tuple[Path, Path]) -> None:
    _, out = same_day
    assert {h.meeting_id for h in search(out, "chodníku Husově")} == {BASE}
    assert {h.meeting_id for h in search(out, "vodovodu náměstí")} == {f"{BASE}_2"}


def test_ids_are_decided_by_content_not_by_file_names(same_day: tuple[Path, Path], tmp_path: Path) -> None:
    """Other names, another order of discovery: the morning meeting keeps the plain id."""
    names = {"morning.pdf": "z.pdf", "morning.docx": "y.docx", "evening.pdf": "a.pdf", "evening.docx": "b.docx"}
    folder = _archive(tmp_path / "in", names)
    ingest_directory(folder, tmp_path / "out", IngestSettings(workers=1))
    files = _report(tmp_path / "out")
    assert files["z.pdf"]["meeting_id"] == files["y.docx"]["meeting_id"] == BASE
    assert files["a.pdf"]["meeting_id"] == files["b.docx"]["meeting_id"] == f"{BASE}_2"
    # and a second run over the first folder gives the same ids again
    first, out = same_day
    shutil.copytree(first, tmp_path / "again")
    ingest_directory(tmp_path / "again", tmp_path / "out2", IngestSettings(workers=1))
    assert {p: f["meeting_id"] for p, f in _report(tmp_path / "out2").items()} == {
        p: f["meeting_id"] for p, f in _report(out).items()
    }


def test_a_shortened_copy_with_the_same_fields_is_the_same_meeting(tmp_path: Path) -> None:
    """A copy that keeps the header, the lists and the agenda but not the discussion has little
    text in common with the full minutes: its fields say it is the same meeting."""
    folder = tmp_path / "in"
    folder.mkdir()
    head, discussion = MORNING.split("K bodu 1")
    full = head + DISCUSSION + "K bodu 1" + discussion
    write_pdf(full, folder / "zapis.pdf")
    short = head + "Usnesení a diskuse viz úplný zápis na odboru výstavby.\n"
    (folder / "vytah.txt").write_text(short, encoding="utf-8")
    report = ingest_directory(folder, tmp_path / "out", IngestSettings(workers=1))
    files = {f.path: f for f in report.files}
    assert files["vytah.txt"].meeting_id == files["zapis.pdf"].meeting_id == BASE
    evidence = files["vytah.txt"].copy_of
    assert evidence is not None and evidence.rule == "same-fields" and evidence.similarity < 0.8
    assert {"date", "start_time", "location", "attendees", "agenda"} <= set(evidence.shared_fields)


def test_the_same_template_on_another_day_is_another_meeting(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "brezen.txt").write_text(MORNING, encoding="utf-8")
    (folder / "duben.txt").write_text(MORNING.replace("18. března", "15. dubna"), encoding="utf-8")
    report = ingest_directory(folder, tmp_path / "out", IngestSettings(workers=1))
    ids = {f.path: f.meeting_id for f in report.files}
    assert ids == {"brezen.txt": BASE, "duben.txt": "2024-04-15_stavebni-komise"}
    assert all(f.copy_of is None for f in report.files)


class _File:
    def __init__(self, name: str, text: str, start: str | None) -> None:
        from zapis.archive.dedup import CopyFields, Fingerprint

        self.meeting_id, self.date, self.text = BASE, "2024-03-18", text
        self.fingerprint = Fingerprint.of(text)
        self.fields = CopyFields.of(start, None, None, "stavebni komise", None, [], [])
        self.name = name


def test_no_chain_of_copies_joins_two_meetings_with_other_times() -> None:
    """Mutation: a group of copies takes any file that is like one of its files, so an excerpt
    without a time, like both meetings of the day, chains the morning and the evening together."""
    from zapis.archive.dedup import group_near_duplicates, similarity

    common = " ".join(f"Odstavec {k}: komise projednala body programu a přijala usnesení {k}." for k in range(40))
    ranni = " ".join(f"Ráno chodník {k * 7} a dlažba v ulici {k * 11}." for k in range(18))
    vecerni = " ".join(f"Večer vodovod {k * 13} a havárie u domu {k * 17}." for k in range(18))
    morning = _File("morning", common + ranni, "09:00")
    evening = _File("evening", common + vecerni, "18:00")
    excerpt = _File("excerpt", common, None)
    assert similarity(morning, excerpt) >= 0.5 and similarity(evening, excerpt) >= 0.5
    assert similarity(morning, evening) < 0.8
    groups = group_near_duplicates([morning, evening, excerpt])
    assert sorted(sorted(f.name for f in g) for g in groups) == [["evening"], ["excerpt", "morning"]]


NOON = """Zápis z jednání stavební komise
18. března 2024, 13:00 hod, zasedací místnost č. 12, radnice Lysá

Přítomni: Ing. Petr Dvořák, Tomáš Kovář, Lucie Horáková
Omluveni: Eva Černá

Program:
1. Výsadba stromů v parku za školou
2. Oprava oplocení hřbitova

K bodu 1: Komise doporučuje vysadit dvanáct lip podél cesty v parku za školou.
K bodu 2: Oplocení hřbitova bude opraveno z rezervy rozpočtu na údržbu.

Zapsal: Tomáš Kovář
"""


def test_a_second_meeting_of_a_file_and_a_third_meeting_of_the_day_get_ids_of_their_own(tmp_path: Path) -> None:
    # one file keeps the morning and the evening meeting (its second is "…_2" already); another file
    # the noon meeting, which comes second by its start time: it must not take "…_2" as well
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "rano-a-vecer.txt").write_text(MORNING + "\n\n" + EVENING, encoding="utf-8")
    (folder / "poledne.txt").write_text(NOON, encoding="utf-8")
    out = tmp_path / "out"
    ingest_directory(folder, out, IngestSettings(workers=1))
    files = _report(out)
    assert files["rano-a-vecer.txt"]["meeting_id"] == BASE
    assert files["rano-a-vecer.txt"]["other_meetings"] == [f"{BASE}_2"]
    assert files["poledne.txt"]["meeting_id"] == f"{BASE}_3"
    times = {p.stem: load_meeting(p.read_bytes()).start_time for p in (out / "meetings").glob("*.json")}
    assert times == {BASE: "09:00", f"{BASE}_2": "18:00", f"{BASE}_3": "13:00"}
