"""Reference tables of the network: the schemes offered by each school and the providers' public facts
(« Annuaire CLAS »). Loaded from data/reference/ at build, edited or imported (CSV/XLSX) on Référentiels.

Each replacement is checked first and written in one transaction: a table with a bad line is refused as a
whole, with a French message per line (row as seen in the spreadsheet, column).
"""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pandas as pd

from clas.domain import network_vocab as V
from clas.domain import vocab
from clas.domain.textnorm import key
from clas.ingest.report import Issue
from clas.store import db
from clas.store.reference import Matcher, provider_lookup

SCHOOL_SCHEMES_COLUMNS = {"school": "École", "scheme": "Dispositif"}
DIRECTORY_COLUMNS = {
    "provider": "Porteur",
    "address": "Adresse",
    "grade_min": "Du niveau",
    "grade_max": "Au niveau",
    "schedule": "Jours et horaires",
    "contact": "Contact",
    "places_available": "Places disponibles",
}


def read_table(data: bytes, file_name: str) -> pd.DataFrame:
    """A small reference table from CSV (UTF-8 or Windows-1252, ';' or ',') or XLSX/ODS, all as text."""
    if file_name.lower().endswith((".xlsx", ".xls", ".ods")):
        return pd.read_excel(io.BytesIO(data), engine="calamine", dtype=str).fillna("")
    for enc in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    sep = ";" if text.splitlines()[0].count(";") >= text.splitlines()[0].count(",") else ","
    return pd.read_csv(io.StringIO(text), sep=sep, dtype=str).fillna("")


def _rename(df: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    by_key = {key(v): k for k, v in columns.items()} | {key(k): k for k in columns}
    return df.rename(columns={c: by_key.get(key(c), c) for c in df.columns})


def check_school_schemes(con, df: pd.DataFrame, schemes: dict[str, str]) -> tuple[pd.DataFrame, list[Issue]]:
    """(school_id, scheme) lines of a table with columns École (name or UAI) and Dispositif (code or label)."""
    df = _rename(df, SCHOOL_SCHEMES_COLUMNS)
    issues, out = [], []
    for c in SCHOOL_SCHEMES_COLUMNS:
        if c not in df:
            return pd.DataFrame(), [
                Issue(
                    None, None, SCHOOL_SCHEMES_COLUMNS[c], "error", f"Colonne « {SCHOOL_SCHEMES_COLUMNS[c]} » absente."
                )
            ]
    matcher = Matcher.from_db(con)
    by_text = {key(code): code for code in schemes} | {key(lbl): code for code, lbl in schemes.items()}
    for i, rec in enumerate(df.to_dict("records"), start=2):
        if not str(rec["school"]).strip() and not str(rec["scheme"]).strip():
            continue
        sid = matcher.school(str(rec["school"]), None)
        code = by_text.get(key(rec["scheme"]))
        if sid is None:
            issues.append(Issue(None, i, "École", "error", f"École « {rec['school']} » absente du référentiel."))
        if code is None:
            issues.append(
                Issue(
                    None,
                    i,
                    "Dispositif",
                    "error",
                    f"Dispositif « {rec['scheme']} » inconnu : ajoutez-le d'abord à la liste des dispositifs.",
                )
            )
        if sid is not None and code is not None:
            out.append({"school_id": sid, "scheme": code})
    return pd.DataFrame(out, columns=["school_id", "scheme"]), issues


def replace_schemes(con: duckdb.DuckDBPyConnection, schemes: dict[str, str], lines: pd.DataFrame) -> None:
    schemes_df = pd.DataFrame({"code": list(schemes), "label": list(schemes.values())})
    school_schemes_df = lines[["school_id", "scheme"]].astype({"school_id": "int64"})
    con.register("schemes_df", schemes_df)
    con.register("school_schemes_df", school_schemes_df)
    try:
        with db.transaction(con):
            db.script(con, "schemes_replace")
    finally:
        con.unregister("schemes_df")
        con.unregister("school_schemes_df")


def check_directory(con, df: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    df = _rename(df, DIRECTORY_COLUMNS)
    if "provider" not in df:
        return pd.DataFrame(), [Issue(None, None, "Porteur", "error", "Colonne « Porteur » absente.")]
    for c in DIRECTORY_COLUMNS:
        if c not in df:
            df[c] = ""
    providers, issues, out = provider_lookup(con), [], []
    grades = vocab.SPELLINGS["grade"]
    for i, rec in enumerate(df.to_dict("records"), start=2):
        hit = providers.get(key(rec["provider"]))
        if hit is None:
            issues.append(Issue(None, i, "Porteur", "error", f"Porteur « {rec['provider']} » absent du référentiel."))
            continue
        line = {"provider_id": hit[0]}
        for f in ("grade_min", "grade_max"):
            text = str(rec[f] or "").strip()
            line[f] = grades.get(key(text)) if text else None
            if text and line[f] is None:
                issues.append(
                    Issue(None, i, DIRECTORY_COLUMNS[f], "error", f"Niveau « {text} » inconnu (CP … Terminale).")
                )
        places = str(rec["places_available"] or "").strip()
        try:
            line["places_available"] = int(float(places.replace(",", "."))) if places else None
        except ValueError:
            issues.append(Issue(None, i, "Places disponibles", "error", f"Nombre « {places} » illisible."))
        for f in ("address", "schedule", "contact"):
            line[f] = str(rec[f] or "").strip() or None
        out.append(line)
    return pd.DataFrame(out, columns=["provider_id", *[c for c in DIRECTORY_COLUMNS if c != "provider"]]), issues


def replace_directory(con: duckdb.DuckDBPyConnection, lines: pd.DataFrame) -> None:
    directory_df = lines.astype({"places_available": "Int64"})
    con.register("directory_df", directory_df)
    try:
        with db.transaction(con):
            db.script(con, "directory_replace")
    finally:
        con.unregister("directory_df")


def load_network_reference(con: duckdb.DuckDBPyConnection, ref_dir: Path) -> list[Issue]:
    """schemes.csv, school_schemes.csv and provider_directory.csv of ref_dir, when present."""
    issues: list[Issue] = []
    ref_dir = Path(ref_dir)
    if (ref_dir / "schemes.csv").exists():
        sch = pd.read_csv(ref_dir / "schemes.csv", dtype=str)
        schemes = dict(zip(sch["code"], sch["label"], strict=False))
    else:
        schemes = dict(V.DEFAULT_SCHEMES)
    lines = pd.DataFrame(columns=["school_id", "scheme"])
    if (ref_dir / "school_schemes.csv").exists():
        lines, issues = check_school_schemes(
            con, pd.read_csv(ref_dir / "school_schemes.csv", dtype=str).fillna(""), schemes
        )
    replace_schemes(con, schemes, lines)
    if (ref_dir / "provider_directory.csv").exists():
        d, more = check_directory(con, pd.read_csv(ref_dir / "provider_directory.csv", dtype=str).fillna(""))
        issues += more
        replace_directory(con, d)
    return issues


# --- the service's edits (Référentiels), each through the atomic writer ----------------------------------


def save_school_schemes(df: pd.DataFrame, path=None) -> tuple[int, list[Issue]]:
    """Replace the schools x schemes table by an edited or imported one (École, Dispositif); refused as a
    whole, nothing written, when a line is wrong. Returns (lines saved, problems)."""
    with db.writing(path) as con:
        schemes = dict(db.write(con, "schemes_all").fetchall()) or dict(V.DEFAULT_SCHEMES)
        lines, issues = check_school_schemes(con, df, schemes)
        if issues:
            raise _Refused(issues)
        replace_schemes(con, schemes, lines)
    return len(lines), []


def save_directory(df: pd.DataFrame, path=None) -> tuple[int, list[Issue]]:
    with db.writing(path) as con:
        lines, issues = check_directory(con, df)
        if issues:
            raise _Refused(issues)
        replace_directory(con, lines)
    return len(lines), []


class _Refused(Exception):
    """Aborts the writer (the live file is untouched) and carries the problems to the caller."""

    def __init__(self, issues: list[Issue]):
        super().__init__("refusé")
        self.issues = issues


def saved_or_problems(fn, df: pd.DataFrame, path=None) -> tuple[int, list[str]]:
    """(lines saved, French problems 'Ligne 3, colonne École : …')."""
    try:
        n, _ = fn(df, path)
        return n, []
    except _Refused as exc:
        return 0, [
            ", ".join(
                p for p in (f"ligne {i.row}" if i.row else "", f"colonne {i.column}" if i.column else "") if p
            ).capitalize()
            + " : "
            + i.message
            for i in exc.issues
        ]
