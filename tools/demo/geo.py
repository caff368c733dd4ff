"""Quartier contours for the demo: the real commune contour of Argenteuil cut into 6 Voronoi cells.

Pure Python on purpose (no shapely to install for a one-off generator). A Voronoi cell is the
intersection of the half-planes "closer to my centre than to that one", so each quartier is the commune
polygon clipped (Sutherland–Hodgman) by 5 half-planes. Distances are taken in a local plane where a
degree of longitude is shrunk by cos(latitude), otherwise the cuts would lean east-west.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

COMMUNE_CODE = "95018"
SHARED_COMMUNES = Path(__file__).resolve().parents[3] / "shared" / "geo" / "communes-95-val-d-oise.geojson"

# Copy of the 95018 ring of the shared file, used when that file is absent (a deployment that only has
# the repository). tests/store/test_demo_population.py checks the two agree whenever the shared file is there.
FALLBACK_CONTOUR = [
    (2.292277, 48.951389),
    (2.290969, 48.950966),
    (2.281699, 48.949752),
    (2.268729, 48.946575),
    (2.260831, 48.943439),
    (2.247591, 48.936732),
    (2.23114, 48.927733),
    (2.221185, 48.934715),
    (2.206095, 48.940655),
    (2.205861, 48.949738),
    (2.204055, 48.957106),
    (2.209784, 48.963456),
    (2.219911, 48.969767),
    (2.225733, 48.971025),
    (2.248891, 48.964773),
    (2.262223, 48.96246),
    (2.274622, 48.96414),
    (2.288458, 48.958976),
    (2.292277, 48.951389),
]

Point = tuple[float, float]


def commune_contour(path: Path | None = None) -> list[Point]:
    """Outer ring (lon, lat) of the commune, closed, from the shared Val-d'Oise file when present."""
    path = path or SHARED_COMMUNES
    if not path.exists():
        return list(FALLBACK_CONTOUR)
    data = json.loads(path.read_text(encoding="utf-8"))
    for feat in data["features"]:
        if str(feat["properties"].get("code")) == COMMUNE_CODE:
            geom = feat["geometry"]
            ring = (
                geom["coordinates"][0]
                if geom["type"] == "Polygon"
                else max((poly[0] for poly in geom["coordinates"]), key=lambda r: abs(signed_area(r)))
            )
            return [(float(x), float(y)) for x, y in ring]
    raise ValueError(f"commune {COMMUNE_CODE} absente de {path}")


def signed_area(ring) -> float:
    """Shoelace area in squared degrees; positive when the ring turns counter-clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])) / 2


def planar_area_km2(ring) -> float:
    """Area in km² in the local plane (good to a fraction of a percent at a city's scale)."""
    lat0 = math.radians(sum(y for _, y in ring) / len(ring))
    kx, ky = 111.320 * math.cos(lat0), 110.574
    return abs(signed_area([(x * kx, y * ky) for x, y in ring]))


def point_in_ring(pt: Point, ring) -> bool:
    """Even-odd ray casting; the ring may be closed or not."""
    x, y = pt
    inside = False
    n = len(ring)
    for i in range(n):
        (x1, y1), (x2, y2) = ring[i], ring[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _clip(poly: list[Point], a: float, b: float, c: float) -> list[Point]:
    """Sutherland–Hodgman against the half-plane a*x + b*y <= c (open ring in, open ring out)."""
    out: list[Point] = []
    n = len(poly)
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        fp, fq = a * p[0] + b * p[1] - c, a * q[0] + b * q[1] - c
        if fp <= 0:
            out.append(p)
        if (fp < 0 < fq) or (fq < 0 < fp):
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def voronoi_cells(contour: list[Point], centres: dict[str, Point]) -> dict[str, list[Point]]:
    """code -> closed counter-clockwise ring (lon, lat) of the part of `contour` nearest that centre."""
    ring = contour[:-1] if contour[0] == contour[-1] else list(contour)
    if signed_area(ring) < 0:
        ring.reverse()
    k = math.cos(math.radians(sum(y for _, y in ring) / len(ring)))
    to_plane = lambda p: (p[0] * k, p[1])  # noqa: E731 - a one-line projection reads best inline
    plane = [to_plane(p) for p in ring]
    cells = {}
    for code, centre in centres.items():
        cx, cy = to_plane(centre)
        cell = plane
        for other, oc in centres.items():
            if other == code:
                continue
            ox, oy = to_plane(oc)
            # |p - c|² <= |p - o|²  <=>  2(o - c)·p <= |o|² - |c|²
            cell = _clip(cell, 2 * (ox - cx), 2 * (oy - cy), ox * ox + oy * oy - cx * cx - cy * cy)
        pts = _dedupe([(round(x / k, 6), round(y, 6)) for x, y in cell])
        if signed_area(pts) < 0:
            pts.reverse()
        cells[code] = pts + [pts[0]]
    return cells


def _dedupe(pts: list[Point]) -> list[Point]:
    """Drop consecutive repeats that rounding can create (a ring must not have zero-length edges)."""
    out: list[Point] = []
    for p in pts:
        if not out or p != out[-1]:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def interior_point(ring, near: Point, rng) -> Point:
    """A point inside `ring` near `near` (a provider's premises), jittered and checked."""
    for _ in range(1000):
        p = (round(near[0] + rng.uniform(-0.006, 0.006), 6), round(near[1] + rng.uniform(-0.004, 0.004), 6))
        if point_in_ring(p, ring) and _margin(p, ring) > 0.0008:
            return p
    raise ValueError("aucun point intérieur trouvé")


def _margin(p: Point, ring) -> float:
    """Distance (degrees) from p to the nearest edge, so a point is not drawn on a boundary."""
    best = math.inf
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((p[0] - x1) * dx + (p[1] - y1) * dy) / (dx * dx + dy * dy or 1)))
        best = min(best, math.hypot(p[0] - x1 - t * dx, p[1] - y1 - t * dy))
    return best


def feature_collection(cells: dict[str, list[Point]], names: dict[str, str]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": code, "name": names[code]},
                "geometry": {"type": "Polygon", "coordinates": [[[x, y] for x, y in ring]]},
            }
            for code, ring in cells.items()
        ],
    }
