"""Synthetic demo data: reference tables of Argenteuil and the 12 providers' registers over 3 years.

Public API (used by `python -m clas demo`):
    write_reference(out_dir)        neighbourhoods.csv, schools.csv, providers.csv, neighbourhoods.geojson
    write_demo_workbooks(out_dir)   one register per provider and school year; returns the manifest
    regenerate(root)                both, into root/data/reference and root/data/demo, plus
                                    root/data/demo_manifest.json

Deterministic: fixed seeds, no clock. Modules: territory (the places and providers), population and
engagement (who, when, how much), errors (deliberate mistakes), render + layouts_* (how each provider
writes its file), geo + reference (the tables and contours).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from tools.demo import errors
from tools.demo.engagement import parent_actions
from tools.demo.files import EXTENSIONS, file_name
from tools.demo.layouts_other import write_d, write_e, write_f
from tools.demo.layouts_xlsx import write_a, write_b, write_c
from tools.demo.network import write_network_reference, write_network_workbooks
from tools.demo.population import Record, draw_population
from tools.demo.reference import write_reference
from tools.demo.territory import PRIORITY, PROVIDERS, SCHOOL_YEARS

__all__ = ["write_reference", "write_demo_workbooks", "regenerate", "summarise"]

WRITERS = {"a": write_a, "b": write_b, "c": write_c, "d": write_d, "e": write_e, "f": write_f}


def write_demo_workbooks(out_dir: Path) -> dict:
    """Write out_dir/<school year>/<provider> - CLAS <school year>.<ext>; return the manifest:
    files (path, provider, year, layout, rows), layouts by provider, injected errors (with file, sheet
    and row), and the true per provider-year figures the files were drawn from."""
    out_dir = Path(out_dir)
    records = draw_population()
    truth = summarise(records)  # before the mistakes: what the data should say
    injected = errors.inject(records)
    files, where = [], {}
    for year in SCHOOL_YEARS:
        written = set()
        for p in PROVIDERS:
            recs = [x for x in records[year] if x.provider == p.name]
            rng = random.Random(f"clas-demo/render/{year}/{p.name}")
            clean = [x for x in recs if x.copy_of is None]
            actions = parent_actions(p, clean, rng) if p.actions_sheet else []
            path = out_dir / year / file_name(p.name, year, p.layout)
            positions = WRITERS[p.layout](path, p.name, year, recs, actions, rng)
            rel = path.relative_to(out_dir).as_posix()
            written.add(path.name)
            files.append(
                {
                    "path": rel,
                    "provider": p.name,
                    "school_year": year,
                    "layout": p.layout,
                    "rows": len(recs),
                    "parent_actions": len(actions),
                }
            )
            where.update({rid: {"file": rel, "sheet": s, "row": n} for rid, (s, n) in positions.items()})
        _remove_stale(out_dir / year, written)
    for e in injected:
        e.update(where[e["rid"]])
        if e["kind"] == "duplicate_row":
            e["duplicate_at_row"] = where[e["rid"] + "-bis"]["row"]
    return {
        "school_years": SCHOOL_YEARS,
        "files": files,
        "layouts": {p.name: p.layout for p in PROVIDERS},
        "errors": injected,
        "truth": truth,
    }


def _remove_stale(folder: Path, keep: set[str]) -> None:
    """Registers of a provider renamed since the last run would otherwise linger and be imported."""
    for f in folder.iterdir():
        if f.is_file() and f.suffix.lstrip(".") in EXTENSIONS.values() and f.name not in keep:
            f.unlink()


def summarise(records: dict[str, list[Record]]) -> dict:
    """provider -> school year -> the figures the dashboard should find (enrolled, reached, ...)."""
    out: dict = {}
    for year, recs in records.items():
        for p in PROVIDERS:
            mine = [x for x in recs if x.provider == p.name and x.copy_of is None]
            enrolled = [x for x in mine if x.outcome == "inscrit"]
            out.setdefault(p.name, {})[year] = {
                "forms": len(mine),
                "enrolled": len(enrolled),
                "reached": sum(1 for x in enrolled if x.meetings or x.collective),
                "welcome_interview": sum(1 for x in enrolled if x.welcome),
                "priority_area": sum(1 for x in enrolled if x.neighbourhood in PRIORITY),
                "waiting_list": sum(1 for x in mine if x.outcome == "liste_attente"),
            }
    return out


def regenerate(root: Path) -> dict:
    """Reference tables and demo registers of the repository at `root`; returns the manifest."""
    root = Path(root)
    write_reference(root / "data" / "reference")
    write_network_reference(root / "data" / "reference")
    manifest = write_demo_workbooks(root / "data" / "demo")
    manifest["network"] = write_network_workbooks(root / "data" / "demo")
    (root / "data" / "demo_manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return manifest
