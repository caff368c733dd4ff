"""Sessions end on the server: a cookie copied from a signed-in browser stops opening the dashboard after
« Se déconnecter », after a password change and after `user remove` (clas/auth/live.py). A reload of a
live session is not audited as a new sign-in. The app starts signed out here."""

from __future__ import annotations

import pytest

from clas.auth import accounts, accounts_file, cookie
from clas.cli import main as cli
from clas.store import audit
from clas.web import signin_cookie
from clas.web.session import SESSION_KEY
from tests.pages.test_auth_login import app, login, pages
from tests.support.auth_helpers import PASSWORD, make_account

pytestmark = pytest.mark.anonymous


@pytest.fixture
def issued(monkeypatch):
    """Every cookie value the app hands to a browser (what an attacker would copy from it)."""
    values: list[str] = []
    original = cookie.token

    def spy(*args, **kwargs):
        values.append(original(*args, **kwargs))
        return values[-1]

    monkeypatch.setattr(cookie, "token", spy)
    return values


def replay(monkeypatch, value: str | None):
    """A new browser session sending this cookie with its request."""
    name = accounts_file.cookie_settings(demo=False)[0]
    monkeypatch.setattr(signin_cookie, "request_cookies", lambda: {name: value} if value else {})
    return app().run()


def signed_in_cookie(issued) -> str:
    at = login(app().run(), "marie", PASSWORD)
    at.run()  # the run after the sign-in draws the cookie component
    assert SESSION_KEY in at.session_state and issued
    return at, issued[-1]


def test_a_copied_cookie_opens_a_live_session_only(app_db, issued, monkeypatch):
    make_account("marie", "service")
    at, value = signed_in_cookie(issued)
    copy = replay(monkeypatch, value)
    assert "journal" in pages(copy) and copy.session_state[SESSION_KEY]["username"] == "marie"
    # Reloads of a live session are not new sign-ins in the audit log.
    replay(monkeypatch, value)
    assert [e["action"] for e in audit.read()].count("login") == 1

    next(b for b in at.sidebar.button if b.label == "Se déconnecter").click().run()
    assert pages(replay(monkeypatch, value)) == []  # the copied cookie opens nothing now
    copy.run()  # and the copy's open session ends too
    assert SESSION_KEY not in copy.session_state and pages(copy) == []


def test_a_password_change_ends_every_session(app_db, issued, monkeypatch):
    make_account("marie", "service")
    at, value = signed_in_cookie(issued)
    assert "journal" in pages(replay(monkeypatch, value))
    accounts.add_user("marie", "service", "un autre mot de passe")
    assert pages(replay(monkeypatch, value)) == []
    at.run()
    assert SESSION_KEY not in at.session_state
    login(at, "marie", "un autre mot de passe")  # the new password opens a new session
    assert at.session_state[SESSION_KEY]["username"] == "marie"


def test_user_remove_ends_every_session(app_db, issued, monkeypatch):
    make_account("marie", "service")
    _at, value = signed_in_cookie(issued)
    assert "journal" in pages(replay(monkeypatch, value))
    assert cli(["user", "remove", "marie"]) == 0
    make_account("marie", "service")  # even an account recreated under the same name
    assert pages(replay(monkeypatch, value)) == []


def test_a_forged_or_foreign_cookie_opens_nothing(app_db, issued, monkeypatch):
    make_account("marie", "service")
    make_account("paul", "service")
    _at, value = signed_in_cookie(issued)
    import jwt

    claims = jwt.decode(value, options={"verify_signature": False})
    key = accounts_file.cookie_settings(demo=False)[1]
    as_paul = jwt.encode({**claims, "username": "paul"}, key, algorithm="HS256")  # marie's session, paul's name
    no_sid = jwt.encode({"username": "marie", "exp_date": claims["exp_date"]}, key, algorithm="HS256")
    for forged in (as_paul, no_sid, value[:-2] + "xx"):
        assert pages(replay(monkeypatch, forged)) == []
