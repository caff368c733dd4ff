"""Reading a provider file into raw grids of cells, guarded against what could hurt the machine.

The format is taken from the bytes, not the extension (a `.xls` that is really CSV happens). Every
spreadsheet format goes through calamine (xlsx, xls, ods: ~7x faster than openpyxl); CSV through the
csv module after detecting the encoding (UTF-8, else Windows-1252) and the delimiter.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

import python_calamine as calamine

from clas.ingest.errors import FileRejected

MAX_FILE_BYTES = 50 * 1024 * 1024          # what a provider register can plausibly weigh, with margin
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024  # a zip bomb expands past this long before parsing starts
MAX_COMPRESSION_RATIO = 200
MAX_ROWS = 300_000                          # per sheet; a register is ~100 rows, the bench 200,000


@dataclass
class Sheet:
    name: str
    rows: list[list]                        # row i is spreadsheet row i + 1
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    truncated: bool = False
    hidden: bool = False


def sniff_format(data: bytes) -> str:
    if not data.strip():
        raise FileRejected("Le fichier est vide.")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
                _check_zip(z)
                if "mimetype" in names and b"opendocument.spreadsheet" in z.read("mimetype"):
                    return "ods"
                if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                    return "xlsx"
        except zipfile.BadZipFile:
            raise FileRejected("Le fichier est une archive ZIP abîmée : ce n'est pas un classeur lisible.")
        raise FileRejected("Le fichier est une archive ZIP mais pas un classeur Excel ou OpenDocument.")
    if data[:5] == b"%PDF-":
        raise FileRejected("Le fichier est un PDF : envoyez le tableau lui-même (xlsx, xls, ods ou csv).")
    head = data[:4096]
    if b"\x00" in head:
        raise FileRejected("Le fichier n'est ni un classeur (xlsx, xls, ods) ni un fichier texte CSV.")
    return "csv"


def _check_zip(z: zipfile.ZipFile) -> None:
    infos = z.infolist()
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO and total > 20 * 1024 * 1024:
        raise FileRejected(
            f"Le classeur se décompresse en {total / 1e6:,.0f} Mo : trop volumineux pour un registre "
            "(fichier corrompu ou piégé). Rien n'a été importé.".replace(",", " "))


def read_file(data: bytes) -> tuple[str, list[Sheet]]:
    """(format, sheets) of a provider file; FileRejected with a French message when it cannot be read."""
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected(f"Le fichier pèse {len(data) / 1e6:.0f} Mo, au-delà de la limite de "
                           f"{MAX_FILE_BYTES // 1_000_000} Mo pour un registre.")
    fmt = sniff_format(data)
    sheets = _read_csv(data) if fmt == "csv" else _read_workbook(data, fmt)
    if not any(any(c != "" for c in row) for s in sheets for row in s.rows):
        raise FileRejected("Le fichier ne contient aucune donnée.")
    return fmt, sheets


def _read_workbook(data: bytes, fmt: str) -> list[Sheet]:
    try:
        wb = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError:
        raise FileRejected("Le classeur est protégé par un mot de passe : enregistrez-le sans mot de passe.")
    except Exception as exc:  # calamine raises several types for damaged files
        raise FileRejected(f"Le classeur ({fmt}) est illisible ou abîmé : {type(exc).__name__}.")
    sheets = []
    for meta in wb.sheets_metadata:
        if str(meta.typ) != "SheetTypeEnum.WorkSheet":
            continue
        try:
            ws = wb.get_sheet_by_name(meta.name)
            rows = ws.to_python(skip_empty_area=False, nrows=MAX_ROWS + 1)
            merged = _merged_ranges(ws)
        except Exception as exc:
            raise FileRejected(f"La feuille « {meta.name} » est illisible : {type(exc).__name__}.")
        truncated = len(rows) > MAX_ROWS
        hidden = str(meta.visible) != "SheetVisibleEnum.Visible"
        sheets.append(Sheet(meta.name, rows[:MAX_ROWS], merged, truncated, hidden))
    return sheets


def _merged_ranges(ws) -> list:
    try:
        return list(ws.merged_cell_ranges or [])
    except Exception:  # not every format reports merges; a header then relies on forward-filling
        return []


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # LibreOffice and Excel on Windows export in Windows-1252; it decodes any byte but five.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _read_csv(data: bytes) -> list[Sheet]:
    text = _decode(data)
    sample = "\n".join(text.splitlines()[:50])
    counts = {d: sample.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=counts.get)
    if counts[delimiter] == 0:
        raise FileRejected("Le fichier texte n'a pas de colonnes (ni « ; » ni « , » ni tabulation) : "
                           "ce n'est pas un tableau CSV.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    truncated = False
    for i, row in enumerate(reader):
        if i >= MAX_ROWS:
            truncated = True
            break
        rows.append([c.strip() for c in row])
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return [Sheet("CSV", rows, [], truncated)]
