"""A reference table as a file (Référentiels): an uploaded CSV/XLSX read and its headers mapped to the
table's fields, and the current table written as a CSV to fill in.
"""

from __future__ import annotations

import io
import math

import pandas as pd

from clas.domain.fmt import neutralise_frame
from clas.domain.textnorm import key
from clas.ingest import FileRejected
from clas.ingest.read import read_file
from clas.workspace.referential_specs import SPECS, label


def read_table(data: bytes) -> pd.DataFrame:
    """The first non-empty sheet of a CSV/XLSX/XLS/ODS file as text cells, its first row as headers.

    Raises FileRejected (French message) for an unreadable file; the importer's guards apply (size, zip bomb).
    """
    _fmt, sheets = read_file(data)
    for sheet in sheets:
        rows = [[_cell(v) for v in r] for r in sheet.rows]
        rows = [r for r in rows if any(v for v in r)]
        if rows:
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            header = [h or f"colonne {i + 1}" for i, h in enumerate(rows[0])]
            return pd.DataFrame(rows[1:], columns=header, dtype=object)
    raise FileRejected("Le fichier ne contient aucun tableau.")


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        if v.is_integer():
            return str(int(v))
    return str(v).strip()


def map_headers(kind: str, df: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Rename the file's headers to fields (field name, French label or a known alias, any case or accents).

    Returns (renamed frame, errors, warnings): a required column missing is an error, an unknown one a warning.
    """
    index: dict[str, str] = {}
    for col in SPECS[kind]:
        for name in (col.field, col.label, *col.aliases):
            index.setdefault(key(name), col.field)
    renamed, errors, warnings, seen = {}, [], [], {}
    for header in df.columns:
        f = index.get(key(header))
        if f is None:
            warnings.append(f"Colonne « {header} » inconnue : ignorée.")
        elif f in seen:
            errors.append(f"Les colonnes « {seen[f]} » et « {header} » désignent toutes deux « {label(kind, f)} ».")
        else:
            seen[f] = header
            renamed[header] = f
    for col in SPECS[kind]:
        if col.required and col.field not in seen:
            errors.append(f"Colonne obligatoire absente : « {col.label} ».")
    return df[list(renamed)].rename(columns=renamed), errors, warnings


def example_csv(kind: str, current: pd.DataFrame) -> bytes:
    """The current table as a CSV with French headers (UTF-8 with BOM, ';': opens as is in Excel), every text
    that a spreadsheet would run as a formula neutralised (a name may come from an uploaded file)."""
    cols = [c for c in SPECS[kind]]
    df = current[[c.field for c in cols]].copy()
    for c in cols:
        if c.kind == "bool":
            df[c.field] = df[c.field].map({True: "Oui", False: "Non"})
    df.columns = [c.label for c in cols]
    buf = io.StringIO()
    neutralise_frame(df).to_csv(buf, sep=";", index=False)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def table_csv(shown: pd.DataFrame) -> bytes:
    """A table already under its French headers as a CSV for Excel (UTF-8 with BOM, ';'), every text that a
    spreadsheet would run as a formula neutralised (the network's reference tables come from uploaded files)."""
    buf = io.StringIO()
    neutralise_frame(shown).to_csv(buf, sep=";", index=False)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
