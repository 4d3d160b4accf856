"""zapis diff: real edits told apart from OCR noise and layout, copies told apart from other meetings;
terminal, JSON and a side-by-side HTML page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from PIL import Image

from zapis.cli import main
from zapis.compare import CopyText, align, diff_json_schema, load_side
from zapis.normalize import normalize_text
from zapis.pipeline import read_meeting

from .browser import dump_dom, screenshot
from .conftest import SAMPLES
from .render import write_pdf, write_scan

A = SAMPLES / "txt" / "000.txt"
B = SAMPLES / "txt" / "001.txt"
FIELD_KEYS = {"field", "a", "b", "kind", "reason", "change", "a_span", "b_span", "a_person_id", "b_person_id"}


def diff_json(*args: str) -> tuple[int, dict, str]:
    result = CliRunner().invoke(main, ["diff", *args, "--format", "json"])
    assert result.exit_code in (0, 1, 3), result.output
    return result.exit_code, json.loads(result.stdout), result.stderr


def kinds(data: dict) -> list[tuple[str, str, str]]:
    return [(d["kind"], d["a"], d["b"]) for d in data["text"]]


# --- what kind of difference ------------------------------------------------------------------


def test_layout_alone_makes_no_difference():
    a = "Práce na novém komunitním plánu se posu-\nnuly dál.   Proběhlo první\n\nvelké setkání …"
    b = "Práce na novém komunitním plánu se posunuly dál. Proběhlo první velké setkání ..."
    assert align(CopyText(normalize_text(a)), CopyText(normalize_text(b))).differences == []


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("v klientské práci", "v klieňtské práci", "diacritics"),
        ("Hlasování: pro 11", "Hlasování: pro l1", "l/1/I"),
        ("Ing. Pavel Novák", "lng. Pavel Novák", "l/1/I"),
        ("moderní kancelář", "modemí kancelář", "rn/m"),
        ("Olomoucký kraj", "0lomoucký kraj", "O/0"),
        ("v Liebiegově paláci", "v . Liebiegově paláci", "stray punctuation"),
    ],
)
def test_known_ocr_confusions_are_ocr_in_a_scan_and_edits_between_text_copies(a: str, b: str, reason: str):
    scan = CopyText(b, ocr_lines=frozenset({0}))
    [found] = align(CopyText(a), scan).differences
    assert (found.kind, found.reason) == ("ocr", reason)
    [same_words] = align(CopyText(a), CopyText(b)).differences  # neither copy was read by OCR: someone changed it
    assert (same_words.kind, same_words.reason) == ("edit", "words")


def test_a_word_the_ocr_doubted_is_ocr_noise_but_a_confident_new_word_is_an_edit():
    a, b = "Zasedání řídil starosta Novák.", "Zasedání řídil starosla Novák."
    doubted = CopyText(b, ocr_lines=frozenset({0}), uncertain=frozenset({"starosla"}))
    [found] = align(CopyText(a), doubted).differences
    assert (found.kind, found.reason, found.a, found.b) == ("ocr", "low OCR confidence", "starosta", "starosla")
    [confident] = align(CopyText(a), CopyText(b, ocr_lines=frozenset({0}))).differences
    assert confident.kind == "edit"
    # a doubted word that is another word altogether is still an edit
    other = "Zasedání řídil místostarosta Novák."
    [changed] = align(CopyText(other), CopyText(b, ocr_lines=frozenset({0}), uncertain=frozenset({"x"}))).differences
    assert changed.kind == "edit"


def test_hyphenation_spacing_page_numbers_and_running_headers_are_layout():
    found = align(
        CopyText("Jednání se zúčast-\nnilo 12 členů, činnost Zvýšili.\nStrana 2 z 3\nDalší bod."),
        CopyText("OBEC HORNÍ LHOTA\nJednání se zúčastnilo 12 členů, činnostZvýšili.\nDalší bod.", frozenset({0})),
    ).differences
    assert [(d.kind, d.reason) for d in found] == [
        ("layout", "running header"),
        ("layout", "hyphenation"),
        ("layout", "spacing"),
        ("layout", "page number"),
    ]


def test_spans_are_offsets_into_each_copys_text():
    a, b = (
        "Přítomni: Jan Novák, Eva Malá.\nZapsal: Petr Dvořák",
        "Přítomni: Jan Novák, Eva Veliká.\nZapsal: Petr Dvořák",
    )
    [d] = align(CopyText(a), CopyText(b)).differences
    assert a[d.a_span[0] : d.a_span[1]] == "Malá" and b[d.b_span[0] : d.b_span[1]] == "Veliká"


def test_an_attendee_moved_to_the_excused_is_an_edit_though_the_name_is_unchanged(tmp_path: Path):
    head = "Zápis z jednání stavební komise\n\n12. 3. 2024, 17:00, zasedací místnost\n\n"
    tail = "\n\nKomise projednala žádost o stavební povolení a doporučuje ji schválit.\n\nZapsal: Jan Novák\n"
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(head + "Přítomni: Jan Novák, Eva Malá, Petr Dvořák" + tail, encoding="utf-8")
    b.write_text(head + "Přítomni: Jan Novák, Petr Dvořák\nOmluveni: Eva Malá" + tail, encoding="utf-8")
    code, data, _ = diff_json(str(a), str(b))
    assert code == 1
    assert [(d["field"], d["change"], d["a"], d["b"], d["kind"]) for d in data["fields"]] == [
        ("attendees", "removed", "Eva Malá", None, "edit"),
        ("excused", "added", None, "Eva Malá", "edit"),
    ]


# --- the committed samples and copies made in the test -------------------------------------


def test_000_vs_001_reports_the_rename_once_and_the_real_wording_differences():
    code, data, _ = diff_json(str(A), str(B))
    assert code == 1 and data["same"] is False and data["copies"]["likely"] is True
    assert all(set(d) == FIELD_KEYS for d in data["fields"])  # one shape for every field difference
    renamed = [d for d in data["fields"] if d["field"] == "attendees"]
    assert len(renamed) == 1
    [jirotka] = renamed
    assert (jirotka["a"], jirotka["b"], jirotka["change"], jirotka["kind"]) == (
        "Lukáš Jirotka",
        "Lukáš Jirotko",
        "renamed",
        "edit",
    )
    text_a, text_b = data["a"]["text"], data["b"]["text"]
    assert text_a[slice(*jirotka["a_span"])] == "Lukáš Jirotka" and text_b[slice(*jirotka["b_span"])] == "Lukáš Jirotko"
    changes = [(d["a"], " ".join(d["b"].split())) for d in data["text"]]
    assert changes == [
        ("", "KOMUNITNÍ PLÁNOVÁNÍ SOCIÁLNÍCH SLUŽEB REGIONU LIBEREC"),  # the banner of 001
        ("Jirotka", "Jirotko"),
        ("Jirotka", "Jirotko"),
        ("http://www.fokusliberec.cz/", ""),  # the link line of 000
    ]  # and nothing else: line breaks, "…" vs "...", double spaces are not differences
    assert {d["kind"] for d in data["text"]} == {"edit"} and data["counts"] == {"edit": 6, "ocr": 0, "layout": 0}


def test_json_is_utf8_without_escapes_and_follows_its_schema(tmp_path: Path):
    out = tmp_path / "diff.json"
    result = CliRunner().invoke(main, ["diff", str(A), str(B), "--format", "json", "-o", str(out)])
    assert result.exit_code == 1
    raw = out.read_text(encoding="utf-8")
    assert "Lukáš Jirotko" in raw and "\\u" not in raw
    data = json.loads(raw)
    assert data["schema_version"] == "1.0.0"
    assert list(Draft202012Validator(diff_json_schema()).iter_errors(data)) == []


def test_same_minutes_in_two_formats_agree():
    result = CliRunner().invoke(main, ["diff", str(SAMPLES / "txt" / "002.txt"), str(SAMPLES / "docx" / "002.docx")])
    assert result.exit_code == 0, result.output
    assert "The copies agree: no differences in fields or wording." in result.output


def test_a_pdf_and_its_scan_differ_only_by_ocr_noise():
    code, data, progress = diff_json(str(SAMPLES / "pdf" / "004.pdf"), str(SAMPLES / "scan" / "004-scan.pdf"))
    assert code == 0 and data["same"] is True
    assert data["counts"]["edit"] == 0 and data["fields"] == []
    assert data["text"] and {d["kind"] for d in data["text"]} <= {"ocr", "layout"}
    assert ("ocr", "klientské", "klieňtské") in kinds(data)  # the scan's misread háček
    assert data["b"]["method"] == "ocr" and data["a"]["method"] == "text-layer"
    # OCR takes seconds a page: progress on stderr, the JSON on stdout untouched
    assert "OCR" in progress and "2 of 2 pages read" in progress


def test_a_real_edit_in_a_scan_is_still_an_edit(tmp_path: Path):
    text = A.read_text(encoding="utf-8")
    assert "první velké setkání" in text
    original = write_pdf(text, tmp_path / "zapis.pdf")
    edited = write_pdf(text.replace("první velké setkání", "první malé setkání"), tmp_path / "upraveny.pdf")
    scan = write_scan(edited, tmp_path / "upraveny-sken.pdf")
    code, data, _ = diff_json(str(original), str(scan))
    assert code == 1 and data["b"]["method"] == "ocr"
    edits = [(d["a"], d["b"]) for d in data["text"] if d["kind"] == "edit"]
    assert edits == [("velké", "malé")]
    assert data["counts"]["edit"] == 1 and data["fields"] == []


def test_a_windows_1250_text_and_a_pdf_with_a_running_header_agree(tmp_path: Path):
    text = (SAMPLES / "txt" / "002.txt").read_text(encoding="utf-8")
    txt = tmp_path / "zapis.txt"
    txt.write_bytes(text.encode("cp1250"))
    pdf = write_pdf(text, tmp_path / "zapis.pdf", header="STATUTÁRNÍ MĚSTO LIBEREC")
    reading = read_meeting(pdf)
    assert len(reading.pages) >= 2 and all(p.text.startswith("STATUTÁRNÍ") for p in reading.pages)
    assert reading.meeting.text.split("\n")[0] == "STATUTÁRNÍ MĚSTO LIBEREC" and reading.furniture == {0}

    code, data, _ = diff_json(str(txt), str(pdf))
    assert code == 0 and data["same"] is True
    assert load_side(txt).meeting.sources[0].engine == "text:cp1250"
    assert kinds(data) == [("layout", "", "STATUTÁRNÍ MĚSTO LIBEREC")]
    assert data["text"][0]["reason"] == "running header"
    # the PDF's header stands where a series banner would: that field difference is page furniture too
    assert [(d["field"], d["kind"], d["reason"]) for d in data["fields"]] == [("series", "layout", "running header")]
    strict = CliRunner().invoke(main, ["diff", str(txt), str(pdf), "--strict"])
    assert strict.exit_code == 1 and "The copies differ: 2 differences." in strict.output


def test_two_different_meetings_are_said_not_to_be_copies(tmp_path: Path):
    result = CliRunner().invoke(main, ["diff", str(A), str(SAMPLES / "txt" / "002.txt")])
    assert result.exit_code == 3
    first = result.stdout.splitlines()[0]
    assert first.startswith("NOT COPIES: these files do not look like copies of one meeting")
    assert "other date (2022-09-19 and 2023-09-11)" in first and "% of the words in common" in first
    code, data, _ = diff_json(str(SAMPLES / "pdf" / "002.pdf"), str(SAMPLES / "txt" / "003.txt"))
    assert code == 3 and data["copies"]["likely"] is False
    assert any(r.startswith("other body (Pracovní skupina pro cizince") for r in data["copies"]["reasons"])
    assert data["copies"]["similarity"] < 0.5
    # to a file, the verdict still reaches the terminal
    written = CliRunner().invoke(main, ["diff", str(A), str(SAMPLES / "txt" / "002.txt"), "-o", str(tmp_path / "d")])
    assert written.exit_code == 3 and "NOT COPIES" in written.stderr


def test_cli_errors_exit_2():
    missing = CliRunner().invoke(main, ["diff", str(A), "neni.txt"])
    assert missing.exit_code == 2 and "file not found" in missing.output


def test_diff_accepts_meeting_json(tmp_path: Path):
    json_a = tmp_path / "a.json"
    assert CliRunner().invoke(main, ["extract", str(A), "-o", str(json_a)]).exit_code == 0
    result = CliRunner().invoke(main, ["diff", str(json_a), str(B)])
    assert result.exit_code == 1 and "Lukáš Jirotka ↔ Lukáš Jirotko" in result.output


def test_meeting_jsons_of_an_archive_carry_the_registrys_person_ids(tmp_path: Path):
    folder = tmp_path / "archiv"
    folder.mkdir()
    for name in ("000.txt", "002.txt"):
        (folder / name).write_bytes((SAMPLES / "txt" / name).read_bytes())
    assert CliRunner().invoke(main, ["ingest", str(folder), "-o", str(tmp_path / "out"), "-j", "1"]).exit_code == 0
    meetings = sorted((tmp_path / "out" / "meetings").glob("*.json"))
    assert len(meetings) == 2
    code, data, _ = diff_json(str(meetings[0]), str(meetings[1]))
    assert code == 3  # two meetings, but their people are compared all the same
    people = {p["person_id"]: p for p in json.loads((tmp_path / "out" / "people.json").read_text(encoding="utf-8"))}
    jirotka = next(d for d in data["fields"] if d["a"] == "Lukáš Jirotka")
    assert jirotka["change"] == "removed" and people[jirotka["a_person_id"]]["name"] == "Lukáš Jirotka"
    # files have no registry: their entries carry no ids
    _, from_files, _ = diff_json(str(A), str(SAMPLES / "txt" / "002.txt"))
    assert all(d["a_person_id"] is None and d["b_person_id"] is None for d in from_files["fields"])


# --- the HTML page -----------------------------------------------------------------------------


class _Cells(HTMLParser):
    """The text of every paragraph of the two copies' columns, and the page's scripts and resources."""

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: dict[str, list[str]] = {"a": [], "b": []}
        self.side: str | None = None
        self.in_p = False
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        side = dict(attrs).get("data-side")
        if side:
            self.side = side
        if tag == "p" and self.side:
            self.in_p = True
            self.paragraphs[self.side].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.in_p = False

    def handle_data(self, data: str) -> None:
        if self.in_p and self.side:
            self.paragraphs[self.side][-1] += data


def _cells(dom: str) -> _Cells:
    parser = _Cells()
    parser.feed(dom)
    return parser


def test_html_shows_both_copies_in_full_side_by_side_in_a_real_browser(tmp_path: Path):
    html = tmp_path / "diff.html"
    result = CliRunner().invoke(main, ["diff", str(A), str(B), "--format", "html", "-o", str(html)])
    assert result.exit_code == 1
    dom = dump_dom(html, tmp_path / "profile")
    cells = _cells(dom)
    for side, path in (("a", A), ("b", B)):
        full = load_side(path).meeting.text
        assert cells.paragraphs[side] == [line for line in full.split("\n") if line.strip()], side
    # changed words highlighted in place, the rename shown once in the field table on top
    assert '<del class="edit" title="edit: words">Jirotka</del>' in dom
    assert '<ins class="edit" title="edit: words">Jirotko</ins>' in dom
    assert dom.index('<table class="fields"') < dom.index('data-side="a"')
    assert dom.count("Lukáš Jirotka <a") == 1 and dom.count("one person written differently") == 1
    # unchanged stretches folded, expandable without scripts; nothing loaded from elsewhere
    assert re.search(r"<details class=\"same\"><summary>\d+ unchanged paragraphs", dom)
    assert not [t for t, attrs in cells.tags if attrs.get("src") or (t == "link" and attrs.get("href"))]
    shot = screenshot(html, tmp_path / "diff.png", tmp_path / "profile")
    image = Image.open(shot).convert("RGB")
    colors = image.getcolors(maxcolors=1 << 20) or []
    red = sum(n for n, (r, g, b) in colors if r > 240 and 200 < g < 225 and 200 < b < 225)  # deleted words
    green = sum(n for n, (r, g, b) in colors if r < 215 and g > 245 and b > 205 and g - r > 30)  # inserted words
    assert red > 200 and green > 200, (red, green)


def test_html_escapes_the_documents_and_warns_first_when_not_copies(tmp_path: Path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Zápis z jednání komise\n\n1. 2. 2024\n\nText <script>alert(1)</script> & <b>tučně</b>.\n", "utf-8")
    b.write_text("Zápis z jednání výboru\n\n3. 4. 2025\n\nJiný text <img src=x onerror=alert(2)>.\n", "utf-8")
    html = tmp_path / "diff.html"
    result = CliRunner().invoke(main, ["diff", str(a), str(b), "--format", "html", "-o", str(html)])
    assert result.exit_code == 3
    dom = dump_dom(html, tmp_path / "profile")
    cells = _cells(dom)
    assert [t for t, _ in cells.tags].count("script") == 1  # the page's own, which opens folds for printing
    assert not any(t == "img" for t, _ in cells.tags) and not any(t == "b" for t, _ in cells.tags)
    assert "Text <script>alert(1)</script> & <b>tučně</b>." in cells.paragraphs["a"]  # as text, not as markup
    assert "Jiný text <img src=x onerror=alert(2)>." in cells.paragraphs["b"]
    body = dom[dom.index("<body>") + len("<body>") :]
    assert body.startswith('<p class="warning" role="alert">NOT COPIES: these files do not look like copies')
