"""The page « Rapport annuel » on the fixture database: the preview shows the key figures and sentences of
the report, and the download buttons serve the PDF, the workbook and a zip of all."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from clas.web.registry import PAGES
from tests.support.page_helpers import download, media, open_page  # noqa: F401  (media is a fixture)

PAGE = "pages/rapport.py"


@pytest.fixture
def app_db(app_db, monkeypatch):
    # Figures need Chromium: tests/store/test_report_pdf.py covers them; here the page's own work is tested.
    monkeypatch.setattr("clas.report.figures.chromium_available", lambda: False)
    return app_db


def test_registered_after_explorer():
    paths = [p[0] for p in PAGES]
    assert paths.index(PAGE) == paths.index("pages/explorer.py") + 1
    assert [p for p in PAGES if p[0] == PAGE][0][1:3] == ("Rapport annuel", "rapport")


def test_preview_shows_the_key_figures_and_sentences(app_db):
    at = open_page(PAGE, "2024-2025")
    assert at.title[0].value == "Rapport annuel"
    df = at.dataframe[0].value
    rows = df.set_index("Indicateur")
    assert rows.at["Enfants accompagnés", "2024-2025"] == "16"
    assert rows.at["Enfants accompagnés", "2023-2024"] == "10"
    assert rows.at["Enfants accompagnés", "Évolution"] == "+6"
    assert rows.at["Familles touchées", "2024-2025"] == "43,8\u00a0%"
    text = " ".join(m.value for m in at.markdown)
    assert "Le nombre d'enfants accompagnés passe de 10 à 16 (+60,0\u00a0%)." in text
    assert not at.get("download_button")


def test_downloads_after_preparing(app_db, media):
    at = open_page(PAGE, "2024-2025")
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Rapport PDF", "Tableaux Excel", "Tout (PDF, Excel, figures)"]
    assert download(at, media, "Rapport PDF").startswith(b"%PDF")
    wb = openpyxl.load_workbook(io.BytesIO(download(at, media, "Tableaux Excel")))
    assert wb.sheetnames == ["Indicateurs clés", "Orientations", "Couverture", "Parents"]
    names = zipfile.ZipFile(io.BytesIO(download(at, media, "Tout (PDF, Excel, figures)"))).namelist()
    assert "rapport-clas-2024-2025/rapport-clas-2024-2025.pdf" in names
    assert "rapport-clas-2024-2025/rapport-clas-2024-2025.xlsx" in names


def test_another_year_without_previous(app_db):
    at = open_page(PAGE, "2023-2024")
    df = at.dataframe[0].value
    assert list(df.columns) == ["Indicateur", "2023-2024"]
    assert "Le nombre d'enfants accompagnés est de 10." in " ".join(m.value for m in at.markdown)


def test_a_report_already_prepared_serves_the_next_visit_without_chromium_ahead(app_db, media, monkeypatch):
    """Opening the page gets Chromium ready for the click, unless this version of the report is already
    prepared: then the click answers from what the process kept, and a Chromium started ahead would only
    idle. The next visitor's click serves the files (it failed while they came from st.cache_data, which
    could not replay the progress bar drawn in another session)."""
    calls = []
    monkeypatch.setattr("clas.report.get_ready", lambda: calls.append("ready"))
    at = open_page(PAGE, "2024-2025")
    assert calls  # the first visit: Chromium stands by
    at.button[0].click().run()
    assert not at.exception
    before = len(calls)
    again = open_page(PAGE, "2024-2025")  # another visit, the same database
    assert len(calls) == before and not again.exception
    again.button[0].click().run()
    assert [b.label for b in again.get("download_button")][0] == "Rapport PDF"
