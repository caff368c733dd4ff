"""Reading a very large xlsx sheet a slice of rows at a time, to bound memory.

calamine builds a whole sheet's grid in Rust before handing over a single row: a 290,000 × 18 register
costs it ~420 MB on top of the Python rows it becomes. An xlsx sheet is one XML stream of <row> elements
that carry their own position (r="12"), so the stream is cut at row boundaries into slices of a few tens of
megabytes. Each slice goes back into a small copy of the workbook (same shared strings, styles and date
system) that calamine reads as usual: the values, types and dates are calamine's own, and only the grids of
the few slices in flight live at a time (parsed ahead on two threads: see _parsed_ahead).

Anything unexpected (rows without positions, an unusual package layout) returns None and the caller reads
the sheet whole: slicing is an optimisation, never a second reader with its own interpretation.
"""

from __future__ import annotations

import collections
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from xml.etree import ElementTree

import python_calamine as calamine

from clas.ingest.memory import give_back, shared_rows

SLICE_BYTES = 8 << 20  # XML per slice: ~9,000 rows of 18 columns, ~15 MB of calamine grid
SLICED_FROM = 64 << 20  # sheets whose XML is smaller are read whole (every real register is far smaller)
_BLOCK = 2 << 20
_SHEET_DATA = re.compile(rb"<([A-Za-z_][\w.-]*:)?sheetData\b[^>]*?(/?)>")
_EMPTY_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
)


class _NotSliceable(Exception):
    """The sheet's XML is not laid out the way slicing relies on: read it whole."""


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """{sheet name: its part in the package}, from the workbook's relationships."""
    office = "xl/workbook.xml"
    root = ElementTree.fromstring(zf.read("_rels/.rels"))
    for rel in root.iterfind(".//{*}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            office = _resolve("", rel.get("Target", ""))
    base = posixpath.dirname(office)
    rels_path = posixpath.join(base, "_rels", posixpath.basename(office) + ".rels")
    targets = {
        rel.get("Id"): _resolve(base, rel.get("Target", ""))
        for rel in ElementTree.fromstring(zf.read(rels_path)).iterfind(".//{*}Relationship")
    }
    parts = {}
    for sheet in ElementTree.fromstring(zf.read(office)).iterfind(".//{*}sheet"):
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        if rid in targets:
            parts[sheet.get("name")] = targets[rid]
    return parts


def _resolve(base: str, target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))


def sliceable_part(data: bytes, sheet: str) -> str | None:
    """The sheet's part when it is large enough to be worth slicing, else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            part = sheet_parts(zf).get(sheet)
            if part is None or zf.getinfo(part).file_size < SLICED_FROM:
                return None
            return part
    except Exception:  # noqa: BLE001 (any oddity in the package: the whole read decides what it is)
        return None


def read_sliced(data: bytes, sheet: str, part: str, limit: int, slice_bytes: int | None = None):
    """(rows, total rows, merged ranges) of one sheet, as the whole read would give them (row i being
    spreadsheet row i + 1, every row as wide as the sheet); None when the sheet cannot be sliced."""
    try:
        return _read_sliced(data, sheet, part, limit, slice_bytes or SLICE_BYTES)
    except _NotSliceable:
        return None


def _read_sliced(data, sheet, part, limit, slice_bytes):
    rows: list[list] = []
    width = total = 0
    shared: dict = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        others = _package_without(zf, part)
        head, slices, tail = _split(zf.open(part), slice_bytes)
        for ws in _parsed_ahead(others, part, head, slices, tail, sheet):
            if ws.end is None:
                continue
            (r0, c0), (r1, c1) = ws.start, ws.end
            if r0 < len(rows) and len(rows) < limit:
                raise _NotSliceable  # rows written out of order: only the whole read can place them
            total, width = max(total, r1 + 1), max(width, c1 + 1)  # the whole sheet's, as calamine's
            rows.extend([] for _ in range(min(r0, limit) - len(rows)))  # blank rows, padded below
            if len(rows) >= limit:
                continue  # past the limit: only the sheet's size is still needed
            # the used area only: iter_rows would start every slice from the sheet's first row
            cells = ws.to_python(skip_empty_area=True, nrows=min(r1 - r0 + 1, limit - len(rows)))
            del ws
            pad = [""] * c0  # the slice's used area starts at its first column, the sheet's rows at A
            rows.extend(pad + r if c0 else r for r in shared_rows(cells, shared))
            del cells
        merged = _merged(others, part, (head, tail.closing, tail.rest), sheet)
    # Freed memory is handed back once, here, not after each slice: the next slice's grid reuses it, and
    # pages handed back come back zeroed by the kernel (0,7 s CPU of the 200,000-row register's read).
    give_back()
    for r in rows:  # blank rows between slices, and slices narrower than the sheet, padded as calamine pads
        if len(r) < width:
            r.extend([""] * (width - len(r)))
    return rows, total, merged


AHEAD = 2  # slices parsed ahead, each in a thread of its own while this one turns the previous into rows


def _parsed_ahead(others, part, head, slices, tail, sheet) -> Iterator:
    """The slices' sheets, in order, each parsed in a worker thread: calamine parses in Rust without the
    interpreter's lock, so the next slices are parsed while the current one becomes Python rows (on a
    machine with two cores or more; on one, in turn as before)."""
    pool = ThreadPoolExecutor(max_workers=AHEAD, thread_name_prefix="xlsx-slice")
    pending: collections.deque = collections.deque()
    try:
        for body in slices:
            if not re.match(rb"\s*<([\w.-]+:)?row\s[^>]*?\br=", body):
                raise _NotSliceable  # positions would be counted from the slice's start, not the sheet's
            pending.append(pool.submit(_slice_sheet, others, part, (head, body, tail.closing), sheet))
            if len(pending) > AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _Tail:
    def __init__(self, prefix: bytes):
        self.closing = b"</" + prefix + b"sheetData>"
        self.rest = b""


def _split(stream, slice_bytes: int) -> tuple[bytes, Iterator[bytes], _Tail]:
    """The XML up to <sheetData> (without its <dimension>), an iterator of whole-row slices, and what
    follows </sheetData> (filled in once the slices are consumed)."""
    buf = b""
    while True:
        block = stream.read(_BLOCK)
        buf += block
        m = _SHEET_DATA.search(buf)
        if m or not block or len(buf) > 4 * _BLOCK:
            break
    if not m or m.group(2):  # no sheet data, or an empty one: nothing worth slicing
        raise _NotSliceable
    prefix = m.group(1) or b""
    head = re.sub(rb"<(?:[\w.-]+:)?dimension\b[^>]*/>", b"", buf[: m.end()])  # a whole-sheet size hint
    tail = _Tail(prefix)
    return head, _slices(stream, buf[m.end() :], prefix, slice_bytes, tail), tail


def _slices(stream, buf: bytes, prefix: bytes, slice_bytes: int, tail: _Tail) -> Iterator[bytes]:
    row = b"<" + prefix + b"row"
    searched = 0  # the closing tag is looked for in what was not searched yet
    while True:
        end = buf.find(tail.closing, max(0, searched - len(tail.closing)))
        searched = len(buf)
        body_end = end if end >= 0 else len(buf)
        pos = 0
        while body_end - pos > slice_bytes:
            # the last row starting within the slice's size; a single larger row makes a slice of its own
            cut = _row_start(buf, row, pos + 1, pos + slice_bytes, backwards=True)
            if cut < 0:
                cut = _row_start(buf, row, pos + slice_bytes, body_end, backwards=False)
                if cut < 0:
                    break
            yield memoryview(buf)[pos:cut]  # no copy: the slice is written out before the next is cut
            pos = cut
        if end >= 0:
            tail.rest = buf[end + len(tail.closing) :] + stream.read()
            if re.search(rb"\S", memoryview(buf)[pos:end]):
                yield memoryview(buf)[pos:end]
            return
        block = stream.read(_BLOCK)
        if not block:
            raise _NotSliceable  # the sheet never closes its data: let the whole read judge it
        buf = buf[pos:] + block
        searched -= pos


def _row_start(buf: bytes, row: bytes, lo: int, hi: int, backwards: bool) -> int:
    """Where a <row> element starts in buf[lo:hi], the last or the first; -1 if none."""
    while True:
        i = buf.rfind(row, lo, hi) if backwards else buf.find(row, lo, hi)
        if i < 0 or buf[i + len(row) : i + len(row) + 1] in (b" ", b">", b"/", b"\t", b"\n", b"\r"):
            return i
        hi, lo = (i, lo) if backwards else (hi, i + 1)


def _package_without(zf: zipfile.ZipFile, part: str) -> dict[str, bytes]:
    """Every part of the workbook but the sliced sheet; other sheets emptied (never read here)."""
    sheets = set(sheet_parts(zf).values())
    return {
        info.filename: (_EMPTY_SHEET if info.filename in sheets else zf.read(info))
        for info in zf.infolist()
        if info.filename != part and not info.is_dir()
    }


def _slice_sheet(others: dict[str, bytes], part: str, pieces: tuple, sheet: str):
    """The sheet of a copy of the workbook whose sheet XML is the pieces put end to end."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for name, content in others.items():
            zf.writestr(name, content)
        with zf.open(part, "w", force_zip64=True) as xml:
            for piece in pieces:
                xml.write(piece)
    out.seek(0)
    return calamine.CalamineWorkbook.from_filelike(out).get_sheet_by_name(sheet)


def _merged(others, part, pieces, sheet) -> list:
    try:
        return list(_slice_sheet(others, part, pieces, sheet).merged_cell_ranges or [])
    except Exception:  # noqa: BLE001 (as in the whole read: a header then relies on forward-filling)
        return []
