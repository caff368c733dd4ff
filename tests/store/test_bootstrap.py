"""First start: the app builds the demo database itself, once, however many sessions arrive together."""

import threading

import duckdb

from clas.workspace.bootstrap import ensure_database


def test_sessions_arriving_together_on_a_fresh_install_get_one_demo_database(tmp_path):
    path = tmp_path / "clas.duckdb"
    results, errors = [], []

    def open_app():
        try:
            results.append(ensure_database(path))
        except Exception as exc:  # the race this guards against raised FileNotFoundError
            errors.append(exc)

    threads = [threading.Thread(target=open_app) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and results == [path] * 3
    con = duckdb.connect(str(path), read_only=True)
    try:
        years = con.execute("SELECT count(DISTINCT school_year), count(DISTINCT provider) FROM child_year").fetchall()
        assert years == [(3, 12)]
        assert con.execute("SELECT value FROM settings WHERE name = 'demo'").fetchall() == [("true",)]
    finally:
        con.close()
    assert not list(tmp_path.glob("*.build*"))
