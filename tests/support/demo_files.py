"""Reading the synthetic demo's generated files back directly (tools.demo), so that the demo's tests do not
depend on the importer they feed: every visible sheet's cells, the header row, the register rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import python_calamine as calamine

from clas.ingest.columns import map_header

NOT_REGISTERS = {"Synthèse", "Instructions", "Listes", "Équipe"}  # Équipe: the team (issue 15), read apart
ACTION_SHEET = "Actions parents"


def enrolled_of(recs):
    return [r for r in recs if r.outcome == "inscrit" and r.copy_of is None]


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_grids(path: Path) -> list[tuple[str, list[list], list]]:
    """(sheet name, rows, merged ranges) of every visible sheet."""
    if path.suffix == ".csv":
        text = path.read_bytes().decode("cp1252")
        return [("CSV", list(csv.reader(io.StringIO(text, newline=""), delimiter=";")), [])]
    wb = calamine.CalamineWorkbook.from_path(str(path))
    out = []
    for meta in wb.sheets_metadata:
        if str(meta.visible) != "SheetVisibleEnum.Visible":
            continue
        ws = wb.get_sheet_by_name(meta.name)
        out.append((meta.name, ws.to_python(skip_empty_area=False), list(ws.merged_cell_ranges or [])))
    return out


def filled_upper(row: list, merged: list, r: int) -> list:
    """The row above a header, each merged cell's text spread over the columns it covers."""
    out = list(row)
    for (r0, c0), (r1, c1) in merged:
        if r0 <= r <= r1:
            for c in range(c0, min(c1 + 1, len(out))):
                out[c] = row[c0]
    return out


def locate_header(rows: list[list], merged: list, index=None) -> tuple[int, list]:
    """(row index, field per column) of the row whose cells map to the most fields."""
    best = (-1, -1, [])
    for i, row in enumerate(rows[:12]):
        upper = filled_upper(rows[i - 1], merged, i - 1) if i else [""] * len(row)
        fields = [map_header(lo, up, index=index) if index else map_header(lo, up) for lo, up in zip(row, upper)]
        hits = sum(f is not None for f in fields)
        if hits > best[1]:
            best = (i, hits, fields)
    return best[0], best[2]


def register_rows(path: Path):
    """(sheet, spreadsheet row, {field: value}) of every data row of every register sheet."""
    for sheet, rows, merged in read_grids(path):
        if sheet in NOT_REGISTERS or sheet == ACTION_SHEET:
            continue
        h, fields = locate_header(rows, merged)
        for i in range(h + 1, len(rows)):
            row = rows[i]
            if all(v in ("", None) for v in row) or str(row[0]).strip().upper() == "TOTAL":
                continue
            yield sheet, i + 1, {f: v for f, v in zip(fields, row) if f}
