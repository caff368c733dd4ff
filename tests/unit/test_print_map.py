"""Maps for print (clas.charts.print_map): the same data on plotly's geo traces, no map engine."""

from __future__ import annotations

import plotly.graph_objects as go

from clas.charts.print_map import for_print

SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"code": "A"},
            "geometry": {"type": "Polygon", "coordinates": [[[2.0, 48.0], [2.1, 48.0], [2.1, 48.1], [2.0, 48.0]]]},
        }
    ],
}


def test_a_map_figure_becomes_geo_traces_with_the_same_data():
    fig = go.Figure(
        [
            go.Choroplethmap(geojson=SQUARE, featureidkey="properties.code", locations=["A"], z=[3.5], below=""),
            go.Scattermap(lon=[2.05], lat=[48.05], mode="text", text=["Quartier A"]),
        ]
    )
    fig.update_layout(map=dict(style="white-bg", zoom=12, center=dict(lat=48.05, lon=2.05)), height=500)
    out = for_print(fig)
    assert [t.type for t in out.data] == ["choropleth", "scattergeo"]
    assert list(out.data[0].locations) == ["A"] and list(out.data[0].z) == [3.5]
    assert list(out.data[1].text) == ["Quartier A"]
    assert out.layout.geo.fitbounds == "locations" and out.layout.geo.visible is False
    assert out.layout.height == 500 and "map" not in out.layout.to_plotly_json()
    # the screen figure is left as it was
    assert fig.data[0].type == "choroplethmap"


def test_a_figure_without_a_map_is_returned_as_it_is():
    fig = go.Figure(go.Bar(x=["a"], y=[1]))
    assert for_print(fig) is fig
