"""The pages' maps on a phone: the whole city fits a 420 px screen, and every neighbourhood is named."""

from __future__ import annotations

import math

import pandas as pd

from clas.charts.network import white_zones_map
from clas.store import geo

CITY = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"code": code, "nom": name},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }
        for code, name, ring in [
            ("O", "Ouest", [[2.20, 48.90], [2.25, 48.90], [2.25, 48.95], [2.20, 48.90]]),
            ("E", "Est", [[2.25, 48.90], [2.32, 48.90], [2.32, 48.96], [2.25, 48.90]]),
        ]
    ],
}


def test_the_screen_view_fits_the_city_in_a_phone_width():
    centre, zoom = geo.screen_view(CITY)
    west, south, east, north = geo.bounds(CITY)
    width_px = (east - west) / 360 * 512 * 2**zoom  # Web Mercator, 512 px tiles
    assert width_px <= 380
    assert west < centre["lon"] < east and south < centre["lat"] < north
    assert not math.isnan(zoom)


def test_the_white_zones_map_names_every_neighbourhood():
    by_nbh = pd.DataFrame(
        {"code": ["O", "E"], "neighbourhood": ["Ouest", "Est"], "white_zone_schools": [0, 2], "schools": [3, 4]}
    )
    centre, zoom = geo.screen_view(CITY)
    fig = white_zones_map(by_nbh, CITY, centre, zoom)
    names = [t for tr in fig.data if tr.type == "scattermap" and tr.mode == "text" for t in tr.text]
    assert sorted(names) == ["Est", "Ouest"]
