"""Shared fixtures: the committed sample files and the dev set location."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEEDS = ("000", "001", "002", "003", "004")


def renderings(seed: str) -> dict[str, Path]:
    """Every committed rendering of one seed: the text itself, DOCX, PDF with a text layer, scan."""
    return {
        "txt": SAMPLES / "txt" / f"{seed}.txt",
        "docx": SAMPLES / "docx" / f"{seed}.docx",
        "pdf": SAMPLES / "pdf" / f"{seed}.pdf",
        "scan": SAMPLES / "scan" / f"{seed}-scan.pdf",
    }


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


# --- every JSON the suite writes is checked against the published schemas -------------------

_SCHEMA_OF_FILE = {"report.json": "report", "people.json": "people", "organizations.json": "organizations"}


def _validators() -> dict[str, object]:
    from jsonschema import Draft202012Validator

    from zapis.compare import diff_json_schema
    from zapis.schema import json_schema

    checker = Draft202012Validator.FORMAT_CHECKER
    kinds = ("meeting", "report", "people", "organizations")
    validators = {kind: Draft202012Validator(json_schema(kind), format_checker=checker) for kind in kinds}
    validators["diff"] = Draft202012Validator(diff_json_schema(), format_checker=checker)
    return validators


def schema_problems(root: Path) -> list[str]:
    """Outputs of zapis under ``root`` (meetings, reports, registries, diffs) that break their schema."""
    import json

    validators = _validators()
    problems = []
    for path in root.rglob("*.json"):
        if ".cache" in path.parts:
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        kind = _SCHEMA_OF_FILE.get(path.name)
        if kind is None and isinstance(data, dict) and "meeting_id" in data and "schema_version" in data:
            kind = "meeting"
        if kind is None and isinstance(data, dict) and {"schema_version", "copies", "counts"} <= set(data):
            kind = "diff"
        if kind is None or (kind != "meeting" and path.parent.name == "meetings"):
            continue
        errors = sorted(validators[kind].iter_errors(data), key=str)  # type: ignore[attr-defined]
        if errors:
            problems.append(f"{path}: {errors[0].message} at {list(errors[0].absolute_path)}")
    return problems


@pytest.fixture(autouse=True)
def _outputs_follow_their_schemas(request: pytest.FixtureRequest):
    # asked for during set-up, so that tmp_path is torn down after this check, not before
    tmp = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else None
    yield
    if tmp is not None:
        problems = schema_problems(tmp)
        if problems:
            pytest.fail("outputs that break their JSON Schema:\n" + "\n".join(problems[:10]))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Outputs written by module- and session-wide fixtures are checked once, at the end."""
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None or exitstatus not in (0, 1):
        return
    problems = schema_problems(factory.getbasetemp())
    if problems:
        print("\noutputs that break their JSON Schema:\n" + "\n".join(problems[:20]))
        session.exitstatus = 1
