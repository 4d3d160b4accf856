"""Sentences that state a decision, wherever minutes put them.

A resolution's label ("Usnesení č. 12/3/2024: …", "Návrh usnesení:"), the resolution formula of
a body ("Zastupitelstvo obce schvaluje …", "V ČOS bere na vědomí …"), and the narrative of the
minutes ("Výbor schválil …", "Program jednání byl schválen.", "Jako předseda byla jednohlasně
zvolena …").  A statement starts a line or a clause of one (after a sentence, a semicolon, a
bullet or an item number inside a run-on line).  The words are in zapis/data/decisions.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from zapis.lang import fold, fold_aligned, is_title, load, phrases

# What a statement is: a resolution's label, a motion's label, an "Usnesení:" heading over a list,
# the formula of a body in the present tense, or the narrative of the minutes (past, passive).
LABEL, MOTION, LIST, FORMULA, PAST, PASSIVE = "label", "motion", "list", "formula", "past", "passive"
FORMAL = (LABEL, MOTION, LIST, FORMULA)

_CAPITAL = "A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ"
_ABBREVIATION = re.compile(rf"(?<!\w)[{_CAPITAL}]{{2,6}}(?!\w)")
_LEADING = re.compile(r"^[\s#*>•·|]*(?:[-–—]\s+)?")
_ENUM = re.compile(r"^\s*(?:\(?(?:\d{1,2}|[a-hA-H])[.)]\s+|[IVX]{1,4}\.\s+)")
# A resolution number as written: "12/3/2024", "41/2015", "ZM/2024/5/12", "R-245/2022", "12a".
_PART = r"(?:\d{1,5}[a-zA-Z]?|[IVXLCivxlc]{1,5}|[^\W\d_]{1,5}\d*)"
NUMBER = rf"(?:[^\W\d_]{{1,5}}\s?[-/]\s?)?\d{{1,5}}[a-zA-Z]?(?:\s?[/.\-]\s?{_PART})*"
# Without "č." before it a number must have a separator: "Usnesení 12/2023", not "Usnesení 2. zasedání".
_SEPARATED = rf"(?:[^\W\d_]{{1,5}}\s?[-/]\s?\d{{1,5}}|\d{{1,5}}[a-zA-Z]?\s?[/-]\s?{_PART})(?:\s?[/.\-]\s?{_PART})*"


@dataclass(frozen=True)
class Statement:
    line: int
    offset: int  # where in the line it starts
    kind: str
    text: str  # from its start to its end on this line
    verb: str | None  # the verb class ("schvaluje", "bere na vědomí", …)
    number: str | None = None  # as written, for labels
    negated: bool = False  # "Návrh nebyl schválen"
    opens_list: bool = False  # ends with a colon: the list below belongs to it
    head: int = 0  # the length of a label before the resolution's own text ("Usnesení č. 12/1: ")


def _src(*keys: str) -> str:
    return phrases("decisions", *keys).source


@dataclass(frozen=True)
class _Form:
    words: tuple[str, ...]  # folded; a word ending in "*" matches every ending
    verb_class: str
    tense: str


def _word_matches(pattern: str, word: str) -> bool:
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


@cache
def _verb_forms() -> tuple[dict[str, list[_Form]], dict[str, list[_Form]]]:
    """Every form of every verb class, by its first word: exact words, and word stems ("schválil*")
    by their first three letters.  Matched word by word: no pattern to compile for each of them."""
    exact: dict[str, list[_Form]] = {}
    stems: dict[str, list[_Form]] = {}
    for verb_class, tenses in load("decisions")["verbs"].items():
        for tense in ("present", "past", "passive"):
            for entry in tenses.get(tense) or []:
                form = _Form(tuple(fold(entry).split()), verb_class, tense)
                first = form.words[0]
                if first.endswith("*"):
                    stems.setdefault(first[:3], []).append(form)
                else:
                    exact.setdefault(first, []).append(form)
    return exact, stems


@lru_cache(maxsize=4096)  # a clause is looked at for a statement, a passive and a subject
def _verb_at(folded: str) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, class, tense) of each verb form in a folded clause, the longest at each word."""
    exact, stems = _verb_forms()
    words = list(re.finditer(r"\w+", folded))
    out: list[tuple[int, int, str, str]] = []
    for k, word in enumerate(words):
        w = word.group()
        candidates = exact.get(w, []) + [f for f in stems.get(w[:3], ()) if _word_matches(f.words[0], w)]
        best: tuple[int, int, str, str] | None = None
        for form in candidates:
            n = len(form.words)
            following = words[k : k + n]
            fits = len(following) == n and all(
                _word_matches(p, m.group()) for p, m in zip(form.words, following, strict=True)
            )
            if fits and (best is None or following[-1].end() > best[1]):
                best = (word.start(), following[-1].end(), form.verb_class, form.tense)
        if best is not None and (not out or best[0] >= out[-1][1]):
            out.append(best)
    return tuple(out)


@cache
def _label_re() -> re.Pattern[str]:
    """ "Usnesení č. 12/1:", "USNESENÍ č.: 41/2015", "Návrh usnesení:", "Usnesení k bodu 3:" in folded text."""
    labels = _src("resolution", "labels")
    motions = _src("resolution", "motion_labels")
    numbers = _src("resolution", "number_words")
    passed = _src("resolution", "passed_labels")
    return re.compile(
        rf"^(?:(?:{passed})\s+(?=(?:{labels})\s*(?:{numbers})))?"  # "Schváleno usnesení č. 5:"
        rf"(?:(?P<motion>{motions})|(?P<label>{labels}))(?!\w)"
        rf"(?:\s*(?:{numbers})\s*:?\s*(?P<no>{NUMBER})(?![\w/])|\s+(?P<no2>{_SEPARATED})(?![\w/]))?"
        rf"(?:(?P<tail>[^:.;]{{0,40}}?)\s*(?P<colon>:))?"
    )


# Every function here and in votes.py folds the same lines again and again.
fold_line = lru_cache(maxsize=1 << 14)(fold_aligned)

_SENTENCE_END = re.compile(rf"[.!?][\"“”)]?\s+(?=[„\"]?[{_CAPITAL}])")


@lru_cache(maxsize=1 << 14)
def sentence_ends(text: str) -> list[int]:
    """Offsets just after each sentence end: a full stop after a word, not after a title or an initial."""
    out = []
    for m in _SENTENCE_END.finditer(text):
        word = re.search(r"(\w+)\W*$", text[max(0, m.start() - 40) : m.start() + 1])
        w = word.group(1) if word else ""
        if w and (len(w) >= 5 or (w.islower() and len(w) >= 3) or (w.isdigit() and len(w) == 4)) and not is_title(w):
            out.append(m.end())
    return out


_CLAUSE_BREAK = re.compile(
    r";\s+|\s[-•]\s+(?=\S)|\s(?=(?:\d{1,2}|[a-hA-H])\)\s+\S)|\s(?=#{1,6}\s?\w)"
    r"|\s(?=(?:Návrh\s+)?(?:USNESENÍ|Usnesení)\s*(?:č\.|číslo|:))"
)


_VOTE_ON = re.compile(r"hlasovani\s+o\s+(?=usneseni\s*(?:c\.|cislo))")


@lru_cache(maxsize=1 << 14)
def clause_starts(line: str) -> list[int]:
    """Where the clauses of a line start: the line itself, each sentence, each ";"-part, bullet and item."""
    starts = {len(line) - len(_LEADING.sub("", line, count=1))}
    starts.update(sentence_ends(line))
    starts.update(m.end() for m in _CLAUSE_BREAK.finditer(line))
    # "Výsledek hlasování o usnesení č.: 41/2015 …": the resolution the vote is about
    starts.update(m.end() for m in _VOTE_ON.finditer(fold_line(line)))
    return sorted(s for s in starts if s < len(line))


def _subject_ok(words: list[str], written: list[str], tense: str) -> bool:
    """The words before the verb name the body that resolves (or, in a passive, anything at all)."""
    not_subject = phrases("decisions", "statements", "not_subject")
    if any(w in not_subject for w in words) or any(re.search(r"[,;:„“\"()?]", w) for w in written):
        return False
    if tense == PASSIVE:
        return True
    adverbs = phrases("decisions", "statements", "adverbs")
    content = [w for w, raw in zip(words, written, strict=False) if w not in adverbs]
    if not content:
        return False
    collective = phrases("decisions", "statements", "collective")
    return any(collective.startswith(w) for w in content) or any(_ABBREVIATION.fullmatch(raw) for raw in written)


def _passive_at(folded: str) -> tuple[int, int, str, bool] | None:
    """ "byl schválen", "byla jednohlasně zvolena", "nebyl přijat": (start, end, class, negated)."""
    auxiliary = _auxiliary()
    for start, end, verb_class, tense in _verb_at(folded):
        if tense != "passive":
            continue
        m = auxiliary.search(folded[:start])
        if m:
            return m.start(), end, verb_class, m.group("neg") is not None
    return None


@cache
def _auxiliary() -> re.Pattern[str]:
    """ "byl", "nebyla jednohlasně", "byla navržena a": an auxiliary (negated or not) and an adverb,
    or another participle and "a", just before a passive verb ("byla navržena a schválena")."""
    aux = _src("statements", "auxiliaries")
    negated = _src("statements", "negated_auxiliaries")
    adverbs = _src("statements", "adverbs")
    return re.compile(rf"(?<!\w)(?:(?P<neg>{negated})|{aux})\s+(?:\w+\s+a\s+)?(?:(?:{adverbs}|\w+)\s+)?$")


def statement_at(line: str, offset: int, after_label: bool = False) -> Statement | None:
    """The statement that starts at ``offset`` of ``line``, if one does."""
    clause = line[offset:]
    lead = len(clause) - len(clause.lstrip("#*> "))
    clause, offset = clause[lead:], offset + lead
    folded = fold_line(clause)
    enum = _ENUM.match(folded)
    body_start = enum.end() if enum else 0
    body = folded[body_start:]
    label = _label_re().match(body)
    if label and (label.group("motion") or label.group("no") or label.group("no2") or label.group("colon")):
        rest = clause[body_start + label.end() :].strip()
        group = "no" if label.group("no") else ("no2" if label.group("no2") else None)
        listed = not rest or bool(re.match(r"^(?:[-–•*]|\(?(?:\d{1,2}|[a-h])[.)])\s", rest))
        kind = MOTION if label.group("motion") else (LIST if listed and group is None else LABEL)
        number = None
        if group is not None:
            number = clause[body_start + label.start(group) : body_start + label.end(group)].strip(" .")
        verb = verb_of(rest)
        head = body_start + label.end() if kind == LABEL else 0
        if kind == LABEL and not label.group("colon"):
            head = body_start + (label.end(group) if group else label.end())  # "Usnesení č. 5 schvaluje …"
        return Statement(0, offset, kind, clause[head:].strip(), verb, number, opens_list=not rest, head=head)
    words_end = _first_words(body, 10)
    for start, end, verb_class, tense in _verb_at(body[:words_end]):
        before = body[:start]
        words = before.split()
        written = clause[body_start : body_start + start].split()
        subject = not words or _subject_ok(words, written, tense)
        # "Zastupitelstvo obce Horní Lhota po projednání schvaluje": a body of up to eight words
        long_subject = (
            len(words) <= 8
            and bool(words)
            and phrases("decisions", "statements", "collective").startswith(words[0]) is not None
        )
        if tense == "present" and (words or after_label or enum) and subject and (len(words) <= 6 or long_subject):
            return _make(line, offset, FORMULA, verb_class, clause)
        first_person = re.match(r"\s*(?:se\s+)?jsme(?!\w)", body[end:]) is not None
        if tense == "past" and len(words) <= 5 and (_subject_ok(words, written, tense) or first_person):
            return _make(line, offset, PAST, verb_class, clause)
        break
    passive = _passive_at(body[: _first_words(body, 20)])
    if passive is not None:
        start, end, verb_class, negated = passive
        words = body[:start].split()
        short = len(_sentence(body).split()) <= 12 and not body[end:].strip(" .!")
        ends_sentence = len(_sentence(body).split()) <= 12 and _sentence(body).rstrip(" .").endswith(body[start:end])
        if (len(words) <= 5 or short or ends_sentence) and _subject_ok(words, clause.split()[: len(words)], PASSIVE):
            return _make(line, offset, PASSIVE, verb_class, clause, negated)
    return None


def _has_subject(clause: str) -> bool:
    body = _ENUM.sub("", fold_line(clause), count=1)
    verbs = _verb_at(body[: _first_words(body, 8)])
    return bool(verbs) and bool(body[: verbs[0][0]].split())


def _sentence(folded: str) -> str:
    ends = sentence_ends(folded)
    return folded[: ends[0]] if ends else folded


def _first_words(text: str, n: int) -> int:
    """The offset after the first ``n`` words of ``text`` (plus the verb's own words)."""
    m = _words_pattern(n).match(text)
    return m.end() if m else len(text)


@lru_cache(maxsize=32)
def _words_pattern(n: int) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:\S+\s+){{0,{n}}}\S*(?:\s+\S+){{0,3}}")


def _make(line: str, offset: int, kind: str, verb: str, clause: str, negated: bool = False) -> Statement:
    text = clause.strip()
    return Statement(0, offset, kind, text, verb, negated=negated, opens_list=text.endswith(":"))


def verb_of(text: str) -> str | None:
    """The verb class of a resolution's text: the first resolution verb in its first words."""
    found = verb_span(text)
    return found[2] if found else None


def verb_span(text: str) -> tuple[int, int, str] | None:
    """(start, end, class) of the first resolution verb in the first words of a text."""
    folded = fold_line(text)
    head = folded[: _first_words(folded, 10)]
    for start, end, verb_class, tense in _verb_at(head):
        if tense in ("present", "past"):
            return start, end, verb_class
    passive = _passive_at(head)
    return (passive[0], passive[1], passive[2]) if passive else None


def find_statements(lines: list[str], start: int = 0, skip: frozenset[int] = frozenset()) -> list[Statement]:
    """Every statement of the minutes, in order; the text of each runs to where the next begins."""
    out: list[Statement] = []
    for i in range(start, len(lines)):
        if i in skip or not lines[i].strip():
            continue
        line = lines[i]
        found: list[Statement] = []
        after_label = False
        for offset in clause_starts(line):
            if found and offset < found[-1].offset + 3:
                continue
            s = statement_at(line, offset, after_label)
            if s is None:
                continue
            enumerated = s.kind == FORMULA and _ENUM.match(fold_line(line[offset:])) is not None
            if found and found[-1].kind == LABEL and enumerated and not _has_subject(line[offset:]):
                continue  # "Usnesení č. 41/2015 A) určuje … B) určuje …": the parts of one resolution
            found.append(replace(s, line=i))
            after_label = s.kind in (LABEL, LIST, MOTION)
        out.extend(_cut(line, found))
    return out


def _cut(line: str, found: list[Statement]) -> list[Statement]:
    """Each statement's text ends where the next statement of the same line begins; a long line's
    statement ends with its sentence unless it opens a list (a colon)."""
    out = []
    for k, s in enumerate(found):
        end = found[k + 1].offset if k + 1 < len(found) else len(line)
        text = line[s.offset + s.head : end]
        if len(line) > 400 and not _opens_list(text):
            ends = [e for e in sentence_ends(line) if s.offset + s.head < e < end]
            if ends:
                text = line[s.offset + s.head : ends[0]]
        text = (text.strip() if s.head else _strip_enum(text)).strip().rstrip(" -–—")
        out.append(replace(s, text=text, opens_list=_opens_list(text) if s.kind != LIST else True))
    return out


def _opens_list(text: str) -> bool:
    first = _sentence(text)
    return first.rstrip().endswith(":") or bool(re.search(r":\s+(?:[-•*]|\d{1,2}[.)])\s", text))


def _strip_enum(text: str) -> str:
    return _ENUM.sub("", _LEADING.sub("", text, count=1), count=1)


def similar(a: str, b: str) -> bool:
    """Do two statements say the same (a proposal and its result)? Shared word stems."""
    sa, sb = stems(a), stems(b)
    if not sa or not sb:
        return False
    shared = len(sa & sb)
    return shared >= 2 and shared >= 0.5 * min(len(sa), len(sb))


def stems(text: str) -> set[str]:
    """Content-word stems of a text: the first five letters of each word of four letters or more."""
    return {w[:5] for w in re.findall(r"[^\W\d_]{4,}", fold(text))}
