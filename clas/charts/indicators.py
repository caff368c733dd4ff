"""Small trend lines of the key indicators (landing page): one tiny line chart per indicator."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from clas.charts.base import MUTED, PRIMARY, base_layout, empty_figure

_TICKS = {"count": ",d", "share": ",.0f", "rate100": ",.1f", "days": ",d"}


def trend_line(df: pd.DataFrame, title: str | None = None, height: int = 170) -> go.Figure:
    """One indicator over the school years.

    df: rows of clas.metrics.indicators.trends() for one indicator (school_year, value, text, kind); a hidden
    value (small-cell rule) is NaN and leaves a gap, with no hover.
    """
    if df.empty or df["value"].isna().all():
        fig = empty_figure("Aucune valeur publiable.")
        fig.update_layout(height=height)
        return fig
    kind = df["kind"].iloc[0]
    y = df["value"] * 100 if kind == "share" else df["value"]  # shares drawn in %: ticks '50 %', not '50%'
    fig = go.Figure(
        go.Scatter(
            x=df["school_year"],
            y=y,
            customdata=df["text"],
            mode="lines+markers",
            line=dict(color=PRIMARY, width=2),
            marker=dict(size=7, color=PRIMARY),
            hovertemplate="%{x} : %{customdata}<extra></extra>",
            connectgaps=False,
            name=title or "",
        )
    )
    base_layout(fig, title, height=height)
    fig.update_layout(
        showlegend=False, margin=dict(l=4, r=8, t=34 if title else 8, b=4), title_font_size=13, font_size=12
    )
    # A quarter of the page is narrow: school years were tilted. Written on two lines they stay level.
    years = df["school_year"].tolist()
    fig.update_xaxes(
        type="category",
        showgrid=False,
        tickfont=dict(size=11, color=MUTED),
        tickangle=0,
        tickmode="array",
        tickvals=years,
        ticktext=[y.replace("-", "-<br>", 1) for y in years],
    )
    lo = 0 if kind in ("count", "share", "rate100", "days") else None
    hi = y.max()
    # Counts take whole ticks: a tile whose values are 0 or 1 drew « 0, 1, 1 » (0,5 written as an integer).
    small_count = kind in ("count", "days") and hi is not None and hi == hi and hi <= 4
    fig.update_yaxes(
        tickformat=_TICKS.get(kind, ",.1f"),
        ticksuffix="\u00a0%" if kind == "share" else "",
        rangemode="tozero",
        nticks=4,
        **({"dtick": 1, "tick0": 0} if small_count else {}),
        range=[lo, hi * 1.15 if hi and hi > 0 else 1],
        tickfont=dict(size=11, color=MUTED),
        gridcolor="#e6e9ee",
        zeroline=False,
    )
    return fig
