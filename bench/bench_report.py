"""The full annual report on the demo data: collect (queries, suppression, figures built), the figures as
PNG and SVG (kaleido), the workbook, the PDF, the files written. Runs in its own process (a first report
pays for Chromium's start; the second shows what the page's next report costs) and gives its peak memory.
    python bench/bench_report.py [--year 2024-2025]
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
TARGET_S = 15.0
READ_S = 5.0  # between opening the report page and clicking « Préparer le rapport »


def demo_db() -> Path:
    """The demo database (python -m clas demo), built once into bench/out."""
    path = OUT / "demo.duckdb"
    if not path.exists():
        from clas.workspace.bootstrap import build_database

        OUT.mkdir(parents=True, exist_ok=True)
        build_database(path)
    return path


def _step(steps: list[tuple[float, str]], prefix: str) -> float:
    return next(t for t, text in steps if text.startswith(prefix))


def measure(db_path: str, year: str, opened_first: bool = False) -> dict:
    import duckdb

    from clas.report import figures, pdf, xlsx
    from clas.report.build import Outputs, generate
    from clas.report.data import collect
    from tests.support.processes import chromium_children

    runs = []
    con = duckdb.connect(db_path, read_only=True)
    if opened_first:
        # As a person uses the page in a new server process: the page shows its preview (collect) and starts
        # Chromium and the PDF's fonts (get_ready); the click comes after READ_S of reading. Timed from the click.
        from clas.report.build import get_ready

        collect(con, year)
        get_ready()
        time.sleep(READ_S)
        labels = (f"page opened {READ_S:.0f} s before the click, first report",)
    else:
        # generate() alone in a new process, then again: Chromium started by the report itself.
        labels = ("page, cold", "page, again")
    for label in labels:
        steps: list[tuple[float, str]] = []
        start = time.perf_counter()
        out = generate(con, year, progress=lambda share, text: steps.append((time.perf_counter() - start, text)))  # noqa: B023 (called within this iteration)
        total = time.perf_counter() - start
        runs.append(
            {
                "run": label,
                # collect ends at the first wait for Chromium (its charts are drawn while it runs)
                "collect": _step(steps, "Graphiques"),
                "figures": _step(steps, "PDF") - _step(steps, "Graphiques"),
                "pdf": _step(steps, "Classeur") - _step(steps, "PDF"),
                "xlsx": total - _step(steps, "Classeur"),
                "write": 0.0,
                "total": total,
                "figures_n": len(out.figures),
                "files": len(out.files()),
                "pdf_kb": len(out.pdf) / 1024,
                "chromium_left": len(chromium_children()),
            }
        )
    for label in () if opened_first else ("first", "second"):
        t = {"run": label}
        start = time.perf_counter()
        report = collect(con, year)
        t["collect"] = time.perf_counter() - start
        mark = time.perf_counter()
        rendered = figures.render_all(report.all_figures())
        t["figures"] = time.perf_counter() - mark
        mark = time.perf_counter()
        book = xlsx.to_bytes(report)
        t["xlsx"] = time.perf_counter() - mark
        mark = time.perf_counter()
        document = pdf.to_bytes(report, rendered)
        t["pdf"] = time.perf_counter() - mark
        mark = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            files = Outputs(report, book, document, rendered).write(Path(tmp))
        t["write"] = time.perf_counter() - mark
        t["total"] = time.perf_counter() - start
        t["figures_n"] = len(rendered)
        t["files"] = len(files)
        t["pdf_kb"] = len(document) / 1024
        runs.append(t)
    con.close()
    return {"year": year, "runs": runs, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run(year: str = "2024-2025") -> dict:
    db = demo_db()
    results = []
    for mode in ("--child", "--child-opened"):
        out = subprocess.run(
            [sys.executable, __file__, mode, str(db), year], capture_output=True, text=True, check=True, cwd=ROOT
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    alone, opened = results
    alone["runs"] = opened["runs"] + alone["runs"]
    alone["peak_mb"] = max(alone["peak_mb"], opened["peak_mb"])
    return alone


def report(result: dict | None = None) -> str:
    r = result or run()
    lines = [
        f"## Annual report, demo data ({r['year']}; aim: under {TARGET_S:.0f} s; peak RSS {r['peak_mb']:,.0f} MB)",
        "",
        "| run | collect (s) | figures PNG+SVG (s) | xlsx (s) | pdf (s) | write (s) | total (s) | figures | PDF (KB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for t in r["runs"]:
        lines.append(
            f"| {t['run']} | {t['collect']:.2f} | {t['figures']:.2f} | {t['xlsx']:.2f} | {t['pdf']:.2f} | "
            f"{t['write']:.2f} | {t['total']:.2f} | {t['figures_n']} | {t['pdf_kb']:,.0f} |"
        )
    lines.append("")
    lines.append(
        "« page » runs: clas.report.generate as the Rapport annuel page calls it (progress by chapter; its collect "
        "column runs until the first wait for Chromium, which draws each chapter's charts as soon as they are "
        "built; its figures column is the wait for the PDF's images after that, and its pdf column the PDF laid "
        "out while Chromium draws the PNGs; "
        "Chromium started for the report and closed after it: "
        + ", ".join(
            f"{t['run']} : {t.get('chromium_left', 0)} Chromium left" for t in r["runs"] if "chromium_left" in t
        )
        + "). "
        "first/second: the steps one by one (each opens and closes its Chromium)."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] in ("--child", "--child-opened"):
        print(json.dumps(measure(sys.argv[2], sys.argv[3], opened_first=sys.argv[1] == "--child-opened")))
    else:
        year = sys.argv[sys.argv.index("--year") + 1] if "--year" in sys.argv else "2024-2025"
        print(report(run(year)))
