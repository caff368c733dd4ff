"""Signing in, for the tests: accounts written straight into the accounts file (a cheap bcrypt hash), and an
AppTest signed in the way clas.web.gate does it (the user in st.session_state[SESSION_KEY])."""

from __future__ import annotations

import bcrypt

from clas.auth import accounts_file, live, signin
from clas.auth.roles import User
from clas.web.session import SESSION_KEY, SID_KEY

PASSWORD = "mot-de-passe-de-test"
PROVIDER = "Les Petits Pas"  # the fixture database's porteur (tests/support/fixture_db.py)


def _hash(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=4)).decode("ascii")


_CHEAP = _hash(PASSWORD)


def make_account(username: str, role: str, provider: str | None = None, password: str = PASSWORD, path=None) -> User:
    """A local account in the accounts file of $CLAS_SECRETS_DIR (or `path`)."""
    if role == "porteur" and provider is None:
        provider = PROVIDER
    hashed = _CHEAP if password == PASSWORD else _hash(password)
    with accounts_file.editing(path) as acc:
        acc.users[username] = {"name": username.capitalize(), "password": hashed, "roles": [role], "provider": provider}
    return signin.find(username, demo=False, path=path)


def sign_in(at, role: str = "service", provider: str | None = None, username: str | None = None):
    """Sign an AppTest in (before its first run, or between runs) as a fresh account with this role."""
    user = make_account(username or role, role, provider)
    at.session_state[SESSION_KEY] = user.to_dict()
    at.session_state[SID_KEY] = live.start(user.username, 1)  # a live session, as a real sign-in opens
    return at


def sign_out(at):
    for k in (SESSION_KEY, SID_KEY):
        if k in at.session_state:
            del at.session_state[k]
    return at
