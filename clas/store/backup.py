"""Backups and restores of the database file (python -m clas backup | restore).

Backup, safe while the app runs: writers never change the live file, they swap a new one in by renaming
(clas/store/db.py, writing()). So a copy read through one open file descriptor is a consistent database even if
an import swaps a new file in meanwhile (the descriptor keeps the old inode whole). The copy is checked —
it opens, carries the schema version, every table reads through — before it gets its final name
`clas-AAAAMMJJ-HHMMSS.duckdb`; the newest `keep` are kept.

Restore checks the file the same way, then, under the writers' lock, copies it beside the live file and
renames it over it (the app sees a new file and reopens it). The file it replaces is kept as
`<base>.avant-restauration-AAAAMMJJ-HHMMSS` (it may be the damaged one, worth a look before deleting).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb

from clas import config
from clas.store import db, faults

PATTERN = re.compile(r"clas-(\d{8}-\d{6})(?:-(\d+))?\.duckdb")
DEFAULT_KEEP = 14


class BackupError(RuntimeError):
    def __init__(self, fault: faults.Fault):
        super().__init__(fault.text())
        self.fault = fault


def default_folder(database: str | os.PathLike | None = None) -> Path:
    """$CLAS_BACKUP_DIR, else a `sauvegardes` folder beside the database."""
    return config.backup_dir(database)


def check(path: Path) -> faults.Fault | None:
    """None when the file is a readable CLAS database of this version, else what is wrong with it."""
    path = Path(path)
    if not path.is_file():
        return faults.missing(path)
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            faults.check_length(con, path)
            version = db.run(con, "schema_version").iloc[0]["version"]
            tables = db.run(con, "base_tables")["table_name"].tolist()
            for name in tables:  # every block read once: a truncated file fails here
                for _batch in con.table(name).arrow():
                    pass
    except (duckdb.Error, OSError, faults.Truncated) as exc:
        fault = faults.diagnose(exc, path)
        return fault if fault is not None and fault.kind != "damaged" else faults.damaged_backup(path)
    missing = sorted(set(_schema_tables()) - set(tables))
    if missing:
        return faults.damaged_backup(path, "tables absentes : " + ", ".join(missing))
    if version != db.SCHEMA_VERSION:
        return faults.Fault(
            "damaged",
            f"Le fichier {path} porte la version de schéma {version}, et cette "
            f"version du tableau de bord attend la version {db.SCHEMA_VERSION} : rien n'a été "
            "remplacé.",
            "Choisissez une sauvegarde faite par cette version, ou installez la "
            "version du tableau de bord qui l'a écrite.",
        )
    return None


@lru_cache(maxsize=1)
def _schema_tables() -> tuple[str, ...]:
    """The tables this version's schema creates (a file without them is not one of our databases)."""
    with duckdb.connect() as con:
        db.create_schema(con)
        return tuple(db.run(con, "base_tables")["table_name"])


def _stamp(now: dt.datetime | None) -> str:
    return (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")


def _copy_from_fd(src, dst: Path) -> None:
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(src, out, 1024 * 1024)
        out.flush()
        os.fsync(out.fileno())


@dataclass
class Backup:
    path: Path
    removed: list[Path]


def backup(
    out: str | os.PathLike | None = None,
    keep: int = DEFAULT_KEEP,
    database: str | os.PathLike | None = None,
    now: dt.datetime | None = None,
) -> Backup:
    live = db.db_path(database)
    folder = Path(out) if out else default_folder(database)
    stamp = _stamp(now)
    # Numbered after every backup of the same second still there: a pruned name is never taken again, or a
    # new backup would sort as the oldest one.
    same = [
        int(m[2] or 1)
        for p in folder.glob(f"clas-{stamp}*.duckdb")
        if (m := PATTERN.fullmatch(p.name)) and m[1] == stamp
    ]
    n = max(same, default=0) + 1
    target = folder / (f"clas-{stamp}.duckdb" if n == 1 else f"clas-{stamp}-{n}.duckdb")
    partial = folder / f".{target.name}.partial"
    if not live.is_file():
        raise BackupError(faults.missing(live))
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(live, "rb") as src:  # this inode stays whole whatever a writer swaps in
            _copy_from_fd(src, partial)
        if check(partial) is not None:
            raise BackupError(
                faults.Fault(
                    "damaged",
                    f"Le fichier de la base {live} est abîmé ou tronqué : sa "
                    "copie ne se relit pas, aucune sauvegarde n'a été écrite (les "
                    "précédentes sont intactes).",
                    faults.RESTORE,
                )
            )
        os.replace(partial, target)
    except OSError as exc:
        raise BackupError(faults.diagnose(exc, folder / "x") or faults.read_only(folder / "x")) from exc
    finally:
        partial.unlink(missing_ok=True)
    return Backup(target, prune(folder, keep))


def generations(folder: Path) -> list[Path]:
    """The backups of a folder, newest first."""
    found = [(m, p) for p in Path(folder).glob("clas-*.duckdb") if (m := PATTERN.fullmatch(p.name))]
    return [p for m, p in sorted(found, key=lambda mp: (mp[0][1], int(mp[0][2] or 1)), reverse=True)]


def prune(folder: Path, keep: int) -> list[Path]:
    old = generations(folder)[max(keep, 1) :]
    for p in old:
        p.unlink(missing_ok=True)
    return old


def restore(
    file: str | os.PathLike, database: str | os.PathLike | None = None, now: dt.datetime | None = None
) -> Path | None:
    """Swap a checked backup in as the live database; returns where the replaced file was kept (None when
    there was none)."""
    source = Path(file)
    fault = check(source)
    if fault is not None:
        raise BackupError(fault)
    live = db.db_path(database)
    kept = live.with_name(f"{live.name}.avant-restauration-{_stamp(now)}") if live.exists() else None
    tmp = live.with_name(f"{live.name}.restore{os.getpid()}")
    try:
        live.parent.mkdir(parents=True, exist_ok=True)
        with open(live.with_name(live.name + ".lock"), "w") as lock:  # the writers' lock (db.writing)
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                with open(source, "rb") as src:
                    _copy_from_fd(src, tmp)
                if kept is not None:  # the replaced file stays readable under another name
                    try:
                        os.link(live, kept)
                    except OSError:
                        shutil.copyfile(live, kept)
                os.replace(tmp, live)
            finally:
                tmp.unlink(missing_ok=True)
                fcntl.flock(lock, fcntl.LOCK_UN)
    except OSError as exc:
        raise BackupError(faults.diagnose(exc, live) or faults.read_only(live)) from exc
    return kept
