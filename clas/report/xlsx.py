"""rapport-clas-YYYY-YYYY.xlsx: the key indicators, then one sheet per theme, numbers as numbers.

Each sheet holds its tables one below the other: a bold title, a header row, the rows, then the source
line and the small-cell note. The first table's header row is frozen. Number formats are Excel's neutral
codes ('#,##0', '0.0%'): a French Excel shows them as 1 234 and 12,3 %. A hidden cell is the only text in
a number column ('< 5', 'masqué'). No formula anywhere; any text starting with = + - @ is neutralised.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from clas.domain.fmt import neutralise
from clas.report.model import KINDS, Hidden, Report, Table, Value

HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="9AA5B1")
TITLE_FONT = Font(bold=True, size=13)
NOTE_FONT = Font(italic=True, size=9, color="555555")


def _value(cell):
    """The stored value of a report cell: a number, a neutralised text, or None."""
    if isinstance(cell, Hidden):
        return cell.text
    if isinstance(cell, Value):
        return cell.value
    if isinstance(cell, str):
        return neutralise(cell)
    if cell is None:
        return None
    return float(cell) if not isinstance(cell, int) else cell


def write_table(ws, table: Table, top: int) -> tuple[int, int]:
    """Write `table` from row `top`; returns (header row, next free row)."""
    ws.cell(top, 1, neutralise(table.title)).font = TITLE_FONT
    header = top + 1
    for c, col in enumerate(table.columns, start=1):
        cell = ws.cell(header, c, neutralise(col.header))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="left" if c == 1 else "center")
        cell.border = Border(bottom=THIN)
    for r, row in enumerate(table.rows):
        excel_row = header + 1 + r
        for c, value in enumerate(row):
            cell = ws.cell(excel_row, c + 1, _value(value))
            kind = table.cell_kind(r, c)
            if isinstance(value, Hidden):
                cell.alignment = Alignment(horizontal="right")
            elif kind != "text" and KINDS[kind][0]:
                cell.number_format = KINDS[kind][0]
            if r in table.total_rows:
                cell.font = Font(bold=True)
                cell.fill = TOTAL_FILL
    row = header + 1 + len(table.rows)
    for text in (table.source, table.note):
        if text:
            ws.cell(row, 1, neutralise(text)).font = NOTE_FONT
            row += 1
    return header, row + 1


def _widths(ws, tables: list[Table]) -> None:
    widths: dict[int, float] = {}
    for t in tables:
        for c, col in enumerate(t.columns, start=1):
            widths[c] = max(widths.get(c, 0), col.width)
    for c, w in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = w


def _sheet(wb: Workbook, name: str, tables: list[Table], first: bool = False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = name
    top, frozen = 1, None
    for table in tables:
        header, top = write_table(ws, table, top)
        frozen = frozen or header
    if frozen:
        ws.freeze_panes = ws.cell(frozen + 1, 1)
    _widths(ws, tables)
    ws.sheet_view.zoomScale = 100
    return ws


def workbook(report: Report) -> Workbook:
    wb = Workbook()
    _sheet(wb, "Indicateurs clés", [report.indicator_table], first=True)
    for section in report.sections:
        _sheet(wb, section.sheet, section.tables)
    wb.properties.title = f"Rapport annuel CLAS {report.year}"
    wb.properties.creator = "Tableau de bord CLAS"
    return wb


def to_bytes(report: Report) -> bytes:
    buf = io.BytesIO()
    workbook(report).save(buf)
    return buf.getvalue()
