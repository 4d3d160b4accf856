"""zapis export: JSON Lines and CSV tables, and the Popolo data model, checked against the
README's documented columns and the property names of the Popolo specification."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import zapis
from zapis.cli import main

from .archives import minutes_folder
from .conftest import ROOT

MEETING = "2024-03-12_financni-vybor"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export")
    out = root / "out"
    assert zapis.ingest(minutes_folder(root), out, workers=2).summary.errors == 0
    return out


def documented_columns() -> dict[str, list[str]]:
    """The columns of each table, as the README's export section lists them."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### zapis export", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| `(\w+)\.csv` \| `([^`]+)` \|", section, re.M)
    return {table: columns.split(",") for table, columns in rows}


def test_the_readme_documents_every_table() -> None:
    assert set(documented_columns()) == {"meetings", "participants", "decisions", "people"}


def test_jsonl_parses_line_by_line_with_the_documented_keys(archive: Path, tmp_path: Path) -> None:
    written = zapis.export(archive, "jsonl", tmp_path / "jsonl")
    assert sorted(p.name for p in written) == [
        "decisions.jsonl",
        "meetings.jsonl",
        "participants.jsonl",
        "people.jsonl",
    ]
    columns = documented_columns()
    rows: dict[str, list[dict[str, Any]]] = {}
    for path in written:
        table = path.stem
        lines = path.read_text(encoding="utf-8").splitlines()
        rows[table] = [json.loads(line) for line in lines]
        assert all(list(r) == columns[table] for r in rows[table]), table
    meetings = {r["meeting_id"]: r for r in rows["meetings"]}
    assert len(meetings) == 3
    vybor = meetings[MEETING]
    assert (vybor["date"], vybor["start_time"], vybor["body"]) == ("2024-03-12", "16:00", "Finanční výbor")
    assert (vybor["attendees"], vybor["excused"], vybor["guests"], vybor["decisions"]) == (5, 1, 1, 1)
    assert vybor["agenda"] == ["Rozpočet na rok 2024", "Různé"]
    assert vybor["files"] == ["financni-vybor.txt"]
    assert sorted(meetings["2022-09-19_pracovni-skupina-pro-cizince-narodnosti-mensiny-a-osoby"]["files"]) == [
        "000.txt",
        "001.txt",
    ]
    kinds = {(r["kind"], r["name"]) for r in rows["participants"] if r["meeting_id"] == MEETING}
    assert {("attendee", "Jan Novák"), ("excused", "Eva Veselá"), ("guest", "Pavel Horák")} <= kinds
    assert ("recorder", "Karel Dvořák") in kinds
    novak = next(r for r in rows["participants"] if r["name"] == "Jan Novák")
    assert (novak["role"], novak["person_id"]) == ("předseda", "jan-novak")
    [decision] = [r for r in rows["decisions"] if r["meeting_id"] == MEETING]
    assert (decision["n"], decision["number"], decision["result"]) == (0, "5/2024", "přijato")
    assert (decision["votes_for"], decision["votes_against"], decision["votes_abstained"]) == (4, 1, 0)
    people = {r["person_id"]: r for r in rows["people"]}
    assert people["tomas-prochazka"]["meetings"] == [MEETING]


def test_csv_opens_with_the_csv_module_with_the_documented_header(archive: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(archive), "--format", "csv", "-o", str(tmp_path / "csv")])
    assert result.exit_code == 0, result.output
    assert sorted(Path(line).name for line in result.output.splitlines()) == [
        "decisions.csv",
        "meetings.csv",
        "participants.csv",
        "people.csv",
    ]
    for table, columns in documented_columns().items():
        with (tmp_path / "csv" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
            assert reader.fieldnames == columns, table
        assert rows, table
    with (tmp_path / "csv" / "meetings.csv").open(encoding="utf-8", newline="") as f:
        vybor = next(r for r in csv.DictReader(f) if r["meeting_id"] == MEETING)
    assert (vybor["date"], vybor["attendees"], vybor["end_time"]) == ("2024-03-12", "5", "")
    assert vybor["agenda"] == "Rozpočet na rok 2024 | Různé"
    with (tmp_path / "csv" / "decisions.csv").open(encoding="utf-8", newline="") as f:
        decision = next(r for r in csv.DictReader(f) if r["meeting_id"] == MEETING)
    assert decision["text"] == "Finanční výbor doporučuje zastupitelstvu schválit rozpočet na rok 2024."


def test_export_defaults_to_a_folder_in_the_archive(archive: Path) -> None:
    written = zapis.export(archive, "csv")
    assert {p.parent for p in written} == {archive / "export"}


def test_export_of_a_folder_that_is_no_archive(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 2
    assert "no meetings/ in" in result.output and "run zapis ingest" in result.output
    with pytest.raises(zapis.InputError, match="no export format 'xml'"):
        zapis.export(tmp_path, "xml")  # type: ignore[arg-type]


# --- Popolo: the properties the specification (popoloproject.com/specs/) names for each class ---

SPEC: dict[str, set[str]] = {
    "Person": {
        "id", "name", "other_names", "identifiers", "family_name", "given_name", "additional_name",
        "honorific_prefix", "honorific_suffix", "patronymic_name", "sort_name", "email", "gender", "birth_date",
        "death_date", "image", "summary", "biography", "national_identity", "contact_details", "links",
        "memberships", "sources", "created_at", "updated_at",
    },
    "Organization": {
        "id", "name", "other_names", "identifiers", "classification", "parent_id", "parent", "area_id", "area",
        "abstract", "description", "founding_date", "dissolution_date", "image", "contact_details", "links",
        "memberships", "posts", "motions", "vote_events", "votes", "children", "sources", "created_at", "updated_at",
    },
    "Membership": {
        "id", "label", "role", "member", "person_id", "person", "organization_id", "organization", "post_id", "post",
        "on_behalf_of_id", "on_behalf_of", "area_id", "area", "start_date", "end_date", "contact_details", "links",
        "sources", "created_at", "updated_at",
    },
    "Event": {
        "id", "name", "description", "start_date", "end_date", "location", "status", "identifiers",
        "classification", "organization_id", "organization", "attendees", "parent_id", "parent", "children",
        "sources", "created_at", "updated_at",
    },
    "Motion": {
        "id", "organization_id", "organization", "legislative_session_id", "legislative_session", "creator_id",
        "creator", "text", "identifier", "classification", "date", "requirement", "result", "vote_events",
        "sources", "created_at", "updated_at",
    },
    "VoteEvent": {
        "id", "organization_id", "organization", "legislative_session_id", "legislative_session", "identifier",
        "motion_id", "motion", "start_date", "end_date", "result", "group_results", "counts", "votes", "sources",
        "created_at", "updated_at",
    },
    "Count": {"option", "value", "group_id", "group"},
    "Vote": {
        "id", "vote_event_id", "vote_event", "voter_id", "voter", "option", "group_id", "group", "role", "weight",
        "pair_id", "pair",
    },
    "OtherName": {"name", "family_name", "given_name", "note", "start_date", "end_date"},
}  # fmt: skip
OPTIONS = {"yes", "no", "abstain", "absent", "not voting", "paired"}  # the spec's vote options
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$")


def _check(obj: dict[str, Any], cls: str) -> None:
    extra = set(obj) - SPEC[cls]
    assert not extra, f"{cls} has properties Popolo does not name: {extra}"
    for key in ("start_date", "end_date", "date", "birth_date"):
        if key in obj:
            assert ISO_DATE.match(obj[key]), (cls, key, obj[key])
    for other in obj.get("other_names", []):
        _check(other, "OtherName")


@pytest.fixture(scope="module")
def popolo(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    [path] = zapis.export(archive, "popolo", tmp_path_factory.mktemp("popolo"))
    assert path.name == "popolo.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_popolo_objects_have_only_the_properties_of_the_specification(popolo: dict[str, Any]) -> None:
    assert set(popolo) == {"persons", "organizations", "memberships", "events", "motions", "vote_events"}
    for key, cls in (("persons", "Person"), ("organizations", "Organization"), ("memberships", "Membership"),
                     ("events", "Event"), ("motions", "Motion"), ("vote_events", "VoteEvent")):  # fmt: skip
        assert popolo[key], key
        for obj in popolo[key]:
            _check(obj, cls)
    for event in popolo["vote_events"]:
        _check(event["motion"], "Motion")
        for count in event["counts"]:
            _check(count, "Count")
        for vote in event["votes"]:
            _check(vote, "Vote")


def test_popolo_ids_are_unique_and_every_reference_resolves(popolo: dict[str, Any]) -> None:
    ids: dict[str, set[str]] = {}
    for key in ("persons", "organizations", "memberships", "events", "motions", "vote_events"):
        values = [o["id"] for o in popolo[key]]
        assert len(values) == len(set(values)), key
        ids[key] = set(values)
    for m in popolo["memberships"]:
        assert m["person_id"] in ids["persons"] and m["organization_id"] in ids["organizations"]
    for e in popolo["events"]:
        assert e.get("organization_id", next(iter(ids["organizations"]))) in ids["organizations"]
    for v in popolo["vote_events"]:
        assert v["organization_id"] in ids["organizations"]
        assert v["motion_id"] in ids["motions"] and v["legislative_session_id"] in ids["events"]
        assert all(vote["voter_id"] in ids["persons"] and vote["vote_event_id"] == v["id"] for vote in v["votes"])


def test_popolo_vote_event_of_the_resolution(popolo: dict[str, Any]) -> None:
    [event] = [e for e in popolo["vote_events"] if e["legislative_session_id"] == MEETING]
    body = next(o for o in popolo["organizations"] if o["id"] == event["organization_id"])
    assert body["name"] == "Finanční výbor"
    assert event["start_date"] == "2024-03-12" and dt.date.fromisoformat(event["start_date"])
    assert event["result"] == "pass"
    assert event["identifier"] == "5/2024"
    assert event["motion"]["text"] == "Finanční výbor doporučuje zastupitelstvu schválit rozpočet na rok 2024."
    assert {c["option"]: c["value"] for c in event["counts"]} == {"yes": 4, "no": 1, "abstain": 0}
    votes = {v["voter_id"]: v["option"] for v in event["votes"]}
    assert votes == {
        "jan-novak": "yes",
        "petra-svobodova": "yes",
        "karel-dvorak": "yes",
        "marie-cerna": "yes",
        "tomas-prochazka": "no",
    }
    assert {c["option"] for c in event["counts"]} | set(votes.values()) <= OPTIONS


def test_popolo_people_organizations_and_memberships(popolo: dict[str, Any]) -> None:
    persons = {p["id"]: p for p in popolo["persons"]}
    assert persons["lukas-prucha"]["name"] == "Lukáš Průcha"
    organizations = {o["id"]: o for o in popolo["organizations"]}
    assert organizations["nadeje"]["name"] == "Naděje"
    members = {(m["person_id"], organizations[m["organization_id"]]["name"]): m for m in popolo["memberships"]}
    assert members[("jan-novak", "Finanční výbor")]["role"] == "předseda"
    assert ("eva-vesela", "Finanční výbor") in members  # excused: still of the body
    assert ("pavel-horak", "Finanční výbor") not in members  # a guest is not a member
    assert ("marie-cerna", "Naděje") in members  # the organization named beside her
    event = next(e for e in popolo["events"] if e["id"] == MEETING)
    assert (event["start_date"], event["location"]) == ("2024-03-12T16:00", "zasedací místnost radnice")


def test_export_waits_for_no_ingest_and_a_whole_publication(archive: Path, tmp_path: Path) -> None:
    import fcntl
    import os

    fd = os.open(archive / ".zapis.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # what a running zapis ingest holds
        with pytest.raises(zapis.InputError, match=r"zapis ingest is writing to .*: try again when it has finished"):
            zapis.export(archive, "jsonl", tmp_path / "during")
    finally:
        os.close(fd)
    assert not (tmp_path / "during").exists()
    (archive / ".zapis-publish").mkdir()
    try:
        with pytest.raises(zapis.InputError, match="stopped while publishing: run it again first"):
            zapis.export(archive, "jsonl", tmp_path / "half")
    finally:
        (archive / ".zapis-publish").rmdir()
    assert zapis.export(archive, "jsonl", tmp_path / "after")
