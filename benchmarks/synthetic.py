"""Synthetic archives for the scale benchmarks: meeting dicts for deduplication, name occurrences
for the person registry, and minutes text files for ``zapis ingest``.

Everything is generated from a seeded ``random.Random``, so a run is reproducible.  The text is
"Czech-ish": real Czech function words and minutes vocabulary mixed with pseudo-words built
from Czech syllables, so that different meetings share vocabulary (as real minutes do) but not
their sentences.  Meetings of one working group share their boilerplate (series banner, body,
place, usual attendees, a standard closing paragraph), which is the case deduplication must
not mistake for copies.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import textwrap
from dataclasses import dataclass
from typing import Any

from zapis.normalize.czech import slug
from zapis.vocab import load

COMMON_WORDS = (
    "a v na se že je o s z do k to pro by jako ale nebo také bylo byla bude jsou při po od jejich které "
    "který která kde tak již jen ještě velmi více než však proto aby pouze mezi podle během zatím"
).split()
MINUTES_WORDS = (
    "jednání setkání skupina pracovní sociální služby služeb komunitní plán plánování členové člen "
    "informace informoval informovala představila představil diskuse diskuze návrh návrhy usnesení "
    "hlasování schválen schválila projekt projektu financování dotace rozpočet kraj krajský město "
    "města magistrát radnice organizace organizací klienti klientů uživatelé pečující senioři děti "
    "rodiny domov domova azylový nocleháma terénní ambulantní pobytové kapacita kapacity potřeby "
    "spolupráce koordinace zástupce zástupci odbor odboru vedoucí ředitelka ředitel metodik úkol "
    "termín příští zápis program bod body různé dotazník šetření výstup výstupy analýza strategie "
    "priorita priority opatření akční místnost zasedací konference kulatý stůl webové stránky"
).split()
ONSETS = "b br č d dr h ch j k kl kr l m n p pl pr r ř s st š t tr v z ž".split()
VOWELS = "a á e é ě i í o u ú ů y".split()
CODAS = ["", "", "", "n", "l", "r", "s", "k", "t", "m", "ch", "j"]
SURNAME_SUFFIXES_M = ["ák", "ek", "ka", "ný", "ský", "íček", "an", "ec", "al", "oš"]
MONTHS = ("ledna února března dubna května června července srpna září října listopadu prosince").split()
PLACES = ("radnice Liberec", "zasedací místnost č. 209", "Krajský úřad", "Komunitní centrum", "online (Teams)")


def pseudo_word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables))


class Vocabulary:
    """Words drawn with a Zipf-like skew: frequent minutes words, a long tail of rare ones."""

    def __init__(self, rng: random.Random, size: int = 20_000) -> None:
        tail = sorted({pseudo_word(rng, rng.randint(1, 3)) for _ in range(size)})
        rng.shuffle(tail)
        self.words = COMMON_WORDS * 6 + MINUTES_WORDS * 2 + tail
        self.cum_weights = list(itertools.accumulate(1.0 / (rank + 10) for rank in range(len(self.words))))

    def sentence(self, rng: random.Random, words: int) -> str:
        chosen = rng.choices(self.words, cum_weights=self.cum_weights, k=words)
        text = " ".join(chosen)
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
    stem = pseudo_word(rng, rng.randint(1, 2)).capitalize()
    suffix = rng.choice(SURNAME_SUFFIXES_M)
    masc = stem + suffix
    if not feminine:
        return masc
    if masc.endswith("ý"):
        return masc[:-1] + "á"
    if masc.endswith("ka"):
        return masc[:-1] + "ová"
    if masc.endswith("ek"):
        return masc[:-2] + "ková"
    return masc + "ová"


def people(rng: random.Random, n: int) -> list[Person]:
    """``n`` distinct people (distinct full names)."""
    names = load("first_names")
    female, male = names["female"], names["male"]
    out: dict[str, Person] = {}
    while len(out) < n:
        feminine = rng.random() < 0.6
        p = Person(rng.choice(female if feminine else male), surname(rng, feminine), feminine)
        out.setdefault(p.name, p)
    return list(out.values())


def declined(p: Person) -> str:
    """A declined surname as mentions write it: "paní Horákové", "pana Šandora", "s panem Jirotkou"."""
    s = p.surname
    if p.feminine:
        return s[:-1] + "é" if s.endswith("á") else s
    if s.endswith("ka"):
        return s[:-1] + "y"  # genitive of -a
    if s.endswith("ý"):
        return s[:-1] + "ého"
    return s + "a"  # genitive of a consonant stem


def typo(rng: random.Random, word: str) -> str:
    """One letter changed inside the word (never the first two, never the ending)."""
    if len(word) < 7:
        return word
    i = rng.randint(2, len(word) - 3)
    letter = rng.choice("aeioulnrst")
    return word[:i] + letter + word[i + 1 :] if word[i] != letter else word[:i] + word[i + 1 :]


def person_occurrences(rng: random.Random, persons: list[Person], n: int) -> list[tuple[str, str, str]]:
    """``n`` (name, raw, meeting_id) occurrences: mostly full names, some declined, typo or initial forms."""
    out = []
    for k in range(n):
        p = persons[int(rng.paretovariate(1.2)) % len(persons)] if rng.random() < 0.5 else rng.choice(persons)
        r = rng.random()
        if r < 0.75:
            name = p.name
        elif r < 0.85:
            name = f"{p.first} {typo(rng, p.surname)}"
        elif r < 0.93:
            name = f"{p.first[0]}. {p.surname}"
        else:
            name = declined(p)
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
        topic = " ".join(vocab.words[len(COMMON_WORDS) * 6 + len(MINUTES_WORDS) * 2 + 3 * i + j] for j in range(3))
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
    body_parts = [
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
    return "\n\n".join(textwrap.fill(p, 90) if "\n" not in p else p for p in body_parts)


def reflowed(rng: random.Random, text: str) -> str:
    """The same minutes with other line breaks, hyphenation and spacing (another export)."""
    width = rng.choice([60, 72, 110])
    paragraphs = [textwrap.fill(" ".join(p.split()), width) for p in text.split("\n\n")]
    out = "\n \n".join(paragraphs).replace(" a ", " a  ")
    return out.replace("ní ", "-\nní ", 3)


OCR_CONFUSIONS = {"e": "c", "c": "e", "l": "1", "i": "l", "o": "0", "n": "m", "m": "rn", "á": "a", "í": "i",
                  "ě": "e", "š": "s", "u": "v", "h": "b"}  # fmt: skip


def ocr_noisy(rng: random.Random, text: str, rate: float = 0.01) -> str:
    """The minutes as a mediocre OCR reads them: ~``rate`` of letters confused, some lines split."""
    chars = list(text)
    for i, c in enumerate(chars):
        if c in OCR_CONFUSIONS and rng.random() < rate * 2.5:
            chars[i] = OCR_CONFUSIONS[c]
    return "".join(chars).replace(". ", ".\n", 5)


def meeting_dict(meeting_id: str, date: dt.date | None, text: str, truth: int) -> dict[str, Any]:
    """A meeting dict with the keys deduplication reads; ``truth`` names the real meeting."""
    return {"meeting_id": meeting_id, "date": date.isoformat() if date else None, "text": text, "truth": truth}


def meeting_dicts(n: int, seed: int = 1, copy_share: float = 0.15) -> list[dict[str, Any]]:
    """``n`` meeting dicts: distinct meetings of groups of ~50 meetings each, and about
    ``copy_share`` of them copies (reflowed, OCR-noisy with a misread date, or undated) of
    another meeting, each copy under a meeting_id of its own.  ``truth`` is the real meeting."""
    rng = random.Random(seed)
    vocab = Vocabulary(rng)
    pool = people(rng, 400)
    gs = groups(rng, vocab, max(1, n // 50), pool)
    out: list[dict[str, Any]] = []
    meeting = 0
    while len(out) < n:
        g = gs[meeting % len(gs)]
        date = g.first_date + dt.timedelta(days=28 * (meeting // len(gs)))
        text = meeting_text(rng, vocab, g, date)
        mid = f"{date.isoformat()}_{slug(g.body, max_words=8)}"
        out.append(meeting_dict(mid, date, text, meeting))
        if rng.random() < copy_share and len(out) < n:
            kind = rng.randrange(3)
            if kind == 0:
                out.append(meeting_dict(mid + "-copy", date, reflowed(rng, text), meeting))
            elif kind == 1:
                wrong = date + dt.timedelta(days=1)  # the OCR misread the day
                out.append(meeting_dict(f"{wrong.isoformat()}_ocr-{meeting}", wrong, ocr_noisy(rng, text), meeting))
            else:
                out.append(meeting_dict(f"undated_{meeting:08x}", None, reflowed(rng, text), meeting))
        meeting += 1
    rng.shuffle(out)
    return out


def minutes_file_text(rng: random.Random, vocab: Vocabulary, g: Group, date: dt.date) -> str:
    """A minutes file for ``zapis ingest``: what :func:`meeting_text` writes, as a .txt file."""
    return meeting_text(rng, vocab, g, date) + "\n"


def minutes_files(n: int, seed: int = 2) -> list[str]:
    """``n`` different minutes texts (for .txt files), a few percent of them reflowed copies."""
    rng = random.Random(seed)
    vocab = Vocabulary(rng, size=5_000)
    pool = people(rng, 300)
    gs = groups(rng, vocab, max(1, n // 40), pool)
    out = []
    for k in range(n):
        g = gs[k % len(gs)]
        date = g.first_date + dt.timedelta(days=28 * (k // len(gs)))
        text = minutes_file_text(rng, vocab, g, date)
        out.append(reflowed(rng, out[-1]) if out and rng.random() < 0.03 else text)
    return out
