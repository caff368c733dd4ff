"""Signing in, without Streamlit: finding an account (local, single sign-on, or demo) and checking a password.

Demo accounts (`DEMO_ACCOUNTS`) are never written in the accounts file: they exist in memory, and only while
the database is the embedded demo (clas.web.gate), so their public passwords can never open real data.
"""

from __future__ import annotations

import secrets
from functools import cache, lru_cache
from pathlib import Path

import bcrypt

from clas.auth.accounts import hash_password
from clas.auth.accounts_file import Accounts, load, role_of
from clas.auth.roles import User

# username -> (password, role, provider, display name). Listed in the README; demo database only.
DEMO_PROVIDER = "Association Passerelles Familles"
DEMO_ACCOUNTS = {
    "elu": ("demo-elu", "elu", None, "Compte de démonstration"),
    "service": ("demo-service", "service", None, "Compte de démonstration"),
    "porteur": ("demo-porteur", "porteur", DEMO_PROVIDER, "Compte de démonstration"),
}


def _user(username: str, entry: dict, source: str) -> User | None:
    try:
        return User(
            username=username,
            name=str(entry.get("name") or username),
            role=role_of(entry),
            provider=entry.get("provider") or None,
            source=source,
        )
    except ValueError:  # a hand-edited entry with an unknown role or a porteur without provider
        return None


@cache
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
    """The role an e-mail address returned by the identity provider has in the accounts file's `roles` table."""
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
    except ValueError:  # over 72 bytes, or a damaged hash in the file
        ok = False
    return user if ok and user is not None else None
