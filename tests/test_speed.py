"""What makes ``zapis ingest`` fast, kept from changing what it writes: every file is opened and
read once and hashed once, a second run takes everything from the cache without starting a
worker, and outputs built from the cache are the bytes a full run writes.  (How fast it is is
``make bench``'s business, not a test's.)"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from zapis.archive import IngestSettings, ingest_directory
from zapis.archive.dedup import LSH_BANDS, LSH_THRESHOLD, NUM_PERM
from zapis.archive.registry import build_people, occurrences_of
from zapis.archive.worker import process_bytes
from zapis.readers import ExtractOptions
from zapis.schema import load_meeting

MINUTES = (
    "Zápis z jednání komise {body}\n{day}. září 2022, 13:00 hod, radnice\n"
    "Přítomni: Mgr. Jana Nováková, Petr Svoboda (FOKUS Liberec), {guest}\nOmluveni: Ing. Karel Dvořák\n"
    "Paní Horáková informovala o novém plánu. Usnesení č. {day}/2022: komise schvaluje program.\n"
    "Zapsal: Petr Svoboda\n"
)


def _minutes(body: str, day: int, guest: str) -> str:
    return MINUTES.format(body=body, day=day, guest=guest)


@pytest.fixture
def archive(tmp_path: Path, samples_dir: Path) -> Path:
    root = tmp_path / "archiv"
    (root / "2022").mkdir(parents=True)
    (root / "2022" / "socialni.txt").write_text(_minutes("sociální", 19, "Eva Malá"), encoding="utf-8")
    (root / "2022" / "kopie.txt").write_bytes(_minutes("sociální", 19, "Eva Malá").encode("cp1250"))
    (root / "stavebni.txt").write_text(_minutes("stavební", 20, "Jan Veselý"), encoding="utf-8")
    shutil.copy(samples_dir / "pdf" / "000.pdf", root / "zapis.pdf")
    (root / "prazdny.txt").write_bytes(b"")
    return root


class _Opens:
    """Counts ``os.open`` of the files under one folder in this process (where every input is opened)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
        self.root = os.fspath(root)
        self.paths: list[str] = []
        real = os.open

        def counting(path, *args, **kwargs):  # type: ignore[no-untyped-def]
            if os.fspath(path).startswith(self.root + os.sep):
                self.paths.append(os.path.relpath(os.fspath(path), self.root))
            return real(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", counting)

    def per_file(self) -> dict[str, int]:
        return {p: self.paths.count(p) for p in sorted(set(self.paths))}


def _outputs(out: Path) -> dict[str, bytes]:
    files = {f"meetings/{p.name}": p.read_bytes() for p in sorted((out / "meetings").iterdir())}
    files |= {name: (out / name).read_bytes() for name in ("people.json", "organizations.json")}
    return files


def _catalog(out: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(out / "zapis.sqlite") as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(db.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def test_every_file_is_opened_once_and_workers_are_given_its_bytes(archive: Path, tmp_path: Path, monkeypatch):
    opens = _Opens(monkeypatch, archive)
    report = ingest_directory(archive, tmp_path / "out", IngestSettings(workers=1))
    # one open per file: the read that hashed it gave the worker its bytes (before: two, the
    # worker's file being opened again); the empty file is opened once too, and reported
    assert opens.per_file() == {
        "2022/kopie.txt": 1,
        "2022/socialni.txt": 1,
        "prazdny.txt": 1,
        "stavebni.txt": 1,
        "zapis.pdf": 1,
    }
    assert report.summary.extracted == 4 and report.summary.ok == 4
    assert {f.path: f.status for f in report.files}["prazdny.txt"] == "error"
    # the hash the parent computed is the one the meeting carries
    sha = hashlib.sha256((archive / "stavebni.txt").read_bytes()).hexdigest()
    meetings = [load_meeting(p.read_text(encoding="utf-8")) for p in (tmp_path / "out" / "meetings").iterdir()]
    assert sha in {s.sha256 for m in meetings for s in m.sources}


def test_a_second_run_starts_no_worker_and_writes_the_same_bytes(archive: Path, tmp_path: Path, monkeypatch):
    out = tmp_path / "out"
    ingest_directory(archive, out, IngestSettings(workers=1))
    first, first_catalog = _outputs(out), _catalog(out)

    import zapis.archive.runner as runner

    def no_workers(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a worker was started for a file the cache has")

    monkeypatch.setattr(runner, "run_local", no_workers)
    opens = _Opens(monkeypatch, archive)
    report = ingest_directory(archive, out, IngestSettings(workers=1))
    assert report.summary.extracted == 0 and all(f.cached for f in report.files if f.status == "ok")
    assert set(opens.per_file().values()) == {1}
    assert _outputs(out) == first
    assert _catalog(out) == first_catalog


def test_outputs_from_the_cache_are_the_bytes_of_a_full_run(archive: Path, tmp_path: Path):
    out = tmp_path / "out"
    ingest_directory(archive, out, IngestSettings(workers=1))
    # the archive changes: a file edited, one added, one removed
    (archive / "stavebni.txt").write_text(_minutes("stavební", 20, "Jan Veselý, Ivo Dlouhý"), encoding="utf-8")
    (archive / "2022" / "rijen.txt").write_text(_minutes("sociální", 21, "Eva Malá"), encoding="utf-8")
    (archive / "2022" / "kopie.txt").unlink()
    report = ingest_directory(archive, out, IngestSettings(workers=1))
    assert report.summary.extracted == 2
    assert {f.path for f in report.files if f.cached} == {"2022/socialni.txt", "zapis.pdf"}

    full = tmp_path / "full"
    ingest_directory(archive, full, IngestSettings(workers=1, force=True))
    assert _outputs(out) == _outputs(full)
    assert _catalog(out) == _catalog(full)
    people = json.loads((out / "people.json").read_bytes())
    assert any(p["name"] == "Ivo Dlouhý" for p in people)
    # the registry built from the names kept in the records is the one built from the meetings
    meetings = [load_meeting(p.read_text(encoding="utf-8")) for p in sorted((out / "meetings").iterdir())]
    occurrences = [o for m in meetings for o in occurrences_of([m], m.meeting_id)]
    assert sorted(r.name for r in build_people(occurrences).records) == sorted(p["name"] for p in people)


def test_a_worker_given_the_hash_does_not_hash_again(monkeypatch):
    import zapis.archive.worker as worker
    import zapis.readers as readers

    class NoHash:
        @staticmethod
        def sha256(data: bytes):  # type: ignore[no-untyped-def]
            raise AssertionError("hashed again")

    monkeypatch.setattr(worker, "hashlib", NoHash)
    monkeypatch.setattr(readers, "hashlib", NoHash)
    data = _minutes("sociální", 19, "Eva Malá").encode()
    result = process_bytes(data, "zapis.txt", ExtractOptions(), "ab" * 32)
    assert result.status == "ok" and result.sha256 == "ab" * 32
    assert result.meeting is not None and result.meeting.sources[0].sha256 == "ab" * 32
    assert str(result.meeting.date) == "2022-09-19"


def test_lsh_bands_are_datasketchs_choice():
    from datasketch import MinHashLSH

    assert list(LSH_BANDS) == list(MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM).hashranges)


_FINGERPRINT = """
import sys
from zapis.archive.dedup import Fingerprint
print(Fingerprint.of("Zápis z jednání komise sociální, 19. září 2022").minhash.hex())
print("datasketch" in sys.modules)
"""


def test_workers_fingerprint_without_importing_datasketch(tmp_path: Path):
    """datasketch's permutations are kept in the user's cache: a process computes fingerprints
    (datasketch's MinHash values) without importing it and SciPy, once the cache is there."""
    import subprocess
    import sys

    from datasketch import MinHash

    from zapis.archive.dedup import shingles

    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    runs = [
        subprocess.run([sys.executable, "-c", _FINGERPRINT], env=env, capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    (first, imported_first), (second, imported_second) = (r.stdout.split() for r in runs)
    assert (imported_first, imported_second) == ("True", "False")
    assert list((tmp_path / "cache" / "zapis").glob("minhash-*.npz"))
    reference = MinHash(num_perm=NUM_PERM, seed=1)
    reference.update_batch(list(shingles("Zápis z jednání komise sociální, 19. září 2022")))
    assert first == second == reference.hashvalues.astype("<u4").tobytes().hex()


def _indented_json(obj: object) -> bytes:
    # what zapis has always written: the standard library's indenting encoder
    return (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def test_meetings_are_written_as_the_bytes_of_the_indenting_encoder(samples_dir: Path):
    from zapis.output import dumps
    from zapis.pipeline import extract_meeting

    for path in [samples_dir / "pdf" / "001.pdf", samples_dir / "docx" / "002.docx", samples_dir / "txt" / "003.txt"]:
        meeting = extract_meeting(path)
        data = meeting.model_dump(mode="json")
        assert dumps(meeting) == _indented_json(data)
        assert '"date": "' in dumps(meeting).decode() and "  " in dumps(meeting).decode()


@pytest.mark.parametrize(
    "obj",
    [
        {"x": [1e-7, 2.5e-05], "y": 1e16, "z": -1e22},  # exponents: pydantic-core spells them otherwise
        {"nan": float("nan"), "inf": [float("-inf")]},
        {"hash": "ab1e5c", "text": "v 1e5 NaN Infinity 2e-mail", "n": 10**30, "f": [0.0001, 12.5, -0.0]},
        {"exponent in a string only": "1e-05", "email": "e-mail e+"},
        {2: "b", 1: "a"},  # keys json turns into strings, sorted as numbers first
        {"k": (1, 2), "empty": [{}, [], ""], "ctl": "\x00\x1f\x7f\u2028 č"},
        [],
        "text",
    ],
)
def test_json_of_any_value_is_the_bytes_of_the_indenting_encoder(obj: object):
    from zapis.output import dumps

    assert dumps(obj) == _indented_json(obj)


def test_json_refuses_what_the_indenting_encoder_refuses():
    from zapis.output import dumps

    with pytest.raises(UnicodeEncodeError):
        dumps({"a": "\ud800"})  # a lone surrogate cannot be UTF-8
    with pytest.raises(TypeError):
        dumps({"a": {1, 2}})
    with pytest.raises(TypeError):
        dumps({1: "a", "b": 2})  # keys of mixed types cannot be sorted


def test_the_names_kept_for_the_registries_are_one_string_each_across_records():
    from zapis.archive.registry import CopyNames, occurrences_in
    from zapis.pipeline import meeting_from_document
    from zapis.readers import extract_bytes

    def meeting(day: int):  # two meetings of one committee: the same people, read from different texts
        data = _minutes("sociální", day, "Eva Malá").encode()
        return meeting_from_document(extract_bytes(data, f"{day}.txt", ExtractOptions()))

    first, second = CopyNames.of(meeting(19)), CopyNames.of(meeting(20))
    assert [p[1] for p in first.people] == [p[1] for p in second.people]
    assert "Jana Nováková" in [p[1] for p in first.people]
    for (_, name_a, raw_a), (_, name_b, raw_b) in zip(first.people, second.people, strict=True):
        assert name_a is name_b and raw_a is raw_b  # one string for both records, not two equal ones
    attendees = [o for o in occurrences_in([first], "m1") if o.field == "attendees"]
    assert len(attendees) >= 2 and attendees[0].list_key == attendees[1].list_key == f"m1|{first.source}|attendance"
    assert attendees[0].list_key is attendees[1].list_key


def test_what_comes_from_a_worker_is_one_string_each_across_records():
    import pickle

    from zapis.archive.records import Outcome
    from zapis.archive.worker import process_file

    def arrived(day: int) -> Outcome:  # what the parent gets from a worker: pickled, sent, unpickled
        data = _minutes("sociální", day, "Eva Malá").encode()
        return pickle.loads(pickle.dumps(process_file(data, f"{day}.txt", f"2022/{day}.txt", ExtractOptions())))

    first, second = arrived(19), arrived(20)
    a, b = first.records[0], second.records[0]
    assert first.entry.path == a.rel == "2022/19.txt" and a.rel is first.entry.path and a.sha256 is first.entry.sha256
    assert a.names is not None and b.names is not None
    assert "Jana Nováková" in [p[1] for p in a.names.people]
    for (field_a, name_a, raw_a), (field_b, name_b, raw_b) in zip(a.names.people, b.names.people, strict=True):
        assert (field_a, name_a, raw_a) == (field_b, name_b, raw_b)
        assert name_a is name_b and raw_a is raw_b
    assert a.fields.attendees == b.fields.attendees and len(a.fields.attendees) >= 3
    assert all(x is y for x, y in zip(a.fields.attendees, b.fields.attendees, strict=True))
    assert a.fields.body is b.fields.body and a.fields.body is not None
    assert str(a.date) == "2022-09-19" and first.result_json is not None


def test_a_worker_is_given_its_next_file_before_the_last_one_is_handled(tmp_path: Path):
    from zapis.archive.records import Outcome, Task
    from zapis.archive.runner import run_local

    drawn: list[str] = []
    seen: dict[str, tuple[int, Outcome]] = {}

    def tasks():  # type: ignore[no-untyped-def]
        for day in (19, 20, 21):
            data = _minutes("sociální", day, "Eva Malá").encode()
            drawn.append(f"{day}.txt")
            yield Task(f"{day}.txt", str(tmp_path / f"{day}.txt"), data=data, sha256=hashlib.sha256(data).hexdigest())

    def on_result(key: str, outcome: Outcome) -> None:
        seen[key] = (len(drawn), outcome)

    run_local(tasks(), ExtractOptions(), 1, 60.0, on_result)
    # the one worker had the next file (drawn, read and sent) while this process dealt with the last
    assert seen["19.txt"][0] == 2 and seen["20.txt"][0] == 3
    outcome = seen["21.txt"][1]
    assert outcome.entry.status == "ok" and outcome.records[0].date == "2022-09-21"
    assert outcome.result_json is not None and b'"2022-09-21"' in outcome.result_json


def test_a_merge_that_may_reuse_its_copies_gives_the_same_meeting(samples_dir: Path):
    from zapis.archive.merge import merge_copies
    from zapis.output import model_json
    from zapis.pipeline import extract_meeting

    def copies() -> list:  # type: ignore[type-arg]
        return [extract_meeting(samples_dir / "pdf" / "000.pdf"), extract_meeting(samples_dir / "pdf" / "001.pdf")]

    kept = copies()
    before = [model_json(c) for c in kept]
    merged = merge_copies(kept)
    assert [model_json(c) for c in kept] == before  # without reuse the copies are left as they were
    assert "attendees" in [v.field for v in merged.variants]  # 001 writes "Jirotko" where 000 "Jirotka"
    assert len(merged.sources) == 2
    assert model_json(merge_copies(copies(), reuse=True)) == model_json(merged)
    one = copies()[:1]
    assert model_json(merge_copies(one, reuse=True)) == model_json(merge_copies(copies()[:1]))
