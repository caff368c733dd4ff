"""Every page in a real browser: the app is started, the service signs in through the sign-in form, each page
is opened in headless Chromium, its charts must render, no error may show, and a screenshot per page is saved
under tests/screenshots/."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from clas.web.registry import PAGES
from tests.support import fixture_db
from tests.support.browser_helpers import (
    CHROMIUM,
    ROOT,
    account,
    browser,  # noqa: F401 (a fixture)
    new_page,
    serve,
    settle,
    sign_in,
    stop,
)

SHOTS = ROOT / "tests" / "screenshots"
EXTRA_ARGS = ["--disable-quic"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium absent (tests/run.sh l'installe)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    os.environ["CLAS_SECRETS_DIR"] = str(tmp / "secrets")
    fixture_db.build_file(tmp / "clas.duckdb")
    account(tmp / "secrets")  # the service account the test signs in with
    proc, url = serve(tmp, output=subprocess.PIPE)
    yield url
    stop(proc)


@pytest.mark.parametrize("width,height", [(1280, 800), (420, 900)])
def test_every_page_renders_without_error(server, browser, width, height):
    SHOTS.mkdir(parents=True, exist_ok=True)
    ctx, page, dialogs = new_page(browser, width, height)
    sign_in(page, server)  # opens "/" first: a deep link right after start shows a spurious "Page not found"
    first = next(p[2] for p in PAGES if "service" in p[5])  # the service's default page
    for path, title, url, _icon, _section, roles in PAGES:
        if not (ROOT / path).exists() or "service" not in roles:
            continue
        page.goto(f"{server}/" if url == first else f"{server}/{url}")  # the default page lives at "/"
        settle(page, timeout=30_000, pauses=(1500, 1000))
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
