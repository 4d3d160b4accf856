"""zapis diff: real differences between two copies, no layout noise; terminal, JSON and HTML."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from zapis.cli import main
from zapis.compare import diff_meetings
from zapis.compare.text import changed, join_tokens, word_diff
from zapis.pipeline import extract_meeting

from .browser import dump_dom, screenshot
from .conftest import SAMPLES

A = SAMPLES / "txt" / "000.txt"
B = SAMPLES / "txt" / "001.txt"


def test_layout_alone_makes_no_difference():
    a = "Práce na novém komunitním plánu se posu-\nnuly dál.   Proběhlo první\n\nvelké setkání …"
    b = "Práce na novém komunitním plánu se posunuly dál. Proběhlo první velké setkání ..."
    from zapis.normalize import normalize_text

    assert changed(word_diff(normalize_text(a), normalize_text(b))) == []


def test_000_vs_001_reports_the_name_and_the_real_wording_differences():
    result = diff_meetings(extract_meeting(A), extract_meeting(B))
    attendees = next(d for d in result.fields if d.field == "attendees")
    assert attendees.renamed == [("Lukáš Jirotka", "Lukáš Jirotko")]
    assert attendees.added == [] and attendees.removed == []
    changes = [(join_tokens(op.a), join_tokens(op.b)) for op in changed(result.text)]
    assert ("Jirotka", "Jirotko") in changes
    assert ("", "KOMUNITNÍ PLÁNOVÁNÍ SOCIÁLNÍCH SLUŽEB REGIONU LIBEREC") in changes  # the banner of 001
    assert ("http://www.fokusliberec.cz/", "") in changes  # the link line of 000
    assert len(changes) == 4  # and nothing else: line breaks, "…" vs "...", double spaces are not differences
    for old, new in changes:
        assert old.strip() or new.strip()


def test_same_minutes_in_two_formats_agree(tmp_path: Path):
    result = CliRunner().invoke(main, ["diff", str(SAMPLES / "txt" / "002.txt"), str(SAMPLES / "docx" / "002.docx")])
    assert result.exit_code == 0, result.output
    assert "agree" in result.output


def test_cli_exit_codes_and_json(tmp_path: Path):
    runner = CliRunner()
    result = runner.invoke(main, ["diff", str(A), str(B), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["same"] is False
    assert {"field": "attendees", "renamed": [["Lukáš Jirotka", "Lukáš Jirotko"]]} in data["fields"]
    missing = runner.invoke(main, ["diff", str(A), str(tmp_path / "neni.txt")])
    assert missing.exit_code == 2 and "file not found" in missing.output


def test_diff_accepts_meeting_json(tmp_path: Path):
    json_a = tmp_path / "a.json"
    assert CliRunner().invoke(main, ["extract", str(A), "-o", str(json_a)]).exit_code == 0
    result = CliRunner().invoke(main, ["diff", str(json_a), str(B)])
    assert result.exit_code == 1 and "Jirotka ↔ Lukáš Jirotko" in result.output


def test_html_diff_renders_in_a_real_browser(tmp_path: Path):
    html = tmp_path / "diff.html"
    result = CliRunner().invoke(main, ["diff", str(A), str(B), "--format", "html", "-o", str(html)])
    assert result.exit_code == 1
    dom = dump_dom(html, tmp_path / "profile")
    assert "<del>Jirotka</del>" in dom and "<ins>Jirotko</ins>" in dom
    assert "Lukáš Jirotka ↔ Lukáš Jirotko" in dom
    shot = screenshot(html, tmp_path / "diff.png", tmp_path / "profile")
    image = Image.open(shot).convert("RGB")
    colors = image.getcolors(maxcolors=1 << 20) or []
    red = sum(n for n, (r, g, b) in colors if r > 240 and 200 < g < 225 and 200 < b < 225)  # deleted words
    green = sum(n for n, (r, g, b) in colors if r < 215 and g > 245 and b > 205 and g - r > 30)  # inserted words
    assert red > 200 and green > 200, (red, green)
