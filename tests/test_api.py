"""The Python API: ``import zapis`` and one function per command, each the command's own code."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import zapis
import zapis.api
from zapis.cli import main

from .archives import minutes_folder
from .conftest import SAMPLES


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("api")
    out = root / "out"
    report = zapis.ingest(minutes_folder(root), out, workers=2)
    assert report.summary.errors == 0
    return out


def test_import_zapis_loads_no_heavy_library() -> None:
    code = (
        "import sys, zapis; heavy = ('pydantic', 'pymupdf', 'fitz', 'click', 'rich', 'numpy', 'PIL');"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_api_names_are_exported_and_the_models_resolve_on_use() -> None:
    for name in ("extract", "ingest", "diff", "search", "people", "load_meeting", "export"):
        assert callable(getattr(zapis, name)) and getattr(zapis, name) is getattr(zapis.api, name)
    assert issubclass(zapis.InputError, zapis.ZapisError)
    assert issubclass(zapis.UnsupportedFormatError, zapis.ZapisError)
    from zapis.schema import Meeting, PersonRecord, Report

    assert (zapis.Meeting, zapis.Report, zapis.PersonRecord) == (Meeting, Report, PersonRecord)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        zapis.nothing  # noqa: B018


def test_extract_gives_the_meeting_of_a_file() -> None:
    meeting = zapis.extract(SAMPLES / "txt" / "000.txt")
    assert isinstance(meeting, zapis.Meeting)
    assert meeting.date == dt.date(2022, 9, 19)
    assert meeting.start_time == "13:00"
    assert meeting.recorded_by is not None and meeting.recorded_by.name == "Lukáš Průcha"


def test_extract_of_a_missing_file_raises_a_zapis_error(tmp_path: Path) -> None:
    with pytest.raises(zapis.UnreadableFileError, match="file not found"):
        zapis.extract(tmp_path / "nic.pdf")
    with pytest.raises(zapis.InputError, match="no PDF engine 'acrobat'"):
        zapis.extract(SAMPLES / "txt" / "000.txt", engine="acrobat")  # type: ignore[arg-type]


def test_ingest_returns_the_report_it_writes(archive: Path) -> None:
    on_disk = zapis.Report.model_validate_json((archive / "report.json").read_text(encoding="utf-8"))
    assert on_disk.summary.meetings == 3  # 000 and 001 are copies of one meeting
    assert {f.path: f.status for f in on_disk.files} == {
        "000.txt": "ok",
        "001.txt": "ok",
        "002.txt": "ok",
        "financni-vybor.txt": "ok",
    }
    from zapis.schema import SCHEMA_VERSION

    assert on_disk.schemas == {"meeting": SCHEMA_VERSION, "people": "1.0.0", "organizations": "1.0.0"}
    assert SCHEMA_VERSION.startswith("1.")


SCRIPT = """\
import zapis

report = zapis.ingest({folder!r}, {out!r}, workers=2)
print(report.summary.meetings, report.summary.errors)
for entry in report.files:
    print(entry.path, entry.status, entry.reason)
"""


@pytest.mark.parametrize("how", ["script", "stdin", "module"])
def test_ingest_works_from_a_script_without_a_main_guard(tmp_path: Path, how: str) -> None:
    """multiprocessing re-runs the parent's script in its workers, unless told not to."""
    folder = minutes_folder(tmp_path)
    script = tmp_path / "import_minutes.py"
    script.write_text(SCRIPT.format(folder=str(folder), out=str(tmp_path / "out")), encoding="utf-8")
    if how in ("script", "module"):
        command = [str(script)] if how == "script" else ["-m", script.stem]
        done = subprocess.run([sys.executable, *command], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    else:
        with script.open("rb") as stdin:
            done = subprocess.run(
                [sys.executable, "-"], stdin=stdin, capture_output=True, text=True, cwd=tmp_path, timeout=300
            )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "3 0", done.stdout  # three meetings, no error: the workers did not crash
    assert sorted(lines[1:]) == [
        "000.txt ok None",
        "001.txt ok None",
        "002.txt ok None",
        "financni-vybor.txt ok None",
    ]
    # the script ran once: the workers did not start an ingest of their own
    assert len(lines) == 5


def test_ingest_refuses_what_is_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(zapis.InputError, match="is not a folder"):
        zapis.ingest(tmp_path / "nowhere", tmp_path / "out")
    with pytest.raises(zapis.InputError, match="workers must be at least 1"):
        zapis.ingest(tmp_path, tmp_path / "out", workers=0)


def test_diff_compares_two_copies() -> None:
    same = zapis.diff(SAMPLES / "txt" / "000.txt", SAMPLES / "docx" / "000.docx")
    assert same.copies.likely
    other = zapis.diff(SAMPLES / "txt" / "000.txt", SAMPLES / "txt" / "002.txt")
    assert not other.copies.likely
    assert any(r.startswith("other date") for r in other.copies.reasons)


def test_search_finds_the_meeting_of_a_word(archive: Path) -> None:
    hits = zapis.search(archive, "rozpočet")
    assert hits and {h.meeting_id for h in hits} == {"2024-03-12_financni-vybor"}
    assert hits[0].date == "2024-03-12"
    with pytest.raises(zapis.InputError, match="no words"):
        zapis.search(archive, "***")


def test_people_lists_the_registry_and_finds_a_name(archive: Path) -> None:
    records = zapis.people(archive)
    assert all(isinstance(r, zapis.PersonRecord) for r in records)
    names = {r.name for r in records}
    assert {"Lukáš Průcha", "Jan Novák", "Tomáš Procházka"} <= names
    found = zapis.people(archive, "PROCHAZKA")
    assert [r.name for r in found] == ["Tomáš Procházka"]
    assert found[0].meetings == ["2024-03-12_financni-vybor"]
    assert zapis.people(archive, "Nikdo Takový") == []


def test_people_of_a_folder_that_is_no_archive(tmp_path: Path) -> None:
    with pytest.raises(zapis.InputError, match=r"no people.json in .*: run zapis ingest"):
        zapis.people(tmp_path)


def test_load_meeting_reads_what_ingest_wrote(archive: Path) -> None:
    meeting = zapis.load_meeting(archive / "meetings" / "2024-03-12_financni-vybor.json")
    assert meeting.body == "Finanční výbor"
    assert (meeting.decisions[0].number, meeting.decisions[0].votes_for) == ("5/2024", 4)


def test_load_meeting_refuses_what_is_not_a_meeting(tmp_path: Path, archive: Path) -> None:
    data = json.loads((archive / "meetings" / "2024-03-12_financni-vybor.json").read_text(encoding="utf-8"))
    with pytest.raises(zapis.InputError, match="cannot read"):
        zapis.load_meeting(tmp_path / "none.json")
    (tmp_path / "broken.txt").write_text("{", encoding="utf-8")
    with pytest.raises(zapis.InputError, match="is not JSON"):
        zapis.load_meeting(tmp_path / "broken.txt")
    (tmp_path / "wrong.txt").write_text(json.dumps({**data, "date": "12. 3. 2024"}), encoding="utf-8")
    with pytest.raises(zapis.InputError, match=r"not a valid zapis meeting JSON \(date: "):
        zapis.load_meeting(tmp_path / "wrong.txt")
    (tmp_path / "banana.txt").write_text(json.dumps({**data, "schema_version": "banana"}), encoding="utf-8")
    with pytest.raises(zapis.InputError, match="schema banana"):
        zapis.load_meeting(tmp_path / "banana.txt")


# --- each command is a thin wrapper over the function of its name ------------------------------


class _Called(Exception):
    pass


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("extract", ["extract", "FILE"]),
        ("ingest", ["ingest", "DIR", "-o", "OUT"]),
        ("diff", ["diff", "A", "B"]),
        ("search", ["search", "DIR", "rozpočet"]),
        ("people", ["people", "DIR"]),
        ("export", ["export", "DIR", "--format", "csv"]),
    ],
)
def test_each_command_calls_the_function_of_its_name(
    name: str, args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[object, ...]] = []

    def fake(*a: object, **kw: object) -> None:
        seen.append(a)
        raise zapis.InputError("stopped by the test")

    monkeypatch.setattr(zapis.api, name, fake)
    (tmp_path / "DIR").mkdir()
    (tmp_path / "FILE").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args)
    assert len(seen) == 1, result.output
    assert "stopped by the test" in result.output
    assert result.exit_code in (1, 2)
