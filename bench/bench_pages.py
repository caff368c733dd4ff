"""Page and query speed at demo scale and at 100x demo scale (~70,000 children a year over 10 years).

The 100x database is derived from the demo database in SQL (copies of each year's children with new ids,
spread over ten school years): importing 700,000 rows of spreadsheets would only measure the importer
again. Each scale runs in its own process so that its peak memory is its own.
    python bench/bench_pages.py            # both scales, prints the tables
"""

from __future__ import annotations

import json
import os
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

FACTOR, YEARS = 100, 10
QUERY_RUNS = 20


def demo_db() -> Path:
    from clas.workspace.bootstrap import build_database

    path = OUT / "demo.duckdb"
    if not path.exists():
        build_database(path)
    return path


def scaled_db(factor: int = FACTOR, years: int = YEARS) -> Path:
    import duckdb

    path = OUT / f"scaled-{factor}x.duckdb"
    if path.exists():
        return path
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    tmp.write_bytes(demo_db().read_bytes())
    con = duckdb.connect(str(tmp))
    con.execute("SET enable_progress_bar = false")
    src_years = [r[0] for r in con.execute("SELECT DISTINCT school_year FROM child_year ORDER BY 1").fetchall()]
    last = int(src_years[-1][:4])
    targets = list(range(last - years + 1, last + 1))
    mapping = [(t, int(src_years[i % len(src_years)][:4])) for i, t in enumerate(targets)]
    con.execute("CREATE TEMP TABLE ymap (target INTEGER, source INTEGER)")
    con.executemany("INSERT INTO ymap VALUES (?, ?)", mapping)
    con.execute("CREATE TEMP TABLE k AS SELECT range AS k FROM range($f)", {"f": factor})
    con.execute("""
        CREATE TEMP TABLE src AS
        SELECT e.* FROM enrolments e JOIN imports i ON i.import_id = e.import_id AND i.status = 'loaded'""")
    con.execute("CREATE TEMP TABLE src_crit AS SELECT c.* FROM orientation_criteria c JOIN src USING (enrolment_id)")
    con.execute("CREATE TEMP TABLE src_act AS SELECT a.* FROM current_parent_actions a")
    con.execute("CREATE TEMP TABLE src_imp AS SELECT * FROM imports WHERE status = 'loaded'")
    con.execute("CREATE TEMP TABLE children_orig AS SELECT * FROM children")
    for statement in (
        "DELETE FROM enrolments",
        "DELETE FROM orientation_criteria",
        "DELETE FROM parent_actions",
        "DELETE FROM imports",
        "DELETE FROM import_issues",
        "DELETE FROM children",
    ):
        con.execute(statement)
    con.execute(
        """
        INSERT INTO imports (import_id, file_name, sha256, provider_id, school_year, imported_by, rows_read,
                             rows_loaded, rows_rejected, warnings, parent_actions, status)
        SELECT row_number() OVER (), file_name, sha256, provider_id, y.target || '-' || (y.target + 1), 'bench',
               rows_read * $f, rows_loaded * $f, 0, 0, parent_actions * $f, 'loaded'
        FROM src_imp i JOIN ymap y ON y.source = left(i.school_year, 4)::INTEGER""",
        {"f": factor},
    )
    con.execute("""
        CREATE TEMP TABLE plan AS
        SELECT s.*, y.target, y.target - y.source AS shift, k.k,
               row_number() OVER () AS new_id
        FROM src s JOIN ymap y ON y.source = left(s.school_year, 4)::INTEGER CROSS JOIN k""")
    con.execute("""
        INSERT INTO enrolments
        SELECT p.new_id, i.import_id, p.child_id || '-' || p.k, p.provider_id, p.target || '-' || (p.target + 1),
               p.school_id, p.school_label, p.grade, p.neighbourhood_code, p.pre, p.source,
               p.orientation_date + to_years(p.shift), p.outcome, p.entry_date + to_years(p.shift),
               p.exit_date + to_years(p.shift), p.exit_reason, p.sessions_attended, p.welcome_interview,
               p.parent_meetings, p.parent_collective, p.sheet, p.source_row
        FROM plan p JOIN imports i ON i.provider_id = p.provider_id
                                   AND i.school_year = p.target || '-' || (p.target + 1)""")
    con.execute("""INSERT INTO orientation_criteria
                   SELECT p.new_id, c.criterion FROM plan p JOIN src_crit c USING (enrolment_id)""")
    con.execute("""INSERT INTO children
                   SELECT DISTINCT p.child_id || '-' || p.k, c.sex, c.birth_year
                   FROM plan p JOIN children_orig c ON c.child_id = p.child_id""")
    con.execute("""
        INSERT INTO parent_actions (action_id, import_id, provider_id, school_year, action_date, type,
                                    families_present)
        SELECT row_number() OVER (), i.import_id, a.provider_id, i.school_year,
               a.action_date + to_years(y.target - y.source), a.type, a.families_present
        FROM src_act a JOIN ymap y ON y.source = left(a.school_year, 4)::INTEGER
        JOIN imports i ON i.provider_id = a.provider_id AND i.school_year = y.target || '-' || (y.target + 1)
        CROSS JOIN k""")
    con.execute(
        "UPDATE neighbourhoods SET children_6_10 = children_6_10 * $f, children_11_14 = children_11_14 * $f",
        {"f": factor},
    )
    from clas.store.db import refresh_child_year

    refresh_child_year(con)
    con.execute("CHECKPOINT")
    con.close()
    tmp.rename(path)
    return path


def default_params(con) -> dict:
    years = [r[0] for r in con.execute("SELECT DISTINCT school_year FROM child_year ORDER BY 1").fetchall()]
    # the Explorer grouped by provider, as the page opens (but over every year, not only the latest)
    base = {"school_year": years[-1], "level": "provider", "import_id": 1, "dim1": "provider"}
    return base  # every other parameter (filters) is NULL: "all", the heaviest case


# Other Explorer tables worth watching (name shown, parameters over the defaults): grouping by criterion
# unnests every form's criteria, and without a year to split by every child goes through the DISTINCT.
VARIANTS = [
    ("explorer_table", "explorer_table (criterion, all years)", {"dim1": "criterion"}),
    ("explorer_table", "explorer_table (year x criterion)", {"dim1": "school_year", "dim2": "criterion"}),
    (
        "explorer_table",
        "explorer_table (latest year, provider x grade)",
        {"dim1": "provider", "dim2": "grade", "school_years": "latest"},
    ),
]


def time_queries(db_path: Path) -> list[dict]:
    import duckdb

    from clas.store import db

    con = duckdb.connect(str(db_path), read_only=True)
    base = default_params(con)
    cases = [(sql.stem, sql.stem, {}) for sql in sorted((ROOT / "queries").glob("*.sql"))] + VARIANTS
    rows = []
    for name, shown, extra in cases:
        extra = {k: [base["school_year"]] if v == "latest" else v for k, v in extra.items()}
        params = {p: {**base, **extra}.get(p) for p in db.query_params(name)}
        times, cpu = [], []
        for _ in range(QUERY_RUNS):
            t0, c0 = time.perf_counter(), time.process_time()
            n = len(db.run(con, name, **params))
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        times.sort()
        rows.append(
            {
                "query": shown,
                "rows": n,
                "p50": statistics.median(times),
                "p95": times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))],
                "cpu50": statistics.median(cpu),
            }
        )
    con.close()
    return rows


def bench_user():
    """A service account in $CLAS_SECRETS_DIR (a temporary folder unless set), to open the pages."""
    import secrets

    from clas.auth import accounts, signin

    if signin.find("bench", demo=False) is None:
        accounts.add_user("bench", "service", secrets.token_urlsafe(16))
    return signin.find("bench", demo=False)


def time_pages(db_path: Path) -> list[dict]:
    from streamlit.testing.v1 import AppTest

    from clas.auth import live
    from clas.web.registry import PAGES
    from clas.web.session import SESSION_KEY, SID_KEY

    os.environ["CLAS_DB"] = str(db_path)
    rows = []
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state[SESSION_KEY] = bench_user().to_dict()  # signed in as the service (clas/auth)
    at.session_state[SID_KEY] = live.start("bench", 1)  # with a live session (clas/auth/live.py)
    at.run()
    for path, title, *_, roles in PAGES:
        if not (ROOT / path).exists() or "service" not in roles:  # the porteur's own page is not the service's
            continue
        runs, cpu = [], []
        for _ in range(3):  # first run: empty caches; then what a user sees coming back to the page
            t0, c0 = time.perf_counter(), time.process_time()
            at.switch_page(path).run()
            runs.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        errors = [e.value for e in at.exception]
        rows.append(
            {
                "page": title,
                "cold_s": runs[0],
                "warm_s": min(runs[1:]),
                "cold_cpu": cpu[0],
                "warm_cpu": min(cpu[1:]),
                "errors": len(errors),
            }
        )
    return rows


def measure(scale: str) -> dict:
    from clas.store import db

    db_path = demo_db() if scale == "demo" else scaled_db(int(scale.rstrip("x")))
    db.upgrade(db_path)  # a file left in bench/out by an earlier schema gets this version's child_year
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    size = con.execute("SELECT count(*), count(DISTINCT school_year) FROM child_year").fetchall()[0]
    con.close()
    result = {
        "scale": scale,
        "rows": size[0],
        "years": size[1],
        "queries": time_queries(db_path),
        "pages": time_pages(db_path),
    }
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run(scales: tuple[str, ...] = ("demo", "100x")) -> list[dict]:
    """Each scale in its own process (its peak RSS is its own). "1000x" (9 million rows, ~0.9 GB) is built
    on first use, which takes minutes."""
    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, CLAS_SECRETS_DIR=os.environ.get("CLAS_SECRETS_DIR", tmp))
        for scale in scales:
            out = subprocess.run(
                [sys.executable, __file__, "--child", scale], check=True, capture_output=True, text=True, env=env
            )
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return results


def report(results: list[dict] | None = None, scales: tuple[str, ...] = ("demo", "100x")) -> str:
    results = results or run(scales)
    parts = []
    for r in results:
        parts.append(
            f"## Pages and queries, {r['scale']} scale ({r['rows']:,} child-year rows, {r['years']} "
            f"school years; peak RSS of the process running the app's pages and the queries "
            f"{r['peak_mb']:,.0f} MB)\n\nPage runs in Streamlit's AppTest (the script only: no browser); "
            f"CPU = process time (DuckDB's threads included), steadier than wall time on a shared machine."
        )
        lines = [
            "| page | first run (s) | CPU (s) | cached run (s) | CPU (s) | errors |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {p['page']} | {p['cold_s']:.2f} | {p.get('cold_cpu', float('nan')):.2f} | {p['warm_s']:.2f} | "
            f"{p.get('warm_cpu', float('nan')):.2f} | {p['errors']} |"
            for p in r["pages"]
        ]
        parts.append("\n".join(lines))
        lines = ["| query | rows | p50 (ms) | p95 (ms) | CPU p50 (ms) |", "|---|---:|---:|---:|---:|"]
        lines += [
            f"| {q['query']} | {q['rows']:,} | {q['p50']:.1f} | {q['p95']:.1f} | {q.get('cpu50', float('nan')):.1f} |"
            for q in r["queries"]
        ]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(measure(sys.argv[2])))
    else:
        print(report())
