"""Registries of the archive: one record per person and per organization, every merge explained.

People are compared only within blocks that share the start of a surname form, and full
names only when their first names agree, so the work grows with the archive, not with its
square.  See :mod:`zapis.lang.matching` for the matching tiers.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from zapis.archive.unionfind import UnionFind
from zapis.errors import InputError
from zapis.lang import blocking_keys, explain_tier, fold, match_tier, name_key, organization_list, slug
from zapis.schema import Meeting, OrganizationRecord, PersonRecord, people_of


@dataclass
class _Name:
    name: str
    count: int = 0
    raws: set[str] = field(default_factory=set)
    meetings: set[str] = field(default_factory=set)


@dataclass
class PeopleRegistry:
    records: list[PersonRecord]
    by_name: dict[str, PersonRecord]  # written name → its record
    comparisons: int = 0

    def lookup(self, name: str) -> PersonRecord | None:
        return self.by_name.get(name)


def _canonical(names: list[_Name]) -> str:
    """The form most occurrences use; a full name over a surname; -a over -o (Jirotka, not Jirotko)."""

    def score(n: _Name) -> tuple[int, int, int, str]:
        key = name_key(n.name)
        return (int(key.full), n.count, int(not key.surname.endswith("o")), n.name)

    return max(names, key=score).name


def _pairs_to_compare(members: list[str]) -> Iterator[tuple[str, str]]:
    """The pairs of a block (names in sorted order) that :func:`match_tier` can accept, each as
    (earlier, later) in that order.

    Two full names are one person only when their first names agree: equal, or one the initial
    of the other ("M." and "Markéta").  So full names are paired only within one first name and
    with its initial, and a surname alone with every name of the block.  Every other pair of
    the block would be rejected by ``match_tier`` anyway: skipping it changes no result, and
    a block of a common surname no longer costs the square of its size.
    """
    short: list[str] = []
    by_first: dict[str, list[str]] = defaultdict(list)
    for name in members:
        key = name_key(name)
        if key.full:
            by_first[key.first.rstrip(".")].append(name)
        else:
            short.append(name)
    for group in by_first.values():
        yield from itertools.combinations(group, 2)
    for initial, group in by_first.items():
        if len(initial) != 1:
            continue
        for first, others in by_first.items():
            if first != initial and first.startswith(initial):
                yield from ((min(a, b), max(a, b)) for a in group for b in others)
    for a in short:
        yield from ((min(a, b), max(a, b)) for b in members if b != a and (b > a or name_key(b).full))


def build_people(occurrences: list[tuple[str, str, str]]) -> PeopleRegistry:
    """People of the archive from (name, raw, meeting_id) occurrences."""
    names: dict[str, _Name] = {}
    for name, raw, meeting_id in occurrences:
        n = names.setdefault(name, _Name(name))
        n.count += 1
        n.raws.add(raw)
        n.meetings.add(meeting_id)
    uf: UnionFind[str] = UnionFind()
    reasons: dict[str, list[str]] = defaultdict(list)
    blocks: dict[str, list[str]] = defaultdict(list)
    for name in sorted(names):
        uf.find(name)
        for key in blocking_keys(name):
            blocks[key].append(name)
    comparisons = 0
    surname_links: dict[str, set[str]] = defaultdict(set)
    seen_pairs: set[tuple[str, str]] = set()
    for block in blocks.values():
        for a, b in _pairs_to_compare(block):
            if (a, b) in seen_pairs:
                continue
            seen_pairs.add((a, b))
            comparisons += 1
            tier = match_tier(a, b)
            if tier is None:
                continue
            if tier == "surname":
                short, full = (a, b) if not name_key(a).full else (b, a)
                surname_links[short].add(full)
                continue
            uf.union(a, b)
            reasons[a].append(explain_tier(tier, a, b))
            reasons[b].append(explain_tier(tier, a, b))
    # A surname alone joins a full name only when exactly one person in the archive fits it.
    for short, fulls in sorted(surname_links.items()):
        persons = {uf.find(f) for f in fulls}
        if len(persons) == 1:
            target = next(iter(sorted(fulls)))
            uf.union(short, target)
            reasons[short].append(explain_tier("surname", short, target))
        else:
            reasons[short].append(
                f"{short}: not joined, {len(persons)} people in the archive have this surname "
                f"({', '.join(sorted(fulls)[:5])})"
            )
    clusters: dict[str, list[_Name]] = defaultdict(list)
    for name, n in names.items():
        clusters[uf.find(name)].append(n)
    records: list[PersonRecord] = []
    used_ids: Counter[str] = Counter()
    by_name: dict[str, PersonRecord] = {}
    for members in sorted(clusters.values(), key=lambda ms: _canonical(ms)):
        canonical = _canonical(members)
        base = slug(canonical) or "unnamed"
        used_ids[base] += 1
        person_id = base if used_ids[base] == 1 else f"{base}-{used_ids[base]}"
        record = PersonRecord(
            person_id=person_id,
            name=canonical,
            variants=sorted({m.name for m in members} | {r for m in members for r in m.raws}),
            meetings=sorted({mid for m in members for mid in m.meetings}),
            explain=sorted({r for m in members for r in reasons.get(m.name, [])}),
        )
        records.append(record)
        for m in members:
            by_name[m.name] = record
    records.sort(key=lambda r: r.person_id)
    return PeopleRegistry(records, by_name, comparisons)


def apply_registry(meeting: Meeting, registry: PeopleRegistry) -> None:
    """Give every person of the meeting its archive id (and the archive's agreed spelling)."""
    for person in people_of(meeting):
        record = registry.lookup(person.name)
        if record is None:
            continue
        person.person_id = record.person_id
        # the spelling the archive agrees on, but never a first name the text did not give
        if len(record.name.split()) == len(person.name.split()):
            person.name = record.name


def build_organizations(occurrences: list[tuple[str, str, str]]) -> list[OrganizationRecord]:
    """organizations.json from (name, raw, meeting_id) occurrences; names are already canonical
    where the organization list knows them, so one record per folded name."""
    listed = organization_list()
    names: dict[str, str] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    meetings: dict[str, set[str]] = defaultdict(set)
    for name, raw, meeting_id in occurrences:
        key = fold(name)
        names.setdefault(key, name)
        aliases[key].add(raw)
        meetings[key].add(meeting_id)
    records = [
        OrganizationRecord(
            org_id=slug(name),
            name=name,
            aliases=sorted(aliases[key]),
            abbreviations=listed.abbreviations.get(name, []),
            known=name in listed.names,
            meetings=sorted(meetings[key]),
        )
        for key, name in names.items()
    ]
    return sorted(records, key=lambda r: r.org_id)


def apply_organizations(meeting: Meeting, records: list[OrganizationRecord]) -> None:
    ids = {fold(r.name): r.org_id for r in records}
    for org in meeting.organizations:
        org.org_id = ids.get(fold(org.name))


PEOPLE_FILE = "people.json"


def load_people(outdir: Path) -> list[PersonRecord]:
    """The person registry of an ingested archive, checked against its model: a damaged or
    foreign ``people.json`` is an InputError that says what to do."""
    path = Path(outdir) / PEOPLE_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no {PEOPLE_FILE} in {outdir}: run zapis ingest DIR -o {outdir} first") from None
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from e
    try:
        return TypeAdapter(list[PersonRecord]).validate_json(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        problem = first["msg"] + (f" at {where}" if where else "")
        raise InputError(f"{path} is damaged ({problem}): run zapis ingest DIR -o {outdir} again") from e
