"""Reading a provider file into raw grids of cells, guarded against what could hurt the machine.

The format is taken from the bytes, not the extension (clas/ingest/sniff.py). Every spreadsheet format
calamine knows goes through it (xlsx, xlsb, xls, ods: ~7x faster than openpyxl); CSV and flat ODS through
clas/ingest/textfiles.py. A sheet longer than the reading limit refuses the file and says by how many rows:
no row is ever dropped silently.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass, field

import python_calamine as calamine

from clas.ingest.errors import FileRejected
from clas.ingest.memory import shared_rows
from clas.ingest.sniff import OLD_EXCEL, PASSWORD, damaged, is_old_excel, sniff_format
from clas.ingest.textfiles import read_csv_rows, read_fods
from clas.ingest.xlsx_chunks import read_sliced, sliceable_part

MAX_FILE_BYTES = 50 * 1024 * 1024  # what a provider register can plausibly weigh, with margin
MAX_ROWS = 300_000  # data rows per sheet; a register is ~100 rows, the bench 200,000
HEADER_ROWS = 40  # title and header rows above the data, on top of MAX_ROWS


@dataclass
class Sheet:
    name: str
    rows: list[list]  # row i is spreadsheet row i + 1
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    truncated: bool = False
    hidden: bool = False


class TooManyRows(FileRejected):
    def __init__(self, sheet: str, beyond: int):
        n = f"{beyond:,}".replace(",", "\u202f")
        lim = f"{MAX_ROWS:,}".replace(",", "\u202f")
        super().__init__(
            f"La feuille « {sheet} » dépasse la limite de {lim} lignes de données : {n} ligne"
            f"{'s' if beyond > 1 else ''} au-delà ne {'seraient' if beyond > 1 else 'serait'} pas "
            "lue" + ("s" if beyond > 1 else "") + ". Rien n'a été importé : découpez le fichier "
            "(par exemple une feuille par groupe) puis importez-le à nouveau."
        )
        self.rows_not_read = beyond


def read_file(data: bytes) -> tuple[str, list[Sheet]]:
    """(format, sheets) of a provider file; FileRejected with a French message when it cannot be read."""
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected(
            f"Le fichier pèse {len(data) / 1e6:.0f} Mo, au-delà de la limite de "
            f"{MAX_FILE_BYTES // 1_000_000} Mo pour un registre."
        )
    fmt = sniff_format(data)
    limit = MAX_ROWS + HEADER_ROWS  # the header and title rows do not count against the data rows
    if fmt == "csv":
        rows, beyond = read_csv_rows(data, limit)
        if beyond:
            raise TooManyRows("CSV", beyond)
        sheets = [Sheet("CSV", rows)]
    elif fmt == "fods":
        sheets = []
        for name, rows, merged, beyond in read_fods(data, limit):
            if beyond:
                raise TooManyRows(name, beyond)
            sheets.append(Sheet(name, rows, merged))
    else:
        sheets = _read_workbook(data, fmt, limit)
    if not any(any(c != "" and c is not None for c in row) for s in sheets for row in s.rows):
        raise FileRejected("Le fichier ne contient aucune donnée.")
    return fmt, sheets


def _read_workbook(data: bytes, fmt: str, limit: int) -> list[Sheet]:
    try:
        wb = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError:
        raise FileRejected(PASSWORD)
    except Exception:  # calamine raises several types for damaged files; the user needs what to do, not which
        raise FileRejected(OLD_EXCEL if fmt == "xls" and is_old_excel(data) else damaged(fmt))
    sheets = []
    for meta in wb.sheets_metadata:
        if str(meta.typ) != "SheetTypeEnum.WorkSheet":
            continue
        try:
            part = sliceable_part(data, meta.name) if fmt == "xlsx" else None
            sliced = read_sliced(data, meta.name, part, limit) if part else None
            if sliced:
                rows, total, merged = sliced
            else:
                ws = wb.get_sheet_by_name(meta.name)
                total = (ws.end[0] + 1) if ws.end else 0
                rows = _rows(ws, limit, total)
                merged = _merged_ranges(ws)
                del ws
        except calamine.PasswordError:
            raise FileRejected(PASSWORD)
        except Exception:
            raise FileRejected(
                f"La feuille « {meta.name} » est illisible ou abîmée : ouvrez le classeur dans votre "
                "tableur, réenregistrez au format .xlsx, puis importez-le à nouveau."
            )
        if total > len(rows) and len(rows) >= limit:
            raise TooManyRows(meta.name, total - len(rows))
        hidden = str(meta.visible) != "SheetVisibleEnum.Visible"
        sheets.append(Sheet(meta.name, rows, merged, False, hidden))
    return sheets


LARGE_SHEET = 50_000  # rows past which repeated texts are shared (memory) rather than copied per cell


def _rows(ws, limit: int, total: int) -> list[list]:
    """The sheet's cells, row i being spreadsheet row i + 1. A large register repeats a few values (« Oui »,
    a school, a neighbourhood, dates, counts) hundreds of thousands of times: read row by row, each distinct
    value is kept once, which keeps a 290,000-row sheet well under the memory a cell-by-cell copy takes
    (every number is an object of its own otherwise)."""
    if total <= LARGE_SHEET or tuple(ws.start or (0, 0)) != (0, 0):  # iter_rows starts at the used area
        return ws.to_python(skip_empty_area=False, nrows=limit)
    return list(shared_rows(itertools.islice(ws.iter_rows(), limit), {}))


def _merged_ranges(ws) -> list:
    try:
        return list(ws.merged_cell_ranges or [])
    except Exception:  # not every format reports merges; a header then relies on forward-filling
        return []
