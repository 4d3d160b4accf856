"""People named inside sentences rather than lists.

"Omluvil Ing. Miroslava Mouchu a pana Pavla Kurku." (excused, accusative),
"Zapisovateli určil Ing. Jana Houšku a paní Marcelu Tomanovou." (recorders, accusative),
"Zapisovatelem byl určen František Štross, ověřovatelem Viktor Novotný." (nominative),
"Zasedání zahájil a řídil starosta obce Jan Novák", "předsedající Ing. Eva Malá" (who chaired).
"""

from __future__ import annotations

import re
from functools import cache

from zapis.lang import (
    Case,
    Phrases,
    clean_name,
    first_name_gender,
    fold,
    fold_aligned,
    is_first_name,
    is_honorific,
    is_role,
    is_title,
    nominative_first_name,
    nominative_surname,
    phrases,
)
from zapis.parse.dates import find_dates
from zapis.parse.lines import next_filled
from zapis.parse.mentions import find_mentions
from zapis.parse.people import parse_people_text


def _src(key: str) -> str:
    return phrases("minutes", "sentences", key).source


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """In folded text (minutes.toml, [sentences]): "Omluvil …" / "omluveni jsou …", "Zapisovatelem
    byl určen …" / "Zapisovateli určil …", and where a list of names in a sentence ends."""
    excused = re.compile(
        rf"(?<!\w)(?:{_src('excused_active')}|(?P<passive>{_src('excused_passive')}))\s+(?P<se>se\s+)?"
        r"(?P<names>[^;:]{3,200})"
    )
    end_words = "|".join(re.escape(w) for w in phrases("minutes", "sentences", "list_end_words").keys)
    ends = re.compile(rf",\s*{_src('list_ends')}.*$|\s+(?:{end_words})\s.*$")
    return excused, ends


def _sentence(text: str) -> str:
    """Up to the end of the sentence: a full stop after a word, not after a title or an initial."""
    for m in re.finditer(r"\.(?:\s|$)", text):
        word = re.findall(r"[\w]+$", text[: m.start()])
        if word and (len(word[0]) >= 5 or (word[0].islower() and len(word[0]) >= 3)) and not is_title(word[0]):
            return text[: m.start()]
    return text


def people_in_phrase(text: str, case: Case) -> list[tuple[str, str]]:
    """(name, raw) of the people listed in ``text`` ("X, Y a Z"), in the nominative."""
    text = _sentence(text)
    end = _patterns()[1].search(fold_aligned(text))
    text = text[: end.start()] if end else text
    out = []
    for part in re.split(r"\s*,\s*|\s+a\s+", text):
        part = part.strip()
        if not part:
            continue
        mentions = find_mentions(part, default_case=case)
        if mentions:
            out.append((mentions[0].name, part))
            continue
        clean = clean_name(part)
        if clean is None:
            continue
        tokens = clean.name.split()
        if case not in ("nom", "any") and len(tokens) == 2 and _declined(tokens, case):
            tokens = [nominative_first_name(tokens[0], case)[0], nominative_surname(tokens[1], case)[0]]
        out.append((" ".join(tokens), part))
    return out


def _declined(tokens: list[str], case: Case) -> bool:
    """Is "Pavla Koukala" (accusative of Pavel Koukal) declined, or a name in the nominative?

    A feminine name in the accusative ends its surname in -ou ("Marcelu Tomanovou"); a
    nominative feminine surname ends in -á ("Jana Nováková"), which no accusative does.
    """
    first, surname = tokens
    if surname.endswith("ou"):
        return True
    if surname.endswith("á"):
        return False
    return not is_first_name(first) or (bool(nominative_first_name(first, case)) and first.endswith(("a", "u", "e")))


def masculine_dative(name: str, raw: str) -> str:
    """ "Janu Novákovi", "Petru Veselému" are Jan Novák, Petr Veselý: a man's dative surname ("-ovi",
    "-ému") makes the first name, which the dative alone leaves open ("Janu": Jan or Jana), a man's."""
    tokens, written = name.split(), raw.split()
    if len(tokens) != 2 or first_name_gender(tokens[0]) != "f":
        return name
    surname = next((w for w in written if fold(w).startswith(fold(tokens[-1])[:3])), "")
    if not surname.rstrip(".,").endswith(("ovi", "ému")):
        return name
    first = next((w for w in written if fold(w).startswith(fold(tokens[0])[:2]) and w[:1].isupper()), "")
    cands = [*nominative_first_name(first, "dat"), first[:-1] if first.endswith("u") else first]  # "Janu" → "Jan"
    male = [c for c in cands if first_name_gender(c) == "m"]
    return f"{male[0]} {tokens[1]}" if male else name


def attendees_in_sentences(lines: list[str]) -> list[tuple[str, str, int]]:
    """ "Konference se zúčastnili všichni členové, jmenovitě předseda Jan Dub, Eva Malá, Petr Kos.":
    a verb of attending, then "jmenovitě" and the names to the end of the sentence (every piece a
    name, two or more)."""
    attended = phrases("minutes", "sentences", "attended")
    namely = phrases("minutes", "sentences", "namely")
    for i, line in enumerate(lines):
        verb = attended.search(line)
        if verb is None:
            continue
        hit = namely.search(line[verb.end :])
        if hit is None or hit.start > 60:
            continue
        begin = verb.end + hit.end
        _, end = _sentence_bounds(line, begin)
        people, rejected = parse_people_text(line[begin:end].strip(" :,"), i)
        if len(people) >= 2 and not rejected:
            return [(x.name, x.raw, i) for x in people]
    return []


def excused_in_sentences(lines: list[str]) -> list[tuple[str, str, int]]:
    excused = _patterns()[0]
    for i, line in enumerate(lines):
        m = excused.search(fold_aligned(line))
        if m:
            case: Case = "nom" if m.group("se") or m.group("passive") else "acc"
            found = people_in_phrase(line[m.start("names") : m.end("names")], case)
            if found:
                return [(name, raw, i) for name, raw in found]
    return []


_SENTENCE_END = re.compile(r"(?<=[a-záčďéěíňóřšťúůýž\d)“\"])[.!?](?:\s+(?=[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ])|\s*$)")


def _ends_sentence(line: str, m: re.Match[str]) -> bool:
    """A full stop after a word, not after a title, an initial or an abbreviation ("Ing.", "p.", "č.")."""
    word = re.findall(r"\w+$", line[: m.start()])
    return not word or word[0].isdigit() or (len(word[0]) >= 3 and not is_title(word[0]) and not is_honorific(word[0]))


def _sentence_bounds(line: str, pos: int) -> tuple[int, int]:
    """The sentence of ``line`` that holds position ``pos``: (start, end)."""
    start, end = 0, len(line)
    for m in (m for m in _SENTENCE_END.finditer(line) if _ends_sentence(line, m)):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


@cache
def _role_nouns() -> dict[str, re.Pattern[str]]:
    """Each role given in sentences ("zapisovatelem", "ověřovateli zápisu"), in folded text."""
    return {
        role: re.compile(rf"(?<!\w){_src(role + '_nouns')}(?:\s+zapisu)?(?!\w)") for role in ("recorder", "verifier")
    }


_FILL_OR_SIGN = re.compile(r"\bv\.\s?r\.|[…._]{3,}")  # "v. r." (signed), a signature's dotted line

# At most two lower-case words ("zastupitele", "paní") and titles between a role and its name.
_NAME_NEXT = re.compile(r"^\s*(?:[a-záčďéěíňóřšťúůýž]+\.?\s+){0,2}(?:[A-Za-z]{1,6}\.\s*)*[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]")


def appointed_in_sentences(lines: list[str], role: str) -> list[tuple[str, str, int]]:
    """People given a role in a sentence: "Zapisovatelem byl určen X", "Zapisovateli určil X a Y",
    "… určil ověřovateli zápisu zastupitele X a zastupitele Y a zapisovatelem zastupitele Z".

    The role noun must share its sentence with an appointing verb ("určil", "byl zvolen", "je"):
    "určení zapisovatele" in a programme names nobody.  Names run from the noun to the next
    role noun or the end of the sentence; an active verb puts them in the accusative.
    """
    noun = _role_nouns()[role]
    others = [p for r, p in _role_nouns().items() if r != role]
    passive_re = re.compile(rf"\s*{_src('appointed_passive')}(?!\w)")
    active_re = re.compile(rf"(?<!\w){_src('appointed_active')}(?!\w)")
    for i, line in enumerate(lines):
        folded = fold_aligned(line)
        for m in noun.finditer(folded):
            start, end = _sentence_bounds(line, m.start())
            passive = passive_re.match(folded, m.end())
            active = active_re.search(folded, start, end)
            # "Zapisovatelem byl určen X, ověřovatelem Y": the second role shares the first one's verb
            shared = passive is None and active is None and _passive_before(folded, start, m.start())
            if not passive and not active and not shared:
                continue
            names_start = passive.end() if passive else m.end()
            if active and active.start() >= m.end() and active.start() - m.end() < 3:
                names_start = active.end()  # "Zapisovateli určil X"
            stop = min([end, *(o.start() for p in others if (o := p.search(folded, names_start, end)))])
            tail = re.sub(r"(?:,|\s+a)\s*$", "", line[names_start:stop])
            if not _NAME_NEXT.match(tail):
                continue  # the names must follow the role ("zapisovatelem zastupitele Jana …"), not a clause
            found = people_in_phrase(tail, "nom" if passive or shared else "acc")
            if found:
                return [(name, raw, i) for name, raw in found]
    return []


def _passive_before(folded: str, start: int, end: int) -> bool:
    words = phrases("minutes", "sentences", "appointed_passive").entries
    verbs = [w for w in words if " " in w]  # "byl určen", not a bare "je"
    return Phrases(verbs).search(folded[start:end]) is not None


def recorders_in_sentences(lines: list[str]) -> list[tuple[str, str, int]]:
    return appointed_in_sentences(lines, "recorder")


def recorder_after_date(lines: list[str]) -> tuple[str, str, int] | None:
    """The recorder of a signature line, a date then a recorder verb then the name: "Dne 11. 5.
    2023 zapsal Josef Hák", "20. 2. 2012 zapsala Jana Dvořáčková", "Zápis 8/2019 z 7.10.2019
    zpracoval Jan Žák místopředseda".  The date right before the verb is what makes the line a
    signature, not a sentence about someone who wrote something; the last such line wins."""
    verbs = phrases("minutes", "sentences", "recorder_verbs")
    found = None
    for i, line in enumerate(lines):
        for d in find_dates(line):
            verb = verbs.startswith(line[d.end :])
            if verb is None:
                continue
            rest = line[d.end + verb.end :]
            people, _ = parse_people_text(_FILL_OR_SIGN.sub(" ", rest), i)
            if len(people) == 1 and len(people[0].name.split()) >= 2:
                found = (people[0].name, people[0].raw, i)
    return found


def recorder_at_the_end(lines: list[str]) -> tuple[str, str, int] | None:
    """The recorder signing at the very end of text that runs on without line breaks: "… a schůzi
    ukončil. Zapsal Jan Dub".  After the end of a sentence, a recorder verb, then one name
    (first name and surname) and nothing more in the document."""
    last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), None)
    if last is None:
        return None
    line = lines[last].rstrip()
    verbs = phrases("minutes", "sentences", "recorder_verbs")
    for m in re.finditer(r"[.!?]\s+", line):
        verb = verbs.startswith(line[m.end() :])
        if verb is None:
            continue
        rest = line[m.end() + verb.end :].strip(" :")
        people, rejected = parse_people_text(_FILL_OR_SIGN.sub(" ", rest), last)
        if len(people) == 1 and not rejected and len(people[0].name.split()) >= 2 and len(rest.split()) <= 5:
            return people[0].name, people[0].raw, last
    return None


def recorder_in_signatures(lines: list[str]) -> tuple[str, str, int] | None:
    """A signature block's recorder: a line that is only the role word ("zapisovatel",
    "zapisovatelka"), the name on the line above it (or, when that is no name, below it):
    "Mgr. Petr Grim v.r." / "zapisovatel".  The last such block wins."""
    role = phrases("minutes", "sentences", "recorder_roles")
    found = None
    for i, line in enumerate(lines):
        text = line.strip().strip(":")
        hit = role.startswith(text)
        if hit is None or hit.end != len(text):
            continue
        for j in (next_filled(lines, i, -1), next_filled(lines, i, 1)):
            if j is None:
                continue
            people, rejected = parse_people_text(_FILL_OR_SIGN.sub(" ", lines[j]), j)
            if len(people) == 1 and not rejected and len(people[0].name.split()) >= 2:
                found = (people[0].name, people[0].raw, j)
                break
    return found


# --- who chaired ------------------------------------------------------------------------------

_TIME = re.compile(r"(?i)\b(?:v|ve|od)\s+\d{1,2}(?:\s*[.:,]\s*\d{2})?(?:\s*(?:hodin|hod|h)\b)?|\b\d{1,2}[.:]\d{2}\b")


@cache
def _chair_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """In folded text: a chair verb ("řídil"), a chair noun ("předsedající …"), the opening verb
    ("zahájil") and its passive ("bylo zahájeno …"), from minutes.toml."""
    verbs = re.compile(rf"(?<!\w){_src('chair_verbs')}(?!\w)")
    nouns = re.compile(rf"(?<!\w){_src('chair_nouns')}(?!\w)\s*(?:(?:{_src('chair_appointed')})\s+)?")
    opening = phrases("minutes", "opening", "verbs").source
    opening_passive = phrases("minutes", "opening", "passive").source
    return verbs, nouns, re.compile(rf"(?<!\w){opening}(?!\w)"), re.compile(rf"(?<!\w){opening_passive}(?!\w)")


@cache
def _chair_handover() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){_src('chair_handover')}(?!\w)\s*")


@cache
def _opening_heading() -> re.Pattern[str]:
    """ "1. Zahájení – …": the opening item of an agenda, then a dash."""
    return re.compile(rf"^\s*(?:\d{{1,2}}[.)]\s*)?(?:{phrases('minutes', 'opening', 'items').source})\s+[–—-]\s+")


def _strong(name: str, raw: str) -> bool:
    """A name, not a role or a word: an honorific or a title, a known first name, or an initial."""
    tokens = name.split()
    if not tokens or any(t.isalpha() and t.isupper() and len(t) > 1 for t in tokens):
        return False
    marked = raw.split()[0].rstrip(".") != tokens[0] if raw.split() else False
    initial = any(re.fullmatch(r"\w\.?", t) for t in tokens[1:]) or any(re.fullmatch(r"\w\.", t) for t in raw.split())
    return marked or initial or (len(tokens) >= 2 and (is_first_name(tokens[0]) or is_first_name(tokens[-1])))


def _name_in(phrase: str, case: Case) -> tuple[str, str] | None:
    """The first person a phrase names ("starosta obce p. Novotný, přivítal …" → Novotný)."""
    phrase = re.sub(r"\s+", " ", _TIME.sub(" ", phrase)).strip()
    phrase = phrase[: _phrase_end(phrase)].strip(" .,")
    first = fold(phrase).split()[:1]
    if not first or first[0] in phrases("minutes", "opening", "nouns").keys:
        return None  # "zahájil jednání …": the object, not the person
    found = _person_in(phrase, case)
    return found if found is not None and _strong(*found) else None


@cache
def _phrase_stop() -> re.Pattern[str]:
    return re.compile(rf"[(;:„\"]|,\s|\s\.(?:\s|$)|\s(?:a\s)?(?:{_src('name_ends')})(?!\w)")


def _phrase_end(phrase: str) -> int:
    """Where the words about one person end: a bracket, a colon, a comma, "který", a sentence end."""
    stop = _phrase_stop().search(fold_aligned(phrase))
    end = stop.start() if stop else len(phrase)
    for m in re.finditer(r"\.\s+(?=[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ])", phrase[:end]):
        word = re.findall(r"(\w+)$", phrase[: m.start()])
        if word and word[0].islower() and (len(word[0]) >= 3 or word[0] == "h") and not is_honorific(word[0]):
            return m.start()
    return end


def _person_in(phrase: str, case: Case) -> tuple[str, str] | None:
    """The first name of a short phrase with its roles and titles dropped, in the nominative."""
    part = re.split(r"\s*,\s*|\s+a\s+", phrase)[0]
    clean = clean_name(part)
    mentions = find_mentions(phrase, default_case=case)
    if mentions and not (clean and case == "nom" and fold(clean.name).startswith(fold(mentions[0].name))):
        return mentions[0].name, mentions[0].raw
    if clean is None:
        initial = re.fullmatch(r"([A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][a-záčďéěíňóřšťúůýž]+)\s+([A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ])\.?", part.strip())
        return (f"{initial.group(1)} {initial.group(2)}.", part.strip()) if initial else None  # "Novák J."
    tokens = clean.name.split()
    if case not in ("nom", "any") and len(tokens) == 2:
        tokens = [nominative_first_name(tokens[0], case)[0], nominative_surname(tokens[1], case)[0]]
        if case == "dat":
            tokens = masculine_dative(" ".join(tokens), part).split()
    written = part.split()
    marks = [k for k, w in enumerate(written) if is_title(w) or is_honorific(w)]
    capitals = [k for k, w in enumerate(written) if w[:1].isupper() and not is_role(w)]
    start = (marks or capitals or [0])[0]
    raw = " ".join(written[start:])
    return " ".join(tokens), raw[:-1] if raw.endswith(".") and len(written[-1]) > 3 else raw


def chairs_in_sentences(lines: list[str]) -> list[tuple[str, str, int]]:
    """Who chaired, read from sentences: "Jednání řídila Ing. Eva Malá", "předsedající Jan Novák",
    "… předal řízení místostarostovi Petru Malému", and, when no one is named so, who opened the
    meeting: "Zasedání zahájil starosta Jan Novák", "bylo zahájeno … starostou obce Romanem
    Hejdukem", "1. Zahájení – ses. Moučková"."""
    verbs, nouns, opening, opening_passive = _chair_patterns()
    handover, opening_heading = _chair_handover(), _opening_heading()
    openers: list[tuple[str, str, int]] = []
    for i, line in enumerate(lines):
        folded = fold_aligned(line)
        for m in handover.finditer(folded):  # "… a předal řízení místostarostovi Petru Malému"
            found = _name_in(line[m.end() :], "dat" if fold(m.group()).startswith("preda") else "nom")
            if found:
                return [(*found, i)]
        for pattern in (verbs, nouns):
            for m in pattern.finditer(folded):
                found = _name_in(line[m.end() :], "nom")
                if found is None and pattern is verbs:
                    found = _subject(line, m.start())
                if found:
                    return [(*found, i)]
        if openers:
            continue
        for m in opening.finditer(folded):
            found = _name_in(line[m.end() :], "nom") or _subject(line, m.start())
            if found:
                openers.append((*found, i))
                break
        for m in opening_passive.finditer(folded):
            found = _name_in(line[m.end() :], "ins")
            if found and not openers:
                openers.append((*found, i))
        heading = opening_heading.match(folded)
        if heading and not openers:
            found = _name_in(line[heading.end() :], "nom")
            if found:
                openers.append((*found, i))
    return openers[:1]


def _subject(line: str, verb_start: int) -> tuple[str, str] | None:
    """The person before the verb, in the same sentence: "Starosta města pan Nedoma zahájil …"."""
    before = line[:verb_start]
    cut = max(before.rfind(". "), before.rfind("; "), before.rfind(", "))
    words = before[cut + 1 :].split()
    if not words or len(words) > 6:
        return None
    return _name_in(" ".join(words), "nom")
