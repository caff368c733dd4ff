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
    restored_id: int | None  # the earlier file that is current again, if any
    restored_file: str | None

    def message(self) -> str:
        """What the page says once it is done (French)."""
        head = f"Le fichier « {self.file_name} » ({self.provider}, {self.school_year}) a été retiré."
        if self.restored_file:
            return head + f" Les données du fichier précédent « {self.restored_file} » sont de nouveau en vigueur."
        return head + f" {self.provider} n'a plus de données pour {self.school_year}."


def withdraw_import(con: duckdb.DuckDBPyConnection, import_id: int) -> Withdrawal:
    """Withdraw import `import_id` in one transaction; raises WithdrawRefused if it is not the current file."""
    with db.transaction(con):
        return _withdraw(con, int(import_id))


def _withdraw(con: duckdb.DuckDBPyConnection, import_id: int) -> Withdrawal:
    rows = db.write(con, "import_with_provider", import_id=import_id).fetchall()
    if not rows:
        raise WithdrawRefused(f"Import n° {import_id} introuvable : rien n'a été modifié.")
    file_name, provider_id, provider, year, status = rows[0]
    provider = provider or "porteur inconnu"
    if status == "withdrawn":
        raise WithdrawRefused(f"Le fichier « {file_name} » est déjà retiré : rien n'a été modifié.")
    if status != "loaded":
        raise WithdrawRefused(
            f"Le fichier « {file_name} » n'est plus le fichier en vigueur pour {provider} en {year} (un fichier "
            "plus récent l'a remplacé) : seul le fichier en vigueur peut être retiré. Rien n'a été modifié."
        )
    db.write(con, "import_set_status", import_id=import_id, status="withdrawn")
    previous = db.write(
        con, "import_previous_superseded", provider_id=provider_id, school_year=year, import_id=import_id
    ).fetchall()
    restored_id = restored_file = None
    if previous:
        restored_id, restored_file = previous[0]
        db.write(con, "import_set_status", import_id=restored_id, status="loaded")
    db.refresh_child_year(con, provider_id, year)
    return Withdrawal(import_id, file_name, provider, year, restored_id, restored_file)
