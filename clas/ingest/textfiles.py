"""Formats calamine does not read: CSV and tab-separated text in any common encoding, and flat ODS (.fods).

CSV: UTF-8 (with or without BOM), UTF-16 (Excel's « Texte Unicode », tab-separated), else Windows-1252.
The delimiter is the one that gives the most rows with the same number of columns (a `|` file whose
« Critères » cells hold commas reads by `|`). Flat ODS is one XML document; it is read as a stream.
"""

from __future__ import annotations

import codecs
import collections
import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

from clas.ingest.errors import FileRejected

DELIMITERS = (";", ",", "\t", "|")
SAMPLE_LINES = 200


def decode(data: bytes) -> str:
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace")
    head = data[:4096]
    if len(head) >= 8 and head[1::2].count(0) > 0.4 * len(head[1::2]):
        return data.decode("utf-16-le", errors="replace")
    if len(head) >= 8 and head[0::2].count(0) > 0.4 * len(head[0::2]):
        return data.decode("utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # LibreOffice and Excel on Windows export in Windows-1252; it decodes any byte but five.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def pick_delimiter(text: str) -> str | None:
    """The delimiter under which the most sample rows have the same number (≥ 2) of columns."""
    sample = "\n".join(text.splitlines()[:SAMPLE_LINES])
    best, best_score = None, (0, 0)
    for d in DELIMITERS:
        if d not in sample:
            continue
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=d) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        counts = collections.Counter(w for w in widths if w >= 2)
        if not counts:
            continue
        width, rows = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if (rows, width) > best_score:
            best, best_score = d, (rows, width)
    return best


def read_csv_rows(data: bytes, limit: int) -> tuple[list[list], int]:
    """(rows, rows beyond `limit` not kept) of a text table."""
    text = decode(data)
    delimiter = pick_delimiter(text)
    if delimiter is None:
        raise FileRejected(
            "Le fichier texte n'a pas de colonnes (ni « ; » ni « , » ni « | » ni tabulation) : "
            "ce n'est pas un tableau CSV."
        )
    csv.field_size_limit(10 * 1024 * 1024)
    rows: list[list] = []
    beyond = 0
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(rows) < limit:
                rows.append([c.strip() for c in row])
            else:
                beyond += 1
    except csv.Error:
        raise FileRejected(
            "Le fichier texte est mal formé (guillemets ou fins de ligne incohérents) : "
            "ouvrez-le dans votre tableur et enregistrez-le de nouveau en CSV."
        )
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        if len(r) < width:
            r.extend([""] * (width - len(r)))
    return rows, beyond


# --- flat ODS ----------------------------------------------------------------------------------------------
T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
X = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
MAX_REPEAT = 10_000  # a repeated block of empty cells or rows stands for the rest of the sheet


def _cell_value(el):
    typ = el.get(O + "value-type")
    if typ in ("float", "percentage", "currency"):
        try:
            return float(el.get(O + "value"))
        except (TypeError, ValueError):
            pass
    elif typ == "date":
        v = el.get(O + "date-value") or ""
        try:
            return (
                dt.datetime.fromisoformat(v) if "T" in v else dt.datetime.combine(dt.date.fromisoformat(v), dt.time())
            )
        except ValueError:
            pass
    elif typ == "boolean":
        return el.get(O + "boolean-value") == "true"
    texts = ["".join(p.itertext()) for p in el.iter(X + "p")]
    return "\n".join(texts).strip()


def read_fods(data: bytes, limit: int) -> list[tuple[str, list[list], list, int]]:
    """[(sheet name, rows, merged ranges, rows beyond limit)] of a flat ODS document."""
    sheets = []
    try:
        for _event, el in ET.iterparse(io.BytesIO(data), events=("end",)):
            if el.tag == T + "table":
                sheets.append(_table(el, limit))
                el.clear()
    except ET.ParseError:
        raise FileRejected(
            "Le fichier OpenDocument à plat (.fods) est abîmé : "
            "ouvrez-le dans votre tableur, réenregistrez au format .xlsx, puis importez-le à nouveau."
        )
    return sheets


def _table(table, limit: int):
    rows: list[list] = []
    merged = []
    pending_blank = 0
    beyond = 0
    for row_el in table.iter(T + "table-row"):
        cells: list = []
        for c in row_el:
            if c.tag not in (T + "table-cell", T + "covered-table-cell"):
                continue
            n = min(int(c.get(T + "number-columns-repeated", "1")), MAX_REPEAT)
            value = _cell_value(c) if c.tag == T + "table-cell" else ""
            span_c, span_r = int(c.get(T + "number-columns-spanned", "1")), int(c.get(T + "number-rows-spanned", "1"))
            if span_c > 1 or span_r > 1:
                r0, c0 = len(rows) + pending_blank, len(cells)
                merged.append(((r0, c0), (r0 + span_r - 1, c0 + span_c - 1)))
            if value == "" and n > 1:
                cells.extend([""] * min(n, 256))
            else:
                cells.extend([value] * n)
        while cells and cells[-1] == "":
            cells.pop()
        repeat = int(row_el.get(T + "number-rows-repeated", "1"))
        if not cells:
            pending_blank += repeat
            continue
        for _ in range(min(repeat, MAX_REPEAT)):
            if len(rows) + pending_blank >= limit:
                beyond += 1
                continue
            rows.extend([[] for _ in range(pending_blank)])
            pending_blank = 0
            rows.append(list(cells))
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend([""] * (width - len(r)))
    return table.get(T + "name") or "Feuille", rows, merged, beyond
