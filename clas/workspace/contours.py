"""A contour file (GeoJSON) of neighbourhoods, or of communes for a département-level user: read it, find
which property names the neighbourhood, match its features to the reference, and save it where the
coverage map reads it (clas.store.geo.contours_path(): $CLAS_CONTOURS, else data/reference/neighbourhoods.geojson)
with each matched feature's `code` set to the reference neighbourhood code (clas.store.geo.MATCH_KEY).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from clas.domain.textnorm import key
from clas.store.geo import MATCH_KEY, contours_path

MAX_BYTES = 20 * 1024 * 1024
GEOMETRIES = ("Polygon", "MultiPolygon")


class ContourFileError(ValueError):
    """The uploaded file cannot be used; the message is French."""


def parse(data: bytes) -> dict:
    """The FeatureCollection of an uploaded file, with only its polygon features; ContourFileError if unusable."""
    if len(data) > MAX_BYTES:
        raise ContourFileError(
            f"Le fichier pèse {len(data) / 1e6:.0f} Mo, au-delà de la limite de "
            f"{MAX_BYTES // (1024 * 1024)} Mo pour un fichier de contours."
        )
    try:
        fc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ContourFileError("Le fichier n'est pas un texte UTF-8 : ce n'est pas un GeoJSON.")
    except json.JSONDecodeError as exc:
        raise ContourFileError(
            f"Le fichier n'est pas un JSON valide (ligne {exc.lineno}, colonne {exc.colno}) : est-ce bien un GeoJSON ?"
        )
    if not isinstance(fc, dict) or fc.get("type") != "FeatureCollection" or not isinstance(fc.get("features"), list):
        raise ContourFileError("Le fichier n'est pas une collection de contours GeoJSON (« FeatureCollection »).")
    features = [
        f
        for f in fc["features"]
        if isinstance(f, dict)
        and isinstance(f.get("geometry"), dict)
        and f["geometry"].get("type") in GEOMETRIES
        and isinstance(f.get("properties"), dict)
    ]
    if not features:
        raise ContourFileError(
            "Aucun polygone dans ce fichier : il faut des contours (Polygon ou MultiPolygon) "
            "avec leurs propriétés (code ou nom du quartier)."
        )
    skipped = len(fc["features"]) - len(features)
    return {"type": "FeatureCollection", "features": features, "skipped": skipped}


def properties(fc: dict) -> list[str]:
    """Property names carried by most features, most common first (the candidates for the code or name)."""
    counts: dict[str, int] = {}
    for f in fc["features"]:
        for k, v in f["properties"].items():
            if v is not None and not isinstance(v, (dict, list)):
                counts[k] = counts.get(k, 0) + 1
    n = len(fc["features"])
    return [k for k, c in sorted(counts.items(), key=lambda kv: -kv[1]) if c >= n / 2]


@dataclass
class Match:
    prop: str
    codes: list[str | None]  # per feature: reference code, or None
    values: list[str]  # per feature: the property's value as text
    unmatched: list[str] = field(default_factory=list)  # values of contours that match no neighbourhood
    missing: list[tuple[str, str]] = field(default_factory=list)  # (code, name) with no contour
    duplicates: list[str] = field(default_factory=list)  # neighbourhoods matched by several contours

    @property
    def matched(self) -> int:
        return sum(1 for c in self.codes if c is not None)


def match(fc: dict, prop: str, neighbourhoods: pd.DataFrame) -> Match:
    """Match each feature's `prop` to a reference neighbourhood by code or by name (case, accents and
    punctuation ignored). neighbourhoods: code, name."""
    index: dict[str, str] = {}
    for code, name in zip(neighbourhoods["code"], neighbourhoods["name"]):
        index.setdefault(key(code), code)
        index.setdefault(key(name), code)
    codes, values = [], []
    for f in fc["features"]:
        v = f["properties"].get(prop)
        text = "" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
        values.append(text)
        codes.append(index.get(key(text)) if text else None)
    found: dict[str, int] = {}
    for c in codes:
        if c is not None:
            found[c] = found.get(c, 0) + 1
    return Match(
        prop,
        codes,
        values,
        unmatched=sorted({v or "(vide)" for v, c in zip(values, codes) if c is None}, key=key),
        missing=[(c, n) for c, n in zip(neighbourhoods["code"], neighbourhoods["name"]) if c not in found],
        duplicates=sorted(c for c, k in found.items() if k > 1),
    )


def best_property(fc: dict, neighbourhoods: pd.DataFrame) -> str | None:
    """The property whose values match the most neighbourhoods (ties: the first, most common property)."""
    props = properties(fc)
    if not props:
        return None
    return max(props, key=lambda p: (match(fc, p, neighbourhoods).matched, -props.index(p)))


def unmatched_table(fc: dict, m: Match, extra: int = 2) -> pd.DataFrame:
    """The contours that match no neighbourhood, one row each: the chosen property's value and up to
    `extra` other properties, so that a code can be recognised by its name (and the reverse)."""
    others = [p for p in properties(fc) if p != m.prop][:extra]
    rows = [
        [value or "(vide)"] + [f["properties"].get(p) for p in others]
        for f, value, code in zip(fc["features"], m.values, m.codes)
        if code is None
    ]
    df = pd.DataFrame(rows, columns=[m.prop] + others, dtype=object)
    return df.sort_values(m.prop, key=lambda s: s.map(key)).reset_index(drop=True)


def for_map(fc: dict, m: Match, names: dict[str, str]) -> tuple[dict, pd.DataFrame]:
    """A GeoJSON whose features carry an index id, and one row per feature (id, label, status) to colour
    the preview: matched contours by their neighbourhood, the others as « sans quartier »."""
    features, rows = [], []
    for i, (f, code, value) in enumerate(zip(fc["features"], m.codes, m.values)):
        features.append({"type": "Feature", "id": str(i), "properties": {}, "geometry": f["geometry"]})
        rows.append(
            {
                "id": str(i),
                "value": value or "(vide)",
                "neighbourhood": names.get(code, "") if code else "",
                "status": "Rapproché d'un quartier" if code else "Sans quartier correspondant",
            }
        )
    return {"type": "FeatureCollection", "features": features}, pd.DataFrame(rows)


def normalised(fc: dict, m: Match, names: dict[str, str]) -> dict:
    """The matched features only, each with `code` and `name` of its reference neighbourhood (what the
    coverage map reads); the other properties are kept, the original value under `source_<prop>`."""
    features = []
    for f, code, value in zip(fc["features"], m.codes, m.values):
        if code is None:
            continue
        props = {k: v for k, v in f["properties"].items() if k not in (MATCH_KEY, "name")}
        props.update({MATCH_KEY: code, "name": names.get(code, code), f"source_{m.prop}": value})
        features.append({"type": "Feature", "properties": props, "geometry": f["geometry"]})
    return {"type": "FeatureCollection", "features": features}


def save(fc: dict, target: str | os.PathLike | None = None) -> Path:
    """Write the contours atomically (a reader never sees half a file); returns the path written."""
    path = contours_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path
