"""Character-level cleanup of extracted text: Unicode forms, spacing accents, ligatures,
soft hyphens, odd spaces, fake-bold doubling, letter-spaced words and bullet glyphs.

Every function is pure (str → str) so each can be tested on its own; :func:`clean_chars`
runs them in the order they depend on each other.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from zapis.lang import words

# Spacing forms of accents that some PDFs emit beside the letter ("pˇríliš") → combining forms.
_SPACING_TO_COMBINING = {
    "\u02c7": "\u030c",  # ˇ caron
    "\u00b4": "\u0301",  # ´ acute
    "\u02ca": "\u0301",  # ˊ modifier acute
    "\u02da": "\u030a",  # ˚ ring (ů)
    "\u00a8": "\u0308",  # ¨ diaeresis
    "\u02dd": "\u030b",  # ˝ double acute
}
_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
# Every other character Python counts as a space (so layout cleanup would later turn it into one).
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\x0b\x1c-\x1f\x85]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Bullet glyphs of Word and of Wingdings/Symbol fonts mapped into the private-use area.
BULLET_CHARS = "•◦▪▫■□●○►▸▶➢➤✓✔❖◆◇∙·⁃‣⦁\uf0a7\uf0b7\uf0d8\uf076\uf0fc\uf0a8\uf0e8\uf09f\uf06e\uf071"
_BULLET_LINE = re.compile(rf"^(\s*)(?:[{re.escape(BULLET_CHARS)}]|[\ue000-\uf8ff])\s*")
_BULLET_CHAR = re.compile(rf"[{re.escape(BULLET_CHARS)}]|[\ue000-\uf8ff]")
# "o" as a bullet (Word's default second-level bullet in Courier New) before a capital letter.
_O_BULLET = re.compile(r"^(\s*)o\s+(?=[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ])", re.MULTILINE)


def fix_spacing_accents(text: str) -> str:
    """Attach spacing accents to the letter they belong to: "pˇríliš" → "příliš".

    The accent usually precedes its letter in such PDFs; it is joined to the next letter
    when that makes a real precomposed letter, else to the previous one, else left alone.
    Only an accent touching its letter is joined: one standing between spaces could belong
    to either word, and joining it would depend on how later fixes space the text.
    """
    if not any(c in text for c in _SPACING_TO_COMBINING):
        return text

    def attach(m: re.Match[str]) -> str:
        before, accent, after = m.groups()
        combining = _SPACING_TO_COMBINING[accent]
        if after:
            joined = unicodedata.normalize("NFC", after + combining)
            if len(joined) == 1:
                return before + joined
        if before:
            joined = unicodedata.normalize("NFC", before + combining)
            if len(joined) == 1:
                return joined + after
        return m.group(0)

    accents = "".join(_SPACING_TO_COMBINING)
    pattern = re.compile(rf"([^\W\d_]?)([{accents}])([^\W\d_]?)")
    while True:  # two accents in a row: the second one is seen once the first is attached
        fixed = pattern.sub(attach, text)
        if fixed == text:
            return fixed
        text = fixed


def fix_ligatures(text: str) -> str:
    for lig, plain in _LIGATURES.items():
        text = text.replace(lig, plain)
    # Czech typography uses the en dash; OCR and some fonts give an em dash or a minus sign.
    return text.replace("\u2014", "\u2013").replace("\u2212", "-")


def fix_soft_hyphens(text: str) -> str:
    """U+00AD inside or at the end of a word marks a break point: drop it (and the line break).

    Between spaces it stands for a dash (some web exports use it so): make it a real one.
    """
    if "\u00ad" not in text:
        return text  # most texts: four passes over the text saved
    text = re.sub(r"(\w)\u00ad[ \t]*\n[ \t]*(\w)", r"\1\2", text)
    text = re.sub(r"(\w)\u00ad(\w)", r"\1\2", text)
    text = re.sub(r"(^|\s)\u00ad(\s|$)", r"\1–\2", text, flags=re.MULTILINE)
    return text.replace("\u00ad", "")


def fix_spaces(text: str) -> str:
    """NBSP, thin and other spaces → plain space; zero-width characters removed."""
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return text.replace("\u2028", "\n").replace("\u2029", "\n")


def _is_doubled(token: str) -> bool:
    # Rules and fillers ("____", "----", "xxxxxx") are not words printed twice: fake bold doubles
    # the letters of words, and only a short word ("zz" for "z") repeats one letter.
    return (
        len(token) >= 2
        and len(token) % 2 == 0
        and token[0] == token[1]  # the common case decided without slicing
        and token[0::2] == token[1::2]
        and any(map(str.isalnum, token))
        and (len(set(token)) >= 2 or len(token) <= 4)
    )


def _undouble(token: str) -> str:
    while _is_doubled(token):  # printed four times is printed twice, twice
        token = token[0::2]
    return token


def fix_doubled_chars(text: str) -> str:
    """Undo fake bold, where every character was printed twice: "ZZÁÁPPIISS" → "ZÁPIS".

    Only whole lines whose words are (nearly) all doubled are changed, so words with
    real double letters ("Jiří Pokorný", "1100") stay as they are.
    """
    out = []
    for line in text.split("\n"):
        tokens = line.split()  # the runs of non-space re.split(r"\s+") gives
        doubled = [t for t in tokens if _is_doubled(t)]
        if len(doubled) >= 1 and len(doubled) >= 0.8 * len(tokens) and sum(len(t) for t in doubled) >= 8:
            line = " ".join(_undouble(t) for t in tokens)
        out.append(line)
    return "\n".join(out)


_LETTER = r"[^\W\d_]"


def fix_letter_spacing(text: str) -> str:
    """Join letter-spaced words: "S L U Ž E B" → "SLUŽEB", "P r o g r a m:" → "Program:".

    A run of at least four single letters separated by single spaces (three when all are
    capitals) is one word; two or more spaces inside the run separate words.
    """

    def replace(m: re.Match[str]) -> str:
        run = m.group(0)
        if not _single_letters(run):
            return run
        # "Z á p i s č . 1": a last lowercase letter followed by a dot is an abbreviation (č. = číslo)
        if re.match(r" ?\.", m.string[m.end() : m.end() + 2]) and run[-1].islower() and len(run.split()) > 4:
            return join_run(run[:-1].rstrip()) + " " + run[-1]
        return join_run(run)

    def join_run(run: str) -> str:
        words = re.split(r" {2,}", run.strip())
        return " ".join(_spaced_phrase(_split_case_change(w.replace(" ", ""))) for w in words)

    pattern = rf"(?<![^\s(„\"'])(?:{_LETTER} {{1,3}}){{3,}}{_LETTER}(?![^\s:.,;)“\"'])"
    text = re.sub(pattern, replace, text)
    caps = r"[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]"
    return re.sub(
        rf"(?<![^\s(„\"'])(?:{caps} ){{2}}{caps}(?![^\s:.,;)“\"'])",
        lambda m: m.group(0).replace(" ", ""),
        text,
    )


@cache
def _spaced_phrases() -> dict[str, str]:
    """The phrases of ``spaced_phrases``, by their letters run together (lowercase)."""
    return {p.replace(" ", ""): p for p in words("czech", "spaced_phrases")}


def _spaced_phrase(word: str) -> str:
    """ "berenavědomí" → "bere na vědomí"; "BERENAVĚDOMÍ" → "BERE NA VĚDOMÍ"; any other word as it is."""
    phrase = _spaced_phrases().get(word.lower())
    if phrase is None:
        return word
    return phrase.upper() if word.isupper() else phrase


def _split_case_change(word: str) -> str:
    """ "ZÁPISz" → "ZÁPIS z": a capitalised spaced word followed by a lowercase one-letter word."""
    return re.sub(r"(?<=[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]{3})(?=[a-záčďéěíňóřšťúůýž]+$)", " ", word)


@cache
def _one_letter_words() -> frozenset[str]:
    listed = words("czech", "one_letter_words")
    return frozenset(listed + [w.upper() for w in listed])


def _single_letters(run: str) -> bool:
    letters = run.split()
    # Czech one-letter words (a, i, k, o, s, u, v, z) can stand in a row ("a v i k nim"); a
    # real letter-spaced word has other letters too, single spaces between most of them and
    # at least four letters.
    if all(c in _one_letter_words() for c in letters):
        return False
    return len(letters) >= 4 and run.count("  ") <= len(letters) // 2


# OCR reads bullet glyphs as look-alike signs: "© Zimní", "¢ Za", "+ Za"
_OCR_BULLET = re.compile(r"^(\s*)[©¢®+*«»]\s+(?=[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ])", re.MULTILINE)
# … and list numbers with noise: "1.. Protínání", "2. | Akční"
_OCR_NUMBER = re.compile(r"^(\s*\d{1,2})(?:\.\.|\.\s*\|)\s*", re.MULTILINE)


def fix_bullets(text: str) -> str:
    """Bullet glyphs at a line start → "- " (one list-item marker for every source)."""
    if _BULLET_CHAR.search(text):  # else no line can start with one
        text = "\n".join(_BULLET_LINE.sub(r"\1- ", line) for line in text.split("\n"))
    text = _OCR_BULLET.sub(r"\1- ", text)
    text = _OCR_NUMBER.sub(r"\1. ", text)
    return _O_BULLET.sub(r"\1- ", text)


def clean_chars(text: str) -> str:
    """All character-level fixes, NFC first and last (accents may come decomposed)."""
    text = unicodedata.normalize("NFC", text)
    text = fix_spaces(text)
    # Soft hyphens and ligatures first: either can stand between a letter and its spacing accent.
    text = fix_soft_hyphens(text)
    text = fix_ligatures(text)
    text = fix_spacing_accents(text)
    text = fix_doubled_chars(text)
    text = fix_letter_spacing(text)
    text = fix_spacing_accents(text)  # again: joined letter-spacing can bring an accent to its letter
    text = fix_bullets(text)
    return unicodedata.normalize("NFC", text)
