"""Search for Czech in an ingested archive: OUTDIR/zapis.sqlite, written by ``zapis ingest``.

The query language is small and never hands user input to FTS5's own syntax (a stray quote,
colon or parenthesis there is a syntax error or a column filter): the query is cut into terms
here and every word goes to FTS5 as a quoted string.

* every term must occur in the passage, in any order: ``lůžko krizové``;
* a word finds every form of itself (from the Czech dictionary): ``rozpočet`` finds
  "rozpočtu", "rozpočtem", "rozpočty"; so does ``rozpočtu``;
* "words in quotes" (also „Czech quotes“) must occur as written, in this order:
  ``"krizové lůžko"``; so must words joined by punctuation: ``covid-19`` is ``"covid 19"``;
* ``slovo*`` matches every word starting with ``slovo``;
* ``A OR B``: either term (OR binds the two terms beside it: ``plán OR rozpočet obce`` is
  (plán or rozpočet) and obce);
* ``-slovo`` or ``NOT slovo`` (also ``-"two words"``): passages with it are left out; a query
  of nothing but such terms is refused;
* case and diacritics never matter: ``krizove luzko`` finds "krizové lůžko".

Filters narrow the meetings: ``body`` (a body whose name has these words), ``since`` and
``until`` (dates, ``2017``, ``2017-03`` or ``2017-03-31``), ``person`` (someone who was at the
meeting: listed as present, guest, chair, recorder or verifier; not excused or absent).  Hits
are meetings, best first, each with its best passage and every other matching passage.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zapis.archive.catalog import CATALOG_NAME, CATALOG_VERSION, PRESENT
from zapis.errors import InputError
from zapis.lang import fold, word_forms
from zapis.output import terminal_safe

__all__ = [
    "Hit",
    "Passage",
    "Query",
    "Term",
    "excerpt",
    "fts_query",
    "hit_json",
    "hit_text",
    "parse_query",
    "search",
]

# What FTS5's unicode61 tokenizer takes for a word: letters and digits (L*, N*); everything
# else, the underscore included, separates words.  Highlighting uses the same definition.
_WORD = re.compile(r"[^\W_]+")
# A quoted part of the query, closed or running to the end; or a run of unquoted text.
_QUOTES = '"„“”'
_SEGMENT = re.compile(f"[{_QUOTES}]([^{_QUOTES}]*)[{_QUOTES}]?|([^{_QUOTES}]+)")

Span = tuple[int, int]


@dataclass(frozen=True)
class Term:
    """Words that must occur one after another; the last one may be a prefix (``krizov*``).
    A single bare word also matches its other forms (``forms``, folded)."""

    words: tuple[str, ...]  # folded: lower case, no diacritics
    prefix: bool = False
    forms: frozenset[str] = frozenset()

    def matches(self, tokens: list[str]) -> bool:
        """Whether the folded tokens (as many as ``words``) are this term."""
        if self.forms:
            return tokens[0] in self.forms
        *whole, last = self.words
        if tokens[:-1] != whole:
            return False
        return tokens[-1].startswith(last) if self.prefix else tokens[-1] == last


@dataclass(frozen=True)
class Query:
    """Every group must match (a group: terms joined by OR); no excluded term may."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(t for g in self.groups for t in g)


@dataclass(frozen=True)
class Passage:
    """One matching paragraph of a meeting's text."""

    n: int  # its place among the meeting's passages
    text: str
    rank: float  # FTS5 bm25: lower is a better match
    spans: tuple[Span, ...] = ()  # [start, end) of the matched words in ``text``


@dataclass(frozen=True)
class Hit:
    """One meeting that matches: its best passage, and every matching passage best first."""

    meeting_id: str
    date: str | None
    body: str | None
    passage: str  # the best passage
    rank: float  # the best passage's rank
    title: str | None = None
    spans: tuple[Span, ...] = ()  # in ``passage``
    passages: tuple[Passage, ...] = ()  # every matching passage of the meeting, the best first


def _term(text: str, expand: bool) -> Term | None:
    words = list(_WORD.finditer(text))
    if not words:
        return None
    last = words[-1]
    prefix = text[last.end() : last.end() + 1] == "*"
    folded = tuple(fold(w.group()) for w in words)
    forms = word_forms(words[0].group()) if expand and len(words) == 1 and not prefix else frozenset()
    return Term(folded, prefix, forms)


def _items(query: str) -> list[tuple[str, Term | None, bool]]:
    """The query as a list of (operator or "", term, excluded)."""
    items: list[tuple[str, Term | None, bool]] = []
    minus = False  # a "-" right before a quoted phrase: -"two words"
    for m in _SEGMENT.finditer(query):
        quoted, bare = m.group(1), m.group(2)
        if quoted is not None:
            items.append(("", _term(quoted, expand=False), minus))
            minus = False
            continue
        chunks = bare.split()
        minus = bool(chunks) and chunks[-1] == "-" and bare.endswith("-")
        for chunk in chunks:
            if chunk in ("OR", "AND", "NOT"):
                items.append((chunk, None, False))
            elif chunk.startswith("-"):
                items.append(("", _term(chunk[1:], expand=True), True))
            else:
                items.append(("", _term(chunk, expand=True), False))
    return items


def parse_query(query: str) -> Query:
    """The query's terms: groups of alternatives (``OR``) that must all match, and the excluded
    ones (``-word``, ``NOT word``).  A dangling operator is ignored, as is AND (terms are
    joined by AND anyway)."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join = negate = False
    for op, term, minus in _items(query):
        if op == "OR":
            join = bool(groups)
            continue
        if op == "NOT":
            negate = True
            continue
        if op == "AND" or term is None:
            continue
        if minus or negate:
            excluded.append(term)
        elif join and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
        join = negate = False
    return Query(tuple(tuple(g) for g in groups), tuple(excluded))


def _quoted(words: tuple[str, ...] | list[str]) -> str:
    return '"' + " ".join(w.replace('"', '""') for w in words) + '"'


def _fts_term(t: Term) -> str:
    if t.forms:
        return "(" + " OR ".join(_quoted([f]) for f in sorted(t.forms)) + ")"
    return _quoted(t.words) + (" *" if t.prefix else "")


def _as_typed(t: Term) -> Term:
    return Term(t.words, t.prefix)


def fts_query(query: Query) -> str:
    """An FTS5 MATCH expression in which every word is a quoted string (never an operator)."""
    expr = " AND ".join("(" + " OR ".join(map(_fts_term, g)) + ")" for g in query.groups)
    if query.excluded:
        expr += " NOT (" + " OR ".join(map(_fts_term, query.excluded)) + ")"
    return expr


def match_spans(passage: str, terms: tuple[Term, ...]) -> tuple[Span, ...]:
    """Where the terms occur in the passage, for highlighting; overlapping spans merged."""
    tokens = [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(passage)]
    found: list[Span] = []
    for t in terms:
        n = len(t.words)
        for i in range(len(tokens) - n + 1):
            window = tokens[i : i + n]
            if t.matches([w[2] for w in window]):
                found.append((window[0][0], window[-1][1]))
    return _merge(found)


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _connect(outdir: Path) -> sqlite3.Connection:
    path = Path(outdir) / CATALOG_NAME
    if not path.is_file():
        raise InputError(f"no catalog {path}: run zapis ingest DIR -o {outdir} first")
    # read-only: searching never creates, locks for writing or changes the catalog
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as e:
        con.close()
        raise _damaged(outdir, e) from e
    if version > CATALOG_VERSION:
        con.close()
        raise InputError(f"{path} was written by a newer zapis (catalog version {version}): upgrade zapis")
    if version < CATALOG_VERSION:
        con.close()
        raise InputError(f"{path} was written by an older zapis: run zapis ingest DIR -o {outdir} again")
    return con


def _damaged(outdir: Path, e: Exception) -> InputError:
    path = Path(outdir) / CATALOG_NAME
    return InputError(f"{path} is not a readable zapis catalog ({e}): run zapis ingest DIR -o {outdir} again")


MAX_LIMIT = 2**62  # more meetings than any catalog holds

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _date(value: dt.date | str | None, option: str, end: bool) -> str | None:
    """An ISO date from a date, or from ``2017``, ``2017-03`` or ``2017-03-31`` (the first day
    of the year or month, or with ``end`` the last)."""
    if value is None or isinstance(value, dt.date):
        return value.isoformat() if value else None
    m = _DATE.fullmatch(value.strip())
    try:
        if m is None:
            raise ValueError
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        if month is None:
            return dt.date(year, 12, 31).isoformat() if end else dt.date(year, 1, 1).isoformat()
        if day is None:
            last = calendar.monthrange(year, int(month))[1]
            return dt.date(year, int(month), last if end else 1).isoformat()
        return dt.date(year, int(month), int(day)).isoformat()
    except ValueError:
        raise InputError(f"{option} takes a date as 2017-03-31, 2017-03 or 2017, not {value!r}") from None


def _words(text: str) -> list[str]:
    return [fold(w) for w in _WORD.findall(text)]


def _bodies(con: sqlite3.Connection, body: str, outdir: Path) -> list[str]:
    wanted = _words(body)
    found = []
    for body_id, name in con.execute("SELECT body_id, name FROM bodies ORDER BY body_id"):
        words = _words(name)
        if body == body_id or (wanted and _contains(words, wanted)):
            found.append(body_id)
    if not found:
        raise InputError(f"no body of {outdir} is called {body!r} (the catalog's table bodies lists them)")
    return found


def _contains(words: list[str], wanted: list[str]) -> bool:
    """``wanted`` occurs in ``words`` as a run of whole words, the last one possibly cut short."""
    n = len(wanted)
    for i in range(len(words) - n + 1):
        if words[i : i + n - 1] == wanted[:-1] and words[i + n - 1].startswith(wanted[-1]):
            return True
    return False


def _people(con: sqlite3.Connection, person: str, outdir: Path) -> list[str]:
    """The people whose name (or a spelling of it) has every word of ``person``."""
    wanted = set(_words(person))
    found = []
    for person_id, name, variants in con.execute("SELECT person_id, name, variants FROM people ORDER BY person_id"):
        names = [name, *json.loads(variants)]
        if person == person_id or (wanted and any(wanted <= set(_words(n)) for n in names)):
            found.append(person_id)
    if not found:
        raise InputError(f"no one called {person!r} is in {outdir} (zapis people {outdir} lists everyone)")
    return found


def search(
    outdir: Path,
    query: str,
    limit: int = 20,
    *,
    body: str | None = None,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    person: str | None = None,
) -> list[Hit]:
    """The meetings of the archive in ``outdir`` whose text matches ``query``, best first (at
    most ``limit``; any larger number means all), each with its matching passages.

    ``body``: meetings of a body whose name contains these words (or its ``body_id``);
    ``since``/``until``: from/to a date (inclusive; ``2017`` and ``2017-03`` are whole periods);
    ``person``: meetings attended by someone whose name has these words (or that ``person_id``).
    Raises InputError when the query has nothing to find, a filter matches nothing in the
    archive, or the catalog is missing or unreadable.
    """
    if limit < 1:
        raise InputError(f"the limit must be at least 1, not {limit}")
    limit = min(limit, MAX_LIMIT)  # SQLite's integers are 64-bit
    parsed = parse_query(query)
    if not parsed.groups:
        if parsed.excluded:
            raise InputError(f"the query {query!r} only leaves words out (-word): give a word to find too")
        raise InputError(f"the query {query!r} has no words to search for")
    first, last = _date(since, "--since", end=False), _date(until, "--until", end=True)
    con = _connect(outdir)
    try:
        as_typed = Query(tuple(tuple(_as_typed(t) for t in g) for g in parsed.groups), parsed.excluded)
        where, params = ["passages_fts MATCH ?"], [fts_query(as_typed), fts_query(parsed)]
        if body is not None:
            ids = _bodies(con, body, outdir)
            where.append(f"m.body_id IN ({', '.join('?' * len(ids))})")
            params += ids
        if person is not None:
            ids = _people(con, person, outdir)
            where.append(
                f"m.meeting_id IN (SELECT meeting_id FROM participants WHERE person_id IN ({', '.join('?' * len(ids))})"
                f" AND kind IN ({', '.join('?' * len(PRESENT))}))"
            )
            params += [*ids, *PRESENT]
        if first is not None:
            where.append("m.date >= ?")
            params.append(first)
        if last is not None:
            where.append("m.date <= ?")
            params.append(last)
        rows = con.execute(_sql(" AND ".join(where)), [*params, limit]).fetchall()
    except sqlite3.DatabaseError as e:  # a damaged or foreign file, or SQLite built without FTS5
        raise _damaged(outdir, e) from e
    finally:
        con.close()
    return _group(rows, parsed.terms)


def _sql(where: str) -> str:
    # A passage with the words as typed ranks before one with only other forms of them; then
    # FTS5's bm25 (lower is better); the meetings in the order of their best passages.
    return f"""
WITH hits AS (
    SELECT p.meeting_id, p.n, p.text, f.rank,
           f.rowid IN (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?) AS exact
    FROM passages_fts AS f
    JOIN passages AS p ON p.passage_id = f.rowid
    JOIN meetings AS m ON m.meeting_id = p.meeting_id
    WHERE {where}
), ranked AS (
    SELECT *, row_number() OVER (PARTITION BY meeting_id ORDER BY exact DESC, rank, n) AS place FROM hits
), best AS (
    SELECT r.meeting_id, r.exact, r.rank, m.date FROM ranked AS r JOIN meetings AS m ON m.meeting_id = r.meeting_id
    WHERE r.place = 1 ORDER BY r.exact DESC, r.rank, m.date DESC, r.meeting_id LIMIT ?
)
SELECT h.meeting_id, m.date, m.body, m.title, h.n, h.text, h.rank
FROM ranked AS h JOIN best AS b ON b.meeting_id = h.meeting_id JOIN meetings AS m ON m.meeting_id = h.meeting_id
ORDER BY b.exact DESC, b.rank, m.date DESC, h.meeting_id, h.place
"""


def _group(rows: list[Any], terms: tuple[Term, ...]) -> list[Hit]:
    heads: dict[str, tuple[str | None, str | None, str | None]] = {}
    found: dict[str, list[Passage]] = {}
    for meeting_id, date, body, title, n, text, rank in rows:
        heads.setdefault(meeting_id, (date, body, title))
        found.setdefault(meeting_id, []).append(Passage(n, text, rank, match_spans(text, terms)))
    hits = []
    for meeting_id, (date, body, title) in heads.items():
        best = found[meeting_id][0]
        hits.append(
            Hit(meeting_id=meeting_id, date=date, body=body, passage=best.text, rank=best.rank, title=title,
                spans=best.spans, passages=tuple(found[meeting_id]))
        )  # fmt: skip
    return hits


def excerpt(passage: str, spans: tuple[Span, ...], width: int = 300) -> tuple[str, tuple[Span, ...]]:
    """The passage, or when it is longer than ``width`` a piece of it around the first match
    cut at spaces and marked with "…"; the spans are moved to match the piece."""
    if len(passage) <= width:
        return passage, spans
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 4, len(passage) - width))
    space = passage.find(" ", start, first)
    if start > 0 and space >= 0:  # begin at a word, not inside one
        start = space + 1
    end = min(len(passage), start + width)
    space = passage.rfind(" ", first, end)
    if end < len(passage) and space >= 0:
        end = space
    head, tail = ("…" if start > 0 else ""), ("…" if end < len(passage) else "")
    shift = len(head) - start
    moved = tuple((a + shift, min(b, end) + shift) for a, b in spans if start <= a < end)
    return head + passage[start:end] + tail, moved


_BOLD_RED, _RESET = "\x1b[1;31m", "\x1b[0m"


def hit_text(hit: Hit, color: bool = False) -> str:
    """Lines for a terminal or a pipe: the meeting, its best passage (matches highlighted), and
    how many other passages of the meeting match."""
    name = hit.body or hit.title or ""
    # control characters from a document must not reach the terminal (escape sequences); one
    # character for one keeps the spans valid
    head = terminal_safe(f"{hit.meeting_id}  {hit.date or '-'}  {name}".rstrip())
    passage, spans = excerpt(terminal_safe(hit.passage), hit.spans)
    if color:
        for start, end in reversed(spans):
            passage = passage[:start] + _BOLD_RED + passage[start:end] + _RESET + passage[end:]
    lines = [head, f"    {passage}"]
    others = len(hit.passages) - 1
    if others > 0:
        lines.append(f"    (+{others} more {'passage' if others == 1 else 'passages'} in this meeting)")
    return "\n".join(lines)


def hit_json(hit: Hit) -> dict[str, Any]:
    """A hit as plain JSON data (full passages, spans as [start, end] lists)."""
    return {
        "meeting_id": hit.meeting_id,
        "date": hit.date,
        "body": hit.body,
        "title": hit.title,
        "passage": hit.passage,
        "rank": hit.rank,
        "spans": [list(s) for s in hit.spans],
        "passages": [{"n": p.n, "text": p.text, "rank": p.rank, "spans": [list(s) for s in p.spans]}
                     for p in hit.passages],
    }  # fmt: skip
