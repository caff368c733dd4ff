"""Small-cell suppression: primary rule, secondary rule, and an attacker's linear algebra on random tables."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from clas.domain import disclosure
from clas.store import settings
from clas.store.db import create_schema


def test_primary_hides_1_to_threshold_minus_1_and_keeps_zero():
    assert [disclosure.is_small(n, 5) for n in (0, 1, 4, 5, 12)] == [False, True, True, False, False]
    assert not disclosure.is_small(None, 5) and not disclosure.is_small(float("nan"), 5)
    assert disclosure.is_small(10, 11)  # INSEE's threshold
    assert not any(disclosure.is_small(n, 1) for n in range(0, 20))  # threshold 1: nothing hidden


def test_label_and_note_use_the_threshold():
    assert disclosure.label(5) == "<\u00a05"
    assert disclosure.note(11).startswith(
        "« <\u00a011 » : effectif de moins de 11 (secret statistique) ; « masqué (secret statistique) »"
    )
    assert "par différence" in disclosure.note(5)


def test_1d_one_hidden_cell_takes_the_next_smallest_with_it():
    mask, total_hidden = disclosure.suppress_counts(pd.Series([3, 10, 20, 0], index=list("abcd")), 5)
    assert mask.to_dict() == {"a": True, "b": True, "c": False, "d": False}
    assert not total_hidden


def test_1d_two_hidden_cells_need_nothing_more():
    mask, total_hidden = disclosure.suppress_counts(pd.Series([6, 10, 2, 3]), 5)
    assert mask.tolist() == [False, False, True, True] and not total_hidden


def test_1d_only_other_cells_zero_hides_the_total():
    # [3, 0, 0]: hiding a 0 would protect nothing (counts are >= 0): the total goes instead.
    mask, total_hidden = disclosure.suppress_counts(pd.Series([3, 0, 0]), 5)
    assert mask.tolist() == [True, False, False] and total_hidden


def test_1d_without_published_total_needs_no_secondary():
    mask, total_hidden = disclosure.suppress_counts(pd.Series([3, 10, 20]), 5, total_published=False)
    assert mask.tolist() == [True, False, False] and not total_hidden


def test_nothing_small_nothing_hidden():
    m = disclosure.suppress_table(pd.DataFrame([[10, 0], [7, 8]]), 5)
    assert not m.hidden.to_numpy().any() and not m.row_total_hidden.any() and not m.col_total_hidden.any()


def test_share_hidden_when_numerator_or_complement_small():
    assert disclosure.share_hidden(3, 16, 5)  # numerator small
    assert disclosure.share_hidden(13, 16, 5)  # 16 - 13 = 3 others: as revealing
    assert not disclosure.share_hidden(6, 16, 5)
    assert not disclosure.share_hidden(0, 16, 5) and not disclosure.share_hidden(16, 16, 5)
    assert disclosure.share_hidden(2, 3, 5)  # denominator small


def test_threshold_from_settings():
    con = duckdb.connect()
    create_schema(con)
    assert settings.small_cell_threshold(con) == 5
    con.execute("INSERT INTO settings VALUES ('small_cell_threshold', '11')")
    assert settings.small_cell_threshold(con) == 11
    con.execute("UPDATE settings SET value = 'n''importe quoi' WHERE name = 'small_cell_threshold'")
    assert settings.small_cell_threshold(con) == 5
    con.execute("UPDATE settings SET value = '0' WHERE name = 'small_cell_threshold'")
    assert settings.small_cell_threshold(con) == 1


def test_two_groups_joined_by_one_hidden_cell_are_caught():
    # Two 2x2 blocks of hidden cells joined by one cell: every row and column has >= 2 hidden cells,
    # yet the joining cell is determined. Small counts at exactly those places force the pattern.
    big = 50
    x = np.full((5, 5), big)
    for r, c in [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (0, 2)]:
        x[r, c] = 2
    m = disclosure.suppress_table(pd.DataFrame(x), 5)
    assert _determined_hidden_cells(*_augmented(x, m)) == []


# --- the attacker ---------------------------------------------------------------------------------------


def _augmented(x: np.ndarray, m: disclosure.Masked):
    """Augmented table (row/column sums zero) and its hidden mask, from a suppression result."""
    n_r, n_c = x.shape
    grid = np.zeros((n_r + 1, n_c + 1))
    grid[:n_r, :n_c] = x
    grid[:n_r, n_c] = -x.sum(axis=1)
    grid[n_r, :n_c] = -x.sum(axis=0)
    grid[n_r, n_c] = x.sum()
    hidden = np.zeros(grid.shape, dtype=bool)
    hidden[:n_r, :n_c] = m.hidden.to_numpy()
    hidden[:n_r, n_c] = m.row_total_hidden.to_numpy()
    hidden[n_r, :n_c] = m.col_total_hidden.to_numpy()
    hidden[n_r, n_c] = m.grand_hidden
    return grid, hidden


def _determined_hidden_cells(grid: np.ndarray, hidden: np.ndarray) -> list[tuple[int, int]]:
    """Hidden cells whose value the shown cells and the zero row/column sums fix (rank test)."""
    cells = list(zip(*np.nonzero(hidden)))
    if not cells:
        return []
    n_r, n_c = grid.shape
    a = np.zeros((n_r + n_c, len(cells)))
    for k, (r, c) in enumerate(cells):
        a[r, k] = 1
        a[n_r + c, k] = 1
    rank = np.linalg.matrix_rank(a)
    determined = []
    for k, cell in enumerate(cells):
        e = np.zeros((1, len(cells)))
        e[0, k] = 1
        # x_k is fixed by the system iff e_k lies in the row space of A.
        if np.linalg.matrix_rank(np.vstack([a, e])) == rank:
            determined.append(cell)
    return determined


def _random_table(rng: np.random.Generator) -> np.ndarray:
    n_r, n_c = rng.integers(1, 7), rng.integers(2, 7)
    kind = rng.random(size=(n_r, n_c))
    x = np.where(
        kind < 0.3,
        rng.integers(1, 5, size=(n_r, n_c)),  # small: primary
        np.where(kind < 0.4, 0, rng.integers(5, 60, size=(n_r, n_c))),
    )
    return x


@pytest.mark.parametrize("seed", range(300))
def test_no_hidden_cell_can_be_derived_in_random_tables(seed):
    rng = np.random.default_rng(seed)
    t = 5
    x = _random_table(rng)
    m = disclosure.suppress_table(pd.DataFrame(x), t)
    grid, hidden = _augmented(x, m)
    # every primary-small cell (interior and margins) is hidden, zeros of the interior never primary
    assert (hidden[(np.abs(grid) > 0) & (np.abs(grid) < t)]).all()
    # every row and every column holding a hidden cell holds at least two
    for axis in (0, 1):
        per_line = hidden.sum(axis=axis)
        assert ((per_line == 0) | (per_line >= 2)).all()
    # and the full test: the linear system of shown cells and margins leaves each hidden cell free
    assert _determined_hidden_cells(grid, hidden) == []


@pytest.mark.parametrize("seed", range(100))
def test_no_hidden_cell_can_be_derived_in_random_lists(seed):
    rng = np.random.default_rng(1000 + seed)
    x = _random_table(rng)[0]
    mask, total_hidden = disclosure.suppress_counts(pd.Series(x), 5)
    hidden = np.append(mask.to_numpy(), total_hidden)
    assert hidden.sum() in (0,) or hidden.sum() >= 2
    values = np.append(x, -x.sum())
    if hidden.any():
        a = np.ones((1, int(hidden.sum())))
        for k in range(a.shape[1]):
            e = np.zeros((1, a.shape[1]))
            e[0, k] = 1
            assert np.linalg.matrix_rank(np.vstack([a, e])) > np.linalg.matrix_rank(a)
    assert (hidden[(np.abs(values) > 0) & (np.abs(values) < 5)]).all()


def test_secondary_cells_are_cheap():
    # One small cell in a 3x3 table: the cheapest cycle is 4 cells, the three others the smallest around.
    x = np.array([[2, 6, 40], [7, 30, 40], [40, 40, 40]])
    m = disclosure.suppress_table(pd.DataFrame(x), 5)
    assert m.hidden.to_numpy().sum() == 4
    assert m.hidden.to_numpy()[:2, :2].all()


# --- counts tied by sub-totals (neighbourhoods, priority areas or not, territory) -----------------------


def test_hierarchy_of_the_fixture_year():
    # 2024-2025 of tests/support/fixture_db.py: VAN 6 (priority), CV 7 and OV 3 (others), none unknown, 16 in all.
    v = pd.Series({"VAN": 6, "CV": 7, "OV": 3, "unknown": 0, "priority": 6, "other": 10, "total": 16})
    eqs = [
        {"VAN": 1, "priority": -1},
        {"CV": 1, "OV": 1, "other": -1},
        {"priority": 1, "other": 1, "unknown": 1, "total": -1},
    ]
    hidden = disclosure.suppress_linear(v, eqs, 5)
    assert hidden[hidden].index.tolist() == ["CV", "OV"]  # OV < 5, and CV that gives it from 'other'
    assert disclosure.suppress_linear(v, eqs, 1).sum() == 0


def _fixed_by_equations(a: np.ndarray, hidden: np.ndarray) -> list[int]:
    cols = np.flatnonzero(hidden)
    sub = a[:, cols]
    rank = np.linalg.matrix_rank(sub) if sub.size else 0
    out = []
    for j, col in enumerate(cols):
        e = np.zeros((1, len(cols)))
        e[0, j] = 1
        if np.linalg.matrix_rank(np.vstack([sub, e])) == rank:
            out.append(int(col))
    return out


@pytest.mark.parametrize("seed", range(200))
def test_no_hidden_count_can_be_derived_in_random_hierarchies(seed):
    rng = np.random.default_rng(5000 + seed)
    n_groups = int(rng.integers(1, 4))
    sizes = rng.integers(1, 5, size=n_groups)
    cells, groups, eqs = {}, [], []
    for g, size in enumerate(sizes):
        members = {}
        for i in range(size):
            kind = rng.random()
            members[f"g{g}n{i}"] = int(rng.integers(1, 5) if kind < 0.35 else 0 if kind < 0.45 else rng.integers(5, 80))
        cells.update(members)
        cells[f"g{g}"] = sum(members.values())
        groups.append(f"g{g}")
        eqs.append({**{k: 1 for k in members}, f"g{g}": -1})
    cells["unknown"] = int(rng.integers(0, 8))
    cells["total"] = sum(cells[g] for g in groups) + cells["unknown"]
    eqs.append({**{g: 1 for g in groups}, "unknown": 1, "total": -1})
    v = pd.Series(cells)
    hidden = disclosure.suppress_linear(v, eqs, 5)
    x = v.to_numpy()
    assert hidden.to_numpy()[(x > 0) & (x < 5)].all()
    a = np.array([[eq.get(k, 0) for k in v.index] for eq in eqs], dtype=float)
    assert _fixed_by_equations(a, hidden.to_numpy()) == []


def test_kept_counts_are_never_hidden_to_protect_another():
    # The territory total is on the landing page: the unknown line's partner must be a neighbourhood.
    # Without it, hiding the total is the one-cell answer (the group sub-totals give the rest).
    v = pd.Series({"A": 175, "B": 54, "C": 75, "unknown": 1, "P": 175, "O": 129, "total": 305})
    eqs = [{"A": 1, "P": -1}, {"B": 1, "C": 1, "O": -1}, {"P": 1, "O": 1, "unknown": 1, "total": -1}]
    free = disclosure.suppress_linear(v, eqs, 5)
    assert free[free].index.tolist() == ["unknown", "total"]
    kept = disclosure.suppress_linear(v, eqs, 5, keep={"total"})
    assert kept[kept].index.tolist() == ["B", "unknown", "O"]


def test_cell_text_tells_small_from_protecting_cells():
    assert disclosure.cell_text(3, True, 5, str) == "<\u00a05"
    assert disclosure.cell_text(54, True, 5, str) == "masqué (secret statistique)"  # protects another: not "< 5"
    assert disclosure.cell_text(54, False, 5, str) == "54"


def test_rate_pins_count():
    assert disclosure.rate_pins_count(10, 1400)  # 0,7 pour 100 of 1 400: only 10 rounds to it
    assert not disclosure.rate_pins_count(6, 2100)  # 0,3 pour 100 of 2 100: 6 or 7
    assert not disclosure.rate_pins_count(704, 13300)
    assert not disclosure.rate_pins_count(3, 0) and not disclosure.rate_pins_count(None, 100)
    for n in range(0, 60):  # whenever it says no, two counts give the same text
        if not disclosure.rate_pins_count(n, 1400):
            shown = round(100 * n / 1400, 1)
            assert any(round(100 * m / 1400, 1) == shown for m in (n - 1, n + 1))
