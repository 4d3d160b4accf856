"""Tasks and who is to do them, by when.

"Úkol: Připravit přehled smluv. Termín: 15. 12. 2023. Zodpovídá: Petr Veselý", a task title over
"kdo: krtek", "p. Houžvička zajistí …", "Plakát vyhotoví do 10. 8. Orkáč R.", and the person a
resolution gives work to ("ukládá starostovi …", "pověřuje Ing. Janu Novákovi …").  A deadline
without a year takes the meeting's (the next such day after it); people are named as the
attendance list names them where it is the same person.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

from zapis.lang import (
    Case,
    fold,
    is_honorific,
    is_role,
    is_title,
    nominative_surname,
    phrases,
)
from zapis.parse.dates import find_dates
from zapis.parse.people import parse_people_text, person
from zapis.parse.sentences import masculine_dative, people_in_phrase
from zapis.parse.statements import clause_starts, fold_line
from zapis.schema import Person


@dataclass
class Task:
    text: str
    line: int  # where its text starts
    end: int  # its last line
    responsible: str | None = None
    people: list[Person] = field(default_factory=list)
    deadline: dt.date | None = None
    deadline_raw: str | None = None


def deadline_in(text: str, date: dt.date | None, labelled: bool = False) -> tuple[dt.date | None, str | None]:
    """The deadline in a task's text: "do 31. 3." (the year from the meeting), "Termín: 15. 12. 2023."
    (``labelled``: the text is what follows "Termín:", its first date is the deadline)."""
    folded = fold_line(text)
    words = phrases("decisions", "tasks", "deadline_words").source
    for d in find_dates(text, reference=date):
        if labelled or re.search(rf"(?<!\w)(?:{words})\s*[:–-]?\s*$", folded[: d.start]):
            return (d.date if not d.year_inferred or date is not None else None), d.raw.rstrip(" .")
    return None, None


def match_attendee(name: str, attendees: list[Person]) -> Person | None:
    """The attendee a short or reordered name stands for: "Bárta V. st." → "Bárta Václav st.",
    "Michálek Jos." → "Josef Michálek"; None unless exactly one attendee fits."""
    generation = phrases("names", "generation")

    def generations(words: list[str]) -> set[str]:
        return {w.rstrip(".") for w in words if w.rstrip(".") in generation}

    written = re.findall(r"\w+\.?", fold(name))
    words = [w for w in written if w.rstrip(".") not in generations(written)]
    full = [w for w in words if not w.endswith(".") and len(w) > 2]
    short = [w.rstrip(".") for w in words if w.endswith(".") or len(w) <= 2]
    if not full:
        return None
    found = []
    for a in attendees:
        theirs = re.findall(r"\w+", fold(a.name))
        if generations(written) and generations(theirs) != generations(written):
            continue
        rest = [w for w in theirs if w not in full]
        if all(w in theirs for w in full) and all(any(w.startswith(s) for w in rest) for s in short):
            found.append(a)
    return found[0] if len(found) == 1 else None


def linked(name: str, raw: str, attendees: list[Person]) -> Person:
    """A person named in a vote or a task, with the attendance list's spelling when it is the same person."""
    match = match_attendee(name, attendees)
    return person(match.name if match else name, raw, match.organization if match else None)


def people_named(text: str, attendees: list[Person]) -> list[Person]:
    """The people of a list ("Petr Veselý", "krtek, skirit"), as the attendance names them."""
    found, _ = parse_people_text(text, 0, allow_lowercase=text == text.lower() and len(text) < 60)
    return [linked(p.name, p.raw, attendees) for p in found]


def only_names(text: str, attendees: list[Person]) -> list[Person]:
    """People in a short phrase, only where the phrase is names and nothing else: each with an
    honorific or a title, a first name and a surname, a surname and an initial, or in the attendance."""
    found = []
    for part in re.split(r"\s*[,;]\s*|\s+a\s+", text.strip(" .")):
        if _common_noun_before_name(part):
            return []  # "firma pana Kadlece": a firm does it, not the man it is named after
        got, rejected = parse_people_text(part, 0, allow_lowercase=True)
        if len(got) != 1 or rejected:
            return []
        found.append(got[0])
    out = []
    for p in found:
        match = match_attendee(p.name, attendees)
        words = [w for w in p.name.split() if not is_honorific(w)] or p.name.split()  # "P. Houžvička"
        name = " ".join(f"{w}." if re.fullmatch(r"[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]", w) else w for w in words)  # "Orkáč R."
        capitals = all(w[:1].isupper() for w in words)
        marked = p.raw.split()[0].rstrip(".") != words[0]
        if match is None and not (capitals and (len(words) >= 2 or marked)):
            return []
        out.append(person(match.name if match else name, p.raw, match.organization if match else p.organization))
    return out


def _common_noun_before_name(part: str) -> bool:
    """A lower-case word, not a title, honorific or role, before the first capital: "firma pana Kadlece"."""
    for word in part.split():
        if word[:1].isupper():
            return False
        bare = word.strip(".,")
        if bare and bare.isalpha() and not (is_honorific(bare) or is_title(bare) or is_role(bare)):
            return True
    return False


def _who(people: list[Person]) -> str | None:
    return ", ".join(p.name for p in people) or None


def responsible_in(text: str, attendees: list[Person]) -> tuple[str | None, list[Person]]:
    """ "Zodpovídá: Petr Veselý", "odp. br. Juřena", "kdo: krtek, skirit": who is responsible."""
    labels = phrases("decisions", "tasks", "responsible_labels").source
    m = re.search(rf"(?<!\w)(?:{labels})(?:\s*:\s*|\s+)(?P<who>[^;\n]+)", fold_line(text))
    if m is None:
        return None, []
    who = text[m.start("who") : m.end("who")]
    deadline = phrases("decisions", "tasks", "deadline_labels").source
    cut = re.search(rf"(?<!\w)(?:{deadline}|do\s+\d|stav)(?!\w)", fold_line(who))
    who = (who[: cut.start()] if cut else who).strip(" .,;:")
    people = people_named(who, attendees)
    return (_who(people) or who or None), people


@cache
def _gives_work_re() -> re.Pattern[str]:
    verbs = "|".join(phrases("decisions", "verbs", v, "present").source for v in ("ukládá", "pověřuje"))
    return re.compile(rf"(?<!\w)(?:{verbs})(?!\w)\s+")


def given_to(text: str, attendees: list[Person]) -> tuple[str | None, list[Person]]:
    """ "ukládá starostovi …", "ukládá Ing. Janu Novákovi …", "ukládá P ČOS …", "pověřuje starostu …":
    to whom a resolution gives work (in the dative after "ukládá", the accusative after "pověřuje")."""
    m = _gives_work_re().search(fold_line(text))
    if m is None:
        return None, []
    case: Case = "acc" if fold(m.group()).startswith("pover") else "dat"
    rest = text[m.end() :]
    named = people_in_phrase(re.split(r"[,;:]|\s(?:aby|do)\s", rest)[0], case)
    people = [
        linked(masculine_dative(name, raw), _name_part(raw), attendees)
        for name, raw in named
        if len(name) > 2 and name[:1].isupper()
    ]
    if people:
        return _who(people), people
    words = [w.strip(",.;:") for w in rest.split()[:3]]
    if not words:
        return None, []
    role = next((c for c in nominative_surname(words[0], case) if is_role(c)), None)
    if role:  # "předsedovi ŠR" → "předseda ŠR"
        return " ".join([role, *(w for w in words[1:3] if re.fullmatch(r"[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]{2,6}", w))]), []
    if re.fullmatch(r"[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]{1,6}", words[0]) and len(words) > 1:  # "P ČOS"
        return " ".join(words[:2]), []
    return None, []


def _name_part(raw: str) -> str:
    """ "místostarostce Evě Malé připravit" → "Evě Malé": the words of the name, with its titles."""
    words = raw.split()
    marks = [k for k, w in enumerate(words) if w[:1].isupper() or is_title(w.rstrip("."))]
    return " ".join(words[marks[0] : marks[-1] + 1]) if marks else raw


@cache
def _task_verb_re() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){phrases('decisions', 'tasks', 'verbs').source}(?!\w)")


def _task_in_clause(clause: str, attendees: list[Person]) -> list[Person]:
    """ "p. Houžvička zajistí …", "vyhlášení zajistí Michálek Jos. ml. a Otřísal V.": the people of a task."""
    m = _task_verb_re().search(fold_line(clause))
    if m is None:
        return []
    before = re.split(r",\s*", clause[: m.start()].strip(" -–•,"))[-1]
    if before and len(before.split()) <= 4 and not before.endswith("("):
        people = only_names(before, attendees)
        if people:
            return people
    after = re.sub(r"^\s*(?:do\s+)?\d{1,2}\.\s?\d{1,2}\.(?:\s?\d{4})?\s*", "", clause[m.end() :])
    tail = re.split(r"(?<=\.)\s+(?=[a-záčďéěíňóřšťúůýž]{3,})|\s+(?:jej|ji|je|to)\s", after)[0].strip(" .)")
    return only_names(tail, attendees) if 0 < len(tail.split()) <= 8 else []


def find_tasks(
    lines: list[str], start: int, date: dt.date | None, attendees: list[Person], skip: set[int]
) -> list[Task]:
    """Tasks: "Úkol: … Termín: … Zodpovídá: …", a title over "kdo: …", "… zajistí X", "X připraví …"."""
    out: list[Task] = []
    labels = phrases("decisions", "tasks", "labels")
    responsible = phrases("decisions", "tasks", "responsible_labels")
    for i in range(start, len(lines)):
        line = lines[i].strip()
        if not line or i in skip:
            continue
        body = re.sub(r"^[\s>•*#-]+", "", line)
        label = labels.startswith(body)
        if label and re.match(r"\s*(?:č\.\s*\S+\s*)?:", body[label.end :]):
            out.append(_labelled_task(body[label.end :].split(":", 1)[1].strip(), lines, i, date, attendees))
            continue
        who = responsible.startswith(body)
        if who and fold(who.phrase) == "kdo" and body[who.end :].lstrip().startswith(":"):
            task = _task_over(lines, i, body, date, attendees)
            if task is not None:
                out.append(task)
            continue
        starts = clause_starts(lines[i])
        for k, offset in enumerate(starts):
            clause = lines[i][offset : starts[k + 1] if k + 1 < len(starts) else len(lines[i])]
            people = _task_in_clause(clause, attendees)
            if people:
                deadline, raw = deadline_in(clause, date)
                text = clause.strip(" -–•").rstrip(" ,;")
                out.append(Task(text, i, i, _who(people), people, deadline, raw))
    return out


def _labelled_task(text: str, lines: list[str], i: int, date: dt.date | None, attendees: list[Person]) -> Task:
    """ "Úkol: Připravit přehled smluv. Termín: 15. 12. 2023. Zodpovídá: Petr Veselý" (on up to three lines)."""
    deadline_labels = phrases("decisions", "tasks", "deadline_labels").source
    responsible_labels = phrases("decisions", "tasks", "responsible_labels").source
    cut = re.search(rf"(?<!\w)(?:{deadline_labels}|{responsible_labels})\s*:", fold_line(text))
    window = lines[i]
    for j in range(i + 1, min(i + 3, len(lines))):
        if not lines[j].strip() or phrases("decisions", "tasks", "labels").startswith(lines[j].strip()):
            break
        window += "\n" + lines[j]
    who, people = responsible_in(window, attendees)
    m = re.search(rf"(?<!\w)(?:{deadline_labels})\s*:\s*(?P<v>[^\n]+)", fold_line(window))
    if m:
        value = window[m.start("v") : m.end("v")]
        deadline, raw = deadline_in(value, date, labelled=True)
        if raw is None:  # "Termín: průběžně"
            rest = re.search(rf"(?<!\w)(?:{responsible_labels})", fold_line(value))
            raw = (value[: rest.start()] if rest else value).strip(" .,;") or None
    else:
        deadline, raw = deadline_in(window, date)
    return Task(text[: cut.start()].strip(" ,;") if cut else text, i, i, who, people, deadline, raw)


def _task_over(lines: list[str], i: int, body: str, date: dt.date | None, attendees: list[Person]) -> Task | None:
    """ ">> uklid dílny" over "kdo: skirit": the task is the line above its "kdo:"."""
    for j in range(i - 1, max(-1, i - 3), -1):
        if not lines[j].strip():
            continue
        text = re.sub(r"^[\s>•*#-]+", "", lines[j].strip())
        if ":" in text[:12] or phrases("decisions", "tasks", "labels").startswith(text):
            return None
        who, people = responsible_in(body, attendees)
        labels = phrases("decisions", "tasks", "deadline_labels")
        below = [ln for ln in lines[i + 1 : i + 3] if labels.startswith(ln.strip())]
        deadline, raw = deadline_in(below[0], date, labelled=True) if below else (None, None)
        return Task(text, j, i, who, people, deadline, raw)
    return None
