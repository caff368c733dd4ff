"""Withdrawing one imported file: its provider and school year return to what they were before that file.

An import never deletes the file it replaces: the previous one is kept as 'superseded' (clas/ingest/load.py).
Withdrawing the current file marks it 'withdrawn' and makes the most recent earlier 'superseded' file of the
same provider × school year current again ('loaded'); with no such file the provider-year simply has no data
any more. Every view (child_year, current_parent_actions) reads the 'loaded' files only, so nothing else
has to move. The withdrawn file's rows stay in the database, marked, for the history.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from clas.store import db


class WithdrawRefused(Exception):
    """The import cannot be withdrawn; `message` says why, in French."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Withdrawal:
    import_id: int
    file_name: str
    provider: str
    school_year: str
    restored_id: int | None          # the earlier file that is current again, if any
    restored_file: str | None

    def message(self) -> str:
        """What the page says once it is done (French)."""
        head = f"Le fichier « {self.file_name} » ({self.provider}, {self.school_year}) a été retiré."
        if self.restored_file:
            return head + f" Les données du fichier précédent « {self.restored_file} » sont de nouveau en vigueur."
        return head + f" {self.provider} n'a plus de données pour {self.school_year}."


def withdraw_import(con: duckdb.DuckDBPyConnection, import_id: int) -> Withdrawal:
    """Withdraw import `import_id` in one transaction; raises WithdrawRefused if it is not the current file."""
    con.execute("BEGIN TRANSACTION")
    try:
        result = _withdraw(con, int(import_id))
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return result


def _withdraw(con: duckdb.DuckDBPyConnection, import_id: int) -> Withdrawal:
    rows = con.execute(
        """SELECT i.file_name, i.provider_id, p.name, i.school_year, i.status
           FROM imports i LEFT JOIN providers p ON p.provider_id = i.provider_id
           WHERE i.import_id = $i""", {"i": import_id}).fetchall()
    if not rows:
        raise WithdrawRefused(f"Import n° {import_id} introuvable : rien n'a été modifié.")
    file_name, provider_id, provider, year, status = rows[0]
    provider = provider or "porteur inconnu"
    if status == "withdrawn":
        raise WithdrawRefused(f"Le fichier « {file_name} » est déjà retiré : rien n'a été modifié.")
    if status != "loaded":
        raise WithdrawRefused(
            f"Le fichier « {file_name} » n'est plus le fichier en vigueur pour {provider} en {year} (un fichier "
            "plus récent l'a remplacé) : seul le fichier en vigueur peut être retiré. Rien n'a été modifié.")
    con.execute("UPDATE imports SET status = 'withdrawn' WHERE import_id = $i", {"i": import_id})
    previous = con.execute(
        """SELECT import_id, file_name FROM imports
           WHERE provider_id = $p AND school_year = $y AND status = 'superseded' AND import_id < $i
           ORDER BY imported_at DESC, import_id DESC LIMIT 1""",
        {"p": provider_id, "y": year, "i": import_id}).fetchall()
    restored_id = restored_file = None
    if previous:
        restored_id, restored_file = previous[0]
        con.execute("UPDATE imports SET status = 'loaded' WHERE import_id = $i", {"i": restored_id})
    db.refresh_child_year(con, provider_id, year)
    return Withdrawal(import_id, file_name, provider, year, restored_id, restored_file)
