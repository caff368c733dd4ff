"""Writing one prepared file into DuckDB (the caller holds the transaction: all or nothing).

The new file becomes the current one of its provider and school year; the previous file is kept as
'superseded' (not deleted) so that withdrawing the new file brings the provider-year back as it was.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from clas.store import db
from clas.ingest.prepare import Prepared
from clas.ingest.report import Issue

ENROLMENT_COLUMNS = [
    "enrolment_id", "import_id", "child_id", "provider_id", "school_year", "school_id", "school_label",
    "grade", "neighbourhood_code", "pre", "source", "orientation_date", "outcome", "entry_date",
    "exit_date", "exit_reason", "sessions_attended", "welcome_interview", "parent_meetings",
    "parent_collective", "sheet", "source_row",
]


def current_import(con: duckdb.DuckDBPyConnection, provider_id: int, school_year: str):
    rows = con.execute(
        "SELECT import_id, sha256 FROM imports WHERE provider_id = $p AND school_year = $y AND status = 'loaded'",
        {"p": provider_id, "y": school_year}).fetchall()
    return rows[0] if rows else None


def also_followed_elsewhere(con: duckdb.DuckDBPyConnection, prep: Prepared, provider_id: int,
                            school_year: str) -> list[Issue]:
    """Warnings for children this file shares with another provider's current file of the same year."""
    if prep.enrolments.empty:
        return []
    con.register("ids", prep.enrolments[["child_id", "sheet", "source_row"]])
    other = con.execute(
        """SELECT ids.sheet, ids.source_row, string_agg(DISTINCT p.name, ', ' ORDER BY p.name) AS others
           FROM ids
           JOIN enrolments e ON e.child_id = ids.child_id
           JOIN imports i ON i.import_id = e.import_id AND i.status = 'loaded'
           JOIN providers p ON p.provider_id = e.provider_id
           WHERE e.school_year = $y AND e.provider_id <> $p
           GROUP BY ALL ORDER BY ids.sheet, ids.source_row""",
        {"y": school_year, "p": provider_id}).fetchall()
    con.unregister("ids")
    return [Issue(s, int(r), None, "warning", f"Enfant également accompagné par {o} en {school_year}.")
            for s, r, o in other]


def write(con: duckdb.DuckDBPyConnection, *, file_name: str, sha256: str, provider_id: int, school_year: str,
          imported_by: str | None, prep: Prepared, actions: pd.DataFrame, issues: list[Issue]) -> int:
    """Insert everything (inside the caller's transaction); returns the new import id."""
    try:
        warnings = sum(1 for i in issues if i.severity == "warning")
        import_id = con.execute(
            """INSERT INTO imports (file_name, sha256, provider_id, school_year, imported_by, rows_read,
                   rows_loaded, rows_rejected, warnings, parent_actions, status)
               VALUES ($f, $h, $p, $y, $u, $r, $l, $x, $w, $a, 'loaded') RETURNING import_id""",
            {"f": file_name, "h": sha256, "p": provider_id, "y": school_year, "u": imported_by,
             "r": prep.rows_read, "l": len(prep.enrolments), "x": prep.rows_rejected, "w": warnings,
             "a": len(actions)}).fetchall()[0][0]
        con.execute("UPDATE imports SET status = 'superseded' WHERE provider_id = $p AND school_year = $y "
                    "AND status = 'loaded' AND import_id <> $i", {"p": provider_id, "y": school_year, "i": import_id})
        children = prep.children
        con.register("children_df", children)
        con.execute("""INSERT INTO children SELECT child_id, sex, birth_year::INTEGER FROM children_df
                       WHERE child_id NOT IN (SELECT child_id FROM children)""")
        # Fill in sex or birth year a child's earlier records lacked.
        con.execute("""UPDATE children SET sex = coalesce(children.sex, d.sex)
                       FROM children_df d WHERE children.child_id = d.child_id AND children.sex IS NULL
                       AND d.sex IS NOT NULL""")
        base = con.execute("SELECT coalesce(max(enrolment_id), 0) FROM enrolments").fetchall()[0][0]
        enr = prep.enrolments.copy()
        enr["enrolment_id"] = range(base + 1, base + 1 + len(enr))
        enr["import_id"] = import_id
        enr["provider_id"] = provider_id
        enr["school_year"] = school_year
        con.register("enr_df", enr[ENROLMENT_COLUMNS])
        con.execute("INSERT INTO enrolments BY NAME SELECT * FROM enr_df")
        crit = prep.criteria.assign(enrolment_id=lambda d: d["pos"] + base + 1)[["enrolment_id", "criterion"]]
        con.register("crit_df", crit)
        con.execute("INSERT INTO orientation_criteria SELECT enrolment_id, criterion FROM crit_df")
        if len(actions):
            act = actions.assign(import_id=import_id, provider_id=provider_id, school_year=school_year)
            con.register("act_df", act)
            con.execute("INSERT INTO parent_actions (import_id, provider_id, school_year, action_date, type, "
                        "families_present) SELECT import_id, provider_id, school_year, action_date, type, "
                        "families_present FROM act_df")
        if issues:
            iss = pd.DataFrame([(import_id, i.sheet, i.row, i.column, i.severity, i.message) for i in issues],
                               columns=["import_id", "sheet", "row", "column", "severity", "message"])
            iss["row"] = iss["row"].astype("Int64")
            con.register("iss_df", iss)
            con.execute('INSERT INTO import_issues SELECT import_id, sheet, "row", "column", severity, message '
                        "FROM iss_df")
        db.refresh_child_year(con, provider_id, school_year)
        return import_id
    finally:
        for name in ("children_df", "enr_df", "crit_df", "act_df", "iss_df"):
            try:
                con.unregister(name)
            except Exception:
                pass


def write_staff(con: duckdb.DuckDBPyConnection, import_id: int, provider_id: int, school_year: str,
                staff: pd.DataFrame) -> None:
    """The « Équipe » sheet of the register (issue 15), tied to its import: current while the file is."""
    for r in staff.to_dict("records"):
        db.write(con, "staff_insert", import_id=import_id, network_file_id=None, provider_id=provider_id,
                    school_year=school_year, role=r["role"], status=r["status"], people=r["people"],
                    hours_per_week=r["hours_per_week"])
