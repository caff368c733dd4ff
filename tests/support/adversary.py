"""The adversary of issue 9: reads what the browser or the file receives and looks for a small cell.

Fails on: a count in 1..t−1 (figure arrays on a non-percent axis, counts written in hover texts and table
cells), a rate or a position of a unit whose denominator is in 1..t−1 (its name anywhere in the output,
ground truth from the unsuppressed query), and a hidden cell that published margins pin down (interval
of each hidden cell by linear programming over the published table and its totals).
"""

from __future__ import annotations

import re

import numpy as np
from scipy.optimize import linprog

from tests.support.plotly_json import values

NUMBER = r"\d{1,3}(?:[\u00a0\u202f ]\d{3})*"
COUNT_IN_TEXT = re.compile(
    rf"(?<![\d,.<])({NUMBER})(?![\d,])\s*(?:familles?|enfants?|fiches?|présences?|inscriptions?)"
)


def parse_int(text: str) -> int | None:
    s = str(text).replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    return int(s) if re.fullmatch(r"\d+", s) else None


def _is_percent_axis(layout: dict, name: str) -> bool:
    ax = layout.get(name, {}) or {}
    text = " ".join(str(v) for v in ax.get("ticktext", []) or [])
    return "%" in text or "%" in str(ax.get("tickformat", "")) or "%" in str(ax.get("ticksuffix", ""))


def _strings(v) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    if isinstance(v, dict):
        return []
    out = []
    for x in v:
        out += _strings(x) if isinstance(x, (list, tuple)) else ([x] if isinstance(x, str) else [])
    return out


def _numbers(v) -> list[float]:
    if v is None or isinstance(v, str):
        return []
    try:
        vals = values(v)
    except Exception:  # noqa: BLE001 - not an array
        return []
    out = []
    for x in vals:
        if isinstance(x, (list, tuple)):
            out += _numbers(list(x))
        elif isinstance(x, (int, float)) and not isinstance(x, bool):
            out.append(float(x))
    return out


def figure_problems(fig: dict, t: int, small_units: set[str] = frozenset(), where: str = "") -> list[str]:
    """Everything wrong in one figure's JSON (plotly dict as sent to the browser)."""
    problems = []
    layout = fig.get("layout", {})
    meta = layout.get("meta") or {}
    not_people = set(meta.get("not_people", [])) if isinstance(meta, dict) else set()
    for tr in fig.get("data", []):
        kind = tr.get("type", "scatter")
        texts = []
        for key in ("text", "hovertext", "customdata", "name", "x", "y", "labels"):
            texts += _strings(tr.get(key))
        if kind == "sankey":
            texts += _strings(tr.get("node", {}).get("label")) + _strings(tr.get("link", {}).get("customdata"))
        for s in texts:
            for m in COUNT_IN_TEXT.finditer(s):
                n = parse_int(m.group(1))
                if n is not None and 0 < n < t:
                    problems.append(f"{where}: compte {n} écrit dans « {s[:80]} »")
            # a figure whose values are not about people (the parent actions per porteur) may name any unit
            for unit in small_units if not not_people else ():
                if unit in s:
                    problems.append(f"{where}: unité de moins de {t} ({unit}) représentée")
        if kind == "box":  # quartiles of days, not counts
            continue
        arrays = []
        if kind == "sankey":
            arrays.append(("link.value", tr.get("link", {}).get("value"), False))
        else:
            xa = "xaxis" + str(tr.get("xaxis", "x"))[1:]
            ya = "yaxis" + str(tr.get("yaxis", "y"))[1:]
            for key, axis in (("x", xa), ("y", ya)):
                arrays.append((key, tr.get(key), _is_percent_axis(layout, axis) or key in not_people))
            for key in ("z", "values", "customdata"):
                arrays.append((key, tr.get(key), key in not_people))
        for key, arr, exempt in arrays:
            if exempt:
                continue
            for v in _numbers(arr):
                if float(v).is_integer() and 0 < v < t:
                    problems.append(f"{where}: {kind}.{key} contient {v:g} (< {t})")
                    break
    return problems


def intervals(a_eq: np.ndarray, b_eq: np.ndarray, bounds: list[tuple[float, float | None]]) -> list[tuple]:
    """Min and max of each unknown under a_eq @ x = b_eq and the bounds (the adversary's linear system)."""
    out = []
    n = len(bounds)
    for i in range(n):
        c = np.zeros(n)
        c[i] = 1
        lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        hi = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        out.append((lo.fun if lo.success else None, -hi.fun if hi.success and hi.status == 0 else None))
    return out


def pinned_cells(cells: dict, equations: list[dict], t: int) -> list[str]:
    """cells: label -> published int, or the text of a hidden cell ('< 5' or 'masqué ...'); equations:
    label -> coefficient, summing to 0. Returns the hidden labels whose value the system fixes."""
    hidden = [k for k, v in cells.items() if not isinstance(v, (int, float))]
    if not hidden:
        return []
    pos = {k: i for i, k in enumerate(hidden)}
    a, b = [], []
    for eq in equations:
        row = np.zeros(len(hidden))
        rhs = 0.0
        for k, coef in eq.items():
            if k in pos:
                row[pos[k]] += coef
            else:
                rhs -= coef * cells[k]
        if row.any():
            a.append(row)
            b.append(rhs)
    if not a:
        return []
    bounds = [(1, t - 1) if str(cells[k]).startswith("<") else (0, None) for k in hidden]
    out = []
    for k, (lo, hi) in zip(hidden, intervals(np.array(a), np.array(b), bounds)):
        if lo is None:
            continue
        lo = round(lo, 6)
        hi = None if hi is None else round(hi, 6)
        if str(cells[k]).startswith("<"):
            possible = set(range(int(np.ceil(lo)), int(np.floor(hi)) + 1))
        else:
            # a « masqué » cell is 0 or at least t: a small one would have said « < t »
            top = int(np.floor(hi)) if hi is not None else None
            possible = ({0} if lo <= 0 else set()) | (
                set(range(max(int(np.ceil(lo)), t), top + 1)) if top is not None else {t, t + 1}
            )
        if len(possible) == 1 and possible != {0}:  # a count forced to 0 describes no one
            out.append(f"{k} = {possible.pop()} (déduit des marges)")
    return out


def table_problems(
    rows: list[list],
    headers: list[str],
    t: int,
    count_headers: set[str],
    where: str = "",
    total_row: int | None = None,
    total_col: int | None = None,
) -> list[str]:
    """A published table (cells as text or numbers): small counts in count columns, and hidden cells that
    the total row (sum of the other rows) and total column (sum of the count columns) pin down."""
    problems = []
    count_cols = [j for j, h in enumerate(headers) if h in count_headers]
    cells = {}
    for i, row in enumerate(rows):
        for j in count_cols:
            v = row[j]
            n = (
                v
                if isinstance(v, (int, float)) and not isinstance(v, bool)
                else parse_int(v)
                if isinstance(v, str)
                else None
            )
            if n is not None and 0 < n < t:
                problems.append(f"{where}: {headers[j]} = {n} à la ligne {row[0]}")
            if n is not None:
                cells[(i, j)] = n
            elif isinstance(v, str) and ("<" in v or "masqué" in v):
                cells[(i, j)] = v
    equations = []
    if total_row is not None:
        for j in count_cols:
            if j == total_col:
                continue
            eq = {(i, j): 1 for i in range(len(rows)) if i != total_row and (i, j) in cells}
            if (total_row, j) in cells and eq:
                equations.append({**eq, (total_row, j): -1})
    if total_col is not None:
        for i in range(len(rows)):
            eq = {(i, j): 1 for j in count_cols if j != total_col and (i, j) in cells}
            if (i, total_col) in cells and eq:
                equations.append({**eq, (i, total_col): -1})
    problems += [f"{where}: {m}" for m in pinned_cells(cells, equations, t)]
    return problems
