"""Load: 20 sessions served at once by one app process, each opening 3 pages, while a command-line import of
7 files runs and swaps a new database in under them.

Sessions are AppTest instances in threads of this one process (as a Streamlit server serves each browser
session on its own thread, with shared caches and one connection per file version); the import runs in
another process (`python -m clas import`), as a service head's import would while the app serves. Reported:
p50/p95 page time, peak RSS of the app process and of the import, whether every session got its charts.
    python bench/bench_load.py [--sessions 20] [--record]     # --record appends a section to results.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ["pages/indicateurs.py", "pages/couverture.py", "pages/parents.py"]
IMPORTED = 7


def prepare(folder: Path) -> tuple[Path, list[Path]]:
    """A database holding the demo files but seven of the latest year, and those seven to import."""
    from clas.workspace.bootstrap import build_database, demo_files

    files = demo_files()
    latest = sorted(f for f in files if "2024-2025" in f.name)[:IMPORTED]
    path = folder / "clas.duckdb"
    build_database(path, files=[f for f in files if f not in latest], imported_by="bench", demo=False)
    return path, latest


def session(results: list, start: threading.Barrier, sid_user) -> None:
    from streamlit.testing.v1 import AppTest

    from clas.auth import live
    from clas.web.session import SESSION_KEY, SID_KEY

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.session_state[SESSION_KEY] = sid_user.to_dict()
    at.session_state[SID_KEY] = live.start(sid_user.username, 1)
    start.wait()
    for i, page in enumerate(PAGES):
        t0 = time.perf_counter()
        (at.run() if i == 0 else at.switch_page(page).run())  # the first run lands on Indicateurs clés
        took = time.perf_counter() - t0
        charts = len(at.get("plotly_chart"))
        results.append(
            {
                "page": page,
                "s": took,
                "charts": charts,
                "errors": [e.value for e in at.exception] + [e.value for e in at.error],
            }
        )


def _threads_share_one_runtime() -> None:
    """AppTest was written for one test at a time: each run installs a mock Streamlit runtime as the process
    singleton and sets it back to None when it ends, and resets the pages-folder mode. Twenty sessions in
    threads would pull the runtime from under each other ("Runtime hasn't been created!"), an artefact of the
    harness, not of the app. A server has one runtime for all its sessions: so here the singleton, once set,
    stays set, and every run goes through app.py as on a running server (tests/conftest.py does the same)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.runtime import Runtime
    from streamlit.testing.v1 import app_test

    class _Sticky(type):
        def __setattr__(cls, name, value):
            if name == "_instance":
                if value is not None:
                    Runtime._instance = value
                return
            super().__setattr__(name, value)

    class StickyRuntime(Runtime, metaclass=_Sticky):
        pass

    app_test.Runtime = StickyRuntime
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init


def run(n_sessions: int) -> dict:
    _threads_share_one_runtime()
    tmp = Path(tempfile.mkdtemp(prefix="clas-load-"))
    os.environ["CLAS_SECRETS_DIR"] = str(tmp / "secrets")
    db_path, to_import = prepare(tmp)
    os.environ["CLAS_DB"] = str(db_path)
    from clas.auth import accounts, signin

    accounts.add_user("bench", "service", "mot de passe du banc")
    user = signin.find("bench", demo=False)
    results: list[dict] = []
    start = threading.Barrier(n_sessions + 1)
    threads = [threading.Thread(target=session, args=(results, start, user)) for _ in range(n_sessions)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    imp = subprocess.Popen(
        [sys.executable, "-m", "clas", "import", *map(str, to_import), "--db", str(db_path)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=os.environ.copy(),
    )
    done: dict = {}
    waiter = threading.Thread(target=lambda: done.update(err=imp.communicate()[1], s=time.perf_counter() - t0))
    waiter.start()
    for t in threads:
        t.join()
    sessions_s = time.perf_counter() - t0
    waiter.join()
    imp_err, import_s = done["err"], done["s"]
    times = sorted(r["s"] for r in results)
    q = statistics.quantiles(times, n=20, method="inclusive")
    return {
        "sessions": n_sessions,
        "pages": len(results),
        "p50": statistics.median(times),
        "p95": q[18],
        "max": times[-1],
        "all_s": sessions_s,
        "import_s": import_s,
        "import_rc": imp.returncode,
        "import_err": imp_err.decode()[-300:],
        "app_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "import_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "without_charts": sum(1 for r in results if r["charts"] == 0),
        "error_texts": sorted({e[:120] for r in results for e in r["errors"]}),
        "errors": sum(1 for r in results if r["errors"]),
        "per_page": {p: statistics.median([r["s"] for r in results if r["page"] == p]) for p in PAGES},
        "charts": {p: min(r["charts"] for r in results if r["page"] == p) for p in PAGES},
    }


def table(r: dict) -> str:
    lines = [
        f"## Load: {r['sessions']} sessions × 3 pages while a 7-file import runs "
        f"({dt.date.today():%d/%m/%Y}, `python bench/bench_load.py`)",
        "",
        "One app process serving every session (AppTest threads, shared caches); the import in its own "
        "process (`python -m clas import`, 7 files of 2024-2025 into a database holding the other demo "
        "files), swapping a new file in while the sessions read.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| page opens | {r['pages']} |",
        f"| page time p50 (s) | {r['p50']:.2f} |",
        f"| page time p95 (s) | {r['p95']:.2f} |",
        f"| page time max (s) | {r['max']:.2f} |",
        f"| all sessions done (s) | {r['all_s']:.1f} |",
        f"| import of 7 files (s; exit code {r['import_rc']}: 1 = some rows refused, as the demo files "
        f"intend) | {r['import_s']:.1f} |",
        f"| peak RSS, app process (MB) | {r['app_mb']:.0f} |",
        f"| peak RSS, import process (MB) | {r['import_mb']:.0f} |",
        f"| page opens without a chart | {r['without_charts']} |",
        f"| page opens with an error | {r['errors']} |",
        "",
        "| page | median (s) | charts per open (min) |",
        "|---|---:|---:|",
    ]
    lines += [f"| {p} | {r['per_page'][p]:.2f} | {r['charts'][p]} |" for p in PAGES]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--record", action="store_true", help="append the table to bench/results.md")
    a = ap.parse_args()
    r = run(a.sessions)
    text = table(r)
    print(text)
    for e in r["error_texts"]:
        print("erreur affichée :", e, file=sys.stderr)
    if r["import_rc"] not in (0, 1):
        print("import :", r["import_err"], file=sys.stderr)
    if a.record:
        with open(ROOT / "bench" / "results.md", "a", encoding="utf-8") as f:
            f.write("\n" + text)


if __name__ == "__main__":
    main()
