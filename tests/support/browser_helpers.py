"""Signing in through the real sign-in form of the running app, for the browser tests."""
from __future__ import annotations

from pathlib import Path

from tests.support.auth_helpers import PASSWORD, make_account


def account(secrets_dir: Path, username: str = "service", role: str = "service", provider: str | None = None,
            password: str = PASSWORD) -> None:
    """A local account in the accounts file the server will read ($CLAS_SECRETS_DIR=secrets_dir)."""
    make_account(username, role, provider, password, path=Path(secrets_dir) / "accounts.yaml")


def settle(page, timeout: int = 60_000) -> None:
    page.wait_for_selector("[data-testid='stApp']", timeout=30_000)
    page.wait_for_timeout(1000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    page.wait_for_timeout(800)


def sign_in(page, url: str, username: str = "service", password: str = PASSWORD) -> None:
    """Open "/" (a deep link right after start shows a spurious dialog), fill the form, wait for the menu."""
    page.goto(url.rstrip("/") + "/")
    settle(page)
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.locator("[data-testid='stSidebarNav']").wait_for(state="attached", timeout=60_000)  # collapsed on a phone
    settle(page)
    # The signed cookie is set by a small component once the first page is drawn: wait for it, so that the
    # next page.goto (a new session) signs in with it.
    for _ in range(120):
        if any(c["name"] in ("clas_session", "clas_demo_session") for c in page.context.cookies()):
            break
        page.wait_for_timeout(250)
    else:
        raise AssertionError("cookie de session jamais posé")
