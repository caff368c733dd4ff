"""Neighbourhood contours (GeoJSON) for the coverage map, read from the reference folder.

The file is reference data brought by each deployment (domain.md, « Territory »): a FeatureCollection
whose features carry the neighbourhood code in the property `MATCH_KEY` (the same code as in
neighbourhoods.csv), e.g. data/reference/neighbourhoods.geojson, or communes for a department-level user.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pandas as pd

from clas import config
from clas.store.db import ROOT

DEFAULT_PATH = ROOT / "data" / "reference" / "neighbourhoods.geojson"
MATCH_KEY = "code"


class ContoursError(ValueError):
    """The contour file exists but cannot be used (its message is French, for the page)."""


def contours_path(path: str | os.PathLike | None = None) -> Path:
    """The argument, else $CLAS_CONTOURS, else data/reference/neighbourhoods.geojson."""
    return config.contours_path(path)


def load_contours(path: str | os.PathLike | None = None, match_key: str = MATCH_KEY) -> dict | None:
    """The GeoJSON FeatureCollection, with `match_key` turned to text on every feature; None if absent.

    Raises ContoursError when the file is not a usable FeatureCollection.
    """
    p = contours_path(path)
    if not p.is_file():
        return None
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ContoursError(f"Le fichier des contours {p.name} est illisible ({exc}).") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ContoursError(f"Le fichier des contours {p.name} n'est pas une FeatureCollection GeoJSON.")
    features = []
    for f in data.get("features") or []:
        props = dict(f.get("properties") or {})
        if props.get(match_key) is None or not f.get("geometry"):
            continue
        props[match_key] = str(props[match_key])
        features.append({**f, "properties": props})
    if not features:
        raise ContoursError(f"Aucun contour du fichier {p.name} ne porte la propriété « {match_key} ».")
    return {"type": "FeatureCollection", "features": features}


def rings(geometry: dict) -> list[list]:
    """Outer rings of a Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [poly[0] for poly in geometry["coordinates"]]
    return []


def _ring_centroid(ring: list) -> tuple[float, float, float]:
    """(area, lon, lat) of a ring by the shoelace formula (mean of vertices when degenerate)."""
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(a) < 1e-15:
        return 0.0, sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def centroids(geojson: dict, match_key: str = MATCH_KEY) -> pd.DataFrame:
    """One point per feature (centroid of its largest polygon): code, lon, lat."""
    rows = []
    for f in geojson["features"]:
        outer = [[tuple(p[:2]) for p in r] for r in rings(f["geometry"])]
        if not outer:
            continue
        _, lon, lat = max((_ring_centroid(r) for r in outer), key=lambda t: t[0])
        rows.append({"code": f["properties"][match_key], "lon": lon, "lat": lat})
    return pd.DataFrame(rows, columns=["code", "lon", "lat"])


def bounds(geojson: dict) -> tuple[float, float, float, float]:
    """(west, south, east, north) of every outer ring."""
    xs, ys = [], []
    for f in geojson["features"]:
        for ring in rings(f["geometry"]):
            xs += [p[0] for p in ring]
            ys += [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def view(geojson: dict, width_px: int = 640, height_px: int = 480) -> tuple[dict, float]:
    """Centre and zoom that fit the contours in a map of about that size (Web Mercator, 512 px tiles)."""
    west, south, east, north = bounds(geojson)

    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    dx = max(east - west, 1e-6) / 360
    dy = max(merc(north) - merc(south), 1e-6) / (2 * math.pi)
    zoom = min(math.log2(width_px / 512 / dx), math.log2(height_px / 512 / dy)) - 0.15
    centre_lat = math.degrees(math.atan(math.sinh((merc(north) + merc(south)) / 2)))
    return {"lon": (west + east) / 2, "lat": centre_lat}, round(max(zoom, 0), 2)


def screen_view(geojson: dict) -> tuple[dict, float]:
    """The pages' maps: fitted to a phone's width (420 px, less the page's margins), so that no
    neighbourhood is cut off there; on a wide screen the whole city simply shows with some space around it."""
    return view(geojson, width_px=380, height_px=440)
