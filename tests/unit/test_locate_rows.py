"""Which rows of a located table hold something (clas/ingest/locate.py): found a column at a time for speed,
they must be exactly the rows with a filled cell."""

from __future__ import annotations

import numpy as np
import pytest

from clas.ingest import locate

pytestmark = pytest.mark.unit


def test_rows_with_data_are_the_rows_with_a_filled_cell_in_the_columns_looked_at():
    grid = np.array(
        [
            ["Durand", "", None],
            ["", "", None],  # blank
            [None, float("nan"), ""],  # blank as well: None, NaN and "" are empty
            ["", 0, None],  # 0 is a value
            ["", "", "12"],  # filled only in the last column
        ],
        dtype=object,
    )
    assert list(locate._rows_with_data(grid, range(3))) == [True, False, False, True, True]
    assert list(locate._rows_with_data(grid, [0, 1])) == [True, False, False, True, False]
    assert list(locate._rows_with_data(grid, [])) == [False] * 5
