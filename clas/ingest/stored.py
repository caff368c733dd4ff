"""The report of an import as stored with it: re-read for the Imports history and for an identical re-upload.

Stored reports hold no names and no birth dates: the importer's messages never quote those cells.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from clas.ingest.report import FileReport, Issue
from clas.store import db


def _value(v):
    return None if v is None or (isinstance(v, float) and v != v) or v is pd.NA else v


def stored_report(
    con: duckdb.DuckDBPyConnection, import_id: int, scope_provider: str | None = None
) -> FileReport | None:
    """The FileReport of import `import_id` as it was reported (None when there is none, or out of scope)."""
    df = db.run(con, "import_report", import_id=int(import_id), scope_provider=scope_provider)
    if df.empty:
        return None
    head = df.iloc[0]
    report = FileReport(
        head["file_name"],
        head["provider"],
        head["school_year"],
        "loaded",
        int(head["rows_read"]),
        int(head["rows_loaded"]),
        int(head["rows_rejected"]),
        parent_actions=int(head["parent_actions"]),
        import_id=int(head["import_id"]),
        stored=True,
    )
    for rec in df[df["severity"].notna()].itertuples(index=False):
        row = _value(rec.row)
        report.issues.append(
            Issue(
                _value(rec.sheet),
                None if row is None else int(row),
                _value(rec.column),
                rec.severity,
                rec.message,
                int(rec.row_count),
                _value(rec.row_ranges),
            )
        )
    report.imported_at = head["imported_at"]
    return report
