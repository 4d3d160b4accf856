"""Deduplication and the person registry at archive scale, on synthetic data built in memory.

The generator is the benchmarks' own (benchmarks/synthetic.py): Czech-ish minutes of working
groups that share boilerplate, some followed by a copy under another meeting_id (reflowed;
OCR-noisy with a misread day; reflowed without a date), each dict labelled with the meeting it
really is.  Checks that copies are grouped, different meetings are not, and that both stages
compare a tiny share of all pairs (blocking works), which is what keeps them near-linear.
"""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import cdist

from zapis.archive import dedup
from zapis.archive.dedup import DedupStats, group_near_duplicates, shingles
from zapis.archive.registry import build_people
from zapis.lang import fold

DOCUMENTS = 3000
PEOPLE = 1500


ROOT = Path(__file__).resolve().parent.parent


def _load_synthetic() -> ModuleType:
    path = ROOT / "benchmarks" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("zapis_bench_synthetic", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


synthetic = _load_synthetic()


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
    assert len(set(ids)) == len(ids)  # only the text can tell a copy
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


def _distinct_people(rng: random.Random, n: int) -> list[Any]:
    """People no rule could take for one another: surnames ≥3 edits apart (so a surname alone
    or a typo fits exactly one person), long enough (≥7 letters) for a typo to be allowed."""
    candidates = [p for p in synthetic.people(rng, 2 * n) if len(p.surname) >= 7]
    folded = [fold(p.surname) for p in candidates]
    distances = cdist(folded, folded, scorer=Levenshtein.distance, score_cutoff=2, workers=1)
    kept: list[int] = []
    for i in range(len(candidates)):
        if all(distances[i][j] > 2 for j in kept):
            kept.append(i)
    return [candidates[i] for i in kept[:n]]


@pytest.fixture(scope="module")
def registry_case() -> tuple[list[Any], dict[str, int], Any, int]:
    rng = random.Random(11)
    persons = _distinct_people(rng, PEOPLE)
    expected: dict[str, int] = {}  # written form → index of the person it is
    occurrences: list[tuple[str, str, str]] = []
    for k, p in enumerate(persons):
        forms = [p.name, p.name, f"{p.first[0]}. {p.surname}", f"{p.first} {synthetic.typo(rng, p.surname)}"]
        if k % 3 == 0:
            forms.append(synthetic.declined(p))
        for m, form in enumerate(forms):
            expected[form] = k
            occurrences.append((form, form, f"meeting-{(k + m * 97) % 400}"))
    rng.shuffle(occurrences)
    return persons, expected, build_people(occurrences), len(expected)


def test_registry_merges_declined_and_misspelt_forms(registry_case: Any) -> None:
    persons, expected, registry, _ = registry_case
    assert len(persons) >= 1000
    wrong = [
        (form, persons[k].name)
        for form, k in expected.items()
        if registry.lookup(form).person_id != registry.lookup(persons[k].name).person_id
    ]
    assert not wrong, f"{len(wrong)} forms not merged with their person, e.g. {wrong[:5]}"


def test_registry_keeps_distinct_people_apart(registry_case: Any) -> None:
    persons, _, registry, _ = registry_case
    assert len(registry.records) == len(persons)
    assert len({registry.lookup(p.name).person_id for p in persons}) == len(persons)


def test_registry_compares_few_pairs(registry_case: Any) -> None:
    _, _, registry, names = registry_case
    assert names > 4000
    assert registry.comparisons < 0.01 * _all_pairs(names)
