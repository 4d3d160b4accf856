"""OUTDIR/zapis.sqlite: the archive as a database, for ``zapis search``, Datasette, sqlite-utils
or plain sqlite3; and OUTDIR/metadata.json, Datasette's labels and canned queries for it.

Tables (every ``n`` is the index of the row in its list of the meeting JSON, from 0):

* ``bodies`` (one row per body) ← ``meetings`` → ``meeting_json`` (the meeting JSON itself),
  ``sources``, ``agenda_items``, ``participants`` (every person of a meeting, with ``kind``),
  ``decisions`` ← ``votes``, ``meeting_organizations``, ``passages`` (paragraphs of the text);
* ``people`` and ``organizations``: the registries, which the rows above point to;
* ``passages_fts``: the full-text index of ``passages`` (FTS5, external content tied to the
  table, so Datasette's ``?_search=`` works; case and diacritics folded by the tokenizer);
* views for what an archivist asks: ``person_meetings`` (who took part in which meeting, and
  how), ``body_meetings`` (the meetings of each body by year), ``decisions_against``
  (decisions someone voted against), and ``attendees`` (the table of catalog version 1).

The catalog is written in one transaction from the stream of meetings (one meeting in memory
at a time); the same archive gives the same rows in the same order.
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
from zapis.lang import fold, slug
from zapis.output import output_error
from zapis.schema import Meeting, OrganizationRecord, Person, PersonRecord

CATALOG_NAME = "zapis.sqlite"
METADATA_NAME = "metadata.json"
# PRAGMA user_version of the catalog: raise it when a reader (zapis search) could misread an
# older catalog.  0 and 1: a contentless full-text index and no participants (read no more).
CATALOG_VERSION = 2

# Who a participant of a meeting is, by the meeting field they are listed in (in this order,
# the order of ``zapis export``'s participants too).
KINDS = {
    "attendees": "attendee",
    "excused": "excused",
    "absent": "absent",
    "guests": "guest",
    "recorded_by": "recorder",
    "chaired_by": "chair",
    "verified_by": "verifier",
}
# Kinds of participants who were there (the others were excused or absent).
PRESENT = ("attendee", "guest", "chair", "recorder", "verifier")

_KIND_CHECK = ", ".join(f"'{k}'" for k in KINDS.values())
_PRESENT = ", ".join(f"'{k}'" for k in PRESENT)

SCHEMA = f"""
CREATE TABLE bodies (
    body_id TEXT PRIMARY KEY, name TEXT NOT NULL, meetings INTEGER NOT NULL, first_date TEXT, last_date TEXT
);
CREATE TABLE meetings (
    meeting_id TEXT PRIMARY KEY, date TEXT, year INTEGER, start_time TEXT, end_time TEXT,
    body_id TEXT REFERENCES bodies (body_id), body TEXT, series TEXT, title TEXT, location TEXT,
    attendees INTEGER NOT NULL, attendance_count INTEGER, decisions INTEGER NOT NULL, sources INTEGER NOT NULL,
    warnings INTEGER NOT NULL
);
CREATE TABLE meeting_json (meeting_id TEXT PRIMARY KEY REFERENCES meetings (meeting_id), json TEXT NOT NULL);
CREATE TABLE sources (
    meeting_id TEXT NOT NULL REFERENCES meetings (meeting_id), n INTEGER NOT NULL, path TEXT NOT NULL,
    sha256 TEXT NOT NULL, format TEXT, method TEXT, pages INTEGER, ocr_confidence REAL, engine TEXT,
    PRIMARY KEY (meeting_id, n)
);
CREATE TABLE agenda_items (
    meeting_id TEXT NOT NULL REFERENCES meetings (meeting_id), n INTEGER NOT NULL, title TEXT NOT NULL,
    PRIMARY KEY (meeting_id, n)
);
CREATE TABLE people (person_id TEXT PRIMARY KEY, name TEXT NOT NULL, variants TEXT NOT NULL, meetings INTEGER NOT NULL);
CREATE TABLE participants (
    participant_id INTEGER PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings (meeting_id),
    kind TEXT NOT NULL CHECK (kind IN ({_KIND_CHECK})), n INTEGER NOT NULL,
    person_id TEXT REFERENCES people (person_id), name TEXT NOT NULL, raw TEXT, organization TEXT, role TEXT
);
CREATE TABLE organizations (
    org_id TEXT PRIMARY KEY, name TEXT NOT NULL, aliases TEXT NOT NULL, abbreviations TEXT NOT NULL,
    known INTEGER NOT NULL, meetings INTEGER NOT NULL
);
CREATE TABLE meeting_organizations (
    meeting_id TEXT NOT NULL REFERENCES meetings (meeting_id), n INTEGER NOT NULL,
    org_id TEXT REFERENCES organizations (org_id), name TEXT NOT NULL, raw TEXT, PRIMARY KEY (meeting_id, n)
);
CREATE TABLE decisions (
    meeting_id TEXT NOT NULL REFERENCES meetings (meeting_id), n INTEGER NOT NULL, kind TEXT, number TEXT,
    number_normalized TEXT, verb TEXT, agenda_item TEXT, result TEXT, votes_for INTEGER, votes_against INTEGER,
    votes_abstained INTEGER, votes_not_voting INTEGER, deadline TEXT, responsible TEXT, text TEXT,
    PRIMARY KEY (meeting_id, n)
);
CREATE TABLE votes (
    vote_id INTEGER PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings (meeting_id),
    decision_n INTEGER NOT NULL, person_id TEXT REFERENCES people (person_id), name TEXT, raw TEXT, vote TEXT,
    FOREIGN KEY (meeting_id, decision_n) REFERENCES decisions (meeting_id, n)
);
CREATE TABLE passages (
    passage_id INTEGER PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings (meeting_id),
    n INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE VIRTUAL TABLE passages_fts USING fts5(
    text, content="passages", content_rowid="passage_id", tokenize="unicode61 remove_diacritics 2"
);

CREATE INDEX meetings_date ON meetings (date);
CREATE INDEX meetings_body ON meetings (body_id, date);
CREATE INDEX participants_meeting ON participants (meeting_id, kind, n);
CREATE INDEX participants_person ON participants (person_id, kind);
CREATE INDEX votes_decision ON votes (meeting_id, decision_n);
CREATE INDEX votes_person ON votes (person_id, vote);
CREATE INDEX decisions_votes_against ON decisions (votes_against);
CREATE INDEX meeting_organizations_org ON meeting_organizations (org_id);
CREATE INDEX passages_meeting ON passages (meeting_id, n);
CREATE INDEX sources_sha256 ON sources (sha256);

CREATE VIEW person_meetings AS
SELECT p.person_id, people.name AS person, m.meeting_id, m.date, m.year, m.body_id, m.body, m.title,
       group_concat(p.kind, ', ') AS kinds, max(p.kind IN ({_PRESENT})) AS present
FROM (SELECT * FROM participants ORDER BY participant_id) AS p
JOIN people ON people.person_id = p.person_id
JOIN meetings AS m ON m.meeting_id = p.meeting_id
GROUP BY p.person_id, m.meeting_id;

CREATE VIEW body_meetings AS
SELECT b.body_id, b.name AS body, m.year, m.date, m.start_time, m.meeting_id, m.title, m.location,
       m.attendees, m.decisions
FROM meetings AS m JOIN bodies AS b ON b.body_id = m.body_id;

CREATE VIEW decisions_against AS
SELECT d.meeting_id, m.date, m.year, m.body_id, m.body, d.n, d.number, d.verb, d.result, d.votes_for,
       d.votes_against, d.votes_abstained,
       (SELECT group_concat(v.name, ', ') FROM votes AS v
        WHERE v.meeting_id = d.meeting_id AND v.decision_n = d.n AND v.vote = 'against') AS against,
       d.text
FROM decisions AS d JOIN meetings AS m ON m.meeting_id = d.meeting_id
WHERE d.votes_against > 0
   OR EXISTS (SELECT 1 FROM votes AS v WHERE v.meeting_id = d.meeting_id AND v.decision_n = d.n AND v.vote = 'against');

CREATE VIEW attendees AS
SELECT meeting_id, person_id, name, raw, role FROM participants WHERE kind = 'attendee';

PRAGMA user_version = {CATALOG_VERSION};
"""


def passages(text: str) -> list[str]:
    """Paragraph-sized pieces of the text: what a search hit shows."""
    return [p.strip() for p in text.split("\n") if p.strip()]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def body_id(body: str | None) -> str | None:
    """The id of a body in the catalog: its name as a slug ("komise-socialni")."""
    if not body:
        return None
    return slug(body) or fold(body)


def _people(m: Meeting) -> Iterable[tuple[str, int, Person]]:
    for field, kind in KINDS.items():
        value = getattr(m, field)
        if field == "recorded_by" and m.recorders:  # every recorder the minutes name, recorded_by among them
            value = m.recorders
        listed: list[Person] = value if isinstance(value, list) else [value] if value is not None else []
        for n, person in enumerate(listed):
            yield kind, n, person


def _insert_meeting(con: sqlite3.Connection, m: Meeting) -> None:
    date = m.date.isoformat() if m.date else None
    body = body_id(m.body)
    if body is not None:
        con.execute(
            "INSERT INTO bodies VALUES (?,?,1,?,?) ON CONFLICT (body_id) DO UPDATE SET meetings = meetings + 1,"
            " first_date = coalesce(min(first_date, excluded.first_date), first_date, excluded.first_date),"
            " last_date = coalesce(max(last_date, excluded.last_date), last_date, excluded.last_date)",
            (body, m.body, date, date),
        )
    row = (m.meeting_id, date, m.date.year if m.date else None, m.start_time, m.end_time, body, m.body, m.series,
           m.title, m.location, len(m.attendees), m.attendance_count, len(m.decisions), len(m.sources),
           len(m.warnings))  # fmt: skip
    con.execute("INSERT INTO meetings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", row)
    con.execute("INSERT INTO meeting_json VALUES (?,?)", (m.meeting_id, _dumps(m.model_dump(mode="json"))))
    for n, s in enumerate(m.sources):
        con.execute(
            "INSERT INTO sources VALUES (?,?,?,?,?,?,?,?,?)",
            (m.meeting_id, n, s.path, s.sha256, s.format, s.method, s.pages, s.ocr_confidence, s.engine),
        )
    con.executemany("INSERT INTO agenda_items VALUES (?,?,?)", [(m.meeting_id, n, t) for n, t in enumerate(m.agenda)])
    con.executemany(
        "INSERT INTO participants (meeting_id, kind, n, person_id, name, raw, organization, role)"
        " VALUES (?,?,?,?,?,?,?,?)",
        [(m.meeting_id, kind, n, p.person_id, p.name, p.raw, p.organization, p.role) for kind, n, p in _people(m)],
    )
    con.executemany(
        "INSERT INTO meeting_organizations VALUES (?,?,?,?,?)",
        [(m.meeting_id, n, o.org_id, o.name, o.raw) for n, o in enumerate(m.organizations)],
    )
    for n, d in enumerate(m.decisions):
        con.execute(
            "INSERT INTO decisions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (m.meeting_id, n, d.kind, d.number, d.number_normalized, d.verb, d.agenda_item, d.result, d.votes_for,
             d.votes_against, d.votes_abstained, d.votes_not_voting, d.deadline, d.responsible, d.text),
        )  # fmt: skip
        con.executemany(
            "INSERT INTO votes (meeting_id, decision_n, person_id, name, raw, vote) VALUES (?,?,?,?,?,?)",
            [(m.meeting_id, n, v.person.person_id, v.person.name, v.person.raw, v.vote) for v in d.named_votes],
        )
    con.executemany(
        "INSERT INTO passages (meeting_id, n, text) VALUES (?,?,?)",
        [(m.meeting_id, n, text) for n, text in enumerate(passages(m.text))],
    )


def _insert_registries(
    con: sqlite3.Connection, people: list[PersonRecord], organizations: list[OrganizationRecord]
) -> None:
    con.executemany(
        "INSERT INTO people VALUES (?,?,?,?)",
        [(p.person_id, p.name, _dumps(p.variants), len(p.meetings)) for p in people],
    )
    con.executemany(
        "INSERT INTO organizations VALUES (?,?,?,?,?,?)",
        [(o.org_id, o.name, _dumps(o.aliases), _dumps(o.abbreviations), int(o.known), len(o.meetings))
         for o in organizations],
    )  # fmt: skip


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
        con.execute("BEGIN")
        for m in meetings:
            _insert_meeting(con, m)
        _insert_registries(con, people, organizations)
        con.execute("INSERT INTO passages_fts (passages_fts) VALUES ('rebuild')")  # the index of every passage
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


# --- Datasette -------------------------------------------------------------------------------------

_TABLES: dict[str, dict[str, Any]] = {
    "meetings": {
        "title": "Jednání",
        "description": "Jedno jednání na řádek: kdy, kde, který orgán; celý zápis v JSON je v tabulce meeting_json.",
        "label_column": "title",
        "sort_desc": "date",
        "columns": {
            "meeting_id": "Identifikátor jednání (datum a orgán)",
            "date": "Datum jednání",
            "year": "Rok jednání",
            "start_time": "Začátek",
            "end_time": "Konec",
            "body_id": "Orgán, který jednal",
            "body": "Název orgánu, jak jej uvádí zápis",
            "series": "Řada zápisů (záhlaví)",
            "title": "Nadpis zápisu",
            "location": "Místo jednání",
            "attendees": "Počet přítomných jmenovitě",
            "attendance_count": "Počet přítomných, jak jej uvádí zápis („Přítomno: 9 členů“)",
            "decisions": "Počet usnesení a úkolů",
            "sources": "Počet kopií zápisu (souborů)",
            "warnings": "Počet upozornění",
        },
    },
    "meeting_json": {
        "title": "Zápisy v JSON",
        "description": "Celý záznam jednání, jak jej zapis zapsal do meetings/<meeting_id>.json.",
        "columns": {"json": "Záznam jednání v JSON"},
    },
    "bodies": {
        "title": "Orgány",
        "description": "Orgány (rady, komise, pracovní skupiny) a jejich jednání.",
        "label_column": "name",
        "columns": {
            "name": "Název orgánu",
            "meetings": "Počet jednání",
            "first_date": "První jednání",
            "last_date": "Poslední jednání",
        },
    },
    "participants": {
        "title": "Účastníci jednání",
        "description": "Každá osoba uvedená u jednání a jak: přítomen (attendee), omluven (excused), nepřítomen"
        " (absent), host (guest), předsedající (chair), zapisovatel (recorder), ověřovatel (verifier).",
        "facets": ["kind"],
        "columns": {
            "kind": "Jak je osoba u jednání uvedena",
            "n": "Pořadí v seznamu",
            "person_id": "Osoba v rejstříku",
            "name": "Jméno (1. pád, bez titulů)",
            "raw": "Jméno, jak je napsáno v zápisu",
            "organization": "Organizace uvedená u jména",
            "role": "Funkce uvedená u jména",
        },
    },
    "people": {
        "title": "Osoby",
        "description": "Rejstřík osob: jedna osoba na řádek, se všemi podobami jména.",
        "label_column": "name",
        "columns": {"name": "Jméno", "variants": "Podoby jména v zápisech", "meetings": "Počet jednání"},
    },
    "organizations": {
        "title": "Organizace",
        "description": "Rejstřík organizací zmíněných v zápisech.",
        "label_column": "name",
        "columns": {
            "name": "Název",
            "aliases": "Podoby názvu v zápisech",
            "abbreviations": "Zkratky",
            "known": "Je v seznamu organizací",
            "meetings": "Počet jednání",
        },
    },
    "meeting_organizations": {
        "title": "Organizace u jednání",
        "description": "Která organizace je zmíněna v zápisu kterého jednání.",
        "columns": {"name": "Název", "raw": "Jak je napsán v zápisu"},
    },
    "sources": {
        "title": "Soubory",
        "description": "Soubory (kopie zápisu), ze kterých bylo jednání přečteno; první je ta, ze které jsou údaje.",
        "columns": {
            "path": "Cesta k souboru",
            "sha256": "Otisk obsahu (SHA-256)",
            "format": "Formát",
            "method": "Jak byl text získán (textová vrstva, OCR, DOCX, text)",
            "pages": "Počet stran",
            "ocr_confidence": "Průměrná jistota OCR (0–100)",
            "engine": "Nástroj",
        },
    },
    "agenda_items": {
        "title": "Program jednání",
        "description": "Body programu v pořadí zápisu.",
        "columns": {"n": "Pořadí (od 0)", "title": "Bod programu"},
    },
    "decisions": {
        "title": "Usnesení a úkoly",
        "description": "Usnesení, dohody a úkoly s výsledkem hlasování.",
        "facets": ["kind", "verb", "result"],
        "columns": {
            "n": "Pořadí v zápisu (od 0)",
            "kind": "Druh: usnesení (resolution), dohoda (agreement), úkol (task)",
            "number": "Číslo usnesení, jak je napsáno",
            "number_normalized": "Číslo usnesení bez mezer a úvodních nul",
            "verb": "Co usnesení dělá (schvaluje, ukládá …)",
            "agenda_item": "Bod programu",
            "result": "Výsledek",
            "votes_for": "Pro",
            "votes_against": "Proti",
            "votes_abstained": "Zdrželo se",
            "votes_not_voting": "Nehlasovalo",
            "deadline": "Termín",
            "responsible": "Kdo odpovídá",
            "text": "Znění",
        },
    },
    "votes": {
        "title": "Hlasování jmenovitě",
        "description": "Jak kdo hlasoval: pro (for), proti (against), zdržel se (abstained), nehlasoval (not_voting).",
        "facets": ["vote"],
        "columns": {
            "decision_n": "Usnesení (pořadí v zápisu)",
            "name": "Jméno",
            "raw": "Jak je napsáno",
            "vote": "Hlas",
        },
    },
    "passages": {
        "title": "Text zápisů",
        "description": "Odstavce textu zápisů; hledat lze bez diakritiky (rozpocet najde rozpočet).",
        "columns": {"n": "Pořadí odstavce", "text": "Odstavec"},
    },
    "person_meetings": {
        "title": "Účast osob na jednáních",
        "description": "Osoba a jednání, u kterého je uvedena; present = 1, když byla přítomna.",
        "columns": {"person": "Osoba", "kinds": "Jak je uvedena", "present": "Byla přítomna"},
    },
    "body_meetings": {
        "title": "Jednání orgánů po letech",
        "description": "Jednání každého orgánu; filtrujte podle body_id a year.",
        "facets": ["body", "year"],
    },
    "decisions_against": {
        "title": "Usnesení s hlasy proti",
        "description": "Usnesení, proti kterým někdo hlasoval, s těmi, kdo hlasovali proti (jsou-li jmenováni).",
        "columns": {"against": "Hlasovali proti"},
    },
    "attendees": {"title": "Přítomní", "description": "Přítomní na jednáních (jen druh attendee z participants)."},
}

_QUERIES: dict[str, dict[str, Any]] = {
    "ucast_osoby": {
        "title": "Kterých jednání se osoba zúčastnila",
        "description": "Zadejte jméno nebo jeho část (s diakritikou), nebo identifikátor osoby z rejstříku.",
        "sql": "SELECT date, body, title, kinds, meeting_id FROM person_meetings\n"
        "WHERE present = 1 AND (person_id = :osoba OR person LIKE '%' || :osoba || '%')\n"
        "ORDER BY date, meeting_id",
    },
    "jednani_organu_v_roce": {
        "title": "Všechna jednání orgánu v roce",
        "description": "Zadejte název orgánu nebo jeho část a rok.",
        "sql": "SELECT date, start_time, body, title, location, attendees, decisions, meeting_id FROM body_meetings\n"
        "WHERE (body_id = :organ OR body LIKE '%' || :organ || '%') AND year = CAST(:rok AS INTEGER)\n"
        "ORDER BY date, meeting_id",
    },
    "usneseni_s_hlasy_proti": {
        "title": "Usnesení, proti kterým někdo hlasoval",
        "sql": "SELECT date, body, number, verb, result, votes_for, votes_against, votes_abstained, against, text,"
        " meeting_id\nFROM decisions_against ORDER BY date, meeting_id, n",
    },
}


def datasette_metadata() -> dict[str, Any]:
    """Datasette's metadata.json for the catalog: Czech labels and the archivist's questions
    as canned queries (``datasette OUTDIR/zapis.sqlite -m OUTDIR/metadata.json``)."""
    database = CATALOG_NAME.removesuffix(".sqlite")
    return {
        "title": "Archiv zápisů",
        "description": "Zápisy z jednání převedené nástrojem zapis: jednání, účastníci, usnesení, hlasování a text.",
        "databases": {database: {"title": "Archiv zápisů", "tables": _TABLES, "queries": _QUERIES}},
    }


def _catalog_error(path: Path, e: sqlite3.Error) -> OutputError:
    # SQLite says "disk I/O error" where the OS said "no space left" or "file too large"
    hint = " (the disk may be full)" if getattr(e, "sqlite_errorname", "").startswith("SQLITE_IOERR") else ""
    return OutputError(f"cannot write the catalog {path}: {e}{hint}")
