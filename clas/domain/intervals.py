"""Interval protection for the small-cell rule (issue 9): the values a reader can still deduce for a hidden
count from the published ones *and from what the markers say*.

Linear determinacy (clas.domain.disclosure: bridges, null space) asks whether the published totals fix a
hidden count exactly as real numbers. A reader knows more: a count is a whole number ≥ 0, a « < 5 » cell is
1…4, a « masqué (secret statistique) » cell is 0 or at least 5 (a small one would say « < 5 »). With those
bounds 45 + 13 + « < 5 » + « < 5 » = 60 gives 1 and 1 although neither cell is linearly determined. `pinned`
finds such cells: a closed form when a single equation is involved (a list and its total), else two linear
programmes per hidden cell (scipy's HiGHS).
"""

from __future__ import annotations

import math

import numpy as np


def pinned(a: np.ndarray, x: np.ndarray, hidden: np.ndarray, t: int, unknown: np.ndarray | None = None) -> list[int]:
    """Hidden counts that the published ones pin down once a reader also uses what the markers say: a
    « < t » cell is in 1..t−1, a « masqué » cell is 0 or at least t (a small one would say « < t »), every
    count is ≥ 0. a: equations (a @ x = 0) over all cells; unknown cells are not published at all (free).
    Linear determinacy (bridges, null space) misses this: 45 + 13 + « < 5 » + « < 5 » = 60 gives 1 and 1."""
    from scipy.optimize import linprog

    unknown = np.zeros(len(x), bool) if unknown is None else unknown
    free = hidden | unknown
    cols = np.flatnonzero(free)
    if len(cols) == 0:
        return []
    # An equation holding an unpublished cell (an absent margin) says nothing a reader can use beyond that
    # cell being ≥ 0: dropped, which makes a list and its total a single equation (closed form below).
    rows = (np.abs(a[:, cols]).sum(axis=1) > 0) & ~(np.abs(a[:, unknown]).sum(axis=1) > 0)
    if not rows.any():
        return []
    sub = a[rows][:, cols]
    rhs = -(a[rows][:, ~free] @ x[~free])
    small = (x > 0) & (x < t)
    bounds = [(1, t - 1) if (hidden[k] and small[k] and not unknown[k]) else (0, None) for k in cols]
    out = []
    for i, k in enumerate(cols):
        # a hidden 0 that the totals force to 0 reveals no one: only non-zero counts are protected
        if unknown[k] or x[k] == 0:
            continue
        if sub.shape[0] == 1:  # one equation (a list and its total): the interval in closed form
            low, high = _one_equation(sub[0], rhs[0], bounds, i)
        else:
            c = np.zeros(len(cols))
            c[i] = 1
            lo = linprog(c, A_eq=sub, b_eq=rhs, bounds=bounds, method="highs")
            hi = linprog(-c, A_eq=sub, b_eq=rhs, bounds=bounds, method="highs")
            if lo.status != 0:
                continue
            low = math.ceil(round(lo.fun, 6))
            high = math.floor(round(-hi.fun, 6)) if hi.status == 0 else None
        if small[k]:
            pinned = high is not None and high == low
        else:
            zero = low <= 0
            big = high is None or high >= max(low, t)
            pinned = (zero and not big) or (not zero and big and high is not None and high == max(low, t))
        if pinned:
            out.append(int(k))
    return out


def _one_equation(coef: np.ndarray, rhs: float, bounds: list, i: int) -> tuple[int, int | None]:
    """Integer interval of unknown i under coef @ x = rhs and the bounds (None: no upper bound)."""
    lo_rest = hi_rest = 0.0
    for j, (a, (lo, hi)) in enumerate(zip(coef, bounds)):
        if j == i or a == 0:
            continue
        hi = math.inf if hi is None else hi
        lo_rest += min(a * lo, a * hi)
        hi_rest += max(a * lo, a * hi)
    a = coef[i]
    ends = sorted(((rhs - hi_rest) / a, (rhs - lo_rest) / a))
    lo_i, hi_i = bounds[i][0], math.inf if bounds[i][1] is None else bounds[i][1]
    low, high = max(lo_i, ends[0]), min(hi_i, ends[1])
    return math.ceil(round(low, 6)), (None if math.isinf(high) else math.floor(round(high, 6)))


def grid_equations(n_rows: int, n_cols: int) -> np.ndarray:
    """The equations of an augmented table (R+1) x (C+1): every row and column sums to its total."""
    eqs = []
    idx = lambda r, c: r * n_cols + c  # noqa: E731
    for r in range(n_rows):
        e = np.zeros(n_rows * n_cols)
        e[[idx(r, c) for c in range(n_cols - 1)]] = 1
        e[idx(r, n_cols - 1)] = -1
        eqs.append(e)
    for c in range(n_cols):
        e = np.zeros(n_rows * n_cols)
        e[[idx(r, c) for r in range(n_rows - 1)]] = 1
        e[idx(n_rows - 1, c)] = -1
        eqs.append(e)
    return np.array(eqs)
