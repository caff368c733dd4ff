"""Reference tables (neighbourhoods, schools, providers) and matching what providers write to them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from clas.domain.textnorm import key
from clas.store import db

_SCHOOL_PREFIXES = (
    "groupe scolaire",
    "ecole elementaire",
    "ecole primaire",
    "ecole maternelle",
    "ecole",
    "college",
    "lycee professionnel",
    "lycee general et technologique",
    "lycee",
    "ee",
    "ep",
    "gs",
    "clg",
)
_BAND_TYPE = {"elementaire": "elementaire", "college": "college", "lycee": "lycee"}


def _bool(s: pd.Series) -> pd.Series:
    return s.astype(str).str.strip().str.lower().isin(["true", "1", "oui", "vrai", "yes"])


def load_reference(con: duckdb.DuckDBPyConnection, ref_dir: Path) -> None:
    """Replace the three reference tables by the CSV files of ref_dir (providers are upserted by name,
    so provider ids held by imports stay valid)."""
    nb = pd.read_csv(ref_dir / "neighbourhoods.csv", dtype=str)
    nb["priority_area"] = _bool(nb["priority_area"])
    for c in ("children_6_10", "children_11_14"):
        nb[c] = pd.to_numeric(nb[c]).astype("Int64")
    sc = pd.read_csv(ref_dir / "schools.csv", dtype=str)
    sc["priority_education"] = _bool(sc["priority_education"])
    pr = pd.read_csv(ref_dir / "providers.csv", dtype=str)
    for c in ("latitude", "longitude"):
        pr[c] = pd.to_numeric(pr[c])
    # The statements read the three frames by these names (DuckDB scans a registered frame like a table).
    for name, frame in (("nb", nb), ("sc", sc), ("pr", pr)):
        con.register(name, frame)
    try:
        with db.transaction(con):
            for statement in (
                "reference_neighbourhoods_replace",
                "reference_schools_replace",
                "reference_providers_upsert",
            ):
                db.script(con, statement)
    finally:
        for name in ("nb", "sc", "pr"):
            con.unregister(name)


def strip_school_prefix(k: str) -> str:
    for p in _SCHOOL_PREFIXES:
        if k.startswith(p + " "):
            return k[len(p) + 1 :]
    return k


@dataclass
class Matcher:
    """Looks up what a provider wrote (school, neighbourhood, provider) in the reference tables."""

    schools_full: dict[str, int]
    schools_short: dict[str, list[tuple[int, str]]]
    neighbourhoods: dict[str, str]

    @classmethod
    def from_db(cls, con: duckdb.DuckDBPyConnection) -> Matcher:
        full: dict[str, int] = {}
        short: dict[str, list[tuple[int, str]]] = {}
        for sid, name, uai, typ in db.write(con, "schools_for_matching").fetchall():
            k = key(name)
            full[k] = sid
            if uai:
                full[key(uai)] = sid
            short.setdefault(strip_school_prefix(k), []).append((sid, typ))
        for alias, sid in db.write(con, "school_aliases_all").fetchall():
            full[alias] = sid
        nbh: dict[str, str] = {}
        for code, name in db.write(con, "neighbourhood_names").fetchall():
            nbh[key(code)] = code
            nbh[key(name)] = code
        return cls(full, short, nbh)

    def school(self, text: str, band: str | None) -> int | None:
        k = key(text)
        if k in self.schools_full:
            return self.schools_full[k]
        cands = self.schools_short.get(strip_school_prefix(k), [])
        if len(cands) == 1:
            return cands[0][0]
        typed = [sid for sid, typ in cands if typ == _BAND_TYPE.get(band or "")]
        return typed[0] if len(typed) == 1 else None

    def neighbourhood(self, text: str) -> str | None:
        return self.neighbourhoods.get(key(text))


def provider_lookup(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, str]]:
    """key(name) -> (provider_id, name)."""
    return {key(n): (pid, n) for pid, n in db.write(con, "provider_names").fetchall()}
