"""The fixture database the page tests run on: three providers, two school years, figures known by hand.

Built through the real importer from workbooks written here, so page tests also exercise ingest.

2023-2024
  Les Petits Pas (associatif, VAN)      6 inscrits: 4 live in VAN (priority), 2 in CV; all CM1, source enseignant
                                        families reached (meetings >= 1 or collective): 3 of 6
  Maison de quartier Centre (municipal)  4 inscrits, all CV, 6e, source famille; reached 1 of 4
2024-2025
  Les Petits Pas                        8 inscrits + 2 liste_attente (10 forms); inscrits: 6 VAN + 2 CV
                                        grades: 5 CE2 + 3 CM2 (all elementaire); sources: 6 enseignant, 2 pre
                                        (+ the 2 waiting: enseignant); reached 6 of 8; welcome interview 8 of 8
  Maison de quartier Centre             5 inscrits + 1 refus_famille; all CV; grades 6e x3, 5e x2 (college);
                                        source famille x5 (+ refus: famille); reached 1 of 5; welcome 3 of 5
  Réussir Ensemble (associatif, OV)     3 inscrits, OV, 2nde (lycee), source jeune; reached 0 of 3
So in 2024-2025: 16 children inscrits (8 + 5 + 3), 19 forms; in priority area (VAN) 6 of 16 = 37,5 %;
reached 7 of 16 = 43,75 %; teacher orientations 8 of 19 forms. Neighbourhood OV has 0 children aged 6–14
in the reference and 3 CLAS children; CV has 1 400 children aged 6–14 and 2 + 5 = 7 CLAS children.
Orientation -> entry: 14 days for every inscrit child (median 14).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from clas.ingest import import_file
from clas.store.db import create_schema, refresh_child_year
from clas.store.reference import load_reference
from tests.support.builders import xlsx_bytes

REFERENCE = Path(__file__).parents[1] / "fixtures" / "reference"
SCHOOL = {
    "elementaire": "École élémentaire Jean Jaurès",
    "college": "Collège Jean Jaurès",
    "lycee": "Lycée Georges Braque",
}
NBH = {"VAN": "Val-d'Argent-Nord", "CV": "Centre-Ville", "OV": "Orgemont-Volembert"}


def _row(
    prefix: str,
    i: int,
    year: int,
    grade: str,
    band: str,
    born: int,
    nbh: str,
    source: str,
    outcome: str,
    reached: bool,
    welcome: bool,
    criteria: str = "Méthodologie; Confiance en soi",
) -> list:
    orient = dt.date(year, 9, 16) + dt.timedelta(days=7 * (i % 4))
    enrolled = outcome == "Inscrit"
    entry = orient + dt.timedelta(days=14) if enrolled else None
    return [
        f"{prefix}{i}",
        "Enfant",
        dt.date(born, 1 + i % 12, 1 + i),
        "F" if i % 2 else "G",
        SCHOOL[band],
        grade,
        NBH[nbh],
        "Non",
        source,
        orient,
        criteria,
        outcome,
        entry,
        dt.date(year + 1, 6, 27) if enrolled else None,
        "Fin d'année" if enrolled else None,
        40 if enrolled else None,
        "Oui" if welcome else "Non",
        1 if reached else 0,
        "Non",
    ]


def workbooks() -> list[tuple[str, bytes]]:
    files = []
    # 2023-2024
    rows = [
        _row(
            "Petit",
            i,
            2023,
            "CM1",
            "elementaire",
            2014,
            "VAN" if i < 4 else "CV",
            "Enseignant",
            "Inscrit",
            reached=i < 3,
            welcome=True,
        )
        for i in range(6)
    ]
    files.append(("Les Petits Pas - CLAS 2023-2024.xlsx", xlsx_bytes(rows)))
    rows = [
        _row("Centre", i, 2023, "6e", "college", 2012, "CV", "Famille", "Inscrit", reached=i < 1, welcome=True)
        for i in range(4)
    ]
    files.append(("Maison de quartier Centre - CLAS 2023-2024.xlsx", xlsx_bytes(rows)))
    # 2024-2025
    rows = [
        _row(
            "Petit",
            i,
            2024,
            "CE2" if i < 5 else "CM2",
            "elementaire",
            2016 if i < 5 else 2014,
            "VAN" if i < 6 else "CV",
            "PRE" if i in (6, 7) else "Enseignant",
            "Inscrit",
            reached=i < 6,
            welcome=True,
            criteria="Méthodologie; Langue" if i % 2 else "Confiance en soi",
        )
        for i in range(8)
    ]
    rows += [
        _row(
            "Attente",
            i,
            2024,
            "CE2",
            "elementaire",
            2016,
            "VAN",
            "Enseignant",
            "Liste d'attente",
            reached=False,
            welcome=False,
        )
        for i in range(2)
    ]
    files.append(
        (
            "Les Petits Pas - CLAS 2024-2025.xlsx",
            xlsx_bytes(
                rows,
                extra_sheets={
                    "Actions parents": [
                        ["Date", "Type d'action", "Familles présentes"],
                        [dt.date(2024, 10, 10), "Réunion de parents", 6],
                        [dt.date(2025, 1, 15), "Café des parents", 4],
                    ]
                },
            ),
        )
    )
    rows = [
        _row(
            "Centre",
            i,
            2024,
            "6e" if i < 3 else "5e",
            "college",
            2013 if i < 3 else 2012,
            "CV",
            "Famille",
            "Inscrit",
            reached=i < 1,
            welcome=i < 3,
        )
        for i in range(5)
    ]
    rows += [
        _row(
            "Refus",
            0,
            2024,
            "6e",
            "college",
            2013,
            "CV",
            "Famille",
            "Refus de la famille",
            reached=False,
            welcome=False,
        )
    ]
    files.append(("Maison de quartier Centre - CLAS 2024-2025.xlsx", xlsx_bytes(rows)))
    rows = [
        _row(
            "Reussir", i, 2024, "2nde", "lycee", 2009, "OV", "Le jeune lui-même", "Inscrit", reached=False, welcome=True
        )
        for i in range(3)
    ]
    files.append(("Réussir Ensemble - CLAS 2024-2025.xlsx", xlsx_bytes(rows)))
    return files


def build(con: duckdb.DuckDBPyConnection) -> None:
    create_schema(con)
    load_reference(con, REFERENCE)
    for name, data in workbooks():
        report = import_file(con, data, name, today=dt.date(2025, 7, 1))
        assert report.status == "loaded" and report.rows_rejected == 0, report.to_text()


def build_file(path: Path) -> Path:
    con = duckdb.connect(str(path))
    try:
        build(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


def add_second_provider(path: Path) -> str:
    """Give the fixture file at `path` a child followed by two providers in one year (no workbook holds one):
    the first child 'inscrit' at Les Petits Pas in 2024-2025 (VAN, family reached) gets a second form at
    Maison de quartier Centre, family not reached, criterion 'langue'. Returns the child's id."""
    with duckdb.connect(str(path)) as con:
        enrolment, child = con.execute(
            "SELECT enrolment_id, child_id FROM child_year WHERE provider = 'Les Petits Pas' "
            "AND school_year = '2024-2025' AND outcome = 'inscrit' ORDER BY enrolment_id LIMIT 1"
        ).fetchall()[0]
        con.execute(
            """INSERT INTO enrolments
               SELECT e.* REPLACE ((SELECT max(enrolment_id) + 1 FROM enrolments) AS enrolment_id,
                                 i.import_id AS import_id, i.provider_id AS provider_id,
                                 0 AS parent_meetings, FALSE AS parent_collective)
               FROM enrolments e
               JOIN imports i ON i.school_year = e.school_year AND i.status = 'loaded'
               JOIN providers p ON p.provider_id = i.provider_id AND p.name = 'Maison de quartier Centre'
               WHERE e.enrolment_id = $e""",
            {"e": enrolment},
        )
        con.execute("INSERT INTO orientation_criteria SELECT max(enrolment_id), 'langue' FROM enrolments")
        refresh_child_year(con)
        con.execute("CHECKPOINT")
    return child
