"""Each dashboard page against the floor, in a real browser: time from navigation to the first and to the
last drawn chart, for a page of the dashboard and for a bare Streamlit page with one Plotly chart
(bench/floor_app.py), loaded alternately in one run so that both see the same load on the machine.

    python bench/bench_browser.py [--n 5] [--db demo|100x] [--mode load|click]

mode load: a full load of the page's address (a new browser session each time: the sign-in cookie is read,
the page runs from the top); mode click: the page is opened from the sidebar menu of an open session (the
dashboard) and from a two-page floor app's menu. The first round warms both servers and is not counted.

Besides the times, each visit records what the browser received (websocket messages: script runs, bytes,
Plotly figure JSON) and what the server did (bench/profile_server.py: per script run, the gate, the demo
check, queries that reached DuckDB, charts); the profile table sums them per page.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from browser_visit import (  # noqa: E402 (after the path)
    BENCH_USER,
    PROBE,
    Wire,
    free_port,
    peak_rss_mb,
    settle,
    sign_in,
    start_server,
    visit_page,
    with_server,
)

# (url path, title): the pages that draw charts. The default page's address is "/": Streamlit answers
# "/indicateurs" with a "Page not found" dialog and runs the default page (the runs of 30/11 in results.md
# opened it that way, before and after alike).
PAGES = [
    ("", "Indicateurs clés"),
    ("orientations", "Orientations"),
    ("couverture", "Couverture par quartier"),
    ("parents", "Engagement des parents"),
    ("explorer", "Explorer"),
    ("qualite", "Qualité des données"),
]
BENCH_PASSWORD = "bench-mot-de-passe-1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def run(n: int = 5, db: str = "demo", mode: str = "load", before: Path | None = None) -> dict:
    """before: the root of another checkout of the app (e.g. `git archive` of an earlier commit), measured in
    the same run, against the same floor, on the same database: a before/after comparison that the load
    of the machine cannot bias."""
    import bench_pages
    from playwright.sync_api import sync_playwright

    from clas.auth import accounts

    db_path = bench_pages.demo_db() if db == "demo" else bench_pages.scaled_db()
    tmp = Path(tempfile.mkdtemp(prefix="clas-bench-"))
    os.environ["CLAS_SECRETS_DIR"] = str(tmp)
    accounts.add_user(BENCH_USER, "service", BENCH_PASSWORD)
    env = {k: v for k, v in os.environ.items() if k != "CLAS_BENCH_PSTATS"}
    env.update(CLAS_DB=str(db_path), CLAS_SECRETS_DIR=str(tmp))
    apps = [("page", ROOT)] + ([("before", Path(before).resolve())] if before else [])
    servers, visits = {}, {}
    try:
        for label, root in apps:
            port = free_port()
            servers[label] = (
                start_server(
                    str(root / "app.py"),
                    port,
                    dict(os.environ, **env, CLAS_BENCH_LOG=str(tmp / f"{label}.jsonl")),
                    cwd=root,
                ),
                f"http://127.0.0.1:{port}",
                tmp / f"{label}.jsonl",
            )
        port = free_port()
        floor_script = str(HERE / ("floor_nav.py" if mode == "click" else "floor_app.py"))
        servers["floor"] = (
            start_server(floor_script, port, dict(env, CLAS_BENCH_LOG=str(tmp / "floor.jsonl"))),
            f"http://127.0.0.1:{port}",
            tmp / "floor.jsonl",
        )
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            tabs = {}
            for label in servers:
                # a context (cookie jar) per app: cookies ignore the port, and each app signs in on its own
                ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
                ctx.add_init_script(PROBE)
                tab = ctx.new_page()
                tabs[label] = (tab, Wire(tab))
                if label != "floor":
                    sign_in(tab, servers[label][1], BENCH_PASSWORD)
                elif mode == "click":
                    tab.goto(servers["floor"][1] + "/")
                    settle(tab)
            floor_page = ["Plancher B"]

            def visit(label: str, url: str, title: str) -> dict:
                tab, wire = tabs[label]
                _proc, base, log = servers[label]
                tab.bring_to_front()
                since = time.time()
                if label == "floor":
                    target = base + "/" if mode == "load" else floor_page[0]
                    floor_page[0] = "Plancher A" if floor_page[0] == "Plancher B" else "Plancher B"
                else:
                    target = f"{base}/{url}" if mode == "load" else title
                return with_server(visit_page(tab, wire, mode, target), log, since)

            for rnd in range(n + 1):  # round 0 warms the servers' caches: not counted
                for url, title in PAGES:
                    for label, _root in apps:
                        # each page, then the floor: the same load on the machine for both, a second apart
                        v, fv = visit(label, url, title), visit("floor", url, title)
                        if rnd > 0:
                            visits.setdefault(f"{label}|{title}", []).append(v)
                            visits.setdefault(f"floor:{label}|{title}", []).append(fv)
            browser.close()
        rss = {label: peak_rss_mb(proc.pid) for label, (proc, _b, _l) in servers.items()}
    finally:
        for proc, _b, _l in servers.values():
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return {"db": db, "mode": mode, "n": n, "visits": visits, "peak_mb": rss, "apps": [a for a, _ in apps]}


def _med(vs: list[dict], key: str) -> float:
    values = [v[key] for v in vs if key in v and v[key] == v[key]]  # a failed visit's NaN left out
    return statistics.median(values) if values else float("nan")


def _pair_ratio(pv: list[dict], fv: list[dict], key: str) -> float:
    """Median of each visit's ratio to the floor visit right after it: steadier than a ratio of medians when
    the machine's load drifts during the run."""
    ratios = [p[key] / f[key] for p, f in zip(pv, fv) if p[key] == p[key] and f[key] == f[key]]
    return statistics.median(ratios) if ratios else float("nan")


def table(result: dict) -> str:
    apps = result.get("apps", ["page"])
    lines = [
        "| page | version | first chart (s) | floor (s) | ratio | last chart (s) | floor (s) | ratio | charts "
        "(visible) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    worst = 0.0
    for _url, title in PAGES:
        for a in apps:
            pv, fv = result["visits"].get(f"{a}|{title}"), result["visits"].get(f"floor:{a}|{title}")
            if not pv or not fv:
                continue
            r1, r2 = _pair_ratio(pv, fv, "first_s"), _pair_ratio(pv, fv, "last_s")
            if a == "page" and r1 == r1 and r2 == r2:
                worst = max(worst, r1, r2)
            failed = sum(1 for v in pv + fv if v.get("failed"))
            lines.append(
                f"| {title}{f' ({failed} failed visits)' if failed else ''} | "
                f"{'this one' if a == 'page' else 'before'} | {_med(pv, 'first_s'):.2f} | "
                f"{_med(fv, 'first_s'):.2f} | {r1:.2f}× | {_med(pv, 'last_s'):.2f} | "
                f"{_med(fv, 'last_s'):.2f} | {r2:.2f}× | {pv[-1]['charts']} ({pv[-1]['visible']}) |"
            )
    rss = ", ".join(f"{k} {v:,.0f} MB" for k, v in result["peak_mb"].items())
    intro = (
        f"Medians of {result['n']} visits each, {result['mode']} mode, database: {result['db']}; each page "
        f"visit is followed by a visit of the floor, in one run; ratio = median of each page visit's time "
        f"over the floor visit's right after it (the machine is shared and its load drifts: only the ratios "
        f"compare). Worst ratio of this version {worst:.2f}× (aim ≤ 1.3×). Peak RSS of the servers: {rss}."
    )
    return intro + "\n\n" + "\n".join(lines)


def profile(result: dict, app: str = "page") -> str:
    """Per page, medians over the visits: script runs, what the server spent them on, what was sent."""
    lines = [
        "| page | script runs | rerun triggers | run starts (s) | run ends (s) | first chart (s) | "
        "server run (ms) | of it CPU (ms) | gate (ms) | demo check (ms) | "
        "page body (ms) | ui.query (ms, calls) | DuckDB misses | charts (ms) | sent (KB) | figure JSON (KB) |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [(title, result["visits"].get(f"{app}|{title}")) for _url, title in PAGES]
    rows.append(("floor (all visits)", [v for _u, t in PAGES for v in result["visits"].get(f"floor:{app}|{t}", [])]))
    for title, pv in rows:
        if not pv:
            continue

        def srv(key: str, vs=pv) -> float:
            return statistics.median(sum(r.get(key, 0) for r in v.get("server", [])) for v in vs)

        misses = statistics.median(sum(len(r.get("sql", [])) for r in v.get("server", [])) for v in pv)
        triggers = sorted({t for v in pv for t in v["triggers"]})
        starts = [v for v in pv if "run_start_s" in v] or [{"run_start_s": float("nan"), "run_end_s": float("nan")}]
        lines.append(
            f"| {title} | {_med(pv, 'reruns'):.0f} | {' / '.join(triggers)} | "
            f"{_med(starts, 'run_start_s'):.2f} | {_med(starts, 'run_end_s'):.2f} | {_med(pv, 'first_s'):.2f} | "
            f"{srv('total_ms'):.0f} | {srv('cpu_ms'):.0f} | "
            f"{srv('gate_ms'):.0f} | {srv('demo_check_ms'):.0f} | {srv('page_ms'):.0f} | "
            f"{srv('ui_query_ms'):.0f} ({srv('ui_query_ms_n'):.0f}) | {misses:.0f} | {srv('chart_ms'):.0f} | "
            f"{_med(pv, 'kb'):.0f} | {_med(pv, 'plotly_kb'):.0f} |"
        )
    return "\n".join(lines)


def report(
    n: int = 5, db: str = "demo", mode: str = "load", before: Path | None = None, result: dict | None = None
) -> str:
    result = result or run(n, db, mode, before)
    out = (
        f"## Pages against the floor (browser, {result['db']} database, {result['mode']})\n\n"
        + table(result)
        + "\n\nWhere the time goes (medians per visit; server figures from bench/profile_server.py):\n\n"
        + profile(result)
    )
    if "before" in result.get("apps", []):
        out += "\n\nThe same, before (the compared checkout):\n\n" + profile(result, "before")
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5)
    ap.add_argument("--db", choices=["demo", "100x"], default="demo")
    ap.add_argument("--mode", choices=["load", "click"], default="load")
    ap.add_argument("--before", help="root of another checkout of the app, measured alongside")
    ap.add_argument("--json", help="also write the raw visits there")
    a = ap.parse_args()
    res = run(a.n, a.db, a.mode, a.before)
    if a.json:
        Path(a.json).write_text(json.dumps(res, indent=1))
    print(report(result=res))
