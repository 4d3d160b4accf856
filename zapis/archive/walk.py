"""Finding the input files under a folder: recursion, .zapisignore, hidden files, links."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

IGNORE_FILE = ".zapisignore"


@dataclass(frozen=True)
class Candidate:
    path: Path  # the path to read
    rel: str  # the path relative to the input folder, as shown in the report
    skip: str | None = None  # reason to skip ("listed in .zapisignore")
    error: tuple[str, str] | None = None  # (kind, reason) when it cannot even be opened
    link: bool = False  # a symbolic link when listed: opening it follows the link, opening a file does not


def _read_ignore(root: Path) -> list[str]:
    try:
        text = (root / IGNORE_FILE).read_text(encoding="utf-8")
    except OSError:
        return []
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _ignored(rel: str, patterns: list[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    for pattern in patterns:
        p = pattern.rstrip("/")
        if fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p) or rel.startswith(p + "/"):
            return True
    return False


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def discover(root: Path, exclude: Path | None = None, follow_links: bool = False) -> Iterator[Candidate]:
    """Every file under ``root`` in a stable (sorted) order, each with what to do with it.

    ``exclude`` (the output folder, when it lies inside ``root``) is never read.  Symbolic links
    are followed only while they stay inside ``root``, unless ``follow_links``; a broken link or
    a link loop is reported, never followed forever.
    """
    root_real = Path(os.path.realpath(root))
    exclude_real = Path(os.path.realpath(exclude)) if exclude else None
    patterns = _read_ignore(root)
    visited_dirs = {str(root_real)}

    def walk(directory: Path, rel_dir: str) -> Iterator[Candidate]:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as e:
            yield Candidate(directory, rel_dir or ".", error=("unreadable", f"cannot list folder: {e.strerror}"))
            return
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            path = Path(entry.path)
            if exclude_real is not None and Path(os.path.realpath(path)) == exclude_real:
                continue
            if entry.name == IGNORE_FILE:
                continue
            if _ignored(rel, patterns):
                yield Candidate(path, rel, skip=f"listed in {IGNORE_FILE}")
                continue
            if entry.name.startswith("."):
                if not entry.is_dir(follow_symlinks=False):
                    yield Candidate(path, rel, skip="hidden file")
                continue
            if entry.is_symlink():
                target = _link_target(path)
                if isinstance(target, tuple):
                    yield Candidate(path, rel, error=target)
                    continue
                if not follow_links and not _inside(target, root_real):
                    yield Candidate(path, rel, skip="link points outside the input folder (use --follow-links)")
                    continue
                if target.is_dir():
                    if str(target) in visited_dirs:
                        yield Candidate(path, rel, error=("unreadable", "symbolic link loop: folder already visited"))
                        continue
                    visited_dirs.add(str(target))
                    yield from walk(path, rel)
                    continue
                yield Candidate(path, rel, link=True)
            elif entry.is_dir(follow_symlinks=False):
                real = os.path.realpath(path)
                if real in visited_dirs:
                    continue
                visited_dirs.add(real)
                yield from walk(path, rel)
            elif entry.is_file(follow_symlinks=False):
                yield Candidate(path, rel)
            else:
                yield Candidate(path, rel, error=("unreadable", "not a regular file (device, pipe or socket)"))

    yield from walk(root, "")


def _link_target(path: Path) -> Path | tuple[str, str]:
    try:
        target = Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        return ("unreadable", "broken symbolic link: its target does not exist")
    except (OSError, RuntimeError) as e:
        if isinstance(e, RuntimeError) or getattr(e, "errno", None) == 40:
            return ("unreadable", "symbolic link loop: the link points back to itself")
        return ("unreadable", f"cannot follow the link: {e}")
    return target
