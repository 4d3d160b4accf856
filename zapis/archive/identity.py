"""One id per meeting, decided by content; and why each file is in its meeting, for report.json.

A meeting's id is the id of its best copy (``<date>_<body>``).  Two meetings that would share
one (two meetings of one body on one day) are told apart by a suffix: the one that starts
earlier keeps the id, the next is ``…_2``, then ``…_3`` (a suffix another meeting has already, the
second meeting of a file that keeps two, is skipped); meetings without a start time come
after those with one, and a tie is broken by the smallest SHA-256 of the meeting's files.  So
the ids depend only on the files' contents: the same on every run and on any machine,
whatever the files are called or in which order they are found.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from zapis.archive.dedup import CopyGroup, Evidence, compare_fields, fields_of, similarity
from zapis.archive.merge import METHOD_RANK
from zapis.archive.records import DocRecord
from zapis.schema import ApartEvidence, CopyEvidence, FileEntry


def best_copy(group: Sequence[DocRecord]) -> DocRecord:
    """The copy whose fields the merged meeting takes (the same order as ``merge_copies``)."""
    return min(group, key=lambda d: (METHOD_RANK.get(d.method or "", 9), -(d.ocr_confidence or 100.0), d.rel))


def _order_key(group: Sequence[DocRecord]) -> tuple[int, str, str]:
    start = fields_of(best_copy(group)).start_time
    return (0 if start else 1, start or "", min(d.sha256 for d in group))


def meeting_ids(groups: Sequence[CopyGroup[DocRecord]]) -> list[str]:
    """The id of each group's meeting: its best copy's id, with ``_2``, ``_3`` … for further
    meetings that would have the same one, in the order of their start time (then content)."""
    bases = [best_copy(g.members).meeting_id for g in groups]
    by_base: dict[str, list[int]] = defaultdict(list)
    for k, base in enumerate(bases):
        by_base[base].append(k)
    ids = list(bases)
    taken = set(bases)  # each base stays the id of its first meeting
    for base, members in by_base.items():
        if len(members) < 2:
            continue
        n = 1
        for k in sorted(members, key=lambda k: _order_key(groups[k].members))[1:]:
            n += 1
            while f"{base}_{n}" in taken:  # "…_2" may be the second meeting of a file with two already
                n += 1
            ids[k] = f"{base}_{n}"
            taken.add(ids[k])
    return ids


def explain_groups(groups: Sequence[CopyGroup[DocRecord]], ids: Sequence[str], entries: dict[str, FileEntry]) -> None:
    """Fill in each file's ``meeting_id``, the evidence that made it a copy of another file of
    its meeting (``copy_of``), and the meetings that would have had the same id (``kept_apart``)."""
    for group, meeting_id in zip(groups, ids, strict=True):
        for doc in group.members:
            if doc.part == 0:
                entries[doc.rel].meeting_id = meeting_id
            else:  # a file with the minutes of several meetings: its first is its meeting_id
                entries[doc.rel].other_meetings.append(meeting_id)
        parent = _tree(group)
        for child, (other, evidence) in parent.items():
            if group.members[child].part != 0:
                continue
            entries[group.members[child].rel].copy_of = CopyEvidence(
                file=group.members[other].rel,
                rule="same-fields" if evidence.rule == "same-fields" else "same-text",
                similarity=evidence.similarity,
                shared_fields=list(evidence.shared),
                differing_fields=list(evidence.differing),
            )
    by_base: dict[str, list[int]] = defaultdict(list)
    for k, group in enumerate(groups):
        by_base[best_copy(group.members).meeting_id].append(k)
    for members in by_base.values():
        for k in members:
            mine = best_copy(groups[k].members)
            if mine.part != 0:
                continue
            entries[mine.rel].kept_apart = [
                _apart(mine, best_copy(groups[other].members), ids[other]) for other in members if other != k
            ]


def _apart(mine: DocRecord, theirs: DocRecord, their_id: str) -> ApartEvidence:
    _, differing = compare_fields(fields_of(mine), fields_of(theirs))
    return ApartEvidence(
        meeting_id=their_id, file=theirs.rel, similarity=round(similarity(mine, theirs), 3), differing_fields=differing
    )


def _tree(group: CopyGroup[DocRecord]) -> dict[int, tuple[int, Evidence]]:
    """Each file of the group but the best copy → (the file it was joined to, the evidence),
    walking the joins outward from the best copy."""
    best = group.members.index(best_copy(group.members))
    edges: dict[int, list[tuple[int, Evidence]]] = defaultdict(list)
    for i, j, evidence in group.joins:
        edges[i].append((j, evidence))
        edges[j].append((i, evidence))
    parent: dict[int, tuple[int, Evidence]] = {}
    seen = {best}
    queue = [best]
    while queue:
        node = queue.pop(0)
        for other, evidence in edges[node]:
            if other not in seen:
                seen.add(other)
                parent[other] = (node, evidence)
                queue.append(other)
    return parent
