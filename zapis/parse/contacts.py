"""Contacts ("Ottmarová Dana 608625690 d.ottmarova@fokusliberec.cz") and links."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zapis.lang import clean_name, phrases
from zapis.schema import Contact

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\d/])(?:\+420\s?)?(?:\d{3}\s?\d{3}\s?\d{3})(?![\d/])")
_DIGITS = re.compile(r"\d{3}")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\"'„“”,;]+[^\s<>()\"'„“”,;.:!?]")


@dataclass(frozen=True)
class ContactEntry:
    name: str | None
    phone: str | None
    email: str | None
    raw: str
    line: int

    def contact(self) -> Contact:
        return Contact(name=self.name, phone=self.phone, email=self.email, raw=self.raw)


def find_contacts(lines: list[str]) -> list[ContactEntry]:
    """A line with a phone number or an e-mail address, and the name written before them."""
    out = []
    for i, line in enumerate(lines):
        if "@" not in line and not _DIGITS.search(line):
            continue
        emails = _EMAIL.findall(line)
        phones = [p for p in _PHONE.findall(line) if len(re.sub(r"\D", "", p)) in (9, 12)]
        if not emails and not phones:
            continue
        first = min(
            [line.find(e) for e in emails] + [line.find(p) for p in phones],
        )
        before = re.sub(r"^\s*[-–•*]\s*", "", line[:first]).strip(" :,;–-")
        # "Bělocká Michaela:", "Kontakt: Jana Nováková", "tel."
        label = phrases("minutes", "contacts", "labels").endswith(before.rstrip(" :"))
        before = before[: label.start] if label else before
        before = before.split(":")[-1].strip(" ,;–-")
        name = clean_name(before) if before and len(before.split()) <= 5 else None
        phone = re.sub(r"\s", "", phones[0]) if phones else None
        out.append(ContactEntry(name.name if name else None, phone, emails[0] if emails else None, line.strip(), i))
    return out


def find_links(text: str) -> list[str]:
    """URLs in the text, each once, without the "mailto"-like parts of e-mail addresses."""
    out: list[str] = []
    for m in _URL.finditer(text):
        url = m.group(0)
        if url not in out:
            out.append(url)
    return out
