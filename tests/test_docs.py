"""The README is the front door: it must describe the commands and the JSON as they are."""

from __future__ import annotations

import io
import re
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from click.testing import CliRunner

from zapis.cli import main
from zapis.schema import Meeting

from .conftest import ROOT, SAMPLES

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented():
    for name in main.commands:
        assert f"### zapis {name}" in README, name


def test_every_meeting_field_is_in_the_json_table():
    table = README.split("### Meeting JSON", 1)[1].split("###", 1)[0]
    documented = set(re.findall(r"`([a-z_]+)`", table))
    assert set(Meeting.model_fields) <= documented, set(Meeting.model_fields) - documented


def test_the_diff_section_describes_the_kinds_the_exit_codes_and_the_json_shape():
    from zapis.compare import DiffReport
    from zapis.compare.report import CopySide, FieldDiff, TextDiff

    section = README.split("### zapis diff", 1)[1].split("\n### ", 1)[0]
    for kind in ("`edit`", "`ocr`", "`layout`", "--strict", "zapis schema --diff"):
        assert kind in section, kind
    for code in range(4):
        assert f"**{code}**" in section, code
    for model in (DiffReport, CopySide, FieldDiff, TextDiff):
        documented = set(re.findall(r"`([a-z_]+)`", section)) | set(re.findall(r'"([a-z_]+)":', section))
        assert set(model.model_fields) <= documented, (model.__name__, set(model.model_fields) - documented)


def test_the_two_commands_are_make_targets_and_ci_runs_the_tests():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make run" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "zapis ingest samples/ -o out/" in makefile


def test_help_of_every_command():
    runner = CliRunner()
    for name in main.commands:
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output, name


def test_licence_is_stated():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "AGPL-3.0-or-later" in pyproject and "AGPL-3.0-or-later" in README


def test_the_python_api_examples_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Python block of the README's "Python API", in order, on the samples, in a temporary folder;
    what a ``print(…)  # comment`` says it prints (unless the comment abridges with "…") is printed."""
    section = README.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    code = "\n".join(blocks)
    for name in ("extract", "ingest", "diff", "search", "people", "load_meeting", "export"):
        assert f"zapis.{name}(" in code, name
    shutil.copytree(SAMPLES / "txt", tmp_path / "samples" / "txt")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    printed = io.StringIO()
    with redirect_stdout(printed):
        for block in blocks:
            exec(compile(block, "README.md", "exec"), namespace)
    output = printed.getvalue()
    promised = re.findall(r"^\s*print\(.*\)  # (.+)$", code, re.M)
    assert len(promised) >= 5
    for expected in promised:
        if "…" not in expected:
            assert expected in output, expected
    report = namespace["report"]
    assert (report.summary.meetings, report.summary.errors) == (4, 0)  # type: ignore[attr-defined]
    assert (tmp_path / "out" / "export" / "meetings.csv").is_file()
