"""Coverage by neighbourhood: the offline map (no tile server) and the priority-areas bar chart."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from clas.charts import colours as categories
from clas.charts.base import PALETTE, SEQUENTIAL, base_layout, empty_figure
from clas.store.geo import MATCH_KEY, centroids, rings

HIDDEN_GREY = "#b8bec6"  # a neighbourhood whose count is hidden (small-cell rule)
UNDEFINED_GREY = "#eceff3"  # a rate with no population to divide by
PRIORITY_LINE = "#1b1f24"
PROVIDER_COLOURS = {k: categories.colour("provider_type", k) for k in ("municipal", "associatif")}
PROVIDER_LABELS = {"municipal": "Porteur municipal", "associatif": "Porteur associatif"}
_SCALE = [[i / (len(SEQUENTIAL) - 1), c] for i, c in enumerate(SEQUENTIAL)]


def _flat(geojson: dict, df: pd.DataFrame, colour: str, name: str, legend: bool) -> go.Choroplethmap:
    """Neighbourhoods of df filled with one colour (hidden or undefined values); z is a constant 0, never a
    figure (a constant 1 read like a count of one child to anyone reading the figure's data)."""
    return go.Choroplethmap(
        geojson=geojson,
        featureidkey="properties.code",
        locations=df["code"],
        z=[0] * len(df),
        colorscale=[[0, colour], [1, colour]],
        showscale=False,
        customdata=df["hover"],
        hovertemplate="%{customdata}<extra></extra>",
        marker=dict(line=dict(color="white", width=1)),
        name=name,
        showlegend=legend,
        legendgroup=name,
    )


def outlines(geojson: dict, codes: set[str], match_key: str = MATCH_KEY) -> tuple[list, list]:
    """Outer rings of the given features as one polyline (None between rings): lon, lat."""
    lon: list = []
    lat: list = []
    for f in geojson["features"]:
        if f["properties"].get(match_key) in codes:
            for ring in rings(f["geometry"]):
                lon += [p[0] for p in ring] + [None]
                lat += [p[1] for p in ring] + [None]
    return lon, lat


def neighbourhood_names(fig: go.Figure, geojson: dict, data: pd.DataFrame, shown: pd.DataFrame) -> None:
    """Each neighbourhood's name on the map (an élu should not have to hover to know which is which), on
    top of the sites: white on the darker half of the colour scale, dark elsewhere (two traces: a map
    trace takes one text colour)."""
    names = centroids(geojson).merge(data[["code", "name"]], on="code")
    if names.empty:
        return
    top = float(shown["value"].max()) if not shown.empty else 0.0
    dark_fill = set(shown.loc[shown["value"] > 0.55 * top, "code"]) if top > 0 else set()
    for on_dark, rows in names.groupby(names["code"].isin(dark_fill)):
        fig.add_trace(
            go.Scattermap(
                lon=rows["lon"],
                lat=rows["lat"],
                mode="text",
                text=rows["name"],
                textfont=dict(size=12, color="#ffffff" if on_dark else "#1b1f24", weight="bold"),
                hoverinfo="skip",
                showlegend=False,
                name="Quartiers",
            )
        )


def coverage_map(
    data: pd.DataFrame,
    geojson: dict,
    providers: pd.DataFrame,
    measure: str,
    centre: dict,
    zoom: float,
    title: str | None = None,
    height: int = 520,
) -> go.Figure:
    """Choropleth of the neighbourhoods (map_style white-bg: no tiles) with priority areas outlined and
    providers' sites as points.

    data: clas.metrics.coverage.map_data() (code, name, priority_area, value, status, hover); measure 'rate' or
    'count'; providers: queries/provider_sites.sql (name, type, neighbourhood, latitude, longitude).
    """
    if data.empty:
        return empty_figure("Aucun quartier dans les données de référence.")
    shown = data[data["status"] == "shown"]
    fig = go.Figure()
    if not shown.empty:
        is_rate = measure == "rate"
        fig.add_trace(
            go.Choroplethmap(
                geojson=geojson,
                featureidkey="properties.code",
                locations=shown["code"],
                z=shown["value"],
                colorscale=_SCALE,
                zmin=0,
                zmax=max(float(shown["value"].max()), 1e-9),
                customdata=shown["hover"],
                hovertemplate="%{customdata}<extra></extra>",
                marker=dict(line=dict(color="white", width=1), opacity=0.9),
                name="",
                # A horizontal colour bar under the map: it never covers a neighbourhood, even on a phone.
                colorbar=dict(
                    title=dict(text="pour 100 enfants" if is_rate else "enfants accompagnés", side="top"),
                    tickformat=",.1f" if is_rate else ",d",
                    thickness=12,
                    orientation="h",
                    len=0.5,
                    x=0.01,
                    xanchor="left",
                    y=0,
                    yanchor="top",
                    ypad=4,
                    nticks=6,
                ),
            )
        )
    hidden = data[data["status"] == "hidden"]
    if not hidden.empty:
        fig.add_trace(_flat(geojson, hidden, HIDDEN_GREY, "Effectif masqué (secret statistique)", True))
    undefined = data[data["status"] == "undefined"]
    if not undefined.empty:
        fig.add_trace(_flat(geojson, undefined, UNDEFINED_GREY, "Taux non calculable", True))
    priority = data[data["priority_area"]]
    if not priority.empty:
        # The outlines as lines (not a second choropleth): visible whatever the fill, and a line in the legend.
        lon, lat = outlines(geojson, set(priority["code"]))
        fig.add_trace(
            go.Scattermap(
                lon=lon,
                lat=lat,
                mode="lines",
                line=dict(color=PRIORITY_LINE, width=3),
                hoverinfo="skip",
                name="Quartier prioritaire (QPV)",
                meta=sorted(priority["code"]),
            )
        )
    for kind, sites in providers.groupby("type", sort=True) if not providers.empty else []:
        fig.add_trace(
            go.Scattermap(
                lat=sites["latitude"],
                lon=sites["longitude"],
                mode="markers",
                marker=dict(size=13, color=PROVIDER_COLOURS.get(kind, PALETTE[7])),
                customdata=sites[["name", "neighbourhood"]].fillna("–"),
                hovertemplate="<b>%{customdata[0]}</b><br>"
                + PROVIDER_LABELS.get(kind, "Porteur")
                + " — %{customdata[1]}<extra></extra>",
                name=PROVIDER_LABELS.get(kind, "Porteur"),
            )
        )
    neighbourhood_names(fig, geojson, data, shown)
    base_layout(fig, title, height=height)
    fig.update_layout(
        map=dict(style="white-bg", center=centre, zoom=zoom),
        margin=dict(l=0, r=0, t=50 if title else 30, b=70),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left", bgcolor="rgba(255,255,255,0.8)"),
    )
    return fig


def priority_bars(
    bars: pd.DataFrame, title: str | None = None, unit: str = "pour 100 enfants de 6 à 14 ans", height: int = 260
) -> go.Figure:
    """Coverage rate in priority areas vs the other neighbourhoods (clas.metrics.coverage.group_bars())."""
    if bars.empty or bars["text"].eq("–").all():
        return empty_figure("Taux non calculable : aucune population de référence pour ces filtres.")
    fig = go.Figure(
        go.Bar(
            y=bars["label"],
            x=bars["rate"].fillna(0),
            orientation="h",
            text=bars["text"],
            textposition="auto",
            insidetextanchor="end",
            cliponaxis=False,
            textfont=dict(size=15),
            marker_color=[PALETTE[0], PALETTE[4]][: len(bars)],
            hovertemplate="%{y} : %{text}<extra></extra>",
        )
    )
    base_layout(fig, title, height=height)
    top = bars["rate"].max()
    fig.update_xaxes(
        title_text=unit,
        tickformat=",.1f",
        rangemode="tozero",
        nticks=6,
        range=[0, (top if pd.notna(top) and top > 0 else 1) * 1.15],
        gridcolor="#e6e9ee",
    )
    fig.update_yaxes(autorange="reversed", title_text="")
    fig.update_layout(showlegend=False, margin=dict(l=10, r=30, t=50 if title else 10, b=10))
    return fig
