"""How often zapis is right on labelled real minutes: ``make accuracy``.

    scripts/accuracy.py [-v] [SET_DIR ...]

A set is a folder with the minutes and a ``gold.json`` keyed by file name. Without arguments the
sets are the project corpus (``corpus/``) and, when they exist next to the clone,
``../shared/devset`` and ``../shared/devset2``. Each file is copied to a neutral name
(``r<first 8 hex digits of its sha256><suffix>``), so nothing can key on file names, and read in
this process with ``zapis.pipeline`` (``extract_meetings`` where it exists, else ``extract_meeting``:
one meeting, or a list for a file that holds several). A file that fails scores 0 on every field.
The same copies are then imported with ``zapis ingest`` into a temporary archive to show how the
files were grouped into meetings.

Scoring follows the gold conventions of the dev sets (``devset/README.md``) and their scorer
(``devset/score.py``); every field scores 0..1:

- ``date``, ``start_time``: exact (a time is read as HH:MM from "9:30", "09.30", "09:30:00").
- ``location``, ``body``: rapidfuzz ``token_set_ratio`` >= 85 (default processing) against the gold
  value or one of its ``<field>_accept``; an empty answer is right when the gold or an accepted
  value is empty.
- ``attendees``, ``excused``, ``guests``: F1 of one-to-one name matches. Names are compared as
  case-folded words (diacritics kept) without academic titles, the honorifics pan/paní/pí and
  "p." before a full name, and "(…)"; the same words in any order match, a one-word name matches
  a name with that surname (last word), an initial matches a first name with that letter. Names of
  ``<field>_optional`` are left out of the output unless they also match a gold name; an output
  entry that is only a title is a wrong name.
- ``recorded_by``: the same name match, or rapidfuzz ``max(ratio, token_sort_ratio)`` >= 90.
- ``agenda``: F1 of one-to-one item matches, ``token_set_ratio`` >= 85 per item, leading numbering
  and bullets ignored, repeated output items counted once.
- ``next_meetings``: F1 over the set of dates.

Empty against empty is 1; a field missing from the output is 0. List fields take the best of the
gold list and its ``<field>_accept`` lists; a gold entry may be a list of spellings. ``variants``
are joint alternatives over several fields: the best-scoring reading is taken, a variant only when
the output follows it (every non-empty list it sets scores above 0 and no lower than under the
gold). Kinds: ``garbled`` scores only the ``recoverable`` fields; ``multi`` (several meetings in
one file) matches each gold meeting (its own keys, else the file's) to the output meeting of the
same date, the best one when several, and averages over the meetings; one output object is scored
against the first meeting. ``not-minutes`` (every field empty) is right only when zapis says so:
every field scores 0 unless the JSON has the warning "this does not look like meeting minutes".

Printed per set: the table (field, mean score %, files at 100 %); all fields; the filled fields
(the values whose gold is not empty and accepts no empty answer, which an empty answer cannot
score); the values the output fills that are right; the confident values (below); the decisions
(F1 of one-to-one matches, by number, else by text with ``partial_ratio`` >= 85, or >= 60 when the
three vote counts agree; tasks are not decisions), votes exact (of the matched gold decisions with
counts) and ``chaired_by`` (the recorder's name match), from the gold's ``decisions`` and
``chaired_by`` where present; and the grouping of the files after ``zapis ingest``.

A confident value is a scored field that the output fills and gives a ``confidence`` at or above
the threshold of ``zapis/data/confidence.toml`` for (``next_meetings`` has none). It is right when
it scores 1.0, a list when its F1 >= 0.9. The precision of confident values is printed per set and
over all sets, with a calibration table by field and kind of evidence (``provenance[field].evidence``).

The review queue (``zapis review`` over the temporary archive): a wrong value is a scored field
that is not right by the rule above (score 1.0; a list F1 >= 0.9), found in the queue by its
meeting (the file's meeting of that date) and field; a file the ingest left out as no minutes by
its one entry. Printed per set and for the dev sets
together: the share of the wrong values among the first 20 % of the queue's entries.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, utils

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = (ROOT / "corpus", ROOT.parent / "shared" / "devset", ROOT.parent / "shared" / "devset2")

FIELDS = (
    "date", "start_time", "location", "body", "attendees", "excused", "guests", "recorded_by", "agenda",
    "next_meetings",
)  # fmt: skip
PEOPLE = ("attendees", "excused", "guests")
LISTS = (*PEOPLE, "agenda", "next_meetings")
SHORT = dict(zip(FIELDS, ("date", "time", "loc", "body", "att", "exc", "gst", "rec", "agd", "next"), strict=True))
# A meeting of a "multi" file takes these from the file's gold when it has no value of its own.
INHERITED = ("start_time", "location", "body", "excused", "guests", "recorded_by", "agenda", "next_meetings")
LIST_RIGHT = 0.9  # a given list counts as right from this F1 on
NOT_MINUTES = "this does not look like meeting minutes"

Json = Any  # a value of the meeting JSON or of the gold

# ------------------------------------------------------------------ text


def clean(value: Json) -> str:
    """NFC, non-breaking spaces as spaces, runs of white space as one."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value))
    return " ".join(text.replace("\u00a0", " ").split())


def bare(value: Json) -> str:
    return clean(value).strip(" .,;:").casefold()


def is_empty(value: Json) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, list | dict) and not value)


def as_list(value: Json) -> list[Json]:
    return [] if value is None else value if isinstance(value, list) else [value]


def spellings(entry: Json) -> list[str]:
    """A gold list entry: one string, or a list of accepted spellings (the first canonical)."""
    return [str(x) for x in entry] if isinstance(entry, list) else [str(entry)]


def text_of(value: Json, keys: Sequence[str]) -> str:
    """A string, or the first non-blank string among ``keys`` of an object."""
    if isinstance(value, dict):
        return next((value[k] for k in keys if isinstance(value.get(k), str) and value[k].strip()), "")
    return "" if value is None else str(value)


def iso_date(value: Json) -> str | None:
    if is_empty(value):
        return None
    text = clean(value)
    found = re.match(r"\d{4}-\d\d-\d\d", text)
    return found.group(0) if found else text


def hh_mm(value: Json) -> str | None:
    if is_empty(value):
        return None
    found = re.match(r"\s*(?:\d{4}-\d\d-\d\d[T ])?(\d{1,2})[:.](\d\d)", str(value))
    return f"{int(found.group(1)):02d}:{found.group(2)}" if found else clean(value)


def similar(a: str, b: str) -> float:
    return fuzz.token_set_ratio(a, b, processor=utils.default_process)


def f1(right: int, given: int, expected: int) -> float:
    if given == 0 and expected == 0:
        return 1.0
    if right == 0:
        return 0.0
    return 2 * right / (given + expected)


def one_to_one(given: Sequence[Any], expected: Sequence[Any], score: Callable[[Any, Any], float | None]) -> int:
    """How many pairs a greedy one-to-one matching finds, best pairs first (ties: earlier items)."""
    pairs = [(s, i, j) for i, g in enumerate(given) for j, e in enumerate(expected) if (s := score(g, e)) is not None]
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_given: set[int] = set()
    used_expected: set[int] = set()
    for _, i, j in pairs:
        if i not in used_given and j not in used_expected:
            used_given.add(i)
            used_expected.add(j)
    return len(used_given)


# ------------------------------------------------------------------ names

ACADEMIC = frozenset((
    "bc", "bca", "mgr", "mga", "ing", "ingarch", "arch", "phdr", "paeddr", "judr", "mudr", "mddr", "mvdr", "rndr",
    "pharmdr", "thdr", "thmgr", "thlic", "rsdr", "dr", "doc", "prof", "phd", "dis", "csc", "drsc", "dsc", "mba", "llm",
    "msc", "ma", "bsc", "ba", "mpa", "dba", "et",
))  # fmt: skip
HONORIFICS = frozenset(("pan", "paní", "pani", "pí", "sl", "slečna", "ms", "mr", "mrs"))
WORD_EDGES = ".,;:–—-\"'„“”"


def name_words(text: str) -> tuple[str, ...]:
    """A name as case-folded words, without titles, honorifics and "(…)"."""
    words = []
    for raw in re.split(r"[\s,;]+", re.sub(r"\([^)]*\)", " ", clean(text))):
        word = raw.strip(WORD_EDGES).casefold()
        if word and word.replace(".", "") not in ACADEMIC | HONORIFICS:
            words.append(word)
    if len(words) >= 3 and words[0] == "p":  # "p. Jan Novák": the honorific, not an initial
        words = words[1:]
    return tuple(words)


def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> int | None:
    """3: the same words (any order); 2: compatible (surname only, initial); None: not the same."""
    if not a or not b:
        return None
    if sorted(a) == sorted(b):
        return 3
    if len(a) == 1 or len(b) == 1:
        short, full = (a, b) if len(a) == 1 else (b, a)
        return 2 if short[0] == full[-1] else None
    first, other = a[0], b[0]
    initial = (len(first) == 1 and other.startswith(first)) or (len(other) == 1 and first.startswith(other))
    return 2 if a[-1] == b[-1] and (first == other or initial) else None


def best_form(words: tuple[str, ...], forms: Iterable[tuple[str, ...]]) -> int | None:
    return max((s for f in forms if (s := same_person(words, f)) is not None), default=None)


def people_score(output: Json, gold: list[Json], optional: list[Json]) -> float:
    expected = [[name_words(s) for s in spellings(e)] for e in gold]
    extra = [name_words(s) for e in optional for s in spellings(e)]
    given = []
    for entry in as_list(output):
        text = text_of(entry, ("name", "raw", "full_name", "text"))
        if not bare(text):
            continue
        words = name_words(text) or ("\0" + text,)  # only a title: a wrong name, never a match
        in_gold = any(best_form(words, forms) is not None for forms in expected)
        if best_form(words, extra) is not None and not in_gold:
            continue  # a person the gold neither asks for nor forbids
        given.append(words)
    return f1(one_to_one(given, expected, best_form), len(given), len(expected))


# ------------------------------------------------------------------ field scores


def exact_score(output: Json, options: list[Json], read: Callable[[Json], str | None]) -> float:
    return float(read(output) in {read(o) for o in options})


def fuzzy_score(output: Json, options: list[Json]) -> float:
    given = " ".join(text_of(x, ("name", "raw", "text")) for x in as_list(output))
    if not bare(given):
        return float(any(is_empty(o) for o in options))
    return float(max((similar(given, str(o)) for o in options if not is_empty(o)), default=0.0) >= 85)


def recorder_score(output: Json, options: list[Json]) -> float:
    if isinstance(output, list):
        output = output[0] if output else None
    text = text_of(output, ("name", "raw", "full_name", "text"))
    if not bare(text):
        return float(any(is_empty(o) for o in options))
    words = name_words(text)
    for option in options:
        if is_empty(option):
            continue
        gold = name_words(str(option))
        a, b = " ".join(words), " ".join(gold)
        if same_person(words, gold) is not None or max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)) >= 90:
            return 1.0
    return 0.0


ITEM_MARK = re.compile(
    r"""^\s*(?:
        (?: (?:ad\s+)? (?:\d+|[ivxlc]+|[a-z]) \s* [.)] \s* )+   # "1.", "2)", "IV.", "a)", "ad 3.", "1.2."
      | [-–•*] \s*                                           # a bullet
    )""",
    re.I | re.X,
)


def agenda_score(output: Json, gold: list[Json]) -> float:
    given: list[str] = []
    for item in as_list(output):
        key = clean(ITEM_MARK.sub("", clean(text_of(item, ("title", "text", "name", "item", "value")))))
        if key and key.casefold() not in {g.casefold() for g in given}:
            given.append(key)
    expected = [[clean(ITEM_MARK.sub("", clean(s))) for s in spellings(e)] for e in gold]

    def score(item: str, forms: list[str]) -> float | None:
        best = max(similar(item, f) for f in forms)
        return best if best >= 85 else None

    return f1(one_to_one(given, expected, score), len(given), len(expected))


def dates_of(value: Json) -> set[str]:
    dates = (iso_date(x.get("date") if isinstance(x, dict) else x) for x in as_list(value))
    return {d for d in dates if d}


def field_score(name: str, output: dict[str, Json], gold: dict[str, Json], override: dict[str, Json] | None) -> float:
    """One field of one meeting against its gold (or a variant's value, which has no alternatives)."""
    if name not in output:
        return 0.0
    value = output[name]
    if override is not None and name in override:
        options = [override[name]]
    else:
        options = [gold.get(name), *(gold.get(name + "_accept") or [])]
    try:
        if name == "date":
            return exact_score(value, options, iso_date)
        if name == "start_time":
            return exact_score(value, options, hh_mm)
        if name in ("location", "body"):
            return fuzzy_score(value, options)
        if name == "recorded_by":
            return recorder_score(value, options)
        scores = []
        for option in options:
            if name in PEOPLE:
                scores.append(people_score(value, as_list(option), as_list(gold.get(name + "_optional"))))
            elif name == "agenda":
                scores.append(agenda_score(value, as_list(option)))
            else:
                given, expected = dates_of(value), dates_of(option)
                scores.append(f1(len(given & expected), len(given), len(expected)))
        return max(scores)
    except (TypeError, AttributeError, ValueError):  # a wrongly typed value scores 0
        return 0.0


def meeting_scores(output: Json, gold: dict[str, Json], fields: Sequence[str]) -> tuple[dict[str, float], int]:
    """The field scores under the best reading (0 the gold, n its n-th variant) and that reading."""
    if not isinstance(output, dict):
        return dict.fromkeys(fields, 0.0), 0
    base = {f: field_score(f, output, gold, None) for f in fields}
    best, chosen = base, 0
    for n, variant in enumerate(gold.get("variants") or [], start=1):
        scores = {f: field_score(f, output, gold, variant) for f in fields}
        followed = all(
            f not in scores or is_empty(v) or (scores[f] > 0 and scores[f] >= base[f]) for f, v in variant.items()
        )
        if followed and sum(scores.values()) > sum(best.values()) + 1e-9:
            best, chosen = scores, n
    return best, chosen


# ------------------------------------------------------------------ files


def informative(gold: dict[str, Json], name: str) -> bool:
    """The gold fills the field and accepts no empty answer: an empty answer cannot score."""
    return not is_empty(gold.get(name)) and not any(is_empty(a) for a in gold.get(name + "_accept") or [])


def meeting_gold(file_gold: dict[str, Json], meeting: dict[str, Json]) -> dict[str, Json]:
    """One meeting of a "multi" file: its own keys, else the file's (with the file's alternatives)."""
    gold: dict[str, Json] = {}
    for name in INHERITED:
        if name not in meeting and name in file_gold:
            gold[name] = file_gold[name]
            if name + "_accept" in file_gold:
                gold[name + "_accept"] = file_gold[name + "_accept"]
    return gold | meeting


def unwrap(output: Json) -> Json:
    if isinstance(output, dict) and "date" not in output:
        if isinstance(output.get("meetings"), list):
            return output["meetings"]
        if isinstance(output.get("meeting"), dict):
            return output["meeting"]
    if isinstance(output, list) and len(output) == 1 and isinstance(output[0], dict):
        return output[0]
    return output


def main_meeting(output: Json, date: Json) -> Json:
    """The output meeting a one-meeting gold is scored against: the one of the gold's date, else the first."""
    output = unwrap(output)
    if isinstance(output, list):
        same = [m for m in output if isinstance(m, dict) and iso_date(m.get("date")) == date]
        return (same or output or [None])[0]
    return output


@dataclass
class FileScore:
    name: str
    gold: dict[str, Json]
    fields: dict[str, float]  # field → 0..1 (a multi file: the mean over its meetings)
    informative: list[str]
    valid: bool
    pairs: list[tuple[dict[str, Json], dict[str, float]]] = field(default_factory=list)  # output meeting, scores
    notes: list[str] = field(default_factory=list)

    @property
    def perfect(self) -> bool:
        return self.valid and all(v >= 1 - 1e-9 for v in self.fields.values())


def score_file(name: str, gold: dict[str, Json], output: Json) -> FileScore:
    kind = gold.get("kind")
    fields = [f for f in FIELDS if f in (gold.get("recoverable") or [])] if kind == "garbled" else list(FIELDS)
    meetings = [meeting_gold(gold, m) for m in gold.get("meetings") or []] if kind == "multi" else []
    shown = meetings[0] if meetings else gold
    result = FileScore(name, gold, dict.fromkeys(fields, 0.0), [f for f in fields if informative(shown, f)], False)
    output = unwrap(output)
    if not (
        isinstance(output, dict) or (isinstance(output, list) and output and all(isinstance(x, dict) for x in output))
    ):
        result.notes.append("no valid output")
        return result
    result.valid = True
    if not meetings or isinstance(output, dict):
        pred: dict[str, Json] = output if isinstance(output, dict) else main_meeting(output, gold.get("date"))
        scores, variant = meeting_scores(pred, shown, fields)
        if kind == "not-minutes" and not any(w.startswith(NOT_MINUTES) for w in pred.get("warnings") or []):
            scores = dict.fromkeys(fields, 0.0)
            result.notes.append("not said to be no minutes")
        result.fields, result.pairs = scores, [(pred, scores)]
        result.notes += [f"variant {variant}"] * bool(variant) + ["one object vs the 1st meeting"] * bool(meetings)
        return result
    wanted = [m for m in meetings if not m.get("minutes_missing")]
    result.informative = [f for f in fields if any(informative(m, f) for m in wanted)]
    per_meeting = []
    for m in wanted:
        dates = {m.get("date"), *(m.get("date_accept") or [])}
        scored = [(meeting_scores(x, m, fields)[0], x) for x in output if iso_date(x.get("date")) in dates]
        best = max(scored, key=lambda p: sum(p[0].values()), default=None)  # first of equals, as listed
        per_meeting.append(best[0] if best else dict.fromkeys(fields, 0.0))
        if best:
            result.pairs.append((best[1], best[0]))
    result.fields = {f: mean([s[f] for s in per_meeting]) for f in fields}
    result.notes.append(f"meetings {len(result.pairs)}/{len(wanted)} found")
    return result


# ------------------------------------------------------------------ decisions and chair


def decision_number(value: Json) -> str:
    text = clean(value or "").lower().replace("č.", "")
    return re.sub(r"[^0-9a-z/.-]+", "", text).strip("./-")


def votes(decision: dict[str, Json]) -> tuple[Json, ...]:
    return tuple(decision.get(k) for k in ("votes_for", "votes_against", "votes_abstained"))


def same_decision(given: dict[str, Json], gold: dict[str, Json]) -> bool:
    a, b = decision_number(given.get("number")), decision_number(gold.get("number"))
    if a and b:
        return a == b or a.endswith("/" + b) or b.endswith("/" + a)
    x, y = clean(given.get("text") or ""), clean(gold.get("text") or "")
    sim = fuzz.partial_ratio(y, x, processor=utils.default_process) if x and y else 0
    return sim >= (60 if votes(gold)[0] is not None and votes(given) == votes(gold) else 85)


@dataclass
class Decisions:
    right: int = 0
    given: int = 0
    expected: int = 0
    votes_right: int = 0
    votes_expected: int = 0
    chair: list[float] = field(default_factory=list)

    def add(self, output: Json, gold: dict[str, Json]) -> None:
        if "decisions" in gold:
            expected = [d for d in as_list(gold["decisions"]) if isinstance(d, dict)]
            given = [d for d in as_list(output.get("decisions")) if isinstance(d, dict) and d.get("kind") != "task"]
            used: set[int] = set()
            for d in expected:  # each gold decision takes the first output decision that fits
                hit = next((i for i, g in enumerate(given) if i not in used and same_decision(g, d)), None)
                if hit is not None:
                    used.add(hit)
                    if votes(d)[0] is not None:
                        self.votes_expected += 1
                        self.votes_right += votes(given[hit]) == votes(d)
            self.right += len(used)
            self.given += len(given)
            self.expected += len(expected)
        if "chaired_by" in gold:
            self.chair.append(
                recorder_score(output.get("chaired_by"), [gold["chaired_by"], *as_list(gold.get("chaired_by_accept"))])
            )

    def line(self) -> str:
        if not self.expected and not self.chair:
            return "decisions and chair: no gold"
        p = self.right / self.given if self.given else 1.0
        r = self.right / self.expected if self.expected else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        v = (
            f"{pct(self.votes_right / self.votes_expected)} % of {self.votes_expected}"
            if self.votes_expected
            else "n/a"
        )
        c = f"{pct(sum(self.chair) / len(self.chair))} % of {len(self.chair)} files" if self.chair else "n/a"
        decided = f"decisions F1 {pct(f)} % (P {pct(p)}, R {pct(r)}, {self.expected} in gold)"
        return f"{decided}; votes exact {v}; chaired_by {c}"


# ------------------------------------------------------------------ confident values


@dataclass(frozen=True)
class Given:
    """A value zapis gave with a confidence at or above the threshold, and whether it is right."""

    file: str
    field: str
    evidence: str
    confidence: float
    right: bool
    value: str


def confident_values(score: FileScore, threshold: float) -> list[Given]:
    out = []
    for meeting, scores in score.pairs:
        for name, value in scores.items():
            sure = (meeting.get("confidence") or {}).get(name)
            if is_empty(meeting.get(name)) or not isinstance(sure, int | float) or sure < threshold:
                continue
            evidence = ((meeting.get("provenance") or {}).get(name) or {}).get("evidence") or "—"
            right = value >= (LIST_RIGHT if name in LISTS else 1 - 1e-9)
            shown = json.dumps(meeting[name], ensure_ascii=False)
            out.append(Given(score.name, name, evidence, float(sure), right, shown[:100]))
    return out


# ------------------------------------------------------------------ running zapis


def neutral_name(path: Path) -> str:
    return f"r{hashlib.sha256(path.read_bytes()).hexdigest()[:8]}{path.suffix or '.txt'}"


def extract(path: Path) -> Json:
    """The meeting JSON of one file: a dict, or a list of dicts for a file of several meetings (as
    ``zapis extract`` prints it); None when zapis fails."""
    from zapis import pipeline

    # every meeting of the file where the pipeline can give them, else the one meeting
    read = getattr(pipeline, "extract_meetings", pipeline.extract_meeting)
    try:
        result = read(path)
    except Exception as e:  # a file that fails scores 0, the run goes on
        print(f"  {path.name}: {type(e).__name__}: {e}", file=sys.stderr)
        return None
    dumped = [m.model_dump(mode="json") for m in (result if isinstance(result, list) else [result])]
    return dumped[0] if len(dumped) == 1 else dumped


@dataclass
class Grouping:
    """How ``zapis ingest`` grouped the files of a set into meetings."""

    meetings: int
    together: list[list[str]]  # files that went into one meeting
    meeting_of: dict[str, str | None]  # file → its meeting_id (None: no meeting, e.g. an error)
    failed: str | None = None  # the ingest itself stopped
    meetings_of: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)  # file → (id, date) each
    queue: list[tuple[str, str]] = field(default_factory=list)  # `zapis review`: (meeting id, field), in order

    def line(self, gold: dict[str, dict[str, Json]]) -> str:
        if self.failed:
            return f"grouping (zapis ingest): the ingest stopped: {self.failed}"
        expected = sum(expected_meetings(g) for g in gold.values())
        parts = ["; ".join(" + ".join(files) for files in self.together) or "no two files in one meeting"]
        if missing := [f for f, m in self.meeting_of.items() if m is None and expected_meetings(gold[f])]:
            parts.append(f"no meeting: {', '.join(missing)}")
        if extra := [f for f, m in self.meeting_of.items() if m is not None and not expected_meetings(gold[f])]:
            parts.append(f"a meeting though not minutes: {', '.join(extra)}")
        return f"grouping (zapis ingest): {len(gold)} files → {self.meetings} meetings (gold {expected}); " + "; ".join(
            parts
        )


def expected_meetings(gold: dict[str, Json]) -> int:
    if gold.get("kind") == "not-minutes":
        return 0
    if gold.get("kind") == "multi":
        return sum(1 for m in gold.get("meetings") or [] if not m.get("minutes_missing"))
    return 1


def ingest(folder: Path, real: dict[str, str]) -> Grouping:
    """Import the neutral copies in ``folder`` into a temporary archive; ``real`` maps neutral → file name."""
    from zapis.archive import IngestSettings, ingest_directory

    with tempfile.TemporaryDirectory(prefix="zapis-accuracy-archive-") as out:
        try:
            report = ingest_directory(folder, Path(out), IngestSettings())
        except Exception as e:  # reported; the scores still count
            return Grouping(0, [], {}, f"{type(e).__name__}: {e}")
        together = []
        meetings_of: dict[str, list[tuple[str, str | None]]] = {}
        for path in sorted((Path(out) / "meetings").glob("*.json")):
            meeting = json.loads(path.read_text(encoding="utf-8"))
            files = sorted({real.get(s["path"], s["path"]) for s in meeting["sources"]})
            for name in files:
                meetings_of.setdefault(name, []).append((meeting["meeting_id"], meeting.get("date")))
            if len(files) > 1:
                together.append(files)
        queue = review_order(Path(out), real)
    meeting_of = {real.get(e.path, e.path): e.meeting_id for e in report.files}
    return Grouping(report.summary.meetings, together, meeting_of, None, meetings_of, queue)


def review_order(out: Path, real: dict[str, str]) -> list[tuple[str, str]]:
    """The review queue of an archive (``zapis review``), as (meeting id, field) in order, a file left out
    as no minutes as ("file:" + its name, "minutes"); [] before it existed."""
    try:
        from zapis.archive import review_queue
    except ImportError:
        return []
    return [
        (e.meeting_id, e.field) if e.meeting_id else (f"file:{real.get(e.source or '', e.source)}", e.field)
        for e in review_queue(out)
    ]


REVIEW_TOP = 0.2  # the share of the queue a person checks first


@dataclass
class QueueShare:
    """How many of the wrong values are among the first ``REVIEW_TOP`` of the review queue."""

    wrong: int = 0
    on_top: int = 0
    entries: int = 0
    missed: list[str] = field(default_factory=list)

    def add(self, other: QueueShare) -> None:
        self.wrong += other.wrong
        self.on_top += other.on_top
        self.entries += other.entries
        self.missed += other.missed

    def line(self, label: str) -> str:
        if not self.entries:
            return f"review queue, {label}: none"
        share_ = f"{pct(self.on_top / self.wrong)} %" if self.wrong else "n/a"
        return (
            f"review queue, {label}: {share_} of the {self.wrong} wrong values are among the first"
            f" {REVIEW_TOP:.0%} of the queue ({self.on_top}; {self.entries} entries)"
        )


def queue_share(files: Sequence[FileScore], grouping: Grouping) -> QueueShare:
    """Each wrong value (a field scoring below 1) found in the queue by its meeting and field."""
    rank = {key: i for i, key in enumerate(grouping.queue)}
    top = REVIEW_TOP * len(grouping.queue)
    result = QueueShare(entries=len(grouping.queue))
    seen: set[tuple[str, str]] = set()
    for s in files:
        for output, scores in s.pairs:
            candidates = grouping.meetings_of.get(s.name, [])
            date = iso_date(output.get("date"))
            meeting_id = next((m for m, d in candidates if d == date), None) or grouping.meeting_of.get(s.name)
            for name, value in scores.items():
                if value >= (LIST_RIGHT if name in LISTS else 1 - 1e-9) or (str(meeting_id), name) in seen:
                    continue
                seen.add((str(meeting_id), name))
                result.wrong += 1
                # a file left out as no minutes: its one entry stands for all its fields
                at = rank.get((str(meeting_id), name)) if meeting_id else rank.get((f"file:{s.name}", "minutes"))
                if at is not None and at < top:
                    result.on_top += 1
                else:
                    where = f"#{at + 1}" if at is not None else "not in the queue"
                    result.missed.append(f"{s.name} {name} ({where})")
    return result


def run_set(folder: Path, gold: dict[str, dict[str, Json]]) -> tuple[dict[str, Json], Grouping]:
    """Every file of the set read under a neutral name, then all of them ingested together."""
    outputs: dict[str, Json] = {}
    with tempfile.TemporaryDirectory(prefix="zapis-accuracy-") as tmp:
        real: dict[str, str] = {}
        for name in gold:
            neutral = neutral_name(folder / name)
            while neutral in real:  # byte-identical files stay two files
                neutral = "r" + neutral
            shutil.copyfile(folder / name, Path(tmp) / neutral)
            real[neutral] = name
            outputs[name] = extract(Path(tmp) / neutral)
        grouping = ingest(Path(tmp), real)
    return outputs, grouping


# ------------------------------------------------------------------ the report


def pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def mean(xs: Sequence[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def right(value: float) -> bool:
    return value >= 1 - 1e-9


@dataclass
class SetResult:
    name: str
    gold: dict[str, dict[str, Json]]
    files: list[FileScore]
    given: list[Given]  # the confident values
    decisions: Decisions
    grouping: Grouping | None = None

    def field(self, name: str) -> tuple[float, int, int]:
        """The mean score of a field, the files where it is right, the files that score it."""
        scores = [s.fields[name] for s in self.files if name in s.fields]
        return mean(scores), sum(map(right, scores)), len(scores)

    def all_fields(self) -> list[float]:
        return [v for s in self.files for v in s.fields.values()]

    def filled_fields(self) -> list[float]:
        """The scores of the fields the gold fills (and accepts no empty answer for)."""
        return [s.fields[f] for s in self.files for f in s.informative]

    def filled_by_output(self) -> list[float]:
        """The scores of the fields the output fills (files of one meeting)."""
        return [
            v
            for s in self.files
            if s.pairs and s.gold.get("kind") != "multi"
            for f, v in s.fields.items()
            if not is_empty(s.pairs[0][0].get(f))
        ]


def score_set(name: str, gold: dict[str, dict[str, Json]], outputs: dict[str, Json], threshold: float) -> SetResult:
    files = [score_file(f, g, outputs.get(f)) for f, g in gold.items()]
    decisions = Decisions()
    for f, g in gold.items():
        pred = main_meeting(outputs.get(f), g.get("date"))
        decisions.add(pred if isinstance(pred, dict) else {}, g)
    given = [v for s in files for v in confident_values(s, threshold)]
    return SetResult(name, gold, files, given, decisions)


def share(label: str, values: Sequence[float], unit: str = "") -> str:
    return f"{label}: {pct(mean(values)) if values else '  n/a'} % of {len(values)}{unit}"


def confident_line(label: str, given: Sequence[Given]) -> str:
    return share(label, [float(g.right) for g in given]) + f" ({sum(g.right for g in given)} right)"


def print_set(result: SetResult, verbose: bool) -> None:
    files = result.files
    perfect = sum(s.perfect for s in files)
    print(f"== {result.name}: {len(files)} files, {sum(s.valid for s in files)} read, {perfect} fully right")
    print(f"{'field':<15}{'score %':>9}{'files 100%':>12}")
    for name in FIELDS:
        score, at_100, scored = result.field(name)
        print(f"{name:<15}{pct(score):>9}{at_100:>7}/{scored}")
    print(f"{'all fields':<15}{pct(mean(result.all_fields())):>9}{perfect:>7}/{len(files)}")
    print(share("filled fields (the gold fills them, an empty answer cannot score)", result.filled_fields(), " values"))
    print(share("values the output fills that are right", result.filled_by_output()))
    print(confident_line(f"confident values right (score 1.0; lists F1 >= {LIST_RIGHT})", result.given))
    print(result.decisions.line())
    if result.grouping is not None:
        print(result.grouping.line(result.gold))
        if result.grouping.queue:
            shown = queue_share(result.files, result.grouping)
            print(shown.line(result.name))
            if verbose and shown.missed:
                print("  not among the first of the queue: " + "; ".join(shown.missed))
    if verbose:
        print(f"\n{'file':<58}" + " ".join(f"{SHORT[f]:>5}" for f in FIELDS))
        for s in files:
            cells = " ".join(f"{pct(s.fields[f]) if f in s.fields else '  n/a':>5}" for f in FIELDS)
            print(f"{s.name[:57]:<58}{cells}  {'; '.join(s.notes)}")
            for g in result.given:
                if g.file == s.name and not g.right:
                    print(f"    wrong and confident: {g.field} = {g.value} ({g.evidence}, {g.confidence:.2f})")
    print()


def calibration(given: Sequence[Given]) -> dict[tuple[str, str], list[Given]]:
    """(field, kind of evidence) → the confident values read from it, in field order."""
    rows: dict[tuple[str, str], list[Given]] = {}
    for g in sorted(given, key=lambda g: (FIELDS.index(g.field), g.evidence)):
        rows.setdefault((g.field, g.evidence), []).append(g)
    return rows


def print_calibration(given: Sequence[Given]) -> None:
    print("calibration, all sets: field, kind of evidence → right/given (the confidence zapis gave)")
    for (name, evidence), gs in calibration(given).items():
        hits = sum(g.right for g in gs)
        sure = ", ".join(f"{c:.2f}" for c in sorted({g.confidence for g in gs}))
        print(f"  {name:<14}{evidence:<14}{hits:>4}/{len(gs):<4}{pct(hits / len(gs))} %  ({sure})")


def load_gold(folder: Path) -> dict[str, dict[str, Json]]:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    if not isinstance(gold, dict):
        raise SystemExit(f"{folder / 'gold.json'}: expected an object keyed by file name")
    return gold


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Accuracy of zapis on labelled minutes (folders with gold.json).")
    parser.add_argument(
        "sets", nargs="*", type=Path, help="set folders (default: corpus/, ../shared/devset, ../shared/devset2)"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="one line per file, and the wrong confident values"
    )
    args = parser.parse_args(argv)
    from zapis.lang import load

    threshold = float(load("confidence")["threshold"])
    folders = args.sets or [d for d in DEFAULT_SETS if (d / "gold.json").is_file()]
    print(f"zapis accuracy; confident: confidence >= {threshold}; right: score 1.0 (lists: F1 >= {LIST_RIGHT})\n")
    results = []
    for folder in folders:
        gold = load_gold(folder)
        outputs, grouping = run_set(folder, gold)
        result = score_set(folder.resolve().name, gold, outputs, threshold)
        result.grouping = grouping
        print_set(result, args.verbose)
        results.append(result)
    given = [g for r in results for g in r.given]
    together = QueueShare()
    for r in results:
        if r.grouping is not None and r.grouping.queue and r.name != "corpus":
            together.add(queue_share(r.files, r.grouping))
    if together.entries:
        print(together.line("the dev sets together"))
    for r in results:
        print(confident_line(f"confident values right, {r.name}", r.given))
    print(confident_line(f"confident values right, {len(results)} sets together", given))
    print()
    print_calibration(given)
    return 0


if __name__ == "__main__":
    sys.exit(main())
