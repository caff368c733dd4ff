"""A real upload through the Imports page in headless Chromium: a file with one bad row, and the report
table must show the error with its spreadsheet row number. Screenshots go to $CLAS_SHOTS (default
tests/screenshots/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import fixture_db
from tests.support.browser_helpers import ARGS, CHROMIUM, SHOTS, account, new_page, serve, settle, sign_in, stop
from tests.support.builders import CHILDREN, NO_BIRTH, xlsx_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium absent (tests/run.sh l'installe)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser_import")
    fixture_db.build_file(tmp / "clas.duckdb")
    account(tmp / "secrets")  # the service account the test signs in with
    proc, url = serve(tmp)
    yield url, tmp
    stop(proc)


def test_upload_a_file_with_one_bad_row_and_read_the_report(server):
    from playwright.sync_api import sync_playwright

    url, tmp = server
    bad_file = tmp / "Les Petits Pas - CLAS 2024-2025.xlsx"
    bad_file.write_bytes(xlsx_bytes([*CHILDREN, NO_BIRTH]))  # header row 1, the bad child on row 5
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ctx, page, dialogs = new_page(browser)
        sign_in(page, url)  # opens "/" first: a deep link right after start shows a dialog
        page.goto(url + "/imports")
        settle(page)
        page.get_by_text("Historique des imports").wait_for(timeout=60_000)
        settle(page)
        page.screenshot(path=str(SHOTS / "imports-empty-1280.png"), full_page=True)

        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(bad_file))
        page.get_by_text("Lignes refusées (erreurs)").wait_for(timeout=60_000)
        settle(page)
        errors = page.locator("[data-testid='stException']")
        assert errors.count() == 0, errors.first.inner_text()
        assert page.get_by_text("Importé — Les Petits Pas · 2024-2025").count() == 1

        # The issues table: a static table, each issue a row (sheet, row, column, severity, message).
        table = page.locator("[data-testid='stTable']").first
        table.scroll_into_view_if_needed()
        rows = [[c.strip() for c in r.locator("td").all_inner_texts()] for r in table.locator("tbody tr").all()]
        errors_shown = [r for r in rows if r[3] == "Erreur"]
        assert len(errors_shown) == 1, rows
        sheet, row, column, _, message = errors_shown[0]
        assert (sheet, row, column) == ("Registre", "5", "Date de naissance")
        assert message.startswith("Date de naissance manquante : elle est indispensable")
        page.screenshot(path=str(SHOTS / "imports-report-1280.png"), full_page=True)
        assert dialogs == []
        ctx.close()
        browser.close()
