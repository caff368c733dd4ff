"""The global filters are declared once (the table macro page_forms of clas/store/sql/schema.sql) and mean the
same as writing them out; a file from before the macro existed gets it when it is next opened."""

from __future__ import annotations

import itertools

import duckdb
import pytest

from clas.store import db
from tests.support.fixture_db import build_file

EXPLICIT = """SELECT count(*) FROM child_year
WHERE ($s IS NULL OR provider = $s) AND ($y IS NULL OR school_year = $y) AND ($t IS NULL OR provider_type = $t)
  AND ($n IS NULL OR neighbourhood = $n) AND ($g IS NULL OR grade_band = $g)"""
MACRO = "SELECT count(*) FROM page_forms($s, $y, $t, $n, $g)"


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    return build_file(tmp_path_factory.mktemp("filters") / "clas.duckdb")


def test_the_macro_keeps_what_the_written_out_filters_keep(path):
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "SELECT DISTINCT provider, school_year, provider_type, neighbourhood, grade_band FROM child_year"
        ).fetchall()
        values = [[None] + sorted({r[i] for r in rows if r[i] is not None}) for i in range(5)]
        counted = 0
        for s, y, t, n, g in itertools.product(*values):
            p = {"s": s, "y": y, "t": t, "n": n, "g": g}
            assert con.execute(MACRO, p).fetchone() == con.execute(EXPLICIT, p).fetchone(), p
            counted += 1
    assert counted > 100


def test_an_older_file_gets_the_macro_when_opened(path, tmp_path):
    old = tmp_path / "old.duckdb"
    old.write_bytes(path.read_bytes())
    with duckdb.connect(str(old)) as con:
        con.execute("DROP MACRO TABLE page_forms")
    con = db.connect(old)
    try:
        assert con.execute("SELECT count(*) FROM page_forms(NULL, NULL, NULL, NULL, NULL)").fetchone()[0] > 0
    finally:
        con.close()
