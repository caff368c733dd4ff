"""In a real browser: a session cookie copied into another browser opens the dashboard only while its session
is live (sign-out ends it on the server), and a damaged database shows the service how to restore it and
anybody else a neutral « indisponible ». Screenshots in $CLAS_SHOTS (default tests/screenshots/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import fixture_db
from tests.support.browser_helpers import (
    SHOTS,
    account,
    browser,  # noqa: F401 (a fixture)
    new_page,
    serve,
    settle,
    sign_in,
    stop,
    visible,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian chromium absent"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser_sessions")
    fixture_db.build_file(tmp / "clas.duckdb")
    account(tmp / "secrets")
    account(tmp / "secrets", "elu", "elu")
    proc, url = serve(tmp)
    yield url, tmp
    stop(proc)


def test_a_copied_cookie_stops_working_after_sign_out(server, browser):
    url, _tmp = server
    SHOTS.mkdir(parents=True, exist_ok=True)
    ctx, page, _ = new_page(browser)
    sign_in(page, url)
    copied = [c for c in ctx.cookies() if c["name"] == "clas_session"]
    thief, other, _ = new_page(browser)
    thief.add_cookies(copied)
    other.goto(url + "/")
    settle(other)
    assert other.locator("[data-testid='stSidebarNav']").count() == 1  # the copy opens it, for now
    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_label("Identifiant").wait_for(timeout=30_000)
    late, again, _ = new_page(browser)
    late.add_cookies(copied)
    again.goto(url + "/")
    settle(again)
    again.screenshot(path=str(SHOTS / "copied-cookie-after-sign-out-1280.png"))
    again.get_by_label("Identifiant").wait_for(timeout=30_000)
    assert again.locator("[data-testid='stSidebarNav']").count() == 0
    for c in (ctx, thief, late):
        c.close()


def test_a_damaged_database_page(server, browser):
    url, tmp = server
    SHOTS.mkdir(parents=True, exist_ok=True)
    service, page, _ = new_page(browser)
    sign_in(page, url)  # signed in before the damage
    live = tmp / "clas.duckdb"
    data = live.read_bytes()
    damaged = live.with_name("damaged.tmp")
    damaged.write_bytes(b"\0" * 4096 + data[4096:])
    damaged.replace(live)  # a new file: the app reopens
    page.goto(url + "/")
    settle(page)
    assert visible(page, "La base de données ne peut pas être ouverte") and visible(page, "python -m clas restore")
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(SHOTS / "fault-service-1280.png"), full_page=True)
    page.set_viewport_size({"width": 420, "height": 900})
    page.screenshot(path=str(SHOTS / "fault-service-420.png"), full_page=True)
    anon_ctx, anon, _ = new_page(browser)
    anon.goto(url + "/")
    settle(anon)
    assert visible(anon, "momentanément indisponible") and not visible(anon, "abîmé", timeout_s=2)
    anon.screenshot(path=str(SHOTS / "fault-others-1280.png"), full_page=True)
    for c in (service, anon_ctx):
        c.close()
    live.write_bytes(data)
