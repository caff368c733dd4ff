"""Managing accounts (the command line): local accounts with a bcrypt hash, and e-mail addresses given a role
for single sign-on. No Streamlit here.

The file itself (where it lives, its layout, atomic writes, the cookie's key) is clas.auth.accounts_file;
finding an account and checking a password at sign-in is clas.auth.signin.
"""

from __future__ import annotations

import re
from pathlib import Path

import bcrypt

from clas.auth import live
from clas.auth.accounts_file import AccountError, accounts_path, editing, load, role_of, sessions_beside, stamp
from clas.auth.roles import ROLES

__all__ = [
    "AccountError",
    "MAX_PASSWORD_BYTES",
    "MIN_PASSWORD",
    "add_sso",
    "add_user",
    "check_password",
    "check_role",
    "hash_password",
    "listing",
    "normalise_email",
    "normalise_username",
    "remove",
]

MIN_PASSWORD, MAX_PASSWORD_BYTES = 8, 72  # bcrypt reads 72 bytes at most (bcrypt 5 refuses more)
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._@-]{1,63}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def normalise_username(name: str) -> str:
    u = (name or "").strip().lower()
    if not _USERNAME.fullmatch(u):
        raise AccountError(
            f"Identifiant « {name} » invalide : 2 à 64 caractères, lettres sans accent, chiffres, "
            "point, tiret, tiret bas ou @, en commençant par une lettre ou un chiffre."
        )
    return u


def normalise_email(email: str) -> str:
    e = (email or "").strip().lower()
    if not _EMAIL.fullmatch(e):
        raise AccountError(f"Adresse e-mail « {email} » invalide.")
    return e


def check_role(role: str, provider: str | None) -> None:
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


def add_user(
    username: str,
    role: str,
    password: str,
    provider: str | None = None,
    name: str | None = None,
    path: Path | None = None,
) -> bool:
    """Create or replace a local account; True when it is new. Replacing it (a new password) ends every
    session the account had open, here and in copied cookies (clas.auth.live)."""
    u = normalise_username(username)
    check_role(role, provider)
    check_password(password)
    hashed = hash_password(password)
    with editing(path) as acc:
        created = u not in acc.users
        acc.users[u] = {"name": name or u, "password": hashed, "roles": [role], "provider": provider}
    if not created:
        live.end_user(u, sessions_beside(path))
    return created


def add_sso(email: str, role: str, provider: str | None = None, path: Path | None = None) -> bool:
    """Map a single-sign-on e-mail address to a role; True when it is new."""
    e = normalise_email(email)
    check_role(role, provider)
    with editing(path) as acc:
        created = e not in acc.sso
        acc.sso[e] = {"role": role, **({"provider": provider} if provider else {})}
    return created


def remove(name: str, path: Path | None = None) -> str | None:
    """Remove a local account or an e-mail mapping: which one ('local', 'sso'), None when there was none."""
    key_ = (name or "").strip().lower()
    if not stamp(Path(path or accounts_path())):
        return None
    with editing(path) as acc:
        if key_ in acc.users:
            del acc.users[key_]
            live.end_user(key_, sessions_beside(path))
            return "local"
        if key_ in acc.sso:
            del acc.sso[key_]
            return "sso"
    return None


def listing(path: Path | None = None) -> list[dict]:
    """Every account, for `user list` (never the hashes)."""
    acc = load(path)
    rows = [
        {"name": u, "role": role_of(v), "provider": v.get("provider"), "kind": "mot de passe"}
        for u, v in sorted(acc.users.items())
    ]
    rows += [
        {"name": e, "role": v.get("role"), "provider": v.get("provider"), "kind": "authentification unique"}
        for e, v in sorted(acc.sso.items())
    ]
    return rows
