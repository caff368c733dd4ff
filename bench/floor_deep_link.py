"""What a multipage app costs Streamlit by itself on a full load: the bare one-chart page (bench/floor_app.py)
against the same page in a two-page app (bench/floor_nav.py), opened at its default address and by a deep
link to its second page. Nothing of the dashboard runs here: the difference is the framework's.

The dashboard's pages are all reached by a deep link (/orientations, /explorer, …) and bench_browser.py
compares them with the single-page floor at "/": this measures how much of that ratio any non-default page of
any multipage Streamlit app pays.
    python bench/floor_deep_link.py [--n 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import browser_visit as bv  # noqa: E402 (after the path)

CHROMIUM = "/usr/bin/chromium"


def run(n: int = 7) -> dict[str, list[float]]:
    """Seconds from navigation to the first drawn chart, the three kinds of visit alternated n times (the first
    round warms the servers and is not counted)."""
    env = dict(os.environ)
    single, nav = bv.free_port(), bv.free_port()
    servers = [
        bv.start_server(str(HERE / "floor_app.py"), single, env),
        bv.start_server(str(HERE / "floor_nav.py"), nav, env),
    ]
    targets = {
        "single-page floor, /": f"http://127.0.0.1:{single}/",
        "two-page floor, default page /": f"http://127.0.0.1:{nav}/",
        "two-page floor, deep link /plancher_b": f"http://127.0.0.1:{nav}/plancher_b",
    }
    times: dict[str, list[float]] = {k: [] for k in targets}
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            ctx = browser.new_context(viewport={"width": 1280, "height": 800})
            ctx.add_init_script(bv.PROBE)
            page = ctx.new_page()
            wire = bv.Wire(page)
            for rnd in range(n + 1):
                for label, url in targets.items():
                    first = bv.visit_page(page, wire, "load", url)["first_s"]
                    if rnd:
                        times[label].append(first)
            browser.close()
    finally:
        for s in servers:
            s.kill()
    return times


def table(times: dict[str, list[float]]) -> str:
    base = statistics.median(times["single-page floor, /"])
    lines = ["| visit (load) | first chart, median (s) | vs single-page floor | runs (s) |", "|---|---:|---:|---|"]
    for label, ts in times.items():
        m = statistics.median(ts)
        lines.append(f"| {label} | {m:.2f} | {m / base:.2f}× | {', '.join(f'{t:.2f}' for t in ts)} |")
    return "\n".join(lines)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=7)
    print(table(run(ap.parse_args().n)))
