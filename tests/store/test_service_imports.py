"""What the Imports page does, through the very functions it calls (clas.workspace.imports), on a copy of the
fixture database: reports, the XLSX sent back to providers, column mappings, withdrawals, limits."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io

import openpyxl
import pytest

from clas.domain.school_year import school_year_choices
from clas.ingest.withdraw import WithdrawRefused
from clas.web.markdown import escape_md
from clas.workspace import import_reports as reports
from clas.workspace import imports as svc
from tests.support.builders import CHILDREN, HEADER, NO_BIRTH, xlsx_bytes
from tests.support.fixtures import q

TODAY = dt.date(2025, 7, 1)
PETITS_PAS = "Les Petits Pas - CLAS 2024-2025.xlsx"


def children(path, provider="Les Petits Pas", year="2024-2025") -> int:
    return q(path, "SELECT count(*) FROM child_year WHERE provider = $p AND school_year = $y", p=provider, y=year)[0][0]


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_with_an_error_gives_the_issues_table(dbfile):
    report = svc.import_upload(xlsx_bytes([*CHILDREN, NO_BIRTH]), PETITS_PAS, imported_by="test", today=TODAY)
    assert report.status == "loaded"
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (4, 3, 1)
    df = reports.issues_frame(report)
    assert list(df.columns) == ["Feuille", "Ligne", "Colonne", "Gravité", "Message"]
    err = df[df["Gravité"] == "Erreur"].iloc[0]
    assert (err["Feuille"], int(err["Ligne"]), err["Colonne"]) == ("Registre", 5, "Date de naissance")
    assert err["Message"].startswith("Date de naissance manquante")
    assert len(reports.filter_issues(df, "error")) == 1
    assert set(reports.filter_issues(df, "warning")["Gravité"]) <= {"Avertissement"}
    assert children(dbfile) == 3
    assert q(dbfile, "SELECT imported_by FROM imports WHERE status = 'loaded' AND file_name = $f", f=PETITS_PAS)[
        -1
    ] == ("test",)


def _csv(rows, header) -> bytes:
    def cell(v):
        return "" if v is None else v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else str(v)

    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([[cell(v) for v in r] for r in [header, *rows]])
    return out.getvalue().encode("utf-8")


def test_the_report_workbook_is_in_french_and_neutralised(dbfile):
    # A CSV keeps a header such as =HYPERLINK(...) as text: the report must not turn it back into a formula.
    header = HEADER + ["+Infos", '=HYPERLINK("http://x","clic")']
    report = svc.import_upload(
        _csv([r + ["a", "b"] for r in [*CHILDREN, NO_BIRTH]], header),
        "Les Petits Pas - CLAS 2024-2025.csv",
        today=TODAY,
    )
    assert report.status == "loaded"
    wb = openpyxl.load_workbook(io.BytesIO(reports.issues_xlsx(report)))
    ws = wb.active
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    cells = [row[: max([i + 1 for i, v in enumerate(row) if v is not None], default=0)] for row in cells]
    assert cells[0] == ["Rapport d'import du fichier", "Les Petits Pas - CLAS 2024-2025.csv"]
    head = cells.index(["Feuille", "Ligne", "Colonne", "Gravité", "Message"])
    body = cells[head + 1 :]
    assert body[[r[3] for r in body].index("Erreur")][1:4] == [5, "Date de naissance", "Erreur"]
    columns = {row[2] for row in body}
    assert "'+Infos" in columns and """'=HYPERLINK("http://x","clic")""" in columns
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert reports.neutralise("+33 1 23") == "'+33 1 23" and reports.neutralise("@x") == "'@x"
    assert reports.neutralise("-3") == "'-3" and reports.neutralise("Erreur") == "Erreur" and reports.neutralise(5) == 5


def test_a_refused_file_leaves_the_database_file_untouched(dbfile):
    before = digest(dbfile)
    report = svc.import_upload(b"not a spreadsheet\x00\x01", "registre.xlsx")
    assert report.status == "rejected" and report.issues[0].severity == "error"
    report = svc.import_upload(xlsx_bytes([NO_BIRTH]), PETITS_PAS, today=TODAY)  # every row in error
    assert report.status == "rejected" and report.rows_rejected == 1
    assert digest(dbfile) == before


def test_a_file_over_the_upload_limit_is_refused_with_the_command_line_wording(dbfile):
    before = digest(dbfile)
    report = svc.import_upload(b"x" * (2 * 1024 * 1024 + 1), "gros.csv", max_mb=2)
    assert report.status == "rejected"
    assert report.issues[0].message.startswith("Le fichier pèse 2 Mo, au-delà de la limite de 2 Mo")
    assert digest(dbfile) == before


def test_the_same_bytes_twice_are_unchanged_and_rewrite_nothing(dbfile):
    data = xlsx_bytes(CHILDREN)
    assert svc.import_upload(data, PETITS_PAS, today=TODAY).status == "loaded"
    before = digest(dbfile)
    report = svc.import_upload(data, PETITS_PAS, today=TODAY)
    assert report.status == "unchanged"
    assert digest(dbfile) == before


def test_provider_and_year_asked_when_the_file_does_not_say(dbfile):
    data = xlsx_bytes(CHILDREN)
    report = svc.import_upload(data, "registre.xlsx", today=TODAY)
    assert report.status == "rejected" and report.needs == ["provider", "school_year"]
    report = svc.import_upload(data, "registre.xlsx", provider="Les Petits Pas", school_year="2024-2025", today=TODAY)
    assert report.status == "loaded" and children(dbfile) == 3
    report = svc.import_upload(
        data, "registre.xlsx", provider="Nouvelle Association", school_year="2025-2026", today=dt.date(2026, 7, 1)
    )
    assert report.status == "loaded"
    assert q(dbfile, "SELECT created_by_import FROM providers WHERE name = 'Nouvelle Association'") == [(True,)]


BIRTH = HEADER.index("Date de naissance")
ODD_HEADER = [*HEADER[:BIRTH], "Anniversaire", *HEADER[BIRTH + 1 :]]


def test_a_mapping_saved_for_a_provider_is_used_on_its_next_files(dbfile):
    data = xlsx_bytes(CHILDREN, header=ODD_HEADER)
    report = svc.import_upload(data, PETITS_PAS, today=TODAY)
    # Without a birth-date column the sheet is no register: refused, but its columns are still shown.
    assert report.status == "rejected" and report.provider == "Les Petits Pas"
    missing = svc.unrecognised(svc.file_columns(data))
    assert [(c.sheet, c.letter, c.header, c.header_key) for c in missing] == [
        ("Registre", "C", "Anniversaire", "anniversaire")
    ]
    assert svc.save_mappings("Les Petits Pas", {"Anniversaire": "birth_date"}) == 1
    assert q(dbfile, "SELECT header_key, field FROM column_mappings") == [("anniversaire", "birth_date")]
    custom = {"anniversaire": "birth_date"}
    assert svc.unrecognised(svc.file_columns(data, custom)) == []
    report = svc.import_upload(
        data, PETITS_PAS, provider="Les Petits Pas", school_year="2024-2025", force=True, today=TODAY
    )
    assert report.status == "loaded" and report.rows_loaded == 3
    # The next file of the same provider (new bytes, same odd header) loads at once ...
    nxt = svc.import_upload(xlsx_bytes(CHILDREN[:2], header=ODD_HEADER), PETITS_PAS, today=TODAY)
    assert nxt.status == "loaded" and nxt.rows_loaded == 2
    # ... and another provider's file is not read with Les Petits Pas's mapping.
    other = svc.import_upload(
        xlsx_bytes(CHILDREN, header=ODD_HEADER), "Réussir Ensemble - CLAS 2024-2025.xlsx", today=TODAY
    )
    assert other.status == "rejected"


def test_mapping_an_extra_column_and_reimporting_the_same_bytes(dbfile):
    header = HEADER[:-1] + ["Cercle Soleil"]
    data = xlsx_bytes(CHILDREN, header=header)
    first = svc.import_upload(data, PETITS_PAS, today=TODAY)
    assert first.status == "loaded"
    assert any("non reconnue" in i.message for i in first.warnings)
    assert q(
        dbfile,
        "SELECT count(*) FILTER (WHERE parent_collective) FROM child_year WHERE provider = "
        "'Les Petits Pas' AND school_year = '2024-2025'",
    ) == [(0,)]
    svc.save_mappings("Les Petits Pas", {"Cercle Soleil": "parent_collective"})
    # The same bytes are the current file: a plain import says "unchanged"; force loads them with the mapping.
    assert svc.import_upload(data, PETITS_PAS, today=TODAY).status == "unchanged"
    again = svc.import_upload(
        data, PETITS_PAS, provider="Les Petits Pas", school_year="2024-2025", force=True, today=TODAY
    )
    assert again.status == "loaded" and not any("non reconnue" in i.message for i in again.issues)
    assert q(
        dbfile,
        "SELECT count(*) FILTER (WHERE parent_collective) FROM child_year WHERE provider = "
        "'Les Petits Pas' AND school_year = '2024-2025'",
    ) == [(1,)]
    assert q(
        dbfile,
        "SELECT status FROM imports WHERE import_id IN ($a, $b) ORDER BY import_id",
        a=first.import_id,
        b=again.import_id,
    ) == [("superseded",), ("loaded",)]
    # Ignoring a column silences it on the next import.
    svc.save_mappings("Les Petits Pas", {"Cercle Soleil": svc.IGNORE})
    third = svc.import_upload(
        data, PETITS_PAS, provider="Les Petits Pas", school_year="2024-2025", force=True, today=TODAY
    )
    assert third.status == "loaded" and third.issues == []


def test_save_mappings_refuses_unknown_fields(dbfile):
    with pytest.raises(ValueError):
        svc.save_mappings("Les Petits Pas", {"X": "not_a_field"})
    assert svc.save_mappings("Les Petits Pas", {"X": ""}) == 0


def test_withdrawing_through_the_page_function_restores_the_previous_counts(dbfile):
    assert children(dbfile) == 10  # the fixture's 8 inscrits + 2 waiting
    rows = q(
        dbfile,
        "SELECT count(*) FROM enrolments e JOIN imports i USING (import_id) WHERE i.status = 'loaded' "
        "AND i.file_name = $f",
        f=PETITS_PAS,
    )[0][0]
    report = svc.import_upload(xlsx_bytes(CHILDREN[:2]), PETITS_PAS, today=TODAY)
    assert children(dbfile) == 2
    done = svc.withdraw(report.import_id)
    assert done.restored_file == PETITS_PAS
    assert children(dbfile) == 10
    assert (
        q(
            dbfile,
            "SELECT count(*) FROM enrolments e JOIN imports i USING (import_id) WHERE i.status = 'loaded' "
            "AND i.file_name = $f",
            f=PETITS_PAS,
        )[0][0]
        == rows
    )
    before = digest(dbfile)
    with pytest.raises(WithdrawRefused):
        svc.withdraw(report.import_id)
    assert digest(dbfile) == before


def test_page_helpers():
    assert escape_md("[clic](http://x) **a**") == r"\[clic\]\(http\://x\) \*\*a\*\*"
    assert reports.report_file_name("Les Petits Pas / 2024.xlsx") == "rapport-import-Les-Petits-Pas-2024.xlsx"
    years = school_year_choices(["2019-2020"], dt.date(2025, 3, 1))
    assert years[0] == "2024-2025" and "2025-2026" in years and "2019-2020" in years
    assert school_year_choices([], dt.date(2025, 9, 1))[0] == "2025-2026"
    choices = svc.mapping_choices()
    assert choices["birth_date"] == "Date de naissance" and choices["crit:confiance"].startswith("Critère coché")
    assert len(svc.template_bytes()) > 5000


def test_the_app_sees_a_swapped_file(dbfile):
    """clas.web.ui closes the previous version's connection: DuckDB would otherwise hand back the stale file."""
    from clas.store import db
    from clas.web import ui

    path = str(dbfile)
    old = ui._connection(path, db.file_stamp(dbfile))
    assert old.execute("SELECT count(*) FROM imports").fetchall() == [(5,)]
    svc.import_upload(xlsx_bytes(CHILDREN), PETITS_PAS, today=TODAY)
    new = ui._connection(path, db.file_stamp(dbfile))
    assert new.execute("SELECT count(*) FROM imports").fetchall() == [(6,)]
    new.close()
