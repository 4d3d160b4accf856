"""The JSON contract: published schemas that change only with their version, outputs that
validate, old files that still load, a golden meeting that changes only on purpose.

Snapshots and the golden file are rewritten with ``ZAPIS_REGENERATE=1`` (never in CI, where a
missing or stale file fails the run).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from zapis.cli import main
from zapis.compare import DIFF_SCHEMA_VERSION, diff_json_schema
from zapis.errors import InputError
from zapis.output import model_json
from zapis.pipeline import extract_meeting
from zapis.schema import (
    ORGANIZATIONS_SCHEMA_VERSION,
    PEOPLE_SCHEMA_VERSION,
    REPORT_SCHEMA_VERSION,
    SCHEMA_KINDS,
    SCHEMA_VERSION,
    Report,
    json_schema,
    load_meeting,
)

from .conftest import ROOT, schema_problems

SNAPSHOTS = ROOT / "tests" / "snapshots"
REGENERATE = os.environ.get("ZAPIS_REGENERATE") == "1"


def _snapshot(path: Path, current: str) -> str:
    if REGENERATE:
        if os.environ.get("CI"):
            pytest.fail("ZAPIS_REGENERATE is refused in CI: regenerate snapshots locally and commit them")
        path.write_text(current, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run ZAPIS_REGENERATE=1 pytest {Path(__file__).name}")
    return path.read_text(encoding="utf-8")


VERSIONS = {
    "meeting": SCHEMA_VERSION,
    "report": REPORT_SCHEMA_VERSION,
    "people": PEOPLE_SCHEMA_VERSION,
    "organizations": ORGANIZATIONS_SCHEMA_VERSION,
}


@pytest.mark.parametrize(("kind", "version"), VERSIONS.items())
def test_schema_changes_only_with_its_version(kind: str, version: str) -> None:
    current = json.dumps(json_schema(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    stored = _snapshot(SNAPSHOTS / f"{kind}-schema-{version}.json", current)
    assert stored == current, (
        f"the {kind} schema changed but its version is still {version}: bump it as semver says "
        f"(new optional field: minor; removed or retyped field: major) and regenerate the snapshot"
    )


def test_diff_schema_changes_only_with_its_version() -> None:
    printed = CliRunner().invoke(main, ["schema", "--diff"])
    assert printed.exit_code == 0
    assert json.loads(printed.output) == diff_json_schema()
    current = json.dumps(diff_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    stored = _snapshot(SNAPSHOTS / f"diff-schema-{DIFF_SCHEMA_VERSION}.json", current)
    assert stored == current, (
        f"the diff schema changed but its version is still {DIFF_SCHEMA_VERSION}: bump DIFF_SCHEMA_VERSION as semver "
        "says and regenerate the snapshot"
    )


def test_cli_schema_describes_every_key_and_rejects_what_is_not_a_meeting(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"meeting_id", "date", "attendees", "decisions", "provenance", "schema_version"} <= set(schema["required"])
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    meeting = json.loads(model_json(extract_meeting(ROOT / "samples" / "txt" / "000.txt")))
    assert list(validator.iter_errors(meeting)) == []
    assert list(validator.iter_errors({}))  # nothing at all is not a meeting
    assert list(validator.iter_errors({**meeting, "schema_version": "banana"}))
    assert list(validator.iter_errors({**meeting, "date": "19. 9. 2022"}))
    del meeting["attendees"]
    assert list(validator.iter_errors(meeting))


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_every_schema_is_printed_named_by_version_and_requires_every_key(kind: str) -> None:
    option = [] if kind == "meeting" else [f"--{kind}"]
    printed = CliRunner().invoke(main, ["schema", *option])
    assert printed.exit_code == 0, printed.output
    schema = json.loads(printed.output)
    assert schema == json_schema(kind)
    Draft202012Validator.check_schema(schema)
    # a URN: the contract and its version, at no web address zapis does not own
    assert schema["$id"] == f"urn:zapis:schema:zapis.{kind}:{VERSIONS[kind]}"
    assert schema["title"] == f"zapis.{kind} {VERSIONS[kind]}"
    # every object of the contract is written with all its keys, so all of them are required
    objects = [schema, *schema.get("$defs", {}).values()]
    if schema.get("type") == "array":
        objects.remove(schema)
    for obj in objects:
        if obj.get("type") == "object" and "properties" in obj:
            assert set(obj.get("required", [])) == set(obj["properties"]), obj.get("title")


def test_a_report_with_a_version_that_is_not_semver_fails_validation(tmp_path: Path) -> None:
    validator = Draft202012Validator(json_schema("report"))
    report = Report(zapis_version="1", pipeline_version="p", input="in", output="out",
                    summary={"files_seen": 0, "ok": 0, "errors": 0, "skipped": 0, "meetings": 0,
                             "duplicates_merged": 0, "errors_by_kind": {}, "pages_by_method": {},
                             "mean_ocr_confidence": None, "extracted": 0, "from_cache": 0, "seconds": 0.0},
                    files=[]).model_dump(mode="json")  # fmt: skip
    assert list(validator.iter_errors(report)) == []
    assert list(validator.iter_errors({**report, "schema_version": "banana"}))
    older = {k: v for k, v in report.items() if k != "schemas"}  # a report.json of 1.1.0
    assert Report.model_validate({**older, "schema_version": "1.1.0"}).schemas["people"] == PEOPLE_SCHEMA_VERSION


def test_the_suites_schema_check_finds_a_broken_output(tmp_path: Path) -> None:
    meeting = json.loads(model_json(extract_meeting(ROOT / "samples" / "txt" / "000.txt")))
    del meeting["sources"]
    (tmp_path / "broken.json").write_text(json.dumps(meeting), encoding="utf-8")
    problems = schema_problems(tmp_path)
    assert len(problems) == 1 and "'sources' is a required property" in problems[0]
    (tmp_path / "broken.json").unlink()


def test_another_major_version_is_refused_and_the_same_major_loads() -> None:
    data = json.loads(model_json(extract_meeting(ROOT / "samples" / "txt" / "000.txt")))
    major = int(SCHEMA_VERSION.split(".")[0])
    with pytest.raises(InputError, match=rf"schema {major + 1}\.0\.0, this zapis reads {major}\.x"):
        load_meeting({**data, "schema_version": f"{major + 1}.0.0"})
    with pytest.raises(InputError, match="no schema_version"):
        load_meeting({k: v for k, v in data.items() if k != "schema_version"})
    older = load_meeting({**data, "schema_version": f"{major}.0.0"})
    assert older.meeting_id == data["meeting_id"]


def test_a_file_written_by_zapis_1_0_0_still_loads() -> None:
    old = (ROOT / "tests" / "snapshots" / "meeting-1.0.0.json").read_text(encoding="utf-8")
    meeting = load_meeting(old)
    assert meeting.meeting_id == "2022-09-19_pracovni-skupina-pro-cizince-narodnosti-mensiny-a-osoby"
    assert [a.name for a in meeting.attendees][:3] == ["Lukáš Průcha", "Robert Prade", "Lukáš Jirotka"]


def test_a_decision_written_by_zapis_1_0_0_still_loads() -> None:
    """1.0.0 decisions had no verb, result, named votes or links, and a deadline as written."""
    old = json.loads((ROOT / "tests" / "snapshots" / "meeting-1.0.0.json").read_text(encoding="utf-8"))
    old["decisions"] = [
        {"kind": "resolution", "text": "Komise schvaluje plán.", "number": "3/1", "votes_for": 5, "votes_against": 0,
         "votes_abstained": 1, "deadline": None, "responsible": None},
        {"kind": "task", "text": "Připravit plán.", "number": None, "votes_for": None, "votes_against": None,
         "votes_abstained": None, "deadline": "15. 12. 2023. Zodpovídá: Petr Veselý", "responsible": "Petr Veselý"},
    ]  # fmt: skip
    resolution, task = load_meeting(old).decisions
    assert (resolution.number, resolution.votes_for, resolution.verb, resolution.result) == ("3/1", 5, None, None)
    assert resolution.named_votes == [] and resolution.refers_to == []
    assert (task.deadline, task.responsible, task.responsible_people) == (
        "15. 12. 2023. Zodpovídá: Petr Veselý",
        "Petr Veselý",
        [],
    )


def test_golden_meeting(monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole JSON of one sample, byte for byte: any change to it is a decision, not an accident."""
    monkeypatch.chdir(ROOT)  # the source path in the JSON is the path given
    current = model_json(extract_meeting(Path("samples") / "pdf" / "002.pdf"))
    stored = _snapshot(SNAPSHOTS / "golden-samples-pdf-002.json", current)
    assert stored == current, "the meeting JSON of samples/pdf/002.pdf changed: check the diff, then regenerate"
