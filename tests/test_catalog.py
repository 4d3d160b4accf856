"""OUTDIR/zapis.sqlite as a database: its tables, links and views in plain sqlite3, and a real
Datasette started on loopback, queried over HTTP as an archivist would use it."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from zapis.archive import IngestSettings, ingest_directory

COUNCIL = "2017-06-12_zastupitelstvo-obce-lhota"
BOARD_2017 = "2017-03-06_rada-obce-lhota"
BOARD_2018 = "2018-02-05_rada-obce-lhota"

MINUTES = {
    "zastupitelstvo-2017-06.txt": """Zápis ze zasedání zastupitelstva obce Lhota
12. června 2017, 18:00 hod, sál kulturního domu
Předsedající: Jana Nováková
Přítomni: Jana Nováková, Tomáš Černý, Eva Malá, Karel Dvořák
Omluveni: Petr Svoboda
Nepřítomni: Marek Veselý
Hosté: Ing. Lucie Horáková
Ověřovatelé zápisu: Tomáš Černý, Eva Malá
Zapsal: Karel Dvořák

Program:
1. Rozpočet obce na rok 2018
2. Různé

1. Rozpočet obce na rok 2018
Zastupitelstvo projednalo návrh rozpočtu.
Usnesení č. 7/2017: Zastupitelstvo obce schvaluje rozpočet obce na rok 2018.
Hlasování: pro 3, proti 1, zdržel se 0.
Pro: Jana Nováková, Tomáš Černý, Karel Dvořák
Proti: Eva Malá

2. Různé
Paní Horáková představila činnost spolku.
""",
    "rada-2017-03.txt": """Zápis z jednání rady obce Lhota
6. března 2017, 16:00 hod, obecní úřad
Přítomni: Jana Nováková, Tomáš Černý, Petr Svoboda
Zapsal: Tomáš Černý

1. Silnice
Rada projednala opravu silnice ke hřbitovu.
Usnesení č. 2/2017: Rada obce schvaluje opravu silnice. Hlasování: pro 3, proti 0, zdržel se 0.
""",
    "rada-2018-02.txt": """Zápis z jednání rady obce Lhota
5. února 2018, 16:00 hod, obecní úřad
Přítomno: 2 členové rady
Přítomni: Jana Nováková, Tomáš Černý
Omluven: Petr Svoboda
Zapsal: Tomáš Černý

1. Rozpočet
Rada vzala na vědomí plnění rozpočtu za rok 2017.
""",
}


def _ingest(root: Path) -> Path:
    inputs = root / "in"
    inputs.mkdir(parents=True)
    for name, text in MINUTES.items():
        (inputs / name).write_text(text, encoding="utf-8")
    out = root / "out"
    report = ingest_directory(inputs, out, IngestSettings(workers=1, timeout=120))
    assert report.summary.meetings == 3, report.summary
    return out


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _ingest(tmp_path_factory.mktemp("catalog"))


def _rows(con: sqlite3.Connection, sql: str, *params: object) -> list[tuple[Any, ...]]:
    return con.execute(sql, params).fetchall()


@pytest.fixture
def con(outdir: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(outdir / "zapis.sqlite")
    yield connection
    connection.close()


# --- plain sqlite3 -------------------------------------------------------------------------------


def test_every_person_of_a_meeting_is_a_participant_with_its_kind(con: sqlite3.Connection):
    rows = _rows(
        con, "SELECT kind, n, person_id, name FROM participants WHERE meeting_id = ? ORDER BY participant_id", COUNCIL
    )
    assert rows == [
        ("attendee", 0, "jana-novakova", "Jana Nováková"),
        ("attendee", 1, "tomas-cerny", "Tomáš Černý"),
        ("attendee", 2, "eva-mala", "Eva Malá"),
        ("attendee", 3, "karel-dvorak", "Karel Dvořák"),
        ("excused", 0, "petr-svoboda", "Petr Svoboda"),
        ("absent", 0, "marek-vesely", "Marek Veselý"),
        ("guest", 0, "lucie-horakova", "Lucie Horáková"),
        ("recorder", 0, "karel-dvorak", "Karel Dvořák"),
        ("chair", 0, "jana-novakova", "Jana Nováková"),
        ("verifier", 0, "tomas-cerny", "Tomáš Černý"),
        ("verifier", 1, "eva-mala", "Eva Malá"),
    ]
    assert _rows(con, "SELECT raw FROM participants WHERE kind = 'guest'") == [("Ing. Lucie Horáková",)]
    # the table of catalog version 1 is a view now
    assert _rows(con, "SELECT name FROM attendees WHERE meeting_id = ?", BOARD_2018) == [
        ("Jana Nováková",),
        ("Tomáš Černý",),
    ]


def test_meetings_bodies_sources_agenda_and_the_json(con: sqlite3.Connection, outdir: Path):
    columns = [r[1] for r in _rows(con, "PRAGMA table_info(meetings)")]
    assert "json" not in columns
    sql = "SELECT meeting_id, date, year, start_time, body_id, attendees, attendance_count, decisions FROM meetings"
    assert _rows(con, sql + " ORDER BY date") == [
        (BOARD_2017, "2017-03-06", 2017, "16:00", "rada-obce-lhota", 3, None, 1),
        (COUNCIL, "2017-06-12", 2017, "18:00", "zastupitelstvo-obce-lhota", 4, None, 1),
        (BOARD_2018, "2018-02-05", 2018, "16:00", "rada-obce-lhota", 2, 2, 1),  # "Přítomno: 2", "vzala na vědomí"
    ]
    assert _rows(con, "SELECT * FROM bodies ORDER BY body_id") == [
        ("rada-obce-lhota", "Rada obce Lhota", 2, "2017-03-06", "2018-02-05"),
        ("zastupitelstvo-obce-lhota", "Zastupitelstvo obce Lhota", 1, "2017-06-12", "2017-06-12"),
    ]
    assert _rows(con, "SELECT n, title FROM agenda_items WHERE meeting_id = ?", COUNCIL) == [
        (0, "Rozpočet obce na rok 2018"),
        (1, "Různé"),
    ]
    report = json.loads((outdir / "report.json").read_text(encoding="utf-8"))
    files = {f["path"]: f for f in report["files"]}
    [(path, sha256, fmt, method)] = _rows(
        con, "SELECT path, sha256, format, method FROM sources WHERE meeting_id = ?", COUNCIL
    )
    assert (path, fmt, method) == ("zastupitelstvo-2017-06.txt", "txt", "text")
    assert files[path]["meeting_id"] == COUNCIL and len(sha256) == 64
    [(text,)] = _rows(con, "SELECT json FROM meeting_json WHERE meeting_id = ?", COUNCIL)
    assert json.loads(text) == json.loads((outdir / "meetings" / f"{COUNCIL}.json").read_text(encoding="utf-8"))


def test_links_hold_and_are_declared(con: sqlite3.Connection):
    assert _rows(con, "PRAGMA integrity_check") == [("ok",)]
    assert _rows(con, "PRAGMA user_version") == [(2,)]
    assert _rows(con, "PRAGMA foreign_key_check") == []
    links = {
        (table, r[2], r[3], r[4])
        for table in ("meetings", "participants", "votes", "decisions", "sources", "meeting_organizations")
        for r in _rows(con, f"PRAGMA foreign_key_list({table})")
    }
    assert {
        ("meetings", "bodies", "body_id", "body_id"),
        ("participants", "meetings", "meeting_id", "meeting_id"),
        ("participants", "people", "person_id", "person_id"),
        ("votes", "people", "person_id", "person_id"),
        ("votes", "decisions", "meeting_id", "meeting_id"),
        ("votes", "decisions", "decision_n", "n"),
        ("decisions", "meetings", "meeting_id", "meeting_id"),
        ("sources", "meetings", "meeting_id", "meeting_id"),
        ("meeting_organizations", "organizations", "org_id", "org_id"),
    } <= links
    indexes = {r[0] for r in _rows(con, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
    assert {"meetings_date", "meetings_body", "participants_person", "votes_person", "passages_meeting"} <= indexes
    # the person filter and the views use the indexes, not a scan of the table
    plan = " ".join(
        r[3] for r in _rows(con, "EXPLAIN QUERY PLAN SELECT * FROM participants WHERE person_id = 'eva-mala'")
    )
    assert "USING INDEX participants_person" in plan


def test_the_full_text_index_is_tied_to_its_table(con: sqlite3.Connection):
    sql = "SELECT p.meeting_id, p.text FROM passages_fts JOIN passages AS p ON p.passage_id = passages_fts.rowid"
    sql += " WHERE passages_fts MATCH ? ORDER BY p.meeting_id"
    assert _rows(con, sql, "rozpoctu") == [
        (COUNCIL, "Zastupitelstvo projednalo návrh rozpočtu."),
        (BOARD_2018, "Rada vzala na vědomí plnění rozpočtu za rok 2017."),
    ]
    # external content: the index reads its text from passages (no copy), and agrees with it
    con.execute("INSERT INTO passages_fts (passages_fts, rank) VALUES ('integrity-check', 1)")
    [(ddl,)] = _rows(con, "SELECT sql FROM sqlite_master WHERE name = 'passages_fts'")
    assert 'content="passages"' in ddl and "remove_diacritics 2" in ddl


def test_the_views_answer_an_archivists_questions(con: sqlite3.Connection):
    # which meetings did Petr Svoboda attend (excused from two of the three)
    assert _rows(
        con, "SELECT meeting_id, kinds, present FROM person_meetings WHERE person_id = 'petr-svoboda' ORDER BY date"
    ) == [
        (BOARD_2017, "attendee", 1),
        (COUNCIL, "excused", 0),
        (BOARD_2018, "excused", 0),
    ]
    assert _rows(con, "SELECT kinds FROM person_meetings WHERE person_id = 'karel-dvorak'") == [("attendee, recorder",)]
    # all meetings of the board in 2017
    assert _rows(con, "SELECT meeting_id FROM body_meetings WHERE body_id = 'rada-obce-lhota' AND year = 2017") == [
        (BOARD_2017,)
    ]
    # decisions with votes against
    assert _rows(con, "SELECT meeting_id, number, votes_for, votes_against, against FROM decisions_against") == [
        (COUNCIL, "7/2017", 3, 1, "Eva Malá")
    ]


def test_the_catalog_is_the_same_on_every_run(outdir: Path, tmp_path: Path):
    again = _ingest(tmp_path)
    assert (again / "zapis.sqlite").read_bytes() == (outdir / "zapis.sqlite").read_bytes()
    assert (again / "metadata.json").read_bytes() == (outdir / "metadata.json").read_bytes()


# --- Datasette ---------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def datasette(outdir: Path) -> Iterator[str]:
    """A real Datasette serving the catalog with its metadata.json, on loopback."""
    port = _free_port()
    cmd = [sys.executable, "-m", "datasette", "serve", str(outdir / "zapis.sqlite"), "-m",
           str(outdir / "metadata.json"), "-h", "127.0.0.1", "-p", str(port)]  # fmt: skip
    server = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/-/versions.json", timeout=5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read().decode(errors="replace") if server.stdout else ""
                    pytest.fail(f"Datasette did not start: {output}")
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout:
            server.stdout.close()


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200
        return str(response.read().decode("utf-8"))


def _json(base: str, path: str, **params: str) -> Any:
    query = urllib.parse.urlencode({**params, "_shape": "array"})
    return json.loads(_get(f"{base}/zapis/{path}.json?{query}"))


def test_datasette_search_finds_a_word_typed_without_diacritics(datasette: str):
    rows = _json(datasette, "passages", _search="rozpoctu", _sort="meeting_id")
    assert [(r["meeting_id"], r["text"]) for r in rows] == [
        (COUNCIL, "Zastupitelstvo projednalo návrh rozpočtu."),
        (BOARD_2018, "Rada vzala na vědomí plnění rozpočtu za rok 2017."),
    ]
    rows = _json(datasette, "passages", _search="hrbitovu")
    assert [(r["meeting_id"], r["text"]) for r in rows] == [(BOARD_2017, "Rada projednala opravu silnice ke hřbitovu.")]
    assert _json(datasette, "passages", _search="tramvaj") == []
    page = _get(f"{datasette}/zapis/passages?_search=rozpoctu")
    assert "Text zápisů" in page and "2 rows where search matches" in page


def test_datasette_shows_the_links_and_czech_labels(datasette: str):
    rows = _json(datasette, "participants", meeting_id=COUNCIL, kind="guest", _labels="on")
    assert [(r["person_id"], r["meeting_id"]["value"]) for r in rows] == [
        ({"value": "lucie-horakova", "label": "Lucie Horáková"}, COUNCIL)
    ]
    database = _get(f"{datasette}/zapis")
    for title in (
        "Kterých jednání se osoba zúčastnila",
        "Všechna jednání orgánu v roce",
        "Usnesení, proti kterým někdo hlasoval",
    ):
        assert title in database
    assert "Účastníci jednání" in _get(f"{datasette}/zapis/participants")


def test_datasette_canned_queries_answer_the_questions(datasette: str):
    attended = _json(datasette, "ucast_osoby", osoba="Svoboda")
    assert [r["meeting_id"] for r in attended] == [BOARD_2017]
    assert [r["meeting_id"] for r in _json(datasette, "ucast_osoby", osoba="tomas-cerny")] == [
        BOARD_2017,
        COUNCIL,
        BOARD_2018,
    ]
    board = _json(datasette, "jednani_organu_v_roce", organ="Rada obce", rok="2017")
    assert [r["meeting_id"] for r in board] == [BOARD_2017]
    assert [r["meeting_id"] for r in _json(datasette, "jednani_organu_v_roce", organ="Rada obce", rok="2018")] == [
        BOARD_2018
    ]
    assert _json(datasette, "jednani_organu_v_roce", organ="zastupitelstvo", rok="2018") == []
    [against] = _json(datasette, "usneseni_s_hlasy_proti")
    assert (against["meeting_id"], against["number"], against["votes_against"], against["against"]) == (
        COUNCIL,
        "7/2017",
        1,
        "Eva Malá",
    )
    # the views filtered as Datasette filters tables
    rows = _json(datasette, "body_meetings", body_id="rada-obce-lhota", year="2018")
    assert [r["meeting_id"] for r in rows] == [BOARD_2018]


def test_every_recorder_is_a_participant(tmp_path: Path):
    from zapis.archive.catalog import write_catalog
    from zapis.schema import Meeting, Person

    first = Person(name="Tomáš Černý", raw="Tomáš Černý", person_id="tomas-cerny")
    second = Person(name="Jana Nováková", raw="J. Nováková", person_id="jana-novakova")
    meeting = Meeting(meeting_id="2018-02-05_rada", recorded_by=first, recorders=[first, second])
    write_catalog(tmp_path / "zapis.sqlite", [meeting], [], [])
    con = sqlite3.connect(tmp_path / "zapis.sqlite")
    try:
        rows = _rows(con, "SELECT kind, n, person_id, raw FROM participants ORDER BY participant_id")
    finally:
        con.close()
    assert rows == [("recorder", 0, "tomas-cerny", "Tomáš Černý"), ("recorder", 1, "jana-novakova", "J. Nováková")]
