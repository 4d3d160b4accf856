"""The person registry: the merges the archive needs and the ones it must never make."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from zapis.archive import IngestSettings, ingest_directory
from zapis.archive.registry import PersonOccurrence, build_people
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


def _occurrences(names: list[str], meeting: str = "m1") -> list[PersonOccurrence]:
    """Each name in a list of its own (no two of them side by side)."""
    return [PersonOccurrence(n, n, meeting, (), f"{meeting}|{k}") for k, n in enumerate(names)]


def test_registry_merges_and_explains():
    registry = build_people(_occurrences([a for pair in MUST_MERGE + MUST_NOT_MERGE for a in pair]))
    by_name = registry.by_name
    for a, b in MUST_MERGE:
        assert registry.lookup(a, "m1").person_id == registry.lookup(b, "m1").person_id, (a, b)
        assert registry.lookup(a, "m1").explain
    for a, b in MUST_NOT_MERGE:
        assert by_name[a].person_id != by_name[b].person_id, (a, b)
    jirotka = by_name["Lukáš Jirotko"]
    assert jirotka.name == "Lukáš Jirotka"  # the nominative over the vocative
    assert any("Jirotko → Jirotka" in e for e in jirotka.explain)
    # a surname alone with a typo joins only the one person of its meeting, and says it was a typo
    (link,) = [k for k in registry.lookup("Dejnožová", "m1").links if k.name == "Dejnožová"]
    assert (link.tier, link.scope, link.joined) == ("typo", "meeting", True) and "TYPO" in link.reason


def test_surname_alone_is_not_joined_when_two_people_fit():
    occurrences = [
        PersonOccurrence("Jana Nováková", "x", "m1"),
        PersonOccurrence("Eva Nováková", "x", "m2"),
        PersonOccurrence("Nováková", "p. Nováková", "m3"),
    ]
    registry = build_people(occurrences)
    assert len({r.person_id for r in registry.records}) == 3
    record = registry.lookup("Nováková", "m3")
    assert record.name == "Nováková"
    assert any(
        "not joined, 2 people in the whole archive fit it (Eva Nováková, Jana Nováková)" in e for e in record.explain
    )


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
    assert "Lukáš Jirotka = Lukáš Jirotko: a declined form of the same name" in result.output
    assert "Jirotko → Jirotka: hunspell-cs entry Jirotka/PV, ending -o of rule P" in result.output
    result = CliRunner().invoke(main, ["people", str(ingested), "--explain", "Teplá"])
    assert "„paní Teplé“ read as Teplá: Teplé → Teplá: hunspell-cs entry Teplý/Y, ending -é of rule Y" in result.output
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
    registry = build_people(
        [
            PersonOccurrence("Stanislava Niedermertlová", "a", "m1"),
            PersonOccurrence("Stanislava Nidermertlová", "b", "m2"),
        ]
    )
    assert len(registry.records) == 1
    (record,) = registry.records
    assert record.name in ("Stanislava Niedermertlová", "Stanislava Nidermertlová")
    assert [(k.tier, k.joined) for k in record.links] == [("typo", True)] and "TYPO" in record.explain[0]


# ------------------------------------------------------------------------------------------
# Constraints that forbid merges, and the scope a surname alone joins in (real files)
# ------------------------------------------------------------------------------------------


def _minutes(body: str, date: str, attendees: str, text: str = "", recorder: str = "") -> str:
    head = f"Zápis z jednání {body}\n{date}, 16:00 hod, zasedací místnost\n\nPřítomni: {attendees}\n\n"
    return head + "Program:\n1. Informace členů\n\n" + text + (f"\nZapsal: {recorder}\n" if recorder else "")


def _people(out: Path) -> dict[str, dict]:
    return {p["person_id"]: p for p in json.loads((out / "people.json").read_text(encoding="utf-8"))}


def _ids_in(out: Path, meeting_id: str, field: str) -> dict[str, str]:
    meeting = json.loads((out / "meetings" / f"{meeting_id}.json").read_text(encoding="utf-8"))
    return {p["name"]: p["person_id"] for p in meeting[field]}


@pytest.fixture(scope="module")
def look_alikes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two people side by side in one list, one first name, surnames one letter apart; later
    one of them without an accent, the other by her initial; and a typo of a long surname."""
    from .render import write_docx, write_pdf

    base = tmp_path_factory.mktemp("look-alikes")
    folder = base / "in"
    folder.mkdir()
    rada = "školské rady"
    (folder / "unor.txt").write_text(
        _minutes(rada, "12. února 2024", "Lucie Horáková, Lucie Horáčková, Petr Dvořák",
                 "Výroční zprávu představila paní Horáková, paní Horáčková doplnila údaje o jídelně.\n"),
        encoding="utf-8",
    )  # fmt: skip
    write_docx(_minutes(rada, "15. dubna 2024", "Lucie Horáčkova, Petr Dvořák"), folder / "duben.docx")
    write_pdf(_minutes(rada, "13. května 2024", "L. Horáková, Petr Dvořák"), folder / "kveten.pdf")
    (folder / "cerven.txt").write_text(
        _minutes(rada, "10. června 2024", "Stanislava Niedermertlová, Petr Dvořák"), encoding="utf-8"
    )
    (folder / "zari.txt").write_text(
        _minutes(rada, "9. září 2024", "Stanislava Nidermertlová, Petr Dvořák"), encoding="utf-8"
    )
    ingest_directory(folder, base / "out", IngestSettings(workers=2))
    return base / "out"


def test_two_names_side_by_side_in_one_list_are_two_people(look_alikes: Path):
    people = _people(look_alikes)
    february = _ids_in(look_alikes, "2024-02-12_skolska-rada", "attendees")
    assert february == {
        "Lucie Horáková": "lucie-horakova", "Lucie Horáčková": "lucie-horackova", "Petr Dvořák": "petr-dvorak",
    }  # fmt: skip
    for person_id, other in (("lucie-horakova", "Lucie Horáčková"), ("lucie-horackova", "Lucie Horáková")):
        refusals = [k for k in people[person_id]["links"] if not k["joined"]]
        assert {(k["tier"], k["meeting_id"]) for k in refusals} == {("typo", "2024-02-12_skolska-rada")}
        reasons = [k["reason"] for k in refusals]
        assert any(other in r and "both are in one list of 2024-02-12_skolska-rada" in r for r in reasons)
    # the mentions of that meeting name the two people of its list, one each
    assert _ids_in(look_alikes, "2024-02-12_skolska-rada", "mentions") == {
        "Horáková": "lucie-horakova", "Horáčková": "lucie-horackova",
    }  # fmt: skip


def test_a_lost_accent_and_an_initial_join_the_right_one(look_alikes: Path):
    people = _people(look_alikes)
    assert "Lucie Horáčkova" in people["lucie-horackova"]["variants"]
    assert "L. Horáková" in people["lucie-horakova"]["variants"]
    assert _ids_in(look_alikes, "2024-05-13_skolska-rada", "attendees")["L. Horáková"] == "lucie-horakova"
    (initial,) = [k for k in people["lucie-horakova"]["links"] if k["name"] == "L. Horáková"]
    assert (initial["tier"], initial["scope"], initial["joined"]) == ("initial", "body", True)
    assert "Lucie Horáčková" not in {v for v in people["lucie-horakova"]["variants"]}


def test_a_typo_merge_needs_the_first_name_and_a_long_surname_and_is_marked(look_alikes: Path):
    (record,) = [p for p in _people(look_alikes).values() if "Stanislava Nidermertlová" in p["variants"]]
    assert "Stanislava Niedermertlová" in record["variants"]
    assert [(k["tier"], k["joined"]) for k in record["links"]] == [("typo", True)]
    assert record["explain"][0].startswith("Stanislava Ni")
    assert "TYPO: the same first name and a long surname" in record["explain"][0]
    result = CliRunner().invoke(main, ["people", str(look_alikes), "--explain", "Horáčková"])
    assert result.exit_code == 0
    assert "both are in one list of 2024-02-12_skolska-rada, so they are two people" in result.output


@pytest.fixture(scope="module")
def bodies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Meetings of four bodies: a surname alone in running text, in its meeting, in its body, in
    another body, and a family name in a list next to a woman of the same surname elsewhere."""
    base = tmp_path_factory.mktemp("bodies")
    folder = base / "in"
    folder.mkdir()
    files = {
        "fv-1.txt": _minutes("finančního výboru", "5. března 2024", "Jan Novák, Eva Malá",
                             "Zprávu o hospodaření přednesl pan Novák.\n"),
        "fv-2.txt": _minutes("finančního výboru", "2. dubna 2024", "Eva Malá, Karel Dvořák",
                             "Pan Novák zaslal připomínky k rozpočtu.\n"),
        "kk-1.txt": _minutes("kulturní komise", "7. března 2024", "Luboš Novák, Jana Veselá"),
        "sk-1.txt": _minutes("sportovní komise", "8. března 2024", "Petr Svoboda, Tomáš Kovář",
                             "Pan Novák nabídl tělocvičnu. Paní Veselá pošle rozpis.\n"),
        "vs-1.txt": _minutes("výboru včelařského spolku", "9. března 2024", "Matouškovi, Josef Král"),
        "kk-2.txt": _minutes("kulturní komise", "4. dubna 2024", "Luboš Novák, Lenka Matoušková"),
    }  # fmt: skip
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    ingest_directory(folder, base / "out", IngestSettings(workers=2))
    return base / "out"


def _link_of(people: dict[str, dict], name: str, meeting_id: str) -> dict:
    return next(k for p in people.values() for k in p["links"] if k["name"] == name and k["meeting_id"] == meeting_id)


def test_a_surname_alone_joins_in_its_meeting_then_its_body(bodies: Path):
    people = _people(bodies)
    assert _ids_in(bodies, "2024-03-05_financni-vybor", "mentions") == {"Novák": "jan-novak"}
    assert _ids_in(bodies, "2024-04-02_financni-vybor", "mentions") == {"Novák": "jan-novak"}
    here = _link_of(people, "Novák", "2024-03-05_financni-vybor")
    assert (here["scope"], here["joined"], here["other"]) == ("meeting", True, "Jan Novák")
    body = _link_of(people, "Novák", "2024-04-02_financni-vybor")
    assert (body["scope"], body["joined"], body["other"]) == ("body", True, "Jan Novák")


def test_across_the_archive_only_when_exactly_one_person_fits(bodies: Path):
    people = _people(bodies)
    sport = "2024-03-08_sportovni-komise"
    mentions = _ids_in(bodies, sport, "mentions")
    assert mentions["Veselá"] == "jana-vesela"  # the only Veselá of the archive
    assert _link_of(people, "Veselá", sport)["scope"] == "archive"
    assert mentions["Novák"] not in ("jan-novak", "lubos-novak")  # two Nováks fit: none is chosen
    refusal = _link_of(people, "Novák", sport)
    assert refusal["joined"] is False
    assert refusal["reason"] == "Novák: not joined, 2 people in the whole archive fit it (Jan Novák, Luboš Novák)"


def test_a_family_name_is_not_a_woman_of_that_surname(bodies: Path):
    beekeepers = _ids_in(bodies, "2024-03-09_vybor-vcelarskeho-spolku", "attendees")
    culture = _ids_in(bodies, "2024-04-04_kulturni-komise", "attendees")
    assert beekeepers["Matouškovi"] != culture["Lenka Matoušková"]
    people = _people(bodies)
    assert not any("Lenka" in e for e in people[beekeepers["Matouškovi"]]["explain"])


# ------------------------------------------------------------------------------------------
# Declined forms in sentences, with the dictionary and without it
# ------------------------------------------------------------------------------------------

DECLINED = """Zápis z jednání rady spolku
20. května 2024, 17:00 hod, klubovna

Přítomni: Jakub Otáhal, Ing. Miroslav Moucha, Karel Procházka, Jana Malá, Tomáš Kovář, Hana Kučerová Hanzlová

Program:
1. Oprava klubovny

S panem Jakubem Otáhalem byl dohodnut termín opravy. Komise pověřila Ing. Miroslava Mouchu přípravou rozpočtu.
Poděkování patří panu Němcovi a panu Hájkovi, materiál dodá firma pana Kadlece. Dohodli jsme se s panem Kořínkem.
Fotografie předáme pro pana Procházku, zprávu panu Procházkovi. Pane Procházko, děkujeme.
S panem Kovářem a s paní Malou projednáme harmonogram. Dotaz paní Kučerové Hanzlové zodpověděl pan Dvořák.
"""

DECLINED_READ = {
    "Jakub Otáhal": "jakub-otahal",
    "Miroslav Moucha": "miroslav-moucha",
    "Němec": "nemec",
    "Hájek": "hajek",
    "Kadlec": "kadlec",
    "Kořínek": "korinek",
    "Procházka": "karel-prochazka",
    "Kovář": "tomas-kovar",
    "Malá": "jana-mala",
    "Kučerová Hanzlová": "hana-kucerova-hanzlova",
    "Dvořák": "dvorak",
}


def test_declined_names_in_sentences_are_read_in_the_nominative_once_each(tmp_path: Path):
    from zapis.pipeline import extract_meeting

    from .render import write_pdf

    meeting = extract_meeting(write_pdf(DECLINED, tmp_path / "rada.pdf"))
    assert {m.name: m.person_id for m in meeting.mentions} == DECLINED_READ
    assert len(meeting.mentions) == len(DECLINED_READ)  # Procházka three times in the text: one entry
    assert "Hana Kučerová Hanzlová" in [a.name for a in meeting.attendees]


def test_without_the_dictionary_the_hand_rules_read_the_same_and_warn_once(tmp_path: Path):
    import os
    import subprocess
    import sys

    path = tmp_path / "rada.txt"
    path.write_text(DECLINED, encoding="utf-8")
    env = {**os.environ, "ZAPIS_HUNSPELL": str(tmp_path / "no-dictionary" / "cs_CZ")}
    env.pop("ZAPIS_DICTIONARY_WARNED", None)
    done = subprocess.run(
        [sys.executable, "-m", "zapis", "extract", str(path)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert {m["name"]: m["person_id"] for m in json.loads(done.stdout)["mentions"]} == DECLINED_READ
    warnings = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(warnings) == 1 and warnings[0].startswith("zapis: warning: the Czech dictionary is not installed")
    assert "hunspell-cs" in warnings[0] and "built-in rules only" in warnings[0]
    # an archive with several worker processes: still one warning
    shutil.copy(path, tmp_path / "in.txt")
    (tmp_path / "archiv").mkdir()
    for k in range(3):
        shutil.copy(path, tmp_path / "archiv" / f"{k}.txt")
    args = [sys.executable, "-m", "zapis", "ingest", str(tmp_path / "archiv"), "-o", str(tmp_path / "out"), "-j", "2"]
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("zapis: warning:") == 1


def test_the_dictionary_is_read_once_into_the_users_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from zapis.lang.morphology import DICTIONARY, cache_folder, load_morphology

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = load_morphology(DICTIONARY)
    assert first.built
    (cached,) = cache_folder().glob("cs_CZ-names-*.json")
    assert cached.is_relative_to(tmp_path / "cache" / "zapis")
    second = load_morphology(DICTIONARY)
    assert not second.built and second.words == first.words
    assert [(a.entry, a.flag, a.ending) for a in second.analyses("Otáhalem")] == [("Otáhal", "P", "em")]
    assert {a.entry for a in second.analyses("Procházkovi")} == {"Procházka", "Procházek"}


def test_one_organization_written_with_and_without_a_comma_is_one_record(tmp_path: Path):
    """Regression: "Sazka, a.s." and "Sazka a.s." got one id and two records, and the catalog
    refused the second (the whole import stopped)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        _minutes("rady obce", "5. března 2024", "Jan Novák", "Smlouvu se společností Sazka, a.s. podepsal starosta.\n"),
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        _minutes("rady obce", "2. dubna 2024", "Jan Novák", "Losy dodá společnost Sazka a.s. do pátku.\n"),
        encoding="utf-8",
    )
    report = ingest_directory(folder, tmp_path / "out", IngestSettings(workers=1))
    assert report.summary.meetings == 2
    orgs = json.loads((tmp_path / "out" / "organizations.json").read_text(encoding="utf-8"))
    sazka = [o for o in orgs if o["org_id"] == "sazka-a-s"]
    assert len(sazka) == 1 and set(sazka[0]["aliases"]) == {"Sazka, a.s.", "Sazka a.s."}
    assert len(sazka[0]["meetings"]) == 2
