"""Small provider workbooks whose right answers are known, written the ways providers write them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd
import xlwt

HEADER = [
    "Nom",
    "Prénom",
    "Date de naissance",
    "Sexe",
    "École / collège",
    "Classe",
    "Quartier",
    "Suivi PRE",
    "Orienté par",
    "Date d'orientation",
    "Critères d'orientation",
    "Suite donnée",
    "Date d'entrée",
    "Date de sortie",
    "Motif de sortie",
    "Séances suivies",
    "Entretien d'accueil",
    "Réunions de parents",
    "Collectif de parents",
]

# Three children of Les Petits Pas in 2024-2025 (the canonical, template-like layout).
CHILDREN = [
    [
        "Dupont",
        "Marie",
        dt.date(2015, 3, 4),
        "F",
        "École élémentaire Jean Jaurès",
        "CM1",
        "Val-d'Argent-Nord",
        "Non",
        "Enseignant",
        dt.date(2024, 9, 16),
        "Méthodologie; Confiance en soi",
        "Inscrit",
        dt.date(2024, 10, 1),
        dt.date(2025, 6, 27),
        "Fin d'année",
        41,
        "Oui",
        2,
        "Non",
    ],
    [
        "Martin",
        "Yanis",
        dt.date(2013, 11, 20),
        "G",
        "Collège Jean Jaurès",
        "6e",
        "Centre-Ville",
        "Oui",
        "Famille",
        dt.date(2024, 9, 20),
        "Autonomie",
        "Inscrit",
        dt.date(2024, 10, 7),
        None,
        None,
        38,
        "Oui",
        0,
        "Oui",
    ],
    [
        "Diallo",
        "Awa",
        dt.date(2016, 6, 1),
        "F",
        "Ecole elementaire paul eluard",
        "CE2",
        "Centre-Ville",
        "Non",
        "PRE",
        dt.date(2024, 11, 5),
        "Langue, Parents éloignés de l'école",
        "Liste d'attente",
        None,
        None,
        None,
        None,
        "Non",
        0,
        "Non",
    ],
]


def xlsx_bytes(
    rows: list[list],
    sheet: str = "Registre",
    header=HEADER,
    above: list[list] | None = None,
    extra_sheets: dict[str, list[list]] | None = None,
) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in above or []:
        ws.append(r)
    ws.append(header)
    for r in rows:
        ws.append(r)
    for name, content in (extra_sheets or {}).items():
        w = wb.create_sheet(name)
        for r in content:
            w.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# A fourth child of Les Petits Pas, correct as written: a corrected file adds it, and each rejection test
# spoils one of its cells.
LUCAS = [
    "Bernard",
    "Lucas",
    dt.date(2014, 2, 10),
    "G",
    "École élémentaire Jean Jaurès",
    "CM2",
    "Val-d'Argent-Nord",
    "Non",
    "Enseignant",
    dt.date(2024, 9, 16),
    "Méthodologie",
    "Inscrit",
    dt.date(2024, 10, 1),
    dt.date(2025, 6, 27),
    "Fin d'année",
    40,
    "Oui",
    1,
    "Non",
]
# The same child with its birth date missing: the error an import must locate (its row number follows from
# where the file puts it).
NO_BIRTH = [*LUCAS[:2], None, *LUCAS[3:]]

# --- What the three CHILDREN must become in child_year (contract columns but child_id), in file order.
EXPECTED = [
    {
        "school_year": "2024-2025",
        "provider": "Les Petits Pas",
        "provider_type": "associatif",
        "sex": "F",
        "birth_year": 2015,
        "school": "École élémentaire Jean Jaurès",
        "grade": "CM1",
        "grade_band": "elementaire",
        "neighbourhood": "Val-d'Argent-Nord",
        "priority_area": True,
        "source": "enseignant",
        "criteria": ["confiance", "methodologie"],
        "outcome": "inscrit",
        "orientation_date": dt.date(2024, 9, 16),
        "entry_date": dt.date(2024, 10, 1),
        "exit_date": dt.date(2025, 6, 27),
        "exit_reason": "fin_annee",
        "sessions_attended": 41,
        "welcome_interview": True,
        "parent_meetings": 2,
        "parent_collective": False,
    },
    {
        "school_year": "2024-2025",
        "provider": "Les Petits Pas",
        "provider_type": "associatif",
        "sex": "M",
        "birth_year": 2013,
        "school": "Collège Jean Jaurès",
        "grade": "6e",
        "grade_band": "college",
        "neighbourhood": "Centre-Ville",
        "priority_area": False,
        "source": "famille",
        "criteria": ["autonomie"],
        "outcome": "inscrit",
        "orientation_date": dt.date(2024, 9, 20),
        "entry_date": dt.date(2024, 10, 7),
        "exit_date": None,
        "exit_reason": None,
        "sessions_attended": 38,
        "welcome_interview": True,
        "parent_meetings": 0,
        "parent_collective": True,
    },
    {
        "school_year": "2024-2025",
        "provider": "Les Petits Pas",
        "provider_type": "associatif",
        "sex": "F",
        "birth_year": 2016,
        "school": "École élémentaire Paul Éluard",
        "grade": "CE2",
        "grade_band": "elementaire",
        "neighbourhood": "Centre-Ville",
        "priority_area": False,
        "source": "pre",
        "criteria": ["langue", "parents_eloignes"],
        "outcome": "liste_attente",
        "orientation_date": dt.date(2024, 11, 5),
        "entry_date": None,
        "exit_date": None,
        "exit_reason": None,
        "sessions_attended": None,
        "welcome_interview": False,
        "parent_meetings": 0,
        "parent_collective": False,
    },
]
CONTRACT = [
    "school_year",
    "provider",
    "provider_type",
    "child_id",
    "sex",
    "birth_year",
    "school",
    "grade",
    "grade_band",
    "neighbourhood",
    "priority_area",
    "source",
    "criteria",
    "outcome",
    "orientation_date",
    "entry_date",
    "exit_date",
    "exit_reason",
    "sessions_attended",
    "welcome_interview",
    "parent_meetings",
    "parent_collective",
]
TODAY = dt.date(2025, 7, 1)  # pass as today= so that "future" and the two-digit-year pivot never drift


def expected(
    provider: str = "Les Petits Pas", provider_type: str = "associatif", school_year: str = "2024-2025"
) -> list[dict]:
    return [{**e, "provider": provider, "provider_type": provider_type, "school_year": school_year} for e in EXPECTED]


def child_rows(con, with_id: bool = False, where=lambda row: True) -> list[dict]:
    """The child_year rows, in spreadsheet order (sheet, row), without child_id unless asked; `where` keeps
    the rows (dicts) it returns true for. (SQL is never built from strings, not even in tests.)"""
    cols = [c for c in CONTRACT if with_id or c != "child_id"]
    cur = con.execute("""SELECT cy.*, e.sheet, e.source_row
                         FROM child_year cy JOIN enrolments e USING (enrolment_id)
                         ORDER BY cy.provider, cy.school_year, e.sheet, e.source_row""")
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    return [{c: r[c] for c in [*cols, "sheet", "source_row"]} for r in rows if where(r)]


def contract(rows: list[dict]) -> list[dict]:
    """The rows without where they came from (sheet, source_row)."""
    return [{k: v for k, v in r.items() if k not in ("sheet", "source_row")} for r in rows]


def dump(con) -> dict[str, list]:
    """Every table of the database, every row, in a stable order: equal dumps are equal databases."""
    tables = [
        t
        for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1"
        ).fetchall()
    ]
    return {t: con.execute("SELECT * FROM query_table($t) ORDER BY ALL", {"t": t}).fetchall() for t in tables}


def fr(d: dt.date | None) -> str:
    return "" if d is None else d.strftime("%d/%m/%Y")


def as_text(rows: list[list]) -> list[list[str]]:
    """Cells as a CSV export writes them: dates JJ/MM/AAAA, numbers plain, empty cells empty."""
    return [[fr(v) if isinstance(v, dt.date) else "" if v is None else str(v) for v in r] for r in rows]


def workbook_bytes(
    sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None, hidden: tuple[str, ...] = ()
) -> bytes:
    """An .xlsx of several sheets (rows as given; merges like {"Registre": ["B2:D2"]}).

    Two calls may give different bytes (openpyxl writes the time of saving): keep the bytes to re-import them.
    """
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        if name in hidden:
            ws.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows: list[list], delimiter: str = ";", encoding: str = "cp1252") -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(as_text(rows))
    return buf.getvalue().encode(encoding)


def ods_bytes(sheets: dict[str, list[list]]) -> bytes:
    """An OpenDocument spreadsheet (LibreOffice), dates as real date cells."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="odf") as w:
        for name, rows in sheets.items():
            pd.DataFrame(rows, dtype=object).to_excel(w, sheet_name=name, header=False, index=False)
    return buf.getvalue()


def xls_bytes(sheets: dict[str, list[list]]) -> bytes:
    """An old Excel 97-2003 .xls, dates as date-formatted serial cells."""
    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for name, rows in sheets.items():
        ws = book.add_sheet(name)
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, dt.date):
                    ws.write(i, j, v, date_style)
                else:
                    ws.write(i, j, v)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
