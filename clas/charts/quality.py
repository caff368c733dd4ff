"""Figures of the Qualité des données page: completeness of the registers by provider and field."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from clas import fmt
from clas.charts.base import base_layout, empty_figure

# Low completeness stands out in orange (Okabe–Ito vermillion); full completeness stays quiet (pale blue),
# so the eye goes to what needs asking for.
FULL = fmt.percent(1.0, 0)
COMPLETENESS_SCALE = [[0.0, "#D55E00"], [0.6, "#F2C4A5"], [0.95, "#F6F1EA"], [1.0, "#D6E6F4"]]


def completeness_heatmap(df: pd.DataFrame, field_labels: dict[str, str], title: str | None = None) -> go.Figure:
    """Share of rows where each field is filled, providers down, fields across.

    df: provider, field, filled (0-1, NaN when the field applies to no row of that provider), rows.
    field_labels: field -> French column label, in display order (fields not listed are left out).
    """
    if df.empty:
        return empty_figure("Aucun registre importé pour cette année.")
    fields = [f for f in field_labels if f in set(df["field"])]
    providers = sorted(df["provider"].unique(), key=lambda p: p.lower(), reverse=True)   # A at the top
    grid = df.pivot_table(index="provider", columns="field", values="filled", aggfunc="first", dropna=False)
    rows = df.pivot_table(index="provider", columns="field", values="rows", aggfunc="first", dropna=False)
    grid = grid.reindex(index=providers, columns=fields)
    rows = rows.reindex(index=providers, columns=fields)
    z = [[None if _nan(v) else float(v) for v in r] for r in grid.to_numpy()]
    text = [[("–" if _nan(v) else fmt.percent(v, 0)) for v in r] for r in grid.to_numpy()]
    # Only the gaps are written in the cells: a grid of "100 %" hides them (the hover still says 100 %).
    shown = [["" if t == FULL else t for t in r] for r in text]
    n = [[(0 if _nan(v) else int(v)) for v in r] for r in rows.to_numpy()]
    labels = [field_labels[f] for f in fields]
    fig = go.Figure(go.Heatmap(
        z=z, x=labels, y=providers, text=shown,
        customdata=[[[c, t, fmt.count(c, "ligne")] for c, t in zip(nr, tr)] for nr, tr in zip(n, text)],
        texttemplate="%{text}",
        textfont=dict(size=12, color="#1b1f24"),
        zmin=0, zmax=1, colorscale=COMPLETENESS_SCALE, xgap=2, ygap=2,
        colorbar=dict(title=dict(text="Rempli", side="top"), tickvals=[0, 0.5, 1],
                      ticktext=["0\u00a0%", "50\u00a0%", "100\u00a0%"], len=0.8, thickness=12),
        hovertemplate="<b>%{y}</b><br>%{x} : %{customdata[1]} des lignes renseignées<br>"
                      "(sur %{customdata[2]})"
                      "<extra></extra>"))
    fig.update_xaxes(side="top", tickangle=-35)
    fig.update_yaxes(automargin=True)
    fig = base_layout(fig, title, height=max(260, 120 + 34 * len(providers)))
    fig.update_layout(margin=dict(l=10, r=10, t=140 if not title else 170, b=10))
    return fig


def _nan(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))
