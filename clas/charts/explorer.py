"""The Explorer's chart: bars of the chosen measure by one dimension, grouped or stacked by a second."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from clas.charts import colours as categories
from clas.charts.base import PALETTE, base_layout, empty_figure

_HOVER = {"int": ":,.0f", "pct": ":.1%", "dec": ":,.1f"}
_TICKS = {"int": ",d", "pct": ".0%", "dec": ",.1f"}


def bars(
    table: pd.DataFrame,
    dim_labels: list[str],
    measure_label: str,
    kind: str,
    stacked: bool = False,
    title: str | None = None,
) -> go.Figure:
    """table: the Explorer's French table (dimension columns by their labels, then the measure).

    Horizontal bars when the categories are many or long (provider names read better that way). Stacking
    only makes sense for counts: shares and means are always grouped side by side.
    """
    if table.empty or table[measure_label].isna().all():
        return empty_figure()
    hover = _HOVER.get(kind, "")
    first = dim_labels[0] if dim_labels else "Périmètre"
    cats = list(dict.fromkeys(table[first]))
    horizontal = len(cats) > 6 or max(len(str(c)) for c in cats) > 14
    fig = go.Figure()
    if len(dim_labels) < 2:
        x, y = table[first], table[measure_label]
        fig.add_bar(
            x=y if horizontal else x,
            y=x if horizontal else y,
            orientation="h" if horizontal else "v",
            marker_color=PALETTE[0],
            name=measure_label,
            showlegend=False,
            hovertemplate=(f"%{{y}} : %{{x{hover}}}" if horizontal else f"%{{x}} : %{{y{hover}}}") + "<extra></extra>",
        )
    else:
        second = dim_labels[1]
        for i, (value, d) in enumerate(table.groupby(second, sort=False)):
            d = d.set_index(first).reindex(cats)
            vals = d[measure_label].fillna(0) if kind == "int" else d[measure_label]
            fig.add_bar(
                x=vals if horizontal else cats,
                y=cats if horizontal else vals,
                orientation="h" if horizontal else "v",
                name=str(value),
                marker_color=categories.colour_of_label(str(value), PALETTE[i % len(PALETTE)]),
                hovertemplate=f"{value}<br>"
                + (f"%{{y}} : %{{x{hover}}}" if horizontal else f"%{{x}} : %{{y{hover}}}")
                + "<extra></extra>",
            )
        fig.update_layout(barmode="stack" if stacked and kind == "int" else "group")
    value_axis = dict(title_text=measure_label, tickformat=_TICKS.get(kind), rangemode="tozero")
    cat_axis = dict(title_text=first, type="category", automargin=True)
    if horizontal:
        fig.update_xaxes(**value_axis)
        fig.update_yaxes(**cat_axis, autorange="reversed")  # first category on top, as in the table
    else:
        fig.update_yaxes(**value_axis)
        fig.update_xaxes(**cat_axis)
    groups = table[dim_labels[1]].nunique() if len(dim_labels) > 1 and not stacked else 1
    height = max(380, (22 * len(cats) * min(groups, 4) + 140) if horizontal else 420)
    base_layout(fig, title, height=min(height, 1400))
    if len(dim_labels) > 1:
        fig.update_layout(legend_title_text=dim_labels[1] + " : ")
    return fig
