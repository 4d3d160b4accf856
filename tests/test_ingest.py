"""Batch import: one JSON per meeting, every input in the report, bad files never stop the batch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from zapis.archive import IngestSettings, ingest_directory
from zapis.schema import load_meeting


def _make_archive(root: Path) -> None:
    (root / "2022").mkdir(parents=True)
    (root / "2022" / "zapis ze září.txt").write_text(
        "Zápis z jednání komise sociální\n19. září 2022, 13:00 hod, radnice\n"
        "Přítomni: Jana Nováková, Petr Svoboda\nZapsal: Petr Svoboda\n",
        encoding="utf-8",
    )
    (root / "2022" / "kopie.txt").write_bytes(
        "Zápis z jednání komise sociální\n19. září 2022, 13:00 hod, radnice\n"
        "Přítomni: Jana Nováková, Petr Svoboda\nZapsal: Petr Svoboda\n".encode("cp1250")
    )
    (root / "prazdny.txt").write_bytes(b"")
    (root / "rozbity.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (root / "tabulka.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    (root / "obrazek.gif").write_bytes(b"GIF89a" + b"\x00" * 64)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archiv"
    _make_archive(root)
    return root


def test_ingest_reports_every_file_and_keeps_going(archive: Path, tmp_path: Path):
    out = tmp_path / "out"
    report = ingest_directory(archive, out, IngestSettings(workers=2, timeout=120))
    files = {f.path: f for f in report.files}
    assert set(files) == {
        "2022/kopie.txt", "2022/zapis ze září.txt", "obrazek.gif", "prazdny.txt", "rozbity.pdf", "tabulka.xlsx",
    }  # fmt: skip
    assert files["prazdny.txt"].kind == "empty"
    assert files["rozbity.pdf"].kind == "corrupt"
    assert files["tabulka.xlsx"].kind == "unsupported"
    assert files["obrazek.gif"].kind == "unsupported"
    for f in files.values():
        if f.status == "error":
            assert f.reason and "\n" not in f.reason
    # the two copies (UTF-8 and windows-1250) are one meeting
    assert files["2022/kopie.txt"].meeting_id == files["2022/zapis ze září.txt"].meeting_id
    meetings = list((out / "meetings").glob("*.json"))
    assert len(meetings) == 1
    meeting = load_meeting(meetings[0].read_text(encoding="utf-8"))
    assert meeting.date is not None and meeting.date.isoformat() == "2022-09-19"
    assert {s.path for s in meeting.sources} == {"2022/kopie.txt", "2022/zapis ze září.txt"}
    assert [a.name for a in meeting.attendees] == ["Jana Nováková", "Petr Svoboda"]
    summary = report.summary
    assert (summary.files_seen, summary.ok, summary.errors, summary.meetings) == (6, 2, 4, 1)
    assert summary.errors_by_kind == {"corrupt": 1, "empty": 1, "unsupported": 2}
    on_disk = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert on_disk["summary"]["errors"] == 4


def test_zapisignore_and_output_inside_input(archive: Path):
    (archive / ".zapisignore").write_text("*.gif\n# comment\ntabulka.xlsx\n", encoding="utf-8")
    out = archive / "out"  # the output folder inside the input folder is never read back
    report = ingest_directory(archive, out, IngestSettings(workers=1))
    files = {f.path: f for f in report.files}
    assert files["obrazek.gif"].status == "skipped" and "zapisignore" in files["obrazek.gif"].reason
    assert not any(p.startswith("out/") for p in files)
    report2 = ingest_directory(archive, out, IngestSettings(workers=1))
    assert not any(f.path.startswith("out/") for f in report2.files)


def test_removed_input_removes_its_meeting(archive: Path, tmp_path: Path):
    out = tmp_path / "out"
    ingest_directory(archive, out, IngestSettings(workers=1))
    assert len(list((out / "meetings").glob("*.json"))) == 1
    shutil.rmtree(archive / "2022")
    ingest_directory(archive, out, IngestSettings(workers=1))
    assert list((out / "meetings").glob("*.json")) == []


INVOICE = """FAKTURA – DAŇOVÝ DOKLAD č. 2023001
Dodavatel: ABC s.r.o., Liberec
Datum vystavení: 12.3.2023
Datum splatnosti: 26.3.2023
Položky: konzultace 10 h, cena 12 000 Kč
Celkem k úhradě: 14 520 Kč
"""
ARTICLE = """Jak pěstovat rajčata na balkoně

Rajčata potřebují slunce a pravidelnou zálivku. Sazenice vysazujte po 15. květnu 2024, kdy už nehrozí
mrazíky. Paní Nováková z Liberce doporučuje přihnojovat kopřivovým výluhem.
"""


@pytest.mark.parametrize("text", [INVOICE, ARTICLE], ids=["invoice", "article"])
def test_not_minutes_keeps_its_text_but_no_made_up_fields(tmp_path: Path, text: str):
    from zapis.pipeline import extract_meeting

    path = tmp_path / "dokument.txt"
    path.write_text(text, encoding="utf-8")
    meeting = extract_meeting(path)
    assert meeting.date is None and meeting.body is None and meeting.start_time is None
    assert meeting.attendees == [] and meeting.recorded_by is None and meeting.agenda == []
    assert any("does not look like meeting minutes" in w for w in meeting.warnings)
    assert text.split()[0] in meeting.text


def test_copy_with_its_date_missing_joins_its_meeting(tmp_path: Path):
    from .conftest import SAMPLES

    archive = tmp_path / "archiv"
    archive.mkdir()
    original = (SAMPLES / "txt" / "002.txt").read_text(encoding="utf-8")
    shutil.copy(SAMPLES / "txt" / "002.txt", archive / "original.txt")
    # a retyped copy whose heading lost the date (and so has another meeting_id) …
    (archive / "bez-data.txt").write_text(original.replace("11. září 2023, ", ""), encoding="utf-8")
    # … and another meeting of the same group, with the same boilerplate
    shutil.copy(SAMPLES / "txt" / "004.txt", archive / "jine-jednani.txt")
    report = ingest_directory(archive, tmp_path / "out", IngestSettings(workers=1))
    ids = {f.path: f.meeting_id for f in report.files}
    assert ids["bez-data.txt"] == ids["original.txt"] != ids["jine-jednani.txt"]
    assert report.summary.meetings == 2


def test_ingest_keeps_files_that_are_not_minutes_out_of_the_archive(tmp_path: Path):
    from zapis.archive import load_people, search

    folder = tmp_path / "archiv"
    folder.mkdir()
    (folder / "faktura.txt").write_text(INVOICE, encoding="utf-8")
    (folder / "clanek.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "zapis.txt").write_text(
        "Zápis z jednání komise sociální\n19. září 2022, 13:00 hod, radnice\n"
        "Přítomni: Jana Nováková, Petr Svoboda\nRajčata na zahradě komise nechá zalít.\nZapsal: Petr Svoboda\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    report = ingest_directory(folder, out, IngestSettings(workers=1))
    status = {f.path: (f.status, f.meeting_id) for f in report.files}
    assert status == {
        "faktura.txt": ("not-minutes", None),
        "clanek.txt": ("not-minutes", None),
        "zapis.txt": ("ok", "2022-09-19_komise-socialni"),
    }
    assert "does not read as meeting minutes" in (next(f for f in report.files if f.path == "clanek.txt").reason or "")
    assert (report.summary.ok, report.summary.not_minutes, report.summary.meetings) == (1, 2, 1)
    assert sorted(p.name for p in (out / "meetings").iterdir()) == ["2022-09-19_komise-socialni.json"]
    assert "Nováková" in {p.name.split()[-1] for p in load_people(out)}  # the minutes' people only
    assert {p.name for p in load_people(out)} == {"Jana Nováková", "Petr Svoboda"}
    hits = search(out, "rajčata")
    assert [h.meeting_id for h in hits] == ["2022-09-19_komise-socialni"]  # not the article
    again = ingest_directory(folder, out, IngestSettings(workers=1))  # from the cache: the same
    assert {f.path: f.status for f in again.files} == {k: v[0] for k, v in status.items()}
    assert again.summary.from_cache == 3


def test_ingest_writes_every_meeting_of_a_file_with_several(tmp_path: Path):
    folder = tmp_path / "archiv"
    folder.mkdir()
    one = "1. zápis z jednání rady\n\nDatum: 7. 9. 2021\n\nPřítomni: Jan Novák, Eva Malá\n\nProgram:\n1. Zahájení\n"
    two = "2. zápis z jednání rady\n\nDatum: 21. 9. 2021\n\nPřítomni: Petr Veselý\n\nProgram:\n1. Rozpočet\n"
    (folder / "rada 2021.txt").write_text(one + "\n- Bylo usneseno, že se sejdeme.\n\n" + two, encoding="utf-8")
    out = tmp_path / "out"
    report = ingest_directory(folder, out, IngestSettings(workers=1))
    (entry,) = report.files
    assert entry.status == "ok" and entry.meeting_id == "2021-09-07_rada"
    assert entry.other_meetings == ["2021-09-21_rada"]
    assert report.summary.meetings == 2 and report.summary.duplicates_merged == 0
    meetings = {m.meeting_id: m for m in (load_meeting(p.read_bytes()) for p in (out / "meetings").iterdir())}
    assert sorted(meetings) == ["2021-09-07_rada", "2021-09-21_rada"]
    assert [p.name for p in meetings["2021-09-21_rada"].attendees] == ["Petr Veselý"]
    assert meetings["2021-09-21_rada"].sources[0].path == "rada 2021.txt"
