"""python -m clas backup | restore: a consistent copy even while imports swap new files in, N generations kept,
owner-only files; a restore checks the file (it opens, every table reads through, the schema version is this
version's) before swapping it in, and keeps the file it replaces."""
from __future__ import annotations

import datetime as dt
import stat
import threading
from pathlib import Path

import duckdb
import pytest

from clas.store import backup
from clas.store import db
from clas.cli import main as cli
from tests.support.fixture_db import build_file


@pytest.fixture(scope="module")
def fixture_file(tmp_path_factory):
    return build_file(tmp_path_factory.mktemp("db") / "fixture.duckdb")


@pytest.fixture
def live(fixture_file, tmp_path, monkeypatch) -> Path:
    path = tmp_path / "clas.duckdb"
    path.write_bytes(fixture_file.read_bytes())
    monkeypatch.setenv("CLAS_DB", str(path))
    return path


def count(path: Path, table: str = "providers") -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.table(table).aggregate("count(*)").fetchall()[0][0]


def test_backups_are_consistent_while_imports_swap_files_in(live, tmp_path):
    stop = threading.Event()
    swaps = []

    def writer():
        while not stop.is_set():
            with db.writing(live) as con:        # what an import does: copy, write, rename over the live file
                con.execute("INSERT OR REPLACE INTO settings VALUES ('essai', $v)", {"v": str(len(swaps))})
            swaps.append(1)

    t = threading.Thread(target=writer)
    t.start()
    try:
        made = [backup.backup(tmp_path / "bk", keep=3).path for _ in range(6)]
    finally:
        stop.set()
        t.join()
    assert len(swaps) >= 2                                     # files really were swapped in meanwhile
    kept = backup.generations(tmp_path / "bk")
    assert kept == made[:-4:-1]           # the newest three, no partial file left
    assert sorted(p.name for p in (tmp_path / "bk").iterdir()) == sorted(p.name for p in kept)
    for p in kept:
        assert backup.check(p) is None and stat.S_IMODE(p.stat().st_mode) == 0o600
        assert count(p) == count(live)


def test_restore_checks_then_swaps_in_and_keeps_the_replaced_file(live, tmp_path, capsys):
    good = backup.backup(tmp_path / "bk").path
    with db.writing(live) as con:
        con.execute("INSERT OR REPLACE INTO settings VALUES ('apres', 'la sauvegarde')")
    changed = count(live, "settings")
    assert changed == count(good, "settings") + 1
    stamp = db.file_stamp(live)
    assert cli(["restore", str(good)]) == 0
    assert count(live, "settings") == count(good, "settings") and db.file_stamp(live) != stamp  # a new file
    kept = next(live.parent.glob("clas.duckdb.avant-restauration-*"))
    assert count(kept, "settings") == changed
    assert "vérifiée et remise en service" in capsys.readouterr().out


def test_restore_refuses_a_truncated_file_a_foreign_file_and_another_schema_version(live, tmp_path, capsys):
    before = live.read_bytes()
    good = backup.backup(tmp_path / "bk").path
    cut = tmp_path / "cut.duckdb"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    foreign = tmp_path / "foreign.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("CREATE TABLE schema_version (version INTEGER)")
        con.execute("INSERT INTO schema_version VALUES (1)")
    newer = tmp_path / "newer.duckdb"
    newer.write_bytes(good.read_bytes())
    with duckdb.connect(str(newer)) as con:
        con.execute("UPDATE schema_version SET version = 99")
    expected = {cut: "abîmée, tronquée", foreign: "tables absentes", newer: "version de schéma 99",
                tmp_path / "absent.duckdb": "introuvable"}
    for f, words in expected.items():
        assert cli(["restore", str(f)]) == 3
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err
    assert live.read_bytes() == before and not list(live.parent.glob("*avant-restauration*"))


def test_backup_names_and_generations(live, tmp_path, capsys):
    when = dt.datetime(2026, 11, 30, 2, 30)
    a = backup.backup(tmp_path / "bk", keep=2, now=when).path
    b = backup.backup(tmp_path / "bk", keep=2, now=when).path
    assert (a.name, b.name) == ("clas-20261130-023000.duckdb", "clas-20261130-023000-2.duckdb")
    assert cli(["backup", "--out", str(tmp_path / "bk"), "--keep", "2"]) == 0
    assert "Sauvegarde écrite" in capsys.readouterr().out and len(backup.generations(tmp_path / "bk")) == 2
