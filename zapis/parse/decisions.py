"""What was decided: resolutions, the votes on them, tasks, and the links between resolutions.

Statements (zapis/parse/statements.py) and votes (zapis/parse/votes.py) are found on their own,
then each vote is given the motion it decides: the statement before it ("Návrh usnesení: …",
"Výbor schvaluje …", a proposal "Navrhuji …"), on its own line ("… – Hlasování: 85 pro …"), the
result stated after it ("Program byl schválen."), or the row of a table of counts.  Statements
that no vote decides are decisions of their own; narrative ones ("Výbor schválil …") only where
the minutes give no formal resolutions, since there they retell them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import cache

from zapis.lang import fold, phrases
from zapis.parse.agenda import clean_item
from zapis.parse.dates import find_dates
from zapis.parse.numbering import item_number, strip_number
from zapis.parse.statements import (
    FORMAL,
    FORMULA,
    LABEL,
    LIST,
    MOTION,
    NUMBER,
    PASSIVE,
    PAST,
    Statement,
    clause_starts,
    find_statements,
    fold_line,
    similar,
    stems,
    verb_of,
    verb_span,
)
from zapis.parse.tasks import deadline_in, find_tasks, given_to, people_named, responsible_in
from zapis.parse.votes import ADOPTED, DEFAULT_ORDER, REJECTED, Tally, VoteBlock, find_votes, inline_tally
from zapis.schema import Decision, DecisionReference, NamedVote, Person

_ORDINAL = re.compile(r"^\s*(?:ad\.?|bod)\s*(\d{1,2})\b", re.IGNORECASE)
_TASK_VERBS = ("ukládá", "pověřuje")


@dataclass
class Context:
    """What the rest of the minutes tell the decisions: the date (for deadlines), the agenda, who attended."""

    date: dt.date | None = None
    agenda: list[str] = field(default_factory=list)
    attendees: list[Person] = field(default_factory=list)


@dataclass
class Entry:
    """A decision being put together, with the lines it was read from."""

    kind: str
    text: str
    line: int
    end: int
    verb: str | None = None
    number: str | None = None
    tally: Tally | None = None
    result: str | None = None
    formal: bool = False
    responsible: str | None = None
    responsible_people: list[Person] = field(default_factory=list)
    deadline: dt.date | None = None
    deadline_raw: str | None = None
    agenda_item: str | None = None
    present: int | None = None  # members present at the time of the vote
    present_listed: bool = False  # counted from the attendance list, not stated
    vote: tuple[int, int] | None = None  # the lines of the vote record its counts were read from

    def voted(self) -> bool:
        return self.tally is not None and bool(self.tally.counts or self.tally.names or self.tally.unanimous)


@dataclass
class Found:
    decisions: list[Decision]
    lines: list[int]  # the line each decision was read from
    warnings: list[str]
    votes: list[tuple[int, int] | None] = field(default_factory=list)  # the lines of each one's vote record


# --- numbers and links ---------------------------------------------------------------------


def normalize_number(number: str | None) -> str | None:
    """ "41 / 2015" → "41/2015", "r–245/2022" → "R-245/2022", "05/2021" → "5/2021"."""
    if not number:
        return None
    text = re.sub(r"\s+", "", number.replace("–", "-").replace("—", "-")).strip(".:,;")
    parts = re.split(r"([/.\-])", text)
    out = []
    for part in parts:
        if part.isdigit():
            out.append(str(int(part)))
        else:
            out.append(part.upper())
    return "".join(out) or None


@cache
def _reference_re() -> re.Pattern[str]:
    relations = "|".join(
        f"(?P<{name}>{phrases('decisions', 'links', name).source})" for name in ("revokes", "amends", "replaces")
    )
    labels = phrases("decisions", "resolution", "labels").source
    numbers = phrases("decisions", "resolution", "number_words").source
    return re.compile(
        rf"(?<!\w)(?:{relations})(?!\w)\s+(?:\w+\s+){{0,2}}?{labels}\s*(?:{numbers})?\s*:?\s*"
        rf"(?P<no>{NUMBER}(?:\s*(?:,|a)\s*(?:{numbers})?\s*{NUMBER})*)"
    )


def references(text: str) -> list[DecisionReference]:
    """ "ruší usnesení č. 12/2023", "mění usnesení č. 5/2022 a 6/2022": the resolutions this one acts on."""
    out: list[DecisionReference] = []
    folded = fold_line(text)
    for m in _reference_re().finditer(folded):
        relation = next(name for name in ("revokes", "amends", "replaces") if m.group(name))
        written = text[m.start("no") : m.end("no")]
        numbers = phrases("decisions", "resolution", "number_words").source
        for piece in re.split(rf"\s*(?:,|\sa\s)\s*(?:{numbers})?\s*", written):
            piece = piece.strip(" .,;")
            if re.search(r"\d", piece):
                out.append(
                    DecisionReference(relation=relation, number=piece, number_normalized=normalize_number(piece))
                )
    return out


# --- how many were present -----------------------------------------------------------------


@cache
def _present_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    present = phrases("decisions", "present", "words").source
    after = re.compile(
        rf"(?<!\w)(?P<w>\w+\s+)?(?P<w2>\w+\s+)?(?:{present})(?!\w)\s*(?:je|jsou|bylo|byli|bude)?\s*"
        rf"(?P<noun1>[^\W\d]+\s*)?[:\s]*(?P<n>\d{{1,4}})(?![\d.,:/])(?:\s+(?P<noun2>[^\W\d]+))?"
    )
    before = re.compile(rf"(?<![\d.,:/])(?P<n>\d{{1,4}})\s+(?P<noun2>[^\W\d]+)\s+(?:{present})(?!\w)")
    return after, before


def present_counts(lines: list[str]) -> list[tuple[int, int]]:
    """(line, number of members present) for each statement of it: "Přítomno je 15 členů", "přítomno 13 z 15"."""
    not_members = phrases("decisions", "present", "not_members")
    out = []
    words = phrases("decisions", "present", "words")
    for i, line in enumerate(lines):
        if not re.search(r"\d", line) or words.search(line) is None:
            continue
        folded = fold_line(line)
        for pattern in _present_re():
            for m in pattern.finditer(folded):
                nouns = [m.groupdict().get(k) for k in ("w", "w2", "noun1", "noun2")]
                if any(n and n.strip() in not_members for n in nouns):
                    continue
                out.append((i, int(m.group("n"))))
    return sorted(out)


def _present_at(counts: list[tuple[int, int]], line: int, listed: int) -> tuple[int | None, bool]:
    """Members present at a line: the last count stated before it, else the first stated, else the
    number of attendees listed (and whether it is that)."""
    before = [n for i, n in counts if i <= line]
    if before:
        return before[-1], False
    if counts:
        return counts[0][1], False
    return (listed, True) if listed else (None, False)


# --- the agenda item a decision stands under ---------------------------------------------------


def _headings(lines: list[str], start: int, covered: set[int]) -> list[tuple[int, int | None, str]]:
    """(line, item number, title) of each heading of the body."""
    out: list[tuple[int, int | None, str]] = []
    for i in range(start, len(lines)):
        line = lines[i].strip().lstrip("#* ").strip()
        if not line or i in covered:
            continue
        number = item_number(line)
        ordinal = _ORDINAL.match(line)
        title = strip_number(line)
        if ordinal:
            number = int(ordinal.group(1))
            title = re.sub(r"^\s*(?:programu?\s+)?(?:\w{1,4}\s+)?[–—:-]\s*", "", line[ordinal.end() :].lstrip(" .):"))
        if number is None and not ordinal:
            continue
        words = title.split()
        if len(words) > 14 or (re.search(r"[.!?]$", title) and len(words) > 6):
            continue
        out.append((i, number, clean_item(title) or title))
    return out


def _agenda_item(
    headings: list[tuple[int, int | None, str]], line: int, inline: int | None, agenda: list[str]
) -> str | None:
    number: int | None = inline
    title: str | None = None
    if inline is None:
        before = [h for h in headings if h[0] <= line]
        if not before:
            return None
        _, number, title = before[-1]
    if title:
        folded = fold(title)
        for entry in agenda:
            if fold(entry) and (folded.startswith(fold(entry)) or fold(entry).startswith(folded)):
                return entry
    if number is not None and 1 <= number <= len(agenda):
        entry = agenda[number - 1]
        if title is None or stems(entry) & stems(title):
            return entry
    return title


def _inline_item(line: str, offset: int) -> int | None:
    """ "… 3) Výbor schválil …": the item number just before a statement inside a run-on line."""
    m = re.search(r"(?<!\S)(\d{1,2})[.)]\s*$", line[:offset])
    return int(m.group(1)) if m and offset > 0 else None


# --- putting statements and votes together ----------------------------------------------------


@dataclass
class _Span:
    """A statement with the lines its text takes (a motion block or a list below a colon)."""

    statement: Statement
    start: int
    end: int
    text: str
    in_list: bool = False
    used: bool = False

    @property
    def kind(self) -> str:
        return self.statement.kind


def _is_item(line: str) -> bool:
    return bool(re.match(r"^\s*(?:[-–•*]\s+|\(?(?:\d{1,2}|[a-z])[.)]\s+)", line))


def _spans(lines: list[str], statements: list[Statement], votes: list[VoteBlock]) -> list[_Span]:
    starts = {s.line for s in statements if s.offset <= 2}
    vote_lines = {i for v in votes for i in range(v.start, v.end + 1)}
    vote_starts = sorted(v.start for v in votes)
    out: list[_Span] = []
    list_until = -1
    for s in statements:
        end, text = s.line, s.text
        last_on_line = s is statements[-1] or statements[statements.index(s) + 1].line != s.line
        if s.kind == MOTION and last_on_line:
            end, text = _motion_extent(lines, s, starts - {s.line}, vote_starts)
        elif s.kind == LABEL and not s.text and last_on_line:  # "Usnesení č. 5/2021:" over its text
            end, text = _motion_extent(lines, replace(s, text=""), starts - {s.line}, vote_starts)
        elif s.opens_list and last_on_line:
            end, text = _list_extent(lines, s, starts, vote_lines)
            if s.kind == FORMULA and end == s.line:  # "Valná hromada mění předpis:" over what it says, then the vote
                end, text = _motion_extent(lines, replace(s, text=""), starts - {s.line}, vote_starts, s.text)
        in_list = s.line <= list_until
        if s.kind == LIST:
            list_until = _list_end(lines, s.line, vote_lines)
        out.append(_Span(s, s.line, end, text, in_list=in_list))
    return out


def _motion_extent(
    lines: list[str], s: Statement, starts: set[int], vote_starts: list[int], head: str = ""
) -> tuple[int, str]:
    """ "Návrh usnesení:" takes the lines down to the vote on it, or its one paragraph."""
    nxt = next((v for v in vote_starts if v > s.line), None)
    rest = re.sub(r"^[^:]*:\s*", "", s.text, count=1) if ":" in s.text else ""
    pieces = [head] if head else ([rest] if rest else [])
    if nxt is not None and nxt - s.line <= 20:
        between = range(s.line + 1, nxt)
        if not any(_is_heading(lines[j]) or _is_motion(lines[j]) for j in between):
            pieces += [lines[j].strip() for j in between if lines[j].strip()]
            return nxt - 1, "\n".join(pieces)
    if head:
        return s.line, head
    end = s.line
    j = s.line + 1
    while j < len(lines) and not lines[j].strip() and not pieces:
        j += 1
    while j < len(lines) and lines[j].strip() and not _is_heading(lines[j]) and not _is_motion(lines[j]):
        if nxt is not None and j >= nxt:
            break
        pieces.append(lines[j].strip())
        end = j
        j += 1
    return end, "\n".join(pieces)


def _list_extent(lines: list[str], s: Statement, starts: set[int], vote_lines: set[int]) -> tuple[int, str]:
    """The list below a statement that ends with a colon: its items (blank lines between them allowed)
    and the lines that continue each item."""
    pieces = [s.text]
    end = s.line
    j = s.line + 1
    item_seen = False
    while j < len(lines):
        text = lines[j].strip()
        if not text:
            k = j + 1
            while k < len(lines) and not lines[k].strip():
                k += 1
            if k < len(lines) and _is_item(lines[k]) and k not in starts and k not in vote_lines:
                j = k
                continue
            break
        if j in starts or j in vote_lines or (_is_heading(text) and not _is_item(text) and item_seen):
            break
        item_seen = item_seen or _is_item(text)
        pieces.append(text)
        end = j
        j += 1
    return end, "\n".join(pieces)


def _list_end(lines: list[str], i: int, vote_lines: set[int]) -> int:
    """Where an "Usnesení:" list ends: at the first blank line after its items, or a heading."""
    end = i
    j = i + 1
    while j < len(lines):
        if not lines[j].strip():
            if end > i:
                break
        elif _is_heading(lines[j]) and not _is_item(lines[j]):
            break
        else:
            end = j
        j += 1
    return end


def _is_heading(line: str) -> bool:
    text = line.strip().lstrip("#* ")
    if _ORDINAL.match(text):
        return True
    number = item_number(text)
    title = strip_number(text)
    return number is not None and len(title.split()) <= 14 and not re.search(r"[.!?:]$", title)


@cache
def _motion_label() -> re.Pattern[str]:
    return re.compile(rf"^[\s#*]*{phrases('decisions', 'resolution', 'motion_labels').source}(?!\w)")


def _is_motion(line: str) -> bool:
    return _motion_label().match(fold_line(line)) is not None


def _entry_from(span: _Span, line_text: str) -> Entry:
    s = span.statement
    kind = "resolution" if (s.kind in FORMAL or span.in_list) else "agreement"
    result = REJECTED if s.negated else (ADOPTED if s.kind in (PAST, PASSIVE) else None)
    verb = s.verb or verb_of(span.text)
    return Entry(
        kind, span.text, span.start, span.end, verb, s.number, result=result, formal=s.kind in FORMAL or span.in_list
    )


def _previous_line(lines: list[str], i: int, floor: int) -> int | None:
    j = i - 1
    while j > floor and not lines[j].strip():
        j -= 1
    return j if j > floor and lines[j].strip() else None


def _next_line(lines: list[str], i: int) -> int | None:
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    return j if j < len(lines) and j - i <= 3 else None


def _proposal(text: str) -> str:
    """A long paragraph before a vote: its last sentence is the proposal put to the vote."""
    if len(text) <= 300:
        return text
    from zapis.parse.statements import sentence_ends

    ends = [e for e in sentence_ends(text) if e < len(text) - 20]
    return text[ends[-1] :] if ends else text


def _decide(lines: list[str], spans: list[_Span], votes: list[VoteBlock]) -> list[Entry]:
    """One entry (or two: a proposal and a different result stated after it) per vote."""
    out: list[Entry] = []
    by_line: dict[int, list[_Span]] = {}
    for sp in spans:
        for i in range(sp.start, sp.end + 1):
            by_line.setdefault(i, []).append(sp)
    vote_lines = {i: v for v in votes for i in range(v.start, v.end + 1)}
    floor = -1
    numbered: dict[str | None, _Span] = {}
    for sp in spans:
        if sp.statement.number and sp.text.strip():
            numbered.setdefault(normalize_number(sp.statement.number), sp)
    decided: dict[str, Entry] = {}
    for v in votes:
        number = normalize_number(v.number or _number_named(v.subject) or _number_in_result(lines, v))
        if number in decided:  # a second vote record of one resolution: a table of counts, then the voters
            _merge_tally(decided[number], v.tally)
            continue
        entries = _entries_for(lines, v, by_line, vote_lines, floor, numbered)
        for e in entries:
            e.tally = v.tally
            e.vote = (v.start, v.end)
        if entries and entries[0].number is None and len(entries) == 1:
            entries[0].number = _number_in_result(lines, v)  # "Usnesení č. 2 bylo schváleno."
        for e in entries:
            if e.number:
                decided.setdefault(normalize_number(e.number) or "", e)
        out.extend(entries)
        floor = max([v.end, *(e.end for e in entries)])
    return out


def _merge_tally(entry: Entry, tally: Tally) -> None:
    if entry.tally is None:
        entry.tally = tally
        return
    for option, n in tally.counts.items():
        if entry.tally.counts.setdefault(option, n) != n:
            entry.tally.problems.append(f"{entry.tally.counts[option]} and {n} votes {option.replace('_', ' ')}")
    for option, names in tally.names.items():
        entry.tally.names.setdefault(option, names)
    entry.tally.result = entry.tally.result or tally.result


def _entries_for(
    lines: list[str],
    v: VoteBlock,
    by_line: dict[int, list[_Span]],
    vote_lines: dict[int, VoteBlock],
    floor: int,
    numbered: dict[str | None, _Span],
) -> list[Entry]:
    number = v.number or _number_named(v.subject)
    if number is not None:  # a table row, "Hlasování o usnesení č. 3/2024": the resolution of that number
        sp = numbered.get(normalize_number(number))
        if sp is not None and not sp.used:
            sp.used = True
            return [_entry_from(sp, lines[sp.start])]
        if v.number is not None:
            text = v.prefix or number
            return [Entry("resolution", text, v.start, v.end, verb_of(text), number, formal=True)]
    motion: Entry | None = None
    same_line = [sp for sp in by_line.get(v.start, []) if not sp.used and sp.statement.line == v.start]
    if v.prefix and same_line:
        sp = same_line[-1]
        sp.used = True
        motion = _entry_from(sp, lines[v.start])
    elif v.prefix:
        text = v.prefix
        prev = _previous_line(lines, v.start, floor)
        if prev is not None and lines[prev].rstrip().endswith(":") and len(text.split()) <= 6:
            text = f"{lines[prev].strip()} {text}"
        motion = Entry("resolution", text, v.start, v.start, verb_of(text), formal=False)
    else:
        prev = _previous_line(lines, v.start, floor)
        if prev is not None and prev not in vote_lines:
            group = sorted(
                (sp for sp in by_line.get(prev, []) if not sp.used), key=lambda sp: (sp.end >= v.start, sp.start)
            )
            if group:
                sp = group[0]
                if sp.statement.kind == MOTION or sp.start == sp.end or prev <= sp.end < v.start:
                    sp.used = True
                    motion = _entry_from(sp, lines[sp.start])
            if motion is None:
                motion = _plain_motion(lines, v, prev, by_line, floor)
        elif v.subject:
            motion = Entry("resolution", v.subject, v.start, v.start, verb_of(v.subject))
    outcome = _outcome(lines, v, by_line, vote_lines, labels=motion is None or not motion.formal)
    if motion is None and outcome is None:
        return [Entry("resolution", v.subject or lines[v.start].strip(), v.start, v.end, None)]
    if motion is None:
        assert outcome is not None
        return [outcome]
    if outcome is None:
        return [motion]
    if similar(motion.text, outcome.text):
        keep = motion if motion.formal else outcome
        keep.number = motion.number or outcome.number
        keep.formal = motion.formal or outcome.formal
        keep.kind = "resolution"
        keep.end = max(motion.end, outcome.end)
        keep.result = keep.result or outcome.result
        return [keep]
    outcome.kind = "resolution"
    return [motion, outcome]


@cache
def _number_named_re() -> re.Pattern[str]:
    labels = phrases("decisions", "resolution", "labels").source
    numbers = phrases("decisions", "resolution", "number_words").source
    return re.compile(rf"(?<!\w){labels}\s*(?:{numbers})\s*:?\s*(?P<no>{NUMBER})")


def _number_in_result(lines: list[str], v: VoteBlock) -> str | None:
    """ "Usnesení č. 2 bylo schváleno.": the number the result line under a vote gives."""
    return next((n for i in range(v.start + 1, v.end + 1) if (n := _number_named(lines[i]))), None)


def _number_named(subject: str) -> str | None:
    """ "Hlasování o usnesení č. 3/2024": the number of the resolution a vote heading names."""
    m = _number_named_re().search(fold_line(subject))
    return subject[m.start("no") : m.end("no")].strip(" .:") if m else None


def _plain_motion(lines: list[str], v: VoteBlock, prev: int, by_line: dict[int, list[_Span]], floor: int) -> Entry:
    """The motion of a vote whose line above is no statement: that line (a proposal, a heading, the
    last sentence of a paragraph), a list with its heading, or the resolutions a closing line names."""
    text = lines[prev].strip()
    start = prev
    if _is_item(text):
        top = prev
        while (up := _previous_line(lines, top, floor)) is not None and _is_item(lines[up]):
            top = up
        header = _previous_line(lines, top, floor)
        if header is not None and lines[header].rstrip().endswith(":"):
            top = header
        start = top
        text = "\n".join(lines[j].strip() for j in range(top, prev + 1) if lines[j].strip())
    elif _is_heading(text):
        text = strip_number(text.lstrip("#* "))
    else:
        text = _proposal(text)
        above = _previous_line(lines, prev, floor)
        heads = above is not None and lines[above].rstrip().endswith(":") and len(lines[above].split()) <= 20
        if above is not None and heads and not any(sp.start <= above <= sp.end for sp in by_line.get(above, [])):
            start, text = above, f"{lines[above].strip()}\n{text}"
    if v.subject and len(v.subject.split()) > 1:
        short = len(text.split()) <= 12 and not _is_heading(lines[prev])
        text = f"{text}\n{v.subject}" if short else v.subject
    before = _formal_group(lines, prev, by_line, floor) if _names_resolutions(lines[prev]) else []
    if before:
        start = before[0].start
        for sp in before:
            sp.used = True
        text = "\n".join([*(sp.text for sp in before), text])
    return Entry("resolution", text, start, prev, verb_of(text), formal=bool(before))


@cache
def _resolutions_re() -> re.Pattern[str]:
    return re.compile(rf"^[\s#*]*{phrases('decisions', 'resolution', 'labels').source}(?!\w)")


def _names_resolutions(line: str) -> bool:
    """ "Usnesení z 2. zasedání výboru …": a line that names the meeting's resolutions as a whole."""
    return _resolutions_re().match(fold_line(line)) is not None


def _formal_group(lines: list[str], prev: int, by_line: dict[int, list[_Span]], floor: int) -> list[_Span]:
    """Formal statements right above a line (blank lines between them only): the resolutions a
    closing line ("Usnesení z 2. zasedání …") and its vote take as a whole."""
    group: list[_Span] = []
    j = _previous_line(lines, prev, floor)
    while j is not None:
        spans = [sp for sp in by_line.get(j, []) if not sp.used and sp.kind in FORMAL]
        if not spans:
            break
        sp = spans[0]
        group.insert(0, sp)
        j = _previous_line(lines, sp.start, floor)
    return group


def _outcome(
    lines: list[str], v: VoteBlock, by_line: dict[int, list[_Span]], vote_lines: dict[int, VoteBlock], labels: bool
) -> Entry | None:
    """A result stated after the vote: "Ověřovatelem byl zvolen …"; and, after a vote on a proposal
    that is no resolution itself, the resolution it gave: "USNESENÍ č. 5/2021: Výbor schválil …"."""
    nxt = _next_line(lines, v.end)
    if nxt is None or nxt in vote_lines:
        return None
    spans = [sp for sp in by_line.get(nxt, []) if not sp.used and sp.start == nxt and sp.statement.offset <= 3]
    if not spans:
        return None
    sp = spans[0]
    if sp.kind not in (PAST, PASSIVE) and not (labels and sp.kind == LABEL and sp.statement.number):
        return None
    after = _next_line(lines, sp.end)
    if after is not None and after in vote_lines and after - sp.end <= 1:
        return None  # it opens the next vote
    sp.used = True
    return _entry_from(sp, lines[nxt])


# --- the whole ---------------------------------------------------------------------------------


def find_decisions(lines: list[str], start: int, ctx: Context, skip: frozenset[int] = frozenset()) -> Found:
    """Every decision and task of the minutes, in order, with the warnings about their votes."""
    votes = find_votes(lines, start)
    vote_headings = {v.start for v in votes if v.subject}
    inside_votes = {i for v in votes for i in range(v.start + 1, v.end + 1)}
    # "Hlasování o usnesení č. 3/2024:" names the resolution voted on, "Usnesení č. 2 bylo schváleno."
    # gives its result: neither is a resolution of its own
    statements = [
        s
        for s in find_statements(lines, start, skip)
        if (s.text or s.line not in vote_headings) and s.line not in inside_votes
    ]
    spans = _spans(lines, statements, votes)
    entries = _decide(lines, spans, votes)
    entries += _unvoted(lines, spans, entries, ctx)
    entries = _without_restated(entries)
    entries += _tasks(lines, start, ctx, set(skip), entries)
    entries.sort(key=lambda e: (e.line, e.kind == "task"))
    counts = present_counts(lines)
    headings = _headings(lines, start, {i for sp in spans for i in range(sp.start + 1, sp.end + 1)})
    warnings: list[str] = []
    decisions = []
    for e in entries:
        e.present, e.present_listed = _present_at(counts, e.line, len(ctx.attendees))
        inline = _inline_item(lines[e.line], _offset(lines[e.line], e.text))
        e.agenda_item = _agenda_item(headings, e.line, inline, ctx.agenda)
        if e.kind != "task" and (e.verb in _TASK_VERBS or _gives_task(e.text)):
            e.responsible, e.responsible_people = given_to(e.text, ctx.attendees)
            e.deadline, e.deadline_raw = deadline_in(e.text, ctx.date)
        decisions.append(_decision(e, ctx, warnings))
    return Found(decisions, [e.line for e in entries], warnings, [e.vote for e in entries])


def _unvoted(lines: list[str], spans: list[_Span], voted: list[Entry], ctx: Context) -> list[Entry]:
    """The statements no vote decided: resolutions of their own, tasks, or (where the minutes label
    no resolutions) the narrative's decisions."""
    # minutes that label their resolutions ("Usnesení č. …", "Návrh usnesení:", an "Usnesení:" list)
    labelled = any(sp.kind in (LABEL, MOTION, LIST) or sp.in_list for sp in spans) or any(e.number for e in voted)
    inside = _inside_motions(spans)
    out: list[Entry] = []
    for sp in spans:
        if sp.used or sp.kind == LIST or id(sp) in inside:
            continue
        if (sp.kind == MOTION and verb_of(sp.text) is None) or not sp.text.strip():
            continue  # "Návrh usnesení:" with nothing after it
        if sp.kind in (PAST, PASSIVE) and labelled and not sp.in_list:
            continue  # the narrative retells the resolutions the minutes label
        if sp.kind in (PAST, PASSIVE) and _reported(sp.text, ctx.date):
            continue  # "… byl schválen na zastupitelstvu dne 17.6.2010": another day's decision
        entry = _entry_from(sp, lines[sp.start])
        tally = inline_tally(sp.text)
        if tally.has_votes():
            entry.tally = tally
            entry.kind = "resolution" if tally.counts else entry.kind  # "ASF schválil program (20/0/0)."
        if _gives_tasks(entry, sp):
            out.extend(_tasks_of(entry, sp, ctx))
        else:
            out.append(entry)
    return out


def _tasks(lines: list[str], start: int, ctx: Context, skip: set[int], entries: list[Entry]) -> list[Entry]:
    """The tasks the lines outside resolutions that give work (and outside tasks found already) set."""
    skip |= {i for e in entries if e.verb in _TASK_VERBS or e.kind == "task" for i in range(e.line, e.end + 1)}
    return [
        Entry("task", t.text, t.line, t.end, responsible=t.responsible, responsible_people=t.people,
              deadline=t.deadline, deadline_raw=t.deadline_raw)
        for t in find_tasks(lines, start, ctx.date, ctx.attendees, skip)
    ]  # fmt: skip


def _gives_task(text: str) -> bool:
    """A resolution with a clause "… ukládá X …" or "… pověřuje X …" of its body anywhere in it."""
    return any(verb_of(text[start:]) in _TASK_VERBS for start in clause_starts(text) if start > 0)


def _offset(line: str, text: str) -> int:
    head = text.split("\n")[0][:30]
    return max(0, line.find(head)) if head else 0


def _inside_motions(spans: list[_Span]) -> set[int]:
    """Statements within a motion block (the block is the decision) or a list below a colon."""
    out: set[int] = set()
    for sp in spans:
        if sp.end > sp.start:
            for other in spans:
                if other is not sp and sp.start < other.start <= sp.end:
                    out.add(id(other))
    return out


def _reported(text: str, date: dt.date | None) -> bool:
    """ "… byl schválen na Zastupitelstvu města dne 17.6.2010", "… byl schválen ve Vidnavě": a decision
    told with the other body or place, or the earlier day, it was taken at is news, not this meeting's."""
    verb = verb_span(text)
    if verb is None:
        return False
    folded, after = fold_line(text), verb[1]
    if re.match(r"\s+(?:\w+\s+)?(?:na|v|ve)\s+[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]", text[after:]):
        return True
    for d in find_dates(text, reference=date):
        between = folded[after : d.start]
        if d.start <= after or len(between.split()) > 8 or not re.search(r"(?<!\w)dne\s*$", between):
            continue
        bodies = phrases("decisions", "statements", "collective").source
        where = rf"(?:{bodies}|{phrases('bodies', 'events', 'words').source})"
        # "schválilo dne 10. 3.", "… na svém jednání dne 17. 6." (not "schválil zápis ze zasedání dne …")
        told = len(between.split()) <= 1 or re.search(rf"(?<!\w)na\s+(?:\w+\s+){{0,2}}?{where}(?!\w)", between)
        if told and (date is None or d.date < date):
            return True
    return False


def _gives_tasks(entry: Entry, sp: _Span) -> bool:
    """A resolution formula "… ukládá …" that no vote, number or list makes a resolution gives tasks."""
    return entry.verb in _TASK_VERBS and sp.kind == FORMULA and not sp.in_list and not entry.voted()


def _tasks_of(entry: Entry, sp: _Span, ctx: Context) -> list[Entry]:
    """ "Výbor ukládá starostovi zajistit … do 31. 3." → a task; "Sjezd ukládá:" over items → one task each."""
    texts = sp.text.split("\n")
    items: list[tuple[int, str]] = []
    if len(texts) > 1 and texts[0].rstrip().endswith(":"):
        for k, text in enumerate(texts[1:], start=1):
            if _is_item(text) or not items:
                items.append((k, re.sub(r"^\s*(?:[-–•*]|\(?(?:\d{1,2}|[a-z])[.)])\s+", "", text)))
            else:
                items[-1] = (items[-1][0], f"{items[-1][1]}\n{text}")
    else:
        items = [(0, sp.text)]
    out = []
    for k, text in items:
        responsible, people = responsible_in(text, ctx.attendees)
        if responsible is None:
            responsible, people = given_to(sp.text if k == 0 else f"ukládá {text}", ctx.attendees)
        deadline, raw = deadline_in(text, ctx.date)
        out.append(
            Entry(
                "task",
                text,
                entry.line + k,
                entry.line + k,
                entry.verb,
                responsible=responsible,
                responsible_people=people,
                deadline=deadline,
                deadline_raw=raw,
            )
        )
    return out


def _without_restated(entries: list[Entry]) -> list[Entry]:
    """A resolution stated without a vote that a voted one restates (the closing list of the
    resolutions, adopted by one vote) is that one: it is not kept twice."""
    voted = [e for e in entries if e.voted() and e.kind != "task"]
    lines_of = [[stems(t) for t in e.text.split("\n") if stems(t)] for e in voted]
    out = []
    for e in entries:
        if e.voted() or e.kind == "task" or not voted:
            out.append(e)
            continue
        mine = stems(_without_subject(e.text))
        restated = any(
            len(mine & other) >= 3 and (len(mine & other) >= 0.8 * len(other) or len(mine & other) >= 0.8 * len(mine))
            for v, lines in zip(voted, lines_of, strict=False)
            if v.line > e.line
            for other in lines
        )
        if not restated:
            out.append(e)
    return out


def _without_subject(text: str) -> str:
    verb = re.search(r"(?i)\b(?:bere na vědomí|schvaluje|ukládá|volí|jmenuje|souhlasí)\b", text)
    return text[verb.end() :] if verb else text


def _decision(e: Entry, ctx: Context, warnings: list[str]) -> Decision:
    tally = e.tally or Tally()
    counts = dict(tally.counts)
    if tally.unanimous and e.present is not None:
        counts.setdefault("for", e.present)
        counts.setdefault("against", 0)
        counts.setdefault("abstained", 0)
    result = tally.result or e.result or (ADOPTED if tally.unanimous else None)
    computed = _result_from(counts, e.present)
    name = _label(e)
    if result is None:
        result = computed
    elif _contradicts(result, counts, e.present):
        warnings.append(f"decision {name}: the minutes say '{result}' but the votes are {_counts_text(counts)}")
    total = sum(counts.get(o, 0) for o in ("for", "against", "abstained"))
    if e.present is not None and total > e.present and counts:
        present = f"{e.present} in the attendance list" if e.present_listed else f"{e.present} present"
        warnings.append(f"decision {name}: {total} votes counted but {present}")
    for problem in tally.problems:
        warnings.append(f"decision {name}: the counts do not add up ({problem})")
    named = [
        NamedVote(vote=option, person=p)
        for option, names in tally.names.items()
        for p in _people_votes(names, ctx.attendees)
    ]
    number = e.number.strip(" .:") if e.number else None
    return Decision(
        kind=e.kind,
        text=e.text.strip(" -–"),
        number=number,
        number_normalized=normalize_number(number),
        verb=e.verb,
        agenda_item=e.agenda_item,
        votes_for=counts.get("for"),
        votes_against=counts.get("against"),
        votes_abstained=counts.get("abstained"),
        votes_not_voting=counts.get("not_voting"),
        result=result,
        named_votes=named,
        refers_to=references(e.text),
        deadline=e.deadline.isoformat() if e.deadline else None,
        deadline_raw=e.deadline_raw,
        responsible=e.responsible,
        responsible_people=e.responsible_people,
    )


def _people_votes(names: list[str], attendees: list[Person]) -> list[Person]:
    return [p for raw in names for p in people_named(raw, attendees)[:1]]


def _result_from(counts: dict[str, int], present: int | None) -> str | None:
    """The result the counts give: a majority of those present (or of the votes cast) for, or not."""
    if "for" not in counts:
        return None
    cast = sum(counts.get(o, 0) for o in ("for", "against", "abstained"))
    base = max(cast, present or 0)
    if 2 * counts["for"] > base:
        return ADOPTED
    if "against" in counts and counts["for"] <= counts["against"]:
        return REJECTED
    return None


def _contradicts(result: str, counts: dict[str, int], present: int | None) -> bool:
    """Adopted with no more votes for than against, or not adopted with a majority of those present for."""
    if "for" not in counts or "against" not in counts:
        return False
    if result == ADOPTED:
        return counts["for"] <= counts["against"]
    against = counts["against"] + counts.get("abstained", 0)
    return present is not None and counts["for"] > against and 2 * counts["for"] > present


def _counts_text(counts: dict[str, int]) -> str:
    return "-".join(str(counts.get(o, "?")) for o in DEFAULT_ORDER)


def _label(e: Entry) -> str:
    if e.number:
        return e.number
    words = e.text.split()
    return "'" + " ".join(words[:6]) + ("…'" if len(words) > 6 else "'")
