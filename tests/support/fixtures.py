"""The fixtures many test files share, registered for every test by tests/conftest.py (pytest_plugins).

- `fixture_file`: the small fixture database (figures in tests/support/fixture_db.py), built once per module;
- `dbfile`: a private copy of it that $CLAS_DB points to (a test may write to it);
- `app_db`: the same for the app in AppTest, with its own secrets folder (accounts, sessions);
and `q`, reading a database file with SQL (what a test checks after the app or the CLI wrote to it).

A test file that needs more (contours, no Chromium) overrides the fixture under the same name, asking for
the shared one: `def app_db(app_db, monkeypatch): ...`.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.support.fixture_db import build_file


@pytest.fixture(scope="module")
def fixture_file(tmp_path_factory) -> Path:
    return build_file(tmp_path_factory.mktemp("db") / "fixture.duckdb")


@pytest.fixture
def dbfile(fixture_file, tmp_path, monkeypatch) -> Path:
    path = tmp_path / "clas.duckdb"
    path.write_bytes(fixture_file.read_bytes())
    monkeypatch.setenv("CLAS_DB", str(path))
    return path


@pytest.fixture
def app_db(dbfile, tmp_path, monkeypatch) -> Path:
    """A private copy of the fixture database for the app (a test may change its settings)."""
    monkeypatch.setenv("CLAS_SECRETS_DIR", str(tmp_path / "secrets"))
    return dbfile


def q(path, sql, **params) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()
