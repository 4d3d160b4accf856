"""Deduplication and the person registry at archive scale, on synthetic data built in memory.

The generator is the benchmarks' own (benchmarks/synthetic.py): Czech-ish minutes of working
groups that share boilerplate, some followed by a copy under another meeting_id (reflowed;
OCR-noisy with a misread day; reflowed without a date), each dict labelled with the meeting it
really is.  Checks that copies are grouped, different meetings are not, and that both stages
compare a tiny share of all pairs (blocking works), which is what keeps them near-linear.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from tests.benchmark_modules import load_benchmark
from zapis.archive import dedup
from zapis.archive.dedup import DedupStats, group_near_duplicates, shingles
from zapis.archive.registry import build_people

DOCUMENTS = 3000


ROOT = Path(__file__).resolve().parent.parent


synthetic = load_benchmark("synthetic")


def _all_pairs(n: int) -> int:
    return n * (n - 1) // 2


# ------------------------------------------------------------------------------------------
# The fast paths of deduplication give exactly what the plain definitions give
# ------------------------------------------------------------------------------------------

CZECH = "aábcčdďeéěfghiíjklmnňoópqrřsštťuúůvwxyýzž AÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ 0123456789 .,;:–-„“()\n\t_/"
OTHER = "łøßæİǰŉ²½Ⅻ①ЖΩ\u0301"  # letters without an ASCII base, odd case folding, combining marks


def _texts() -> list[str]:
    """Czech-only texts (the fast path), texts with other letters (the general path), samples."""
    rng = random.Random(5)
    texts = ["", "ab", "Žluťoučký", "Łódź", "İstanbul", "\u0301\u030c", "a\u0301" * 20]
    for alphabet in (CZECH, CZECH + OTHER):
        texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400))) for _ in range(150)]
    return texts + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples" / "txt").glob("*.txt"))]


def test_shingles_are_those_of_the_folded_text() -> None:
    for text in _texts():
        compact = dedup.compact(text)  # the definition: fold, then drop spacing and punctuation
        expected = {compact[i : i + 6].encode() for i in range(len(compact) - 5)} or (
            {compact.encode()} if compact else set()
        )
        assert shingles(text) == expected, text


def test_signatures_are_datasketchs() -> None:
    from datasketch import MinHash

    for text in _texts()[-20:]:
        reference = MinHash(num_perm=dedup.NUM_PERM, seed=1)
        grams = shingles(text)
        if grams:
            reference.update_batch(list(grams))
        assert (dedup.signature(text).hashvalues == reference.hashvalues).all()


# ------------------------------------------------------------------------------------------
# Deduplication
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def archive() -> tuple[list[Any], list[list[Any]], DedupStats]:
    docs = synthetic.meeting_dicts(DOCUMENTS, seed=7)
    stats = DedupStats()
    return docs, group_near_duplicates(docs, stats), stats


def test_archive_has_every_kind_of_copy(archive: Any) -> None:
    docs, _, _ = archive
    ids = [d.meeting_id for d in docs]
    # only the content can tell a copy; an id used twice is two meetings of one group on one day
    shared: dict[str, set[int]] = defaultdict(set)
    for d in docs:
        shared[d.meeting_id].add(d.truth)
    uses = Counter(ids)
    twice = [i for i, n in uses.items() if n > 1]
    assert len(twice) >= 20 and all(len(shared[i]) == uses[i] for i in twice)
    for kind in (r"_copy$", r"_ocr-\d+$", r"^undated_"):
        assert sum(bool(re.search(kind, i)) for i in ids) >= 50, kind


def test_copies_are_grouped(archive: Any) -> None:
    """Copies of one meeting come together, unless a copy's date was misread: two dates are two
    meetings, however alike the texts (precision first), so that copy stays on its own."""
    docs, groups, _ = archive
    group_of = {id(d): k for k, g in enumerate(groups) for d in g}
    by_truth: dict[tuple[int, str | None], set[int]] = defaultdict(set)
    originals = {d.truth: d.date for d in docs if d.date and "_ocr-" not in d.meeting_id}
    misread = 0
    for d in docs:
        if d.date and d.date != originals.get(d.truth):
            misread += 1
            assert len(groups[group_of[id(d)]]) == 1, d.meeting_id  # nothing else joined it
            continue
        by_truth[(d.truth, None)].add(group_of[id(d)])
    split = {t: g for t, g in by_truth.items() if len(g) > 1}
    assert not split, f"{len(split)} meetings split over several groups"
    assert misread >= 50
    assert len(groups) == len(by_truth) + misread


def test_meetings_sharing_boilerplate_stay_apart(archive: Any) -> None:
    docs, groups, _ = archive
    mixed = [sorted({d.meeting_id for d in g}) for g in groups if len({d.truth for d in g}) > 1]
    assert not mixed, f"different meetings grouped: {mixed[:3]}"
    # … and the test means something: meetings of one group do share their boilerplate
    by_body: dict[str, list[Any]] = defaultdict(list)
    for d in docs:
        date, _, body = d.meeting_id.partition("_")
        if date[:1].isdigit() and not body.startswith("ocr-") and not body.endswith("_copy"):
            by_body[body].append(d)
    assert min(len(ms) for ms in by_body.values()) >= 30
    a, b = (shingles(d.text) for d in next(iter(by_body.values()))[:2])
    assert len(a & b) / len(a | b) > 0.1


def test_few_pairs_are_compared(archive: Any) -> None:
    docs, _, stats = archive
    assert stats.documents == len(docs)
    assert stats.candidate_pairs < 0.01 * _all_pairs(len(docs))
    assert stats.candidate_pairs < 2 * len(docs)  # in practice: a few per document


# ------------------------------------------------------------------------------------------
# Person registry
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def registry_case() -> tuple[Any, Any, list[str]]:
    """A synthetic archive of 3,000 meetings with realistic Czech names (benchmarks/synthetic.py):
    surnames and first names by frequency, several people per surname, lists with initials,
    lost accents and typos, declined mentions read by zapis's own parser."""
    archive = synthetic.registry_archive(DOCUMENTS, seed=DOCUMENTS)
    registry = build_people(archive.occurrences)
    predicted = [registry.lookup(o.name, o.meeting_id).person_id for o in archive.occurrences]
    return archive, registry, predicted


def test_registry_is_precise_and_finds_declined_and_misspelt_forms(registry_case: Any) -> None:
    archive, _, predicted = registry_case
    assert len(archive.occurrences) > 30_000 and archive.people >= 500
    precision, recall = synthetic.pairwise_scores(predicted, archive.truth)
    assert precision >= 0.995, f"pairwise precision {precision:.4f}"
    assert recall >= 0.97, f"pairwise recall {recall:.4f}"


def test_registry_never_merges_two_names_of_one_list(registry_case: Any) -> None:
    archive, _, predicted = registry_case
    by_list: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for occurrence, person_id, truth in zip(archive.occurrences, predicted, archive.truth, strict=True):
        if occurrence.list_key:
            by_list[occurrence.list_key][person_id].add(truth)
    assert by_list  # the archive has lists
    merged = [key for key, records in by_list.items() for truths in records.values() if len(truths) > 1]
    assert not merged, f"two people of one list in one record: {merged[:3]}"


def test_registry_compares_few_pairs(registry_case: Any) -> None:
    archive, registry, _ = registry_case
    names = len({o.name for o in archive.occurrences})
    assert names > 2000
    assert registry.comparisons < 0.01 * _all_pairs(names)
