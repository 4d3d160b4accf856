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
