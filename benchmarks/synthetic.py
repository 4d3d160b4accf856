"""Synthetic archives for the scale benchmarks and tests: meeting dicts for deduplication,
name occurrences for the person registry, and minutes texts for ``zapis ingest``.

Everything comes from a seeded ``random.Random``, so a run is reproducible.  The text is
"Czech-ish": Czech function words and minutes vocabulary mixed with a long tail of
pseudo-words built from Czech syllables, so that different meetings share vocabulary (as real
minutes do) but not their sentences.  Meetings of one working group share their boilerplate
(series banner, body, place, usual attendees, a standard closing paragraph): the case
deduplication must not mistake for copies.  Each meeting dict carries ``truth``, the meeting it
really is, so that a grouping can be checked.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from zapis.archive.dedup import NO_FIELDS, CopyFields, Fingerprint
from zapis.lang import fold, load, slug, strip_diacritics


def _words(text: str) -> list[str]:
    return text.split()


COMMON_WORDS = _words(
    "a v na se že je o s z do k to pro by jako ale nebo také bylo byla bude jsou při po od jejich které "
    "který která kde tak již jen ještě velmi více než však proto aby pouze mezi podle během zatím"
)
MINUTES_WORDS = _words(
    "jednání setkání skupina pracovní sociální služby služeb komunitní plán plánování členové člen "
    "informace informoval informovala představila představil diskuse diskuze návrh návrhy usnesení "
    "hlasování schválen schválila projekt projektu financování dotace rozpočet kraj krajský město "
    "města magistrát radnice organizace organizací klienti klientů uživatelé pečující senioři děti "
    "rodiny domov domova azylový noclehárna terénní ambulantní pobytové kapacita kapacity potřeby "
    "spolupráce koordinace zástupce zástupci odbor odboru vedoucí ředitelka ředitel metodik úkol "
    "termín příští zápis program bod body různé dotazník šetření výstup výstupy analýza strategie "
    "priorita priority opatření akční místnost zasedací konference kulatý stůl webové stránky"
)
ONSETS = _words("b br č d dr h ch j k kl kr l m n p pl pr r ř s st š t tr v z ž")
VOWELS = _words("a á e é ě i í o u ú ů y")
CODAS = ["", "", "", "n", "l", "r", "s", "k", "t", "m", "ch", "j"]
SURNAME_SUFFIXES = _words("ák ek ka ný ský íček an ec al oš")
MONTHS = _words("ledna února března dubna května června července srpna září října listopadu prosince")
PLACES = ("radnice Liberec", "zasedací místnost č. 209", "Krajský úřad", "Komunitní centrum", "online")
OCR_CONFUSIONS = {"e": "c", "c": "e", "l": "1", "i": "l", "o": "0", "n": "m", "m": "rn", "á": "a", "í": "i",
                  "ě": "e", "š": "s", "u": "v", "h": "b"}  # fmt: skip


def wrap(text: str, width: int) -> str:
    """Greedy word wrap (``textwrap.fill`` without its options, 10× faster)."""
    lines: list[str] = []
    line: list[str] = []
    length = -1
    for word in text.split():
        if line and length + 1 + len(word) > width:
            lines.append(" ".join(line))
            line, length = [], -1
        line.append(word)
        length += 1 + len(word)
    if line:
        lines.append(" ".join(line))
    return "\n".join(lines)


def pseudo_word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables))


class Vocabulary:
    """Words drawn with a Zipf-like skew: frequent minutes words, a long tail of rare ones."""

    def __init__(self, rng: random.Random, size: int = 20_000) -> None:
        tail = sorted({pseudo_word(rng, rng.randint(1, 3)) for _ in range(size)})
        rng.shuffle(tail)
        self.tail = tail
        self.words = COMMON_WORDS * 6 + MINUTES_WORDS * 2 + tail
        self.cum_weights = list(itertools.accumulate(1.0 / (rank + 10) for rank in range(len(self.words))))

    def sentence(self, rng: random.Random, words: int) -> str:
        text = " ".join(rng.choices(self.words, cum_weights=self.cum_weights, k=words))
        return text[0].upper() + text[1:] + "."

    def paragraph(self, rng: random.Random, chars: int) -> str:
        out: list[str] = []
        while sum(len(s) + 1 for s in out) < chars:
            out.append(self.sentence(rng, rng.randint(6, 18)))
        return " ".join(out)


# ------------------------------------------------------------------------------------------
# People
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    first: str
    surname: str  # nominative
    feminine: bool

    @property
    def name(self) -> str:
        return f"{self.first} {self.surname}"


def surname(rng: random.Random, feminine: bool) -> str:
    masculine = pseudo_word(rng, rng.randint(1, 2)).capitalize() + rng.choice(SURNAME_SUFFIXES)
    if not feminine:
        return masculine
    if masculine.endswith("ý"):
        return masculine[:-1] + "á"
    if masculine.endswith("ka"):
        return masculine[:-1] + "ová"
    if masculine.endswith("ek"):
        return masculine[:-2] + "ková"
    return masculine + "ová"


def people(rng: random.Random, n: int) -> list[Person]:
    """``n`` people with distinct full names (Czech first names from zapis's own list)."""
    names = load("first_names")
    out: dict[str, Person] = {}
    while len(out) < n:
        feminine = rng.random() < 0.6
        p = Person(rng.choice(names["female" if feminine else "male"]), surname(rng, feminine), feminine)
        out.setdefault(p.name, p)
    return list(out.values())


def declined(p: Person) -> str:
    """The surname alone, declined as mentions write it: "(paní) Horákové", "(pana) Šandora"."""
    s = p.surname
    if p.feminine:
        return s[:-1] + "é" if s.endswith("á") else s
    if s.endswith("ka"):
        return s[:-1] + "y"
    if s.endswith("ý"):
        return s[:-1] + "ého"
    return s + "a"


def typo(rng: random.Random, word: str, start: int = 4) -> str:
    """One letter changed or dropped, from position ``start`` on, never in the last two.

    The registry compares names only within blocks of the first 4 letters of a surname, so a
    typo in the first 4 letters is never even compared (see benchmarks/README.md)."""
    if len(word) < start + 3:
        return word
    i = rng.randint(start, len(word) - 3)
    letter = rng.choice("aeioulnrst")
    return word[:i] + letter + word[i + 1 :] if word[i] != letter else word[:i] + word[i + 1 :]


def occurrence_name(rng: random.Random, p: Person) -> str:
    """How a mention writes a person: mostly the full name, else a typo, an initial or a declined surname."""
    r = rng.random()
    if r < 0.75:
        return p.name
    if r < 0.85:
        return f"{p.first} {typo(rng, p.surname)}"
    if r < 0.93:
        return f"{p.first[0]}. {p.surname}"
    return declined(p)


def person_occurrences(rng: random.Random, persons: list[Person], n: int) -> list[tuple[str, str, str]]:
    """``n`` (name, raw, meeting_id) occurrences, 12 per meeting; a few people appear very often."""
    out = []
    for k in range(n):
        frequent = rng.random() < 0.5
        p = persons[int(rng.paretovariate(1.2)) % len(persons)] if frequent else rng.choice(persons)
        name = occurrence_name(rng, p)
        out.append((name, name, f"meeting-{k // 12}"))
    return out


# ------------------------------------------------------------------------------------------
# Meetings
# ------------------------------------------------------------------------------------------


@dataclass
class Group:
    """A working group: its boilerplate is shared by all its meetings."""

    body: str
    series: str
    place: str
    members: list[Person]
    closing: str
    first_date: dt.date


def groups(rng: random.Random, vocab: Vocabulary, n: int, pool: list[Person]) -> list[Group]:
    out = []
    for i in range(n):
        topic = " ".join(vocab.tail[3 * i : 3 * i + 3])
        out.append(
            Group(
                body=f"Pracovní skupina pro {topic}",
                series=f"KOMUNITNÍ PLÁNOVÁNÍ SOCIÁLNÍCH SLUŽEB – {topic.upper()}",
                place=rng.choice(PLACES),
                members=rng.sample(pool, 14),
                closing=vocab.paragraph(rng, 450),
                first_date=dt.date(2015, 1, 5) + dt.timedelta(days=rng.randint(0, 900)),
            )
        )
    return out


def czech_date(d: dt.date) -> str:
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


def meeting_text(rng: random.Random, vocab: Vocabulary, group: Group, date: dt.date) -> str:
    """The minutes of one meeting, ~2–4 KB, wrapped at 90 characters like a text export."""
    return meeting_minutes(rng, vocab, group, date)[0]


def meeting_minutes(
    rng: random.Random, vocab: Vocabulary, group: Group, date: dt.date, start: str | None = None
) -> tuple[str, CopyFields]:
    """The minutes of one meeting (:func:`meeting_text`) and the fields a parser reads from them."""
    attendees = [p.name for p in group.members if rng.random() < 0.8]
    agenda = [vocab.sentence(rng, rng.randint(3, 7)).rstrip(".") for _ in range(rng.randint(2, 4))]
    start = start or rng.choice(["9:00", "10:00", "13:00", "13:30"])
    fields = CopyFields.of(f"{int(start.split(':')[0]):02d}:{start.split(':')[1]}", None, group.place, group.body,
                           group.members[0].name, attendees, agenda)  # fmt: skip
    parts = [
        group.series,
        f"Zápis z jednání: {group.body}",
        f"{czech_date(date)}, {start} hod, – {group.place}",
        "Program:\n" + "\n".join(f"{i}. {a}" for i, a in enumerate(agenda, 1)),
        "Přítomni: " + ", ".join(attendees),
        *(vocab.paragraph(rng, rng.randint(300, 700)) for _ in range(rng.randint(2, 4))),
        group.closing,
        f"Příští jednání {czech_date(date + dt.timedelta(days=56))}, {group.place}.",
        f"Zpracoval: {group.members[0].name}",
    ]
    return "\n\n".join(p if "\n" in p else wrap(p, 90) for p in parts), fields


def reflowed(rng: random.Random, text: str) -> str:
    """The same minutes with other line breaks, hyphenation and spacing (another export)."""
    width = rng.choice([60, 72, 110])
    paragraphs = [wrap(p, width) for p in text.split("\n\n")]
    out = "\n \n".join(paragraphs).replace(" a ", " a  ")
    return out.replace("ní ", "-\nní ", 3)


def ocr_noisy(rng: random.Random, text: str, rate: float = 0.005) -> str:
    """The minutes as OCR reads them: about ``rate`` of all characters confused (e→c, l→1,
    m→rn, lost accents …), and some lines broken differently.

    0.5 % is a good OCR of a clean scan.  Deduplication merges an OCR copy whose date was
    misread only above an estimated Jaccard similarity of 0.8 (``SAME_TEXT``); with 6-letter
    shingles each error breaks up to 6 of them, so from about 1 % of errors on some such
    copies are left apart (median similarity 0.90 at 1 %, 0.82 at 2 %)."""
    chars = list(text)
    for i, c in enumerate(chars):
        if c in OCR_CONFUSIONS and rng.random() < rate * 2.5:  # ~40 % of characters are confusable
            chars[i] = OCR_CONFUSIONS[c]
    return "".join(chars).replace(". ", ".\n", 5)


@dataclass
class SyntheticMeeting:
    """What deduplication reads of a document (meeting id, date, fingerprint, fields), its text,
    and ``truth``: the real meeting it is a copy of."""

    meeting_id: str
    date: str | None
    text: str
    truth: int
    fields: CopyFields = NO_FIELDS

    @cached_property
    def fingerprint(self) -> Fingerprint:
        return Fingerprint.of(self.text)


def meeting_dict(
    meeting_id: str, date: dt.date | None, text: str, truth: int, fields: CopyFields = NO_FIELDS
) -> SyntheticMeeting:
    return SyntheticMeeting(meeting_id, date.isoformat() if date else None, text, truth, fields)


def copy_of(rng: random.Random, meeting: SyntheticMeeting) -> SyntheticMeeting:
    """Another file of the same minutes, under a meeting_id of its own (so that only the text
    can tell it is a copy): reflowed; OCR-noisy with a misread day; or reflowed without a date."""
    truth, text = meeting.truth, meeting.text
    assert meeting.date is not None
    date = dt.date.fromisoformat(meeting.date)
    kind = rng.randrange(3)
    if kind == 0:
        return meeting_dict(f"{meeting.meeting_id}_copy", date, reflowed(rng, text), truth, meeting.fields)
    if kind == 1:
        wrong = date + dt.timedelta(days=1)
        return meeting_dict(f"{wrong.isoformat()}_ocr-{truth}", wrong, ocr_noisy(rng, text), truth, meeting.fields)
    return meeting_dict(f"undated_{truth:08x}", None, reflowed(rng, text), truth, meeting.fields)


def meeting_dicts(
    n: int, seed: int = 1, copy_share: float = 0.15, same_day_share: float = 0.02
) -> list[SyntheticMeeting]:
    """``n`` meetings in random order: meetings of groups that meet every 4 weeks (~50
    meetings a group), about ``copy_share`` of them followed by a copy (:func:`copy_of`), and
    about ``same_day_share`` followed by a second meeting of the same group on the same day
    (an extraordinary meeting in the evening: the same meeting_id, another meeting)."""
    rng = random.Random(seed)
    vocab = Vocabulary(rng)
    gs = groups(rng, vocab, max(1, n // 50), people(rng, 400))
    out: list[SyntheticMeeting] = []
    k = truth = 0
    while len(out) < n:
        g = gs[k % len(gs)]
        date = g.first_date + dt.timedelta(days=28 * (k // len(gs)))
        meeting_id = f"{date.isoformat()}_{slug(g.body, max_words=8)}"
        original = meeting_dict(meeting_id, date, *_minutes_and_truth(rng, vocab, g, date, truth))
        truth += 1
        out.append(original)
        if rng.random() < copy_share and len(out) < n:
            out.append(copy_of(rng, original))
        if rng.random() < same_day_share and len(out) < n:
            out.append(meeting_dict(meeting_id, date, *_minutes_and_truth(rng, vocab, g, date, truth, "18:00")))
            truth += 1
        k += 1
    rng.shuffle(out)
    return out


def _minutes_and_truth(
    rng: random.Random, vocab: Vocabulary, group: Group, date: dt.date, truth: int, start: str | None = None
) -> tuple[str, int, CopyFields]:
    text, fields = meeting_minutes(rng, vocab, group, date, start)
    return text, truth, fields


def minutes_texts(n: int, seed: int = 2) -> list[str]:
    """``n`` minutes as .txt file contents: meetings of groups, a few percent of them reflowed copies."""
    rng = random.Random(seed)
    vocab = Vocabulary(rng, size=5_000)
    gs = groups(rng, vocab, max(1, n // 40), people(rng, 300))
    out: list[str] = []
    for k in range(n):
        if out and rng.random() < 0.03:
            out.append(reflowed(rng, out[-1]))
            continue
        g = gs[k % len(gs)]
        out.append(meeting_text(rng, vocab, g, g.first_date + dt.timedelta(days=28 * (k // len(gs)))) + "\n")
    return out


# ------------------------------------------------------------------------------------------
# A person registry with realistic Czech names
# ------------------------------------------------------------------------------------------
#
# People get a first name and a surname drawn from frequency lists (zapis/data/frequent_names.toml
# and first_names.toml, most common first, Zipf-like weights), so that common surnames are
# shared by many people (Jan Novák, Petr Novák, Jana Nováková, …); full names are unique, as the
# registry cannot tell two people of one full name apart.  People are members of bodies that
# meet every four weeks; bodies come in series.  Each meeting has lists (attendees, excused,
# guests, recorder) written as minutes write them, and mentions in running text with an
# honorific, in a declined form ("s panem Jakubem Otáhalem", "od paní Novákové"), read by
# zapis's own parser.  The declension below is the generator's own (forward: nominative →
# case), independent of the rules and the dictionary zapis reads names with.

CZECH_VOWELS = "aeiouyáéíóúůýě"
# -ec surnames that keep their e when declined (Kadlec → Kadlece), unlike Němec → Němce
KEEP_E = {"Kadlec", "Švec"}
SOFT_ENDINGS = ("c", "č", "j", "ř", "š", "ž", "ť", "ď", "ň")
TITLES = ("Ing.", "Mgr.", "Bc.", "MUDr.", "PhDr.", "doc. Ing.", "JUDr.")


@dataclass(frozen=True)
class CzechPerson:
    pid: int
    first: str
    surname: str  # nominative, in the person's gender
    feminine: bool

    @property
    def name(self) -> str:
        return f"{self.first} {self.surname}"


def feminine_of(surname: str) -> str:
    """Novák → Nováková, Novotný → Novotná, Procházka → Procházková, Hájek → Hájková, Němec → Němcová."""
    s = surname
    if s.endswith("ý"):
        return s[:-1] + "á"
    if s.endswith(("í", "ů", "ě")):
        return s
    if s.endswith(("a", "o", "e")):
        return s[:-1] + "ová"
    return _fleeting_stem(s) + "ová"


def _fleeting_stem(s: str) -> str:
    """The stem a declined form is built on: Hájek → Hájk, Němec → Němc, Vaněk → Vaňk, Havel → Havl."""
    if s.endswith("ek") and s[-3] not in CZECH_VOWELS:
        return s[:-2] + "k"
    if s.endswith("ěk"):
        before = s[-3]
        return s[:-3] + {"n": "ň", "t": "ť", "d": "ď"}.get(before, before) + "k"
    if s.endswith("ec") and s not in KEEP_E and s[-3] not in CZECH_VOWELS:
        return s[:-2] + "c"
    if s.endswith("el") and s[-3] not in CZECH_VOWELS:
        return s[:-2] + "l"
    return s


def _zipf(n: int, shift: float) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank + shift) for rank in range(n)))


def czech_people(rng: random.Random, n: int) -> list[CzechPerson]:
    """``n`` people with distinct full names: surnames and first names by frequency."""
    frequent = load("frequent_names")
    listed = load("first_names")
    surnames = list(dict.fromkeys(frequent["surnames"]))
    first: dict[str, list[str]] = {}
    seen: set[str] = set()
    for g in ("male", "female"):  # the frequent ones first, then the rest of zapis's list; one of
        first[g] = []  # Jan/Ján, Maria/Mária: a list with both could not tell two people apart
        for given in frequent[g] + listed[g]:
            if fold(given) not in seen:
                seen.add(fold(given))
                first[g].append(given)
    surname_weights = _zipf(len(surnames), 12.0)
    first_weights = {g: _zipf(len(names), 4.0) for g, names in first.items()}
    out: dict[str, CzechPerson] = {}
    while len(out) < n:
        feminine = rng.random() < 0.5
        gender = "female" if feminine else "male"
        masculine = rng.choices(surnames, cum_weights=surname_weights)[0]
        surname = feminine_of(masculine) if feminine else masculine
        given = rng.choices(first[gender], cum_weights=first_weights[gender])[0]
        person = CzechPerson(len(out), given, surname, feminine)
        out.setdefault(person.name, person)
    return list(out.values())


def decline_surname(s: str, feminine: bool, case: str) -> str:
    """A surname in a grammatical case (nom, gen, dat, acc, ins, voc)."""
    if case == "nom":
        return s
    if feminine:
        if s.endswith("á"):
            return s[:-1] + {"gen": "é", "dat": "é", "acc": "ou", "ins": "ou", "voc": "á"}[case]
        return s
    if s.endswith("ý"):
        return s[:-1] + {"gen": "ého", "dat": "ému", "acc": "ého", "ins": "ým", "voc": "ý"}[case]
    if s.endswith("í"):
        return s + {"gen": "ho", "dat": "mu", "acc": "ho", "ins": "m", "voc": ""}[case]
    if s.endswith(("ů", "ě", "e", "o")):
        return s
    if s.endswith("a"):
        stem = s[:-1]
        if case == "gen" and stem.endswith(SOFT_ENDINGS):
            return stem + "e"
        return stem + {"gen": "y", "dat": "ovi", "acc": "u", "ins": "ou", "voc": "o"}[case]
    stem = _fleeting_stem(s)
    soft = stem.endswith(SOFT_ENDINGS)
    if case in ("gen", "acc"):
        return stem + ("e" if soft else "a")
    if case == "dat":
        return stem + "ovi"
    if case == "ins":
        return stem + "em"
    if soft:
        return stem + "i"
    if stem.endswith(("k", "h", "g", "ch")):
        return stem + "u"
    if stem.endswith("r") and stem[-2] not in CZECH_VOWELS:
        return stem[:-1] + "ře"
    return stem + "e"


_SOFTEN = {"k": "c", "g": "z", "h": "z", "r": "ř"}
_DATIVE_E = {"d": "dě", "t": "tě", "n": "ně", "b": "bě", "p": "pě", "v": "vě", "m": "mě", "f": "fě"}


def decline_first(f: str, feminine: bool, case: str) -> str:
    """A first name in a grammatical case."""
    if case == "nom":
        return f
    if feminine:
        if f.endswith("ie"):
            return f[:-1] + {"gen": "e", "dat": "i", "acc": "i", "ins": "í", "voc": "e"}[case]
        if not f.endswith("a"):
            return f  # Dagmar, Nikol: not declined in writing as often
        stem = f[:-1]
        if case == "dat":
            if stem.endswith("ch"):
                return stem[:-2] + "še"
            last = stem[-1]
            if last in _SOFTEN:
                return stem[:-1] + _SOFTEN[last] + "e"
            if last in _DATIVE_E:
                return stem[:-1] + _DATIVE_E[last]
            if last in "ňj":
                return stem + "ě" if last == "ň" else stem + "i"
            return stem + "e"
        if case == "gen" and stem.endswith(SOFT_ENDINGS):
            return stem + "e"
        return stem + {"gen": "y", "acc": "u", "ins": "ou", "voc": "o"}[case]
    if f.endswith("í"):
        return f + {"gen": "ho", "dat": "mu", "acc": "ho", "ins": "m", "voc": ""}[case]
    if f.endswith(("é", "o")):
        return f if f.endswith("é") else f[:-1] + {"gen": "a", "dat": "ovi", "acc": "a", "ins": "em", "voc": "o"}[case]
    stem = _fleeting_stem(f)
    if f.endswith("ek") or f.endswith("ěk"):
        stem = _fleeting_stem(f)
    soft = stem.endswith(SOFT_ENDINGS)
    if case in ("gen", "acc"):
        return stem + ("e" if soft else "a")
    if case == "dat":
        return stem + "ovi"
    if case == "ins":
        return stem + "em"
    return stem + ("i" if soft else "u" if stem.endswith(("k", "h", "ch")) else "e")


HONORIFICS = {  # case → (masculine, feminine) honorific, with a preposition where the case needs one
    "nom": ("pan", "paní"),
    "gen": ("od pana", "od paní"),
    "dat": ("panu", "paní"),
    "acc": ("pro pana", "pro paní"),
    "ins": ("s panem", "s paní"),
}


def _without_accent(rng: random.Random, word: str) -> str:
    spots = [i for i, c in enumerate(word) if c in "áčďéěíňóřšťúůýž"]
    if not spots:
        return word
    i = rng.choice(spots)
    return word[:i] + strip_diacritics(word[i]) + word[i + 1 :]


def _typo(rng: random.Random, word: str) -> str:
    """One letter changed, dropped or doubled, after the second letter (OCR and typing slips)."""
    if len(word) < 4:
        return word
    i = rng.randint(2, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        letter = rng.choice("aeiolnrstk")
        return word[:i] + letter + word[i + 1 :] if word[i] != letter else word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def listed_name(rng: random.Random, p: CzechPerson, short_ok: bool = True) -> tuple[str, str]:
    """(name, raw) of a person in a list of a meeting, as minutes write it.  ``short_ok``: nobody
    else of this surname is in the meeting, so an initial or the surname alone is clear."""
    r = rng.random()
    if r < 0.09 and (r < 0.04 or r >= 0.08) and not short_ok:
        r = 1.0
    if r < 0.04:
        name = f"{p.first[0]}. {p.surname}"
    elif r < 0.06:
        name = f"{p.first} {_without_accent(rng, p.surname)}"
    elif r < 0.08:
        name = f"{p.first} {_typo(rng, p.surname)}"
    elif r < 0.09:
        name = p.surname
    else:
        name = p.name
    raw = f"{rng.choice(TITLES)} {name}" if rng.random() < 0.2 else name
    return name, raw


def mention_text(rng: random.Random, p: CzechPerson, short_ok: bool = True) -> str:
    """A sentence naming a person with an honorific, declined: "Bod projednán s panem Jakubem
    Otáhalem a schválen."  The surname alone only when ``short_ok`` (no one else of this
    surname is in the meeting), as minutes write it."""
    case = rng.choice(list(HONORIFICS))
    honorific = HONORIFICS[case][p.feminine]
    words = [honorific]
    if rng.random() < 0.15:
        words.append(rng.choice(TITLES))
    if rng.random() < 0.35 or not short_ok:
        words.append(decline_first(p.first, p.feminine, case))
    words.append(decline_surname(p.surname, p.feminine, case))
    return f"Bod projednán {' '.join(words)} a schválen."


@dataclass
class RegistryArchive:
    """Person occurrences of a synthetic archive and, for each, the person it really is."""

    occurrences: list[Any]  # zapis.archive.registry.PersonOccurrence
    truth: list[int]
    people: int
    meetings: int
    seconds_to_generate: float = 0.0


def registry_archive(documents: int, seed: int = 1) -> RegistryArchive:
    """The people of ``documents`` meetings (about 10 list entries and 0–4 mentions each)."""
    import time
    from collections import Counter

    from zapis.archive.registry import PersonOccurrence, list_key
    from zapis.parse.mentions import find_mentions, meeting_mentions
    from zapis.schema import Person as SchemaPerson

    start = time.perf_counter()
    rng = random.Random(seed)
    bodies = max(1, documents // 50)
    population = czech_people(rng, max(40, int(bodies * 10)))
    members = [rng.sample(population, rng.randint(8, 16)) for _ in range(bodies)]
    occurrences: list[Any] = []
    truth: list[int] = []
    for k in range(documents):
        b = k % bodies
        meeting_id = f"m{k:06d}"
        scopes = (f"body:b{b}", f"series:s{b // 4}")
        group = members[b]
        present = [p for p in group if rng.random() < 0.8] or group[:1]
        excused = [p for p in group if p not in present and rng.random() < 0.5]
        guests = rng.sample(population, rng.randint(0, 2))
        lists = {"attendees": present, "excused": excused, "guests": [g for g in guests if g not in group]}
        surnames = Counter(p.surname for persons in lists.values() for p in persons)
        listed: list[SchemaPerson] = []
        for field_name, persons in lists.items():
            for p in persons:
                name, raw = listed_name(rng, p, surnames[p.surname] == 1)
                occurrences.append(
                    PersonOccurrence(name, raw, meeting_id, scopes, list_key(meeting_id, "0", field_name), field_name)
                )
                truth.append(p.pid)
                listed.append(SchemaPerson(name=name, raw=raw, person_id=slug(name)))
        recorder = rng.choice(present)
        occurrences.append(PersonOccurrence(recorder.name, recorder.name, meeting_id, scopes, None, "recorded_by"))
        truth.append(recorder.pid)
        # who the text names: mostly people at the meeting, some members who were not there, a
        # few outsiders; a surname alone only where it is clear (nobody else of that surname
        # at the meeting or in the body), and an outsider mostly by the full name
        mentioned: list[CzechPerson] = []
        for _ in range(rng.randint(0, 4)):
            r = rng.random()
            if r < 0.6:
                mentioned.append(rng.choice(present))
            elif r < 0.8:
                mentioned.append(rng.choice(group))
            elif r < 0.9:
                mentioned.append(rng.choice(lists["guests"] or present))
            else:
                mentioned.append(rng.choice(population))
        known = Counter(p.surname for p in {*group, *(p for persons in lists.values() for p in persons)})
        inside = {p.pid for p in group} | {p.pid for persons in lists.values() for p in persons}
        sentences = []
        for p in dict.fromkeys(mentioned):
            clear = known[p.surname] <= (1 if p.pid in inside else 0)
            outsider = p.pid not in inside
            sentences.append((p, mention_text(rng, p, clear and not (outsider and rng.random() < 0.7))))
        for p, sentence in sentences:
            for person in meeting_mentions(find_mentions(sentence), listed):
                key = list_key(meeting_id, "0", "mentions")
                occurrences.append(PersonOccurrence(person.name, person.raw, meeting_id, scopes, key, "mentions"))
                truth.append(p.pid)
    return RegistryArchive(occurrences, truth, len(population), documents, time.perf_counter() - start)


def pairwise_scores(predicted: list[str], truth: list[int]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering of occurrences against the truth: of all
    pairs put in one record, the share that are one person; of all pairs of one person, the
    share put in one record."""
    from collections import Counter

    def pairs(counts: Any) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    both = pairs(Counter(zip(predicted, truth, strict=True)))
    said = pairs(Counter(predicted))
    real = pairs(Counter(truth))
    return (both / said if said else 1.0), (both / real if real else 1.0)
