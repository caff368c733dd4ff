"""The accounts file: reading it (cached until it changes), writing it atomically under a lock, and the
re-authentication cookie's settings kept in it. No Streamlit here (the command line manages it).

Where: $CLAS_SECRETS_DIR/accounts.yaml, else ~/.config/clas/accounts.yaml — outside the repository, owner-only
permissions (0600, folder 0700), written atomically. Its layout is streamlit-authenticator's (0.4.2):

    cookie:  {name: clas_session, key: <generated on first use>, expiry_days: 1}
    credentials:
      usernames:
        marie: {name: Marie, password: $2b$12$..., roles: [service], provider: null}
    roles:                                   # single sign-on: e-mail address -> role
      marie.durand@ville.fr: {role: service}
      contact@asso.fr: {role: porteur, provider: Les Petits Pas}

Managing accounts is clas.auth.accounts; finding and checking them at sign-in is clas.auth.signin.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from clas.auth import live
from clas.domain.privacy import private_secrets_dir, secrets_dir

FILE_NAME = "accounts.yaml"
COOKIE_NAME, DEMO_COOKIE_NAME = "clas_session", "clas_demo_session"
COOKIE_DAYS = 1
HEADER = (
    "# Comptes du tableau de bord CLAS : gérés par `python -m clas user add|list|remove`.\n"
    "# Fichier secret (mots de passe hachés, clé du cookie) : ne pas versionner, ne pas copier.\n"
)


class AccountError(ValueError):
    """A French message for the command line."""


@dataclass
class Accounts:
    cookie: dict = field(default_factory=dict)
    users: dict[str, dict] = field(default_factory=dict)  # username -> {name, password, roles, provider}
    sso: dict[str, dict] = field(default_factory=dict)  # e-mail -> {role, provider}


def accounts_path() -> Path:
    return secrets_dir() / FILE_NAME


def sessions_beside(path: Path | None) -> Path | None:
    # An accounts file given explicitly (tests) keeps its live sessions beside it.
    return Path(path).with_name(live.FILE_NAME) if path else None


def role_of(entry: dict) -> str | None:
    """The role of a local account's entry (`roles: [service]`, or a hand-written `role: service`)."""
    roles = entry.get("roles")
    if isinstance(roles, str):
        return roles
    return roles[0] if roles else entry.get("role")


# --- reading and writing the file --------------------------------------------------------------------------

_cache: dict[str, tuple[tuple, Accounts]] = {}
_cache_lock = threading.Lock()


def stamp(p: Path) -> tuple | None:
    """The file's identity and version (None when there is no file)."""
    try:
        s = p.stat()
    except FileNotFoundError:
        return None
    return (s.st_ino, s.st_mtime_ns, s.st_size)


def _parse(text: str) -> Accounts:
    raw = yaml.safe_load(text) or {}
    if not isinstance(raw, dict):
        raise AccountError("fichier des comptes illisible : ce n'est pas un document YAML de clés.")
    users = ((raw.get("credentials") or {}).get("usernames")) or {}
    sso = raw.get("roles") or {}
    return Accounts(
        cookie=dict(raw.get("cookie") or {}),
        users={str(k).lower(): dict(v or {}) for k, v in users.items()},
        sso={str(k).lower(): dict(v or {}) for k, v in sso.items()},
    )


def load(path: Path | None = None) -> Accounts:
    """The accounts (an empty set when there is no file), re-read only when the file changes."""
    p = Path(path or accounts_path())
    version = stamp(p)
    if version is None:
        return Accounts()
    with _cache_lock:
        hit = _cache.get(str(p))
        if hit and hit[0] == version:
            return hit[1]
    acc = _parse(p.read_text(encoding="utf-8"))
    with _cache_lock:
        _cache[str(p)] = (version, acc)
    return acc


def _dump(acc: Accounts) -> str:
    doc = {"cookie": acc.cookie, "credentials": {"usernames": acc.users}, "roles": acc.sso}
    return HEADER + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=False)


def _write(acc: Accounts, p: Path) -> None:
    if not acc.cookie.get("key"):  # the cookie's signing key, generated on first use
        acc.cookie = {
            "name": COOKIE_NAME,
            "key": secrets.token_urlsafe(32),
            "expiry_days": COOKIE_DAYS,
            **{k: v for k, v in acc.cookie.items() if k != "key"},
        }
    tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(_dump(acc))
    os.replace(tmp, p)


@contextlib.contextmanager
def editing(path: Path | None = None):
    """Read-modify-write under an exclusive lock (the CLI and the app may both write: the cookie key)."""
    p = Path(path or accounts_path())
    if path is None:
        private_secrets_dir()
    else:
        p.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(p.with_name(p.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            acc = _parse(p.read_text(encoding="utf-8")) if p.exists() else Accounts()
            yield acc
            _write(acc, p)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# --- the re-authentication cookie --------------------------------------------------------------------------


def cookie_settings(demo: bool, path: Path | None = None) -> tuple[str, str, float]:
    """(cookie name, signing key, expiry in days). The key is generated on first use and stored in the
    accounts file, never printed. Demo sessions use another cookie name, so a demo sign-in can never be
    replayed against a real account of the same name."""
    acc = load(path)
    if not acc.cookie.get("key"):
        with editing(path):
            pass  # writing the file generates the key
        acc = load(path)
    name = DEMO_COOKIE_NAME if demo else str(acc.cookie.get("name") or COOKIE_NAME)
    return name, str(acc.cookie["key"]), float(acc.cookie.get("expiry_days") or COOKIE_DAYS)
