"""Figures of the Qualité des données page: completeness of the registers by provider and field."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from clas.charts.base import base_layout, empty_figure
from clas.domain import fmt

# Low completeness stands out in orange (Okabe–Ito vermillion); full completeness stays quiet (pale blue),
# so the eye goes to what needs asking for.
FULL = fmt.percent(1.0, 0)
# Four bands, not a continuous scale: each cell's colour is the band of the percentage written in it (the
# same rounding), and the colour bar lists the bands in words — a continuous bar disagreed with the cells.
BANDS = [
    ("moins de 60\u00a0%", "#D55E00"),
    ("60 à 89\u00a0%", "#F2C4A5"),
    ("90 à 99\u00a0%", "#F6F1EA"),
    ("100\u00a0%", "#D6E6F4"),
]
COMPLETENESS_SCALE = [
    x for i, (_, colour) in enumerate(BANDS) for x in ([i / len(BANDS), colour], [(i + 1) / len(BANDS), colour])
]


def band(share: float) -> int:
    """0-3: the band of a 0-1 share, by its percentage rounded as the cell writes it."""
    pct = int(fmt.number(share * 100, 0).replace("\u00a0", ""))
    return 3 if pct >= 100 else 2 if pct >= 90 else 1 if pct >= 60 else 0


def completeness_heatmap(df: pd.DataFrame, field_labels: dict[str, str], title: str | None = None) -> go.Figure:
    """Share of rows where each field is filled, providers down, fields across.

    df: provider, field, filled (0-1, NaN when the field applies to no row of that provider), rows.
    field_labels: field -> French column label, in display order (fields not listed are left out).
    """
    if df.empty:
        return empty_figure("Aucun registre importé pour cette année.")
    fields = [f for f in field_labels if f in set(df["field"])]
    providers = sorted(df["provider"].unique(), key=lambda p: p.lower(), reverse=True)  # A at the top
    grid = df.pivot_table(index="provider", columns="field", values="filled", aggfunc="first", dropna=False)
    rows = df.pivot_table(index="provider", columns="field", values="rows", aggfunc="first", dropna=False)
    grid = grid.reindex(index=providers, columns=fields)
    rows = rows.reindex(index=providers, columns=fields)
    z = [[None if _nan(v) else band(float(v)) for v in r] for r in grid.to_numpy()]
    text = [[("–" if _nan(v) else fmt.percent(v, 0)) for v in r] for r in grid.to_numpy()]
    # Only the gaps are written in the cells: a grid of "100 %" hides them (the hover still says 100 %).
    shown = [["" if t == FULL else t for t in r] for r in text]
    n = [[(0 if _nan(v) else int(v)) for v in r] for r in rows.to_numpy()]
    labels = [field_labels[f] for f in fields]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=labels,
            y=providers,
            text=shown,
            customdata=[[[c, t, fmt.count(c, "ligne")] for c, t in zip(nr, tr)] for nr, tr in zip(n, text)],
            texttemplate="%{text}",
            textfont=dict(size=12, color="#1b1f24"),
            zmin=-0.5,
            zmax=len(BANDS) - 0.5,
            colorscale=COMPLETENESS_SCALE,
            xgap=2,
            ygap=2,
            # Under the grid, across: four labels need room that a short grid (three providers) has not upright.
            colorbar=dict(
                title=dict(text="Part des lignes renseignées", side="top"),
                orientation="h",
                x=0,
                xanchor="left",
                y=-0.04,
                yanchor="top",
                len=min(1.0, 560 / 820),
                lenmode="fraction",
                tickvals=list(range(len(BANDS))),
                ticktext=[b[0] for b in BANDS],
                ticks="",
                thickness=12,
                outlinewidth=1,
                outlinecolor="#c8cdd3",
            ),
            hovertemplate="<b>%{y}</b><br>%{x} : %{customdata[1]} des lignes renseignées<br>"
            "(sur %{customdata[2]})"
            "<extra></extra>",
        )
    )
    fig.update_xaxes(side="top", tickangle=-35)
    fig.update_yaxes(automargin=True)
    fig = base_layout(fig, title, height=max(300, 200 + 34 * len(providers)))
    fig.update_layout(margin=dict(l=10, r=10, t=140 if not title else 170, b=90))
    return fig


def _nan(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))
