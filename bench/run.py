"""All benchmarks: prints each table and writes bench/results.md.  python bench/run.py [--quick]"""
from __future__ import annotations

import argparse
import datetime as dt
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
    a = ap.parse_args()
    rows = 20_000 if a.quick else 200_000
    sections = [f"# Benchmarks\n\n{dt.date.today():%d/%m/%Y}, Python {platform.python_version()}, "
                f"{platform.machine()}.\n"]
    sections.append(f"## Import of a {rows:,}-row register (20 columns, xlsx)\n\n" + bench_import.table(bench_import.run(rows)))
    try:
        import bench_pages  # written with the analytics pages
        sections.append(bench_pages.report())
    except ImportError:
        pass
    import bench_report  # noqa: E402  (the annual report, on the demo data)
    sections.append(bench_report.report())
    text = "\n\n".join(sections) + "\n"
    print(text)
    (HERE / "results.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
