"""The word lists of zapis/data/*.toml, loaded once.

Users extend them without touching code: a folder named by the ``ZAPIS_DATA`` environment
variable may hold TOML files of the same names; their lists are appended to the bundled ones
and their tables merged over them.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + value
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@cache
def load(name: str) -> dict[str, Any]:
    """The merged contents of ``<name>.toml``."""
    text = resources.files("zapis.data").joinpath(f"{name}.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    user_dir = os.environ.get("ZAPIS_DATA")
    if user_dir:
        user_file = Path(user_dir) / f"{name}.toml"
        if user_file.is_file():
            data = _merge(data, tomllib.loads(user_file.read_text(encoding="utf-8")))
    return data


def words(name: str, *keys: str) -> list[str]:
    """A list from a data file: ``words("names", "titles")``."""
    node: Any = load(name)
    for key in keys:
        node = node[key]
    return list(node)
