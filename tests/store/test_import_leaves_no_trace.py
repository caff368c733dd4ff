"""Nothing lost, nothing touched: a refused or unchanged import leaves the database file byte for byte (and
inode) as it was, copies left by a killed import go away, the database is its owner's only, every row read
is loaded or counted, and a long report stays short."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from clas.cli import main
from clas.store import db
from clas.store.reference import load_reference
from tests.support.builders import CHILDREN, HEADER, xlsx_bytes

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def base(tmp_path):
    path = tmp_path / "clas.duckdb"
    with db.writing(path) as con:
        load_reference(con, FIXTURES / "reference")
    return path


def _state(path: Path):
    st = path.stat()
    return path.read_bytes(), st.st_ino, st.st_mtime_ns


def test_database_and_its_copies_are_owner_only(base):
    assert stat.S_IMODE(base.stat().st_mode) == 0o600
    seen = []
    with db.writing(base) as con:
        seen += [stat.S_IMODE(p.stat().st_mode) for p in base.parent.glob("clas.duckdb.tmp*")]
        con.execute("CHECKPOINT")
    assert seen and set(seen) == {0o600}
    assert stat.S_IMODE(base.stat().st_mode) == 0o600


def test_copies_left_by_a_killed_import_are_removed(base):
    for name in ("clas.duckdb.tmp4242", "clas.duckdb.tmp4242.wal"):
        (base.parent / name).write_bytes(b"half-written")
    db.connect(base).close()  # the next start
    assert list(base.parent.glob("clas.duckdb.tmp*")) == []
    (base.parent / "clas.duckdb.tmp77").write_bytes(b"half-written")
    with db.writing(base):  # or the next import
        pass
    assert [p.name for p in base.parent.glob("clas.duckdb.tmp*")] == []


@pytest.mark.parametrize("what", ["refused", "unchanged"])
def test_refused_or_unchanged_import_leaves_the_file_untouched(base, tmp_path, capsys, what):
    good = tmp_path / "Les Petits Pas 2024-2025.xlsx"
    good.write_bytes(xlsx_bytes(CHILDREN))
    if what == "unchanged":
        assert main(["import", str(good), "--db", str(base)]) == 0
        target = good
    else:
        target = tmp_path / "vide.csv"
        target.write_bytes(b"rien;a;voir\n")
    before = _state(base)
    code = main(
        ["import", str(target), "--db", str(base), "--provider", "Inconnu Neuf", "--year", "2024-2025"]
        if what == "refused"
        else ["import", str(target), "--db", str(base)]
    )
    out = capsys.readouterr().out
    assert _state(base) == before  # bytes, inode and modification time: not even rewritten
    assert code == (1 if what == "refused" else 0)
    if what == "refused":
        assert "il a été créé" not in out and "n'a pas été créé" in out


def test_a_long_file_has_a_short_report_with_every_row_counted(base, tmp_path, capsys):
    rows = []
    for i in range(3000):
        r = list(CHILDREN[i % 3])
        r[0] = f"Enfant{i:05d}"
        r[5] = f"Niveau {i % 97}" if i % 2 else r[5]  # 1 500 rows with 97 distinct unknown grades
        r[6] = None  # every row without a neighbourhood
        rows.append(r)
    path = tmp_path / "Les Petits Pas 2024-2025.xlsx"
    path.write_bytes(xlsx_bytes(rows, header=HEADER))
    main(["import", str(path), "--db", str(base), "--json"])
    raw = capsys.readouterr().out
    [report] = json.loads(raw)["files"]
    assert report["rows_read"] == 3000 == report["rows_loaded"] + report["rows_rejected"]
    assert report["rows_rejected"] == 1500
    [quartier] = [i for i in report["issues"] if i["message"].startswith("Quartier manquant")]
    assert (quartier["count"], quartier["rows"], quartier["row"]) == (3000, "2–3001", 2)
    grades = [i for i in report["issues"] if i["column"] == "Classe"]
    assert len(grades) <= 26 and sum(i["count"] for i in grades) == 1500
    assert grades[-1]["message"].endswith("autres valeurs de cette colonne.")
    assert len(raw.encode()) < 40_000


@pytest.mark.parametrize("what", ["loaded", "refused"])
def test_an_import_pauses_the_cyclic_collector_and_gives_it_back(base, monkeypatch, what):
    """The collector is off while a file is read (clas/ingest/memory.py says why) and on again after, whether
    the file loaded or was refused; a collector someone else had switched off stays off."""
    import gc

    import clas.ingest as ingest

    seen = []
    real_read = ingest.read_file

    def read_file(data):
        seen.append(gc.isenabled())
        return real_read(data)

    monkeypatch.setattr(ingest, "read_file", read_file)
    data = xlsx_bytes(CHILDREN) if what == "loaded" else b"PK\x03\x04 not a workbook"
    with db.writing(base) as con:
        report = ingest.import_file(con, data, "Les Petits Pas 2024-2025.xlsx")
        assert report.status == what.replace("refused", "rejected")
        assert seen == [False] and gc.isenabled()
        gc.disable()
        try:
            ingest.import_file(con, data, "Les Petits Pas 2024-2025.xlsx")
            assert not gc.isenabled()
        finally:
            gc.enable()


def test_no_frame_of_the_file_outlives_its_writing_when_child_year_is_rebuilt(base, monkeypatch):
    """child_year's refresh is the import's memory peak: by then every frame holding the file's rows must be
    gone. DuckDB keeps what was registered inside a transaction until it ends, unregistered or not: the
    importer hands it streams that let go of their frame once read (clas/ingest/load.py)."""
    import gc

    import pandas as pd

    import clas.ingest as ingest

    alive = []
    real_refresh = ingest.db.refresh_child_year

    def refresh(con, *args):
        gc.collect()
        alive.extend(
            o.shape for o in gc.get_objects() if isinstance(o, pd.DataFrame) and "child_id" in o.columns and len(o)
        )
        return real_refresh(con, *args)

    monkeypatch.setattr(ingest.db, "refresh_child_year", refresh)
    with db.writing(base) as con:
        report = ingest.import_file(con, xlsx_bytes(CHILDREN), "Les Petits Pas 2024-2025.xlsx")
    assert report.status == "loaded" and report.rows_loaded == len(CHILDREN)
    assert alive == []
