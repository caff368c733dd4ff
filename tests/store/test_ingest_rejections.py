"""A row with an error is rejected alone, located as the user sees it; a row with a warning loads.

The register has a title row, so the header is spreadsheet row 2 and the three good CHILDREN are rows
3 to 5; the row under test is row 6. Some headers are written the providers' way ("DDN", "NIV.",
"Nb séances", "Sortie le"): the report must quote them as written.
"""

from __future__ import annotations

import datetime as dt

import pytest

from clas.ingest import import_file
from tests.support.builders import (
    CHILDREN,
    HEADER,
    LUCAS,
    TODAY,
    child_rows,
    contract,
    expected,
    workbook_bytes,
    xlsx_bytes,
)

D = dt.date
WRITTEN = {"Date de naissance": "DDN", "Classe": "NIV.", "Séances suivies": "Nb séances", "Date de sortie": "Sortie le"}
HEADER_AS_WRITTEN = [WRITTEN.get(h, h) for h in HEADER]
TITLE = [["Les Petits Pas — registre CLAS 2024-2025"]]
COL = {h: i for i, h in enumerate(HEADER)}


def _with(changes: dict[str, object], base: list = LUCAS) -> list:
    row = list(base)
    for header, value in changes.items():
        row[COL[header]] = value
    return row


def _import(con, rows: list[list], header=HEADER_AS_WRITTEN, **kw):
    return import_file(con, xlsx_bytes(rows, header=header, above=TITLE), file_name="registre.xlsx", today=TODAY, **kw)


def test_the_fourth_child_loads_when_nothing_is_spoilt(con):
    report = _import(con, [*CHILDREN, LUCAS])
    assert report.status == "loaded"
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (4, 4, 0)
    assert report.issues == []


ERRORS = {
    "no birth date": ({"Date de naissance": None}, "DDN", "Date de naissance manquante"),
    "unreadable birth date": ({"Date de naissance": "32/13/2014"}, "DDN", "illisible (attendu : JJ/MM/AAAA)"),
    "impossible birth date": (
        {"Date de naissance": "31/02/2010"},
        "DDN",
        "Date de naissance impossible : ce jour n'existe pas au calendrier.",
    ),
    "impossible exit date": ({"Date de sortie": "31/04/2025"}, "Sortie le", "« 31/04/2025 » impossible"),
    "birth date in the future": ({"Date de naissance": D(2026, 2, 10)}, "DDN", "dans le futur"),
    "implausible birth date": ({"Date de naissance": D(1990, 2, 10)}, "DDN", "invraisemblable"),
    "unknown grade": ({"Classe": "CM3"}, "NIV.", "Classe « CM3 » inconnue"),
    "no grade": ({"Classe": None}, "NIV.", "Classe manquante"),
    "exit before entry": (
        {"Date d'entrée": D(2025, 3, 1), "Date de sortie": D(2025, 1, 10)},
        "Sortie le",
        "antérieure à la date d'entrée",
    ),
    "unreadable exit date": ({"Date de sortie": "fin juin"}, "Sortie le", "illisible"),
    "negative attendance": ({"Séances suivies": -3}, "Nb séances", "négatif"),
    "unreadable attendance": ({"Séances suivies": "beaucoup"}, "Nb séances", "illisible"),
    "negative parent meetings": ({"Réunions de parents": -1}, "Réunions de parents", "négatif"),
    "missing name": ({"Nom": None}, "Nom", "Nom manquant"),
    "missing first name": ({"Prénom": None}, "Prénom", "Prénom manquant"),
}


@pytest.mark.parametrize("changes, column, words", ERRORS.values(), ids=ERRORS.keys())
def test_row_error_rejects_that_row_only(con, changes, column, words):
    report = _import(con, [*CHILDREN, _with(changes)])
    assert report.status == "loaded"
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (4, 3, 1)
    assert len(report.errors) == 1, report.issues
    err = report.errors[0]
    assert (err.sheet, err.row, err.column, err.severity) == ("Registre", 6, column, "error")
    assert words in err.message
    # The other rows load, untouched, and the rejected one is nowhere.
    rows = child_rows(con)
    assert contract(rows) == expected()
    assert [r["source_row"] for r in rows] == [3, 4, 5]
    # The report is kept in the database as the user saw it.
    stored = con.execute("""SELECT sheet, "row", "column", severity, message FROM import_issues
                            WHERE severity = 'error'""").fetchall()
    assert stored == [("Registre", 6, column, "error", err.message)]


def test_error_messages_are_french_sentences(con):
    rows = [*CHILDREN] + [_with(c) for c, _, _ in ERRORS.values()]
    # Distinct names so that no two spoilt rows are "the same child".
    for i, r in enumerate(rows[3:]):
        if r[COL["Nom"]]:
            r[COL["Nom"]] = f"Bernard{chr(65 + i)}"
    report = _import(con, rows)
    assert report.rows_rejected == len(ERRORS)
    assert len(report.errors) == len(ERRORS)
    for e in report.errors:
        assert e.message[0].isupper() and e.message.rstrip().endswith((".", ")")), e.message
        assert not any(w in e.message.lower() for w in ("error", "invalid", "missing", "row ")), e.message


def test_rejected_rows_are_located_on_every_sheet(con):
    group2 = [["Groupe du mercredi"], HEADER_AS_WRITTEN, _with({"Classe": "CM3"})]
    data = workbook_bytes({"Groupe 1": [HEADER_AS_WRITTEN, *CHILDREN], "Groupe 2": group2})
    report = import_file(
        con, data, file_name="registre.xlsx", provider="Les Petits Pas", school_year="2024-2025", today=TODAY
    )
    assert [(e.sheet, e.row, e.column) for e in report.errors] == [("Groupe 2", 3, "NIV.")]
    assert report.rows_loaded == 3


# --- warnings: the row loads ---------------------------------------------------------------------------


def _only_warning(report, row: int | None = 6):
    assert report.status == "loaded" and report.rows_rejected == 0 and report.errors == []
    warnings = [w for w in report.warnings if w.row == row]
    assert len(warnings) == 1, report.issues
    assert warnings[0].sheet == "Registre"
    return warnings[0]


def _lucas(con) -> dict:
    return next(r for r in child_rows(con) if r["source_row"] == 6)


def test_unknown_school_is_a_warning(con):
    report = _import(con, [*CHILDREN, _with({"École / collège": "École des Lilas"})])
    w = _only_warning(report)
    assert (w.column, w.severity) == ("École / collège", "warning")
    assert "« École des Lilas » absente du référentiel" in w.message
    assert report.rows_loaded == 4
    assert _lucas(con)["school"] == "École des Lilas"  # kept as written, to be matched later
    assert con.execute("SELECT school_id FROM enrolments WHERE source_row = 6").fetchall() == [(None,)]


def test_missing_neighbourhood_is_a_warning(con):
    report = _import(con, [*CHILDREN, _with({"Quartier": None})])
    w = _only_warning(report)
    assert w.column == "Quartier" and "Quartier manquant" in w.message
    lucas = _lucas(con)
    assert (lucas["neighbourhood"], lucas["grade"]) == (None, "CM2")


def test_unknown_neighbourhood_is_a_warning(con):
    report = _import(con, [*CHILDREN, _with({"Quartier": "Les Hauts de Mars"})])
    w = _only_warning(report)
    assert w.column == "Quartier" and "« Les Hauts de Mars » inconnu" in w.message
    assert _lucas(con)["neighbourhood"] is None


def test_unreadable_code_is_a_warning_and_left_empty(con):
    report = _import(con, [*CHILDREN, _with({"Sexe": "?", "Orienté par": "le voisin"})])
    assert report.rows_loaded == 4 and report.errors == []
    assert sorted(w.column for w in report.warnings if w.row == 6) == ["Orienté par", "Sexe"]
    lucas = _lucas(con)
    assert (lucas["sex"], lucas["source"]) == (None, None)


def test_same_child_twice_in_one_register_is_kept_once(con):
    again = ["DUPONT", " marie ", "04/03/2015", *CHILDREN[0][3:]]
    again[COL["Séances suivies"]] = 3
    report = _import(con, [*CHILDREN, again])
    assert report.status == "loaded" and report.errors == []
    [w] = report.warnings
    assert (w.sheet, w.row, w.column) == ("Registre", 6, None)
    assert "Même enfant que ligne 3" in w.message and "« Registre »" in w.message
    # Every row read is loaded or counted as not loaded: the second copy is not loaded.
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (4, 3, 1)
    rows = child_rows(con)
    assert contract(rows) == expected()  # the first row counts (41 sessions, not 3)
    assert con.execute("SELECT count(*) FROM children").fetchall() == [(3,)]


def test_child_also_followed_by_another_provider(con):
    first = import_file(
        con,
        xlsx_bytes([CHILDREN[0]]),
        file_name="centre.xlsx",
        provider="Maison de quartier Centre",
        school_year="2024-2025",
        today=TODAY,
    )
    assert first.status == "loaded"
    report = _import(con, [*CHILDREN])
    w = _only_warning(report, row=3)
    # issue 9, defect 6: the other provider is never named to a porteur
    assert w.message == "Enfant également suivi par un autre porteur en 2024-2025."
    assert "Centre" not in w.message
    assert report.rows_loaded == 3
    ids = con.execute("SELECT provider, child_id FROM child_year ORDER BY provider").fetchall()
    assert len(ids) == 4 and ids[0][1] in {i for _, i in ids[1:]}


def test_same_child_in_another_year_is_not_a_warning(con):
    import_file(
        con,
        xlsx_bytes([CHILDREN[0]]),
        file_name="centre.xlsx",
        provider="Maison de quartier Centre",
        school_year="2023-2024",
        today=TODAY,
    )
    report = _import(con, [*CHILDREN])
    assert report.issues == []


def test_unrecognised_column_is_reported_by_its_header(con):
    header = HEADER_AS_WRITTEN + ["Couleur préférée"]
    rows = [r + ["bleu"] for r in CHILDREN]
    report = _import(con, rows, header=header)
    assert report.status == "loaded" and report.rows_loaded == 3 and report.errors == []
    [w] = report.warnings
    assert (w.sheet, w.row, w.column, w.severity) == ("Registre", 2, "Couleur préférée", "warning")
    assert "« Couleur préférée » (T) non reconnue" in w.message
    assert contract(child_rows(con)) == expected()


def test_personal_data_column_is_not_kept_and_said_so(con):
    header = HEADER_AS_WRITTEN + ["Téléphone"]
    rows = [r + ["06 12 34 56 78"] for r in CHILDREN]
    report = _import(con, rows, header=header)
    [w] = report.warnings
    assert w.column == "Téléphone" and "non conservée" in w.message
    assert contract(child_rows(con)) == expected()


def test_same_child_on_two_group_sheets_is_kept_once(con):
    data = workbook_bytes({"Groupe 1": [HEADER, *CHILDREN], "Groupe 2": [["Sorties du samedi"], HEADER, CHILDREN[1]]})
    report = import_file(
        con, data, file_name="registre.xlsx", provider="Les Petits Pas", school_year="2024-2025", today=TODAY
    )
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (4, 3, 1)
    [w] = report.warnings
    assert (w.sheet, w.row, w.severity) == ("Groupe 2", 3, "warning")
    assert "Même enfant que ligne 3 (feuille « Groupe 1 »)" in w.message
    assert contract(child_rows(con)) == expected()
