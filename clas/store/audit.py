"""The audit log: who signed in (or failed to), imported, withdrew or downloaded what, and when.

An append-only JSON-lines file beside the database (`audit.jsonl`), not a table: readers open the database
read-only and every write to it is a copy-and-swap (clas/store/db.py), so logging each sign-in in the database
would copy the whole file. One line per event, written with O_APPEND under a lock: concurrent sessions and
the command line never interleave; JSON encoding keeps a user name or a file name with a line break in it
from forging a second record. Never a password, never a secret.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import re
from pathlib import Path

from clas.store import db

log = logging.getLogger(__name__)

ACTIONS = {
    "login": "Connexion",
    "login_failed": "Échec de connexion",
    "login_throttled": "Connexion refusée (trop d'échecs)",
    "logout": "Déconnexion",
    "import": "Import d'un fichier",
    "withdrawal": "Retrait d'un fichier",
    "export": "Téléchargement",
    "account": "Gestion des comptes",
    "restore": "Restauration d'une sauvegarde",
}
MAX_FIELD = 500
MAX_BYTES = 20 * 1024 * 1024


_STATUS_WORDS = re.compile(r" : (loaded|unchanged|rejected) — ")
_STATUS_FR = {"loaded": "importé", "unchanged": "inchangé (déjà importé)", "rejected": "refusé"}


def french_detail(detail: object) -> object:
    """Lines written before imports were logged in French said « fichier.xlsx : rejected — … »: shown in
    French too (the file itself is never rewritten)."""
    if not isinstance(detail, str):
        return detail
    return _STATUS_WORDS.sub(lambda m: f" : {_STATUS_FR[m.group(1)]} — ", detail)


def audit_path(database: str | os.PathLike | None = None) -> Path:
    return db.db_path(database).with_name("audit.jsonl")


def _clip(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= MAX_FIELD else text[:MAX_FIELD] + "…"


def record(
    user: str | None,
    role: str | None,
    action: str,
    detail: str = "",
    *,
    path: str | os.PathLike | None = None,
    when: dt.datetime | None = None,
) -> None:
    """Append one event. Best effort: a full disk must not break a page, so a failure is logged, not raised."""
    if action not in ACTIONS:
        raise ValueError(f"action d'audit inconnue : {action}")
    entry = {
        "when": (when or dt.datetime.now().astimezone()).isoformat(timespec="seconds"),
        "user": _clip(user),
        "role": _clip(role),
        "action": action,
        "detail": _clip(detail),
    }
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    p = Path(path) if path else audit_path()
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        lock = os.open(p.with_name(p.name + ".lock"), os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            _rotate(p, dt.datetime.now().astimezone(), len(line))
            fd = os.open(p, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.fchmod(fd, 0o600)  # a file left by an earlier version may be world-readable
                os.write(fd, line)
            finally:
                os.close(fd)
        finally:
            os.close(lock)
    except OSError:
        log.exception("journal d'audit : écriture impossible dans %s", p)


def _rotate(p: Path, now: dt.datetime, adding: int) -> None:
    try:
        st = p.stat()
    except FileNotFoundError:
        return
    month = dt.datetime.fromtimestamp(st.st_mtime).astimezone().strftime("%Y-%m")
    if month == now.strftime("%Y-%m") and st.st_size + adding <= MAX_BYTES:
        return
    target, n = p.with_name(f"{p.stem}-{month}{p.suffix}"), 1
    while target.exists():
        n += 1
        target = p.with_name(f"{p.stem}-{month}-{n}{p.suffix}")
    os.replace(p, target)


def files(path: str | os.PathLike | None = None) -> list[Path]:
    """The current file, then the rotated ones, newest first."""
    p = Path(path) if path else audit_path()

    def order(f: Path):  # audit-2026-11-2 after audit-2026-11
        parts = f.stem[len(p.stem) + 1 :].split("-")
        return (parts[0], parts[1] if len(parts) > 1 else "", int(parts[2]) if len(parts) > 2 else 1)

    rotated = sorted(p.parent.glob(f"{p.stem}-[0-9][0-9][0-9][0-9]-[0-9][0-9]*{p.suffix}"), key=order, reverse=True)
    return [p, *rotated]


def read(path: str | os.PathLike | None = None, action: str | None = None, limit: int | None = None) -> list[dict]:
    """Events, newest first (optionally one action only). A damaged line is skipped, not fatal."""
    out = []
    for f in files(path):
        try:
            lines = f.read_text(encoding="utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            continue
        for line in reversed(lines):
            try:
                e = json.loads(line)
            except ValueError:
                continue
            if not isinstance(e, dict) or (action and e.get("action") != action):
                continue
            out.append(e)
            if limit and len(out) >= limit:
                return out
    return out
