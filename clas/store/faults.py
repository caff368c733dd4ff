"""What went wrong with the database or its folder, in French, with what to do: for the command line, the
service's page and the log. No Streamlit here.

Three kinds a city's server meets: the folder cannot be written (read-only file system, wrong owner), the
disk is full, the file is damaged (truncated by a full disk or a bad copy, overwritten, not a DuckDB file).
Writers never touch the live file (clas/store/db.py: copy, write, swap), so in the first two cases nothing was
changed; in the third, the cure is the last backup (clas/backup.py).
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
FULL = {errno.ENOSPC, errno.EDQUOT}
_FULL_WORDS = ("no space left", "disk quota", "not enough space")
_READ_ONLY_WORDS = ("read-only file system", "permission denied")


RESTORE = (
    "Remettez en service la dernière sauvegarde : python -m clas restore DOSSIER/clas-AAAAMMJJ-HHMMSS.duckdb "
    "(voir docs/deploiement.md, « Sauvegarder et restaurer ») ; le fichier remplacé est gardé sous un autre "
    "nom pour examen."
)


HEADER_BYTES = 3 * 4096  # DuckDB's file header and its two database headers


class Truncated(Exception):
    """The file is shorter than the blocks it says it holds (a copy cut short, a full disk)."""


def check_length(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Raise Truncated when the open file lacks some of its blocks. DuckDB reads a block only when a query
    needs it, so a truncated file opens and answers small queries, then fails on a page further on."""
    from clas.store import db

    row = db.run(con, "database_size").iloc[0]
    # Used blocks, not total: a checkpoint cuts free blocks off the end of the file while total_blocks still
    # counts them (seen after a re-import: one block short of total, every table readable).
    if os.path.getsize(path) < HEADER_BYTES + int(row["block_size"]) * int(row["used_blocks"]):
        raise Truncated(str(path))


@dataclass(frozen=True)
class Fault:
    kind: str  # "read_only" | "full" | "damaged" | "missing"
    what: str  # what happened, in French
    todo: str  # what to do, in French

    def text(self) -> str:
        return f"{self.what} {self.todo}"


def _folder(path: Path) -> Path:
    return Path(path).resolve().parent


def read_only(path: Path) -> Fault:
    return Fault(
        "read_only",
        f"Le dossier de la base ({_folder(path)}) n'accepte pas l'écriture (système de "
        "fichiers en lecture seule ou droits insuffisants) : rien n'a été modifié, la base en service "
        "est intacte.",
        "Rendez ce dossier accessible en écriture au compte qui fait tourner le tableau "
        "de bord (propriétaire et droits du volume), puis recommencez.",
    )


def full(path: Path) -> Fault:
    return Fault(
        "full",
        f"Le disque qui porte la base ({_folder(path)}) est plein : rien n'a été modifié, la "
        "base en service est intacte.",
        "Libérez de la place (anciennes sauvegardes, journaux), puis "
        "recommencez ; un import demande environ deux fois la taille de la base.",
    )


def damaged(path: Path, detail: str = "") -> Fault:
    return Fault(
        "damaged",
        f"Le fichier de la base {path} est abîmé ou tronqué : il ne peut pas être lu"
        + (f" ({detail})" if detail else "")
        + ".",
        RESTORE,
    )


def damaged_backup(path: Path, detail: str = "") -> Fault:
    return Fault(
        "damaged",
        f"La sauvegarde {path} est abîmée, tronquée ou n'est pas une base du tableau de bord"
        + (f" ({detail})" if detail else "")
        + " : rien n'a été remplacé.",
        "Choisissez une autre sauvegarde (les plus récentes d'abord : ls -t DOSSIER/clas-*.duckdb).",
    )


def missing(path: Path) -> Fault:
    return Fault(
        "missing",
        f"Base de données introuvable : {path}.",
        "Vérifiez $CLAS_DB ou l'option --db, ou restaurez une sauvegarde avec python -m clas restore.",
    )


def diagnose(exc: BaseException, path: Path) -> Fault | None:
    """The fault behind an exception raised while opening, reading or writing the database; None when it
    is something else (a bug, to be logged as such)."""
    if isinstance(exc, OSError) and not isinstance(exc, FileNotFoundError):
        if exc.errno in FULL:
            return full(path)
        if exc.errno in READ_ONLY:
            return read_only(path)
        return None
    if isinstance(exc, FileNotFoundError):
        return missing(path)
    if isinstance(exc, Truncated):
        return damaged(path, "fichier tronqué")
    if isinstance(exc, duckdb.Error):
        text = str(exc).lower()
        if any(w in text for w in _FULL_WORDS):
            return full(path)
        if any(w in text for w in _READ_ONLY_WORDS):
            return read_only(path)
        if "could not set lock" in text:
            return None  # another process writing the live file in place: not damage
        if (
            isinstance(exc, (duckdb.IOException, duckdb.SerializationException, duckdb.InternalException))
            or "corrupt" in text
            or "not a valid duckdb" in text
            or "checksum" in text
        ):
            return damaged(path)
        if isinstance(exc, duckdb.CatalogException) and "schema_version" in text:
            return damaged(path, "ce n'est pas une base du tableau de bord CLAS")
    return None
