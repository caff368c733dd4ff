"""Settings the service changes on the Référentiels page and that the database keeps (table settings)."""

from __future__ import annotations

import duckdb

from clas.domain import disclosure
from clas.store import db


def small_cell_threshold(con: duckdb.DuckDBPyConnection) -> int:
    """The small-cell threshold held in settings, else 5; never below 1 (clas.domain.disclosure.threshold_from)."""
    return disclosure.threshold_from(db.run(con, "small_cell_threshold"))
