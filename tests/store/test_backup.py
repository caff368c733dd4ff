"""python -m clas backup | restore: a consistent copy even while imports swap new files in, N generations kept,
owner-only files; a restore checks the file (it opens, every table reads through, the schema version is this
version's) before swapping it in, and keeps the file it replaces."""

from __future__ import annotations

import datetime as dt
import shutil
import stat
from pathlib import Path

import duckdb

from clas.cli import main as cli
from clas.store import backup, db


def count(path: Path, table: str = "providers") -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.table(table).aggregate("count(*)").fetchall()[0][0]


def test_a_backup_is_consistent_when_an_import_swaps_a_file_in_during_the_copy(dbfile, tmp_path, monkeypatch):
    real = shutil.copyfileobj
    swapped = []

    def copy_with_an_import_midway(src, dst, length=0):
        if swapped:  # the writer's own copy (db.writing copies the live file too)
            return real(src, dst, length or 1024 * 1024)
        swapped.append(None)
        dst.write(src.read(64 * 1024))  # part of the file copied…
        with db.writing(dbfile) as con:  # …then an import swaps a new file in (copy, write, rename)
            con.table("settings").insert(["essai", "pendant la copie"])
        swapped.append(db.file_stamp(dbfile))
        real(src, dst, length or 1024 * 1024)  # …and the copy goes on from the same descriptor

    before = count(dbfile, "settings")
    monkeypatch.setattr(shutil, "copyfileobj", copy_with_an_import_midway)
    made = backup.backup(tmp_path / "bk").path
    assert swapped[-1] and count(dbfile, "settings") == before + 1
    assert backup.check(made) is None and count(made, "settings") == before  # the file as it was
    assert stat.S_IMODE(made.stat().st_mode) == 0o600


def test_generations_and_backups_in_a_row(dbfile, tmp_path):
    import datetime as dt

    same_second = dt.datetime(2026, 11, 30, 21, 0, 0)  # five in one second: numbered, never a pruned name
    made = [backup.backup(tmp_path / "bk", keep=3, now=same_second).path for _ in range(5)]
    kept = backup.generations(tmp_path / "bk")
    assert kept == made[:-4:-1]  # the newest three, no partial file left
    assert sorted(p.name for p in (tmp_path / "bk").iterdir()) == sorted(p.name for p in kept)


def test_restore_checks_then_swaps_in_and_keeps_the_replaced_file(dbfile, tmp_path, capsys):
    good = backup.backup(tmp_path / "bk").path
    with db.writing(dbfile) as con:
        con.execute("INSERT OR REPLACE INTO settings VALUES ('apres', 'la sauvegarde')")
    changed = count(dbfile, "settings")
    assert changed == count(good, "settings") + 1
    stamp = db.file_stamp(dbfile)
    assert cli(["restore", str(good)]) == 0
    assert count(dbfile, "settings") == count(good, "settings") and db.file_stamp(dbfile) != stamp  # a new file
    kept = next(dbfile.parent.glob("clas.duckdb.avant-restauration-*"))
    assert count(kept, "settings") == changed
    assert "vérifiée et remise en service" in capsys.readouterr().out


def test_restore_refuses_a_truncated_file_a_foreign_file_and_another_schema_version(dbfile, tmp_path, capsys):
    before = dbfile.read_bytes()
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
    expected = {
        cut: "abîmée, tronquée",
        foreign: "tables absentes",
        newer: "version de schéma 99",
        tmp_path / "absent.duckdb": "introuvable",
    }
    for f, words in expected.items():
        assert cli(["restore", str(f)]) == 3
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err
    assert dbfile.read_bytes() == before and not list(dbfile.parent.glob("*avant-restauration*"))


def test_backup_names_and_generations(dbfile, tmp_path, capsys):
    when = dt.datetime(2026, 11, 30, 2, 30)
    a = backup.backup(tmp_path / "bk", keep=2, now=when).path
    b = backup.backup(tmp_path / "bk", keep=2, now=when).path
    assert (a.name, b.name) == ("clas-20261130-023000.duckdb", "clas-20261130-023000-2.duckdb")
    assert cli(["backup", "--out", str(tmp_path / "bk"), "--keep", "2"]) == 0
    assert "Sauvegarde écrite" in capsys.readouterr().out and len(backup.generations(tmp_path / "bk")) == 2
