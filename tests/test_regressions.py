"""Bugs a careful reader could plant, each caught by the test named after what it protects.

Each test states the symptom a user would see; the mutation it was written against is named
in its docstring.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner

from zapis.archive import IngestSettings, ingest_directory
from zapis.archive import cache as cache_module
from zapis.archive.dedup import DedupStats, Fingerprint, group_near_duplicates
from zapis.cli import main
from zapis.compare import CopyText, align
from zapis.errors import OutputError
from zapis.output import write_atomic
from zapis.parse import parse_meeting
from zapis.readers import ExtractOptions

from .conftest import SAMPLES


def _minutes_folder(root: Path, texts: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


MINUTES = (
    "Zápis z jednání komise sociální\n{date}, 13:00 hod, radnice\n"
    "Přítomni: Jana Nováková, Petr Svoboda\nZapsal: Petr Svoboda\n{extra}"
)


def test_a_january_next_meeting_after_a_november_meeting_is_next_year() -> None:
    """Mutation: next meetings without a year always take the meeting's year."""
    fields = parse_meeting(MINUTES.format(date="24. 11. 2022", extra="Příští jednání 9. 1. ve 13:30.")).fields
    assert [(n.date, n.time) for n in fields.next_meetings] == [(dt.date(2023, 1, 9), "13:30")]
    fields = parse_meeting(MINUTES.format(date="24. 11. 2022", extra="Příští jednání 8. 12. ve 13:30.")).fields
    assert [n.date for n in fields.next_meetings] == [dt.date(2022, 12, 8)]


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mutation: writing straight into the target (a crash leaves half a file)."""
    target = tmp_path / "zapis.out"
    target.write_bytes(b'{"old": true}\n')

    def disk_full(fd: int) -> None:
        # the moment the new bytes reach the disk, the old file must still be whole
        assert target.read_bytes() == b'{"old": true}\n'
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(target, b'{"new": true, "long": "' + b"x" * 100_000 + b'"}\n')
    assert target.read_bytes() == b'{"old": true}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["zapis.out"]  # no temporary file left behind


def test_a_new_zapis_redoes_every_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mutation: a cache keyed by content alone (results of old code are reused)."""
    folder = _minutes_folder(tmp_path / "in", {"a.txt": MINUTES.format(date="19. září 2022", extra="")})
    settings = IngestSettings(workers=1)
    assert ingest_directory(folder, tmp_path / "out", settings).summary.extracted == 1
    assert ingest_directory(folder, tmp_path / "out", settings).summary.extracted == 0
    monkeypatch.setattr(cache_module, "pipeline_version", lambda: "0.0.0+another-build")
    assert ingest_directory(folder, tmp_path / "out", settings).summary.extracted == 1


def test_an_encrypted_file_is_read_once_the_password_is_given(tmp_path: Path) -> None:
    """Mutation: the cached "encrypted" error is kept after --password."""
    folder = tmp_path / "in"
    folder.mkdir()
    doc = pymupdf.open(SAMPLES / "pdf" / "000.pdf")
    doc.save(folder / "tajny.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="vlastnik", user_pw="heslo")
    first = ingest_directory(folder, tmp_path / "out", IngestSettings(workers=1))
    assert (first.files[0].status, first.files[0].kind) == ("error", "encrypted")
    second = ingest_directory(
        folder, tmp_path / "out", IngestSettings(options=ExtractOptions(password="heslo"), workers=1)
    )
    assert second.files[0].status == "ok" and second.files[0].meeting_id is not None
    assert second.files[0].meeting_id.startswith("2022-09-19_")


class _Doc:
    def __init__(self, meeting_id: str, date: str | None, text: str) -> None:
        self.meeting_id, self.date, self.fingerprint = meeting_id, date, Fingerprint.of(text)


def test_two_meetings_with_similar_minutes_and_other_dates_stay_apart() -> None:
    """Mutation: copies are merged whatever their dates say."""
    common = "Přítomni: Jana Nováková, Petr Svoboda, Eva Malá. Program: rozpočet, různé. " * 3
    a = _Doc("2022-09-19_komise", "2022-09-19", common + "Projednán rozpočet na rok 2023 a oprava školy.")
    b = _Doc("2022-10-17_komise", "2022-10-17", common + "Projednán rozpočet na rok 2023 a oprava mostu.")
    c = _Doc("undated_komise_1", None, common + "Projednán rozpočet na rok 2023 a oprava školy.")
    stats = DedupStats()
    groups = group_near_duplicates([a, b, c], stats)
    assert stats.candidate_pairs >= 1  # the texts are similar enough to be compared
    assert [[d.meeting_id for d in g] for g in groups] == [
        ["2022-09-19_komise", "undated_komise_1"],
        ["2022-10-17_komise"],
    ]


def test_vote_counts_are_read_in_their_order() -> None:
    """Mutation: for and against swapped."""
    text = MINUTES.format(date="19. září 2022", extra="Usnesení č. 3/2022: Komise schvaluje rozpočet.\n"
                          "Hlasování: pro 7, proti 2, zdržel se 1\n")  # fmt: skip
    (decision,) = parse_meeting(text).fields.decisions
    assert (decision.votes_for, decision.votes_against, decision.votes_abstained) == (7, 2, 1)


def test_the_ingest_summary_names_every_failed_file(tmp_path: Path) -> None:
    """Mutation: the CLI summary drops the error lines."""
    folder = _minutes_folder(tmp_path / "in", {"dobry.txt": MINUTES.format(date="19. září 2022", extra="")})
    (folder / "rozbity.pdf").write_bytes(b"%PDF-1.7\nthis is not a PDF at all\n")
    args = ["ingest", str(folder), "-o", str(tmp_path / "out"), "-j", "1"]
    assert CliRunner().invoke(main, args).exit_code == 1
    again = CliRunner().invoke(main, args)  # from the cache: no file is read, only the summary speaks
    assert again.exit_code == 1
    summary = again.output[again.output.index("zapis ingest: 2 files") :]
    assert "1 failed" in summary
    assert "error [corrupt] rozbity.pdf: corrupt or truncated PDF" in summary


def test_a_missing_space_is_no_difference() -> None:
    """Mutation: spacing around punctuation counts as a change of wording."""
    a = "Přítomni:Jana Nováková,Petr Svoboda . Jednání bylo zahájeno v 13:00 hod."
    b = "Přítomni: Jana Nováková, Petr Svoboda. Jednání bylo zahájeno v 13:00 hod ."
    assert align(CopyText(a), CopyText(b)).differences == []
    assert align(CopyText(a), CopyText(b.replace("Svoboda", "Svobodová"))).differences != []


def test_copies_merge_into_the_best_copys_fields(tmp_path: Path) -> None:
    """Mutation: the merged meeting takes its fields from the OCR copy instead of the text layer."""
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    for src, name in ((SAMPLES / "scan" / "004-scan.pdf", "a-sken.pdf"), (SAMPLES / "pdf" / "004.pdf", "b.pdf")):
        shutil.copy(src, folder / name)
    shutil.copy(SAMPLES / "txt" / "004.txt", folder / "c.txt")
    report = ingest_directory(folder, tmp_path / "out", IngestSettings(workers=2))
    assert report.summary.meetings == 1
    from zapis.schema import load_meeting

    (path,) = (tmp_path / "out" / "meetings").glob("*.json")
    meeting = load_meeting(path.read_bytes())
    assert [s.method for s in meeting.sources] == ["text-layer", "text", "ocr"]
    assert meeting.provenance["date"].source == 0 and meeting.sources[0].path == "b.pdf"


def test_the_registry_never_gives_a_first_name_the_text_did_not(tmp_path: Path) -> None:
    """Mutation: a surname-only mention takes the full name of the person it is linked to."""
    folder = _minutes_folder(
        tmp_path / "in",
        {
            "a.txt": MINUTES.format(date="19. září 2022", extra=""),
            "b.txt": MINUTES.format(date="17. října 2022", extra="Rozpočet představila paní Nováková.\n"),
        },
    )
    ingest_directory(folder, tmp_path / "out", IngestSettings(workers=1))
    from zapis.schema import load_meeting

    october = load_meeting((tmp_path / "out" / "meetings" / "2022-10-17_komise-socialni.json").read_bytes())
    (mention,) = october.mentions
    attendee = next(a for a in october.attendees if a.name == "Jana Nováková")
    assert (mention.name, mention.person_id) == ("Nováková", attendee.person_id)


def test_organizations_written_with_and_without_a_comma_are_one_record(tmp_path: Path) -> None:
    """Bug: "Sazka a.s." and "Sazka, a.s." got one org_id in two records and the catalog refused them."""
    extra = "Smlouva se společností Stavby Lhota a.s. byla podepsána; Stavby Lhota, a.s. dodá dřevo.\n"
    folder = _minutes_folder(tmp_path / "in", {"a.txt": MINUTES.format(date="19. září 2022", extra=extra)})
    report = ingest_directory(folder, tmp_path / "out", IngestSettings(workers=1))
    assert report.summary.meetings == 1
    import json

    orgs = json.loads((tmp_path / "out" / "organizations.json").read_text(encoding="utf-8"))
    assert [o["org_id"] for o in orgs].count("stavby-lhota-a-s") == 1
