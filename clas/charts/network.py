"""Charts of the network pages (issue 15): year on year, participants by profession, the zones blanches
map and the directory map (white-bg maps: no tiles, offline)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from clas.charts.base import PALETTE, SEQUENTIAL, base_layout, empty_figure
from clas.charts.coverage import PROVIDER_COLOURS, PROVIDER_LABELS, neighbourhood_names, outlines
from clas.domain import fmt


def years_figure(lines: pd.DataFrame, height: int = 320) -> go.Figure:
    """Sessions (bars) and participants (line) per school year."""
    if lines.empty:
        return empty_figure("Aucune séance du réseau enregistrée.")
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=lines["school_year"],
            y=lines["participants"],
            name="Participants",
            marker_color=PALETTE[4],
            hovertemplate="%{x} : %{y:,d} participants<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=lines["school_year"],
            y=lines["sessions"],
            name="Séances",
            mode="lines+markers",
            yaxis="y2",
            line=dict(color=PALETTE[0], width=3),
            hovertemplate="%{x} : %{y:,d} séances<extra></extra>",
        )
    )
    base_layout(fig, None, height=height)
    fig.update_layout(
        yaxis=dict(title_text="participants", rangemode="tozero", tickformat=",d"),
        yaxis2=dict(
            title_text="séances", overlaying="y", side="right", rangemode="tozero", tickformat=",d", showgrid=False
        ),
        xaxis=dict(type="category"),
        legend=dict(orientation="h", y=1.12, x=0),
    )
    return fig


def profession_bars(df: pd.DataFrame, height: int = 340) -> go.Figure:
    if df.empty:
        return empty_figure("Aucun participant pour cette année.")
    text = [f"{int(n)}" for n in df["participants"]]
    fig = go.Figure(
        go.Bar(
            y=df["profession"],
            x=df["participants"],
            orientation="h",
            text=text,
            textposition="auto",
            marker_color=PALETTE[0],
            hovertemplate="%{y} : %{x:,d} participants<extra></extra>",
        )
    )
    base_layout(fig, None, height=height)
    fig.update_yaxes(autorange="reversed", title_text="")
    fig.update_xaxes(title_text="participants", tickformat=",d", rangemode="tozero")
    fig.update_layout(showlegend=False, margin=dict(l=10, r=20, t=10, b=10))
    return fig


def white_zones_map(by_nbh: pd.DataFrame, geojson: dict, centre: dict, zoom: float, height: int = 460) -> go.Figure:
    """Neighbourhoods coloured by how many of their schools oriented no pupil to CLAS in the year."""
    if by_nbh.empty:
        return empty_figure("Aucune école dans le référentiel.")
    scale = [[0, "#e3ecf6"], [0.5, SEQUENTIAL[2]], [1, SEQUENTIAL[4]]]
    fig = go.Figure(
        go.Choroplethmap(
            geojson=geojson,
            featureidkey="properties.code",
            locations=by_nbh["code"],
            z=by_nbh["white_zone_schools"],
            colorscale=scale,
            zmin=0,
            zmax=max(1, int(by_nbh["white_zone_schools"].max())),
            customdata=by_nbh[["neighbourhood", "white_zone_schools", "schools"]],
            hovertext=[
                f"{fmt.count(int(w), 'école sans orientation', 'écoles sans orientation')} sur {fmt.number(int(n))}"
                for w, n in zip(by_nbh["white_zone_schools"], by_nbh["schools"])
            ],
            hovertemplate="<b>%{customdata[0]}</b><br>%{hovertext}<extra></extra>",
            marker=dict(line=dict(color="white", width=1), opacity=0.9),
            colorbar=dict(
                title=dict(text="écoles sans orientation", side="top"),
                orientation="h",
                len=0.5,
                x=0.01,
                xanchor="left",
                y=0,
                yanchor="top",
                thickness=12,
                tickformat=",d",
                dtick=1,
            ),
        )
    )
    # Outlines drawn over the fill: a neighbourhood with no zone blanche is pale, not invisible.
    lon, lat = outlines(geojson, set(by_nbh["code"]))
    fig.add_trace(
        go.Scattermap(
            lon=lon, lat=lat, mode="lines", line=dict(color="#5b6673", width=1.5), hoverinfo="skip", showlegend=False
        )
    )
    named = by_nbh.rename(columns={"neighbourhood": "name", "white_zone_schools": "value"})
    neighbourhood_names(fig, geojson, named, named)
    base_layout(fig, None, height=height)
    fig.update_layout(map=dict(style="white-bg", center=centre, zoom=zoom), margin=dict(l=0, r=0, t=10, b=70))
    # Counts of schools, not of people: the small-cell rule does not apply (tests/support/adversary.py reads this).
    fig.update_layout(meta={"not_people": ["z", "customdata"]})
    return fig


def directory_map(rows: pd.DataFrame, geojson: dict | None, centre: dict, zoom: float, height: int = 440) -> go.Figure:
    """The providers of the directory as points over the neighbourhoods' outlines."""
    fig = go.Figure()
    if geojson is not None:
        lon, lat = outlines(geojson, {f["properties"].get("code") for f in geojson["features"]})
        fig.add_trace(
            go.Scattermap(
                lon=lon, lat=lat, mode="lines", line=dict(color="#8c96a0", width=1), hoverinfo="skip", showlegend=False
            )
        )
    for kind, sites in rows.groupby("type", sort=True) if not rows.empty else []:
        fig.add_trace(
            go.Scattermap(
                lat=sites["latitude"],
                lon=sites["longitude"],
                mode="markers",
                marker=dict(size=14, color=PROVIDER_COLOURS.get(kind, PALETTE[7])),
                customdata=sites[["provider", "address", "grades", "schedule"]].fillna("–"),
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<br>%{customdata[3]}"
                "<extra></extra>",
                name=PROVIDER_LABELS.get(kind, "Porteur"),
            )
        )
    base_layout(fig, None, height=height)
    fig.update_layout(
        map=dict(style="white-bg", center=centre, zoom=zoom),
        margin=dict(l=0, r=0, t=30, b=10),
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=0),
    )
    return fig
