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


PAIRS = 3  # bare calamine and our import, alternated: one run of each varies by ±30 % on a shared machine


def run(rows: int, pairs: int = PAIRS) -> list[dict]:
    """openpyxl once (3 minutes, and 20x away from the others); then bare calamine and our import alternated
    `pairs` times: each kind's median, and our import's ratio to calamine as the median of each pair's."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"register-{rows}.xlsx"
    if not path.exists():
        print(f"writing {path} …", file=sys.stderr)
        make_workbook(path, rows)
    base = _child("openpyxl", path)
    runs = [(_child("calamine", path), _child("clas", path)) for _ in range(pairs)]
    t = "cpu_seconds"
    out = [base]
    for i in range(2):  # calamine, then our import
        them = [pair[i] for pair in runs]
        r = dict(sorted(them, key=lambda x: x[t])[len(them) // 2])  # the median run
        r["runs"] = [round(x[t], 1) for x in them]
        r["peak_mb"] = max(x["peak_mb"] for x in them)
        out.append(r)
    out[-1]["pair_ratio"] = statistics.median(c[t] / m[t] for c, m in runs)
    return out


def run_wide(rows: int) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"register-wide-{rows}.xlsx"
    if not path.exists():
        print(f"writing {path} …", file=sys.stderr)
        make_wide(path, rows)
    return _child("clas", path)


LABELS = {
    "openpyxl": "pandas.read_excel(openpyxl), read only",
    "calamine": "python_calamine, bare read",
    "clas": "clas import, end to end",
}


def table(results: list[dict]) -> str:
    base = next(r for r in results if r["kind"] == "openpyxl")
    cal = next(r for r in results if r["kind"] == "calamine")
    t = "cpu_seconds" if all("cpu_seconds" in r for r in results) else "seconds"
    lines = [
        f"| reader | rows | {'CPU ' if t == 'cpu_seconds' else ''}seconds | rows/s | peak RSS (MB) | vs openpyxl "
        "| vs bare calamine |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        vs_cal = r.get("pair_ratio", cal[t] / r[t])
        lines.append(
            f"| {LABELS[r['kind']]} | {r['rows']:,} | {r[t]:.1f} | {r['rows'] / r[t]:,.0f} | "
            f"{r['peak_mb']:,.0f} | {base[t] / r[t]:.1f}× | {vs_cal:.2f}× |"
        )
    runs = "; ".join(f"{LABELS[r['kind']]}: {', '.join(map(str, r['runs']))} s" for r in results if "runs" in r)
    lines.append(
        f"\nBare calamine and our import alternated {len(results[-1].get('runs', [1]))} times (CPU seconds of "
        f"each run: {runs}); each row gives its median run, and « vs bare calamine » for our import is the "
        "median of each pair's ratio."
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
        w = run_wide(a.wide_rows)
        print(
            f"\nWide register ({w['rows']:,} rows × 18 columns): clas import {w['seconds']:.1f} s, "
            f"peak RSS {w['peak_mb']:,.0f} MB (target < 600 MB)"
        )
