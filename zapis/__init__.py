"""zapis: Czech meeting minutes (zápisy) → validated JSON."""

from zapis.version import __version__

__all__ = ["__version__"]
