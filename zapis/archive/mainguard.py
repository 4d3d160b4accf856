"""Worker processes that do not run the caller's script again.

``multiprocessing`` starts each worker (forkserver or spawn) by importing the parent's
``__main__`` anew: a script that calls the ingest without ``if __name__ == "__main__":`` would
start the whole ingest again in every worker (which fails: "the worker process crashed"), and a
script read from stdin (``python - < script.py``) cannot be imported at all.  The workers need
nothing from ``__main__``, so while they are started it does not say where it came from.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from zapis.readers import ExtractOptions

_MISSING = object()


@contextlib.contextmanager
def main_left_alone(options: ExtractOptions) -> Iterator[None]:
    """While this lasts, new worker processes do not import the caller's ``__main__``.

    Unless the caller's own OCR engine is defined there: the workers must import it then (and
    such a script needs the ``__main__`` guard, as multiprocessing always asks).
    """
    main = sys.modules.get("__main__")
    if main is None or type(options.ocr_engine).__module__ == "__main__":
        yield
        return
    saved = {name: getattr(main, name, _MISSING) for name in ("__file__", "__spec__")}
    with contextlib.suppress(AttributeError, TypeError):
        if saved["__file__"] is not _MISSING:
            del main.__file__
        main.__spec__ = None
    try:
        yield
    finally:
        with contextlib.suppress(AttributeError, TypeError):
            for name, value in saved.items():
                if value is not _MISSING:
                    setattr(main, name, value)
