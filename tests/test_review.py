"""``zapis review``: the values a person should check, most urgent first, as JSON and as one page.

The archive is made in the test: a well-labelled meeting, a meeting whose date zapis cannot
read, and one whose text carries markup.  The page is opened in a real headless browser.
"""

from __future__ import annotations

import base64
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pymupdf
from click.testing import CliRunner
from PIL import Image

from zapis.archive import IngestSettings, correct, ingest_directory, review_queue
from zapis.archive.review import crop
from zapis.cli import main
from zapis.output import PAGE_CSS
from zapis.readers import ExtractOptions

from .browser import dump_dom, screenshot

CLEAR = """Zápis z jednání komise sociální
5. září 2022, 13:00 hod
Místo: radnice, zasedací místnost
Přítomni: Jana Nováková, Petr Svoboda, Karel Dvořák
Zapsal: Petr Svoboda
Hosté: viz prezenční listina
Program:
1. Rozpočet
2. Různé
"""
UNDATED = """Zápis z jednání finančního výboru
Přítomni: Eva Malá, Jan Veselý
Zapsala: Eva Malá
"""
MARKUP = """Zápis z jednání kulturní komise
10. října 2023, 17:00 hod
Místo: klubovna <script>alert(1)</script> & <b>sál</b>
Přítomni: Jana Nováková, Petr Svoboda
Zapsal: Petr Svoboda
"""
SETTINGS = IngestSettings(options=ExtractOptions(), workers=1)


def _archive(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for name, text in (("zari.txt", CLEAR), ("bez-data.txt", UNDATED), ("rijen.txt", MARKUP)):
        (src / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    ingest_directory(src, out, SETTINGS)
    return out


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[str] = []
        self._in_mark = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_mark = tag == "mark"

    def handle_endtag(self, tag: str) -> None:
        self._in_mark = False

    def handle_data(self, data: str) -> None:
        if self._in_mark:
            self.marks.append(data)


def test_the_queue_puts_what_zapis_could_not_read_first_and_shows_the_evidence(tmp_path: Path):
    out = _archive(tmp_path)
    result = CliRunner().invoke(main, ["review", str(out), "-n", "3"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "review.json").read_text(encoding="utf-8"))
    entries = data["entries"]
    first = entries[0]
    assert first["rank"] == 1 and first["field"] == "date" and first["value"] is None
    assert first["meeting_id"].startswith("undated_")
    assert first["reasons"] == ["no value found"]
    scores = [e["score"] for e in entries]
    assert scores == sorted(scores, reverse=True)
    # a value read well: its evidence in context, from the file it was read from
    (date,) = [e for e in entries if e["meeting_id"] == "2022-09-05_komise-socialni" and e["field"] == "date"]
    assert date["value"] == "2022-09-05" and date["source"] == "zari.txt"
    assert date["evidence"] == "5. září 2022"  # the exact span of the date
    assert date["before"].endswith("Zápis z jednání komise sociální\n")
    assert date["after"].startswith(", 13:00 hod\nMísto: radnice")
    assert date["score"] < first["score"]
    # an empty field whose label stands in the text is more likely missed than one whose label does not
    guests = {e["meeting_id"]: e for e in entries if e["field"] == "guests"}
    here, there = guests["2022-09-05_komise-socialni"], guests["2023-10-10_kulturni-komise"]
    assert here["value"] is None and there["value"] is None
    assert "no value found, though the text has the word 'hoste' that labels it" in here["reasons"]
    assert "no value found (nor a word that labels it)" in there["reasons"]
    assert here["score"] > 2 * there["score"]
    assert "undated_" in result.stdout.splitlines()[0] and " date = (no value found)" in result.output


def test_filters_and_checked_values(tmp_path: Path):
    out = _archive(tmp_path)
    every = review_queue(out)
    assert {e.meeting_id for e in every} == {
        "2022-09-05_komise-socialni",
        "2023-10-10_kulturni-komise",
        *(e.meeting_id for e in every if e.meeting_id.startswith("undated_")),
    }
    assert {e.meeting_id for e in review_queue(out, year=2023)} == {"2023-10-10_kulturni-komise"}
    assert {e.meeting_id for e in review_queue(out, body="kulturni")} == {"2023-10-10_kulturni-komise"}
    assert {e.field for e in review_queue(out, field="location")} == {"location"}
    assert len(review_queue(out, field="location")) == 3

    correct(out, "2022-09-05_komise-socialni", "location", action="check")
    correct(out, "2022-09-05_komise-socialni", "recorded_by", "Petra Svobodová")
    left = {(e.meeting_id, e.field) for e in review_queue(out)}
    assert ("2022-09-05_komise-socialni", "location") not in left  # checked: off the queue
    assert ("2022-09-05_komise-socialni", "recorded_by") not in left  # corrected by a person
    assert ("2022-09-05_komise-socialni", "date") in left

    bad = CliRunner().invoke(main, ["review", str(out), "--field", "weather"])
    assert bad.exit_code == 2 and "the review queue has no field 'weather'" in bad.output


def test_the_page_escapes_the_documents_and_is_not_blank_in_a_real_browser(tmp_path: Path):
    out = _archive(tmp_path)
    assert CliRunner().invoke(main, ["review", str(out)]).exit_code == 0
    page = out / "review.html"
    dom = dump_dom(page, tmp_path / "profile")
    tags = _Tags()
    tags.feed(dom)
    assert not [t for t, _ in tags.tags if t in ("script", "b", "img", "link", "iframe")]  # no crop: text files
    assert "klubovna <script>alert(1)</script> &amp; <b>sál</b>" not in dom
    assert "klubovna &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;sál&lt;/b&gt;" in dom
    assert "5. září 2022" in tags.marks  # the evidence, highlighted
    assert "zapis correct" in dom and "--checked" in dom
    shot = Image.open(screenshot(page, tmp_path / "review.png", tmp_path / "profile")).convert("RGB")
    colors = shot.getcolors(maxcolors=1 << 20) or []
    white = sum(n for n, (r, g, b) in colors if min(r, g, b) > 245)
    assert white < 0.97 * shot.width * shot.height, "the page looks blank"
    marked = sum(n for n, (r, g, b) in colors if r > 245 and 210 < g < 235 and 120 < b < 155)  # <mark>
    scores = sum(n for n, (r, g, b) in colors if r > 190 and g < 60 and b < 70)  # the score bars
    assert marked > 100 and scores > 20, (marked, scores)


def test_both_pages_share_one_style(tmp_path: Path):
    from zapis.archive.review_html import to_html as review_page

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(CLEAR, encoding="utf-8")
    b.write_text(CLEAR.replace("Karel Dvořák", "Karel Dvořáček"), encoding="utf-8")
    diff = tmp_path / "diff.html"
    CliRunner().invoke(main, ["diff", str(a), str(b), "--format", "html", "-o", str(diff)])
    assert f"<style>{PAGE_CSS}" in diff.read_text(encoding="utf-8")
    assert f"<style>{PAGE_CSS}" in review_page([], [], "out", {})


def test_a_crop_of_the_page_around_the_evidence(tmp_path: Path):
    pdf = tmp_path / "zapis.pdf"
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    page.insert_font(fontname="dv", fontfile=font)
    page.insert_text((72, 100), "Zápis z jednání komise", fontname="dv", fontsize=14)
    page.insert_text((72, 140), "Datum: 5. září 2022", fontname="dv", fontsize=12)
    doc.save(pdf)
    words = [w for w in pymupdf.open(pdf)[0].get_text("words") if w[4] in ("5.", "září", "2022")]
    box = [min(w[0] for w in words), min(w[1] for w in words), max(w[2] for w in words), max(w[3] for w in words)]
    uri = crop(pdf, 1, box)
    assert uri is not None and uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("L")
    assert image.width < 595 * 110 / 72 / 1.5  # a crop, not the page
    dark = sum(n for n, p in image.getcolors() or [] if p < 100)
    assert dark > 50  # the words are in it
    assert crop(pdf, 2, box) is None and crop(tmp_path / "gone.pdf", 1, box) is None


def test_a_file_left_out_as_no_minutes_is_one_entry_of_the_queue(tmp_path: Path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "zari.txt").write_text(CLEAR, encoding="utf-8")
    (src / "recept.txt").write_text("Recept na bábovku\nSmíchejte mouku, cukr a vejce.\n", encoding="utf-8")
    out = tmp_path / "out"
    ingest_directory(src, out, SETTINGS)
    (left,) = review_queue(out, field="minutes")
    assert left.source == "recept.txt" and left.meeting_id == "" and left.score == 0.5
    assert left.reasons[0].startswith("left out of the meetings as no minutes: ")
    assert review_queue(out, year=2022, field="minutes") == []  # it has no year: a filter leaves it out
    assert [e.field for e in review_queue(out)].count("minutes") == 1
