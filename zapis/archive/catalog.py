"""OUTDIR/zapis.sqlite: meetings, people, organizations, decisions and votes, and full text with
FTS5, for searching.

Read by ``zapis search`` (zapis/archive/search.py) and by anyone with plain sqlite3.  The
full-text table is contentless: its rowid is the rowid of ``passages``, which holds the text.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from zapis.errors import OutputError
from zapis.lang import strip_diacritics
from zapis.output import output_error
from zapis.schema import Meeting, OrganizationRecord, PersonRecord

CATALOG_NAME = "zapis.sqlite"
# PRAGMA user_version of the catalog: raise it when a reader (zapis search) could misread an
# older catalog.  0 is a catalog written before the version was recorded: same tables as 1.
CATALOG_VERSION = 1

SCHEMA = f"""
CREATE TABLE meetings (meeting_id TEXT PRIMARY KEY, date TEXT, start_time TEXT, body TEXT, title TEXT,
                       location TEXT, series TEXT, sources INTEGER, json TEXT);
CREATE TABLE attendees (meeting_id TEXT, person_id TEXT, name TEXT, raw TEXT, role TEXT);
CREATE TABLE decisions (meeting_id TEXT, n INTEGER, kind TEXT, number TEXT, number_normalized TEXT, verb TEXT,
                        agenda_item TEXT, result TEXT, votes_for INTEGER, votes_against INTEGER,
                        votes_abstained INTEGER, votes_not_voting INTEGER, deadline TEXT, responsible TEXT,
                        text TEXT, PRIMARY KEY (meeting_id, n));
CREATE TABLE votes (meeting_id TEXT, decision_n INTEGER, person_id TEXT, name TEXT, raw TEXT, vote TEXT);
CREATE TABLE people (person_id TEXT PRIMARY KEY, name TEXT, variants TEXT, meetings INTEGER);
CREATE TABLE organizations (org_id TEXT PRIMARY KEY, name TEXT, aliases TEXT, meetings INTEGER);
CREATE TABLE passages (meeting_id TEXT, n INTEGER, text TEXT);
CREATE VIRTUAL TABLE passages_fts USING fts5(
    text, folded, content='', tokenize='unicode61 remove_diacritics 2'
);
PRAGMA user_version = {CATALOG_VERSION};
"""


def passages(text: str) -> list[str]:
    """Paragraph-sized pieces of the text: what a search hit shows."""
    return [p.strip() for p in text.split("\n") if p.strip()]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _insert_meeting(con: sqlite3.Connection, m: Meeting) -> None:
    row = (
        m.meeting_id,
        m.date.isoformat() if m.date else None,
        m.start_time,
        m.body,
        m.title,
        m.location,
        m.series,
        len(m.sources),
        _dumps(m.model_dump(mode="json")),
    )
    con.execute("INSERT INTO meetings VALUES (?,?,?,?,?,?,?,?,?)", row)
    for a in m.attendees:
        con.execute("INSERT INTO attendees VALUES (?,?,?,?,?)", (m.meeting_id, a.person_id, a.name, a.raw, a.role))
    for n, d in enumerate(m.decisions):
        con.execute(
            "INSERT INTO decisions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (m.meeting_id, n, d.kind, d.number, d.number_normalized, d.verb, d.agenda_item, d.result, d.votes_for,
             d.votes_against, d.votes_abstained, d.votes_not_voting, d.deadline, d.responsible, d.text),
        )  # fmt: skip
        for v in d.named_votes:
            p = v.person
            con.execute("INSERT INTO votes VALUES (?,?,?,?,?,?)", (m.meeting_id, n, p.person_id, p.name, p.raw, v.vote))
    for n, passage in enumerate(passages(m.text)):
        cur = con.execute("INSERT INTO passages VALUES (?,?,?)", (m.meeting_id, n, passage))
        con.execute(
            "INSERT INTO passages_fts(rowid, text, folded) VALUES (?,?,?)",
            (cur.lastrowid, passage, strip_diacritics(passage)),
        )


def _insert_registries(
    con: sqlite3.Connection, people: list[PersonRecord], organizations: list[OrganizationRecord]
) -> None:
    for p in people:
        con.execute("INSERT INTO people VALUES (?,?,?,?)", (p.person_id, p.name, _dumps(p.variants), len(p.meetings)))
    for o in organizations:
        con.execute(
            "INSERT INTO organizations VALUES (?,?,?,?)", (o.org_id, o.name, _dumps(o.aliases), len(o.meetings))
        )


def write_catalog(
    path: Path,
    meetings: Iterable[Meeting],
    people: list[PersonRecord],
    organizations: list[OrganizationRecord],
    shown: Path | None = None,
) -> None:
    """Build the catalog in a temporary file and rename it over the old one (atomic).

    A full disk or an unwritable folder is an OutputError naming ``shown`` (default ``path``);
    the old catalog stays whole."""
    shown = shown or path
    # A unique temporary name (``.tmp``: a killed run's is removed by the next).  SQLite
    # creates the file itself, so it gets the usual permissions (mkstemp would make it 0600).
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        con = sqlite3.connect(tmp)
    except sqlite3.Error as e:
        raise _catalog_error(shown, e) from e
    try:
        con.execute("PRAGMA synchronous = FULL")  # on disk at commit, before the rename shows it
        con.executescript(SCHEMA)
        for m in meetings:
            _insert_meeting(con, m)
        _insert_registries(con, people, organizations)
        con.commit()
        con.close()
        os.replace(tmp, path)
    except BaseException as e:
        con.close()
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            leftover.unlink(missing_ok=True)
        if isinstance(e, sqlite3.Error):
            raise _catalog_error(shown, e) from e
        if isinstance(e, OSError):
            raise output_error(shown, e) from e
        raise


def _catalog_error(path: Path, e: sqlite3.Error) -> OutputError:
    # SQLite says "disk I/O error" where the OS said "no space left" or "file too large"
    hint = " (the disk may be full)" if getattr(e, "sqlite_errorname", "").startswith("SQLITE_IOERR") else ""
    return OutputError(f"cannot write the catalog {path}: {e}{hint}")
