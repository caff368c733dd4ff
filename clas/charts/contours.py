"""Preview of an uploaded contour file on the Référentiels page: which contours match a neighbourhood.

Drawn with px.choropleth_map on map_style="white-bg": the polygons alone, no tiles to fetch (works offline).
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from clas.charts.base import MUTED, PALETTE, base_layout, empty_figure
from clas.store.geo import view

STATUS_COLOURS = {"Rapproché d'un quartier": PALETTE[0], "Sans quartier correspondant": "#d9dde2"}


def contour_preview(geojson: dict, rows: pd.DataFrame, title: str | None = None, height: int = 520) -> go.Figure:
    """geojson: features with an `id`; rows: id, value (the chosen property), neighbourhood, status."""
    if rows.empty:
        return empty_figure("Aucun contour à afficher.")
    centre, zoom = view(geojson, width_px=760, height_px=height - 40)
    fig = px.choropleth_map(
        rows,
        geojson=geojson,
        locations="id",
        color="status",
        color_discrete_map=STATUS_COLOURS,
        category_orders={"status": list(STATUS_COLOURS)},
        custom_data=["value", "neighbourhood"],
        map_style="white-bg",
        center=centre,
        zoom=zoom,
        opacity=0.85,
    )
    fig.update_traces(
        marker_line_color=MUTED,
        marker_line_width=0.6,
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
    )
    fig = base_layout(fig, title, height=height)
    fig.update_layout(legend=dict(title_text="", orientation="h", y=1.02, x=0), margin=dict(l=0, r=0, t=40, b=0))
    return fig
