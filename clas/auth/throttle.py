"""Repeated failed sign-ins are slowed down, per user name (known or not, so it reveals nothing).

The first `FREE_FAILURES` failures cost nothing; from then on each failure makes the next attempt wait
`BASE_DELAY * 2**(failures - FREE_FAILURES)` seconds (5, 10, 20, 40 s… up to `MAX_DELAY`). An attempt made
while waiting is refused before the password is even checked and does not count. A success clears the
name's count. The counts live in a small JSON file beside the database (login_attempts.json, 0600), shared
by every session and process; names untouched for a day are forgotten.

`reserve` checks and counts an attempt in one step under the file's lock, before the password is hashed:
ten sessions sending a wrong password at the same instant are serialised there, so only the free attempts
reach bcrypt and the others are refused (a check before hashing and a count after it let all ten through).
"""

from __future__ import annotations

import time
from pathlib import Path

from clas.auth import jsonstate
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


def _forget_old(state: dict, now: float) -> None:
    for k in [k for k, v in state.items() if not isinstance(v, dict) or now - float(v.get("last", 0)) >= FORGET_AFTER]:
        del state[k]


def _wait(entry, now: float) -> float:
    if not isinstance(entry, dict):
        return 0.0
    return max(0.0, float(entry.get("last", 0)) + delay_after(int(entry.get("failures", 0))) - now)


def wait_seconds(username: str, now: float | None = None, path: Path | None = None) -> float:
    """How long this name must still wait before its password is checked again (0: go ahead)."""
    now = time.time() if now is None else now
    return _wait(jsonstate.read(Path(path or state_path())).get(_key(username)), now)


def reserve(username: str, now: float | None = None, path: Path | None = None) -> tuple[float, int]:
    """Before checking a password: (seconds still to wait, 0) when the attempt is refused — not counted —,
    else (0, failures) with this attempt already counted as a failure (a success then clears it)."""
    now = time.time() if now is None else now
    with jsonstate.editing(Path(path or state_path())) as state:
        _forget_old(state, now)
        wait = _wait(state.get(_key(username)), now)
        if wait > 0:
            return wait, 0
        entry = state.setdefault(_key(username), {"failures": 0, "last": now})
        entry["failures"] = int(entry.get("failures", 0)) + 1
        entry["last"] = now
        return 0.0, entry["failures"]


def record_failure(username: str, now: float | None = None, path: Path | None = None) -> int:
    """Count one more failure for this name; returns the consecutive failures so far."""
    now = time.time() if now is None else now
    with jsonstate.editing(Path(path or state_path())) as state:
        _forget_old(state, now)
        entry = state.setdefault(_key(username), {"failures": 0, "last": now})
        entry["failures"] = int(entry.get("failures", 0)) + 1
        entry["last"] = now
        return entry["failures"]


def record_success(username: str, path: Path | None = None) -> None:
    p = Path(path or state_path())
    if _key(username) not in jsonstate.read(p):
        return
    with jsonstate.editing(p) as state:
        state.pop(_key(username), None)


def attempt(username: str, password: str, demo: bool) -> tuple[object | None, float, int]:
    """One sign-in attempt: (the user or None, seconds still to wait when refused unchecked, failures so far).
    The attempt is reserved before bcrypt runs (see the module's docstring)."""
    from clas.auth import signin

    wait, failures = reserve(username)
    if wait > 0:
        return None, wait, 0
    user = signin.authenticate(username, password, demo)
    if user is None:
        return None, 0.0, failures
    record_success(username)
    return user, 0.0, 0
