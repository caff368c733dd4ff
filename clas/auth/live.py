"""The server's record of live sign-in sessions: what makes a sign-out, a password change or a removed
account end a session for good.

The re-authentication cookie is a signed token (clas.web.signin_cookie); a signature and an expiry date alone
cannot be taken back, so a copied cookie would keep opening the dashboard after « Se déconnecter ». Each
password sign-in therefore opens a session here, whose random id the cookie carries; the cookie is honoured
only while its id is live and belongs to the same name. Sign-out ends that session; `user add` over an
existing account (a new password) and `user remove` end all of that account's sessions; expired ones are
dropped at the next write. Stored beside the accounts (`sessions.json` in the secrets folder, 0600).
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from clas.auth import jsonstate
from clas.domain.privacy import private_secrets_dir, secrets_dir

FILE_NAME = "sessions.json"


def sessions_path() -> Path:
    return secrets_dir() / FILE_NAME


def _prune(state: dict, now: float) -> None:
    for sid in [s for s, e in state.items() if not isinstance(e, dict) or float(e.get("expires", 0)) <= now]:
        del state[sid]


def start(username: str, days: float, now: float | None = None, path: Path | None = None) -> str:
    """A new live session for this name, valid `days` days; returns its id."""
    now = time.time() if now is None else now
    sid = secrets.token_urlsafe(24)
    if path is None:
        private_secrets_dir()
    with jsonstate.editing(Path(path or sessions_path())) as state:
        _prune(state, now)
        state[sid] = {"user": username, "started": now, "expires": now + days * 86400}
    return sid


def is_live(sid: object, username: str, now: float | None = None, path: Path | None = None) -> bool:
    if not isinstance(sid, str) or not sid:
        return False
    now = time.time() if now is None else now
    entry = jsonstate.read(Path(path or sessions_path())).get(sid)
    return isinstance(entry, dict) and entry.get("user") == username and float(entry.get("expires", 0)) > now


def end(sid: object, path: Path | None = None) -> None:
    if not isinstance(sid, str) or sid not in jsonstate.read(Path(path or sessions_path())):
        return
    with jsonstate.editing(Path(path or sessions_path())) as state:
        state.pop(sid, None)


def end_user(username: str, path: Path | None = None) -> int:
    """End every session of this name (password changed, account removed); how many were live."""
    p = Path(path or sessions_path())
    if not p.exists():
        return 0
    with jsonstate.editing(p) as state:
        _prune(state, time.time())
        gone = [s for s, e in state.items() if e.get("user") == username]
        for s in gone:
            del state[s]
    return len(gone)


def first_time(marker: str, days: float, path: Path | None = None) -> bool:
    """Whether this marker is new (then remembered for `days`): a single sign-on login is audited once,
    not again on every reload that finds the identity provider's cookie."""
    p = Path(path or sessions_path())
    key = "once:" + marker
    if key in jsonstate.read(p):
        return False
    with jsonstate.editing(p) as state:
        _prune(state, time.time())
        new = key not in state
        state[key] = {"user": None, "expires": time.time() + days * 86400}
    return new
