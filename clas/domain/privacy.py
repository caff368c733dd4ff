"""Pseudonymisation of children, and the secret it rests on.

`child_id` is an HMAC-SHA256 of the child's normalised names and full birth date under a key that lives
outside the repository and the database: the same child gets the same id in every provider's file and
every year, while neither the names nor the birth date can be read back or recomputed without the key.
Small-cell suppression for public outputs lives in clas/domain/disclosure.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from clas import config

KEY_BYTES = 32


def secrets_dir() -> Path:
    """$CLAS_SECRETS_DIR, else ~/.config/clas (never inside the repository)."""
    return config.secrets_dir()


def private_secrets_dir() -> Path:
    """The secrets folder, created if needed and tightened to 0700 even when it already existed (mkdir's
    mode applies only to a folder it creates, and an operator may have made it with the default 0755)."""
    d = secrets_dir()
    d.mkdir(parents=True, exist_ok=True, mode=0o700)
    if d.stat().st_mode & 0o777 != 0o700:
        os.chmod(d, 0o700)
    return d


def pseudonym_key() -> bytes:
    """The HMAC key, created on first use with owner-only permissions."""
    path = private_secrets_dir() / "pseudonym.key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(KEY_BYTES))
    data = path.read_bytes()
    if len(data) < KEY_BYTES:
        raise RuntimeError(f"Clé de pseudonymisation abîmée : {path}")
    return data


def person_key(last_name: str, first_name: str) -> str:
    """Word order does not count: 'DUPONT Marie' in one column equals Nom=Dupont, Prénom=Marie."""
    return " ".join(sorted(f"{last_name} {first_name}".split()))


def child_id(key: bytes, names: str, birth_date: dt.date) -> str:
    msg = f"{names}|{birth_date.isoformat()}".encode()
    return hmac.new(key, msg, hashlib.sha256).hexdigest()[:24]


def child_ids(key: bytes, names, birth_dates) -> list[str]:
    """child_id of many rows at once (the importer's 200,000-row registers): the same ids. HMAC's two keyed
    SHA-256 states are computed once and copied per row (RFC 2104), half the time of one hmac call a row."""
    block = key if len(key) <= 64 else hashlib.sha256(key).digest()
    block = block.ljust(64, b"\0")
    inner_copy = hashlib.sha256(bytes(b ^ 0x36 for b in block)).copy
    outer_copy = hashlib.sha256(bytes(b ^ 0x5C for b in block)).copy
    ids = []
    iso: dict = {}  # a register has a few thousand distinct birth dates for its many rows
    for n, d in zip(names, birth_dates):
        inner = inner_copy()
        day = iso.get(d) or iso.setdefault(d, d.isoformat())
        inner.update(f"{person_key(n, '')}|{day}".encode())
        outer = outer_copy()
        outer.update(inner.digest())
        ids.append(outer.hexdigest()[:24])
    return ids
