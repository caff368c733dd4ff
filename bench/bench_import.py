"""Import throughput: our importer end to end, side by side with a plain pandas.read_excel(engine="openpyxl")
and a bare python_calamine read of the same file, in the same run; then the peak memory of an import of a
290,000-row × 18-column workbook.

Each measurement runs in its own process so its peak memory (max RSS, which sees calamine's Rust
allocations that tracemalloc would miss) is its own.
    python bench/bench_import.py [--rows 200000] [--wide-rows 290000]
Targets (issue 10): ≥ 5× openpyxl, ≥ 0.5× bare calamine, < 600 MB peak for the wide file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from tests.support import builders  # noqa: E402 (after the path)

HEADER = ["N°", *builders.HEADER]  # the fixtures' register columns, numbered as many exports do
GRADES = [
    ("CP", 2018),
    ("CE1", 2017),
    ("CE2", 2016),
    ("CM1", 2015),
    ("CM2", 2014),
    ("6e", 2013),
    ("5e", 2012),
    ("4e", 2011),
    ("3e", 2010),
]


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
        ws.append(
            [
                i + 1,
                f"Nom{i:06d}",
                rnd.choice(["Marie", "Yanis", "Awa", "Lucas", "Inès", "Adam"]),
                born,
                rnd.choice("FG"),
                "École élémentaire Jean Jaurès",
                grade,
                "Centre-Ville",
                rnd.choice(["Oui", "Non"]),
                rnd.choice(["ENS", "FAM", "PRE", "TS"]),
                entry - dt.timedelta(days=14),
                "méthodo; confiance",
                "Inscrit",
                entry,
                dt.date(2025, 6, 27),
                "Fin d'année",
                rnd.randrange(20, 60),
                rnd.choice(["Oui", "Non"]),
                rnd.randrange(0, 4),
                rnd.choice(["X", ""]),
            ]
        )
    wb.save(path)


def _col(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def make_wide(path: Path, rows: int) -> None:
    """A 18-column register written straight as xlsx XML (openpyxl takes ~30 min for 290,000 rows here):
    inline strings, dates as Excel serials, as some exports write them."""
    import zipfile
    from xml.sax.saxutils import escape

    header = [h for h in HEADER if h not in ("N°", "Critères d'orientation")]
    rnd = random.Random(11)

    def row_xml(r: int, values: list) -> str:
        cells = []
        for c, v in enumerate(values):
            ref = f"{_col(c)}{r}"
            if isinstance(v, (int, float)):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            elif v:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
        return f'<row r="{r}">{"".join(cells)}</row>'

    epoch = dt.date(1899, 12, 30)
    parts = [row_xml(1, ["Association Bench – CLAS 2024-2025"]), row_xml(2, header)]
    for i in range(rows):
        grade, year = rnd.choice(GRADES)
        born = (dt.date(year, 1, 1) + dt.timedelta(days=rnd.randrange(365)) - epoch).days
        entry = (dt.date(2024, 9, 15) + dt.timedelta(days=rnd.randrange(90)) - epoch).days
        parts.append(
            row_xml(
                i + 3,
                [
                    f"Nom{i:06d}",
                    rnd.choice(["Marie", "Yanis", "Awa", "Lucas", "Inès", "Adam"]),
                    born,
                    rnd.choice("FG"),
                    "École élémentaire Jean Jaurès",
                    grade,
                    "Centre-Ville",
                    rnd.choice(["Oui", "Non"]),
                    rnd.choice(["ENS", "FAM", "PRE", "TS"]),
                    entry - 14,
                    "Inscrit",
                    entry,
                    (dt.date(2025, 6, 27) - epoch).days,
                    "Fin d'année",
                    rnd.randrange(20, 60),
                    rnd.choice(["Oui", "Non"]),
                    rnd.randrange(0, 4),
                    rnd.choice(["X", ""]),
                ],
            )
        )
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    pkg = "http://schemas.openxmlformats.org/package/2006"
    doc = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{pkg}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}/relationships">'
            f'<Relationship Id="rId1" Type="{doc}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} {rel}><sheets>'
            '<sheet name="Registre" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships '
            f'xmlns="{pkg}/relationships"><Relationship Id="rId1" Type="{doc}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>'
            + "".join(parts)
            + "</sheetData></worksheet>",
        )


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(kind: str, path: Path) -> dict:
    """Runs in a child process (see main). CPU seconds are reported too: on a shared, loaded machine they
    compare the work done where wall-clock seconds compare the queue."""
    t0 = time.perf_counter()
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = usage0.ru_utime + usage0.ru_stime
    if kind == "openpyxl":
        import pandas as pd

        df = pd.read_excel(path, engine="openpyxl", header=1)
        rows = len(df)
    elif kind == "calamine":
        import python_calamine

        cells = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        rows = len(cells) - 2  # the title and header rows
    else:
        from clas.ingest import import_file
        from clas.store import db
        from clas.store.reference import load_reference

        with tempfile.TemporaryDirectory() as tmp:
            os.environ["CLAS_SECRETS_DIR"] = tmp
            with db.writing(Path(tmp) / "bench.duckdb") as con:
                load_reference(con, ROOT / "tests" / "fixtures" / "reference")
                t0 = time.perf_counter()  # the reference tables are not the file's import
                usage0 = resource.getrusage(resource.RUSAGE_SELF)
                cpu0 = usage0.ru_utime + usage0.ru_stime
                report = import_file(con, path, provider="Association Bench")
            rows = report.rows_loaded
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "kind": kind,
        "seconds": time.perf_counter() - t0,
        "rows": rows,
        "peak_mb": _peak_mb(),
        "cpu_seconds": usage.ru_utime + usage.ru_stime - cpu0,
    }


def _child(kind: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _median_run(runs: list[dict]) -> dict:
    """A copy of the run whose wall-clock seconds are the median."""
    return dict(sorted(runs, key=lambda x: x["seconds"])[len(runs) // 2])


PAIRS = 3  # bare calamine and our import, alternated: one run of each varies by ±30 % on a shared machine


def run(rows: int, pairs: int = PAIRS) -> list[dict]:
    """openpyxl once (a minute, and 20x away from the others); then bare calamine and our import alternated
    `pairs` times: each kind's median, and our import's ratios to calamine as the medians of each pair's.

    Two clocks: the seconds the user waits (wall) and the CPU seconds the process used. Our import parses a
    large sheet's slices on two threads (calamine lets go of the interpreter's lock while it parses), so the
    wait is shorter than the work; a bare read is one thread, its wait and its work the same."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"register-{rows}.xlsx"
    if not path.exists():
        print(f"writing {path} …", file=sys.stderr)
        make_workbook(path, rows)
    base = _child("openpyxl", path)
    runs = [(_child("calamine", path), _child("clas", path)) for _ in range(pairs)]
    out = [base]
    for i in range(2):  # calamine, then our import
        them = [pair[i] for pair in runs]
        r = _median_run(them)
        r["runs"] = [round(x["seconds"], 1) for x in them]
        r["cpu_runs"] = [round(x["cpu_seconds"], 1) for x in them]
        r["peak_mb"] = max(x["peak_mb"] for x in them)
        out.append(r)
    out[-1]["pair_ratio"] = statistics.median(c["seconds"] / m["seconds"] for c, m in runs)
    out[-1]["pair_ratio_cpu"] = statistics.median(c["cpu_seconds"] / m["cpu_seconds"] for c, m in runs)
    return out


WIDE_RUNS = 3  # the peak varies by ±20 MB from one run to the next (allocation order): the highest is given


def run_wide(rows: int, runs: int = WIDE_RUNS) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"register-wide-{rows}.xlsx"
    if not path.exists():
        print(f"writing {path} …", file=sys.stderr)
        make_wide(path, rows)
    them = [_child("clas", path) for _ in range(runs)]
    r = _median_run(them)
    r["peaks"] = [round(x["peak_mb"]) for x in them]
    r["peak_mb"] = max(r["peaks"])
    return r


def wide_line(w: dict) -> str:
    return (
        f"Wide register ({w['rows']:,} rows × 18 columns, inline strings): our import {w['seconds']:.1f} s "
        f"(median of {len(w['peaks'])}), peak RSS {w['peak_mb']:,.0f} MB at most (runs: "
        f"{', '.join(map(str, w['peaks']))} MB; target < 600 MB)"
    )


LABELS = {
    "openpyxl": "pandas.read_excel(openpyxl), read only",
    "calamine": "python_calamine, bare read",
    "clas": "clas import, end to end",
}


def table(results: list[dict]) -> str:
    base = next(r for r in results if r["kind"] == "openpyxl")
    cal = next(r for r in results if r["kind"] == "calamine")
    lines = [
        "| reader | rows | seconds | CPU seconds | rows/s | peak RSS (MB) | vs openpyxl | vs bare calamine "
        "| vs bare calamine, CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        w, c = r["seconds"], r["cpu_seconds"]
        vs_cal = r.get("pair_ratio", cal["seconds"] / w)
        vs_cal_cpu = r.get("pair_ratio_cpu", cal["cpu_seconds"] / c)
        lines.append(
            f"| {LABELS[r['kind']]} | {r['rows']:,} | {w:.1f} | {c:.1f} | {r['rows'] / w:,.0f} | "
            f"{r['peak_mb']:,.0f} | {base['seconds'] / w:.1f}× | {vs_cal:.2f}× | {vs_cal_cpu:.2f}× |"
        )
    runs = "; ".join(
        f"{LABELS[r['kind']]}: {', '.join(map(str, r['runs']))} s ({', '.join(map(str, r['cpu_runs']))} s CPU)"
        for r in results
        if "runs" in r
    )
    lines.append(
        f"\nBare calamine and our import alternated {len(results[-1].get('runs', [1]))} times ({runs}); each "
        "row gives its median run (wall-clock), and « vs bare calamine » for our import is the median of each "
        "pair's ratio. « seconds » is the wait; « CPU seconds » the work, on every core: our import parses a "
        "large sheet on two threads, a bare read on one."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--wide-rows", type=int, default=290_000)
    ap.add_argument("--child", nargs=2)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(measure(a.child[0], Path(a.child[1]))))
    else:
        print(table(run(a.rows)))
        print("\n" + wide_line(run_wide(a.wide_rows)))
