"""Each way providers lay out their register loads the same children with the same values.

Every test builds a small workbook holding the three CHILDREN of tests/support/builders.py (whose right answers
are EXPECTED), laid out one way, imports it and compares the resulting child_year rows.
"""

from __future__ import annotations

import datetime as dt

import pytest

from clas.ingest import import_file
from tests.support.builders import (
    CHILDREN,
    HEADER,
    TODAY,
    child_rows,
    contract,
    csv_bytes,
    expected,
    ods_bytes,
    workbook_bytes,
    xls_bytes,
    xlsx_bytes,
)

PETITS_PAS = {"provider": "Les Petits Pas", "school_year": "2024-2025"}


def _import(con, data: bytes, name: str = "registre.xlsx", **kw):
    report = import_file(con, data, file_name=name, today=TODAY, **kw)
    assert report.status == "loaded", report.issues
    return report


def test_canonical_template_layout(con):
    report = _import(con, xlsx_bytes(CHILDREN), **PETITS_PAS)
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (3, 3, 0)
    assert report.issues == []
    rows = child_rows(con)
    assert contract(rows) == expected()
    # The header is row 1: the children are rows 2 to 4, as the user sees them.
    assert [(r["sheet"], r["source_row"]) for r in rows] == [("Registre", 2), ("Registre", 3), ("Registre", 4)]


def test_title_rows_above_the_header_give_provider_year_and_row_numbers(con):
    above = [["Association Les Petits Pas"], ["Registre des enfants accompagnés — année 2024-2025"], []]
    report = _import(con, xlsx_bytes(CHILDREN, above=above))
    assert (report.provider, report.school_year) == ("Les Petits Pas", "2024-2025")
    rows = child_rows(con)
    assert contract(rows) == expected()
    assert [r["source_row"] for r in rows] == [5, 6, 7]


def _two_level_sheet() -> tuple[list[list], list[str]]:
    """A register with a title row and a two-level header made of real merged cells."""
    upper = [
        "Enfant",
        None,
        None,
        "Sexe",
        "École",
        "Classe",
        "Quartier",
        "Orientation",
        None,
        None,
        "Critères",
        None,
        None,
        None,
        None,
        "Parents",
        None,
        None,
        "Séances",
        "Dates",
        None,
        "Motif de sortie",
    ]
    lower = [
        "Nom",
        "Prénom",
        "DDN",
        None,
        None,
        None,
        None,
        "Par",
        "Date",
        "Suite",
        "Méthodo",
        "Autonomie",
        "Confiance",
        "Langue",
        "Parents éloignés",
        "Entretien accueil",
        "Réunions",
        "Collectif",
        None,
        "Entrée",
        "Sortie",
        None,
    ]
    ticks = [{"Méthodo", "Confiance"}, {"Autonomie"}, {"Langue", "Parents éloignés"}]
    rows = [["Maison de quartier Centre — Accompagnement à la scolarité 2024-2025"], upper, lower]
    for child, ticked in zip(CHILDREN, ticks):
        (
            last,
            first,
            born,
            sex,
            school,
            grade,
            nbh,
            _pre,
            source,
            oriented,
            _crit,
            outcome,
            entry,
            exit_,
            reason,
            sessions,
            welcome,
            meetings,
            collective,
        ) = child
        rows.append(
            [
                last,
                first,
                born,
                sex,
                school,
                grade,
                nbh,
                source,
                oriented,
                outcome,
                *("X" if c in ticked else None for c in lower[10:15]),
                welcome,
                meetings,
                collective,
                sessions,
                entry,
                exit_,
                reason,
            ]
        )
    merges = [
        "A1:V1",
        "A2:C2",
        "D2:D3",
        "E2:E3",
        "F2:F3",
        "G2:G3",
        "H2:J2",
        "K2:O2",
        "P2:R2",
        "S2:S3",
        "T2:U2",
        "V2:V3",
    ]
    return rows, merges


def test_two_level_merged_header(con):
    rows, merges = _two_level_sheet()
    report = _import(con, workbook_bytes({"Registre": rows}, merges={"Registre": merges}))
    # Provider and year come from the merged title row.
    assert (report.provider, report.school_year) == ("Maison de quartier Centre", "2024-2025")
    assert not [i for i in report.issues if "non reconnu" in i.message], report.issues
    got = child_rows(con)
    assert contract(got) == expected("Maison de quartier Centre", "municipal")
    assert [r["source_row"] for r in got] == [4, 5, 6]


def test_two_level_header_without_merge_information(con):
    # The same sheet exported to CSV: no merges, an upper label stands over the blank cells after it.
    rows, _ = _two_level_sheet()
    _import(con, csv_bytes(rows), name="registre.csv")
    assert contract(child_rows(con)) == expected("Maison de quartier Centre", "municipal")


def test_blank_rows_and_total_row_are_not_children(con):
    total = ["TOTAL", None, None, None, None, None, None, None, None, None, None, None, None, None, None, 79, 2, 2, 1]
    body = [CHILDREN[0], [None] * len(HEADER), CHILDREN[1], [], CHILDREN[2], [None] * len(HEADER), total]
    report = _import(con, xlsx_bytes(body), **PETITS_PAS)
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (3, 3, 0)
    assert report.errors == []
    rows = child_rows(con)
    assert contract(rows) == expected()
    assert [r["source_row"] for r in rows] == [2, 4, 6]


def test_pre_numbered_empty_rows_are_not_children(con):
    # Registers are often prepared with a numbered line per place and a group column filled in advance.
    header = ["N°", "Groupe", *HEADER, "Observations"]
    rows = [[i + 1, "Mercredi", *(CHILDREN[i] if i < 3 else [None] * len(HEADER)), None] for i in range(12)]
    rows[1][-1] = "Vient avec sa sœur"
    report = _import(con, xlsx_bytes(rows, header=header), **PETITS_PAS)
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (3, 3, 0)
    assert report.issues == []
    assert contract(child_rows(con)) == expected()


NEW_PUPIL = [
    "Benali",
    "Sofiane",
    dt.date(2012, 5, 2),
    "G",
    "Collège Jean Jaurès",
    "5ème",
    "Centre-Ville",
    "Non",
    "ENS",
    dt.date(2024, 9, 12),
    "Motivation",
    "Inscrit",
    dt.date(2024, 9, 30),
    None,
    None,
    44,
    "Oui",
    3,
    "Oui",
]


def test_one_sheet_per_group_and_a_summary_sheet(con):
    group1 = [HEADER, CHILDREN[0], CHILDREN[2]]
    group2 = [["Groupe du mercredi (collège)"], [], HEADER, CHILDREN[1], [], NEW_PUPIL]
    summary = [
        ["Synthèse"],
        ["Groupe", "Nombre d'enfants", "Séances"],
        ["CP-CE2", "=COUNTA('Groupe CP-CE2'!A2:A50)", "=SUM('Groupe CP-CE2'!P2:P50)"],
        ["Collège", "=COUNTA('Groupe collège'!A4:A50)", "=SUM('Groupe collège'!P4:P50)"],
    ]
    data = workbook_bytes({"Groupe CP-CE2": group1, "Groupe collège": group2, "Synthèse": summary})
    report = _import(con, data, **PETITS_PAS)
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (4, 4, 0)
    rows = child_rows(con)
    where = {(r["sheet"], r["source_row"]): r for r in rows}
    assert sorted(where) == [("Groupe CP-CE2", 2), ("Groupe CP-CE2", 3), ("Groupe collège", 4), ("Groupe collège", 6)]
    exp = expected()
    assert contract([where["Groupe CP-CE2", 2]]) == [exp[0]]
    assert contract([where["Groupe CP-CE2", 3]]) == [exp[2]]
    assert contract([where["Groupe collège", 4]]) == [exp[1]]
    new = where["Groupe collège", 6]
    assert (
        new["grade"],
        new["source"],
        new["criteria"],
        new["sessions_attended"],
        new["parent_meetings"],
        new["parent_collective"],
    ) == ("5e", "enseignant", ["motivation"], 44, 3, True)
    # The summary sheet brings no rows and is named in the report as ignored.
    assert [i.severity for i in report.issues if i.sheet == "Synthèse"] == ["warning"]
    assert "ignorée" in next(i.message for i in report.issues if i.sheet == "Synthèse")


def test_parent_actions_sheet_is_loaded(con):
    actions = [
        ["Actions avec les parents 2024-2025"],
        ["Date", "Type d'action", "Familles présentes"],
        [dt.date(2024, 10, 12), "Réunion de parents", 7],
        ["15/11/2024", "Café des parents", "5"],
        [45679, "Collectif", 4],  # an Excel serial: 22/01/2025
        ["TOTAL", None, 16],
    ]
    data = workbook_bytes({"Registre": [HEADER, *CHILDREN], "Actions parents": actions})
    report = _import(con, data, **PETITS_PAS)
    assert report.parent_actions == 3
    assert contract(child_rows(con)) == expected()
    got = con.execute(
        "SELECT provider, school_year, action_date, type, families_present "
        "FROM current_parent_actions ORDER BY action_date"
    ).fetchall()
    assert got == [
        ("Les Petits Pas", "2024-2025", dt.date(2024, 10, 12), "reunion_parents", 7),
        ("Les Petits Pas", "2024-2025", dt.date(2024, 11, 15), "cafe_parents", 5),
        ("Les Petits Pas", "2024-2025", dt.date(2025, 1, 22), "collectif_parents", 4),
    ]


@pytest.mark.parametrize(
    "encoding, delimiter",
    [("cp1252", ";"), ("utf-8", ","), ("utf-8-sig", ";")],
    ids=["windows-1252-semicolon", "utf8-comma", "utf8-bom-semicolon"],
)
def test_csv(con, encoding, delimiter):
    data = csv_bytes([HEADER, *CHILDREN], delimiter=delimiter, encoding=encoding)
    if encoding == "cp1252":
        with pytest.raises(UnicodeDecodeError):  # the test file really is not UTF-8
            data.decode("utf-8")
    report = _import(con, data, name="registre.csv", **PETITS_PAS)
    assert report.issues == []
    rows = child_rows(con)
    assert contract(rows) == expected()  # accents survive: schools and quartiers matched
    assert [(r["sheet"], r["source_row"]) for r in rows] == [("CSV", 2), ("CSV", 3), ("CSV", 4)]


def test_ods(con):
    report = _import(con, ods_bytes({"Registre": [HEADER, *CHILDREN]}), name="registre.ods", **PETITS_PAS)
    assert report.issues == []
    rows = child_rows(con)
    assert contract(rows) == expected()
    assert [r["source_row"] for r in rows] == [2, 3, 4]


def test_old_xls(con):
    report = _import(con, xls_bytes({"Registre": [HEADER, *CHILDREN]}), name="registre.xls", **PETITS_PAS)
    assert report.issues == []
    rows = child_rows(con)
    assert contract(rows) == expected()
    assert [r["source_row"] for r in rows] == [2, 3, 4]


def test_format_is_read_from_the_bytes_not_the_extension(con):
    # An .xls that is really a CSV export (it happens).
    data = csv_bytes([HEADER, *CHILDREN])
    _import(con, data, name="registre.xls", **PETITS_PAS)
    assert contract(child_rows(con)) == expected()


def test_full_name_in_one_column_gives_the_same_child_id(con):
    _import(con, xlsx_bytes(CHILDREN), **PETITS_PAS)
    by_columns = [r["child_id"] for r in child_rows(con, with_id=True)]

    header = ["Nom et prénom"] + HEADER[2:]
    # Surname first in capitals, as most providers write it, or first name first.
    full = [["DUPONT Marie", *CHILDREN[0][2:]], ["MARTIN  Yanis", *CHILDREN[1][2:]], ["Awa Diallo", *CHILDREN[2][2:]]]
    report = _import(
        con, xlsx_bytes(full, header=header), provider="Maison de quartier Centre", school_year="2024-2025"
    )
    assert report.rows_loaded == 3
    one_column = [
        r["child_id"] for r in child_rows(con, with_id=True, where=lambda r: r["provider"] != "Les Petits Pas")
    ]
    assert one_column == by_columns
    assert len(set(by_columns)) == 3
    assert contract(child_rows(con, where=lambda r: r["provider"] != "Les Petits Pas")) == expected(
        "Maison de quartier Centre", "municipal"
    )
