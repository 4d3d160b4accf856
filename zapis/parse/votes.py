"""Votes as minutes record them, one block of lines per vote.

Labelled counts ("Hlasování: pro 13, proti 0, zdržel se 2", "Pro: 8 Proti: 0 Zdržel se: 0",
"85 pro, 0 proti, 9 se zdrželo", one count a line), triples ("Výsledek hlasování: 7-0-1",
"(8/0/0)", and a bare "12 - 0 - 1" once the minutes have declared their order, "pro – proti –
zdržel se"), tables of counts (a header row with the options over rows of numbers), named votes
("Pro: A, B; Proti: nikdo"), "nikdo nebyl proti", "jednomyslně" and the stated result
("– schváleno", "Návrh nebyl přijat.").  Every word comes from zapis/data/decisions.toml.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from functools import cache

from zapis.lang import clean_name, fold, phrases
from zapis.parse.statements import fold_line

# The vote options, in the default order of a bare triple ("7-0-1" is for, against, abstained).
OPTIONS = ("for", "against", "abstained", "not_voting")
DEFAULT_ORDER = ("for", "against", "abstained")
ADOPTED, REJECTED = "přijato", "nepřijato"

_NUMBER_END = r"(?=\s*$|\s*[,;|)]|\.\s*$|\s+\D|\s*[–—-]\s)"
_TRIPLE = re.compile(
    r"(?<![\w.,/:])(?P<a>\d{1,3})\s*(?P<sep>[-–—/:|])\s*(?P<b>\d{1,3})\s*(?P=sep)\s*(?P<c>\d{1,3})(?![\w]|[.,/:]\d)"
)
_PAREN_TRIPLE = re.compile(r"\(\s*[^()\d]{0,20}?(\d{1,3})\s*([-–—/:,;])\s*(\d{1,3})\s*\2\s*(\d{1,3})\s*\)")
_LEADING = re.compile(r"^[\s|#*>•·„\"“\-–—]*")


def _src(key: str) -> str:
    return phrases("decisions", "votes", key).source


@cache
def _option_re() -> re.Pattern[str]:
    """Any option label, as a named group per option, in folded text."""
    parts = [rf"(?P<{name}>{_src(name)})" for name in OPTIONS]
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)")


@cache
def _count_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """ "pro: 13" (label, then the number) and "13 pro" (the number, then the label)."""
    options = _option_re().pattern
    number = r"(?P<n>\d{1,4}|o(?=\s|$|[,;]))"  # "proti: O": a zero read by OCR as the letter
    after = re.compile(
        rf"{options}\s*(?:(?P<colon>[:=|])|[-–—])?\s*(?:\(\s*)?{number}(?!\d)(?:\s*\))?"
        rf"(?:{_NUMBER_END}|(?(colon)\.(?=\s|$)|(?!)))"
    )
    before = re.compile(rf"(?<![\w.,/:])(?P<n>\d{{1,4}})\s*(?:x\s+)?{options}")
    return after, before


_COUNT_THEN_SENTENCE = re.compile(r"\d\.\s+[^\W\d_]")


@cache
def _sentence_count_re() -> re.Pattern[str]:
    """ "zdržel se 1. Usnesení bylo přijato.": a count that ends its sentence, the next word's
    first letter (a capital in the line as written, else "pro 12. zasedání" would be a count)."""
    number = r"(?P<n>\d{1,4})"
    return re.compile(rf"{_option_re().pattern}\s*(?:[-–—]\s*)?{number}\.\s+(?P<next>[^\W\d_])")


@cache
def _heading_re() -> re.Pattern[str]:
    return re.compile(rf"(?:^|(?<=[\s:–—(-]))(?P<h>{_src('headings')})(?!\w)")


@cache
def _named_re() -> re.Pattern[str]:
    """A line that starts with an option and a colon (or a table bar): "Pro: A, B", "|Proti návrhu:| nikdo |"."""
    return re.compile(rf"^{_option_re().pattern}\s*(?:\(\s*(?P<n>\d{{1,4}})\s*\))?\s*(?::\s*\|?|\|)\s*(?P<rest>.*)$")


def _option_of(m: re.Match[str]) -> str:
    return next(name for name in OPTIONS if m.group(name) is not None)


@dataclass
class Tally:
    """What one vote says: counts per option, the people named per option, the stated result."""

    counts: dict[str, int] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)  # option → the names as written
    result: str | None = None
    unanimous: bool = False
    problems: list[str] = field(default_factory=list)

    def has_votes(self) -> bool:
        return bool(self.counts or self.names or self.unanimous)

    def count(self, option: str) -> int | None:
        return self.counts.get(option)

    def add_names(self, option: str, names: list[str], stated: int | None = None) -> None:
        """Names given for an option ("Pro: A, B"); the count is their number unless one is stated."""
        self.names.setdefault(option, []).extend(names)
        if stated is not None:
            self.counts.setdefault(option, stated)

    def settle(self) -> None:
        """Counts from the names where no number was written; a problem where both disagree."""
        for option, names in self.names.items():
            if option not in self.counts:
                self.counts[option] = len(names)
            elif names and self.counts[option] != len(names):
                self.problems.append(f"{self.counts[option]} votes {option.replace('_', ' ')} but {len(names)} names")


@dataclass
class VoteBlock:
    start: int  # first line of the vote
    end: int  # last line of the vote
    tally: Tally
    prefix: str = ""  # what the first line says before the vote: a motion on the same line
    subject: str = ""  # a vote heading with a subject: "Hlasování o přijetí"
    number: str | None = None  # a table row's resolution number


# --- one text ------------------------------------------------------------------------------


def _int(digits: str) -> int:
    return 0 if digits in ("o", "O") else int(digits)


def labelled_counts(text: str) -> dict[str, int]:
    """ "pro 13, proti 0, zdržel se 2" or "85 pro, 0 proti, 9 se zdrželo" → {option: count}."""
    folded = fold_line(text)
    after_re, before_re = _count_res()
    after = [(m.start(), _option_of(m), _int(m.group("n"))) for m in after_re.finditer(folded)]
    ends = []
    if _COUNT_THEN_SENTENCE.search(folded):  # a cheap look first: most lines have no number before a full stop
        ends = [m for m in _sentence_count_re().finditer(folded) if text[m.start("next")].isupper()]
    if ends:  # folded text is aligned with the line as written: same offsets
        known = {start for start, _, _ in after}
        after = sorted(after + [(m.start(), _option_of(m), int(m.group("n"))) for m in ends if m.start() not in known])
    before = [(m.start(), _option_of(m), _int(m.group("n"))) for m in before_re.finditer(folded)]
    found = after if len(after) >= len(before) else before
    out: dict[str, int] = {}
    for _, option, n in found:
        out.setdefault(option, n)
    return out


@cache
def _declaring() -> re.Pattern[str]:
    """A word that declares an order or a vote, just before the options."""
    return re.compile(rf"(?:{_src('order_words')}|{_src('headings')})\s*[:(]?\s*$")


def declared_order(text: str) -> tuple[str, ...] | None:
    """ "(pro/proti/zdržel se)", "v pořadí pro – proti – zdržel se", "Usnesení | Pro | Proti | Zdržel se":
    the options in the order written, nothing but separators between them, in brackets, after a
    word that declares an order or a vote, or as a table header."""
    folded = fold_line(text)
    found = list(_option_re().finditer(folded))
    if len(found) < 2:
        return None
    for left, right in itertools.pairwise(found):
        if not re.fullmatch(r"[\s/|,;:–—-]*", folded[left.end() : right.start()]):
            return None
    order = tuple(_option_of(m) for m in found)
    if len(set(order)) != len(order):
        return None
    before, after = folded[: found[0].start()], folded[found[-1].end() :]
    bracketed = before.rstrip().endswith("(") and after.lstrip().startswith(")")
    declared = _declaring().search(before) is not None
    table_words = phrases("decisions", "votes", "table_words")
    rest = [w for w in re.findall(r"[^\W\d]+", before + " " + after) if w not in table_words]
    table = not re.search(r"\d", before + after) and len(rest) <= 2
    return order if bracketed or declared or table else None


def result_in(text: str) -> str | None:
    """The stated result: "schváleno", "Návrh nebyl přijat" (a negated auxiliary turns it round)."""
    folded = fold_line(text)
    rejected = phrases("decisions", "votes", "rejected").search(folded)
    if rejected:
        return REJECTED
    adopted = phrases("decisions", "votes", "adopted").search(folded)
    if adopted is None:
        return None
    negated = phrases("decisions", "statements", "negated_auxiliaries").search(folded[: adopted.start])
    return REJECTED if negated else ADOPTED


def is_result_line(text: str) -> bool:
    """A line that only states a result: "Návrh byl přijat.", "Přijat.", "SCHVÁLENO"."""
    folded = fold(text)
    if result_in(text) is None or len(folded.split()) > 8:
        return False
    known = (
        phrases("decisions", "votes", "adopted"),
        phrases("decisions", "votes", "rejected"),
        phrases("decisions", "votes", "result_subjects"),
        phrases("decisions", "statements", "auxiliaries"),
        phrases("decisions", "statements", "negated_auxiliaries"),
        phrases("decisions", "votes", "unanimous"),
        phrases("decisions", "votes", "none_against"),
    )
    words = re.findall(r"[^\W\d]+", folded)
    return sum(1 for w in words if not any(w in k for k in known)) <= 1


def _paren_triple(text: str, order: tuple[str, ...]) -> dict[str, int] | None:
    m = _PAREN_TRIPLE.search(fold_line(text))
    if m is None:
        return None
    return dict(zip(order, (int(m.group(1)), int(m.group(3)), int(m.group(4))), strict=False))


def inline_tally(text: str, order: tuple[str, ...] = DEFAULT_ORDER) -> Tally:
    """Votes written inside a sentence: "schváleno jednomyslně", "schválili 6 hlasy", "(7/0/1)"."""
    tally = Tally()
    folded = fold_line(text)
    counts = labelled_counts(text)
    if len(counts) >= 2:
        tally.counts = counts
    elif (paren := _paren_triple(text, order)) is not None:
        tally.counts = paren
    else:
        m = re.search(rf"(?<![\w.,/])(\d{{1,3}})\s+(?:{_src('vote_nouns')})(?!\w)", folded)
        if m:
            tally.counts = {"for": int(m.group(1))}
    if phrases("decisions", "votes", "unanimous").search(text):
        tally.unanimous = True
    if phrases("decisions", "votes", "none_against").search(text):
        tally.counts.setdefault("against", 0)
    return tally


# --- blocks of lines ---------------------------------------------------------------------------


def _strip_leading(text: str) -> str:
    return _LEADING.sub("", text)


def _named_line(text: str) -> tuple[str, int | None, str] | None:
    """ "Pro: A, B" → ("for", None, "A, B"); "PROTI: (0) nikdo" → ("against", 0, "nikdo")."""
    body = _strip_leading(text).rstrip(" |")
    m = _named_re().match(fold_line(body))
    if m is None:
        return None
    rest = body[m.start("rest") :].strip(" |")
    stated = int(m.group("n")) if m.group("n") else None
    count = re.match(r"^\(\s*(\d{1,4})\s*\)\s*", rest)
    if count:
        stated, rest = int(count.group(1)), rest[count.end() :]
    if re.match(r"^\d", rest):
        return None
    return _option_of(m), stated, rest


def _is_nobody(rest: str) -> bool:
    return not rest.strip(" .-–—") or fold(rest).strip(" .") in phrases("decisions", "votes", "nobody")


@dataclass
class _Scan:
    """The state of a scan: the order of bare triples the minutes declared, and a table's columns."""

    order: tuple[str, ...] | None = None
    columns: tuple[str, ...] | None = None  # the options of a table header, in column order


def _line_vote(line: str, scan: _Scan, after_heading: bool) -> tuple[Tally, int] | None:
    """The votes of one line and where they start (for the prefix), if the line holds any."""
    folded = fold_line(line)
    heading = _heading_re().search(folded)
    counts = labelled_counts(line)
    order = scan.order or DEFAULT_ORDER
    after_re, before_re = _count_res()
    firsts = [m.start() for m in (after_re.search(folded), before_re.search(folded)) if m is not None]
    tally = Tally()
    position = len(line)
    if counts and firsts:
        first = min(firsts)
        lead = folded[:first]
        headed = heading is not None and heading.end() <= first and not lead[heading.end() :].strip(" :–—-(")
        if len(counts) >= 2 or not lead.strip(" -–—|*•:>#") or headed or after_heading:
            tally.counts = counts
            position = heading.start() if headed and heading is not None else first
    if not tally.counts and (m := _TRIPLE.search(folded)) is not None:
        bare = not folded[m.end() :].strip(" .,;)–—-") and len(folded[: m.start()].split()) <= 12
        headed = heading is not None and heading.end() <= m.start()
        if headed or after_heading or (scan.order is not None and bare):
            tally.counts = dict(zip(order, (int(m.group("a")), int(m.group("b")), int(m.group("c"))), strict=False))
            position = heading.start() if headed and heading is not None else m.start()
    if not tally.counts and (paren := _paren_triple(line, order)) is not None:
        tally.counts = paren
        position = folded.rfind("(")
    none_against = _none_against(line)
    if none_against is not None:
        tally.counts.setdefault("against", 0)
        position = min(position, none_against)
    unanimous = phrases("decisions", "votes", "unanimous").search(line)
    if not tally.counts and heading and unanimous and not folded[heading.end() : unanimous.start].strip(" :–—-"):
        tally.unanimous, tally.result = True, ADOPTED  # "Hlasování: jednomyslně"
        return tally, heading.start()
    if not tally.counts:
        return None
    for option, names in _paren_names(line).items():
        tally.add_names(option, names)
    if phrases("decisions", "votes", "unanimous").search(line[position:]):
        tally.unanimous = True
    tally.result = result_in(line[position:])
    return tally, position


def _none_against(line: str) -> int | None:
    """ "Nikdo není proti, schváleno.", "Hlasování o pořadu: Nikdo nebyl proti pořadu schůze.": where a
    statement that no one voted against starts; not inside a longer sentence of the discussion."""
    found = phrases("decisions", "votes", "none_against").search(line)
    if found is None:
        return None
    before = line[: found.start].rstrip()
    if before and not re.search(r"[:.,;–—-]$", before):
        return None
    rest = re.split(r"[.;!?]\s|[.;!?]$", line[found.end :], maxsplit=1)[0]
    if rest.lstrip().startswith(":") or len(rest.split()) > 4:
        return None
    return found.start


def _paren_names(line: str) -> dict[str, list[str]]:
    """ "zdržel se: 2 (ses. Kolbabová Radana, br. Lacina Pavel)": the people behind a count."""
    out: dict[str, list[str]] = {}
    folded = fold_line(line)
    for m in re.finditer(rf"{_option_re().pattern}\s*:?\s*\d{{1,4}}\s*\((?P<names>[^()]{{3,300}})\)", folded):
        names = _split_names(line[m.start("names") : m.end("names")])
        if names and all(clean_name(n) for n in names):
            out[_option_of(m)] = names
    return out


def _heading_only(line: str) -> tuple[str, int] | None:
    """ "Hlasování:", "Hlasování o přijetí:", "Výsledek hlasování:" starting a line, counts below it."""
    body = _strip_leading(line)
    folded = fold_line(body)
    m = _heading_re().match(folded)
    if m is None or labelled_counts(body) or _TRIPLE.search(folded):
        return None
    rest = body[m.end() :].strip()
    if rest and not rest.endswith(":") and len(rest.split()) > 8:
        return None
    if _presence_note(rest):  # "Hlasování – přítomno 12 hlasujících:": who voted, not what on
        return body[: m.end()], len(line) - len(body)
    return body.rstrip(" :"), len(line) - len(body)


PRESENCE_NOTE_WORDS = 4  # "přítomno 12 hlasujících", "přítomni 7 členové výboru"


def _presence_note(text: str) -> bool:
    """ "– přítomno 12 hlasujících:": a count of those present after a vote's heading."""
    note = text.strip(" –—-:()")
    return (
        bool(re.search(r"\d", note))
        and len(note.split()) <= PRESENCE_NOTE_WORDS
        and phrases("decisions", "present", "words").search(note) is not None
    )


def _merge(into: Tally, other: Tally) -> None:
    for option, n in other.counts.items():
        into.counts.setdefault(option, n)
    into.unanimous = into.unanimous or other.unanimous
    into.result = into.result or other.result


def _add_named(tally: Tally, option: str, stated: int | None, rest: str) -> None:
    names = [] if _is_nobody(rest) else _split_names(rest)
    tally.add_names(option, names, 0 if stated is None and not names else stated)


def _split_names(rest: str) -> list[str]:
    return [p.strip() for p in re.split(r"\s*[,;]\s*|\s+a\s+", rest.strip(" .;,")) if p.strip(" .")]


def _table_row(line: str, columns: tuple[str, ...]) -> VoteBlock | None:
    """A row under a table header: "12/1 | 7 | 0 | 1" (DOCX) or "12/1 7 0 1" (PDF)."""
    k = len(columns)
    cells = [c.strip() for c in line.strip().strip("|").split("|")] if "|" in line else line.split()
    if len(cells) < k or not all(re.fullmatch(r"\d{1,4}", c) for c in cells[-k:]):
        return None
    tally = Tally(counts={o: int(c) for o, c in zip(columns, cells[-k:], strict=False)})
    rest = [c for c in cells[:-k] if c]
    number = rest[0].rstrip(".:") if rest and re.fullmatch(r"[^\W\d]{0,5}[-/]?\d+[\w/.-]*", rest[0]) else None
    subject = " ".join(rest[1:] if number else rest).strip()
    return VoteBlock(0, 0, tally, prefix=subject, number=number)


def _voter_line(text: str) -> tuple[str, str] | None:
    """One person's vote on a line of its own: "Jan Novák | pro", "Eva Malá – zdržela se"."""
    body = _strip_leading(text).rstrip(" |.")
    m = re.match(r"^(?P<name>[^|:–—]{3,60}?)\s*(?:\||:|\s[–—-])\s*(?P<vote>[^|]{2,25})$", body)
    if m is not None:
        option = _option_re().fullmatch(fold_line(m.group("vote").strip()))
        if option is not None and clean_name(m.group("name").strip(), allow_lowercase=True):
            return _option_of(option), m.group("name").strip()
        return None
    return _spaced_voter(body)


def _spaced_voter(body: str) -> tuple[str, str] | None:
    """ "Jan Novák pro": a table's row read as text, the cells one space apart.  Only a name
    written with capitals (two words or more) before the vote: "hlasovali pro" is prose."""
    words = body.split()
    for cut in (len(words) - 1, len(words) - 2):  # the vote is the last word or two ("zdržel se")
        name, vote = words[:cut], words[cut:]
        if len(name) < 2 or not all(w[:1].isupper() for w in name):
            continue
        option = _option_re().fullmatch(fold_line(" ".join(vote)))
        written = " ".join(name)
        if option is not None and (found := clean_name(written)) is not None and found.name in written:
            return _option_of(option), written
    return None


def find_votes(lines: list[str], start: int = 0) -> list[VoteBlock]:
    """Every vote of the minutes, in order, each with the lines it takes."""
    out: list[VoteBlock] = []
    scan = _Scan()
    i = start
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        order = declared_order(line)
        if order is not None:
            if len(order) >= 3:
                scan.order = order
            if not labelled_counts(line) and not _TRIPLE.search(fold_line(line)):
                scan.columns = order
                i += 1
                continue
        if scan.columns is not None:
            row = _table_row(line, scan.columns)
            if row is not None:
                row.start = row.end = i
                out.append(row)
                i += 1
                continue
            scan.columns = None
        block = _block_at(lines, i, scan)
        if block is None:
            i += 1
            continue
        if _voter_line(line) is not None:
            block = _with_headings(lines, block, out[-1].end + 1 if out else start)
        out.append(block)
        i = block.end + 1
    return out


VOTE_HEADING_WORDS = 6  # a named vote's heading or its table's header row is short: "Jméno | Hlasování"


def _with_headings(lines: list[str], block: VoteBlock, floor: int) -> VoteBlock:
    """A list of voters with the lines above it that head it ("Jmenovité hlasování:", a table's
    header row "Člen zastupitelstva Hlasování"): they are the vote's, not the motion voted on."""
    top = block.start
    j = top - 1
    while j >= floor:
        text = lines[j].strip()
        if not text:
            j -= 1
            continue
        words = text.replace("|", " ").split()
        if len(words) > VOTE_HEADING_WORDS or labelled_counts(text) or _heading_re().search(fold_line(text)) is None:
            break
        top = j
        j -= 1
    if top == block.start:
        return block
    return replace(block, start=top)


def _block_at(lines: list[str], i: int, scan: _Scan) -> VoteBlock | None:
    line = lines[i]
    heading = _heading_only(line)
    named = _named_line(line)
    voter = _voter_line(line)
    found = _line_vote(line, scan, after_heading=False)
    tally = Tally()
    prefix = subject = ""
    if found is not None and named is None:
        tally, position = found
        prefix = line[:position].strip(" –—-:,(|")
    elif heading is not None:
        subject = heading[0]
    elif (named is None and voter is None) or not _list_follows(lines, i):
        return None
    if named is not None:
        _add_named(tally, *named)
    elif voter is not None and found is None and heading is None:
        _add_voter(tally, *voter)
    end = i
    j = i + 1
    blank = 0
    while j < len(lines):
        text = lines[j]
        if not text.strip():
            blank += 1
            if blank > 1:
                break
            j += 1
            continue
        more_named = _named_line(text)
        more_voter = _voter_line(text) if more_named is None else None
        more = _line_vote(text, scan, after_heading=bool(subject) or tally.has_votes())
        if more_named is not None:
            _add_named(tally, *more_named)
        elif more_voter is not None:
            _add_voter(tally, *more_voter)
        elif more is not None and not text[: more[1]].strip(" –—-:,(|*•>#"):
            _merge(tally, more[0])
        elif is_result_line(text) and (tally.has_votes() or subject):
            tally.result = tally.result or result_in(text)
            for option, n in inline_tally(text).counts.items():  # "Usnesení bylo přijato 7 hlasy."
                tally.counts.setdefault(option, n)
            if phrases("decisions", "votes", "unanimous").search(text):
                tally.unanimous = True
            end = j
            break
        else:
            break
        end = j
        blank = 0
        j += 1
    if not tally.has_votes():
        return None
    tally.settle()
    return VoteBlock(i, end, tally, prefix=prefix, subject=subject)


def _add_voter(tally: Tally, option: str, name: str) -> None:
    tally.add_names(option, [name])


def _list_follows(lines: list[str], i: int) -> bool:
    """A named line opens a vote only when another follows ("Pro: A, B" / "Proti: C")."""
    for j in range(i + 1, min(i + 3, len(lines))):
        if lines[j].strip():
            return _named_line(lines[j]) is not None or _voter_line(lines[j]) is not None
    return False
