"""The version of zapis (one place; the package, the cache and the reports read it here)."""

__version__ = "0.1.0"

__all__ = ["__version__"]
