"""A file that cannot be read ends in a clear French error and leaves the database exactly as it was."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import duckdb
import pytest

from clas.ingest import import_file, read, sniff
from clas.store import db
from clas.store.reference import load_reference
from tests.support.builders import CHILDREN, HEADER, TODAY, csv_bytes, dump, xlsx_bytes

FIXTURES = Path(__file__).parents[1] / "fixtures"
PETITS_PAS = {"provider": "Les Petits Pas", "school_year": "2024-2025"}


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return buf.getvalue()


def _xlsx_shell(sheet_xml: bytes) -> bytes:
    """The members that make a zip look like an Excel workbook, around the given sheet."""
    return _zip(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/content-types"/>',
            "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheets><sheet name="Registre" sheetId="1" r:id="rId1"/>'
            b"</sheets></workbook>",
            "xl/worksheets/sheet1.xml": sheet_xml,
        }
    )


def _pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def _other_table() -> bytes:
    """A workbook, but of something else: the association's equipment inventory."""
    return xlsx_bytes(
        [["Ordinateur portable", 3, 450.0], ["Tableau blanc", 1, 89.9]],
        sheet="Inventaire",
        header=["Article", "Quantité", "Prix unitaire"],
    )


def _all_rows_wrong() -> bytes:
    rows = [[*c[:2], None, *c[3:]] for c in CHILDREN]  # no birth date anywhere
    return xlsx_bytes(rows)


UNREADABLE = {
    "empty file": (lambda: b"", "vide"),
    "only blanks": (lambda: b"  \r\n\r\n ", "vide"),
    "random bytes": (lambda: random.Random(2).randbytes(3000), "ni un classeur"),
    "a PDF": (_pdf, "PDF"),
    "a zip that is not a workbook": (
        lambda: _zip({"photos/sortie.txt": b"pas un tableau"}),
        "archive ZIP mais pas un classeur",
    ),
    "a damaged xlsx": (lambda: xlsx_bytes(CHILDREN)[:1500], "archive ZIP abîmée"),
    "a broken workbook inside a good zip": (lambda: _xlsx_shell(b"<not xml"), "illisible"),
    "a text file without columns": (lambda: b"Bonjour\nvoici notre registre\n", "pas de colonnes"),
    "a table that is not a register": (_other_table, "Aucun registre d'enfants trouvé"),
    "a register with a header but no rows": (lambda: xlsx_bytes([]), "aucune ligne d'enfant"),
    "a register whose every row is wrong": (_all_rows_wrong, "Aucune ligne du registre n'est importable"),
}


@pytest.fixture
def loaded(con):
    """The fixture database holding one good import, so that "as it was" means something."""
    report = import_file(con, xlsx_bytes(CHILDREN), file_name="bon.xlsx", today=TODAY, **PETITS_PAS)
    assert report.status == "loaded"
    return con


@pytest.mark.parametrize("make, words", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_unreadable_file_is_rejected_and_changes_nothing(loaded, make, words):
    before = dump(loaded)
    report = import_file(loaded, make(), file_name="envoi.xlsx", today=TODAY, **PETITS_PAS)
    assert report.status == "rejected"
    assert report.rows_loaded == 0
    first = report.issues[0]
    assert (first.sheet, first.row, first.severity) == (None, None, "error")
    assert words in first.message
    assert first.message[0].isupper() and first.message.endswith(".")
    assert "Traceback" not in first.message and "Error:" not in first.message
    assert dump(loaded) == before
    # The connection is usable afterwards: no transaction left open.
    assert loaded.execute("SELECT count(*) FROM child_year").fetchall() == [(3,)]


def test_every_wrong_row_is_still_reported_when_the_file_is_rejected(loaded):
    report = import_file(loaded, _all_rows_wrong(), file_name="envoi.xlsx", today=TODAY, **PETITS_PAS)
    assert report.status == "rejected"
    # One line for the three rows with the same problem, with their count and range.
    assert [(e.row, e.column, e.count, e.rows) for e in report.errors[1:]] == [(2, "Date de naissance", 3, "2–4")]


# --- zip bombs: refused from the archive's directory, before any parsing --------------------------------


def _bomb(size: int) -> bytes:
    """A valid-looking xlsx whose sheet expands to `size` bytes (it compresses ~1000:1)."""
    return _xlsx_shell(b"<worksheet>" + b" " * size + b"</worksheet>")


@pytest.fixture
def no_parsing(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(read, "_read_workbook", refuse)


def test_zip_bomb_past_the_size_limit(loaded, monkeypatch, no_parsing):
    monkeypatch.setattr(sniff, "MAX_UNCOMPRESSED_BYTES", 2 * 1024 * 1024)
    data = _bomb(3 * 1024 * 1024)
    assert len(data) < 20_000
    before = dump(loaded)
    report = import_file(loaded, data, file_name="registre.xlsx", today=TODAY, **PETITS_PAS)
    assert report.status == "rejected"
    assert "se décompresse en" in report.issues[0].message and "trop volumineux" in report.issues[0].message
    assert dump(loaded) == before


def test_zip_bomb_by_compression_ratio(loaded, no_parsing):
    # Under the absolute limit, but 25 MB out of a few kilobytes is no spreadsheet.
    data = _bomb(25 * 1024 * 1024)
    report = import_file(loaded, data, file_name="registre.xlsx", today=TODAY, **PETITS_PAS)
    assert report.status == "rejected"
    assert "trop volumineux" in report.issues[0].message


def test_file_too_heavy_is_refused_before_reading(loaded, monkeypatch, no_parsing):
    monkeypatch.setattr(read, "MAX_FILE_BYTES", 1000)
    report = import_file(loaded, xlsx_bytes(CHILDREN), file_name="registre.xlsx", today=TODAY, **PETITS_PAS)
    assert report.status == "rejected"
    assert "au-delà de la limite" in report.issues[0].message


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_row_limit_counts_data_rows_and_is_never_silent(con, monkeypatch, kind):
    monkeypatch.setattr(read, "HEADER_ROWS", 2)  # the title rows allowed above the data
    monkeypatch.setattr(read, "MAX_ROWS", 3)
    make = (
        (lambda rows: xlsx_bytes(rows, above=[["Les Petits Pas"]]))
        if kind == "xlsx"
        else (lambda rows: csv_bytes([["Les Petits Pas"], HEADER, *rows]))
    )
    # Exactly the limit: every child loads, the header and title rows are not counted against it.
    report = import_file(con, make(CHILDREN), file_name=f"registre.{kind}", today=TODAY, **PETITS_PAS)
    assert (report.status, report.rows_read, report.rows_loaded) == ("loaded", 3, 3)
    # One row more: the file is refused and says how many rows would not be read.
    before = dump(con)
    report = import_file(
        con,
        make([*CHILDREN, CHILDREN[0][:1] + ["Léa"] + CHILDREN[0][2:]]),
        file_name=f"registre2.{kind}",
        today=TODAY,
        **PETITS_PAS,
    )
    assert report.status == "rejected" and report.rows_not_read == 1
    assert "1 ligne au-delà ne serait pas lue" in report.issues[0].message
    assert dump(con) == before


def test_missing_path_is_a_clear_error(con, tmp_path):
    report = import_file(con, tmp_path / "absent.xlsx", **PETITS_PAS)
    assert report.status == "rejected"
    assert report.file == "absent.xlsx"
    assert report.issues[0].message.startswith("Fichier illisible")


# --- the database file: a failed writer leaves it byte for byte ----------------------------------------


def _file_db(path: Path) -> None:
    with db.writing(path) as c:
        load_reference(c, FIXTURES / "reference")
        assert import_file(c, xlsx_bytes(CHILDREN), file_name="bon.xlsx", today=TODAY, **PETITS_PAS).status == "loaded"


def test_writer_that_raises_leaves_the_file_unchanged(tmp_path):
    path = tmp_path / "clas.duckdb"
    _file_db(path)
    before = path.read_bytes()
    with pytest.raises(RuntimeError):
        with db.writing(path) as c:
            report = import_file(
                c,
                xlsx_bytes([*CHILDREN, ["Bernard", "Lucas", "10/02/2014", *CHILDREN[0][3:]]]),
                file_name="corrigé.xlsx",
                today=TODAY,
                **PETITS_PAS,
            )
            assert report.status == "loaded"  # written in the copy...
            raise RuntimeError("coupure pendant l'import")
    assert path.read_bytes() == before  # ...which was thrown away
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clas.duckdb", "clas.duckdb.lock"]


def test_rejected_file_through_the_writer_leaves_every_table_as_it_was(tmp_path):
    path = tmp_path / "clas.duckdb"
    _file_db(path)
    with duckdb.connect(str(path), read_only=True) as c:
        before = dump(c)
    with db.writing(path) as c:
        for make, _ in UNREADABLE.values():
            assert import_file(c, make(), file_name="envoi", today=TODAY, **PETITS_PAS).status == "rejected"
    with duckdb.connect(str(path), read_only=True) as c:
        assert dump(c) == before
