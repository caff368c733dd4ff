"""What the browser tests share: starting the app on a free port, headless Debian Chromium (the `browser`
fixture: import it into the test module), a page that records dialogs, waiting for Streamlit to settle, and
signing in through the real sign-in form."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.auth_helpers import PASSWORD, make_account

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(os.environ.get("CLAS_SHOTS") or ROOT / "tests" / "screenshots")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(tmp: Path, output=subprocess.DEVNULL, wait_s: float = 60) -> tuple[subprocess.Popen, str]:
    """`streamlit run app.py` on the database and secrets of `tmp`; (the process, its URL) once it listens."""
    env = dict(os.environ, CLAS_SECRETS_DIR=str(tmp / "secrets"), CLAS_DB=str(tmp / "clas.duckdb"))
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT if output == subprocess.PIPE else subprocess.DEVNULL,
    )
    deadline = time.time() + wait_s
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    return proc, f"http://127.0.0.1:{port}"


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(request):
    """Headless Chromium for the module; a module may add flags in EXTRA_ARGS."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS + getattr(request.module, "EXTRA_ARGS", []))
        yield b
        b.close()


def new_page(browser, width: int = 1280, height: int = 800):
    """(context, page, the messages of the dialogs it opened) in French, dialogs dismissed."""
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    page = ctx.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return ctx, page, dialogs


def account(
    secrets_dir: Path,
    username: str = "service",
    role: str = "service",
    provider: str | None = None,
    password: str = PASSWORD,
) -> None:
    """A local account in the accounts file the server will read ($CLAS_SECRETS_DIR=secrets_dir)."""
    make_account(username, role, provider, password, path=Path(secrets_dir) / "accounts.yaml")


def settle(page, timeout: int = 60_000, pauses: tuple[int, int] = (1000, 800)) -> None:
    # Streamlit renders in several passes; wait until its "running" indicator is gone.
    page.wait_for_selector("[data-testid='stApp']", timeout=30_000)
    page.wait_for_timeout(pauses[0])
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    page.wait_for_timeout(pauses[1])


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


def visible(page, text: str, timeout_s: float = 30) -> bool:
    """Some element shows this text (waiting for it a while: Streamlit draws a page in several passes)."""
    loc = page.get_by_text(text, exact=False)
    deadline = time.time() + timeout_s
    while True:
        if any(loc.nth(i).is_visible() for i in range(loc.count())):
            return True
        if time.time() > deadline:
            return False
        page.wait_for_timeout(250)
