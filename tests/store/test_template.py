"""The provider template: headers, drop-down lists, instructions, and a filled template imports cleanly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, range_boundaries

from clas.domain import vocab
from clas.ingest.columns import ACTION_LABELS, canonical_headers
from clas.ingest.template import HEADER_ROW, write_template
from clas.store.db import create_schema

ROOT = Path(__file__).resolve().parents[2]
YES_NO = ["Oui", "Non"]
CODED = {  # header -> labels its drop-down must offer, in order
    "Sexe": list(vocab.SEXES.values()),
    "Classe": list(vocab.GRADES.values()),
    "Orienté par": list(vocab.SOURCES.values()),
    "Suite donnée": list(vocab.OUTCOMES.values()),
    "Motif de sortie": list(vocab.EXIT_REASONS.values()),
    "Suivi PRE": YES_NO,
    "Entretien d'accueil": YES_NO,
    "Collectif de parents": YES_NO,
}
DATES = ["Date de naissance", "Date d'orientation", "Date d'entrée", "Date de sortie"]
WHOLE = ["Séances suivies", "Réunions de parents"]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "Modèle registre CLAS.xlsx"
    write_template(path)
    return path


@pytest.fixture(scope="module")
def wb(template):
    return openpyxl.load_workbook(template)


def _columns(ws) -> dict[str, str]:
    """header -> column letter on the header row."""
    return {c.value: c.column_letter for c in ws[HEADER_ROW] if c.value}


def _validations(ws, letter: str, rows: int = 500) -> list:
    """The data validations covering the `rows` formatted data rows of a column."""
    col = column_index_from_string(letter)
    found = []
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            c0, r0, c1, r1 = range_boundaries(rng.coord)
            if c0 <= col <= c1 and r0 <= HEADER_ROW + 1 and r1 >= HEADER_ROW + rows:
                found.append(dv)
    return found


def _list_values(wb, formula: str) -> list[str]:
    """The values a list validation offers: an inline list, a defined name or a sheet range."""
    formula = formula.lstrip("=")
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    if "!" not in formula:
        formula = wb.defined_names[formula].attr_text
    sheet, ref = formula.rsplit("!", 1)
    ws = wb[sheet.strip("'")]
    return [row[0].value for row in ws[ref.replace("$", "")]]


def test_header_row_is_canonical(wb):
    ws = wb["Registre"]
    headers = [c.value for c in ws[HEADER_ROW]]
    assert headers[: len(canonical_headers())] == [h for _, h in canonical_headers()]
    assert all(v is None for v in headers[len(canonical_headers()) :])
    assert "Registre des enfants" in ws["A1"].value
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert all(c.font.bold for c in ws[HEADER_ROW] if c.value)


def test_sheets(wb):
    assert wb.sheetnames[0] == "Instructions"
    assert {"Registre", "Actions parents", "Listes"} <= set(wb.sheetnames)
    assert wb["Listes"].sheet_state == "hidden"
    assert wb.active.title == "Instructions"


@pytest.mark.parametrize("header", list(CODED))
def test_coded_columns_have_the_vocabulary_as_drop_down(wb, header):
    ws = wb["Registre"]
    dvs = [dv for dv in _validations(ws, _columns(ws)[header]) if dv.type == "list"]
    assert len(dvs) == 1, f"{header} : pas de liste déroulante"
    assert _list_values(wb, dvs[0].formula1) == CODED[header]
    assert dvs[0].showErrorMessage


def test_free_text_columns_have_no_list(wb):
    ws = wb["Registre"]
    for header in ("Quartier", "École / collège", "Critères d'orientation", "Nom", "Prénom"):
        assert not [dv for dv in _validations(ws, _columns(ws)[header]) if dv.type == "list"], header


@pytest.mark.parametrize("header", DATES)
def test_date_columns(wb, header):
    ws = wb["Registre"]
    letter = _columns(ws)[header]
    dvs = [dv for dv in _validations(ws, letter) if dv.type == "date"]
    assert len(dvs) == 1 and dvs[0].operator == "between"
    assert dvs[0].formula1 == "DATE(2000,1,1)" and dvs[0].formula2 == "DATE(2040,12,31)"
    assert dvs[0].showErrorMessage and "JJ/MM/AAAA" in dvs[0].error
    assert ws[f"{letter}{HEADER_ROW + 1}"].number_format == "DD/MM/YYYY"
    assert ws[f"{letter}{HEADER_ROW + 500}"].number_format == "DD/MM/YYYY"


@pytest.mark.parametrize("header", WHOLE)
def test_whole_number_columns(wb, header):
    ws = wb["Registre"]
    dvs = [dv for dv in _validations(ws, _columns(ws)[header]) if dv.type == "whole"]
    assert len(dvs) == 1
    assert (dvs[0].operator, dvs[0].formula1) == ("greaterThanOrEqual", "0")


def test_parent_actions_sheet(wb):
    ws = wb["Actions parents"]
    assert [c.value for c in ws[HEADER_ROW] if c.value] == list(ACTION_LABELS.values())
    cols = _columns(ws)
    assert [dv.type for dv in _validations(ws, cols["Date"], 200)] == ["date"]
    (types,) = _validations(ws, cols["Type d'action"], 200)
    assert _list_values(wb, types.formula1) == list(vocab.PARENT_ACTION_TYPES.values())
    assert [dv.type for dv in _validations(ws, cols["Familles présentes"], 200)] == ["whole"]


def test_instructions(wb):
    text = "\n".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    assert "pseudonymis" in text
    assert "une ligne par enfant" in text.lower()
    assert "Nom du porteur - CLAS 2024-2025.xlsx" in text
    assert "« ; »" in text
    for _, header in canonical_headers():
        assert header in text
    for labels in (vocab.CRITERIA, vocab.SOURCES, vocab.GRADES):
        for lbl in labels.values():
            assert lbl in text


def test_stable_bytes(template, tmp_path):
    again = tmp_path / "again.xlsx"
    write_template(again)
    assert again.read_bytes() == template.read_bytes()


# --- Round trip: a template filled with drop-down values imports with no error. ---------------------------


def _reference_dir() -> Path:
    real = ROOT / "data" / "reference"
    return real if (real / "neighbourhoods.csv").exists() else ROOT / "tests" / "fixtures" / "reference"


def _fill(path: Path, out: Path, neighbourhoods: list[str], schools: list[str]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Registre"]
    col = {h: i for i, h in enumerate([h for _, h in canonical_headers()], start=1)}
    grades = [
        ("CE2", 2015),
        ("CM1", 2014),
        ("CM2", 2013),
        ("6e", 2012),
        ("5e", 2011),
        ("CP", 2017),
        ("CE1", 2016),
        ("4e", 2010),
        ("3e", 2009),
        ("CM1", 2014),
    ]
    for i, (grade, year) in enumerate(grades):
        r = HEADER_ROW + 1 + i
        enrolled = i not in (3, 7)
        values = {
            "Nom": f"NOM{i}",
            "Prénom": f"Prénom{i}",
            "Date de naissance": dt.date(year, 1 + i, 10 + i),
            "Sexe": "Fille" if i % 2 else "Garçon",
            "École / collège": schools[i % len(schools)],
            "Classe": vocab.GRADES[grade],
            "Quartier": neighbourhoods[i % len(neighbourhoods)],
            "Suivi PRE": "Oui" if i % 4 == 0 else "Non",
            "Orienté par": list(vocab.SOURCES.values())[i % len(vocab.SOURCES)],
            "Date d'orientation": dt.date(2024, 9, 16 + i),
            "Critères d'orientation": "Confiance en soi; Méthodologie, organisation du travail",
            "Suite donnée": "Inscrit" if enrolled else "Liste d'attente",
        }
        if enrolled:
            values |= {
                "Date d'entrée": dt.date(2024, 10, 1 + i),
                "Date de sortie": dt.date(2025, 6, 27),
                "Motif de sortie": "Fin d'année",
                "Séances suivies": 30 + i,
                "Entretien d'accueil": "Oui",
                "Réunions de parents": i % 3,
                "Collectif de parents": "Oui" if i % 5 == 0 else "Non",
            }
        for header, value in values.items():
            ws.cell(r, col[header], value)
    acts = wb["Actions parents"]
    for i, (day, label, families) in enumerate(
        [(dt.date(2024, 10, 8), "Réunion de parents", 7), (dt.date(2025, 1, 21), "Café des parents", 4)]
    ):
        for c, value in enumerate((day, label, families), start=1):
            acts.cell(HEADER_ROW + 1 + i, c, value)
    wb.save(out)


def test_filled_template_imports_cleanly(template, tmp_path):
    ingest = pytest.importorskip("clas.ingest")
    if not hasattr(ingest, "import_file"):
        pytest.skip("clas.ingest.import_file n'existe pas encore")
    reference = pytest.importorskip("clas.store.reference")
    con = duckdb.connect()
    create_schema(con)
    reference.load_reference(con, _reference_dir())
    neighbourhoods = [n for (n,) in con.execute("SELECT name FROM neighbourhoods ORDER BY code").fetchall()]
    schools = [
        n for (n,) in con.execute("SELECT name FROM schools WHERE type <> 'lycee' ORDER BY school_id").fetchall()
    ]
    providers = [n for (n,) in con.execute("SELECT name FROM providers ORDER BY provider_id").fetchall()]
    provider = providers[0] if providers else "Association Test"
    filled = tmp_path / f"{provider} - CLAS 2024-2025.xlsx"
    _fill(template, filled, neighbourhoods or ["Centre-Ville"], schools or ["École Jean Jaurès"])

    report = ingest.import_file(con, filled, provider=provider, school_year="2024-2025")
    errors = [i for i in report.issues if i.severity == "error"]
    assert report.status == "loaded", report.issues
    assert not errors, errors
    # Every header and every drop-down label of the template is understood: no warning on the data sheets.
    data_warnings = [i for i in report.issues if i.sheet in ("Registre", "Actions parents")]
    assert not data_warnings, data_warnings
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (10, 10, 0)
    rows = con.execute(
        "SELECT count(*), count(DISTINCT child_id), sum(sessions_attended)::BIGINT, "
        "count(*) FILTER (WHERE outcome = 'inscrit') FROM child_year"
    ).fetchone()
    assert rows == (10, 10, sum(30 + i for i in range(10) if i not in (3, 7)), 8)
    crit = con.execute("SELECT DISTINCT criteria FROM child_year").fetchall()
    assert crit == [(["confiance", "methodologie"],)]
    assert con.execute("SELECT count(*) FROM current_parent_actions").fetchone()[0] == 2
