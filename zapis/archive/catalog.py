"""OUTDIR/zapis.sqlite: meetings, people, organizations and full text with FTS5, for searching."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from zapis.normalize.czech import strip_diacritics

SCHEMA = """
CREATE TABLE meetings (meeting_id TEXT PRIMARY KEY, date TEXT, start_time TEXT, body TEXT, title TEXT,
                       location TEXT, series TEXT, sources INTEGER, json TEXT);
CREATE TABLE attendees (meeting_id TEXT, person_id TEXT, name TEXT, raw TEXT, role TEXT);
CREATE TABLE people (person_id TEXT PRIMARY KEY, name TEXT, variants TEXT, meetings INTEGER);
CREATE TABLE organizations (org_id TEXT PRIMARY KEY, name TEXT, aliases TEXT, meetings INTEGER);
CREATE TABLE passages (meeting_id TEXT, n INTEGER, text TEXT);
CREATE VIRTUAL TABLE passages_fts USING fts5(text, folded, content='', tokenize='unicode61 remove_diacritics 2');
"""


def passages(text: str) -> list[str]:
    """Paragraph-sized pieces of the text: what a search hit shows."""
    return [p.strip() for p in text.split("\n") if p.strip()]


def write_catalog(path: Path, meetings: list[dict[str, Any]], people: list[dict[str, Any]],
                  organizations: list[dict[str, Any]]) -> None:  # fmt: skip
    """Build the catalog in a temporary file and rename it over the old one (atomic)."""
    import json

    tmp = path.with_name(f".{path.name}.tmp")
    if tmp.exists():
        tmp.unlink()
    con = sqlite3.connect(tmp)
    try:
        con.executescript(SCHEMA)
        for m in meetings:
            con.execute(
                "INSERT INTO meetings VALUES (?,?,?,?,?,?,?,?,?)",
                (m["meeting_id"], m.get("date"), m.get("start_time"), m.get("body"), m.get("title"),
                 m.get("location"), m.get("series"), len(m["sources"]), json.dumps(m, ensure_ascii=False)),
            )  # fmt: skip
            for a in m.get("attendees") or []:
                con.execute("INSERT INTO attendees VALUES (?,?,?,?,?)",
                            (m["meeting_id"], a.get("person_id"), a["name"], a["raw"], a.get("role")))  # fmt: skip
            for n, passage in enumerate(passages(m.get("text") or "")):
                cur = con.execute("INSERT INTO passages VALUES (?,?,?)", (m["meeting_id"], n, passage))
                con.execute("INSERT INTO passages_fts(rowid, text, folded) VALUES (?,?,?)",
                            (cur.lastrowid, passage, strip_diacritics(passage)))  # fmt: skip
        for p in people:
            con.execute("INSERT INTO people VALUES (?,?,?,?)",
                        (p["person_id"], p["name"], json.dumps(p["variants"], ensure_ascii=False), len(p["meetings"])))
        for o in organizations:
            con.execute("INSERT INTO organizations VALUES (?,?,?,?)",
                        (o["org_id"], o["name"], json.dumps(o["aliases"], ensure_ascii=False), len(o["meetings"])))
        con.commit()
    finally:
        con.close()
    os.replace(tmp, path)
