"""An archivist's corrections survive: re-ingest, --force, a replaced source file, a SIGKILL.

Three fields of different kinds are corrected (a date, an attendee's name, a decision's vote
count) and one is confirmed; every build of the outputs must apply them (meeting JSON, people
registry, catalog), mark the provenance, keep them through ``--force``, report (and not apply)
those whose source file changed, and lose nothing when a run is killed while it writes.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from zapis.archive import IngestSettings, correct, ingest_directory
from zapis.cli import main
from zapis.readers import ExtractOptions

from .conftest import schema_problems

MINUTES = """Zápis z jednání komise sociální
5. září 2022, 13:00 hod, radnice
Přítomni: Jana Nováková, Petr Svoboda, Karel Dvořák
Zapsal: Petr Svoboda

1. Rozpočet
Usnesení č. 1/2022: Komise schvaluje návrh rozpočtu na rok 2023.
Hlasování: pro: 3 proti: 0 zdržel se: 0
"""
OTHER = """Zápis z jednání komise sociální
3. října 2022, 13:00 hod, radnice
Přítomni: Jana Nováková, Petr Svoboda
Zapsal: Jana Nováková
"""
MEETING = "2022-09-05_komise-socialni"
SETTINGS = IngestSettings(options=ExtractOptions(), workers=1)


def _archive(root: Path) -> Path:
    (root / "in").mkdir(parents=True)
    (root / "in" / "zari.txt").write_text(MINUTES, encoding="utf-8")
    (root / "in" / "rijen.txt").write_text(OTHER, encoding="utf-8")
    return root / "in"


def _meeting(out: Path, meeting_id: str = MEETING) -> dict:  # type: ignore[type-arg]
    return json.loads((out / "meetings" / f"{meeting_id}.json").read_text(encoding="utf-8"))


def _statuses(out: Path) -> dict[str, str]:
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {c["field"]: c["status"] for c in report["corrections"]}


def _catalog(out: Path) -> tuple[str, list[str], int]:
    with sqlite3.connect(out / "zapis.sqlite") as db:
        (date,) = db.execute("SELECT date FROM meetings WHERE meeting_id = ?", (MEETING,)).fetchone()
        names = [n for (n,) in db.execute("SELECT name FROM attendees WHERE meeting_id = ?", (MEETING,))]
        (votes,) = db.execute("SELECT votes_for FROM decisions WHERE meeting_id = ?", (MEETING,)).fetchone()
    return date, names, votes


def _assert_corrected(out: Path) -> None:
    m = _meeting(out)
    assert m["date"] == "2022-09-06"
    assert [a["name"] for a in m["attendees"]] == ["Jana Nováková", "Petr Svoboda", "Karel Dvořáček"]
    assert m["decisions"][0]["votes_for"] == 2
    assert m["location"] == "radnice"
    assert m["provenance"]["date"]["corrected"]["kind"] == "corrected"
    assert m["provenance"]["date"]["corrected"]["was"] == "2022-09-05"
    assert m["provenance"]["date"]["corrected"]["why"] == "podle pozvánky"
    assert m["provenance"]["date"]["excerpt"] == "5. září 2022, 13:00 hod, radnice"  # the evidence stays
    assert m["provenance"]["attendees[2].name"]["corrected"]["was"] == "Karel Dvořák"
    assert m["provenance"]["decisions[0].votes_for"]["corrected"]["was"] == 3
    assert m["provenance"]["location"]["corrected"]["kind"] == "checked"
    people = json.loads((out / "people.json").read_text(encoding="utf-8"))
    names = {p["name"] for p in people}
    assert "Karel Dvořáček" in names and "Karel Dvořák" not in names
    assert _catalog(out) == ("2022-09-06", ["Jana Nováková", "Petr Svoboda", "Karel Dvořáček"], 2)
    assert _statuses(out) == {
        "date": "applied",
        "attendees[2].name": "applied",
        "decisions[0].votes_for": "applied",
        "location": "checked",
    }
    assert _meeting(out, "2022-10-03_komise-socialni")["date"] == "2022-10-03"  # the other meeting untouched
    assert not schema_problems(out)


def _correct_three(out: Path) -> None:
    correct(out, MEETING, "date", "2022-09-06", by="Archivářka", why="podle pozvánky")
    correct(out, MEETING, "attendees[2].name", "Karel Dvořáček", by="Archivářka")
    correct(out, MEETING, "decisions[0].votes.for", "2", by="Archivářka", why="videozáznam")
    correct(out, MEETING, "location", action="check", by="Archivářka")


def test_corrections_are_applied_at_once_and_survive_force_and_a_replaced_source(tmp_path: Path):
    src, out = _archive(tmp_path), tmp_path / "out"
    ingest_directory(src, out, SETTINGS)
    assert _meeting(out)["date"] == "2022-09-05"
    _correct_three(out)
    _assert_corrected(out)  # the outputs were rebuilt by `correct` itself

    kept = (out / "corrections.toml").read_text(encoding="utf-8")
    assert 'field = "decisions[0].votes_for"' in kept and "was = 3" in kept and 'by = "Archivářka"' in kept
    assert 'excerpt = "radnice"' in kept  # the evidence of the corrected place

    ingest_directory(src, out, SETTINGS)  # a second run: from the cache
    _assert_corrected(out)
    ingest_directory(src, out, IngestSettings(options=ExtractOptions(), workers=1, force=True))
    _assert_corrected(out)
    assert (out / "corrections.toml").read_text(encoding="utf-8") == kept

    # The source file is replaced by another version: the corrections are reported, not applied.
    (src / "zari.txt").write_text(MINUTES.replace("Karel Dvořák", "Karel Dvořák, Eva Malá"), encoding="utf-8")
    report = ingest_directory(src, out, SETTINGS)
    m = _meeting(out)
    assert m["date"] == "2022-09-05"
    assert [a["name"] for a in m["attendees"]][2:] == ["Karel Dvořák", "Eva Malá"]
    assert m["decisions"][0]["votes_for"] == 3
    assert "corrected" not in m["provenance"]["date"] or m["provenance"]["date"]["corrected"] is None
    assert _statuses(out) == dict.fromkeys(
        ("date", "attendees[2].name", "decisions[0].votes_for", "location"), "source-changed"
    )
    assert all("has changed since the correction" in (c.reason or "") for c in report.corrections)
    assert (out / "corrections.toml").read_text(encoding="utf-8") == kept  # nothing is forgotten

    # The file as it was: the corrections apply again.
    (src / "zari.txt").write_text(MINUTES, encoding="utf-8")
    ingest_directory(src, out, SETTINGS)
    _assert_corrected(out)


def test_a_hand_edited_correction_finds_an_entry_that_moved_and_refuses_a_changed_value(tmp_path: Path):
    src, out = _archive(tmp_path), tmp_path / "out"
    ingest_directory(src, out, SETTINGS)
    correct(out, MEETING, "attendees[2].name", "Karel Dvořáček")
    text = (out / "corrections.toml").read_text(encoding="utf-8")
    # a person edits the file: the index is off (the list changed), the value it was made against is right
    text = text.replace('field = "attendees[2].name"', 'field = "attendees[0].name"')
    text += '\n[[correction]]\nmeeting = "2022-09-05_komise-socialni"\nfield = "recorded_by"\nvalue = "Pavel Svoboda"\n'
    text += 'was = "Petr Novák"\n'  # zapis never read this: the value is not the one corrected
    (out / "corrections.toml").write_text(text, encoding="utf-8")
    report = ingest_directory(src, out, SETTINGS)
    m = _meeting(out)
    assert [a["name"] for a in m["attendees"]] == ["Jana Nováková", "Petr Svoboda", "Karel Dvořáček"]
    assert m["recorded_by"]["name"] == "Petr Svoboda"
    (changed,) = [c for c in report.corrections if c.status == "value-changed"]
    assert changed.field == "recorded_by" and "'Petr Svoboda'" in (changed.reason or "")


def test_correct_on_the_command_line(tmp_path: Path):
    src, out = _archive(tmp_path), tmp_path / "out"
    ingest_directory(src, out, SETTINGS)
    runner = CliRunner()
    ok = runner.invoke(main, ["correct", str(out), MEETING, "start_time", "13:30", "--by", "K. Malá"])
    assert ok.exit_code == 0, ok.output
    assert _meeting(out)["start_time"] == "13:30"
    assert 'by = "K. Malá"' in (out / "corrections.toml").read_text(encoding="utf-8")

    bad_value = runner.invoke(main, ["correct", str(out), MEETING, "decisions[0].votes_for", "hodně"])
    assert bad_value.exit_code == 2
    assert "decisions[0].votes_for = 'hodně' is not a valid value" in bad_value.output
    bad_path = runner.invoke(main, ["correct", str(out), MEETING, "attendees[9].name", "X"])
    assert bad_path.exit_code == 2 and "attendees[9].name: no such entry in this meeting" in bad_path.output
    assert runner.invoke(main, ["correct", str(out), MEETING, "decisions[0].vote.against", "1"]).exit_code == 0
    assert _meeting(out)["decisions"][0]["votes_against"] == 1
    no_field = runner.invoke(main, ["correct", str(out), MEETING, "weather", "X"])
    assert no_field.exit_code == 2 and "a meeting has no field 'weather'" in no_field.output
    no_meeting = runner.invoke(main, ["correct", str(out), "2000-01-01_nic", "date", "2000-01-02"])
    assert no_meeting.exit_code == 2 and "no meeting '2000-01-01_nic'" in no_meeting.output
    both = runner.invoke(main, ["correct", str(out), MEETING, "date", "2022-09-05", "--checked"])
    assert both.exit_code == 2 and "either a VALUE or --checked" in both.output
    assert (out / "corrections.toml").read_text(encoding="utf-8").count("\n[[correction]]\n") == 2


# A run that stops for good once it has staged its first meeting: the test kills it there.
_PAUSED_RUN = """
import sys, time
from pathlib import Path
from zapis.archive import outdir
flag, staged = Path(sys.argv[1]), outdir.Publication.meeting
def meeting(self, name, data):
    staged(self, name, data)
    flag.touch()
    time.sleep(600)
outdir.Publication.meeting = meeting
from zapis.cli import main
sys.argv = ["zapis", "ingest", sys.argv[2], "-o", sys.argv[3], "-j", "1", "--force"]
main()
"""


def test_a_run_killed_while_it_writes_the_outputs_loses_no_correction(tmp_path: Path):
    src, out = _archive(tmp_path), tmp_path / "out"
    ingest_directory(src, out, SETTINGS)
    _correct_three(out)
    before = {p: p.read_bytes() for p in [*(out / "meetings").iterdir(), out / "corrections.toml", out / "people.json"]}
    flag = tmp_path / "writing"
    proc = subprocess.Popen(
        [sys.executable, "-c", _PAUSED_RUN, str(flag), str(src), str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not flag.exists():
            assert proc.poll() is None and time.monotonic() < deadline, "the run never got to writing its outputs"
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)  # in the middle of writing the outputs
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert {p: p.read_bytes() for p in before} == before  # the outputs of before, whole
    _assert_corrected(out)
    ingest_directory(src, out, SETTINGS)  # the next run
    _assert_corrected(out)


def test_a_correction_reads_back_only_the_meeting_it_corrects(tmp_path: Path, monkeypatch):
    from zapis.archive.cache import ResultCache

    archive = _archive(tmp_path)
    for day in (7, 14, 21):  # more meetings that no correction touches
        text = OTHER.replace("3. října", f"{day}. listopadu")
        (archive / f"listopad-{day}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    ingest_directory(archive, out, SETTINGS)
    reads: list[str] = []
    real = ResultCache.get

    def counting(self: ResultCache, sha: str):  # type: ignore[no-untyped-def]
        reads.append(sha)
        return real(self, sha)

    monkeypatch.setattr(ResultCache, "get", counting)
    report = correct(out, MEETING, "attendees[0].name", "Jana Nová")
    assert report is not None
    # each file once for its records, once to write its meeting; the corrected one once more,
    # for the registry (its attendee renamed): not every meeting again
    assert len(reads) == 2 * 5 + 1
    assert _meeting(out)["attendees"][0]["name"] == "Jana Nová"
    people = json.loads((out / "people.json").read_text(encoding="utf-8"))
    assert "Jana Nová" in {p["name"] for p in people}
