"""The re-authentication cookie's value, without Streamlit: streamlit-authenticator's signed JWT
(username, exp_date) plus the id of the live session it belongs to (clas.auth.live). A cookie is honoured
only when its signature, its expiry date and its session all hold."""

from __future__ import annotations

import time

import jwt

from clas.auth import accounts_file, live, signin
from clas.auth.roles import User


def token(username: str, sid: str, demo: bool, now: float | None = None) -> str:
    _name, key, days = accounts_file.cookie_settings(demo)
    exp = (time.time() if now is None else now) + days * 86400
    return jwt.encode({"username": username, "exp_date": exp, "sid": sid}, key, algorithm="HS256")


def user_from(raw: str | None, demo: bool) -> tuple[User, str] | None:
    """(the account, its live session id) a cookie value stands for, or None."""
    if not raw:
        return None
    _name, key, _days = accounts_file.cookie_settings(demo)
    try:
        claims = jwt.decode(raw, key, algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    if not isinstance(claims, dict) or float(claims.get("exp_date") or 0) <= time.time():
        return None
    username, sid = str(claims.get("username") or ""), claims.get("sid")
    if not live.is_live(sid, username):
        return None  # signed out, password changed or account removed since
    user = signin.find(username, demo)
    return (user, sid) if user is not None else None
