"""The person registry: the merges the archive needs and the ones it must never make."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from zapis.archive import IngestSettings, ingest_directory
from zapis.archive.registry import build_people
from zapis.cli import main
from zapis.lang import match_tier

from .conftest import SAMPLES

MUST_MERGE = [
    ("Lukáš Jirotka", "Lukáš Jirotko"),
    ("Dejnožová", "Blanka Dejnožková"),
    ("Teplá", "Teplé"),
    ("Zápotocká", "Anna Zápotocká"),
    ("Niedermertlová", "Stanislava Niedermertlová"),
]
MUST_NOT_MERGE = [
    ("Kateřina Šádková", "Kateřina Řeháčková"),
    ("Blanka Ráčková", "Blanka Dejnožková"),
    ("Michaela Kolářová", "Michaela Bělocká"),
    ("Jan Novák", "Jana Nováková"),
    ("Petr Novák", "Pavel Novák"),
]


@pytest.mark.parametrize(("a", "b"), MUST_MERGE)
def test_must_merge_pairs_match(a: str, b: str):
    assert match_tier(a, b) is not None


@pytest.mark.parametrize(("a", "b"), MUST_NOT_MERGE)
def test_must_not_merge_pairs_do_not_match(a: str, b: str):
    assert match_tier(a, b) is None


def test_registry_merges_and_explains():
    occurrences = [(a, a, "m1") for pair in MUST_MERGE + MUST_NOT_MERGE for a in pair]
    registry = build_people(occurrences)
    by_name = registry.by_name
    for a, b in MUST_MERGE:
        assert by_name[a].person_id == by_name[b].person_id, (a, b)
        assert by_name[a].explain
    for a, b in MUST_NOT_MERGE:
        assert by_name[a].person_id != by_name[b].person_id, (a, b)
    assert by_name["Lukáš Jirotko"].name == "Lukáš Jirotka"  # -a over -o on a tie


def test_surname_alone_is_not_joined_when_two_people_fit():
    registry = build_people(
        [("Jana Nováková", "x", "m1"), ("Eva Nováková", "x", "m2"), ("Nováková", "p. Nováková", "m3")]
    )
    assert len({r.person_id for r in registry.records}) == 3
    assert any("not joined" in e for e in registry.by_name["Nováková"].explain)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("people") / "out"
    ingest_directory(SAMPLES, out, IngestSettings(workers=2))
    return out


def test_samples_give_four_meetings_with_every_rendering(ingested: Path):
    meetings = sorted((ingested / "meetings").glob("*.json"))
    assert [m.name[:10] for m in meetings] == ["2022-05-23", "2022-09-19", "2023-09-11", "2024-03-18"]
    sizes = {m.name[:10]: len(json.loads(m.read_text(encoding="utf-8"))["sources"]) for m in meetings}
    assert sizes == {"2022-05-23": 4, "2022-09-19": 8, "2023-09-11": 4, "2024-03-18": 4}


def test_copies_agree_on_the_nominative_and_keep_the_variant(ingested: Path):
    meeting = json.loads((ingested / "meetings").glob("2022-09-19*.json").__next__().read_text(encoding="utf-8"))
    names = [a["name"] for a in meeting["attendees"]]
    assert "Lukáš Jirotka" in names and "Lukáš Jirotko" not in names
    attendees_variant = next(v for v in meeting["variants"] if v["field"] == "attendees")
    written = {a["name"] for value in attendees_variant["values"] for a in value["value"]}
    assert {"Lukáš Jirotka", "Lukáš Jirotko"} <= written  # nothing a copy said is lost


def test_people_json_points_every_person_id_somewhere(ingested: Path):
    people = json.loads((ingested / "people.json").read_text(encoding="utf-8"))
    ids = {p["person_id"] for p in people}
    by_variant = {v: p for p in people for v in p["variants"]}
    assert by_variant["paní Dejnožová"]["name"] == "Blanka Dejnožková"
    assert by_variant["p. Zápotocká"]["name"] == "Anna Zápotocká"
    assert by_variant["paní Niedermertlová"]["name"] == "Stanislava Niedermertlová"
    assert by_variant["Kateřina Řeháčková"]["person_id"] != by_variant["Kateřina Šádková"]["person_id"]
    for path in (ingested / "meetings").glob("*.json"):
        meeting = json.loads(path.read_text(encoding="utf-8"))
        for field in ("attendees", "mentions"):
            for person in meeting[field]:
                assert person["person_id"] in ids


def test_organizations_json_has_aliases(ingested: Path):
    orgs = {o["name"]: o for o in json.loads((ingested / "organizations.json").read_text(encoding="utf-8"))}
    assert "BKB" in orgs["Bílý kruh bezpečí"]["aliases"]
    assert {"Fokusu", "FOKUS Liberec"} <= set(orgs["FOKUS Liberec"]["aliases"])
    assert "Most k Naději" in orgs["Most k naději"]["aliases"]


def test_people_command_explains(ingested: Path):
    result = CliRunner().invoke(main, ["people", str(ingested), "--explain", "Jirotka"])
    assert result.exit_code == 0
    assert "Lukáš Jirotka" in result.output and "-a/-o" in result.output
    result = CliRunner().invoke(main, ["people", str(ingested), "--explain", "Nikdo Neexistuje"])
    assert result.exit_code == 1 and "nobody named" in result.output


def test_user_organization_list_extends_the_bundled_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from zapis.lang import load, organization_list
    from zapis.parse import orgs

    (tmp_path / "organizations.toml").write_text(
        '[[organization]]\nname = "Městský úřad Jeseník"\nabbreviations = ["MěÚ"]\n', encoding="utf-8"
    )
    monkeypatch.setenv("ZAPIS_DATA", str(tmp_path))
    load.cache_clear()
    organization_list.cache_clear()
    try:
        found = {o.name for o in orgs.find_organizations("Zdenka Lebdušková (MěÚ) a Bílý kruh bezpečí")}
        assert found == {"Městský úřad Jeseník", "Bílý kruh bezpečí"}
    finally:
        monkeypatch.delenv("ZAPIS_DATA")
        load.cache_clear()
        organization_list.cache_clear()


def test_a_typo_in_the_first_letters_still_meets_its_person():
    # "Nidermertlová" lacks the third letter: the surnames share no four-letter prefix
    registry = build_people([("Stanislava Niedermertlová", "a", "m1"), ("Stanislava Nidermertlová", "b", "m2")])
    assert len(registry.records) == 1
    assert registry.records[0].name in ("Stanislava Niedermertlová", "Stanislava Nidermertlová")
