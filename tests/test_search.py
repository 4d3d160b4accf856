"""zapis search: full-text search in OUTDIR/zapis.sqlite, as a library call and on the command line."""

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
    assert report.summary.meetings == 2, report.summary
    return out


def _highlighted(hit: Hit) -> list[str]:
    return [hit.passage[a:b] for a, b in hit.spans]


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


def test_words_in_any_order_but_quoted_phrase_in_order(outdir: Path):
    assert [h.passage for h in search(outdir, "lůžko krizové")] == [SENTENCE]
    assert search(outdir, '"lůžko krizové"') == []
    assert search(outdir, '"luzko krizove"') == []


def test_prefix_finds_czech_word_forms(outdir: Path):
    passages = {h.passage for h in search(outdir, "krizov*")}
    assert SENTENCE in passages
    assert any("krizového lůžka" in p for p in passages)
    # the prefix is whole-word at its start and covers both meetings for "lůžk*"
    assert {h.meeting_id for h in search(outdir, "lůžk*")} == {SOCIAL, TRAFFIC}
    hit = next(h for h in search(outdir, '"krizového lůž*"'))
    assert _highlighted(hit) == ["krizového lůžka"]


def test_no_false_hits(outdir: Path):
    assert search(outdir, "tramvaj") == []
    assert search(outdir, "krizov") == []  # a word start is not a word: that is what krizov* is for
    assert search(outdir, "krizové tramvaj") == []  # every word must occur


def test_limit_and_order(outdir: Path):
    hits = search(outdir, "lůžk*")
    assert len(hits) >= 3
    assert [h.rank for h in hits] == sorted(h.rank for h in hits)  # best (lowest bm25) first
    assert search(outdir, "lůžk*", limit=1) == hits[:1]


@pytest.mark.parametrize(
    ("query", "meetings"),
    [
        ('krizové lůžko"', {SOCIAL}),  # unclosed quote
        ('"krizové lůžko', {SOCIAL}),
        ('"', None),
        ("lůžko)", {SOCIAL}),
        ("(krizové OR", set()),  # OR is a word here, not an operator
        ("krizové AND NOT lůžko", set()),
        ("NEAR(krizové lůžko)", set()),
        ("text: lůžko", set()),  # no FTS5 column filter
        ("folded:krizové", set()),
        ("^krizové", {SOCIAL}),
        ("covid-19", {SOCIAL}),  # the phrase "covid 19"
        ("fokusliberec.cz", {SOCIAL}),
        ("'; DROP TABLE meetings; --", set()),
        ("krizové\x00lůžko", {SOCIAL}),
        ("{text folded}: lůžko", set()),
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
    phrases = parse_query('Krizové  "lůžko v" covid-19 kraj* "x y*')
    assert [(p.words, p.prefix) for p in phrases] == [
        (("krizove",), False),
        (("luzko", "v"), False),
        (("covid", "19"), False),
        (("kraj",), True),
        (("x", "y"), True),
    ]


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


def test_catalog_opens_in_plain_sqlite3(outdir: Path):
    assert not list(outdir.glob(".zapis.sqlite*"))  # no temporary file left behind
    con = sqlite3.connect(outdir / "zapis.sqlite")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA user_version").fetchone() == (1,)
        meetings = con.execute("SELECT meeting_id, date, body FROM meetings ORDER BY date").fetchall()
        assert meetings == [
            (SOCIAL, "2023-09-11", "Komise sociální"),
            (TRAFFIC, "2023-10-02", "Komise dopravní"),
        ]
        names = con.execute("SELECT name FROM attendees WHERE meeting_id = ? ORDER BY rowid", (SOCIAL,)).fetchall()
        assert names == [("Jana Nováková",), ("Petr Svoboda",), ("Marie Dvořáková",)]
        assert con.execute("SELECT count(*) FROM attendees").fetchone() == (5,)
        sql = "SELECT p.text FROM passages_fts JOIN passages p ON p.rowid = passages_fts.rowid"
        sql += " WHERE passages_fts MATCH ?"
        assert con.execute(sql, ('"krizove luzko"',)).fetchall() == [(SENTENCE,)]
    finally:
        con.close()


# --- the command line ----------------------------------------------------------------------------


def _run(*args: str):
    return CliRunner().invoke(main, ["search", *args])


def test_cli_prints_meeting_and_passage(outdir: Path):
    result = _run(str(outdir), "krizove luzko")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"{SOCIAL}  2023-09-11  Komise sociální", f"    {SENTENCE}"]
    assert "\x1b[" not in result.stdout  # no highlighting when the output is not a terminal
    assert result.stderr == ""


def test_cli_query_in_several_words_and_limit(outdir: Path):
    result = _run(str(outdir), "krizové", "lůžko")  # unquoted in the shell: words of one query
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == f"    {SENTENCE}"
    result = _run("-n", "1", str(outdir), "lůžk*")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 2
    assert "--limit" in result.stderr and len(result.stderr.splitlines()) == 1


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
    ("query", "code"), [('"', 2), ("*", 2), ("(krizové OR", 1), ("text:lůžko", 1), ('krizové lůžko"', 0)]
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
    assert hit["passage"].startswith("Paní Dvořáková informovala o projektu covid-19")
    assert [hit["passage"][a:b] for a, b in hit["spans"]] == ["covid-19"]
    assert isinstance(hit["rank"], float)
    result = _run("--format", "json", str(outdir), "tramvaj")
    assert (result.exit_code, json.loads(result.stdout)) == (1, [])


def test_cli_in_a_real_process(outdir: Path):
    """The installed entry point, with real pipes (no terminal): plain text, grep-like codes."""
    cmd = [sys.executable, "-c", "from zapis.cli import main; main()", "search", str(outdir)]
    found = subprocess.run([*cmd, "KRIZOVE LUZKO"], capture_output=True, text=True, timeout=60)
    assert (found.returncode, found.stderr) == (0, "")
    assert found.stdout.splitlines() == [f"{SOCIAL}  2023-09-11  Komise sociální", f"    {SENTENCE}"]
    missing = subprocess.run([*cmd, "tramvaj"], capture_output=True, text=True, timeout=60)
    assert (missing.returncode, missing.stdout, len(missing.stderr.splitlines())) == (1, "", 1)
