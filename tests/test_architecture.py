"""The layout of docs/architecture.md, kept true: which part of zapis may import which.

Every import inside the package is read from the source (imports inside functions too).  A
part may use another only if the table below allows it, and only through that part's public
names (``from zapis.lang import fold``, never ``from zapis.lang.forms import …``).
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "zapis"

BASE = {"errors", "document", "lang", "output", "data", "version", "environment"}
# part → the other parts it may import.  Data flows one way: bytes → pages (readers) → clean
# text (normalize) → fields (parse) → one meeting (pipeline) → an archive or a diff.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "document": set(),
    "data": set(),
    "version": set(),
    "environment": set(),
    "lang": {"errors"},
    "output": {"errors"},
    "schema": BASE,
    "readers": BASE,
    "normalize": BASE,
    "parse": BASE | {"schema"},
    "pipeline": BASE | {"schema", "readers", "normalize", "parse"},
    "archive": BASE | {"schema", "readers", "pipeline"},
    "compare": BASE | {"schema", "readers", "pipeline"},
    "api": BASE | {"schema", "readers", "pipeline", "archive", "compare"},
    "cli": BASE | {"schema", "readers", "pipeline", "archive", "compare", "api"},
    "__init__": BASE | {"schema", "readers", "pipeline", "archive", "compare", "api"},
    "__main__": {"cli"},
}


def part_of(module: str) -> str:
    """ "zapis.lang.forms" → "lang"; "zapis" → "__init__"."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, names imported from it, line) for every zapis import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names if a.name.split(".")[0] == "zapis"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.startswith("zapis"):
            out.append((node.module, [a.name for a in node.names], node.lineno))
    return out


def public_names(module: str) -> set[str]:
    mod = importlib.import_module(module)
    names = getattr(mod, "__all__", None)
    return set(names) if names is not None else {n for n in vars(mod) if not n.startswith("_")}


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_the_table_names_every_part_of_the_package() -> None:
    parts = {part_of(module_name(p)) for p in SOURCES}
    assert parts <= set(ALLOWED), parts - set(ALLOWED)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_follow_the_layout(path: Path) -> None:
    importer = module_name(path)
    here = part_of(importer)
    wrong = []
    for module, names, line in imports_of(path):
        there = part_of(module)
        if there == here:
            continue
        if there not in ALLOWED[here]:
            wrong.append(f"line {line}: {here} must not import {there} ({module})")
            continue
        package = "zapis" if there == "__init__" else f"zapis.{there}"
        if module != package:
            wrong.append(f"line {line}: {module} is not a public name of {package}; import from {package}")
            continue
        hidden = [n for n in names if n not in public_names(package)]
        if hidden and there not in ("data",):
            wrong.append(f"line {line}: {package} does not export {', '.join(hidden)}")
    assert not wrong, "\n".join(wrong)


def test_the_readme_describes_these_folders() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it works", 1)[1].split("\n## ", 1)[0]
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    missing = [f for f in folders if f"zapis/{f}/" not in section]
    assert not missing, f"README 'How it works' does not describe {missing}"
    assert "docs/architecture.md" in section
