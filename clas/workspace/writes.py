"""Running a named write of clas/store/sql/writes/ with bound $named parameters.

Stands in for `clas.store.db.write` until the layout move reaches this branch (same signature); a file
may hold several statements separated by ';', each bound with the parameters it uses.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import duckdb

WRITES = Path(__file__).resolve().parent.parent / "store" / "sql" / "writes"
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@lru_cache(maxsize=None)
def _statements(name: str) -> tuple[str, ...]:
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"nom d'écriture invalide : {name!r}")
    text = (WRITES / f"{name}.sql").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return tuple(s.strip() for s in text.split(";") if s.strip())


def write(con: duckdb.DuckDBPyConnection, name: str, **params) -> list[tuple]:
    """Run every statement of writes/<name>.sql; returns the last statement's rows."""
    rows: list[tuple] = []
    for sql in _statements(name):
        wanted = set(_PARAM.findall(sql))
        missing = wanted - params.keys()
        if missing:
            raise TypeError(f"écriture {name} : paramètres manquants {sorted(missing)}")
        rows = con.execute(sql, {k: params[k] for k in wanted}).fetchall()
    return rows
