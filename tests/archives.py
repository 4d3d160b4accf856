"""A small archive made in the test: copies of one meeting, another meeting, and minutes with votes."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import SAMPLES

VOTES = """Zápis z 5. jednání Finančního výboru
konaného dne 12. 3. 2024 v 16:00 hod., zasedací místnost radnice

Přítomni: Jan Novák (předseda), Petra Svobodová, Karel Dvořák, Marie Černá (Naděje), Tomáš Procházka
Omluveni: Eva Veselá
Hosté: Pavel Horák

Program:
1. Rozpočet na rok 2024
2. Různé

1. Rozpočet na rok 2024
Usnesení č. 5/2024: Finanční výbor doporučuje zastupitelstvu schválit rozpočet na rok 2024.
Hlasování: pro 4, proti 1, zdržel se 0.
Pro: Jan Novák, Petra Svobodová, Karel Dvořák, Marie Černá
Proti: Tomáš Procházka

Zapsal: Karel Dvořák
"""


def minutes_folder(root: Path) -> Path:
    """Two copies of one meeting (samples 000 and 001), another meeting (002), and minutes with votes."""
    folder = root / "zapisy"
    folder.mkdir()
    for seed in ("000", "001", "002"):
        shutil.copy(SAMPLES / "txt" / f"{seed}.txt", folder / f"{seed}.txt")
    (folder / "financni-vybor.txt").write_text(VOTES, encoding="utf-8")
    return folder
