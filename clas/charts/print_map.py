"""Maps for print: the same figure drawn on plotly's own geo projection instead of the map engine.

On screen, maps are MapLibre traces (`choroplethmap`, `scattermap` on a white background: no tiles). To an
image they cost 5 s each (the engine waits for glyphs it cannot fetch), and their SVG holds a bitmap. The geo
traces take the same data (geojson, locations, z, colour scale, lines, points, text) and draw vectors in
half a second. The view is fitted to what is drawn, so the zoom and centre of the screen map are not needed.
"""

from __future__ import annotations

import plotly.graph_objects as go

_TRACES = {"choroplethmap": go.Choropleth, "scattermap": go.Scattergeo}
_MAP_ONLY = ("below", "cluster", "subplot")  # properties of a map trace that a geo trace does not have


def for_print(fig: go.Figure) -> go.Figure:
    """fig itself when it has no map trace, else a copy with geo traces in place of map ones."""
    if not any(t.type in _TRACES for t in fig.data):
        return fig
    out = go.Figure()
    for trace in fig.data:
        spec = trace.to_plotly_json()
        kind = spec.pop("type")
        if kind in _TRACES:
            for key in _MAP_ONLY:
                spec.pop(key, None)
            out.add_trace(_TRACES[kind](**spec))
        else:
            out.add_trace(trace)
    layout = fig.layout.to_plotly_json()
    layout.pop("map", None)
    out.update_layout(layout)
    out.update_geos(fitbounds="locations", visible=False, projection_type="mercator", bgcolor="rgba(0,0,0,0)")
    return out
