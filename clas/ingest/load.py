"""Writing one prepared file into DuckDB (the caller holds the transaction: all or nothing).

The new file becomes the current one of its provider and school year; the previous file is kept as
'superseded' (not deleted) so that withdrawing the new file brings the provider-year back as it was.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import duckdb
import pandas as pd
import pyarrow as pa

from clas.ingest.memory import give_back
from clas.ingest.prepare import Prepared
from clas.ingest.report import Issue
from clas.store import db

ENROLMENT_COLUMNS = [
    "enrolment_id",
    "import_id",
    "child_id",
    "provider_id",
    "school_year",
    "school_id",
    "school_label",
    "grade",
    "neighbourhood_code",
    "pre",
    "source",
    "orientation_date",
    "outcome",
    "entry_date",
    "exit_date",
    "exit_reason",
    "sessions_attended",
    "welcome_interview",
    "parent_meetings",
    "parent_collective",
    "sheet",
    "source_row",
]


def current_import(con: duckdb.DuckDBPyConnection, provider_id: int, school_year: str):
    rows = db.write(con, "import_current", provider_id=provider_id, school_year=school_year).fetchall()
    return rows[0] if rows else None


def also_followed_elsewhere(
    con: duckdb.DuckDBPyConnection, prep: Prepared, provider_id: int, school_year: str
) -> list[Issue]:
    """Warnings for children this file shares with another provider's current file of the same year."""
    if prep.enrolments.empty:
        return []
    with _streamed(con, "ids", prep.enrolments[["child_id", "sheet", "source_row"]]):
        other = db.write(
            con, "enrolments_followed_elsewhere", school_year=school_year, provider_id=provider_id
        ).fetchall()
    return [
        Issue(s, int(r), None, "warning", f"Enfant également suivi par un autre porteur en {school_year}.")
        for s, r in other
    ]


def write(
    con: duckdb.DuckDBPyConnection,
    *,
    file_name: str,
    sha256: str,
    provider_id: int,
    school_year: str,
    imported_by: str | None,
    prep: Prepared,
    actions: pd.DataFrame,
    issues: list[Issue],
) -> int:
    """Insert everything (inside the caller's transaction); returns the new import id. The caller then
    refreshes child_year (db.refresh_child_year), once it has let go of the prepared frames."""
    warnings = sum(i.count for i in issues if i.severity == "warning")
    import_id = db.write(
        con,
        "import_insert",
        file_name=file_name,
        sha256=sha256,
        provider_id=provider_id,
        school_year=school_year,
        imported_by=imported_by,
        rows_read=prep.rows_read,
        rows_loaded=len(prep.enrolments),
        rows_rejected=prep.rows_rejected,
        warnings=warnings,
        parent_actions=len(actions),
    ).fetchall()[0][0]
    db.write(con, "import_supersede_others", provider_id=provider_id, school_year=school_year, import_id=import_id)
    # New children, and the sex a known child's earlier records lacked.
    with _streamed(con, "children_df", prep.children):
        db.script(con, "children_merge")
    base = db.write(con, "enrolments_max_id").fetchall()[0][0]
    enr = prep.enrolments  # completed in place: a copy would be the file's largest allocation
    enr["enrolment_id"] = range(base + 1, base + 1 + len(enr))
    enr["import_id"] = import_id
    enr["provider_id"] = provider_id
    enr["school_year"] = school_year
    with _streamed(con, "enr_df", enr[ENROLMENT_COLUMNS]):
        db.script(con, "enrolments_insert_frame")
    give_back()  # the Arrow batches, consumed
    crit = prep.criteria.assign(enrolment_id=lambda d: d["pos"] + base + 1)[["enrolment_id", "criterion"]]
    with _streamed(con, "crit_df", crit):
        db.script(con, "orientation_criteria_insert_frame")
    if len(actions):
        act = actions.assign(import_id=import_id, provider_id=provider_id, school_year=school_year)
        with _streamed(con, "act_df", act):
            db.script(con, "parent_actions_insert_frame")
    if issues:
        iss = pd.DataFrame(
            [(import_id, i.sheet, i.row, i.column, i.severity, i.message, i.count, i.rows) for i in issues],
            columns=["import_id", "sheet", "row", "column", "severity", "message", "row_count", "row_ranges"],
        )
        iss["row"] = iss["row"].astype("Int64")
        with _streamed(con, "iss_df", iss):
            db.script(con, "import_issues_insert_frame")
    return import_id


ARROW_BATCH = 50_000


@contextlib.contextmanager
def _streamed(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> Iterator[None]:
    """The frame, readable as `name` by the statements of the block, as a stream of Arrow batches (dates
    held as Python objects convert in one C pass; a slice at a time, never a whole Arrow copy).

    DuckDB keeps whatever is registered inside a transaction until the transaction ends, unregistered or
    not (duckdb/duckdb-python#469): registered as they are, the frames of a 290,000-row file (~100 MB) would
    outlive their statements and sit under child_year's refresh, the import's peak. What DuckDB keeps here
    is a reader whose batches are closed at the end of the block: the frame goes with them, even when a join
    stopped reading early."""
    # typed from the whole frame: a column empty in the first batch (exit dates) still gets its type
    schema = pa.Schema.from_pandas(frame, preserve_index=False)
    batches = _batches(frame, schema)
    del frame  # the generator holds it now, until it is closed
    con.register(name, pa.RecordBatchReader.from_batches(schema, batches))
    try:
        yield
    finally:
        con.unregister(name)
        batches.close()


def _batches(frame: pd.DataFrame, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    for i in range(0, len(frame), ARROW_BATCH):
        # through a Table: a text column held as several Arrow chunks converts too
        yield from pa.Table.from_pandas(
            frame.iloc[i : i + ARROW_BATCH], schema=schema, preserve_index=False
        ).to_batches()


def write_staff(
    con: duckdb.DuckDBPyConnection, import_id: int, provider_id: int, school_year: str, staff: pd.DataFrame
) -> None:
    """The « Équipe » sheet of the register (issue 15), tied to its import: current while the file is."""
    for r in staff.to_dict("records"):
        db.write(
            con,
            "staff_insert",
            import_id=import_id,
            network_file_id=None,
            provider_id=provider_id,
            school_year=school_year,
            role=r["role"],
            status=r["status"],
            people=r["people"],
            hours_per_week=r["hours_per_week"],
        )
