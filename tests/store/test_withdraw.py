"""Withdrawing a file brings its provider and school year back to what they were before that file."""

from __future__ import annotations

import datetime as dt

import pytest

from clas.ingest import import_file
from clas.ingest.withdraw import WithdrawRefused, withdraw_import
from tests.support.builders import CHILDREN, xlsx_bytes

TODAY = dt.date(2025, 7, 1)
NAME = "Les Petits Pas - CLAS 2024-2025.xlsx"


def _import(con, rows, name=NAME):
    report = import_file(con, xlsx_bytes(rows), name, today=TODAY)
    assert report.status == "loaded", report.to_text()
    return report


def _state(con):
    """(status by import id, children of Les Petits Pas in 2024-2025 as the dashboard sees them)."""
    status = dict(con.execute("SELECT import_id, status FROM imports ORDER BY import_id").fetchall())
    n = con.execute(
        "SELECT count(*) FROM child_year WHERE provider = 'Les Petits Pas' AND school_year = '2024-2025'"
    ).fetchall()[0][0]
    return status, n


def test_withdrawing_the_corrected_file_restores_the_previous_one(con):
    first = _import(con, CHILDREN)  # 3 children
    second = _import(con, CHILDREN[:2])  # the "corrected" file: 2 children
    assert _state(con) == ({first.import_id: "superseded", second.import_id: "loaded"}, 2)
    result = withdraw_import(con, second.import_id)
    assert _state(con) == ({first.import_id: "loaded", second.import_id: "withdrawn"}, 3)
    assert result.restored_id == first.import_id
    assert "de nouveau en vigueur" in result.message() and NAME in result.message()
    # The parent actions and every view follow the status: only the first file's rows count.
    assert con.execute("SELECT DISTINCT import_id FROM child_year").fetchall() == [(first.import_id,)]


def test_withdrawing_the_only_file_leaves_the_provider_year_empty(con):
    only = _import(con, CHILDREN)
    result = withdraw_import(con, only.import_id)
    assert _state(con) == ({only.import_id: "withdrawn"}, 0)
    assert result.restored_id is None
    assert "n'a plus de données pour 2024-2025" in result.message()


def test_successive_withdrawals_walk_back_through_the_history(con):
    a = _import(con, CHILDREN)
    b = _import(con, CHILDREN[:2])
    c = _import(con, CHILDREN[:1])
    assert _state(con)[1] == 1
    withdraw_import(con, c.import_id)
    assert _state(con) == ({a.import_id: "superseded", b.import_id: "loaded", c.import_id: "withdrawn"}, 2)
    withdraw_import(con, b.import_id)
    assert _state(con) == ({a.import_id: "loaded", b.import_id: "withdrawn", c.import_id: "withdrawn"}, 3)


def test_a_file_that_is_not_current_cannot_be_withdrawn(con):
    a = _import(con, CHILDREN)
    b = _import(con, CHILDREN[:2])
    before = _state(con)
    with pytest.raises(WithdrawRefused, match="n'est plus le fichier en vigueur"):
        withdraw_import(con, a.import_id)
    assert _state(con) == before
    withdraw_import(con, b.import_id)
    with pytest.raises(WithdrawRefused, match="déjà retiré"):
        withdraw_import(con, b.import_id)
    with pytest.raises(WithdrawRefused, match="introuvable"):
        withdraw_import(con, 999)
    # The refusals left no transaction open: the connection still writes.
    con.execute("INSERT INTO settings VALUES ('probe', 'x')")


def test_other_provider_years_are_untouched(con):
    mine = _import(con, CHILDREN)
    other = _import(con, CHILDREN, name="Les Petits Pas - CLAS 2023-2024.xlsx")
    withdraw_import(con, mine.import_id)
    status, _ = _state(con)
    assert status[other.import_id] == "loaded"
    assert con.execute("SELECT count(*) FROM child_year WHERE school_year = '2023-2024'").fetchall()[0][0] == 3


def test_the_withdrawn_file_can_be_imported_again(con):
    a = _import(con, CHILDREN)
    data = xlsx_bytes(CHILDREN[:2])
    b = import_file(con, data, NAME, today=TODAY)
    withdraw_import(con, b.import_id)
    again = import_file(con, data, NAME, today=TODAY)
    # Not "unchanged": the current file is the first one, so the same bytes load again.
    assert again.status == "loaded"
    assert _state(con)[0] == {a.import_id: "superseded", b.import_id: "withdrawn", again.import_id: "loaded"}
