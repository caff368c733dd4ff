"""All benchmarks: prints each table and writes bench/results.md.  python bench/run.py [--quick]"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import bench_import  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="20 000 lignes au lieu de 200 000")
    ap.add_argument(
        "--only",
        default="browser,pages,import,report",
        help="parties à mesurer, parmi browser,pages,import,report (défaut : toutes)",
    )
    ap.add_argument("--n", type=int, default=3, help="visites de chaque page et du plancher (navigateur)")
    ap.add_argument("--before", help="racine d'une autre version de l'application, mesurée dans le même passage")
    ap.add_argument("--scales", default="demo,100x", help="échelles des requêtes et pages (demo,100x,1000x)")
    a = ap.parse_args()
    only = set(a.only.split(","))
    rows = 20_000 if a.quick else 200_000
    sections = [
        f"# Benchmarks\n\n{dt.date.today():%d/%m/%Y}, Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} cores shared with other work (load average at the start: "
        f"{os.getloadavg()[0]:.1f}).\n"
    ]
    if "browser" in only:
        import bench_browser  # each page against a bare Streamlit page with one chart, in Chromium

        sections.append(bench_browser.report(a.n, "demo", "load", a.before))
        import floor_deep_link  # what a deep link costs Streamlit itself: the floor in a two-page app

        sections.append(
            "## The floor opened by a deep link (browser, load; Streamlit alone)\n\n"
            + floor_deep_link.table(floor_deep_link.run(max(a.n, 5)))
        )
    if "pages" in only:
        import bench_pages  # queries and page runs at demo, 100x (and 1000x) scale

        sections.append(bench_pages.report(scales=tuple(a.scales.split(","))))
    if "import" in only:
        wide = bench_import.run_wide(29_000 if a.quick else 290_000)
        sections.append(
            f"## Import of a {rows:,}-row register (20 columns, xlsx)\n\n"
            + bench_import.table(bench_import.run(rows))
            + "\n\n"
            + bench_import.wide_line(wide)
            + "."
        )
    if "report" in only:
        import bench_report  # the annual report, on the demo data

        sections.append(bench_report.report())
    text = "\n\n".join(sections) + "\n"
    print(text)
    # The tables go between the markers of results.md; the written profile and analysis around them stay.
    path = HERE / "results.md"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start in old and end in old:
        text = old[: old.index(start) + len(start)] + "\n" + text + old[old.index(end) :]
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
