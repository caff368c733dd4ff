"""Each provider's yearly bilan (for the CAF and the city), and the network's, from the declarative table
definitions of data/bilan.toml: one workbook per provider, one for the network.

`build` takes a `run(query, **params)` callable: db.run for the command line, clas.web.ui.query on a page
(which applies the signed-in porteur's perimeter). No figure here is published to the élus: the bilan is
the provider's own account of its year, so it is not masked (its counts are those of its register).
"""

from __future__ import annotations

import io
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from clas.domain.fmt import neutralise
from clas.store import db

DEFINITIONS = db.ROOT / "data" / "bilan.toml"
NETWORK = "Réseau CLAS (tous les porteurs)"
TOTAL = "Total"


@dataclass
class TableDef:
    id: str
    title: str
    query: str
    rows: list[dict]
    columns: list[dict]
    totals: list[str] = field(default_factory=list)


@dataclass
class BilanTable:
    definition: TableDef
    frame: pd.DataFrame  # index: row labels, columns: column labels (totals included)


def load_definitions(path: Path = DEFINITIONS) -> list[TableDef]:
    """The tables of the bilan; a definition naming a missing query is refused at once (French message)."""
    with open(path, "rb") as f:
        raw = tomllib.load(f)
    out = []
    for t in raw.get("table", []):
        if not re.fullmatch(r"[a-z0-9_]+", t.get("query", "")) or not (db.QUERIES / f"{t['query']}.sql").exists():
            raise ValueError(
                f"{path.name} : la table « {t.get('title', t.get('id'))} » désigne une requête "
                f"inconnue « {t.get('query')} » (fichiers de queries/)."
            )
        out.append(
            TableDef(
                t["id"],
                t["title"],
                t["query"],
                list(t.get("rows", [])),
                list(t.get("columns", [])),
                list(t.get("totals", [])),
            )
        )
    return out


def _axis(listed: list[dict], found: list[str], values: pd.Series) -> list[tuple[str, str]]:
    """(key, label) in the definition's order, optional ones left out when empty, unlisted keys last."""
    keys = {d["key"] for d in listed}
    out = [
        (d["key"], d["label"]) for d in listed if not (d.get("optional") and float(values.get(d["key"], 0) or 0) == 0)
    ]
    out += [(k, str(k)) for k in found if k not in keys]
    return out


def shape(definition: TableDef, cells: pd.DataFrame) -> pd.DataFrame:
    """(row_key, col_key, value) cells -> the table as the definition lays it out (0 where nothing)."""
    cells = cells.dropna(subset=["value"]) if len(cells) else cells
    grid = (
        cells.pivot_table(index="row_key", columns="col_key", values="value", aggfunc="sum")
        if len(cells)
        else pd.DataFrame()
    )
    rows = _axis(definition.rows, list(grid.index), grid.sum(axis=1) if len(grid) else pd.Series(dtype=float))
    cols = _axis(definition.columns, list(grid.columns), grid.sum(axis=0) if len(grid) else pd.Series(dtype=float))
    out = pd.DataFrame(
        [
            [grid.at[r, c] if r in grid.index and c in grid.columns and pd.notna(grid.at[r, c]) else 0 for c, _ in cols]
            for r, _ in rows
        ],
        index=[lbl for _, lbl in rows],
        columns=[lbl for _, lbl in cols],
        dtype=float,
    )
    if "column" in definition.totals and len(out.columns) > 1:
        out[TOTAL] = out.sum(axis=1)
    if "row" in definition.totals:
        out.loc[TOTAL] = out.sum(axis=0)
    return out


def build(
    run: Callable[..., pd.DataFrame], school_year: str, provider: str | None, definitions: list[TableDef] | None = None
) -> list[BilanTable]:
    return [
        BilanTable(d, shape(d, run(d.query, school_year=school_year, provider=provider)))
        for d in (definitions or load_definitions())
    ]


def file_name(school_year: str, provider: str | None) -> str:
    who = re.sub(r"[^\w\- ]+", "", provider or "reseau", flags=re.UNICODE).strip().replace(" ", "-")
    return f"bilan-clas-{school_year}-{who}.xlsx"


_BOLD = Font(bold=True)
_HEAD = PatternFill("solid", fgColor="DCE6F1")
_THIN = Border(bottom=Side(style="thin", color="999999"))


def workbook(tables: list[BilanTable], school_year: str, provider: str | None) -> bytes:
    """One sheet « Bilan » with every table under the other (the way CAF forms read), real numbers in the
    French number format, and a sheet per table for a city that copies them into its CAF's form."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Bilan"
    # A provider's name comes from a register or a reference file: neutralised like every exported text.
    ws.append([neutralise(f"Bilan CLAS {school_year} — {provider or NETWORK}")])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(
        [
            "Chiffres des registres importés (enfants inscrits) et des feuilles « Équipe » ; "
            "tableaux définis dans data/bilan.toml."
        ]
    )
    for t in tables:
        ws.append([])
        _table(ws, t)
        one = wb.create_sheet(t.definition.id[:31])
        _table(one, t)
        one.column_dimensions["A"].width = 46
    ws.column_dimensions["A"].width = 46
    for sheet in wb.worksheets:
        for col in range(2, 8):
            sheet.column_dimensions[get_column_letter(col)].width = 18
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _table(ws, t: BilanTable) -> None:
    ws.append([neutralise(t.definition.title)])
    ws.cell(ws.max_row, 1).font = _BOLD
    ws.append([""] + [neutralise(str(c)) for c in t.frame.columns])
    for c in range(1, len(t.frame.columns) + 2):
        cell = ws.cell(ws.max_row, c)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEAD, Alignment(horizontal="center", wrap_text=True)
    for label, values in t.frame.iterrows():
        ws.append([neutralise(str(label))] + [float(v) if not float(v).is_integer() else int(v) for v in values])
        r = ws.max_row
        for c in range(2, len(values) + 2):
            v = ws.cell(r, c).value
            ws.cell(r, c).number_format = "# ##0" if isinstance(v, int) else "# ##0,0"
        if label == TOTAL:
            for c in range(1, len(values) + 2):
                ws.cell(r, c).font = _BOLD
                ws.cell(r, c).border = _THIN


def providers_with_data(con, school_year: str) -> list[str]:
    return db.run(con, "bilan_providers", school_year=school_year)["provider"].tolist()


def write_all(con, school_year: str, out_dir: Path, provider: str | None = None) -> list[Path]:
    """The command line's bilans: one provider's, or every provider's of the year and the network's."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    definitions = load_definitions()
    who = [provider] if provider else [*providers_with_data(con, school_year), None]
    written = []
    for p in who:
        tables = build(lambda q, **kw: db.run(con, q, **kw), school_year, p, definitions)
        path = out_dir / file_name(school_year, p)
        path.write_bytes(workbook(tables, school_year, p))
        written.append(path)
    return written
