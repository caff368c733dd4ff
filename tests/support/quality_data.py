"""Messy files on top of the fixture database, for the Qualité des données page (figures known by hand).

After `add_messy_files(path)`, in 2024-2025:
  Réussir Ensemble's file is replaced by 4 rows: Dupont Marie (also in Maison de quartier Centre's file),
    the same row again (a duplicate, not loaded), Martin Yanis at "Ecole J. Jaures" (unmatched school) with no
    neighbourhood and no source, and Diallo Awa at "Ecole J. Jaures" too.
    -> 3 rows loaded; neighbourhood filled 2/3; source filled 2/3; school matched 1/3.
  Maison de quartier Centre's file is replaced by Dupont Marie and Martin Yanis at "Coll. Jean-Jaures".
    -> school matched 1/2.
Children followed by two providers: Dupont Marie and Martin Yanis (Maison de quartier Centre and Réussir
Ensemble). One duplicate: Réussir Ensemble's sheet Registre, row 3. Every provider has sent its file.
Unmatched spellings: "Ecole J. Jaures" (2 rows), "Coll. Jean-Jaures" (1 row).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clas.workspace.imports import import_upload
from tests.support.builders import CHILDREN, HEADER, xlsx_bytes

TODAY = dt.date(2025, 7, 1)
COL = {h: i for i, h in enumerate(HEADER)}


def _with(row: list, **changes) -> list:
    row = list(row)
    for header, value in changes.items():
        row[COL[header]] = value
    return row


def reussir_rows() -> list[list]:
    marie = CHILDREN[0]
    yanis = _with(
        CHILDREN[1], **{"École / collège": "Ecole J. Jaures", "Quartier": None, "Orienté par": None, "Classe": "CM2"}
    )
    awa = _with(CHILDREN[2], **{"École / collège": "Ecole J. Jaures"})
    return [marie, marie, yanis, awa]


def centre_rows() -> list[list]:
    return [CHILDREN[0], _with(CHILDREN[1], **{"École / collège": "Coll. Jean-Jaures"})]


def add_messy_files(path: Path | None = None) -> None:
    for name, rows in (
        ("Réussir Ensemble - CLAS 2024-2025 v2.xlsx", reussir_rows()),
        ("Maison de quartier Centre - CLAS 2024-2025 v2.xlsx", centre_rows()),
    ):
        report = import_upload(xlsx_bytes(rows), name, path=path, today=TODAY, imported_by="test")
        assert report.status == "loaded", report.to_text()
