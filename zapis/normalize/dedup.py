"""Copies of one meeting among many documents: same meeting_id, or near-identical text.

Near-duplicates are found with MinHash signatures of character shingles and LSH banding
(datasketch): each document is compared only with the few that share a band, so the work
grows about linearly with the archive, not with the square of it.  A candidate pair is a
copy when its estimated Jaccard similarity is high; two meetings of the same group share
boilerplate but not their content, and their dates differ, which keeps them apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from zapis.normalize.czech import fold

NUM_PERM = 128
SHINGLE = 6
# Estimated Jaccard similarity of shingle sets above which two texts are copies of one meeting
# whatever their parsed dates say (an OCR error in a date must not split copies), when the
# texts are long enough for that to mean something: a short template filled in twice is not …
SAME_TEXT = 0.8
SAME_TEXT_MIN_SHINGLES = 800
# … and above which they are copies when their dates do not contradict each other.
SIMILAR_TEXT = 0.5
LSH_THRESHOLD = 0.45


@dataclass
class DedupStats:
    documents: int = 0
    candidate_pairs: int = 0  # pairs compared after LSH (all pairs would be n(n-1)/2)
    merged_pairs: int = 0
    exact_groups: int = 0
    notes: list[str] = field(default_factory=list)


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Character k-grams of the folded text with all spacing and punctuation removed,
    so that line breaks, hyphenation and layout make no difference."""
    compact = re.sub(r"[\W_]+", "", fold(text))
    if len(compact) < k:
        return {compact.encode()} if compact else set()
    return {compact[i : i + k].encode() for i in range(len(compact) - k + 1)}


def signature(text: str) -> Any:
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=1)
    grams = shingles(text)
    if grams:
        m.update_batch(list(grams))
    return m


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _dates_conflict(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a.get("date") and b.get("date") and a["date"] != b["date"])


def near_duplicate_pairs(texts: list[str], meta: list[dict[str, Any]], stats: DedupStats) -> list[tuple[int, int]]:
    """Index pairs of copies among ``texts`` (``meta``: each document's date)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    sigs = []
    sizes = []
    for i, text in enumerate(texts):
        sig = signature(text)
        sigs.append(sig)
        sizes.append(len(shingles(text)))
        lsh.insert(str(i), sig)
    pairs = []
    for i, sig in enumerate(sigs):
        for key in lsh.query(sig):
            j = int(key)
            if j <= i:
                continue
            stats.candidate_pairs += 1
            similarity = sig.jaccard(sigs[j])
            long_enough = min(sizes[i], sizes[j]) >= SAME_TEXT_MIN_SHINGLES
            if (similarity >= SAME_TEXT and long_enough) or (
                similarity >= SIMILAR_TEXT and not _dates_conflict(meta[i], meta[j])
            ):
                pairs.append((i, j))
    stats.merged_pairs += len(pairs)
    return pairs


def group_near_duplicates(copies: list[dict[str, Any]], stats: DedupStats | None = None) -> list[list[dict[str, Any]]]:
    """Group meeting dicts (one per file) into meetings; each group keeps the input order."""
    stats = stats or DedupStats()
    n = len(copies)
    stats.documents = n
    uf = _UnionFind(n)
    by_id: dict[str, int] = {}
    for i, copy in enumerate(copies):
        first = by_id.setdefault(copy["meeting_id"], i)
        if first != i:
            uf.union(first, i)
    stats.exact_groups = len(by_id)
    for i, j in near_duplicate_pairs([c.get("text", "") for c in copies], copies, stats):
        uf.union(i, j)
    groups: dict[int, list[dict[str, Any]]] = {}
    for i, copy in enumerate(copies):
        groups.setdefault(uf.find(i), []).append(copy)
    return [groups[k] for k in sorted(groups)]
