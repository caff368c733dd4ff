"""Named SQL statements: every query (queries/<name>.sql) and every write (clas/store/sql/writes/<name>.sql)
is a file, run with bound $named parameters. `clas.store.db` re-exports these runners: `db.run`,
`db.write`, `db.script`."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "queries"
SQL = Path(__file__).with_name("sql")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# Statements run on each writer connection: db.writing() compares it with the count at the last refresh.
_statements: dict[int, int] = {}


def _ran(con: duckdb.DuckDBPyConnection) -> None:
    _statements[id(con)] = _statements.get(id(con), 0) + 1


@cache
def query_text(name: str) -> str:
    """The SQL of queries/<name>.sql (names are identifiers: no path can be smuggled in)."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"nom de requête invalide : {name!r}")
    return (QUERIES / f"{name}.sql").read_text(encoding="utf-8")


def query_params(name: str) -> set[str]:
    return set(_PARAM.findall(query_text(name)))


@cache
def statement_text(name: str) -> str:
    """The SQL of clas/store/sql/writes/<name>.sql: every write and every lookup a writer makes is a named
    file too, so a reader finds each statement the application runs by its name."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"nom d'instruction invalide : {name!r}")
    return (SQL / "writes" / f"{name}.sql").read_text(encoding="utf-8")


def script(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Run clas/store/sql/writes/<name>.sql, several statements without parameters (the schema, or writes
    that read registered frames)."""
    _ran(con)
    con.execute(statement_text(name))


def write(con: duckdb.DuckDBPyConnection, name: str, /, **params) -> duckdb.DuckDBPyConnection:
    """Run clas/store/sql/writes/<name>.sql with bound $named parameters; returns the cursor (fetchall()
    for a lookup). Unlike `run`, every parameter the statement names must be given: a write never binds a
    silent NULL."""
    wanted = set(_PARAM.findall(statement_text(name)))
    missing = wanted - params.keys()
    if missing:
        raise TypeError(f"instruction {name} : paramètres manquants {sorted(missing)}")
    _ran(con)
    return con.execute(statement_text(name), {k: v for k, v in params.items() if k in wanted})


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with bound $named parameters and return a DataFrame.

    Parameters the query does not use are dropped (pages pass their whole filter set); a parameter
    the query uses and the caller forgot is an error, not a silent NULL. The one exception is
    `scope_provider`, the signed-in porteur's perimeter: clas.web.ui.query always binds it from the user;
    the command line and the annual report, which work on the whole territory, leave it NULL.
    """
    params.setdefault("scope_provider", None)
    wanted = query_params(name)
    missing = wanted - params.keys()
    if missing:
        raise TypeError(f"requête {name} : paramètres manquants {sorted(missing)}")
    bound = {k: v for k, v in params.items() if k in wanted}
    with con.cursor() as cur:  # a cursor per query: the shared connection serves many sessions
        return cur.execute(query_text(name), bound).df()
