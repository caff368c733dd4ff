"""Every page in a real browser: the app is started, the service signs in through the sign-in form, each page
is opened in headless Chromium, its charts must render, no error may show, and a screenshot per page is saved
under tests/screenshots/."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clas.web.registry import PAGES
from tests.support import fixture_db
from tests.support.browser_helpers import account, sign_in

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium absent (tests/run.sh l'installe)")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    env = dict(os.environ, CLAS_SECRETS_DIR=str(tmp / "secrets"), CLAS_DB=str(tmp / "clas.duckdb"))
    os.environ["CLAS_SECRETS_DIR"] = env["CLAS_SECRETS_DIR"]
    fixture_db.build_file(Path(env["CLAS_DB"]))
    account(tmp / "secrets")                    # the service account the test signs in with
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _settle(page) -> None:
    # Streamlit renders in several passes; wait until its "running" indicator is gone.
    page.wait_for_selector("[data-testid='stApp']", timeout=30_000)
    page.wait_for_timeout(1500)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    page.wait_for_timeout(1000)


@pytest.mark.parametrize("width,height", [(1280, 800), (420, 900)])
def test_every_page_renders_without_error(server, browser, width, height):
    SHOTS.mkdir(parents=True, exist_ok=True)
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    page = ctx.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, server)     # opens "/" first: a deep link right after start shows a spurious "Page not found"
    first = next(p[2] for p in PAGES if "service" in p[5])       # the service's default page
    for path, title, url, _icon, _section, roles in PAGES:
        if not (ROOT / path).exists() or "service" not in roles:
            continue
        page.goto(f"{server}/" if url == first else f"{server}/{url}")   # the default page lives at "/"
        _settle(page)
        assert page.get_by_role("heading", name=title).count() >= 1, f"{title} : page non affichée"
        errors = page.locator("[data-testid='stException'], [data-testid='stAlertContentError']")
        assert errors.count() == 0, f"{title} : {errors.first.inner_text()}"
        plots = page.locator(".js-plotly-plot")
        if plots.count():
            # A rendered Plotly chart has drawn its main SVG layer.
            assert page.locator(".js-plotly-plot .main-svg").count() >= plots.count()
        page.screenshot(path=str(SHOTS / f"{url}-{width}.png"), full_page=True)
    assert dialogs == []
    ctx.close()
