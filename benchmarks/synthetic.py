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

from zapis.archive.dedup import Fingerprint
from zapis.lang import load, slug


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
    attendees = [p.name for p in group.members if rng.random() < 0.8]
    agenda = [vocab.sentence(rng, rng.randint(3, 7)).rstrip(".") for _ in range(rng.randint(2, 4))]
    parts = [
        group.series,
        f"Zápis z jednání: {group.body}",
        f"{czech_date(date)}, {rng.choice(['9:00', '10:00', '13:00', '13:30'])} hod, – {group.place}",
        "Program:\n" + "\n".join(f"{i}. {a}" for i, a in enumerate(agenda, 1)),
        "Přítomni: " + ", ".join(attendees),
        *(vocab.paragraph(rng, rng.randint(300, 700)) for _ in range(rng.randint(2, 4))),
        group.closing,
        f"Příští jednání {czech_date(date + dt.timedelta(days=56))}, {group.place}.",
        f"Zpracoval: {group.members[0].name}",
    ]
    return "\n\n".join(p if "\n" in p else wrap(p, 90) for p in parts)


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
    """What deduplication reads of a document (meeting id, date, fingerprint), its text, and
    ``truth``: the real meeting it is a copy of."""

    meeting_id: str
    date: str | None
    text: str
    truth: int

    @cached_property
    def fingerprint(self) -> Fingerprint:
        return Fingerprint.of(self.text)


def meeting_dict(meeting_id: str, date: dt.date | None, text: str, truth: int) -> SyntheticMeeting:
    return SyntheticMeeting(meeting_id, date.isoformat() if date else None, text, truth)


def copy_of(rng: random.Random, meeting: SyntheticMeeting) -> SyntheticMeeting:
    """Another file of the same minutes, under a meeting_id of its own (so that only the text
    can tell it is a copy): reflowed; OCR-noisy with a misread day; or reflowed without a date."""
    truth, text = meeting.truth, meeting.text
    assert meeting.date is not None
    date = dt.date.fromisoformat(meeting.date)
    kind = rng.randrange(3)
    if kind == 0:
        return meeting_dict(f"{meeting.meeting_id}_copy", date, reflowed(rng, text), truth)
    if kind == 1:
        wrong = date + dt.timedelta(days=1)
        return meeting_dict(f"{wrong.isoformat()}_ocr-{truth}", wrong, ocr_noisy(rng, text), truth)
    return meeting_dict(f"undated_{truth:08x}", None, reflowed(rng, text), truth)


def meeting_dicts(n: int, seed: int = 1, copy_share: float = 0.15) -> list[SyntheticMeeting]:
    """``n`` meetings in random order: meetings of groups that meet every 4 weeks (~50
    meetings a group), about ``copy_share`` of them followed by a copy (:func:`copy_of`)."""
    rng = random.Random(seed)
    vocab = Vocabulary(rng)
    gs = groups(rng, vocab, max(1, n // 50), people(rng, 400))
    out: list[SyntheticMeeting] = []
    k = 0
    while len(out) < n:
        g = gs[k % len(gs)]
        date = g.first_date + dt.timedelta(days=28 * (k // len(gs)))
        original = meeting_dict(f"{date.isoformat()}_{slug(g.body, max_words=8)}", date,
                                meeting_text(rng, vocab, g, date), k)  # fmt: skip
        out.append(original)
        if rng.random() < copy_share and len(out) < n:
            out.append(copy_of(rng, original))
        k += 1
    rng.shuffle(out)
    return out


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
