"""Repeated failed sign-ins are slowed down, per user name (known or not, so it reveals nothing).

The first `FREE_FAILURES` failures cost nothing; from then on each failure makes the next attempt wait
`BASE_DELAY * 2**(failures - FREE_FAILURES)` seconds (5, 10, 20, 40 s… up to `MAX_DELAY`). An attempt made
while waiting is refused before the password is even checked and does not count. A success clears the
name's count. The counts live in a small JSON file beside the database (login_attempts.json), shared by
every session and process, written under a lock; names untouched for a day are forgotten.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from pathlib import Path

from clas.store import db

FREE_FAILURES = 3
BASE_DELAY = 5.0
MAX_DELAY = 15 * 60.0
FORGET_AFTER = 24 * 3600.0


def state_path() -> Path:
    return db.db_path().with_name("login_attempts.json")


def _key(username: str) -> str:
    return (username or "").strip().lower()[:64]


def delay_after(failures: int) -> float:
    """Seconds to wait after this many consecutive failures."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(BASE_DELAY * 2 ** (failures - FREE_FAILURES), MAX_DELAY)


def _read(p: Path) -> dict:
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (FileNotFoundError, ValueError):
        return {}


@contextlib.contextmanager
def _editing(p: Path, now: float):
    p.parent.mkdir(parents=True, exist_ok=True)
    with open(p.with_name(p.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            state = {k: v for k, v in _read(p).items()
                     if isinstance(v, dict) and now - float(v.get("last", 0)) < FORGET_AFTER}
            yield state
            tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(state), encoding="utf-8")
            os.replace(tmp, p)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def wait_seconds(username: str, now: float | None = None, path: Path | None = None) -> float:
    """How long this name must still wait before its password is checked again (0: go ahead)."""
    now = time.time() if now is None else now
    entry = _read(Path(path or state_path())).get(_key(username))
    if not isinstance(entry, dict):
        return 0.0
    until = float(entry.get("last", 0)) + delay_after(int(entry.get("failures", 0)))
    return max(0.0, until - now)


def record_failure(username: str, now: float | None = None, path: Path | None = None) -> int:
    """Count one more failure for this name; returns the consecutive failures so far."""
    now = time.time() if now is None else now
    with _editing(Path(path or state_path()), now) as state:
        entry = state.setdefault(_key(username), {"failures": 0, "last": now})
        entry["failures"] = int(entry.get("failures", 0)) + 1
        entry["last"] = now
        return entry["failures"]


def record_success(username: str, path: Path | None = None) -> None:
    p = Path(path or state_path())
    if _key(username) not in _read(p):
        return
    with _editing(p, time.time()) as state:
        state.pop(_key(username), None)
