"""The reference tables of the demo territory: neighbourhoods, schools, providers, quartier contours.

CSV in UTF-8 with ',' and '\\n' (written by the csv module, so names with commas or quotes stay whole),
booleans as true/false, coordinates rounded to 6 decimals (~10 cm): stable bytes from run to run.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from tools.demo import geo
from tools.demo.territory import CENTRES, NEIGHBOURHOOD_NAMES, NEIGHBOURHOODS, PROVIDERS, schools


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    def cell(v):
        return ("true" if v else "false") if isinstance(v, bool) else v

    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows([[cell(v) for v in row] for row in rows])


def quartier_cells(contour_path: Path | None = None) -> dict[str, list[tuple[float, float]]]:
    return geo.voronoi_cells(geo.commune_contour(contour_path), CENTRES)


def provider_points(cells) -> dict[str, tuple[float, float]]:
    """A point inside its quartier for each provider, near the quartier's centre, never two alike."""
    rng = random.Random("clas-demo/providers")
    return {
        p.name: geo.interior_point(cells[p.neighbourhood_code], CENTRES[p.neighbourhood_code], rng) for p in PROVIDERS
    }


def write_reference(out_dir: Path, contour_path: Path | None = None) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_csv(
        out_dir / "neighbourhoods.csv",
        ["code", "name", "priority_area", "children_6_10", "children_11_14"],
        [list(n[:5]) for n in NEIGHBOURHOODS],
    )
    _write_csv(
        out_dir / "schools.csv",
        ["uai", "name", "type", "neighbourhood_code", "priority_education"],
        [[s.uai, s.name, s.type, s.neighbourhood_code, s.priority_education] for s in schools()],
    )
    cells = quartier_cells(contour_path)
    points = provider_points(cells)
    _write_csv(
        out_dir / "providers.csv",
        ["name", "type", "neighbourhood_code", "latitude", "longitude"],
        [
            [p.name, p.type, p.neighbourhood_code, f"{points[p.name][1]:.6f}", f"{points[p.name][0]:.6f}"]
            for p in PROVIDERS
        ],
    )
    fc = geo.feature_collection(cells, NEIGHBOURHOOD_NAMES)
    (out_dir / "neighbourhoods.geojson").write_text(
        json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
