"""Registries of the archive: one record per person and per organization, every merge and every
refusal explained.

People are nodes: a full name ("Jana Nováková") is one node across the archive; a short name
(a surname alone, or with an initial: "p. Nováková", "J. Nováková") is one node per meeting,
because the same short name in two meetings may be two people.  Then, in this order:

1. Full names are joined by the tiers of :mod:`zapis.lang.matching` (exact, declension, typo),
   compared only within blocks that share the start of a surname form and only when their
   first names agree, so the work grows with the archive, not with its square.  A typo joins
   only a rare misspelling to the name it stands for: never two surnames of their own
   (Horáková, Horáčková), never two spellings both in common use.
2. Two names in the same list of one copy of a meeting (the attendance list with its sections,
   the mentions, the verifiers) are two people: no join may put them into one record.
3. A short name joins the one person it fits, looking first within its meeting, then among the
   members of its body (attendees, excused, recorders: not guests), then of its series, and
   across the archive; several fitting people at the nearest scope where any fits is a refusal.
   A typo budget is allowed for a short name only within its own meeting.
4. Short names that join nobody are one person per surname (and initial) within one body.
"""

from __future__ import annotations

import itertools
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from zapis.archive.unionfind import UnionFind
from zapis.errors import InputError
from zapis.lang import (
    NameKey,
    blocking_keys,
    evidence,
    explain_reading,
    explain_tier,
    fit,
    fold,
    known_surname,
    match_tier,
    name_key,
    organization_list,
    slug,
    surname_lemmas,
    typo_close,
)
from zapis.schema import (
    PEOPLE_FIELDS,
    PERSON_FIELDS,
    Meeting,
    NameLink,
    OrganizationRecord,
    PersonRecord,
    people_of,
)


@dataclass(frozen=True, slots=True)  # slots: the registry is built from every name of the archive at once
class PersonOccurrence:
    """One person written in one copy of a meeting."""

    name: str
    raw: str
    meeting_id: str
    scopes: tuple[str, ...] = ()  # the meeting's body and series ("body:…", "series:…")
    list_key: str | None = None  # one list of one copy: two names in it are two people
    field: str = "attendees"  # the meeting field it was written in


# The fields that make a person one of a body's own (a guest or a mention does not).
MEMBER_FIELDS = frozenset({"attendees", "excused", "absent", "verified_by", "recorded_by", "recorders", "chaired_by"})
# Lists that are sections of one attendance list: nobody is both present and excused, so two names
# in any of them are two people.
ATTENDANCE = frozenset({"attendees", "excused", "absent", "guests"})


def list_key(meeting_id: str, source: str, field_name: str) -> str:
    """The list a name was written in, for the rule that two names of one list are two people."""
    return f"{meeting_id}|{source}|{'attendance' if field_name in ATTENDANCE else field_name}"


def _scopes(meeting: Meeting) -> tuple[str, ...]:
    out = []
    if meeting.body:
        out.append(f"body:{slug(meeting.body, max_words=8)}")
    if meeting.series:
        out.append(f"series:{slug(meeting.series, max_words=8)}")
    return tuple(out)


@dataclass(frozen=True, slots=True)
class CopyNames:
    """What one copy of a meeting gives the registries, kept from when its file was read so the
    registries are built without reading the meetings back: its people and organizations."""

    source: str | None  # the start of the copy's SHA-256 (None: no source)
    scopes: tuple[str, ...]
    people: tuple[tuple[str, str, str], ...]  # (field, name, raw) in the order of the fields
    organizations: tuple[tuple[str, str], ...]  # (name, raw)

    @classmethod
    def of(cls, meeting: Meeting) -> CopyNames:
        people = [(name, *_names(p.name, p.raw)) for name in PEOPLE_FIELDS for p in getattr(meeting, name)]
        for name in PERSON_FIELDS:
            person = getattr(meeting, name)
            if person is not None:
                people.append((name, *_names(person.name, person.raw)))
        return cls(
            source=meeting.sources[0].sha256[:12] if meeting.sources else None,
            scopes=_scopes(meeting),
            people=tuple(people),
            organizations=tuple(_names(o.name, o.raw) for o in meeting.organizations),
        )

    def interned(self) -> CopyNames:
        """The same names as one string each in this process (made in a worker, they came as copies)."""
        return CopyNames(
            self.source,
            tuple(sys.intern(scope) for scope in self.scopes),
            tuple((field, *_names(name, raw)) for field, name, raw in self.people),
            tuple(_names(name, raw) for name, raw in self.organizations),
        )


def _names(name: str, raw: str) -> tuple[str, str]:
    """A name and its raw form as one string each however many records hold them: kept for every
    copy of an archive until the registries are built, and the same people are in most meetings."""
    name = sys.intern(name)
    return name, name if raw == name else sys.intern(raw)


def occurrences_of(copies: list[Meeting], meeting_id: str) -> list[PersonOccurrence]:
    """Every person of every copy of one meeting, with the lists they were written in."""
    return occurrences_in([CopyNames.of(copy) for copy in copies], meeting_id)


def occurrences_in(copies: list[CopyNames], meeting_id: str) -> list[PersonOccurrence]:
    """:func:`occurrences_of` from the names kept of each copy."""
    out: list[PersonOccurrence] = []
    scopes = tuple(sorted({s for copy in copies for s in copy.scopes}))
    for k, copy in enumerate(copies):
        source = copy.source if copy.source is not None else str(k)
        keys: dict[str, str] = {}  # one string for all the names of one list (the registry holds every name at once)
        for name, person, raw in copy.people:
            key = None
            if name in PEOPLE_FIELDS:
                key = keys.get(name) or keys.setdefault(name, list_key(meeting_id, source, name))
            out.append(PersonOccurrence(person, raw, meeting_id, scopes, key, name))
    return out


@dataclass
class _Node:
    name: str
    key: NameKey
    meeting: str | None  # short names: the meeting they belong to
    count: int = 0
    raws: set[str] = field(default_factory=set)
    meetings: set[str] = field(default_factory=set)
    scopes: set[str] = field(default_factory=set)  # of the meetings it was written in
    member_of: set[str] = field(default_factory=set)  # scopes where it is one of the body's own
    lists: set[str] = field(default_factory=set)


@dataclass
class PeopleRegistry:
    records: list[PersonRecord]
    by_name: dict[str, PersonRecord]  # full name → its record
    by_short: dict[tuple[str, str], PersonRecord]  # (short name, meeting id) → its record
    comparisons: int = 0

    def lookup(self, name: str, meeting_id: str | None = None) -> PersonRecord | None:
        """The record of ``name`` as written in ``meeting_id`` (short names depend on the meeting)."""
        found = self.by_name.get(name)
        if found is not None:
            return found
        if meeting_id is not None:
            return self.by_short.get((name, meeting_id))
        records = {r.person_id: r for (n, _), r in self.by_short.items() if n == name}
        return next(iter(records.values())) if len(records) == 1 else None


class _Clusters:
    """Union-find over nodes that keeps, per group, the lists its names were written in, so that
    two names of one list never end up in one group."""

    def __init__(self, nodes: list[_Node]) -> None:
        self.uf: UnionFind[int] = UnionFind()
        self.lists: dict[int, set[str]] = {i: n.lists for i, n in enumerate(nodes)}  # merged in place

    def find(self, i: int) -> int:
        return self.uf.find(i)

    def shared_list(self, a: int, b: int) -> str | None:
        """A list that names of both groups were written in (the first in order), or None."""
        la, lb = self.lists[self.find(a)], self.lists[self.find(b)]
        if la.isdisjoint(lb):
            return None
        return min(la & lb)

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        la, lb = self.lists.pop(ra), self.lists.pop(rb)
        if len(la) < len(lb):
            la, lb = lb, la
        la |= lb
        self.uf.union(ra, rb)
        self.lists[self.find(ra)] = la


def _link(a: str, b: str, tier: Any, scope: Any, joined: bool, reason: str, meeting: str | None) -> NameLink:
    return NameLink(name=a, other=b, tier=tier, scope=scope, joined=joined, meeting_id=meeting, reason=reason)


def _pairs_to_compare(members: list[int], nodes: list[_Node]) -> Iterator[tuple[int, int]]:
    """The pairs of full names of a block that :func:`match_tier` can accept: those whose first
    names agree (equal, or one a declined form of the other).  Every other pair would be
    rejected anyway, so a block of a common surname does not cost the square of its size."""
    by_first: dict[str, list[int]] = defaultdict(list)
    for i in members:
        for form in nodes[i].key.first_forms or {nodes[i].key.first}:
            by_first[form].append(i)
    for group in by_first.values():
        yield from itertools.combinations(sorted(group), 2)


_TIER_ORDER = {"exact": 0, "declension": 1, "typo": 2}


def build_people(occurrences: Iterable[PersonOccurrence]) -> PeopleRegistry:
    """People of the archive from every occurrence of a name."""
    nodes: list[_Node] = []
    index: dict[tuple[str, str | None], int] = {}
    for occ in occurrences:
        key = name_key(occ.name)
        if not key.surname:
            continue
        node_key = (occ.name, None if key.full else occ.meeting_id)
        i = index.get(node_key)
        if i is None:
            i = index[node_key] = len(nodes)
            nodes.append(_Node(occ.name, key, node_key[1]))
        node = nodes[i]
        node.count += 1
        node.raws.add(occ.raw)
        node.meetings.add(occ.meeting_id)
        node.scopes.update(occ.scopes)
        if occ.field in MEMBER_FIELDS:
            node.member_of.update(occ.scopes)
        if occ.list_key:
            node.lists.add(occ.list_key)
    for node in nodes:
        if not node.key.full:
            node.key = _with_written_forms(node.key, node.raws)
    clusters = _Clusters(nodes)
    links: dict[int, list[NameLink]] = defaultdict(list)
    full = [i for i, n in enumerate(nodes) if n.key.full]
    comparisons = _join_full_names(nodes, full, clusters, links)
    _join_short_names(nodes, full, clusters, links)
    return _records(nodes, clusters, links, comparisons)


def _with_written_forms(key: NameKey, raws: set[str]) -> NameKey:
    """A short name's key with the nominatives its declined spellings allow ("panu Procházkovi"
    read as Procházek may be Procházka): a person of the archive with any of them fits."""
    extra: set[str] = set()
    for raw in raws:
        words = raw.split()
        if words and fold(words[-1]) != key.surname:
            extra |= {fold(m.name) for m in surname_lemmas(words[-1].strip(",;."), key.gender)}
    return replace(key, forms=key.forms | extra) if extra - key.forms else key


def _join_full_names(nodes: list[_Node], full: list[int], clusters: _Clusters, links: dict[int, list[NameLink]]) -> int:
    blocks: dict[str, list[int]] = defaultdict(list)
    for i in sorted(full, key=lambda i: nodes[i].name):
        for key in blocking_keys(nodes[i].name):
            blocks[key].append(i)
    seen: set[tuple[int, int]] = set()
    accepted: list[tuple[int, str, str, int, int]] = []
    for block in blocks.values():
        for a, b in _pairs_to_compare(block, nodes):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            tier = match_tier(nodes[a].name, nodes[b].name)
            if tier is not None:
                accepted.append((_TIER_ORDER[tier], nodes[a].name, nodes[b].name, a, b))
    # the surest joins first, so that a typo never decides what a declension would have
    anchor = {i: i for i in full}  # each group's most used spelling
    count = {i: nodes[i].count for i in full}  # each group's occurrences
    for order, name_a, name_b, a, b in sorted(accepted):
        if clusters.find(a) == clusters.find(b):
            continue
        tier = ("exact", "declension", "typo")[order]
        shared = clusters.shared_list(a, b)
        reason = None
        meeting = None
        if shared is not None:
            meeting = shared.split("|", 1)[0]
            reason = f"{name_a} ≠ {name_b}: both are in one list of {meeting}, so they are two people"
        elif tier == "typo":
            reason = _typo_refusal(nodes, name_a, name_b, a, b, anchor, count, clusters)
        if reason is not None:
            link = _link(name_a, name_b, tier, "names", False, reason, meeting)
            links[a].append(link)
            links[b].append(link)
            continue
        ra, rb = clusters.find(a), clusters.find(b)
        keep = max(anchor[ra], anchor[rb], key=lambda n: (nodes[n].count, nodes[n].name))
        total = count[ra] + count[rb]
        clusters.union(a, b)
        anchor[clusters.find(a)] = keep
        count[clusters.find(a)] = total
        link = _link(name_a, name_b, tier, "names", True, explain_tier(tier, name_a, name_b), None)
        links[a].append(link)
        links[b].append(link)
    return len(seen)


# A typo is a slip: the misspelt name is rare next to the one it stands for.
TYPO_RARE = 0.25


def _typo_refusal(
    nodes: list[_Node],
    name_a: str,
    name_b: str,
    a: int,
    b: int,
    anchor: dict[int, int],
    count: dict[int, int],
    clusters: _Clusters,
) -> str | None:
    """Why two full names a typo apart are two people, or None when one is a slip for the other:
    both surnames are real ones (Horáková, Horáčková); both spellings are in common use; or the
    names their groups stand for are further apart (a typo of a typo)."""
    ka, kb = nodes[a].key, nodes[b].key
    known_a, known_b = known_surname(ka.written), known_surname(kb.written)
    if known_a and known_b:
        return f"{name_a} ≠ {name_b}: a typo apart, but both are surnames of their own ({known_a}; {known_b})"
    ra, rb = clusters.find(a), clusters.find(b)
    small, large = sorted((count[ra], count[rb]))
    if small > max(2, TYPO_RARE * large):
        return f"{name_a} ≠ {name_b}: a typo apart, but both are in common use ({count[ra]} and {count[rb]} times)"
    x, y = nodes[anchor[ra]], nodes[anchor[rb]]
    if x.key.surname == y.key.surname:
        return None
    if not typo_close(x.key.surname, y.key.surname):
        return f"{name_a} ≠ {name_b}: a typo apart, but the names they stand for ({x.name}, {y.name}) are further apart"
    known_x, known_y = known_surname(x.key.written), known_surname(y.key.written)
    if known_x and known_y:
        own = f"{known_x}; {known_y}"
        return f"{name_a} ≠ {name_b}: they stand for {x.name} and {y.name}, two surnames of their own ({own})"
    return None


_WHERE = {
    "meeting": "in the same meeting",
    "body": "in meetings of the same body",
    "series": "in meetings of the same series",
    "archive": "in the whole archive",
}


def _join_short_names(
    nodes: list[_Node], full: list[int], clusters: _Clusters, links: dict[int, list[NameLink]]
) -> None:
    # full names by every surname form, and the groups present in each meeting and scope
    by_form: dict[str, list[int]] = defaultdict(list)
    in_meeting: dict[str, list[int]] = defaultdict(list)
    for i in full:
        key = nodes[i].key
        for form in key.forms | {key.surname, key.primary}:
            by_form[form].append(i)
        for m in nodes[i].meetings:
            in_meeting[m].append(i)
    # each group of full names by one representative, fixed before short names join groups
    rep = {i: clusters.find(i) for i in full}
    roots_in_scope: dict[str, set[int]] = defaultdict(set)
    for i in full:
        for s in nodes[i].member_of:
            roots_in_scope[s].add(rep[i])
    fitting: dict[tuple[str, frozenset[str]], dict[int, tuple[int, str]]] = {}  # → root → (full name node, how)
    unresolved: list[int] = []
    shorts = sorted(
        (i for i, n in enumerate(nodes) if not n.key.full), key=lambda i: (nodes[i].name, nodes[i].meeting or "")
    )
    for i in shorts:
        node = nodes[i]
        cache_key = (node.name, node.key.forms)
        if cache_key not in fitting:
            fitting[cache_key] = _fitting(node.key, by_form, nodes, rep)
        candidates = fitting[cache_key]
        meeting = node.meeting or ""
        here = {rep[j] for j in in_meeting.get(meeting, ())}
        scopes = [("meeting", {r for r in here if r in candidates})]
        for kind in ("body", "series"):
            in_scope: set[int] = set()
            for s in node.scopes:
                if s.startswith(f"{kind}:"):
                    in_scope |= roots_in_scope.get(s, set())
            scopes.append((kind, {r for r in in_scope if r in candidates}))
        scopes.append(("archive", set(candidates)))
        if not scopes[0][1]:  # a typo budget, within the meeting only
            typo = _typo_in_meeting(node, i, in_meeting.get(meeting, []), nodes, clusters, rep)
            if typo is not None:
                scopes[0] = ("meeting", {typo[0]})
                candidates = {**candidates, typo[0]: typo[1]}
        if not _choose(node, i, candidates, scopes, nodes, clusters, links):
            unresolved.append(i)
    # short names nobody fits: one person per surname and initial within a body (or a meeting)
    first_in: dict[tuple[str, str, str], int] = {}
    for i in unresolved:
        node = nodes[i]
        for scope in sorted(s for s in node.scopes if s.startswith("body:")) or [f"meeting:{node.meeting}"]:
            first = first_in.setdefault((node.key.primary, node.key.initial, scope), i)
            if first == i or clusters.find(first) == clusters.find(i) or clusters.shared_list(first, i):
                continue
            clusters.union(first, i)
            a, b = nodes[first].name, node.name
            where = scope.split(":", 1)[1]
            reason = f"{b} = {a}: the same surname alone in meetings of {where}, and no full name fits it"
            links[i].append(_link(b, a, "surname", "body", True, reason, node.meeting))


def _fitting(
    key: NameKey, by_form: dict[str, list[int]], nodes: list[_Node], rep: dict[int, int]
) -> dict[int, tuple[int, str]]:
    """Groups of full names a short name fits exactly or as a declension: root → (node, how)."""
    out: dict[int, tuple[int, str]] = {}
    for form in sorted(key.forms | {key.surname, key.primary}):
        for j in by_form.get(form, ()):
            how = fit(key, nodes[j].key)
            if how in ("exact", "declension"):
                root = rep[j]
                if root not in out or (how == "exact" and out[root][1] != "exact"):
                    out[root] = (j, how)
    return out


def _choose(
    node: _Node,
    i: int,
    candidates: dict[int, tuple[int, str]],
    scopes: list[tuple[str, set[int]]],
    nodes: list[_Node],
    clusters: _Clusters,
    links: dict[int, list[NameLink]],
) -> bool:
    """Join short name ``i`` to the one person it fits at the nearest scope where anyone fits
    (a person written in one list with it does not fit); record why, or why not."""
    tier = "initial" if node.key.initial else "surname"
    meeting = node.meeting
    for scope, found in scopes:
        roots = {r for r in found if not clusters.shared_list(i, candidates[r][0])} if len(found) <= 8 else found
        if not roots:
            continue
        names = sorted(nodes[candidates[r][0]].name for r in roots)
        if len(roots) > 1:
            reason = f"{node.name}: not joined, {len(roots)} people {_WHERE[scope]} fit it ({', '.join(names[:5])})"
            links[i].append(_link(node.name, names[0], tier, scope, False, reason, meeting))
            return False
        (root,) = roots
        target, how = candidates[root]
        target_name = nodes[target].name
        if how == "typo":
            reason = f"{node.name} = {target_name}: TYPO: the only person in the same meeting with a surname this close"
            tier = "typo"
        else:
            reason = f"{node.name} = {target_name}: the only person {_WHERE[scope]} who fits"
        detail = _short_evidence(node, target_name)
        if detail:
            reason += f" ({detail})"
        clusters.union(i, target)
        links[i].append(_link(node.name, target_name, tier, scope, True, reason, meeting))
        return True
    return False


def _short_evidence(node: _Node, target: str) -> str:
    """The dictionary or rule evidence that the short name (or a declined spelling of it) is
    the target's surname."""
    detail = evidence(node.name, target)
    if detail and "a typo" not in detail:
        return detail
    surname = name_key(target).written
    for raw in sorted(node.raws):
        word = raw.split()[-1] if raw.split() else ""
        for lemma in surname_lemmas(word, node.key.gender):
            if fold(lemma.name) == fold(surname):
                return lemma.evidence
    return detail


def _typo_in_meeting(
    node: _Node, i: int, full_here: list[int], nodes: list[_Node], clusters: _Clusters, rep: dict[int, int]
) -> tuple[int, tuple[int, str]] | None:
    """The one person of the meeting a short name fits only with a typo budget (a long surname
    one edit away: "paní Dejnožová" and the attendee "Blanka Dejnožková"), or None."""
    found: dict[int, int] = {}
    for j in full_here:
        if fit(node.key, nodes[j].key) == "typo" and not clusters.shared_list(i, j):
            found.setdefault(rep[j], j)
    if len(found) != 1:
        return None
    ((root, j),) = found.items()
    return root, (j, "typo")


def _canonical(members: list[_Node]) -> str:
    """The form most occurrences use; a full name over a surname; -a over -o (Jirotka, not Jirotko)."""

    def score(n: _Node) -> tuple[int, int, int, int, str]:
        return (
            int(n.key.full),
            int(n.key.surname == n.key.primary),
            n.count,
            int(not n.key.surname.endswith("o")),
            n.name,
        )

    return max(members, key=score).name


def _records(
    nodes: list[_Node], clusters: _Clusters, links: dict[int, list[NameLink]], comparisons: int
) -> PeopleRegistry:
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        groups[clusters.find(i)].append(i)
    ordered = sorted(
        groups.values(), key=lambda ms: (_canonical([nodes[m] for m in ms]), min(min(nodes[m].meetings) for m in ms))
    )
    records: list[PersonRecord] = []
    used_ids: Counter[str] = Counter()
    by_name: dict[str, PersonRecord] = {}
    by_short: dict[tuple[str, str], PersonRecord] = {}
    for members in ordered:
        member_nodes = [nodes[m] for m in members]
        canonical = _canonical(member_nodes)
        base = slug(canonical) or "unnamed"
        used_ids[base] += 1
        person_id = base if used_ids[base] == 1 else f"{base}-{used_ids[base]}"
        record_links = _aggregate([k for m in members for k in links.get(m, [])])
        record = PersonRecord(
            person_id=person_id,
            name=canonical,
            variants=sorted({n.name for n in member_nodes} | {r for n in member_nodes for r in n.raws}),
            meetings=sorted({mid for n in member_nodes for mid in n.meetings}),
            explain=[k.reason for k in record_links] + _readings(member_nodes),
            links=record_links,
        )
        records.append(record)
        for n in member_nodes:
            if n.meeting is None:
                by_name[n.name] = record
            else:
                by_short[(n.name, n.meeting)] = record
    records.sort(key=lambda r: r.person_id)
    return PeopleRegistry(records, by_name, by_short, comparisons)


def _aggregate(links: list[NameLink]) -> list[NameLink]:
    """One link per (name, other, tier, scope, joined): the same join in many meetings is told
    once, with the number of meetings and the first of them."""
    groups: dict[tuple[str, str, str, str, bool], list[NameLink]] = defaultdict(list)
    for link in links:
        groups[(link.name, link.other, link.tier, link.scope, link.joined)].append(link)
    out = []
    for members in groups.values():
        members.sort(key=lambda k: k.meeting_id or "")
        first = members[0]
        meetings = {k.meeting_id for k in members if k.meeting_id}
        if len(meetings) > 1:
            first = first.model_copy(update={"reason": f"{first.reason} — in {len(meetings)} meetings"})
        out.append(first)
    return sorted(out, key=lambda k: (not k.joined, k.name, k.other))


def _readings(members: list[_Node]) -> list[str]:
    """How each declined spelling was put in the nominative (dictionary or rule evidence)."""
    out = {line for n in members for raw in n.raws if (line := explain_reading(raw, n.name))}
    return sorted(out)


def apply_registry(meeting: Meeting, registry: PeopleRegistry) -> None:
    """Give every person of the meeting its archive id (and the archive's agreed spelling)."""
    for person in people_of(meeting):
        record = registry.lookup(person.name, meeting.meeting_id)
        if record is None:
            continue
        person.person_id = record.person_id
        # the spelling the archive agrees on, but never a first name the text did not give
        mine, agreed = name_key(person.name), name_key(record.name)
        if mine.full == agreed.full and len(record.name.split()) == len(person.name.split()):
            person.name = record.name
        elif mine.short and agreed.full:
            first = person.name.split()[: -len(mine.written.split())]
            person.name = " ".join([*first, agreed.written])


def build_organizations(occurrences: list[tuple[str, str, str]]) -> list[OrganizationRecord]:
    """organizations.json from (name, raw, meeting_id) occurrences; names are already canonical
    where the organization list knows them, so one record per name written alike ("Sazka, a.s."
    and "Sazka a.s." are one: the same id)."""
    listed = organization_list()
    names: dict[str, str] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    meetings: dict[str, set[str]] = defaultdict(set)
    for name, raw, meeting_id in occurrences:
        key = slug(name) or fold(name)  # "Sazka a.s." and "Sazka, a.s." are one record, one org_id
        names.setdefault(key, name)
        aliases[key].add(raw)
        meetings[key].add(meeting_id)
    records = [
        OrganizationRecord(
            org_id=key,
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
    ids = {slug(r.name) or fold(r.name): r.org_id for r in records}
    for org in meeting.organizations:
        org.org_id = ids.get(slug(org.name) or fold(org.name))


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
