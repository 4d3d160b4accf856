"""A hostile or unlucky archive: code in it never runs, a long name, a link swapped in mid-run, a
poster-sized page, a huge text file, a stray byte, damaged state and escape sequences neither
stop the batch nor lose data nor reach the terminal.  (The batch's processes, signals and
outputs: tests/test_reliability.py.)"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner

import zapis.archive as archive_module
from zapis.archive import IngestSettings, ingest_directory
from zapis.archive.cache import ResultCache
from zapis.archive.dedup import DedupStats, Fingerprint, group_near_duplicates
from zapis.cli import main
from zapis.readers import ExtractOptions, extract, reader_for
from zapis.schema import load_meeting

from .conftest import SAMPLES
from .plugins import ocr_engines

ZAPIS = str(Path(sys.executable).with_name("zapis"))  # the installed command, as a user runs it
MINUTES = (
    "Zápis z jednání komise sociální\n{day}. září 2022, 13:00 hod, radnice\n"
    "Přítomni: Jana Nováková, Petr Svoboda\nZapsal: Petr Svoboda\n"
)


def _minutes(day: int) -> str:
    return MINUTES.format(day=day)


def _archive(root: Path, days: tuple[int, ...] = (1, 2)) -> Path:
    root.mkdir(parents=True)
    for day in days:
        (root / f"zapis-{day:02d}.txt").write_text(_minutes(day), encoding="utf-8")
    return root


# --- 1. code from the archive never runs --------------------------------------------------------


@pytest.mark.parametrize("trap", ["modules", "empty-folder"])
def test_code_in_the_archive_never_runs_and_a_folder_named_zapis_breaks_nothing(tmp_path: Path, trap: str):
    archive = _archive(tmp_path / "archiv")
    ran = tmp_path / "code-from-the-archive-ran"
    if trap == "modules":
        # what a worker imports: zapis itself, the standard library that starts it, a library it uses late
        for name in ("zapis.py", "multiprocessing.py", "datasketch.py"):
            (archive / name).write_text(f"open({str(ran)!r}, 'a').write({name!r})\n", encoding="utf-8")
    else:
        (archive / "zapis").mkdir()  # a natural name for a folder of minutes
    proc = subprocess.run(
        [ZAPIS, "ingest", ".", "-o", "../out", "-j", "2"], cwd=archive, capture_output=True, text=True, timeout=300
    )
    assert not ran.exists(), ran.read_text()
    assert "Traceback" not in proc.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    status = {f["path"]: (f["status"], f["kind"]) for f in report["files"]}
    assert status["zapis-01.txt"] == status["zapis-02.txt"] == ("ok", None)
    if trap == "modules":
        assert status["zapis.py"] == ("not-minutes", None)  # read as a text like any other (never imported): no minutes
    assert proc.returncode == 0, proc.stderr


# --- 2. a name too long for a file name -------------------------------------------------------


def test_a_body_name_too_long_for_a_file_name_gives_a_shortened_name(tmp_path: Path):
    archive = tmp_path / "archiv"
    archive.mkdir()
    body = "Komise pro " + " a ".join(
        ["koordinaci" + "rozvojevenkovskýchobcí" * 4, "podporu" + "spolkovéčinnosti" * 5, "kulturu" + "obcí" * 20]
    )
    text = f"Zápis z jednání {body}\n19. září 2022, 13:00 hod, radnice\nPřítomni: Jana Nováková\nZapsal: Eva Malá\n"
    (archive / "dlouhy.txt").write_text(text, encoding="utf-8")
    (archive / "kratky.txt").write_text(_minutes(5), encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(2):  # and again: the result of the long one is cached, the run still finishes
        report = ingest_directory(archive, out, IngestSettings(workers=1))
        assert report.summary.ok == 2 and report.summary.meetings == 2
        long_id = next(f.meeting_id for f in report.files if f.path == "dlouhy.txt")
        assert long_id and len(long_id) > 260
        names = sorted(p.name for p in (out / "meetings").iterdir())
        assert len(names) == 2 and all(len(n.encode()) <= 255 for n in names)
        long_file = next(n for n in names if n.startswith(long_id[:100]))
        assert long_file != f"{long_id}.json" and long_file.endswith(".json")
        assert load_meeting((out / "meetings" / long_file).read_bytes()).meeting_id == long_id
        assert (out / "report.json").is_file()


# --- 5. a link swapped in after the folder was listed --------------------------------------------


def test_a_link_swapped_in_after_listing_pulls_nothing_from_outside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    archive = _archive(tmp_path / "archiv", days=(1, 3))
    (archive / "sub").mkdir()
    (archive / "sub" / "b.txt").write_text(_minutes(2), encoding="utf-8")
    outside = tmp_path / "mimo"
    outside.mkdir()
    secret = _minutes(9).replace("komise sociální", "komise TAJNÁ")
    (outside / "tajne.txt").write_text(secret, encoding="utf-8")
    (outside / "b.txt").write_text(secret, encoding="utf-8")
    listed = archive_module.discover

    def listed_then_swapped(*args, **kwargs):  # type: ignore[no-untyped-def]
        candidates = list(listed(*args, **kwargs))
        # a file and a folder become links out of the archive once the folder has been listed
        (archive / "zapis-01.txt").unlink()
        os.symlink(outside / "tajne.txt", archive / "zapis-01.txt")
        shutil.rmtree(archive / "sub")
        os.symlink(outside, archive / "sub")
        yield from candidates

    looked_up = ResultCache.get

    def swapped_after_hashing(self: ResultCache, sha: str):  # type: ignore[no-untyped-def]
        # the next file has been read for its hash: now it too becomes a link, before a worker
        # works on it; the worker is given the bytes read and checked, the link is never opened
        if (archive / "zapis-03.txt").is_file() and not (archive / "zapis-03.txt").is_symlink():
            (archive / "zapis-03.txt").unlink()
            os.symlink(outside / "tajne.txt", archive / "zapis-03.txt")
        return looked_up(self, sha)

    monkeypatch.setattr(archive_module, "discover", listed_then_swapped)
    monkeypatch.setattr(ResultCache, "get", swapped_after_hashing)
    out = tmp_path / "out"
    report = ingest_directory(archive, out, IngestSettings(workers=1))
    got = {f.path: f for f in report.files}
    assert (got["zapis-01.txt"].status, got["zapis-01.txt"].kind) == ("error", "unreadable")
    assert "symbolic link" in (got["zapis-01.txt"].reason or "")
    assert (got["sub/b.txt"].status, got["sub/b.txt"].kind) == ("error", "unreadable")
    assert "outside the input folder" in (got["sub/b.txt"].reason or "")
    assert got["zapis-03.txt"].status == "ok"  # read once, inside the archive, before the swap
    assert report.summary.ok == 1
    written = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert "TAJNÁ".encode() not in written


# --- 7. the output folder is the input folder ----------------------------------------------------


def test_the_input_folder_as_output_folder_is_refused(tmp_path: Path):
    archive = _archive(tmp_path / "archiv")
    before = sorted(p.name for p in archive.iterdir())
    for target in (archive, archive / ".." / "archiv"):
        result = CliRunner().invoke(main, ["ingest", str(archive), "-o", str(target)])
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1 and "is the input folder" in result.stderr
    assert sorted(p.name for p in archive.iterdir()) == before  # nothing written, nothing read back
    out = tmp_path / "out"
    ingest_directory(archive, out, IngestSettings(workers=1))
    result = CliRunner().invoke(main, ["ingest", str(out / "meetings"), "-o", str(out)])
    assert result.exit_code == 2 and "lies inside the outputs" in result.stderr
    # an output folder inside the input folder is fine: it is never read back
    for _ in range(3):
        report = ingest_directory(archive, archive / "out", IngestSettings(workers=1))
        assert report.summary.meetings == 2 and report.summary.files_seen == 2


# --- 8. resource caps ----------------------------------------------------------------------------


def _poster_pdf(path: Path, pages: list[float], corners: bool = True) -> bytes:
    """Square pages of the given sizes (points), each a scan without text: OCR has to read them.
    With ``corners``, marks in the corners put ink all over the page (else one line of print)."""
    scan = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 100, 100), False)
    scan.clear_with(255)
    scan.set_rect(pymupdf.IRect(10, 10, 60, 14), (0,))  # a line of "print"
    if corners:
        scan.set_rect(pymupdf.IRect(1, 1, 3, 3), (0,))
        scan.set_rect(pymupdf.IRect(97, 97, 99, 99), (0,))
    doc = pymupdf.open()
    for size in pages:
        doc.new_page(width=size, height=size).insert_image(pymupdf.Rect(0, 0, size, size), pixmap=scan)
    data: bytes = doc.tobytes()
    path.write_bytes(data)
    return data


def test_a_poster_sized_page_is_rendered_within_the_pixel_cap_below_72_dpi(tmp_path: Path):
    # 11.3 m square: 1 gigapixel at 72 dpi, 40 megapixels (the cap) at 14 dpi
    data = _poster_pdf(tmp_path / "plakat.pdf", [32_000])
    engine = ocr_engines.Recording()
    options = ExtractOptions(ocr_engine=engine)
    reading = reader_for("pdf")(data, options)
    assert engine.sizes and all(w * h <= options.max_page_pixels for w, h in engine.sizes)
    warning = next(w for w in reading.warnings if "the page is huge" in w)
    assert "1129 × 1129 cm" in warning and "OCRed at 14 dpi" in warning and "small print may be lost" in warning


def test_a_small_notice_on_a_poster_keeps_more_resolution_than_the_whole_poster_could(tmp_path: Path):
    # only the part with ink is rendered, so the pixel cap is spent on it: ~100 dpi, not 14
    data = _poster_pdf(tmp_path / "plakat.pdf", [32_000], corners=False)
    engine = ocr_engines.Recording()
    options = ExtractOptions(ocr_engine=engine)
    reading = reader_for("pdf")(data, options)
    (size,) = engine.sizes
    assert 0.9 * options.max_page_pixels < size[0] * size[1] <= options.max_page_pixels
    warning = next(w for w in reading.warnings if "the page is huge" in w)
    dpi = int(re.search(r"OCRed at (\d+) dpi", warning).group(1))  # type: ignore[union-attr]
    assert 90 <= dpi <= 110 and "small print may be lost" not in warning


def test_huge_pages_are_read_alone_within_the_pixel_budget(tmp_path: Path):
    # two A4 pages and two huge ones, read by two threads: never more pixels at once than the budget
    data = _poster_pdf(tmp_path / "smes.pdf", [842, 20_000, 842, 20_000])
    engine = ocr_engines.Recording()
    options = ExtractOptions(ocr_engine=engine, ocr_workers=2, max_page_pixels=20_000_000)
    reader_for("pdf")(data, options)
    assert len(engine.sizes) == 4
    huge = max(w * h for w, h in engine.sizes)
    assert huge > options.max_page_pixels * 0.9  # a huge page uses (almost) the whole budget …
    assert engine.most_pixels <= options.max_page_pixels  # … so it was read alone


def test_a_text_file_over_max_bytes_is_refused(tmp_path: Path):
    big = tmp_path / "velky.txt"
    big.write_text(_minutes(1) + "Různé: " + "slovo " * 40_000, encoding="utf-8")  # 240 kB
    result = CliRunner().invoke(main, ["extract", str(big), "--max-bytes", "100000"])
    assert result.exit_code == 1
    assert "more than the limit of 100,000" in result.stderr and "--max-bytes" in result.stderr
    assert CliRunner().invoke(main, ["extract", str(big)]).exit_code == 0  # under the default (5 MB)
    archive = _archive(tmp_path / "archiv")
    shutil.copy(big, archive / "velky.txt")
    report = ingest_directory(archive, tmp_path / "out", IngestSettings(options=ExtractOptions(max_bytes=100_000)))
    got = {f.path: f for f in report.files}
    assert (got["velky.txt"].kind, got["zapis-01.txt"].status) == ("too_large", "ok")


# --- 9. damaged state ----------------------------------------------------------------------------


def test_cache_entries_of_the_wrong_shape_are_done_again(tmp_path: Path):
    archive = _archive(tmp_path / "archiv", days=(1, 2, 3, 4, 5, 6, 7))
    out = tmp_path / "out"
    first = ingest_directory(archive, out, IngestSettings(workers=1))
    reference = {p.name: p.read_bytes() for p in (out / "meetings").iterdir()}
    entries = sorted(p for p in (out / ".cache").rglob("*.json"))
    sha = {p: p.stem for p in entries}
    damaged = [
        b"{}",
        b'{"status": "ok"}',
        json.dumps({"status": "ok", "sha256": sha[entries[2]]}).encode(),  # ok without its meeting
        b"[]",
        json.dumps({"status": "error", "sha256": sha[entries[4]]}).encode(),  # an error without a reason
    ]
    for path, data in zip(entries, damaged, strict=False):
        path.write_bytes(data)
    whole = json.loads(entries[5].read_bytes())
    entries[5].write_bytes(json.dumps({**whole, "fingerprint": "zz"}).encode())
    whole = json.loads(entries[6].read_bytes())  # of the right length, one character not hex
    entries[6].write_bytes(json.dumps({**whole, "fingerprint": whole["fingerprint"][:-1] + "g"}).encode())
    second = ingest_directory(archive, out, IngestSettings(workers=1))
    assert first.summary.extracted == 7 and second.summary.extracted == 7 and second.summary.ok == 7
    assert {p.name: p.read_bytes() for p in (out / "meetings").iterdir()} == reference


@pytest.mark.parametrize("damage", [b"{", b"[{}]", b'{"person_id": 1}', b"[1, 2]", b"\xff\xfe\x00"])
def test_a_damaged_people_json_is_one_line(tmp_path: Path, damage: bytes):
    out = tmp_path / "out"
    ingest_directory(_archive(tmp_path / "archiv"), out, IngestSettings(workers=1))
    assert CliRunner().invoke(main, ["people", str(out)]).exit_code == 0
    (out / "people.json").write_bytes(damage)
    result = CliRunner().invoke(main, ["people", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and "people.json is damaged" in result.stderr
    assert "run zapis ingest DIR -o" in result.stderr and "Traceback" not in result.output
    (out / "people.json").unlink()  # damaged on purpose: not an output of zapis


def test_search_with_a_huge_limit_shows_every_passage(tmp_path: Path):
    out = tmp_path / "out"
    ingest_directory(_archive(tmp_path / "archiv", days=(1, 2, 3)), out, IngestSettings(workers=1))
    every = CliRunner().invoke(main, ["search", str(out), "Nováková", "-n", "1000", "--format", "json"])
    for limit in (str(2**63 - 1), str(10**30)):
        result = CliRunner().invoke(main, ["search", str(out), "Nováková", "-n", limit, "--format", "json"])
        assert result.exit_code == 0, result.output
        assert len(json.loads(result.stdout)) == len(json.loads(every.stdout)) == 3


# --- 10. quality faults that lose data silently ----------------------------------------------------


def test_1500_templated_minutes_with_their_own_dates_stay_1500_meetings():
    template = (
        "Zápis z jednání kontrolního výboru. Přítomni: Jana Nováková, Petr Svoboda, Eva Malá, Karel Dvořák. "
        "Program: 1. Zahájení 2. Kontrola plnění usnesení 3. Rozpočtová opatření 4. Různé. "
        "Výbor vzal na vědomí zprávu o plnění usnesení a doporučil zastupitelstvu schválit rozpočtová opatření. "
    ) * 3

    class Doc:
        def __init__(self, meeting_id: str, date: str | None, text: str) -> None:
            self.meeting_id, self.date, self.fingerprint = meeting_id, date, Fingerprint.of(text)

    start = dt.date(2000, 1, 3)
    days = [(start + dt.timedelta(days=7 * i)).isoformat() for i in range(1500)]
    docs = [Doc(f"{d}_kontrolni-vybor", d, f"{d}. {template}Zapsala: Eva Malá") for d in days]
    docs += [Doc(f"undated_kontrolni-vybor_{i:08x}", None, f"{template}Zapsala: Eva Malá {i}") for i in range(3)]
    stats = DedupStats()
    groups = group_near_duplicates(docs, stats)
    assert stats.candidate_pairs > 1000  # the texts were similar enough to be compared
    dated = [sorted({d.date for d in g if d.date}) for g in groups]
    assert sorted(x for g in dated for x in g) == days  # every date kept …
    assert all(len(g) == 1 for g in dated if g)  # … in a meeting of its own: no two dates merged
    assert len(groups) >= 1500 and sum(len(g) for g in groups) == 1503


def test_a_stray_byte_in_a_utf8_file_is_replaced_and_the_rest_stays_utf8(tmp_path: Path):
    lines = (_minutes(19) + "Příští jednání 14. 11. 2022 ve 13:30, místnost č. 209.\n").split("\n")
    lines[1] = lines[1].replace("radnice", "rad\udcffnice")  # a byte that is no letter in any encoding
    lines[2] = lines[2].encode("cp1250").decode("utf-8", "surrogateescape")  # a line pasted from a windows-1250 file
    data = "\n".join(lines).encode("utf-8", "surrogateescape")
    path = tmp_path / "zapis.txt"
    path.write_bytes(data)
    doc = extract(path)
    assert doc.pages[0].engine == "text:utf-8"
    assert "Zápis z jednání komise sociální" in doc.pages[0].text  # not mojibake
    assert "Přítomni: Jana Nováková, Petr Svoboda" in doc.pages[0].text  # the 8-bit line read as such
    assert "rad\ufffdnice" in doc.pages[0].text
    assert any("line 2: bytes that are not UTF-8 were replaced" in w for w in doc.warnings)
    assert any("line 3 not UTF-8 like the rest of the file: read as cp1250" in w for w in doc.warnings)
    result = CliRunner().invoke(main, ["extract", str(path)])
    meeting = load_meeting(result.stdout)
    assert meeting.date == dt.date(2022, 9, 19) and meeting.body == "Komise sociální"
    assert [a.name for a in meeting.attendees] == ["Jana Nováková", "Petr Svoboda"]


ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31mČERVENĚ\x9b31m\u202eztrá\x00ta"


def test_escape_sequences_from_documents_never_reach_the_terminal(tmp_path: Path):
    from zapis.pipeline import extract_meeting

    a = extract_meeting(SAMPLES / "txt" / "000.txt")
    b = a.model_copy(update={"location": f"Radnice {ESCAPES}", "text": a.text + f"\nDodatek {ESCAPES}"})
    (tmp_path / "a.json").write_text(a.model_dump_json(), encoding="utf-8")
    (tmp_path / f"b{ESCAPES[:4]}.json").write_text(b.model_dump_json(), encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(tmp_path / "a.json"), str(tmp_path / f"b{ESCAPES[:4]}.json")])
    assert result.exit_code == 1
    assert "ČERVENĚ" in result.stdout and "ztrá ta" in result.stdout  # the text is there …
    for control in ("\x1b", "\x07", "\x9b", "\u202e", "\x00"):
        assert control not in result.stdout  # … without a single control character


def test_names_with_escape_sequences_are_printed_safely_by_people_and_search(tmp_path: Path):
    archive = tmp_path / "archiv"
    archive.mkdir()
    text = _minutes(1).replace("Petr Svoboda\nZapsal", f"Petr Svoboda{ESCAPES[:12]}\nZapsal")
    (archive / "zapis.txt").write_text(text + f"Různé: {ESCAPES}\n", encoding="utf-8")
    out = tmp_path / "out"
    ingest_directory(archive, out, IngestSettings(workers=1))
    people = json.loads((out / "people.json").read_text(encoding="utf-8"))
    people[0]["name"] += ESCAPES
    (out / "people.json").write_text(json.dumps(people, ensure_ascii=False), encoding="utf-8")
    commands = [["people", str(out)], ["people", str(out), "--explain", people[0]["name"][:4]]]
    for args in [*commands, ["search", str(out), "Různé"]]:
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, (args, result.output)
        assert not any(c in result.stdout for c in ("\x1b", "\x07", "\x9b", "\u202e", "\x00")), args
