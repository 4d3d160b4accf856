"""Copies of one meeting among many documents: files whose content says they are one meeting.

Two files are copies when their texts are near-identical, or when they give the same date and
the same fields (time, place, attendees, agenda …) within a small edit distance.  The same
``meeting_id`` alone is not enough: two meetings of one body on one day (a morning meeting and
an extraordinary evening one) share it, and stay two meetings.

Near-duplicates are found with MinHash signatures of character shingles (datasketch's) and
LSH banding (with datasketch's bands, done with numpy): each document is compared only with
the few that share a band, so the work grows about linearly with the archive, not with the
square of it.  Files with the same meeting_id, or the same date, start time and place, are
compared by their fields.  Two dates that differ are two meetings, and a group of copies holds
one date at most (no chaining through an undated copy).  Every join keeps its evidence.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import operator
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Generic, Protocol, TypeVar

import numpy as np
from rapidfuzz import fuzz, process

from zapis.archive.unionfind import UnionFind
from zapis.errors import ZapisError
from zapis.lang import cache_folder, fold
from zapis.output import write_atomic

NUM_PERM = 128
SHINGLE = 6
# Estimated Jaccard similarity of shingle sets above which two texts are copies of one meeting,
# when their dates do not contradict each other (the same date, or one copy has none).  Two
# dates that differ are two meetings however alike the texts: a body that fills in the same
# template every month writes near-identical minutes, and a copy whose date was misread stays
# apart rather than risk merging different meetings.
SIMILAR_TEXT = 0.5
# Above this the texts are the same minutes (reflowed, another format, OCR of a good scan): a
# field or two read differently (a misread time) does not make them two meetings.
SAME_TEXT = 0.8
LSH_THRESHOLD = 0.45
# Fields whose disagreement tells two meetings apart.
STRONG_FIELDS = ("start_time", "location", "attendees", "agenda")
FIELD_BLOCK = 100  # files compared by fields at most per block (same id, or same date, time and place)


@dataclass
class DedupStats:
    documents: int = 0
    candidate_pairs: int = 0  # pairs compared after LSH (all pairs would be n(n-1)/2)
    merged_pairs: int = 0
    exact_groups: int = 0
    notes: list[str] = field(default_factory=list)


_NOT_WORD = re.compile(r"[\W_]+")
# ASCII bytes that are not letters or digits: what ``[\W_]`` removes from ASCII text.
_ASCII_NOT_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum())


def compact(text: str) -> str:
    """The folded text (:func:`zapis.lang.fold`) without spacing and punctuation."""
    return _NOT_WORD.sub("", fold(text))


def _compact_ascii(text: str) -> bytes | None:
    """:func:`compact` as bytes, computed without a per-character Python loop, or None when the
    text has letters or digits outside ASCII after removing diacritics (ł, ø, ß, Cyrillic).

    Same result as :func:`compact`: decomposing (NFD) separates the diacritics, which like
    every other non-ASCII character left are neither letters nor digits; so what remains are
    the ASCII letters and digits, lower-cased (casefold is lower() on ASCII).
    """
    nfd = unicodedata.normalize("NFD", text)
    if not nfd.isascii() and any(c.isalnum() for c in set(nfd) if not c.isascii()):
        return None
    return nfd.encode("ascii", "ignore").translate(None, _ASCII_NOT_ALNUM).lower()


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Character k-grams of the folded text with all spacing and punctuation removed,
    so that line breaks, hyphenation and layout make no difference."""
    data = _compact_ascii(text)
    if data is not None:  # the usual case: one byte per character, slice the bytes
        if len(data) < k:
            return {data} if data else set()
        return {data[i : i + k] for i in range(len(data) - k + 1)}
    text = compact(text)
    if len(text) < k:
        return {text.encode()} if text else set()
    return {text[i : i + k].encode() for i in range(len(text) - k + 1)}


_DIGEST = operator.methodcaller("digest")


def sha1_hash32(grams: Iterable[bytes]) -> np.ndarray:
    """datasketch's default hash of every shingle (``datasketch.hashfunc.sha1_hash32``: the
    first 4 bytes of SHA-1, little-endian), without a Python-level loop."""
    digests = b"".join(map(_DIGEST, map(hashlib.sha1, grams)))
    return np.frombuffer(digests, dtype="<u4")[::5].astype(np.uint32)  # a digest is 5 words


@cache
def _empty_minhash() -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1)


def _affine32(hashes: np.ndarray, a: np.ndarray | None = None, b: np.ndarray | None = None) -> np.ndarray:
    """datasketch's "affine32" MinHash scheme (its default from 2.0) on a whole document at once:
    each 32-bit hash is mixed by MurmurHash3's finalizer, then permuted as a·h + b mod 2³²
    (one (a, b) per permutation); the signature is the minimum per permutation."""
    if a is None or b is None:
        a, b, _ = _parameters()
    h = hashes ^ (hashes >> np.uint32(16))
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    permuted = h[:, None] * a
    permuted += b
    return permuted.min(axis=0)


@cache
def _parameters() -> tuple[np.ndarray, np.ndarray, bool]:
    """The permutations (a, b) of ``MinHash(num_perm=NUM_PERM, seed=1)`` and whether
    :func:`_affine32` gives the installed datasketch's values bit for bit (if not: another
    scheme, and datasketch computes every signature itself).

    Kept in the user's cache folder under datasketch's version: importing datasketch (and SciPy
    with it) takes a process about a second, and a worker needs nothing else of it.
    """
    from importlib.metadata import version

    path = cache_folder() / f"minhash-{version('datasketch')}-{NUM_PERM}.npz"
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        with np.load(path, allow_pickle=False) as stored:
            a, b, same = stored["a"], stored["b"], bool(stored["same"])
        if a.shape == b.shape == (NUM_PERM,):
            return a, b, same
    a, b = (np.asarray(p) for p in _empty_minhash().permutations)
    probe = [str(i).encode() for i in range(500)]
    reference = _empty_minhash().copy()
    reference.update_batch(probe)
    same = getattr(reference, "scheme", None) == "affine32" and np.array_equal(
        reference.hashvalues, _affine32(sha1_hash32(probe), a, b)
    )
    with contextlib.suppress(OSError, ValueError, ZapisError):  # no cache folder: computed again next time
        data = io.BytesIO()
        np.savez(data, a=a, b=b, same=np.bool_(same))
        write_atomic(path, data.getvalue(), durable=False)
    return a, b, same


def _numpy_scheme() -> bool:
    return _parameters()[2]


def minhash(grams: set[bytes]) -> Any:
    """The datasketch MinHash of a set of shingles: the same values as
    ``MinHash(num_perm=NUM_PERM, seed=1).update_batch(grams)``, about 1.5× faster."""
    m = _empty_minhash().copy()
    if not grams:
        return m
    if _numpy_scheme():
        m.hashvalues = _affine32(sha1_hash32(grams))
    else:
        m.update_batch(list(grams))
    return m


def signature(text: str) -> Any:
    return minhash(shingles(text))


@dataclass(frozen=True)
class CopyFields:
    """The fields of one file that tell whether two files are one meeting, folded."""

    start_time: str | None = None
    end_time: str | None = None
    location: str | None = None
    body: str | None = None
    recorded_by: str | None = None
    attendees: tuple[str, ...] = ()
    agenda: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        start_time: str | None,
        end_time: str | None,
        location: str | None,
        body: str | None,
        recorded_by: str | None,
        attendees: Iterable[str],
        agenda: Iterable[str],
    ) -> CopyFields:
        def f(value: str | None) -> str | None:
            return fold(value) if value else None

        return cls(
            start_time,
            end_time,
            f(location),
            f(body),
            f(recorded_by),
            tuple(sorted({fold(a) for a in attendees})),
            tuple(fold(a) for a in agenda),
        )

    def interned(self) -> CopyFields:
        """The same fields with one string for each value however many records hold it."""

        def i(value: str | None) -> str | None:
            return sys.intern(value) if value is not None else None

        return CopyFields(
            i(self.start_time),
            i(self.end_time),
            i(self.location),
            i(self.body),
            i(self.recorded_by),
            tuple(map(sys.intern, self.attendees)),
            tuple(map(sys.intern, self.agenda)),
        )


NO_FIELDS = CopyFields()


class Copy(Protocol):
    """What duplicate detection needs of one document (``fields`` is optional)."""

    @property
    def meeting_id(self) -> str: ...

    @property
    def date(self) -> str | None: ...

    @property
    def fingerprint(self) -> Fingerprint: ...


C = TypeVar("C", bound=Copy)


def fields_of(copy: Copy) -> CopyFields:
    fields = getattr(copy, "fields", None)
    return fields if isinstance(fields, CopyFields) else NO_FIELDS


def _overlap(a: tuple[str, ...], b: tuple[str, ...], close: float) -> float:
    """Share of the longer list that has a counterpart in the other (equal, or ``close`` by
    edit-distance ratio): names or agenda items written a little differently still agree."""
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    matched = len(sa & sb)
    rest = sorted(sb - sa)
    for x in sorted(sa - sb):
        found = process.extractOne(x, rest, scorer=fuzz.ratio, score_cutoff=close) if rest else None
        if found is not None:
            matched += 1
            rest.pop(found[2])
    return matched / max(len(sa), len(sb))


def compare_fields(a: CopyFields, b: CopyFields) -> tuple[list[str], list[str]]:
    """(fields both give that agree, fields both give that disagree); texts agree within a small
    edit distance (ratio ≥ 85), lists when most of their entries do."""
    shared: list[str] = []
    differing: list[str] = []
    for name in ("start_time", "end_time"):
        x, y = getattr(a, name), getattr(b, name)
        if x and y:
            (shared if x == y else differing).append(name)
    for name in ("location", "body", "recorded_by"):
        x, y = getattr(a, name), getattr(b, name)
        if x and y:
            (shared if fuzz.ratio(x, y) >= 85 or x in y or y in x else differing).append(name)
    for name, close in (("attendees", 85.0), ("agenda", 80.0)):
        x, y = getattr(a, name), getattr(b, name)
        if x and y:
            overlap = _overlap(x, y, close)
            if overlap >= 0.7:
                shared.append(name)
            elif overlap < 0.4:
                differing.append(name)
    return shared, differing


@dataclass(frozen=True)
class Evidence:
    """Why two files are copies of one meeting."""

    rule: str  # "same-text" or "same-fields"
    similarity: float
    shared: tuple[str, ...]
    differing: tuple[str, ...]


def copy_evidence(similarity: float, a: Copy, b: Copy) -> Evidence | None:
    """The evidence that ``a`` and ``b`` are copies of one meeting, or None when their content
    says they are two (other dates; other time, place, attendees or agenda; or neither the text
    nor the fields agree)."""
    if _dates_conflict(a, b):
        return None
    shared, differing = compare_fields(fields_of(a), fields_of(b))
    if a.date and a.date == b.date:
        shared.insert(0, "date")
    strong = [f for f in differing if f in STRONG_FIELDS]
    evidence = Evidence("same-text", round(similarity, 3), tuple(shared), tuple(differing))
    if similarity >= SAME_TEXT and len(strong) < 2:
        return evidence
    if similarity >= SIMILAR_TEXT and not strong:
        return evidence
    content = {"attendees", "agenda"} & set(shared)
    if a.date and a.date == b.date and len(shared) >= 3 and content and not differing:
        return Evidence("same-fields", round(similarity, 3), tuple(shared), tuple(differing))
    return None


def _dates_conflict(a: Copy, b: Copy) -> bool:
    return bool(a.date and b.date and a.date != b.date)


# The LSH bands (ranges of signature rows) datasketch's ``MinHashLSH`` chooses for LSH_THRESHOLD
# and NUM_PERM: 25 bands of 5 rows.  Written out because finding them takes datasketch (and
# SciPy's integration) a second to import; tests/test_speed.py checks they are still its choice.
LSH_BANDS: tuple[tuple[int, int], ...] = tuple((start, start + 5) for start in range(0, 125, 5))


def _hashvalues(grams: set[bytes]) -> np.ndarray:
    if grams and _numpy_scheme():
        return _affine32(sha1_hash32(grams))
    return np.asarray(minhash(grams).hashvalues)


@dataclass(frozen=True)
class Fingerprint:
    """What duplicate detection needs of one document: its MinHash values and shingle count.

    Computed where the document is read (a worker), so that the archive's texts never have
    to be held in memory together.
    """

    minhash: bytes  # NUM_PERM little-endian uint32 values
    shingles: int

    @classmethod
    def of(cls, text: str) -> Fingerprint:
        grams = shingles(text)
        return cls(np.asarray(_hashvalues(grams), dtype="<u4").tobytes(), len(grams))


def fingerprint_matrix(prints: Sequence[Fingerprint]) -> tuple[np.ndarray, list[int]]:
    sigs = np.frombuffer(b"".join(p.minhash for p in prints), dtype="<u4").reshape(len(prints), NUM_PERM)
    return sigs.astype(np.uint32), [p.shingles for p in prints]  # fingerprints are uint32 values


def signature_matrix(texts: Sequence[str]) -> tuple[np.ndarray, list[int]]:
    """One row per text: its MinHash values (as :func:`signature`); and each text's number of shingles."""
    sigs = np.empty((len(texts), NUM_PERM), dtype=_hashvalues(set()).dtype)
    sizes = []
    for i, text in enumerate(texts):
        grams = shingles(text)
        sigs[i] = _hashvalues(grams)
        sizes.append(len(grams))
    return sigs, sizes


def candidate_pairs(sigs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j, sorted) of rows that agree on every row of at least one LSH band:
    the pairs datasketch's ``MinHashLSH`` returns (insert every row, query every row), found
    with one sort per band instead of a hash table of every band of every document."""
    n = len(sigs)
    codes = []
    for start, end in LSH_BANDS:
        _, bucket = np.unique(sigs[:, start:end], axis=0, return_inverse=True)
        bucket = bucket.reshape(-1)
        order = np.argsort(bucket, kind="stable")  # documents by bucket, ascending within one
        sorted_buckets = bucket[order]
        firsts = np.flatnonzero(np.r_[True, sorted_buckets[1:] != sorted_buckets[:-1]])
        counts = np.diff(np.r_[firsts, n])
        for first, count in zip(firsts[counts > 1].tolist(), counts[counts > 1].tolist(), strict=True):
            members = order[first : first + count].astype(np.int64)
            a, b = np.triu_indices(count, 1)
            codes.append(members[a] * n + members[b])
    if not codes:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    unique = np.unique(np.concatenate(codes))
    return unique // n, unique % n


def _similarities(sigs: np.ndarray, first: np.ndarray, second: np.ndarray, chunk: int = 1 << 15) -> list[float]:
    """Estimated Jaccard similarity of each pair, as ``MinHash.jaccard`` computes it."""
    out: list[float] = []
    for k in range(0, len(first), chunk):
        equal = np.count_nonzero(sigs[first[k : k + chunk]] == sigs[second[k : k + chunk]], axis=1)
        out += (equal / float(NUM_PERM)).tolist()
    return out


def _field_blocks(copies: Sequence[Copy]) -> Iterator[list[int]]:
    """Files that may be copies by their fields alone: the same meeting_id, or the same date,
    start time and place."""
    by_id: dict[str, list[int]] = {}
    by_fields: dict[tuple[str, str, str], list[int]] = {}
    for i, copy in enumerate(copies):
        by_id.setdefault(copy.meeting_id, []).append(i)
        f = fields_of(copy)
        if copy.date and f.start_time and f.location:
            by_fields.setdefault((copy.date, f.start_time, f.location), []).append(i)
    for block in itertools.chain(by_id.values(), by_fields.values()):
        if len(block) > 1:
            yield block[:FIELD_BLOCK]


def near_duplicate_pairs(copies: Sequence[Copy], stats: DedupStats) -> list[tuple[float, int, int, Evidence]]:
    """(similarity, i, j, evidence) of the pairs among ``copies`` that are copies of one meeting,
    most alike first."""
    sigs, _ = fingerprint_matrix([c.fingerprint for c in copies])
    first, second = candidate_pairs(sigs)
    stats.candidate_pairs += len(first)
    similar = {
        (i, j): s
        for i, j, s in zip(first.tolist(), second.tolist(), _similarities(sigs, first, second), strict=True)
        if s >= SIMILAR_TEXT
    }
    extra = {(a, b) for block in _field_blocks(copies) for a, b in itertools.combinations(block, 2)} - set(similar)
    if extra:
        ordered = sorted(extra)
        left = np.array([a for a, _ in ordered], dtype=np.int64)
        right = np.array([b for _, b in ordered], dtype=np.int64)
        similar.update(zip(ordered, _similarities(sigs, left, right), strict=True))
        stats.candidate_pairs += len(ordered)
    pairs = []
    for (i, j), similarity in similar.items():
        evidence = copy_evidence(similarity, copies[i], copies[j])
        if evidence is not None:
            pairs.append((similarity, i, j, evidence))
    pairs.sort(key=lambda p: (p[3].rule != "same-text", -p[0], p[1], p[2]))
    return pairs


def similarity(a: Copy, b: Copy) -> float:
    """Estimated Jaccard similarity of two files' texts, from their fingerprints."""
    x = np.frombuffer(a.fingerprint.minhash, dtype="<u4")
    y = np.frombuffer(b.fingerprint.minhash, dtype="<u4")
    return float(np.count_nonzero(x == y)) / NUM_PERM


@dataclass
class CopyGroup(Generic[C]):
    """The files of one meeting, in input order, and the joins that made the group: (i, j,
    evidence) with indexes into ``members``."""

    members: list[C]
    joins: list[tuple[int, int, Evidence]] = field(default_factory=list)


def group_copies(copies: Sequence[C], stats: DedupStats | None = None) -> list[CopyGroup[C]]:
    """Group documents into meetings by their content (see the module's docstring); each group
    keeps the input order, groups are in the order of their first document."""
    stats = stats or DedupStats()
    n = len(copies)
    stats.documents = n
    stats.exact_groups = len({c.meeting_id for c in copies})
    uf: UnionFind[int] = UnionFind()
    for i in range(n):
        uf.find(i)
    # A group holds one meeting: one date at most.  Joining through an undated copy must not
    # chain two dated meetings together (A ≈ undated ≈ B with A and B on other days).
    dates: dict[int, str | None] = {i: copy.date for i, copy in enumerate(copies)}
    # Nor two start times, unless the texts themselves are the same minutes (a misread time).
    times: dict[int, set[str]] = {
        i: {t} if (t := fields_of(copy).start_time) else set() for i, copy in enumerate(copies)
    }
    joins: list[tuple[int, int, Evidence]] = []
    for similarity, i, j, evidence in near_duplicate_pairs(copies, stats) if copies else []:
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj or (dates[ri] and dates[rj] and dates[ri] != dates[rj]):
            continue
        if times[ri] and times[rj] and times[ri].isdisjoint(times[rj]) and similarity < SAME_TEXT:
            continue
        uf.union(ri, rj)
        stats.merged_pairs += 1
        root = uf.find(ri)
        dates[root] = dates[ri] or dates[rj]
        times[root] = times[ri] | times[rj]
        joins.append((i, j, evidence))
    groups: dict[int, CopyGroup[C]] = {}
    position: dict[int, int] = {}
    for i, copy in enumerate(copies):
        group = groups.setdefault(uf.find(i), CopyGroup([]))
        position[i] = len(group.members)
        group.members.append(copy)
    for i, j, evidence in joins:
        groups[uf.find(i)].joins.append((position[i], position[j], evidence))
    return [groups[k] for k in sorted(groups)]


def group_near_duplicates(copies: Sequence[C], stats: DedupStats | None = None) -> list[list[C]]:
    """Group documents into meetings (:func:`group_copies`), as lists of documents."""
    return [group.members for group in group_copies(copies, stats)]
