"""The DuckDB file: where it is, its schema, named queries, and how writers swap it in.

Readers (the app, every Streamlit session) open the file read-only. Writers never touch the live file:
`writing()` copies it, writes the copy in its own transactions and atomically renames it over the live
one. So a command-line import while the app runs works (DuckDB's lock would otherwise refuse a second
process), a failed import leaves the live file byte for byte as it was, and the app notices the new file
by its inode and modification time (see `file_stamp`) and reopens it.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
SCHEMA = Path(__file__).with_name("schema.sql")
SCHEMA_VERSION = 1
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The database file: the argument, else $CLAS_DB, else data/clas.duckdb."""
    return Path(path or os.environ.get("CLAS_DB") or ROOT / "data" / "clas.duckdb")


def file_stamp(path: Path) -> tuple[int, int] | None:
    """What changes when a writer swaps a new file in (None when there is no file yet)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns)


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA.read_text(encoding="utf-8"))
    if con.execute("SELECT count(*) FROM schema_version").fetchall()[0][0] == 0:
        con.execute("INSERT INTO schema_version VALUES ($v)", {"v": SCHEMA_VERSION})


def connect(path: str | os.PathLike | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    p = db_path(path)
    if read_only and not p.exists():
        raise FileNotFoundError(f"Base de données introuvable : {p}")
    con = duckdb.connect(str(p), read_only=read_only)
    if not read_only:
        create_schema(con)
    return con


def refresh_child_year(con: duckdb.DuckDBPyConnection, provider_id: int | None = None,
                       school_year: str | None = None) -> None:
    """Bring the stored child_year up to date with child_year_live, for one provider-year or all.

    Every writer calls it (writing() does, for everything, before swapping the file in); the importer
    also refreshes just its provider-year so that readers of the same connection see the new file.
    """
    if provider_id is None:
        con.execute("DELETE FROM child_year")
        con.execute("INSERT INTO child_year SELECT * FROM child_year_live")
    else:
        p = {"p": provider_id, "y": school_year}
        con.execute("DELETE FROM child_year WHERE provider_id = $p AND school_year = $y", p)
        con.execute("INSERT INTO child_year SELECT * FROM child_year_live WHERE provider_id = $p "
                    "AND school_year = $y", p)


@contextlib.contextmanager
def writing(path: str | os.PathLike | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection on a copy of the database, swapped in when the block ends cleanly.

    Writers are serialised by a lock file; if the block raises, the copy is discarded and the live file
    is untouched.
    """
    live = db_path(path)
    live.parent.mkdir(parents=True, exist_ok=True)
    lock_path = live.with_name(live.name + ".lock")
    tmp = live.with_name(f"{live.name}.tmp{os.getpid()}")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
                stale.unlink(missing_ok=True)
            if live.exists():
                shutil.copyfile(live, tmp)
            con = duckdb.connect(str(tmp))
            try:
                create_schema(con)
                yield con
                refresh_child_year(con)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            os.replace(tmp, live)
        finally:
            for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
                stale.unlink(missing_ok=True)
            fcntl.flock(lock, fcntl.LOCK_UN)


@lru_cache(maxsize=None)
def query_text(name: str) -> str:
    """The SQL of queries/<name>.sql (names are identifiers: no path can be smuggled in)."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"nom de requête invalide : {name!r}")
    return (QUERIES / f"{name}.sql").read_text(encoding="utf-8")


def query_params(name: str) -> set[str]:
    return set(_PARAM.findall(query_text(name)))


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with bound $named parameters and return a DataFrame.

    Parameters the query does not use are dropped (pages pass their whole filter set); a parameter
    the query uses and the caller forgot is an error, not a silent NULL. The one exception is
    `scope_provider`, the signed-in porteur's perimeter: clas.ui.query always binds it from the user;
    the command line and the annual report, which work on the whole territory, leave it NULL.
    """
    params.setdefault("scope_provider", None)
    wanted = query_params(name)
    missing = wanted - params.keys()
    if missing:
        raise TypeError(f"requête {name} : paramètres manquants {sorted(missing)}")
    bound = {k: v for k, v in params.items() if k in wanted}
    with con.cursor() as cur:   # a cursor per query: the shared connection serves many sessions
        return cur.execute(query_text(name), bound).df()
