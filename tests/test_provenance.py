"""Exact provenance: every field and every list entry points to ``text[start:end]``, its evidence,
and on PDF and OCR pages to the box of the evidence's words on the page."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from tests.conftest import ROOT, SAMPLES
from tests.render import FONT, write_scan
from zapis.lang import fold
from zapis.pipeline import MeetingReading, extract_meetings, read_meeting
from zapis.schema import Meeting, Provenance

DEVSETS = [ROOT.parent / "shared" / "devset", ROOT.parent / "shared" / "devset2"]
SAMPLE_FILES = sorted(p for p in SAMPLES.glob("*/*") if p.suffix != ".py")


def _devset_files() -> list[Path]:
    files = []
    for folder in DEVSETS:
        gold = folder / "gold.json"
        if gold.exists():
            files += [folder / name for name in json.loads(gold.read_text(encoding="utf-8"))]
    return files


FILES = SAMPLE_FILES + _devset_files()


@cache
def reading(path: Path) -> MeetingReading:
    return read_meeting(path)


# --- what a value is and how it is written ---------------------------------------------------


def values(m: Meeting) -> dict[str, Any]:
    """Every field with a value and every entry of a list field, by its provenance key."""
    d = m.model_dump(mode="json")
    out: dict[str, Any] = {}
    scalars = ("title", "body", "series", "date", "start_time", "end_time", "location", "recorded_by", "chaired_by",
               "attendance_count")  # fmt: skip
    for name in scalars:
        if d[name] not in (None, ""):
            out[name] = d[name]
    for name in ("agenda", "attendees", "excused", "absent", "guests", "verified_by", "recorders", "items", "decisions",
                 "mentions", "organizations", "next_meetings", "dates_mentioned", "contacts", "links"):  # fmt: skip
        entries = [(i, v) for i, v in enumerate(d[name]) if not (isinstance(v, dict) and v.get("text") == "")]
        if entries:
            out[name] = d[name]
        out.update({f"{name}[{i}]": v for i, v in entries})
    for i, decision in enumerate(d["decisions"]):
        out.update({f"decisions[{i}].named_votes[{j}]": v["person"] for j, v in enumerate(decision["named_votes"])})
        out.update({f"decisions[{i}].responsible_people[{j}]": v for j, v in enumerate(decision["responsible_people"])})
        if decision["votes_for"] is not None:
            out[f"decisions[{i}].votes"] = decision
    return out


def written(key: str, value: Any) -> str:
    """The value as the minutes write it: the raw form where the model keeps one."""
    if key.endswith(".votes"):
        return str(value["votes_for"])
    if isinstance(value, dict):
        return str(value.get("raw") or value.get("text") or value.get("name"))
    return str(value)


def _keys(text: str) -> list[str]:
    return [k for w in text.split() if (k := re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", fold(w))))]


def evidence_problem(m: Meeting, key: str, value: Any, where: Provenance) -> str | None:
    """What is wrong with ``text[start:end]`` as the evidence of ``value``, or None."""
    if where.start is None or where.end is None or where.relation is None:
        return "no span"
    if not 0 <= where.start < where.end <= len(m.text):
        return f"span {where.start}:{where.end} outside the text"
    evidence = m.text[where.start : where.end]
    if isinstance(value, list):  # the field as a whole spans every entry that has a span
        entries = [p for k, p in m.provenance.items() if k.startswith(f"{key}[") and p.start is not None]
        outside = [p for p in entries if not (where.start <= p.start <= p.end <= where.end)]  # type: ignore[operator]
        return f"entries outside the field's span: {outside[:1]}" if outside else None
    want = written(key, value)
    if where.relation == "exact":
        return None if evidence == want else f"exact, but {evidence!r} != {want!r}"
    if key == "date" or key.startswith(("dates_mentioned", "next_meetings")):
        day = dt.date.fromisoformat(value if key == "date" else value["date"]).day
        return None if re.search(rf"(?<!\d)0?{day}\b", evidence) else f"no day {day} in {evidence!r}"
    if key.endswith("_time"):
        hour = int(value.split(":")[0])
        return None if re.search(rf"(?<!\d)0?{hour}\b", evidence) else f"no hour {hour} in {evidence!r}"
    if key.endswith(".votes"):
        counted = str(value["votes_for"]) in evidence
        return None if counted or where.relation == "inferred" else f"no count {want} in {evidence!r}"
    if where.relation == "inferred" and key in ("title", "body", "series", "location"):
        # built from its line (a body from its abbreviation): that line is the evidence
        return None if evidence == m.text.split("\n")[m.text.count("\n", 0, where.start)].strip() else "not a line"
    # a declined name, other spacing or case, or a body read from its line: the value's words
    # (their stems: the first four letters) stand in the evidence
    stems = {k[:4] for k in _keys(evidence)}
    wanted = [k[:4] for k in _keys(want)] or [""]
    found = sum(1 for k in wanted if k in stems or any(s.startswith(k) for s in stems))
    return None if found * 2 >= len(wanted) else f"{where.relation}: {evidence!r} is not the evidence of {want!r}"


# --- boxes ------------------------------------------------------------------------------------


def page_words(r: MeetingReading, path: Path, page: int) -> list[tuple[tuple[float, float, float, float], str]]:
    """The page's words with their boxes: from PyMuPDF itself for a text layer, else the OCR's."""
    read = r.pages[page - 1]
    if read.method == "text-layer":
        with pymupdf.open(path) as doc:
            return [((x0, y0, x1, y1), w) for x0, y0, x1, y1, w, *_ in doc[page - 1].get_text("words")]
    return [(w.box, read.text[w.start : w.end]) for w in read.words]


def box_problem(r: MeetingReading, path: Path, m: Meeting, where: Provenance) -> str | None:
    read = r.pages[where.page - 1]
    if read.method not in ("text-layer", "ocr") or m.sources[0].format not in ("pdf", "image"):
        return None if where.box is None else "a box on a page without geometry"
    if where.box is None:
        # a drawn rule ("_____") has no words to cover
        return None if not _keys(m.text[where.start : where.end]) else "no box"  # type: ignore[misc]
    assert read.size is not None
    x0, y0, x1, y1 = where.box
    width, height = read.size
    if not (-1 <= x0 < x1 <= width + 1 and -1 <= y0 < y1 <= height + 1):
        return f"box {where.box} not on the page ({width:.0f} × {height:.0f})"
    inside = [
        "".join(_keys(w))
        for (a, b, c, d), w in page_words(r, path, where.page)
        if a >= x0 - 1.5 and b >= y0 - 1.5 and c <= x1 + 1.5 and d <= y1 + 1.5
    ]
    joined = "".join(inside)
    lines = m.text[: where.end].split("\n")
    first = m.text.count("\n", 0, where.start)  # type: ignore[arg-type]
    # the evidence's lines on its page (an item may go on over the page break)
    on_page = [ln for n, ln in enumerate(lines[first:], start=first) if r.line_pages[n] == where.page]
    tokens = _keys(" ".join(on_page)[where.start - sum(len(x) + 1 for x in lines[:first]) :])  # type: ignore[operator]
    covered = [k for k in tokens if k in joined]
    if tokens and (tokens[0] not in joined or len(covered) * 2 < len(tokens)):
        return f"box {where.box} covers {covered[:5]} of {tokens[:5]}"
    return None


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_value_points_at_its_evidence_and_its_words_on_the_page(path: Path):
    r = reading(path)
    m = r.meeting
    problems = []
    for key, value in values(m).items():
        where = m.provenance.get(key)
        if where is None:
            if key.startswith("links") and (key == "links" or value not in m.text):
                continue  # a link the file carries outside its text (a link annotation): no span
            problems.append(f"{key}: no provenance")
            continue
        problem = evidence_problem(m, key, value, where) or box_problem(r, path, m, where)
        if problem:
            problems.append(f"{key}: {problem}")
    assert problems == []
    assert m.provenance["date"].start is not None if m.date else True


@pytest.mark.parametrize("seed", ["000", "002", "004"])
def test_a_scans_boxes_lie_where_the_text_layer_has_the_same_words(seed: str):
    """The scans are printouts of the PDFs: the OCR boxes in points must land on the text layer's."""
    scan = reading(SAMPLES / "scan" / f"{seed}-scan.pdf").meeting
    pdf = reading(SAMPLES / "pdf" / f"{seed}.pdf").meeting
    for key in ("date", "attendees[0]", "recorded_by", "agenda[0]"):
        a, b = scan.provenance[key], pdf.provenance[key]
        assert a.page == b.page and scan.text[a.start : a.end] == pdf.text[b.start : b.end], key
        assert a.box is not None and b.box is not None
        assert max(abs(x - y) for x, y in zip(a.box, b.box, strict=True)) < 8, (key, a.box, b.box)


# --- generated PDFs -----------------------------------------------------------------------------


def _pdf(path: Path, pages: list[list[str]]) -> Path:
    """Lines at 14 pt spacing from the top left, one list of lines a page."""
    doc = pymupdf.open()
    font = pymupdf.Font(fontfile=FONT)
    for lines in pages:
        page = doc.new_page(width=595, height=842)
        writer = pymupdf.TextWriter(page.rect)
        for n, line in enumerate(lines):
            if line:
                writer.append((60, 70 + 14 * n), line, font=font, fontsize=10)
        writer.write_text(page)
    doc.save(str(path))
    return path


PAGE_1 = [
    "Zápis z 3. schůze stavební komise obce Dolní Lhota, která se konala v zasedací místnosti dne 12.",
    "března 2024 od 17:00 hodin",
    "",
    "Přítomni: Jan Novák, Petr Svoboda, Eva Malá",
    "",
    "Program:",
    "1. Zahájení",
    "2. Žádosti o stavební povolení",
    "3. Různé",
    "",
    "Komise projednala tři žádosti o stavební povolení a doporučuje je schválit.",
]
PAGE_2 = ["Schůze skončila v 18:30.", "", "Zapsala: Jana Dvořáková"]


@pytest.fixture(scope="module")
def two_pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Meeting]:
    path = _pdf(tmp_path_factory.mktemp("prov") / "zapis.pdf", [PAGE_1, PAGE_2])
    return path, read_meeting(path).meeting


def _word_box(path: Path, page: int, word: str) -> tuple[float, float, float, float]:
    with pymupdf.open(path) as doc:
        (box,) = [tuple(w[:4]) for w in doc[page - 1].get_text("words") if w[4] == word]
    return box  # type: ignore[return-value]


def test_a_date_wrapped_over_two_lines_spans_both_and_its_box_covers_both(two_pages: tuple[Path, Meeting]):
    path, m = two_pages
    assert m.date == dt.date(2024, 3, 12)
    where = m.provenance["date"]
    assert " ".join(m.text[where.start : where.end].split()) == "12. března 2024"
    assert where.relation == "normalized" and where.page == 1
    assert where.box is not None
    day, year = _word_box(path, 1, "12."), _word_box(path, 1, "2024")
    assert day[1] < year[1]  # on two lines of the page, one text line after normalization
    x0, y0, x1, y1 = where.box
    assert x0 <= year[0] + 0.1 and y0 <= day[1] + 0.1 and x1 >= day[2] - 0.1 and y1 >= year[3] - 0.1
    start = m.provenance["start_time"]
    assert (m.text[start.start : start.end], start.relation, m.start_time) == ("17:00 hodin", "normalized", "17:00")


def test_a_name_on_page_two_points_to_page_two(two_pages: tuple[Path, Meeting]):
    path, m = two_pages
    assert m.recorded_by is not None and m.recorded_by.name == "Jana Dvořáková"
    where = m.provenance["recorded_by"]
    assert (m.text[where.start : where.end], where.page, where.relation) == ("Jana Dvořáková", 2, "exact")
    jana, surname = _word_box(path, 2, "Jana"), _word_box(path, 2, "Dvořáková")
    assert where.box == pytest.approx([jana[0], jana[1], surname[2], surname[3]], abs=0.1)


def test_list_entries_each_point_at_their_own_words(two_pages: tuple[Path, Meeting]):
    path, m = two_pages
    assert [a.name for a in m.attendees] == ["Jan Novák", "Petr Svoboda", "Eva Malá"]
    spans = [m.text[m.provenance[f"attendees[{i}]"].start : m.provenance[f"attendees[{i}]"].end] for i in range(3)]
    assert spans == ["Jan Novák", "Petr Svoboda", "Eva Malá"]
    item = m.provenance["agenda[1]"]
    assert (m.text[item.start : item.end], item.relation) == ("Žádosti o stavební povolení", "exact")
    box = m.provenance["attendees[1]"].box
    assert box == pytest.approx([*_word_box(path, 1, "Petr")[:2], *_word_box(path, 1, "Svoboda,")[2:]], abs=0.1)


def test_an_ocr_page_has_boxes_in_page_points(two_pages: tuple[Path, Meeting], tmp_path: Path):
    """A scan turned by 0.6°: the word boxes come from Tesseract's pixels back through the rotation."""
    path, m = two_pages
    scan = read_meeting(write_scan(path, tmp_path / "scan.pdf", dpi=200)).meeting
    assert scan.sources[0].method == "ocr" and scan.date == dt.date(2024, 3, 12)
    for key in ("date", "recorded_by", "attendees[2]", "agenda[0]"):
        a, b = scan.provenance[key], m.provenance[key]
        assert (scan.text[a.start : a.end], a.page) == (m.text[b.start : b.end], b.page), key
        assert a.box is not None and b.box is not None
        assert max(abs(x - y) for x, y in zip(a.box, b.box, strict=True)) < 5, (key, a.box, b.box)


def test_text_files_have_spans_and_no_boxes():
    m = reading(SAMPLES / "txt" / "000.txt").meeting
    where = m.provenance["date"]
    assert (m.text[where.start : where.end], where.relation, where.box) == ("19. září 2022", "normalized", None)
    nxt = m.provenance["next_meetings[0]"]
    assert m.text[nxt.start : nxt.end].startswith("Příští jednání 14. 11.") and nxt.relation == "inferred"


def test_the_second_meeting_of_a_file_points_into_its_own_text_and_page(tmp_path: Path):
    one = ["1. zápis z jednání rady", "", "Datum: 7. 9. 2021", "", "Přítomni: Jan Novák, Eva Malá", "",
           "Program:", "1. Zahájení", "", "- Bylo usneseno, že se sejdeme."]  # fmt: skip
    # (the pages share no line at their edges: that would be page furniture)
    two = ["2. zápis z mimořádného jednání rady", "", "Konáno dne 21. 9. 2021 v 18:00", "", "Přítomni: Petr Veselý",
           "", "Body jednání:", "1. Rozpočet", "2. Různé"]  # fmt: skip
    path = _pdf(tmp_path / "rada.pdf", [one, two])
    first, second = extract_meetings(path)
    assert (first.date, second.date) == (dt.date(2021, 9, 7), dt.date(2021, 9, 21))
    where = second.provenance["attendees[0]"]
    assert (second.text[where.start : where.end], where.page) == ("Petr Veselý", 2)
    petr, surname = _word_box(path, 2, "Petr"), _word_box(path, 2, "Veselý")
    assert where.box == pytest.approx([petr[0], petr[1], surname[2], surname[3]], abs=0.1)
    date = second.provenance["date"]
    assert (second.text[date.start : date.end], date.page) == ("21. 9. 2021", 2)


def test_merged_copies_keep_each_links_provenance_with_the_link(tmp_path: Path):
    """Merging sorts the links of all copies: each keeps its own span, under its new place."""
    from zapis.archive.merge import merge_copies

    text = "Zápis z jednání rady dne 7. 9. 2021\n\nPřítomni: Jan Novák\n\nPodklady: https://www.zz.cz/b a https://www.aa.cz/a\n"
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(text, encoding="utf-8")
    b.write_text(text + "Viz též https://www.mm.cz/c\n", encoding="utf-8")
    merged = merge_copies([extract_meetings(a)[0], extract_meetings(b)[0]])
    assert merged.links == ["https://www.aa.cz/a", "https://www.mm.cz/c", "https://www.zz.cz/b"]
    for k, link in enumerate(merged.links):
        where = merged.provenance.get(f"links[{k}]")
        if link in merged.text:
            assert where is not None and merged.text[where.start : where.end] == link
        else:  # only the other copy has it
            assert where is None
