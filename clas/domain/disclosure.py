"""Small-cell suppression for public outputs (domain.md, « Disclosure rules »).

Primary suppression hides every count from 1 to threshold − 1 (0 stays shown). Secondary suppression then
hides more cells so that no hidden cell can be recovered by difference from the totals that stay shown.

How secondary suppression is decided. A table with margins is written as an "augmented" table: the
interior cells, the row totals negated in an extra column, the column totals negated in an extra row and
the grand total in the corner. Every row and every column of that table sums to zero, and those are all
the linear relations a reader knows. Take the bipartite graph whose nodes are the rows and the columns of
the augmented table and whose edges are its unknown cells (hidden, or not published at all). A hidden
cell is determined by the shown cells if and only if its edge is a bridge of that graph (the unknowns
with every row and column summing to a known value move freely exactly along the graph's cycles). So we
repeat: find a hidden cell that is a bridge, and hide the cheapest path of shown cells that closes a cycle
through it (Dijkstra, small non-zero counts first), until no hidden cell is a bridge. "Every row and column
with a hidden cell has ≥ 2 hidden cells" follows, and so does the stronger property it misses (two
groups of hidden cells linked by a single one). A 1-D list with a total is the one-row case.

Counts tied by other published relations (neighbourhoods, their priority / other sub-totals, the
territory) go through `suppress_linear`, which tests "is this hidden count fixed?" directly on the
equations (null space of the system) and hides more until none is.
"""

from __future__ import annotations

# long module: the markers, primary suppression and the two secondary-suppression algorithms (tables by
# bridges, hierarchies by linear systems) are one rule used together by every public output; the interval
# check they share lives in clas/domain/intervals.py.
import functools
import heapq
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from clas.domain import intervals

DEFAULT_THRESHOLD = 5
SETTING = "small_cell_threshold"


def threshold_from(df: pd.DataFrame) -> int:
    """The threshold from the result of queries/small_cell_threshold.sql (one row, or none)."""
    try:
        value = int(str(df["value"].iloc[0]).strip())
    except (IndexError, KeyError, ValueError, TypeError):
        return DEFAULT_THRESHOLD
    return max(value, 1)


def label(t: int) -> str:
    """How a count hidden *because it is small* is shown: '< 5'. Only for a true small cell (hidden_text)."""
    return f"<\u00a0{t}"


# One marker for everything hidden for another reason: a count hidden to protect a small one (secondary
# suppression), a rate or share whose denominator or complement is small. « < 5 » there would be false
# (a complementary cell may hold 62; '< 5' on a rate reads as "under 5 %"). Same words in pages, xlsx, PDF.
MASKED = "masqué (secret statistique)"
RATE_HIDDEN = MASKED


def hidden_text(value, t: int) -> str:
    """The text of a hidden count: '< 5' when the count itself is small, else « masqué (secret statistique) »."""
    return label(t) if is_small(value, t) else MASKED


def note(t: int) -> str:
    return (
        f"« {label(t)} » : effectif de moins de {t} (secret statistique) ; « {MASKED} » : case masquée pour "
        "qu'un petit effectif ne puisse pas être retrouvé par différence, ou taux calculé sur moins de "
        f"{t} personnes."
    )


def is_small(n, t: int) -> bool:
    """A count that primary suppression hides: 1 … t − 1 (0 and missing values are not)."""
    if n is None or (isinstance(n, float) and math.isnan(n)) or pd.isna(n):
        return False
    return 0 < n < t


def share_hidden(numerator, denominator, t: int) -> bool:
    """A share num/den reveals num and den − num when den is shown: hide it if either is small."""
    if denominator is None or pd.isna(denominator) or numerator is None or pd.isna(numerator):
        return False
    return is_small(numerator, t) or is_small(denominator, t) or is_small(denominator - numerator, t)


def rate_publishable(denominator, t: int) -> bool:
    """A rate may be published (to a public role) only when its denominator is at least the threshold:
    a rate over 3 families is a small cell too (1 of 3 is 33,3 %)."""
    return denominator is not None and not pd.isna(denominator) and denominator >= t


# --- the general algorithm on an augmented table -------------------------------------------------------


def _suppress_grid(values: np.ndarray, unknown: np.ndarray, t: int) -> np.ndarray:
    """The hidden mask, computed once per distinct table: its linear programmes take 0,1–1 s, and the report
    asks for the same provider x outcome table three times (its table, the Sankey and the bars)."""
    v, u = np.ascontiguousarray(values, dtype=float), np.ascontiguousarray(unknown, dtype=bool)
    return _grid_mask(v.tobytes(), u.tobytes(), v.shape, t).copy()


@functools.lru_cache(maxsize=256)
def _grid_mask(values: bytes, unknown: bytes, shape: tuple[int, int], t: int) -> np.ndarray:
    return _solve_grid(
        np.frombuffer(values, dtype=float).reshape(shape), np.frombuffer(unknown, dtype=bool).reshape(shape), t
    )


def _solve_grid(values: np.ndarray, unknown: np.ndarray, t: int) -> np.ndarray:
    """Hidden mask of an augmented table: linear protection (bridges), then interval protection
    (clas.domain.intervals.pinned): a pinned cell gets the cheapest shown cell of its row or column hidden too."""
    extra = np.zeros_like(unknown)
    a = intervals.grid_equations(*values.shape)
    while True:
        hidden = _suppress_bridges(values, unknown, t, extra)
        pinned = intervals.pinned(a, values.ravel().astype(float), (hidden & ~unknown).ravel(), t, unknown.ravel())
        if not pinned:
            return hidden
        added, lines = False, set()
        for k in pinned:  # one more cell per row or column holding a pinned cell (fewer rounds of LPs)
            r, c = divmod(k, values.shape[1])
            if ("r", r) in lines or ("c", c) in lines:
                continue
            lines |= {("r", r), ("c", c)}
            shown = [(i, c) for i in range(values.shape[0]) if not (hidden[i, c] or extra[i, c])] + [
                (r, j) for j in range(values.shape[1]) if not (hidden[r, j] or extra[r, j])
            ]
            if shown:
                # the smallest non-zero count first (it protects best and loses least), zeros last
                extra[min(shown, key=lambda rc: (values[rc] <= 0, values[rc]))] = True
                added = True
        if not added:
            return hidden


def _suppress_bridges(values: np.ndarray, unknown: np.ndarray, t: int, extra: np.ndarray) -> np.ndarray:
    """Hidden mask of an augmented table (see the module docstring).

    values: the (R+1) x (C+1) absolute counts (interior, row totals column, column totals row, corner);
    unknown: cells not published at all (absent margins): free unknowns, never "protected"; extra: cells
    hidden on top of the small ones (interval protection).
    """
    n_rows, n_cols = values.shape
    small = (values > 0) & (values < t)
    hidden = (small & ~unknown) | unknown | extra

    def cost(r: int, c: int) -> float:
        v = values[r, c]
        # Small non-zero counts first (least information lost, best protection), zeros last (hiding a 0
        # protects little: a count cannot go below 0); a little extra per cell prefers fewer cells.
        return (float(v) if v > 0 else 10.0 * t + 1.0) + 0.01

    def bridge_path(r: int, c: int) -> list[tuple[int, int]] | None:
        """Cheapest set of shown cells to hide so that hidden cell (r, c) lies on a cycle; [] if it does."""
        # Nodes: rows 0..R, columns R+1..; path from row r to column c not using edge (r, c).
        start, goal = r, n_rows + c
        dist = {start: 0.0}
        prev: dict[int, tuple[int, tuple[int, int] | None]] = {}
        heap = [(0.0, start)]
        while heap:
            d, node = heapq.heappop(heap)
            if d > dist.get(node, math.inf):
                continue
            if node == goal:
                break
            if node < n_rows:
                nbrs = [(n_rows + j, (node, j)) for j in range(n_cols)]
            else:
                nbrs = [(i, (i, node - n_rows)) for i in range(n_rows)]
            for nxt, (i, j) in nbrs:
                if (i, j) == (r, c):
                    continue
                w = 0.0 if hidden[i, j] else cost(i, j)
                nd = d + w
                if nd < dist.get(nxt, math.inf):
                    dist[nxt] = nd
                    prev[nxt] = (node, (i, j))
                    heapq.heappush(heap, (nd, nxt))
        if goal not in dist:
            return None
        cells, node = [], goal
        while node != start:
            node, cell = prev[node]
            if not hidden[cell]:
                cells.append(cell)
        return cells

    changed = True
    while changed:
        changed = False
        for r, c in zip(*np.nonzero(hidden & ~unknown)):
            cells = bridge_path(int(r), int(c))
            if cells is None:  # a 1 x 1 table: nothing can protect it but hiding everything
                continue
            if cells:
                for cell in cells:
                    hidden[cell] = True
                changed = True
                break
    return hidden


@dataclass
class Masked:
    """A suppressed table: interior counts and their mask, and the margins with theirs."""

    table: pd.DataFrame
    hidden: pd.DataFrame
    row_total: pd.Series | None = None
    row_total_hidden: pd.Series | None = None
    col_total: pd.Series | None = None
    col_total_hidden: pd.Series | None = None
    grand_total: float | None = None
    grand_hidden: bool = False


def suppress_table(table: pd.DataFrame, t: int, row_totals: bool = True, col_totals: bool = True) -> Masked:
    """Primary and secondary suppression of a 2-D table of counts whose published margins are the sums
    of its rows (row_totals) and columns (col_totals), and the grand total when either margin is."""
    x = table.fillna(0).to_numpy(dtype=float)
    n_r, n_c = x.shape
    grid = np.zeros((n_r + 1, n_c + 1))
    grid[:n_r, :n_c] = x
    grid[:n_r, n_c] = x.sum(axis=1)
    grid[n_r, :n_c] = x.sum(axis=0)
    grid[n_r, n_c] = x.sum()
    unknown = np.zeros_like(grid, dtype=bool)
    if not row_totals:
        unknown[:n_r, n_c] = True
    if not col_totals:
        unknown[n_r, :n_c] = True
    if not (row_totals or col_totals):
        unknown[n_r, n_c] = True
    hidden = _suppress_grid(grid, unknown, t) & ~unknown
    out = Masked(table=table, hidden=pd.DataFrame(hidden[:n_r, :n_c], index=table.index, columns=table.columns))
    if row_totals:
        out.row_total = pd.Series(grid[:n_r, n_c], index=table.index)
        out.row_total_hidden = pd.Series(hidden[:n_r, n_c], index=table.index)
    if col_totals:
        out.col_total = pd.Series(grid[n_r, :n_c], index=table.columns)
        out.col_total_hidden = pd.Series(hidden[n_r, :n_c], index=table.columns)
    if row_totals or col_totals:
        out.grand_total = float(grid[n_r, n_c])
        out.grand_hidden = bool(hidden[n_r, n_c])
    return out


def suppress_counts(counts: pd.Series, t: int, total_published: bool = True) -> tuple[pd.Series, bool]:
    """A list of counts and, when published, their total: (hidden mask, total hidden).

    Treated as additive even when the total is a distinct count (a child in two neighbourhoods): that
    errs on the safe side.
    """
    m = suppress_table(counts.to_frame().T, t, row_totals=total_published, col_totals=False)
    mask = m.hidden.iloc[0].rename(None)
    mask.index = counts.index
    return mask, bool(m.row_total_hidden.iloc[0]) if total_published else False


def _free(a: np.ndarray, unknown: np.ndarray) -> np.ndarray:
    """For each unknown cell, whether the equations a @ x = 0 leave it free given the known cells.

    A cell is fixed iff its unit vector lies in the row space of a restricted to the unknown columns,
    i.e. iff every vector of that matrix's null space is 0 there.
    """
    cols = np.flatnonzero(unknown)
    free = np.zeros(len(unknown), dtype=bool)
    if len(cols) == 0:
        return free
    sub = a[:, cols]
    _, s, vt = np.linalg.svd(sub) if sub.size else (None, np.array([]), np.eye(len(cols)))
    rank = int((s > 1e-9 * max(1.0, s.max(initial=0))).sum())
    null = vt[rank:].T  # columns: a basis of the null space
    free[cols] = np.abs(null).max(axis=1, initial=0) > 1e-9
    return free


def _cheapest_freeing(
    a: np.ndarray, hidden: np.ndarray, k: int, candidates: list[int], cost: np.ndarray, max_pairs: int = 2000
) -> tuple[int, ...]:
    """The cheapest one or two shown counts whose hiding leaves hidden count k free; else the cheapest
    count sharing an equation with k (the loop goes on from there)."""

    def frees(cells) -> bool:
        trial = hidden.copy()
        trial[list(cells)] = True
        return bool(_free(a, trial)[k])

    for i in candidates:
        if frees((i,)):
            return (i,)
    pairs = [(i, j) for n, i in enumerate(candidates) for j in candidates[n + 1 :]]
    if len(pairs) <= max_pairs:
        for pair in sorted(pairs, key=lambda p: cost[p[0]] + cost[p[1]]):
            if frees(pair):
                return pair
    related = [i for i in candidates if np.any(np.abs(a[:, i]) * np.abs(a[:, k]) > 0)]
    return ((related or candidates)[0],)


def suppress_linear(
    values: pd.Series,
    equations: list[dict],
    t: int,
    keep: set | frozenset = frozenset(),
    not_sensitive: set | frozenset = frozenset(),
) -> pd.Series:
    """Suppression of counts tied by any published linear relations (a hierarchy of sub-totals, say).

    values: every published count (cells, sub-totals, totals), by label; equations: each a dict
    label -> coefficient whose weighted sum is 0 (e.g. {"VAN": 1, "CV": 1, "priority": -1}); keep: counts
    published elsewhere anyway (a territory total on the landing page), never hidden to protect another;
    not_sensitive: counts that describe no one even when small (children whose neighbourhood the file
    left blank), never hidden for being small. Greedy: while some hidden count is fixed by the shown ones, hide the cheapest one or two shown counts
    that free it (else the cheapest sharing an equation with it, and go on). Returns the hidden mask.
    """
    labels = list(values.index)
    pos = {k: i for i, k in enumerate(labels)}
    a = np.zeros((len(equations), len(labels)))
    for r, eq in enumerate(equations):
        for k, coef in eq.items():
            a[r, pos[k]] = coef
    x = values.fillna(0).to_numpy(dtype=float)
    hidden = (x > 0) & (x < t) & ~np.array([k in not_sensitive for k in labels], dtype=bool)
    cost = np.where(x > 0, x, 10.0 * t + 1.0)
    keep_mask = np.array([k in keep for k in labels], dtype=bool)
    while True:
        fixed = hidden & ~_free(a, hidden)
        by_interval = False
        if not fixed.any() and not hidden.all():
            # interval protection (clas.domain.intervals): a pinned count is treated like a fixed one
            fixed[intervals.pinned(a, x, hidden, t)] = True
            by_interval = True
        if not fixed.any() or hidden.all():
            break
        k = int(np.flatnonzero(fixed)[0])
        in_use = np.abs(a).sum(axis=0) > 0
        candidates = sorted(np.flatnonzero(in_use & ~hidden & ~keep_mask), key=lambda i: cost[i])
        if not candidates:
            break
        if by_interval:  # any shown count sharing an equation with k widens its interval
            related = [i for i in candidates if np.any(np.abs(a[:, i]) * np.abs(a[:, k]) > 0)]
            hidden[(related or candidates)[0]] = True
            continue
        hidden[list(_cheapest_freeing(a, hidden, k, candidates, cost))] = True
    return pd.Series(hidden, index=values.index)


def cell_text(value, hidden: bool, t: int, formatter) -> str:
    """The text of a count: '< 5' when hidden because small, « masqué (secret statistique) » when hidden to
    protect another (calling it '< 5' would be false), else the formatted value."""
    if not hidden:
        return formatter(value)
    return hidden_text(value, t)


def rate_pins_count(count, population, decimals: int = 1, per: int = 100) -> bool:
    """Whether a rate count/population shown rounded (12,3 pour 100) gives the count back exactly: when
    at most one whole number fits in the interval of counts that round to the shown rate."""
    if count is None or population is None or pd.isna(count) or pd.isna(population) or population <= 0:
        return False
    shown = round(per * float(count) / float(population), decimals)
    half = 0.5 * 10**-decimals
    lo, hi = (shown - half) * population / per, (shown + half) * population / per
    return math.ceil(hi) - math.floor(lo) - 1 <= 1
