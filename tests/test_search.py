"""zapis search: search for Czech in OUTDIR/zapis.sqlite, as a library call and on the command line."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from zapis.archive import IngestSettings, ingest_directory
from zapis.archive.search import Hit, parse_query, search
from zapis.cli import main
from zapis.errors import InputError

SOCIAL = "2023-09-11_komise-socialni"
TRAFFIC = "2023-10-02_komise-dopravni"
COUNCIL_2017 = "2017-03-06_rada-obce"
COUNCIL_2018 = "2018-02-05_rada-obce"
SENTENCE = "Stále jsme jediným krajem, který nemá ani jedno krizové lůžko."

MINUTES = {
    "socialni-2023-09.txt": f"""Zápis z jednání komise sociální
11. září 2023, 13:30 hod, radnice Liberec
Přítomni: Jana Nováková, Petr Svoboda, Marie Dvořáková
Zapsal: Petr Svoboda

1. Krizová lůžka
{SENTENCE}
Komise doporučuje radě města jednat s krajem o zřízení krizového lůžka v roce 2024.

2. Různé
Paní Dvořáková informovala o projektu covid-19 a o spolupráci s Fokusem (viz www.fokusliberec.cz).
""",
    "doprava-2023-10.txt": """Zápis z jednání komise dopravní
2. října 2023, 15:00 hod, zasedací místnost
Přítomni: Karel Novák, Eva Malá
Zapsala: Eva Malá

1. Parkování
Komise projednala návrh nového parkovacího systému v centru města.
Lůžková kapacita nemocnice se na dopravu nevztahuje.
""",
    "rada-2017-03.txt": """Zápis z jednání rady obce
6. března 2017, 16:00 hod, zasedací místnost obecního úřadu
Přítomni: Jana Nováková, Tomáš Černý, Eva Malá
Omluven: Petr Svoboda
Zapsal: Tomáš Černý

1. Rozpočet obce
Rada projednala návrh rozpočtu na rok 2017.
Starosta seznámil radu s rozpočtem svazku obcí.
Usnesení č. 3/2017: Rada obce schvaluje rozpočet obce na rok 2017.
Hlasování: pro 2, proti 1, zdržel se 0.
Pro: Jana Nováková, Tomáš Černý
Proti: Eva Malá

2. Komunitní plánování
Komunitní plán sociálních služeb byl předložen radě.
Komunitní centrum zahájí provoz v dubnu.
""",
    "rada-2018-02.txt": """Zápis z jednání rady obce
5. února 2018, 16:00 hod, zasedací místnost obecního úřadu
Přítomni: Tomáš Černý, Eva Malá, Petr Svoboda
Zapsala: Eva Malá

1. Příspěvkové organizace
Rozpočty příspěvkových organizací byly předloženy radě.
Ředitelka školy představila plán oprav tělocvičny.
""",
}


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search")
    inputs = root / "in"
    inputs.mkdir()
    for name, text in MINUTES.items():
        (inputs / name).write_text(text, encoding="utf-8")
    out = root / "out"
    report = ingest_directory(inputs, out, IngestSettings(workers=1, timeout=120))
    assert report.summary.meetings == 4, report.summary
    return out


def _highlighted(hit: Hit) -> list[str]:
    return [hit.passage[a:b] for a, b in hit.spans]


def _passages(hits: list[Hit]) -> set[str]:
    return {p.text for h in hits for p in h.passages}


# --- the library -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "krizové lůžko",
        "krizove luzko",
        "KRIZOVÉ LŮŽKO",
        '"krizové lůžko"',
        '"krizove luzko"',
        "„krizové lůžko“",
    ],
)
def test_phrase_is_found_with_and_without_diacritics(outdir: Path, query: str):
    hits = search(outdir, query)
    assert len(hits) == 1
    hit = hits[0]
    assert (hit.meeting_id, hit.date, hit.body, hit.passage) == (
        SOCIAL,
        "2023-09-11",
        "Komise sociální",
        SENTENCE,
    )
    assert " ".join(_highlighted(hit)) == "krizové lůžko"
    assert hit.passages[0].text == hit.passage and hit.passages[0].spans == hit.spans


def test_a_word_finds_its_forms_from_the_basic_form_and_from_any_form(outdir: Path):
    for query in ("rozpočet", "rozpocet", "ROZPOČTU", "rozpočtem"):
        hits = search(outdir, query)
        assert [h.meeting_id for h in hits][:1] == [COUNCIL_2017], query
        assert {h.meeting_id for h in hits} == {COUNCIL_2017, COUNCIL_2018}, query
        assert {
            "Rada projednala návrh rozpočtu na rok 2017.",
            "Starosta seznámil radu s rozpočtem svazku obcí.",
            "Rozpočty příspěvkových organizací byly předloženy radě.",
        } <= _passages(hits), query
    [council, _] = search(outdir, "rozpočet")
    highlighted = {p.text[a:b] for p in council.passages for a, b in p.spans}
    assert highlighted == {"Rozpočet", "rozpočtu", "rozpočtem", "rozpočet"}
    # a passage with the word as typed comes before one with another form of it
    assert search(outdir, "rozpočtem")[0].passage == "Starosta seznámil radu s rozpočtem svazku obcí."
    assert "rozpočet" in search(outdir, "rozpočet")[0].passage.lower()


def test_hits_are_meetings_with_their_best_passage_and_the_others(outdir: Path):
    [hit, other] = search(outdir, "rozpočet")
    assert hit.meeting_id == COUNCIL_2017 and len(hit.passages) == 4  # the heading, two forms, the resolution
    assert hit.passage == hit.passages[0].text
    assert [p.rank for p in hit.passages] == sorted(p.rank for p in hit.passages) or hit.passages[0].spans
    assert other.meeting_id == COUNCIL_2018 and [p.text for p in other.passages] == [
        "Rozpočty příspěvkových organizací byly předloženy radě."
    ]
    assert len({h.meeting_id for h in search(outdir, "krizové lůžko")}) == 1  # three passages, one meeting


def test_quoted_words_are_found_as_written(outdir: Path):
    assert _passages(search(outdir, '"rozpočtu"')) == {"Rada projednala návrh rozpočtu na rok 2017."}
    assert _passages(search(outdir, '"komunitní plán"')) == {"Komunitní plán sociálních služeb byl předložen radě."}


def test_or_finds_either_and_binds_the_terms_beside_it(outdir: Path):
    plan = {COUNCIL_2017, COUNCIL_2018}  # "Komunitní plán", "plán oprav"
    assert {h.meeting_id for h in search(outdir, "tělocvičny OR parkovacího")} == {COUNCIL_2018, TRAFFIC}
    assert {h.meeting_id for h in search(outdir, "plán OR rozpočet")} == plan
    assert {h.meeting_id for h in search(outdir, "tramvaj OR covid")} == {SOCIAL}
    # (plán or parkovací) and oprav: only the 2018 passage
    assert _passages(search(outdir, "plán OR parkovací oprav")) == {
        "Ředitelka školy představila plán oprav tělocvičny."
    }
    assert search(outdir, "or") == []  # lower case: a word, and no passage has it


def test_minus_leaves_out_passages_with_the_word_in_any_form(outdir: Path):
    both = {"Komunitní plán sociálních služeb byl předložen radě.", "Komunitní centrum zahájí provoz v dubnu."}
    assert both <= _passages(search(outdir, "komunitní"))
    for query in ("komunitní -plán", "komunitní NOT plán", "komunitní -plánu", 'komunitní -"komunitní plán"'):
        passages = _passages(search(outdir, query))
        assert "Komunitní centrum zahájí provoz v dubnu." in passages, query
        assert "Komunitní plán sociálních služeb byl předložen radě." not in passages, query
    assert search(outdir, "rozpočet -rozpočty") == []  # a form of the word: every form is left out
    assert [h.meeting_id for h in search(outdir, 'rozpočet -"rozpočty"')] == [COUNCIL_2017]  # as written only
    with pytest.raises(InputError, match=r"only leaves words out \(-word\): give a word to find too"):
        search(outdir, "-plán")
    with pytest.raises(InputError, match="only leaves words out"):
        search(outdir, "NOT plán -rozpočet")


def test_filters_narrow_the_meetings(outdir: Path):
    every = {h.meeting_id for h in search(outdir, "Eva OR Jana OR Karel OR Petr")}
    assert every == {SOCIAL, TRAFFIC, COUNCIL_2017, COUNCIL_2018}
    assert {h.meeting_id for h in search(outdir, "rozpočet", body="rada obce")} == {COUNCIL_2017, COUNCIL_2018}
    assert search(outdir, "rozpočet", body="komise") == []
    assert {h.meeting_id for h in search(outdir, "zápis", body="komise")} == {SOCIAL, TRAFFIC}
    assert {h.meeting_id for h in search(outdir, "zápis", body="KOMISE SOCIALNI")} == {SOCIAL}
    assert {h.meeting_id for h in search(outdir, "rozpočet", since="2018")} == {COUNCIL_2018}
    assert {h.meeting_id for h in search(outdir, "rozpočet", until="2017-12")} == {COUNCIL_2017}
    assert {h.meeting_id for h in search(outdir, "zápis", since="2017-03-06", until="2018-02-05")} == {
        COUNCIL_2017,
        COUNCIL_2018,
    }
    assert search(outdir, "zápis", since="2017-03-07", until="2018-02-04") == []
    # a person: the meetings they attended (Petr Svoboda was excused in 2017)
    assert {h.meeting_id for h in search(outdir, "zápis", person="Petr Svoboda")} == {SOCIAL, COUNCIL_2018}
    assert {h.meeting_id for h in search(outdir, "rozpočet", person="petr svoboda")} == {COUNCIL_2018}
    assert {h.meeting_id for h in search(outdir, "zápis", person="Nováková")} == {SOCIAL, COUNCIL_2017}
    assert {h.meeting_id for h in search(outdir, "zápis", person="eva-mala", since="2018", until="2018")} == {
        COUNCIL_2018
    }


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"body": "zastupitelstvo"}, "no body of .* is called 'zastupitelstvo'"),
        ({"person": "Jan Neznámý"}, "no one called 'Jan Neznámý' is in .*zapis people"),
        ({"since": "loni"}, "--since takes a date as 2017-03-31, 2017-03 or 2017, not 'loni'"),
        ({"until": "2017-13"}, "--until takes a date"),
    ],
)
def test_a_filter_that_fits_nothing_says_so(outdir: Path, filters: dict[str, str], message: str):
    with pytest.raises(InputError, match=message):
        search(outdir, "zápis", **filters)


def test_words_in_any_order_but_quoted_phrase_in_order(outdir: Path):
    assert search(outdir, "lůžko krizové")[0].passage == SENTENCE
    assert search(outdir, '"lůžko krizové"') == []
    assert search(outdir, '"luzko krizove"') == []


def test_prefix_finds_czech_word_forms(outdir: Path):
    passages = _passages(search(outdir, "krizov*"))
    assert SENTENCE in passages
    assert any("krizového lůžka" in p for p in passages)
    # the prefix is whole-word at its start and covers both meetings for "lůžk*"
    assert {h.meeting_id for h in search(outdir, "lůžk*")} == {SOCIAL, TRAFFIC}
    hit = next(h for h in search(outdir, '"krizového lůž*"'))
    assert _highlighted(hit) == ["krizového lůžka"]


def test_no_false_hits(outdir: Path):
    assert search(outdir, "tramvaj") == []
    assert search(outdir, "krizo") == []  # a word start is not a word: that is what krizo* is for
    assert search(outdir, "krizové tramvaj") == []  # every word must occur


def test_limit_and_order(outdir: Path):
    hits = search(outdir, "zápis")
    assert len(hits) == 4
    assert [h.rank for h in hits] == sorted(h.rank for h in hits)  # best (lowest bm25) first
    assert search(outdir, "zápis", limit=1) == hits[:1]
    assert search(outdir, "zápis", limit=2**70) == hits


@pytest.mark.parametrize(
    ("query", "meetings"),
    [
        ('krizové lůžko"', {SOCIAL}),  # unclosed quote
        ('"krizové lůžko', {SOCIAL}),
        ('"', None),
        ("lůžko)", {SOCIAL}),  # lůžka is a form of lůžko, Lůžková (an adjective) is not
        ('"lůžko)"', {SOCIAL}),
        ("(krizové OR", {SOCIAL}),  # a dangling OR is left out
        ("OR", None),
        ("krizové AND NOT lůžko", set()),
        ("NEAR(krizové lůžko)", set()),
        ("text: lůžko", set()),  # no FTS5 column filter
        ("text:krizové", set()),
        ("^krizové", {SOCIAL}),
        ("covid-19", {SOCIAL}),  # the phrase "covid 19"
        ("fokusliberec.cz", {SOCIAL}),
        ("'; DROP TABLE meetings; --", set()),
        ("krizové\x00lůžko", {SOCIAL}),
        ("{text}: lůžko", set()),
        ("* - + : ()", None),
        ("", None),
    ],
)
def test_any_query_text_is_safe(outdir: Path, query: str, meetings: set[str] | None):
    if meetings is None:  # nothing to search for: a clear error, not an SQLite one
        with pytest.raises(InputError, match="no words"):
            search(outdir, query)
    else:
        assert {h.meeting_id for h in search(outdir, query)} == meetings
    assert len(search(outdir, "krizové lůžko")) == 1  # and the catalog is still there


def test_parse_query():
    query = parse_query('Krizové  "lůžko v" covid-19 kraj* "x y*')
    assert [[(t.words, t.prefix) for t in g] for g in query.groups] == [
        [(("krizove",), False)],
        [(("luzko", "v"), False)],
        [(("covid", "19"), False)],
        [(("kraj",), True)],
        [(("x", "y"), True)],
    ]
    query = parse_query('plán OR rozpočet obce -obec NOT "a b" AND')
    assert [[t.words for t in g] for g in query.groups] == [[("plan",), ("rozpocet",)], [("obce",)]]
    assert [t.words for t in query.excluded] == [("obec",), ("a", "b")]
    word = query.groups[0][0]
    assert word.forms >= {"plan", "planu", "planem", "plany"}  # a bare word matches its forms
    assert not query.excluded[1].forms  # a quoted phrase only as written


def test_without_the_dictionary_a_word_is_found_as_typed(outdir: Path, monkeypatch: pytest.MonkeyPatch):
    from zapis.lang import reload_dictionary

    monkeypatch.setenv("ZAPIS_HUNSPELL", "none")
    reload_dictionary()
    try:
        assert _passages(search(outdir, "rozpočtem")) == {"Starosta seznámil radu s rozpočtem svazku obcí."}
    finally:
        monkeypatch.delenv("ZAPIS_HUNSPELL")
        reload_dictionary()
    assert len(_passages(search(outdir, "rozpočtem"))) == 5


def test_missing_or_damaged_catalog(tmp_path: Path, outdir: Path):
    with pytest.raises(InputError, match="zapis ingest"):
        search(tmp_path, "lůžko")
    with pytest.raises(InputError, match="zapis ingest"):
        search(tmp_path / "nonexistent", "lůžko")
    (tmp_path / "zapis.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(InputError, match="not a readable zapis catalog"):
        search(tmp_path, "lůžko")
    with pytest.raises(InputError):
        search(outdir, "lůžko", limit=0)


def test_a_catalog_of_an_older_zapis_asks_for_a_new_ingest(tmp_path: Path):
    con = sqlite3.connect(tmp_path / "zapis.sqlite")
    con.executescript("CREATE TABLE passages (meeting_id TEXT, n INTEGER, text TEXT); PRAGMA user_version = 1;")
    con.close()
    with pytest.raises(InputError, match=r"written by an older zapis: run zapis ingest DIR -o .* again"):
        search(tmp_path, "lůžko")


# --- the command line ----------------------------------------------------------------------------


def _run(*args: str):
    return CliRunner().invoke(main, ["search", *args])


def test_cli_prints_meeting_and_passage(outdir: Path):
    result = _run(str(outdir), "covid")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{SOCIAL}  2023-09-11  Komise sociální",
        "    Paní Dvořáková informovala o projektu covid-19 a o spolupráci s Fokusem (viz www.fokusliberec.cz).",
    ]
    assert "\x1b[" not in result.stdout  # no highlighting when the output is not a terminal
    assert result.stderr == ""
    result = _run(str(outdir), "krizove luzko")
    assert result.stdout.splitlines() == [
        f"{SOCIAL}  2023-09-11  Komise sociální",
        f"    {SENTENCE}",
        "    (+2 more passages in this meeting)",
    ]


def test_cli_query_in_several_words_and_limit(outdir: Path):
    result = _run(str(outdir), "krizové", "lůžko")  # unquoted in the shell: words of one query
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == f"    {SENTENCE}"
    result = _run("-n", "1", str(outdir), "lůžk*")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 3
    assert "--limit" in result.stderr and len(result.stderr.splitlines()) == 1


def test_cli_minus_word_is_part_of_the_query_not_an_option(outdir: Path):
    for args in (["komunitní", "-plán"], ["komunitní", "-plán", "-n", "5"], ["-n5", "komunitní", "-nemocnice"]):
        result = _run(str(outdir), *args, "--format", "json")
        assert result.exit_code == 0, (args, result.output)
        [hit] = json.loads(result.stdout)
        passages = [p["text"] for p in hit["passages"]]
        assert hit["meeting_id"] == COUNCIL_2017 and "Komunitní centrum zahájí provoz v dubnu." in passages
        assert ("Komunitní plán sociálních služeb byl předložen radě." in passages) == ("-nemocnice" in args)
    result = _run(str(outdir), "-plán")
    assert result.exit_code == 2 and "give a word to find too" in result.stderr


def test_cli_filters(outdir: Path):
    result = _run(str(outdir), "rozpočet", "--body", "rada obce", "--since", "2018", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [h["meeting_id"] for h in json.loads(result.stdout)] == [COUNCIL_2018]
    result = _run(str(outdir), "zápis", "--person", "Petr Svoboda", "--since", "2019")
    assert result.exit_code == 0, result.output
    assert [line for line in result.stdout.splitlines() if not line.startswith(" ")] == [
        f"{SOCIAL}  2023-09-11  Komise sociální"
    ]
    result = _run(str(outdir), "rozpočet", "--body", "komise")
    assert result.exit_code == 1 and result.stderr.strip().endswith("with these filters")
    result = _run(str(outdir), "rozpočet", "--person", "Jan Neznámý")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1 and "zapis people" in result.stderr


def test_cli_no_match_exits_1_with_one_line(outdir: Path):
    result = _run(str(outdir), "tramvaj")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "tramvaj" in result.stderr


def test_cli_missing_catalog_exits_2(tmp_path: Path):
    result = _run(str(tmp_path), "lůžko")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "zapis ingest" in result.stderr


@pytest.mark.parametrize(
    ("query", "code"), [('"', 2), ("*", 2), ("(krizové OR", 0), ("text:lůžko", 1), ('krizové lůžko"', 0), ("-", 2)]
)
def test_cli_weird_queries_give_an_exit_code_not_a_traceback(outdir: Path, query: str, code: int):
    result = _run(str(outdir), query)
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit) or result.exception is None
    assert "Traceback" not in result.output
    if code:
        assert len(result.stderr.splitlines()) == 1


def test_cli_json(outdir: Path):
    result = _run("--format", "json", str(outdir), "covid-19")
    assert result.exit_code == 0
    [hit] = json.loads(result.stdout)
    assert hit["meeting_id"] == SOCIAL and hit["date"] == "2023-09-11" and hit["body"] == "Komise sociální"
    assert hit["title"] == "Zápis z jednání komise sociální"
    assert hit["passage"].startswith("Paní Dvořáková informovala o projektu covid-19")
    assert [hit["passage"][a:b] for a, b in hit["spans"]] == ["covid-19"]
    assert isinstance(hit["rank"], float)
    assert [p["text"] for p in hit["passages"]] == [hit["passage"]] and hit["passages"][0]["spans"] == hit["spans"]
    result = _run("--format", "json", str(outdir), "rozpočet")
    [council, _] = json.loads(result.stdout)
    assert council["meeting_id"] == COUNCIL_2017 and len(council["passages"]) == 4
    assert {p["text"][a:b] for p in council["passages"] for a, b in p["spans"]} >= {"rozpočtu", "rozpočtem"}
    result = _run("--format", "json", str(outdir), "tramvaj")
    assert (result.exit_code, json.loads(result.stdout)) == (1, [])


def test_cli_in_a_real_process(outdir: Path):
    """The installed entry point, with real pipes (no terminal): plain text, grep-like codes."""
    cmd = [sys.executable, "-c", "from zapis.cli import main; main()", "search", str(outdir)]
    found = subprocess.run([*cmd, "KRIZOVE LUZKO"], capture_output=True, text=True, timeout=60)
    assert (found.returncode, found.stderr) == (0, "")
    assert found.stdout.splitlines()[:2] == [f"{SOCIAL}  2023-09-11  Komise sociální", f"    {SENTENCE}"]
    missing = subprocess.run([*cmd, "tramvaj"], capture_output=True, text=True, timeout=60)
    assert (missing.returncode, missing.stdout, len(missing.stderr.splitlines())) == (1, "", 1)
