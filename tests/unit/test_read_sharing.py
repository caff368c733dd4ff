"""A large sheet's repeated cells are kept once (clas/ingest/read.py: _rows): the values read are exactly
the sheet's, types included — a ticked box (True) never comes back as 1, nor a 1 as True."""

from __future__ import annotations

import datetime as dt

import pytest

from clas.ingest import read

pytestmark = pytest.mark.unit


class Sheet:
    """What _rows uses of a python_calamine sheet."""

    start = (0, 0)

    def __init__(self, rows):
        self._rows = rows

    def iter_rows(self):
        return (list(r) for r in self._rows)

    def to_python(self, skip_empty_area=False, nrows=None):
        return [list(r) for r in self._rows[:nrows]]


def test_repeated_values_are_shared_and_bools_stay_bools():
    rows = [
        ["Nom", "Oui", 1, 1.0, dt.date(2015, 1, 2), ""],
        ["Autre", "Oui", True, 1, dt.date(2015, 1, 2), False],
        ["Nom", "Oui", 1.0, True, dt.date(2015, 1, 2), 0],
    ] * 20
    got = read._rows(Sheet(rows), limit=1_000, total=read.LARGE_SHEET + 1)
    assert got == rows
    # a number may come back as the equal number of the other type (1 for 1.0, as before): never as a bool
    assert got[1][2] is True and got[2][3] is True and got[1][5] is False
    assert type(got[0][2]) is not bool and type(got[2][5]) is not bool
    assert all((type(a) is bool) == (type(b) is bool) for ra, rb in zip(got, rows) for a, b in zip(ra, rb))
    assert got[0][1] is got[59][1]  # « Oui » once
    assert got[0][4] is got[58][4]


def test_the_limit_stops_reading_and_a_small_sheet_is_read_whole():
    rows = [[i, "x"] for i in range(100)]
    assert len(read._rows(Sheet(rows), limit=40, total=read.LARGE_SHEET + 1)) == 40
    assert read._rows(Sheet(rows), limit=1_000, total=100) == rows
