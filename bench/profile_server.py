"""`streamlit run` with timing probes, for bench/bench_browser.py (never used by the app itself).

    CLAS_BENCH_LOG=/tmp/runs.jsonl python bench/profile_server.py run app.py --server.port 8600

Each script run appends one JSON line: the page it ran, its total time, the time spent in the sign-in gate,
the demo-database check, the sidebar, the page body, the named queries that reached DuckDB (cache misses,
with their time), the calls of clas.web.ui.query (hits included) and the time spent building and sending charts.
"""

from __future__ import annotations

import cProfile
import functools
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.getcwd())  # the app being measured (bench_browser starts it in its root)
LOG = os.environ.get("CLAS_BENCH_LOG")
PSTATS = os.environ.get("CLAS_BENCH_PSTATS")  # a folder: one cProfile file per script run
_local = threading.local()


def _acc() -> dict | None:
    return getattr(_local, "acc", None)


def _timed(owner, name: str, key: str) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            acc = _acc()
            if acc is not None:
                acc[key] = acc.get(key, 0.0) + (time.perf_counter() - t0) * 1000
                acc[key + "_n"] = acc.get(key + "_n", 0) + 1

    setattr(owner, name, wrapper)


def install() -> None:
    from streamlit.navigation.page import StreamlitPage
    from streamlit.runtime.scriptrunner import script_runner

    try:
        from clas.store import db
        from clas.web import gate, ui
    except ImportError:  # a checkout from before the layered layout (bench --before)
        from clas.store import db  # noqa: I001
        from clas.web import ui
        from clas.web import gate
    try:
        from clas.web import account_bar  # the sidebar left clas/web/gate.py when it was split
    except ImportError:
        account_bar = gate

    original_run = db.run

    def run(con, name, **params):
        t0 = time.perf_counter()
        try:
            return original_run(con, name, **params)
        finally:
            acc = _acc()
            if acc is not None:
                acc.setdefault("sql", []).append([name, round((time.perf_counter() - t0) * 1000, 1)])

    db.run = run
    for owner, name, key in [
        (gate, "require_user", "gate_ms"),
        (ui, "database_is_demo", "demo_check_ms"),
        (account_bar, "sidebar", "sidebar_ms"),
        (ui, "query", "ui_query_ms"),
        (ui, "chart", "chart_ms"),
        (ui, "global_filters", "filters_ms"),
        (StreamlitPage, "run", "page_ms"),
    ]:
        _timed(owner, name, key)
    original_page_run = StreamlitPage.run

    def page_run(self, *a, **k):
        acc = _acc()
        if acc is not None:
            acc["page"] = self.title
        return original_page_run(self, *a, **k)

    StreamlitPage.run = page_run

    original_script = script_runner.ScriptRunner._run_script

    def run_script(self, rerun_data):
        _local.acc = {}
        t0, c0 = time.perf_counter(), time.thread_time()
        prof = cProfile.Profile() if PSTATS else None
        try:
            if prof is not None:
                prof.enable()
            return original_script(self, rerun_data)
        finally:
            if prof is not None:
                prof.disable()
                prof.dump_stats(f"{PSTATS}/run-{time.time():.3f}.prof")
            acc, _local.acc = _local.acc, None
            acc["total_ms"] = round((time.perf_counter() - t0) * 1000, 1)
            acc["cpu_ms"] = round((time.thread_time() - c0) * 1000, 1)
            acc["t"] = time.time()
            with open(LOG, "a", encoding="utf-8") as f:
                f.write(json.dumps(acc) + "\n")

    script_runner.ScriptRunner._run_script = run_script


if __name__ == "__main__":
    if LOG:
        install()
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    sys.exit(cli.main())
