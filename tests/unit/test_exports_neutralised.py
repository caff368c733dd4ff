"""Every download button and every spreadsheet writer neutralises formula-like text through the one function
clas.domain.fmt.neutralise. The lists below are checked against the code: a new download button or a new writer
must be added here (and so fed a formula-like value) or this test fails."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from clas.domain import fmt
from clas.ingest.report import FileReport, Issue
from clas.metrics import explorer
from clas.report import model, xlsx
from clas.workspace import import_reports, referential_files, referential_specs

ROOT = Path(__file__).resolve().parents[2]
EVIL = ['=HYPERLINK("http://example.org","clic")', "+33 1 23 45", "-1+2", "@SUM(A1)", "\t=1+1"]

# (page, button label) -> the writer whose bytes it offers
DOWNLOADS = {
    ("clas/web/referentials_page.py", "Télécharger la table actuelle (CSV)"): "referential_files.example_csv",
    ("clas/web/network_referentials.py", "Télécharger la table actuelle (CSV)"): "referential_files.table_csv",
    ("pages/explorer.py", "Télécharger en CSV"): "explorer.to_csv",
    ("pages/explorer.py", "Télécharger en Excel"): "explorer.to_xlsx",
    (
        "clas/web/import_page.py",
        "Télécharger ce rapport (Excel) pour le renvoyer au porteur",
    ): "import_reports.issues_xlsx",
    ("pages/imports.py", "Télécharger le modèle"): "template.write_template",
    ("pages/rapport.py", "Rapport PDF"): "export.pdf",
    ("pages/rapport.py", "Tableaux Excel"): "export.xlsx",
    ("pages/rapport.py", "Tout (PDF, Excel, figures)"): "export.xlsx",
    ("pages/mon_espace.py", "Télécharger le modèle"): "template.write_template",
    ("pages/annuaire.py", "Annuaire imprimable (PDF, une page)"): "directory.pdf",
    ("pages/annuaire.py", "Fiche d'orientation à remplir (PDF)"): "directory.pdf",
    ("pages/bilan.py", "Télécharger le bilan (Excel)"): "bilan.workbook",
}
# modules that build a spreadsheet (openpyxl Workbook, a CSV) -> their writer functions tested below
WRITERS = {
    "clas/metrics/explorer.py": {"to_csv", "to_xlsx"},
    "clas/workspace/import_reports.py": {"issues_xlsx"},
    "clas/workspace/referential_files.py": {"example_csv", "table_csv"},
    "clas/report/xlsx.py": {"workbook"},
    "clas/ingest/template.py": {"write_template"},
    "clas/report/bilan.py": {"workbook"},
}


def test_every_download_button_is_listed():
    found = set()
    for page in sorted((ROOT / "pages").glob("*.py")) + sorted((ROOT / "clas" / "web").glob("*.py")):
        for m in re.finditer(r"download_button\(\s*(f?\"[^\"]*\")", page.read_text(encoding="utf-8")):
            found.add((page.relative_to(ROOT).as_posix(), m.group(1).lstrip("f").strip('"')))
    assert found == set(DOWNLOADS)


def test_every_spreadsheet_writer_is_listed():
    found = {}
    for f in sorted((ROOT / "clas").rglob("*.py")):
        rel = f.relative_to(ROOT).as_posix()
        if "/demo/" in rel:
            continue  # the demo workbooks are ours, made up on purpose
        text = f.read_text(encoding="utf-8")
        if re.search(r"Workbook\(\)|\.to_csv\(|csv\.writer\(", text):
            found[rel] = {m.group(1) for m in re.finditer(r"^def ([a-z_]+)\(", text, re.M)}
    assert set(found) == set(WRITERS)
    for rel, functions in WRITERS.items():
        assert functions <= found[rel]


def test_no_other_neutralise_function():
    defs = [
        f.relative_to(ROOT).as_posix()
        for f in (ROOT / "clas").rglob("*.py")
        if re.search(r"^def neutralise\(", f.read_text(encoding="utf-8"), re.M)
    ]
    assert defs == ["clas/domain/fmt.py"]


def test_the_function():
    assert [fmt.neutralise(v) for v in EVIL] == ["'" + v for v in EVIL]
    assert fmt.neutralise("Les Petits Pas") == "Les Petits Pas" and fmt.neutralise(-3) == -3
    assert fmt.neutralise(None) is None


def cells_of_xlsx(data: bytes) -> list:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # not one formula
    return [c.value for c in cells]


def texts_of_csv(data: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
    return [v for row in rows for v in row]


def assert_inert(values: list) -> None:
    texts = [v for v in values if isinstance(v, str)]
    for evil in EVIL:
        assert "'" + evil in texts, evil
    assert not [t for t in texts if t.startswith(fmt.FORMULA_START)]


def test_referentials_csv(monkeypatch):
    current = pd.DataFrame(
        {
            "code": ["P1", "P2", "P3", "P4", "P5"],
            "name": EVIL,
            "provider_type": ["associatif"] * 5,
            "neighbourhood_code": ["VAN"] * 5,
        }
    )
    for c in referential_specs.SPECS["providers"]:
        if c.field not in current:
            current[c.field] = None
    assert_inert(texts_of_csv(referential_files.example_csv("providers", current)))


def test_explorer_csv_and_xlsx():
    df = pd.DataFrame({"Porteur": EVIL, "Enfants": [1, 2, 3, 4, 5]})
    df[EVIL[0]] = "x"  # a header too
    assert_inert(texts_of_csv(explorer.to_csv(df, {"Enfants": "int"})))
    values = cells_of_xlsx(explorer.to_xlsx(df, {"Enfants": "int"}, [("Porteur", EVIL[1]), (EVIL[3], "x")]))
    assert_inert(values)
    assert 5 in values  # numbers stay numbers


def test_import_report_xlsx():
    report = FileReport(
        file=EVIL[0] + ".csv",
        provider=EVIL[1],
        school_year="2024-2025",
        status="loaded",
        issues=[
            Issue(EVIL[3], 2, EVIL[4], "warning", "Valeur inconnue"),
            Issue("Feuille", 3, EVIL[2], "error", "Date illisible"),
            Issue("Feuille", 4, EVIL[0], "error", "Date illisible"),
        ],
    )
    assert_inert(cells_of_xlsx(import_reports.issues_xlsx(report)))


def test_annual_report_workbook():
    table = model.Table(
        "t",
        EVIL[0],
        [model.Column(EVIL[1]), model.Column("Enfants", "int")],
        [[EVIL[2], 3], [EVIL[3], 4], [EVIL[4], model.Hidden("< 5")]],
        source="q",
        note="-note",
    )
    wb = openpyxl.Workbook()
    xlsx.write_table(wb.active, table, 1)
    buf = io.BytesIO()
    wb.save(buf)
    values = cells_of_xlsx(buf.getvalue())
    assert_inert(values)
    assert "'-note" in values and 3 in values


def test_the_template_takes_no_outside_text(tmp_path):
    import inspect

    from clas.ingest import template

    assert list(inspect.signature(template.write_template).parameters) == ["path"]
    template.write_template(tmp_path / "m.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "m.xlsx")
    assert not [c.coordinate for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]


@pytest.mark.parametrize("label", ["Rapport PDF"])
def test_the_pdf_is_not_a_spreadsheet(label):
    assert DOWNLOADS[("pages/rapport.py", label)] == "export.pdf"  # HTML escaped (clas/report/pdf.py)


def test_network_reference_csv():
    shown = pd.DataFrame({"École": EVIL, "Dispositif": ["APC"] * 5})
    assert_inert(texts_of_csv(referential_files.table_csv(shown)))


def test_provider_bilan_workbook():
    from clas.report import bilan

    frame = pd.DataFrame({EVIL[0]: [1, 2], "Total": [3, 4]}, index=[EVIL[1], EVIL[2]])
    table = bilan.BilanTable(bilan.TableDef("t", EVIL[3], "q", [], []), frame)
    values = cells_of_xlsx(bilan.workbook([table], "2024-2025", EVIL[4]))
    assert [v for v in values if isinstance(v, str) and v.startswith(fmt.FORMULA_START)] == []
    assert "'" + EVIL[0] in values and "'" + EVIL[1] in values and "'" + EVIL[3] in values and 4 in values
