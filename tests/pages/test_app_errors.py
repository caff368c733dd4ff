"""An unexpected error in a page reaches the user as a French message, never as a traceback."""

from streamlit.testing.v1 import AppTest

from clas.store import db
from tests.support import fixture_db
from tests.support.auth_helpers import sign_in


def test_a_failing_page_shows_a_french_message(tmp_path, monkeypatch):
    path = fixture_db.build_file(tmp_path / "clas.duckdb")
    monkeypatch.setenv("CLAS_DB", str(path))
    monkeypatch.delenv("CLAS_DEBUG")

    real_run = db.run

    def broken(con, name, **params):  # the landing page's own query fails, sign-in still works
        if name == "key_indicators_by_year":
            raise RuntimeError("détail interne")
        return real_run(con, name, **params)

    monkeypatch.setattr(db, "run", broken)
    at = AppTest.from_file(str(db.ROOT / "app.py"), default_timeout=30)
    sign_in(at, "service")
    at.run()
    assert not at.exception
    assert any("erreur inattendue" in e.value for e in at.error)
    assert not any("détail interne" in e.value for e in at.error)
