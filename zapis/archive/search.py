"""Full-text search in an ingested archive: OUTDIR/zapis.sqlite, written by ``zapis ingest``.

The query language is deliberately small, because user input must never reach FTS5's own
syntax (a stray quote, colon or parenthesis there is a syntax error or, worse, a column
filter): the query is cut into words here and every word goes to FTS5 as a quoted string.

* every word must occur in the passage, in any order: ``lůžko krizové``;
* "words in quotes" (also „Czech quotes“) must occur in this order: ``"krizové lůžko"``;
  so must words joined by punctuation: ``covid-19`` is the phrase ``covid 19``;
* ``slovo*`` matches every word starting with ``slovo`` (Czech word forms: ``krizov*``);
* case and diacritics never matter: ``krizove luzko`` finds ``krizové lůžko``.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from zapis.archive.catalog import CATALOG_NAME, CATALOG_VERSION
from zapis.errors import InputError
from zapis.lang import strip_diacritics
from zapis.output import terminal_safe

__all__ = ["Hit", "Phrase", "excerpt", "fts_query", "hit_json", "hit_text", "parse_query", "search"]

# What FTS5's unicode61 tokenizer takes for a word: letters and digits (L*, N*); everything
# else, the underscore included, separates words.  Highlighting uses the same definition.
_WORD = re.compile(r"[^\W_]+")
# A quoted part of the query, closed or running to the end; or a run of unquoted text.
_QUOTES = '"„“”'
_SEGMENT = re.compile(f"[{_QUOTES}]([^{_QUOTES}]*)[{_QUOTES}]?|([^{_QUOTES}]+)")

Span = tuple[int, int]


@dataclass(frozen=True)
class Phrase:
    """Words that must occur one after another; the last one may be a prefix (``krizov*``)."""

    words: tuple[str, ...]  # folded: lower case, no diacritics
    prefix: bool = False


@dataclass(frozen=True)
class Hit:
    """One matching passage (a paragraph of the minutes) and the meeting it belongs to."""

    meeting_id: str
    date: str | None
    body: str | None
    passage: str
    rank: float  # FTS5 bm25 rank: lower is a better match
    title: str | None = None
    spans: tuple[Span, ...] = ()  # [start, end) of the matched words in ``passage``


def _fold(word: str) -> str:
    return strip_diacritics(word).lower()


def _phrase(text: str) -> Phrase | None:
    words = list(_WORD.finditer(text))
    if not words:
        return None
    last = words[-1]
    prefix = text[last.end() : last.end() + 1] == "*"
    return Phrase(tuple(_fold(w.group()) for w in words), prefix)


def parse_query(query: str) -> list[Phrase]:
    """The phrases of a query, all of which must match; [] when it has no words."""
    phrases = []
    for m in _SEGMENT.finditer(query):
        quoted, bare = m.group(1), m.group(2)
        chunks = [quoted] if quoted is not None else bare.split()
        phrases += [p for p in map(_phrase, chunks) if p is not None]
    return phrases


def fts_query(phrases: list[Phrase]) -> str:
    """An FTS5 MATCH expression in which every word is a quoted string (never an operator)."""
    parts = []
    for p in phrases:
        quoted = '"' + " ".join(w.replace('"', '""') for w in p.words) + '"'
        parts.append(quoted + " *" if p.prefix else quoted)
    return " AND ".join(parts)


def match_spans(passage: str, phrases: list[Phrase]) -> tuple[Span, ...]:
    """Where the phrases occur in the passage, for highlighting; overlapping spans merged."""
    tokens = [(m.start(), m.end(), _fold(m.group())) for m in _WORD.finditer(passage)]
    found: list[Span] = []
    for p in phrases:
        n = len(p.words)
        for i in range(len(tokens) - n + 1):
            window = tokens[i : i + n]
            if _phrase_at(p, [t[2] for t in window]):
                found.append((window[0][0], window[-1][1]))
    return _merge(found)


def _phrase_at(p: Phrase, tokens: list[str]) -> bool:
    *whole, last = p.words
    if tokens[:-1] != whole:
        return False
    return tokens[-1].startswith(last) if p.prefix else tokens[-1] == last


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
    return con


def _damaged(outdir: Path, e: Exception) -> InputError:
    path = Path(outdir) / CATALOG_NAME
    return InputError(f"{path} is not a readable zapis catalog ({e}): run zapis ingest DIR -o {outdir} again")


MAX_LIMIT = 2**62  # more passages than any catalog holds

_SQL = """
SELECT p.meeting_id, m.date, m.body, m.title, p.text, f.rank
FROM passages_fts AS f
JOIN passages AS p ON p.rowid = f.rowid
LEFT JOIN meetings AS m ON m.meeting_id = p.meeting_id
WHERE f.folded MATCH ?
ORDER BY f.rank, m.date DESC, p.meeting_id, p.n
LIMIT ?
"""


def search(outdir: Path, query: str, limit: int = 20) -> list[Hit]:
    """The passages of the archive in ``outdir`` that match ``query``, best first.

    A ``limit`` larger than any archive (up to any size) means every passage.  Raises InputError
    when the query has no words, or the catalog is missing or unreadable.
    """
    if limit < 1:
        raise InputError(f"the limit must be at least 1, not {limit}")
    limit = min(limit, MAX_LIMIT)  # SQLite's integers are 64-bit
    phrases = parse_query(query)
    if not phrases:
        raise InputError(f"the query {query!r} has no words to search for")
    con = _connect(outdir)
    try:
        rows = con.execute(_SQL, (fts_query(phrases), limit)).fetchall()
    except sqlite3.DatabaseError as e:  # a damaged or foreign file, or SQLite built without FTS5
        raise _damaged(outdir, e) from e
    finally:
        con.close()
    return [
        Hit(meeting_id=mid, date=date, body=body, passage=text, rank=rank, title=title,
            spans=match_spans(text, phrases))
        for mid, date, body, title, text, rank in rows
    ]  # fmt: skip


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
    """Two lines for a terminal or a pipe: the meeting, then the passage (matches highlighted)."""
    name = hit.body or hit.title or ""
    # control characters from a document must not reach the terminal (escape sequences); one
    # character for one keeps the spans valid
    head = terminal_safe(f"{hit.meeting_id}  {hit.date or '-'}  {name}".rstrip())
    passage, spans = excerpt(terminal_safe(hit.passage), hit.spans)
    if color:
        for start, end in reversed(spans):
            passage = passage[:start] + _BOLD_RED + passage[start:end] + _RESET + passage[end:]
    return f"{head}\n    {passage}"


def hit_json(hit: Hit) -> dict[str, Any]:
    """A hit as plain JSON data (the full passage, spans as [start, end] lists)."""
    out = asdict(hit)
    out["spans"] = [list(s) for s in hit.spans]
    return out
