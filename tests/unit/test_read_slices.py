"""A very large xlsx sheet is read a slice of rows at a time (clas/ingest/xlsx_chunks.py) to bound memory.
Slicing must be invisible: the rows, their types, the sheet's size and its merged cells are exactly what
the whole read gives — checked here with slices of a few hundred bytes, so that every workbook is cut into
many slices, on our own workbooks and on every xlsx of ../shared/realworld."""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine as calamine

from clas.ingest import read, xlsx_chunks
from clas.ingest.errors import FileRejected
from clas.ingest.sniff import sniff_format
from tests.support import builders

pytestmark = pytest.mark.unit

REALWORLD = next(
    (p / "shared" / "realworld" for p in Path(__file__).resolve().parents if (p / "shared" / "realworld").is_dir()),
    None,
)


def whole(data: bytes, sheet: str, limit: int = 10_000):
    ws = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet)
    total = (ws.end[0] + 1) if ws.end else 0
    return ws.to_python(skip_empty_area=False, nrows=limit), total, sorted(read._merged_ranges(ws))


def sliced(data: bytes, sheet: str, limit: int = 10_000, slice_bytes: int = 300):
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        part = xlsx_chunks.sheet_parts(zf)[sheet]
    got = xlsx_chunks.read_sliced(data, sheet, part, limit, slice_bytes=slice_bytes)
    assert got is not None, f"« {sheet} » was not sliced"
    rows, total, merged = got
    return rows, total, sorted(merged)


def assert_same(a, b):
    (ra, ta, ma), (rb, tb, mb) = a, b
    assert (ta, ma) == (tb, mb)
    assert ra == rb
    assert [[type(v) for v in r] for r in ra] == [[type(v) for v in r] for r in rb]  # 1 vs 1.0, dates, bools


def offset_workbook() -> bytes:
    """Title rows, a table starting at column C, a merged title, blank rows, bools, dates, numbers, and
    repeated texts (shared strings) beside one-off ones."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Registre"
    ws["C2"] = "Association des Tilleuls – CLAS 2024-2025"
    ws.merge_cells("C2:F2")
    ws.append([])
    ws.append([None, None, *builders.HEADER[:6], "Présent"])
    for i in range(120):
        ws.append(
            [None, None, f"Nom{i}", "Marie", dt.date(2015, 1, 1 + i % 28), "F", "École Jean Jaurès", "CE2", i % 3 == 0]
        )
        if i % 37 == 0:
            ws.append([])  # a blank row in the middle, as people leave them
    ws.cell(row=200, column=12, value=1.5)  # one cell far right and below: the sheet's width and height
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_sliced_sheet_reads_exactly_as_the_whole_sheet():
    data = offset_workbook()
    assert_same(sliced(data, "Registre"), whole(data, "Registre"))
    assert_same(sliced(data, "Registre", slice_bytes=50_000), whole(data, "Registre"))  # one slice


def test_the_fixture_registers_and_a_workbook_of_several_sheets_read_the_same_sliced():
    data = builders.workbook_bytes(
        {
            "Registre": [["Association Les Petits Pas"], builders.HEADER, *builders.CHILDREN],
            "Actions": [["Date", "Type"], [dt.date(2024, 10, 3), "Café des parents"]],
        },
        merges={"Registre": ["A1:C1"]},
        hidden=("Actions",),
    )
    for sheet in ("Registre", "Actions"):
        assert_same(sliced(data, sheet, slice_bytes=200), whole(data, sheet))


def test_the_row_limit_and_the_count_beyond_it_are_the_whole_reads():
    data = offset_workbook()
    rows, total, _ = sliced(data, "Registre", limit=50)
    w_rows, w_total, _ = whole(data, "Registre", limit=50)
    assert (len(rows), total) == (50, 200) == (len(w_rows), w_total)
    assert rows == w_rows


def with_sheet_xml(data: bytes, sheet: str, change) -> tuple[bytes, str]:
    """(the workbook with its sheet's XML passed through `change`, the sheet's part)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        part = xlsx_chunks.sheet_parts(src)[sheet]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                content = src.read(info)
                dst.writestr(info, change(content) if info.filename == part else content)
    return out.getvalue(), part


def test_rows_without_positions_are_left_to_the_whole_read():
    # some writers number neither rows nor cells
    data, part = with_sheet_xml(
        builders.xlsx_bytes(builders.CHILDREN), "Registre", lambda xml: re.sub(rb' r="[A-Z]*[0-9]+"', b"", xml)
    )
    assert xlsx_chunks.read_sliced(data, "Registre", part, 1_000, slice_bytes=200) is None


def test_read_file_slices_a_large_sheet_and_gives_what_the_whole_read_gives(monkeypatch):
    data = offset_workbook()
    _, whole_sheets = read.read_file(data)
    calls = []
    real = xlsx_chunks._slice_sheet
    monkeypatch.setattr(xlsx_chunks, "_slice_sheet", lambda *a: calls.append(1) or real(*a))
    monkeypatch.setattr(xlsx_chunks, "SLICED_FROM", 1_000)
    monkeypatch.setattr(xlsx_chunks, "SLICE_BYTES", 400)
    _, sliced_sheets = read.read_file(data)
    assert len(calls) > 10  # many slices (and the merged cells' read)
    assert [(s.name, s.rows, sorted(s.merged), s.hidden) for s in sliced_sheets] == [
        (s.name, s.rows, sorted(s.merged), s.hidden) for s in whole_sheets
    ]


def realworld_sheets():
    if REALWORLD is None:
        return []
    found = []
    for path in sorted(REALWORLD.iterdir()):
        data = path.read_bytes()
        try:
            if sniff_format(data) != "xlsx":
                continue
            wb = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                parts = xlsx_chunks.sheet_parts(zf)
        except Exception:  # noqa: BLE001 (unreadable files are test_ingest_realworld's business)
            continue
        for meta in wb.sheets_metadata:
            try:
                ws = wb.get_sheet_by_name(meta.name)
            except Exception:  # noqa: BLE001
                continue
            if ws.end is not None and meta.name in parts:
                found.append(pytest.param(path, meta.name, id=f"{path.name}:{meta.name}"))
    return found


@pytest.mark.parametrize("path, sheet", realworld_sheets())
def test_every_realworld_xlsx_sheet_reads_the_same_sliced(path, sheet):
    data = path.read_bytes()
    assert_same(sliced(data, sheet, slice_bytes=4_000), whole(data, sheet))


def slicing_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("xlsx-slice")]


def test_slices_parsed_ahead_come_back_in_order_and_no_parsing_thread_outlives_the_read():
    # Many slices in flight on the parsing threads at once: the rows still come in the sheet's order.
    data = offset_workbook()
    assert_same(sliced(data, "Registre", slice_bytes=120), whole(data, "Registre"))
    assert slicing_threads() == []


def test_a_damaged_slice_refuses_the_file_as_the_whole_read_would_and_stops_the_threads(monkeypatch):
    def cut_row(xml: bytes) -> bytes:  # a row cut in the middle of the sheet, as a crashed writer leaves it
        cut = xml.index(b'<row r="60"')
        return xml[:cut] + b'<row r="60"><c r="C60" t="s"><v>' + xml[cut + 40 :]

    damaged, _ = with_sheet_xml(offset_workbook(), "Registre", cut_row)
    monkeypatch.setattr(xlsx_chunks, "SLICED_FROM", 1_000)
    monkeypatch.setattr(xlsx_chunks, "SLICE_BYTES", 400)
    with pytest.raises(FileRejected) as refused:
        read.read_file(damaged)
    assert "« Registre » est illisible ou abîmée" in refused.value.message
    assert slicing_threads() == []
