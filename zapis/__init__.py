"""zapis: Czech meeting minutes (zápisy) → validated JSON."""

__version__ = "0.1.0"
