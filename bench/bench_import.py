"""Import throughput: our importer end to end vs a plain pandas.read_excel(engine="openpyxl") of the same file.

Each measurement runs in its own process so its peak memory (max RSS, which sees calamine's Rust
allocations that tracemalloc would miss) is its own.
    python bench/bench_import.py [--rows 200000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

HEADER = ["N°", "Nom", "Prénom", "Date de naissance", "Sexe", "École / collège", "Classe", "Quartier",
          "Suivi PRE", "Orienté par", "Date d'orientation", "Critères d'orientation", "Suite donnée",
          "Date d'entrée", "Date de sortie", "Motif de sortie", "Séances suivies", "Entretien d'accueil",
          "Réunions de parents", "Collectif de parents"]
GRADES = [("CP", 2018), ("CE1", 2017), ("CE2", 2016), ("CM1", 2015), ("CM2", 2014), ("6e", 2013), ("5e", 2012),
          ("4e", 2011), ("3e", 2010)]


def make_workbook(path: Path, rows: int) -> None:
    import openpyxl

    rnd = random.Random(7)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Registre")
    ws.append(["Association Bench – CLAS 2024-2025"])
    ws.append(HEADER)
    for i in range(rows):
        grade, year = rnd.choice(GRADES)
        born = dt.date(year, 1, 1) + dt.timedelta(days=rnd.randrange(365))
        entry = dt.date(2024, 9, 15) + dt.timedelta(days=rnd.randrange(90))
        ws.append([i + 1, f"Nom{i:06d}", rnd.choice(["Marie", "Yanis", "Awa", "Lucas", "Inès", "Adam"]), born,
                   rnd.choice("FG"), "École élémentaire Jean Jaurès", grade, "Centre-Ville", rnd.choice(["Oui", "Non"]),
                   rnd.choice(["ENS", "FAM", "PRE", "TS"]), entry - dt.timedelta(days=14), "méthodo; confiance",
                   "Inscrit", entry, dt.date(2025, 6, 27), "Fin d'année", rnd.randrange(20, 60),
                   rnd.choice(["Oui", "Non"]), rnd.randrange(0, 4), rnd.choice(["X", ""])])
    wb.save(path)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(kind: str, path: Path) -> dict:
    """Runs in a child process (see main)."""
    t0 = time.perf_counter()
    if kind == "openpyxl":
        import pandas as pd
        df = pd.read_excel(path, engine="openpyxl", header=1)
        rows = len(df)
    else:
        from clas.store import db
        from clas.ingest import import_file
        from clas.store.reference import load_reference
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["CLAS_SECRETS_DIR"] = tmp
            with db.writing(Path(tmp) / "bench.duckdb") as con:
                load_reference(con, ROOT / "tests" / "fixtures" / "reference")
                t0 = time.perf_counter()   # the reference tables are not the file's import
                report = import_file(con, path, provider="Association Bench")
            rows = report.rows_loaded
    return {"kind": kind, "seconds": time.perf_counter() - t0, "rows": rows, "peak_mb": _peak_mb()}


def run(rows: int) -> list[dict]:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"register-{rows}.xlsx"
    if not path.exists():
        print(f"writing {path} …", file=sys.stderr)
        make_workbook(path, rows)
    results = []
    for kind in ("openpyxl", "clas"):
        out = subprocess.run([sys.executable, __file__, "--child", kind, str(path)], check=True,
                             capture_output=True, text=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return results


def table(results: list[dict]) -> str:
    base = next(r for r in results if r["kind"] == "openpyxl")
    lines = ["| reader | rows | seconds | rows/s | peak RSS (MB) | speed-up |", "|---|---:|---:|---:|---:|---:|"]
    for r in results:
        label = "pandas.read_excel(openpyxl), read only" if r["kind"] == "openpyxl" else "clas import, end to end"
        lines.append(f"| {label} | {r['rows']:,} | {r['seconds']:.1f} | {r['rows'] / r['seconds']:,.0f} | "
                     f"{r['peak_mb']:,.0f} | {base['seconds'] / r['seconds']:.1f}× |")
    return "\n".join(lines)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--child", nargs=2)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(measure(a.child[0], Path(a.child[1]))))
    else:
        print(table(run(a.rows)))
