"""A real headless browser for the HTML pages zapis writes (Debian's chromium, Ubuntu's
chromium-browser: ``make test`` installs whichever the system has)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
# No network: the machine's closed network refuses the browser's own connections.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)  # fmt: skip


def browser() -> str:
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("no headless browser: install chromium (make test does)")


def dump_dom(page: Path, profile: Path) -> str:
    """The page's DOM after the browser has loaded it."""
    cmd = [browser(), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True).stdout


def screenshot(page: Path, shot: Path, profile: Path, size: str = "1200,1600") -> Path:
    cmd = [
        browser(),
        *FLAGS,
        f"--user-data-dir={profile}",
        f"--screenshot={shot}",
        f"--window-size={size}",
        page.as_uri(),
    ]
    subprocess.run(cmd, capture_output=True, timeout=120, check=True)
    return shot
