"""Shared fixtures: a throw-away secret key, every AppTest signed in as the service, and a database holding the
small fixture reference tables."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from clas.store.db import create_schema
from clas.store.reference import load_reference

FIXTURES = Path(__file__).parent / "fixtures"

# fixture_file, dbfile, app_db: shared by the test files of every folder.
pytest_plugins = ["tests.support.fixtures"]


@pytest.fixture(autouse=True)
def _secrets(tmp_path_factory, monkeypatch):
    # Every test gets the same key (ids are comparable across a test) but never the user's own.
    monkeypatch.setenv("CLAS_SECRETS_DIR", str(tmp_path_factory.getbasetemp() / "secrets"))
    # app.py turns a page's unexpected error into a French message; tests want to see the error itself.
    monkeypatch.setenv("CLAS_DEBUG", "1")
    # The report page starts a Chromium for the report it may be asked for: not in every page test nor in
    # the browser tests' servers (tests/store/test_report_pdf.py checks it).
    monkeypatch.setenv("CLAS_REPORT_STANDBY_S", "0")


@pytest.fixture(autouse=True)
def _navigation_as_on_a_running_server(request, monkeypatch):
    """AppTest resets Streamlit's "pages/ folder" mode before every run, so a run that asks for a page runs
    that page file alone, without app.py. A server does that only until app.py has called st.navigation once
    (clas/web/session.py: guard); afterwards every run goes through app.py. Tests get the latter, unless
    marked `pages_folder_fallback` (tests/pages/test_roles.py checks the guard in that mode)."""
    if request.node.get_closest_marker("pages_folder_fallback"):
        return
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture(autouse=True)
def _apps_signed_in(request, monkeypatch):
    """Every AppTest of the app starts signed in as a 'service' account (the page tests are about pages, not
    sign-in), unless the test is marked `anonymous`. Role tests sign in otherwise (tests/support/auth_helpers.py)."""
    if request.node.get_closest_marker("anonymous"):
        return
    from streamlit.testing.v1 import AppTest

    from tests.support.auth_helpers import sign_in

    original = AppTest.from_file

    def from_file(*args, **kwargs):
        return sign_in(original(*args, **kwargs), "service")

    monkeypatch.setattr(AppTest, "from_file", from_file)


@pytest.fixture
def con():
    c = duckdb.connect()
    create_schema(c)
    load_reference(c, FIXTURES / "reference")
    yield c
    c.close()


# The quick loop (`pytest -m unit`): tests/unit, the checks that need no database file, no Streamlit and no
# browser, with the first seeds of each random-table property. tests/store (real DuckDB files,
# imports, backups: about 3 more minutes) runs with the full suite.
_UNIT_FOLDERS = ("unit",)
QUICK_SEEDS = 60  # random-table properties: the first seeds in the quick loop, all of them in the full suite


def pytest_collection_modifyitems(items):
    for item in items:
        path = Path(str(item.path))
        seed = getattr(item, "callspec", None) and item.callspec.params.get("seed")
        quick = not isinstance(seed, int) or seed < QUICK_SEEDS
        if path.parent.name in _UNIT_FOLDERS and path.parent.parent.name == "tests" and quick:
            item.add_marker(pytest.mark.unit)
