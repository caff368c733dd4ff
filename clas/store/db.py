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
import shutil
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import duckdb

from clas import config
from clas.domain import vocab
from clas.store.statements import (  # noqa: F401 (re-exported: db.run, db.write, db.script are the API)
    QUERIES,
    SQL,
    _statements,
    query_params,
    query_text,
    run,
    script,
    statement_text,
    write,
)

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = SQL / "schema.sql"
SCHEMA_VERSION = 1
# Stored aggregates over child_year, refreshed with it (clas/store/sql/writes/aggregates_schema.sql).
AGGREGATES = ("year_indicators", "explorer_values", "school_orientations")


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The database file: the argument, else $CLAS_DB, else data/clas.duckdb."""
    return config.db_path(path)


def file_stamp(path: Path) -> tuple[int, int] | None:
    """What changes when a writer swaps a new file in (None when there is no file yet)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns)


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    write(con, "session_time_zone_utc")  # times stored in UTC; shown in Paris time (clas.domain.fmt.paris)
    old_issues = _columns(con, "import_issues")
    if old_issues and "row_count" not in {c for c, _ in old_issues}:
        # Before grouped reports: the table is rebuilt (a CHECK constraint cannot be altered in place).
        script(con, "import_issues_regroup_begin")
    con.execute(SCHEMA.read_text(encoding="utf-8"))
    if old_issues and "row_count" not in {c for c, _ in old_issues}:
        script(con, "import_issues_regroup_end")
    write(con, "criterion_bits_add", codes=list(vocab.CRITERIA))
    if write(con, "schema_version_count").fetchall()[0][0] == 0:
        write(con, "schema_version_set", version=SCHEMA_VERSION)
    if _columns(con, "child_year") != _columns(con, "child_year_live"):
        # A file from before a derived column was added to child_year_live: the stored copy is derived
        # data, so it is rebuilt rather than altered.
        script(con, "child_year_recreate")
    script(con, "aggregates_schema")
    if any(_columns(con, name) != _columns(con, f"{name}_live") for name in AGGREGATES):
        script(con, "aggregates_recreate")


def _columns(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str]]:
    return write(con, "relation_columns", name=name).fetchall()


@lru_cache(maxsize=1)
def _expected_columns() -> dict[str, list[tuple[str, str]]]:
    """The derived relations (every view, and child_year) as this version's schema makes them."""
    with duckdb.connect() as con:
        create_schema(con)
        names = [n for (n,) in write(con, "view_names").fetchall()]
        return {n: _columns(con, n) for n in [*names, "child_year", *AGGREGATES, "import_issues"]} | {"": _macros(con)}


def _macros(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return write(con, "table_macros").fetchall()


_UP_TO_DATE: set[tuple[str, tuple[int, int]]] = set()


def upgrade(path: str | os.PathLike | None = None) -> None:
    """Bring a file written by an earlier version to this version's views and child_year, once per version
    of the file. Readers open the file read-only, so a query of a new column (child_year.child_forms) would
    fail on an older file until the next import; this rewrites it now through writing()."""
    p = db_path(path)
    stamp = file_stamp(p)
    if stamp is None or (str(p), stamp) in _UP_TO_DATE:
        return
    with duckdb.connect(str(p), read_only=True) as con:
        stale = any((_macros(con) if n == "" else _columns(con, n)) != cols for n, cols in _expected_columns().items())
    if stale:
        with writing(p):
            pass  # create_schema and the refresh do the work
    _UP_TO_DATE.add((str(p), file_stamp(p)))


def connect(path: str | os.PathLike | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    p = db_path(path)
    if read_only and not p.exists():
        raise FileNotFoundError(f"Base de données introuvable : {p}")
    if read_only:
        remove_stale_copies(p)  # a start after an import killed mid-way
        upgrade(p)
    con = duckdb.connect(str(p), read_only=read_only)
    if not read_only:
        create_schema(con)
    return con


# The count of statements run (clas.store.statements) when child_year was last brought up to date, per
# writer connection: writing() skips its closing refresh when nothing ran since (an import has just
# refreshed its year).
_refreshed_at: dict[int, int] = {}


def _is_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    return id(con) in _refreshed_at and _refreshed_at[id(con)] == _statements.get(id(con))


def refresh_child_year(
    con: duckdb.DuckDBPyConnection, provider_id: int | None = None, school_year: str | None = None
) -> None:
    """Bring the stored child_year up to date with child_year_live, after a change to one provider-year or
    to anything.

    Every writer calls it: writing() does, for everything, before swapping the file in, unless nothing ran
    since the last refresh. The importer refreshes after its provider-year, so that readers of the same
    connection see the new file and writing() has nothing left to do. That refreshes the whole school
    year (child_forms counts a child's forms across providers, so another provider's rows of the same year
    can change too), and every year when the file completed a known child's sex.
    """
    # Stored in year order: a query of one school year then skips the other years' row groups (DuckDB keeps
    # each group's min and max), and the order of the rows no longer depends on how the view was computed.
    if provider_id is None:
        script(con, "child_year_refresh_all")
    else:
        write(con, "child_year_delete_year", school_year=school_year)
        write(con, "child_year_insert_year", school_year=school_year)
        # An import also gives a known child the sex its earlier records lacked: shown in other years too.
        if write(con, "child_year_sex_stale").fetchall()[0][0]:
            script(con, "child_year_refresh_all")
    script(con, "aggregates_refresh")  # the stored aggregates over child_year follow it
    _refreshed_at[id(con)] = _statements.get(id(con), 0)


class Discard(Exception):
    """Raised inside a `writing()` block that changed nothing worth keeping (a refused or unchanged import):
    the copy is dropped, the live file is not rewritten (byte for byte and inode as they were)."""


PRIVATE = 0o600  # the database holds pseudonymised children's records: its owner only


def _copies(live: Path) -> list[Path]:
    return sorted(live.parent.glob(f"{live.name}.tmp*"))


def remove_stale_copies(path: str | os.PathLike | None = None) -> int:
    """Remove the copies a writer killed mid-way left beside the database; returns how many.

    Only when no writer holds the lock (a live writer's copy is not stale): called at start-up and by
    every writer once it holds the lock.
    """
    live = db_path(path)
    lock_path = live.with_name(live.name + ".lock")
    if not live.parent.exists() or not _copies(live):
        return 0
    fd = os.open(lock_path, os.O_WRONLY | os.O_CREAT, PRIVATE)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return 0
        try:
            return _unlink_copies(live)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _unlink_copies(live: Path) -> int:
    n = 0
    for stale in _copies(live):
        stale.unlink(missing_ok=True)
        n += 1
    return n


@contextlib.contextmanager
def writing(path: str | os.PathLike | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection on a copy of the database, swapped in when the block ends cleanly.

    Writers are serialised by a lock file; if the block raises (Discard included), the copy is discarded
    and the live file is untouched. The copy (and so the database) is readable by its owner only.
    """
    live = db_path(path)
    live.parent.mkdir(parents=True, exist_ok=True)
    lock_path = live.with_name(live.name + ".lock")
    tmp = live.with_name(f"{live.name}.tmp{os.getpid()}")
    fd = os.open(lock_path, os.O_WRONLY | os.O_CREAT, PRIVATE)
    # DuckDB creates its write-ahead log beside the copy with the process umask: owner-only while we write.
    old_umask = os.umask(0o077)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            _unlink_copies(live)  # we hold the lock: any copy left is a killed writer's
            if live.exists():
                with (
                    open(live, "rb") as src,
                    os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE), "wb") as dst,
                ):
                    shutil.copyfileobj(src, dst, 1 << 20)
            con = duckdb.connect(str(tmp))
            try:
                os.chmod(tmp, PRIVATE)
                create_schema(con)
                try:
                    yield con
                except Discard:
                    return
                if not _is_fresh(con):  # anything written since the last refresh (or none yet)
                    refresh_child_year(con)
                con.checkpoint()
            finally:
                _statements.pop(id(con), None)
                _refreshed_at.pop(id(con), None)
                con.close()
            os.chmod(tmp, PRIVATE)
            os.replace(tmp, live)
        finally:
            for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
                stale.unlink(missing_ok=True)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.umask(old_umask)
        os.close(fd)


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction: committed when the block ends cleanly, rolled back (and re-raised) otherwise."""
    con.begin()
    try:
        yield con
    except BaseException:
        con.rollback()
        _refreshed_at.pop(id(con), None)  # a refresh inside is undone with the rest
        raise
    con.commit()
