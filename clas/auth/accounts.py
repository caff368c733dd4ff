"""The accounts file: local accounts (bcrypt hashes), the e-mail -> role table for single sign-on, and the
re-authentication cookie's settings. No Streamlit here (the command line manages it).

Where: $CLAS_SECRETS_DIR/accounts.yaml, else ~/.config/clas/accounts.yaml — outside the repository, owner-only
permissions (0600, folder 0700), written atomically. Its layout is streamlit-authenticator's (0.4.2):

    cookie:  {name: clas_session, key: <generated on first use>, expiry_days: 1}
    credentials:
      usernames:
        marie: {name: Marie, password: $2b$12$..., roles: [service], provider: null}
    roles:                                   # single sign-on: e-mail address -> role
      marie.durand@ville.fr: {role: service}
      contact@asso.fr: {role: porteur, provider: Les Petits Pas}

Demo accounts (`DEMO_ACCOUNTS`) are never written there: they exist in memory, and only while the database
is the embedded demo (clas.web.gate), so their public passwords can never open real data.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import bcrypt
import yaml

from clas.auth import live
from clas.auth.roles import ROLES, User
from clas.domain.privacy import private_secrets_dir, secrets_dir

FILE_NAME = "accounts.yaml"
COOKIE_NAME, DEMO_COOKIE_NAME = "clas_session", "clas_demo_session"
COOKIE_DAYS = 1
MIN_PASSWORD, MAX_PASSWORD_BYTES = 8, 72          # bcrypt reads 72 bytes at most (bcrypt 5 refuses more)
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._@-]{1,63}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
HEADER = ("# Comptes du tableau de bord CLAS : gérés par `python -m clas user add|list|remove`.\n"
          "# Fichier secret (mots de passe hachés, clé du cookie) : ne pas versionner, ne pas copier.\n")

# username -> (password, role, provider, display name). Listed in the README; demo database only.
DEMO_PROVIDER = "Association Passerelles Familles"
DEMO_ACCOUNTS = {
    "elu": ("demo-elu", "elu", None, "Compte de démonstration"),
    "service": ("demo-service", "service", None, "Compte de démonstration"),
    "porteur": ("demo-porteur", "porteur", DEMO_PROVIDER, "Compte de démonstration"),
}


class AccountError(ValueError):
    """A French message for the command line."""


@dataclass
class Accounts:
    cookie: dict = field(default_factory=dict)
    users: dict[str, dict] = field(default_factory=dict)      # username -> {name, password, roles, provider}
    sso: dict[str, dict] = field(default_factory=dict)        # e-mail -> {role, provider}


def accounts_path() -> Path:
    return secrets_dir() / FILE_NAME


def _sessions_beside(path: Path | None) -> Path | None:
    # An accounts file given explicitly (tests) keeps its live sessions beside it.
    return Path(path).with_name(live.FILE_NAME) if path else None


# --- reading and writing the file --------------------------------------------------------------------------

_cache: dict[str, tuple[tuple, Accounts]] = {}
_cache_lock = threading.Lock()


def _stamp(p: Path) -> tuple | None:
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
    return Accounts(cookie=dict(raw.get("cookie") or {}),
                    users={str(k).lower(): dict(v or {}) for k, v in users.items()},
                    sso={str(k).lower(): dict(v or {}) for k, v in sso.items()})


def load(path: Path | None = None) -> Accounts:
    """The accounts (an empty set when there is no file), re-read only when the file changes."""
    p = Path(path or accounts_path())
    stamp = _stamp(p)
    if stamp is None:
        return Accounts()
    with _cache_lock:
        hit = _cache.get(str(p))
        if hit and hit[0] == stamp:
            return hit[1]
    acc = _parse(p.read_text(encoding="utf-8"))
    with _cache_lock:
        _cache[str(p)] = (stamp, acc)
    return acc


def _dump(acc: Accounts) -> str:
    doc = {"cookie": acc.cookie, "credentials": {"usernames": acc.users}, "roles": acc.sso}
    return HEADER + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=False)


def _write(acc: Accounts, p: Path) -> None:
    if not acc.cookie.get("key"):        # the cookie's signing key, generated on first use
        acc.cookie = {"name": COOKIE_NAME, "key": secrets.token_urlsafe(32), "expiry_days": COOKIE_DAYS,
                      **{k: v for k, v in acc.cookie.items() if k != "key"}}
    tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(_dump(acc))
    os.replace(tmp, p)


@contextlib.contextmanager
def _editing(path: Path | None = None):
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
        with _editing(path):
            pass                          # writing the file generates the key
        acc = load(path)
    name = DEMO_COOKIE_NAME if demo else str(acc.cookie.get("name") or COOKIE_NAME)
    return name, str(acc.cookie["key"]), float(acc.cookie.get("expiry_days") or COOKIE_DAYS)


# --- managing accounts (the command line) ------------------------------------------------------------------

def normalise_username(name: str) -> str:
    u = (name or "").strip().lower()
    if not _USERNAME.fullmatch(u):
        raise AccountError(f"Identifiant « {name} » invalide : 2 à 64 caractères, lettres sans accent, chiffres, "
                           "point, tiret, tiret bas ou @, en commençant par une lettre ou un chiffre.")
    return u


def normalise_email(email: str) -> str:
    e = (email or "").strip().lower()
    if not _EMAIL.fullmatch(e):
        raise AccountError(f"Adresse e-mail « {email} » invalide.")
    return e


def _check_role(role: str, provider: str | None) -> None:
    if role not in ROLES:
        raise AccountError(f"Rôle « {role} » inconnu : elu, service ou porteur.")
    if role == "porteur" and not provider:
        raise AccountError("Un compte porteur doit dire son porteur : --provider NOM.")
    if role != "porteur" and provider:
        raise AccountError("--provider ne s'emploie qu'avec --role porteur.")


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Mot de passe trop court : {MIN_PASSWORD} caractères au moins.")
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise AccountError(f"Mot de passe trop long : {MAX_PASSWORD_BYTES} octets au plus.")


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def add_user(username: str, role: str, password: str, provider: str | None = None, name: str | None = None,
             path: Path | None = None) -> bool:
    """Create or replace a local account; True when it is new. Replacing it (a new password) ends every
    session the account had open, here and in copied cookies (clas.auth.live)."""
    u = normalise_username(username)
    _check_role(role, provider)
    check_password(password)
    hashed = hash_password(password)
    with _editing(path) as acc:
        created = u not in acc.users
        acc.users[u] = {"name": name or u, "password": hashed, "roles": [role], "provider": provider}
    if not created:
        live.end_user(u, _sessions_beside(path))
    return created


def add_sso(email: str, role: str, provider: str | None = None, path: Path | None = None) -> bool:
    """Map a single-sign-on e-mail address to a role; True when it is new."""
    e = normalise_email(email)
    _check_role(role, provider)
    with _editing(path) as acc:
        created = e not in acc.sso
        acc.sso[e] = {"role": role, **({"provider": provider} if provider else {})}
    return created


def remove(name: str, path: Path | None = None) -> str | None:
    """Remove a local account or an e-mail mapping: which one ('local', 'sso'), None when there was none."""
    key_ = (name or "").strip().lower()
    if not _stamp(Path(path or accounts_path())):
        return None
    with _editing(path) as acc:
        if key_ in acc.users:
            del acc.users[key_]
            live.end_user(key_, _sessions_beside(path))
            return "local"
        if key_ in acc.sso:
            del acc.sso[key_]
            return "sso"
    return None


def listing(path: Path | None = None) -> list[dict]:
    """Every account, for `user list` (never the hashes)."""
    acc = load(path)
    rows = [{"name": u, "role": _role(v), "provider": v.get("provider"), "kind": "mot de passe"}
            for u, v in sorted(acc.users.items())]
    rows += [{"name": e, "role": v.get("role"), "provider": v.get("provider"), "kind": "authentification unique"}
             for e, v in sorted(acc.sso.items())]
    return rows


# --- signing in (the app) -----------------------------------------------------------------------------------

def _role(entry: dict) -> str | None:
    roles = entry.get("roles")
    if isinstance(roles, str):
        return roles
    return roles[0] if roles else entry.get("role")


def _user(username: str, entry: dict, source: str) -> User | None:
    try:
        return User(username=username, name=str(entry.get("name") or username), role=_role(entry),
                    provider=entry.get("provider") or None, source=source)
    except ValueError:       # a hand-edited entry with an unknown role or a porteur without provider
        return None


@lru_cache(maxsize=None)
def _demo_hash(username: str) -> str:
    # The demo passwords are public: a costly hash would protect nothing and slow every demo sign-in.
    password = DEMO_ACCOUNTS[username][0].encode("utf-8")
    return bcrypt.hashpw(password, bcrypt.gensalt(rounds=4)).decode("ascii")


def demo_entry(username: str) -> dict | None:
    if username not in DEMO_ACCOUNTS:
        return None
    _pw, role, provider, name = DEMO_ACCOUNTS[username]
    return {"name": name, "roles": [role], "provider": provider}


def configured(acc: Accounts, sso: bool) -> bool:
    """Whether the installation has accounts of its own for its sign-in mode."""
    return bool(acc.sso if sso else acc.users)


def find(username: str, demo: bool, path: Path | None = None) -> User | None:
    """The local (or, on the demo database, demo) account of that name. Local accounts win over demo ones."""
    u = (username or "").strip().lower()
    entry = load(path).users.get(u)
    if entry is not None:
        return _user(u, entry, "local")
    if demo and u in DEMO_ACCOUNTS:
        return _user(u, demo_entry(u), "demo")
    return None


def find_sso(email: str, path: Path | None = None) -> User | None:
    e = (email or "").strip().lower()
    entry = load(path).sso.get(e)
    return _user(e, {"name": e, **entry}, "sso") if entry else None


@lru_cache(maxsize=1)
def _dummy_hash() -> bytes:
    # A real hash of a random password: unknown names cost the same bcrypt check as known ones.
    return hash_password(secrets.token_urlsafe(16)).encode("ascii")


def authenticate(username: str, password: str, demo: bool, path: Path | None = None) -> User | None:
    """The user when the password matches, else None (same bcrypt work whether the name exists or not)."""
    u = (username or "").strip().lower()
    user = find(u, demo, path)
    if user is None:
        hashed = _dummy_hash()
    elif user.source == "demo":
        hashed = _demo_hash(u).encode("ascii")
    else:
        hashed = str(load(path).users[u].get("password") or "").encode("ascii")
    try:
        ok = bcrypt.checkpw((password or "").encode("utf-8"), hashed)
    except ValueError:        # over 72 bytes, or a damaged hash in the file
        ok = False
    return user if ok and user is not None else None
