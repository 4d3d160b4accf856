"""A variable of this process's environment set for a while, then put back as it was."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator


@contextlib.contextmanager
def setting(name: str, value: str) -> Iterator[None]:
    """``name=value`` in ``os.environ`` inside the block (for what is started or loaded there),
    then the variable as it was before, or unset if it was."""
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before
