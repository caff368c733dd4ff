"""Security in a real browser (headless Debian Chromium).

1. Text from spreadsheets is shown as text: a file whose provider name, school names, neighbourhood and
   criteria hold `<img src=x onerror=alert(1)>` and `<script>alert(1)</script>` is imported through the
   Imports page; its report, the Qualité page (unmatched schools), the Explorer and the Journal (a sign-in
   attempt with such a name) are opened as the service: no dialog fires and the text is visible as written.
2. The sign-in page and the demo: the login page, the demo banner on every page, each demo role's menu,
   and a real database without accounts that stays closed. Screenshots (1280×800) in tests/screenshots/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clas.store import db
from clas.web.registry import PAGES
from tests.support import fixture_db
from tests.support.browser_helpers import (
    CHROMIUM,
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
from tests.support.builders import CHILDREN, xlsx_bytes

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"
PROVIDER = f"Asso {SCRIPT} {IMG}"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium absent (tests/run.sh l'installe)"),
]


# --- 1. hostile text ----------------------------------------------------------------------------------------


def hostile_file() -> bytes:
    rows = [list(r) for r in CHILDREN]
    rows[0][4] = f"École {IMG}"  # schools that match no reference school
    rows[1][4] = f"Collège {SCRIPT}"
    rows[2][6] = IMG  # a neighbourhood that is not in the reference
    rows[2][10] = f"Méthodologie; {SCRIPT}"  # a criterion nobody knows
    return xlsx_bytes(rows, above=[[PROVIDER], ["Registre CLAS 2024-2025"]])


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser_xss")
    path = fixture_db.build_file(tmp / "clas.duckdb")
    with db.writing(path) as con:  # the provider, as the service would have typed it in Référentiels
        con.execute(
            "INSERT INTO providers (name, type, neighbourhood_code) VALUES ($n, 'associatif', 'VAN')", {"n": PROVIDER}
        )
    account(tmp / "secrets")
    proc, url = serve(tmp)
    yield url
    stop(proc)


def test_text_from_spreadsheets_is_shown_as_text(hostile_server, browser):
    url = hostile_server
    SHOTS.mkdir(parents=True, exist_ok=True)
    ctx, page, dialogs = new_page(browser)
    # A sign-in attempt with a hostile name first: it lands in the Journal.
    page.goto(url + "/")
    settle(page)
    page.get_by_label("Identifiant").fill(IMG)
    page.get_by_label("Mot de passe", exact=True).fill("x")
    page.get_by_role("button", name="Se connecter").click()
    settle(page)
    sign_in(page, url)

    page.goto(url + "/imports")
    settle(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        files=[
            {
                "name": f"registre {IMG}.xlsx",
                "buffer": hostile_file(),
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ]
    )
    page.get_by_text("Lignes importées").first.wait_for(timeout=60_000)
    settle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(SHOTS / "xss-imports-1280.png"), full_page=True)
    assert visible(page, f"registre {IMG}.xlsx")  # the file name, in the report's heading
    assert visible(page, PROVIDER)  # the provider, in the status line
    assert visible(page, IMG) and visible(page, SCRIPT)  # the values, quoted in the issues table
    assert (
        page.locator("img[src='x']").count() == 0 and page.locator("main script:not([data-clas-french])").count() == 0
    )

    page.goto(url + "/qualite")
    settle(page)
    page.get_by_text("Écoles non reconnues").wait_for(timeout=30_000)
    page.screenshot(path=str(SHOTS / "xss-qualite-1280.png"), full_page=True)
    assert visible(page, f"École {IMG}") and visible(page, f"Collège {SCRIPT}")

    page.goto(url + "/explorer")
    settle(page)
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
    page.screenshot(path=str(SHOTS / "xss-explorer-1280.png"), full_page=True)
    ticks = " ".join(page.locator(".js-plotly-plot .xtick text, .js-plotly-plot .ytick text").all_text_contents())
    assert "Asso" in ticks and "alert(1)" in ticks  # the provider's name is drawn as text

    page.goto(url + "/journal")
    settle(page)
    page.screenshot(path=str(SHOTS / "xss-journal-1280.png"), full_page=True)
    assert page.locator("img[src='x']").count() == 0
    assert dialogs == []
    ctx.close()


# --- 2. the sign-in page and the demo -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser_demo")
    path = fixture_db.build_file(tmp / "clas.duckdb")
    with db.writing(path) as con:  # marked as clas.workspace.bootstrap marks the embedded demo
        con.execute("UPDATE imports SET imported_by = 'démo'")
        con.execute("INSERT OR REPLACE INTO settings VALUES ('demo', 'true')")
    proc, url = serve(tmp)
    yield url
    stop(proc)


def _menu(role: str) -> list[str]:
    """The titles the sidebar lists for a role: the registry's pages, grouped by section in order."""
    sections: dict[str, list[str]] = {}
    for _path, title, _url, _icon, section, roles in PAGES:
        if role in roles:
            sections.setdefault(section, []).append(title)
    return [t for titles in sections.values() for t in titles]


MENUS = {role: _menu(role) for role in ("elu", "porteur")}


def test_the_demo_opens_with_its_accounts_and_a_banner_on_every_page(demo_server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    ctx, page, dialogs = new_page(browser)
    page.goto(demo_server + "/")
    settle(page)
    page.get_by_label("Identifiant").wait_for(timeout=30_000)  # the first run after a start can be slow
    assert visible(page, "Données de démonstration") and visible(page, "Connexion")
    assert page.locator("[data-testid='stSidebarNav']").count() == 0  # no menu before signing in
    page.screenshot(path=str(SHOTS / "login-demo-1280.png"))
    page.get_by_label("Identifiant").fill("elu")
    page.get_by_label("Mot de passe", exact=True).fill("faux")
    page.get_by_role("button", name="Se connecter").click()
    settle(page)
    assert visible(page, "Identifiant ou mot de passe incorrect.")
    page.screenshot(path=str(SHOTS / "login-failed-1280.png"))
    ctx.close()
    for role, password in (("elu", "demo-elu"), ("porteur", "demo-porteur")):
        ctx, page, more = new_page(browser)
        sign_in(page, demo_server, role, password)
        nav = page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()
        assert [n.strip().splitlines()[-1] for n in nav] == MENUS[role]  # (after the icon's ligature)
        for link in MENUS[role][:2]:
            page.locator("[data-testid='stSidebarNav'] a", has_text=link).click()
            settle(page)
            assert visible(page, "Données de démonstration"), (role, link)
            assert page.locator("[data-testid='stException']").count() == 0
        page.screenshot(path=str(SHOTS / f"demo-{role}-1280.png"))
        if role == "porteur":  # signing out forgets the browser's cookie: a reload shows the sign-in form
            page.get_by_role("button", name="Se déconnecter").click()
            page.get_by_label("Identifiant").wait_for(timeout=30_000)
            for _ in range(40):
                if not any(c["name"] == "clas_demo_session" for c in page.context.cookies()):
                    break
                page.wait_for_timeout(250)
            page.goto(demo_server + "/")
            settle(page)
            assert page.get_by_label("Identifiant").count() == 1
            assert page.locator("[data-testid='stSidebarNav']").count() == 0
            page.goto(demo_server + "/")
            settle(page)
        # A page outside the role, typed in the address bar, is not there.
        page.goto(demo_server + "/qualite")
        settle(page)
        assert not page.get_by_role("heading", name="Qualité des données").count()
        dialogs += more
        ctx.close()
    assert all("Page not found" in d or "introuvable" in d for d in dialogs) or dialogs == []


@pytest.fixture(scope="module")
def closed_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser_closed")
    fixture_db.build_file(tmp / "clas.duckdb")
    proc, url = serve(tmp)
    yield url
    stop(proc)


def test_a_real_database_without_accounts_stays_closed_even_by_url(closed_server, browser):
    ctx, page, dialogs = new_page(browser)
    page.goto(closed_server + "/imports")  # the very first request: Streamlit's pages/ fallback
    settle(page)
    assert not page.get_by_role("heading", name="Imports").count()
    assert page.locator("[data-testid='stFileUploader']").count() == 0
    page.goto(closed_server + "/")
    settle(page)
    page.get_by_text("Aucun compte n'est configuré").first.wait_for(timeout=30_000)
    assert visible(page, "Aucun compte n'est configuré") and visible(page, "python -m clas user add")
    page.screenshot(path=str(SHOTS / "closed-1280.png"))
    for path in ("imports", "explorer", "journal", "referentiels"):
        page.goto(f"{closed_server}/{path}")
        settle(page)
        assert (
            page.locator("[data-testid='stFileUploader'], .js-plotly-plot, [data-testid='stDataFrame']").count() == 0
        ), path
    ctx.close()
