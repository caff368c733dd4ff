"""A working day for each role, walked in Chromium on the fixture database (tests/support/fixture_db.py,
figures known by hand). One server for the module; the walks run in order (élu, service, porteur) because
the service and the porteur import files. Each step is screenshotted into the walk's folder
(<pytest tmp>/days/<role>/NN-step.png, copied to /work/shots/i14/<role>/ when that folder exists) and fails on
an error or any English from tests/support/english.py on screen (the rendered page: Streamlit's own texts
included, translated by clas/web/french.py)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.support import fixture_db
from tests.support.browser_day import Day
from tests.support.browser_helpers import ARGS as BROWSER_ARGS
from tests.support.browser_helpers import CHROMIUM, account, serve, stop
from tests.support.builders import xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]
ARGS = [*BROWSER_ARGS, "--disable-quic"]
PASSWORD = "mot-de-passe-de-test"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium absent (tests/run.sh l'installe)"),
]


@pytest.fixture(scope="module")
def days(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("days")
    fixture_db.build_file(tmp / "clas.duckdb")  # where serve() points the app ($CLAS_DB)
    for name, role, provider in (
        ("elu", "elu", None),
        ("service", "service", None),
        ("porteur", "porteur", "Les Petits Pas"),
    ):
        account(tmp / "secrets", name, role, provider)
    proc, url = serve(tmp, wait_s=120)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield {"url": url, "browser": browser, "tmp": tmp}
        browser.close()
    stop(proc)


def _day(days, role: str, width: int = 1280) -> Day:
    ctx = days["browser"].new_context(viewport={"width": width, "height": 1400}, locale="fr-FR", accept_downloads=True)
    page = ctx.new_page()
    page.set_default_timeout(120_000)
    day = Day(page, days["url"], days["tmp"] / "shots", role)
    day.sign_in(role, PASSWORD)
    return day


def _number(text: str) -> float:
    return float(text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".").rstrip("%"))


def _table(day: Day, nth: int = 0) -> list[list[str]]:
    """The cells of a st.dataframe, read from the grid's accessible table (the grid itself is a canvas)."""
    grid = day.page.locator("[data-testid='stDataFrame']").nth(nth)
    rows = []
    for tr in grid.locator("table tr").all():
        rows.append([c.text_content().strip() for c in tr.locator("th, td").all()])
    return [r for r in rows if any(r)]


def _register(path: Path, prefix: str, good: int, bad: list[list]) -> Path:
    """A provider register for 2024-2025: `good` children enrolled (CE2, VAN, family reached), then `bad` rows."""
    rows = [
        fixture_db._row(
            prefix, i, 2024, "CE2", "elementaire", 2016, "VAN", "Enseignant", "Inscrit", reached=True, welcome=True
        )
        for i in range(good)
    ]
    path.write_bytes(xlsx_bytes(rows + bad))
    return path


def _upload(day: Day, path: Path) -> None:
    day.page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(str(path))
    day.page.get_by_text("Lignes lues").first.wait_for(timeout=300_000)
    day.settle()


def test_elu_answers_the_four_questions(days):
    day = _day(days, "elu")
    # Combien d'enfants, et depuis l'an dernier ? 10 in 2023-2024, 16 in 2024-2025.
    value, delta = day.metric("Enfants accompagnés")
    assert value == "16" and delta.replace("\u202f", "") == "+6", (value, delta)
    day.step("indicateurs 2024-2025")
    # The school year follows the élu from page to page, in the URL too (a copied link opens the same view).
    day.choose("Année scolaire", "2023-2024")
    assert day.metric("Enfants accompagnés")[0] == "10"
    day.menu("Couverture par quartier")
    assert day.filter_value() == "2023-2024" and "school_year=2023-2024" in day.page.url
    day.step("couverture 2023-2024 depuis le menu")
    shared = day.page.url
    other = days["browser"].new_context(viewport={"width": 420, "height": 1400}, locale="fr-FR").new_page()
    phone = Day(other, days["url"], days["tmp"] / "shots", "elu-telephone")
    phone.sign_in("elu", PASSWORD)
    other.goto(shared)
    phone.settle()
    assert phone.filter_value() == "2023-2024"
    phone.step("lien partagé ouvert au téléphone")
    other.context.close()
    # Où la couverture est-elle faible ? VAN 6 children for 2 100 (0,3 per 100), CV 7 for 1 400 (0,5).
    day.choose("Année scolaire", "2024-2025")
    rows = [r for r in _table(day)[1:] if r and r[0] not in ("Ensemble", "Quartier non renseigné")]
    rated = [(r[0], _number(r[3])) for r in rows if not r[3].startswith(("–", "masqué", "<"))]
    lowest = min(rated, key=lambda x: x[1])
    assert lowest[0].startswith("Val-d'Argent-Nord") and rated and lowest[1] == 0.3, rated
    day.step("couverture la plus faible")
    # Quels porteurs mobilisent peu les parents ? Maison de quartier Centre: 1 family of 5 (20 %).
    day.menu("Engagement des parents")
    day.page.get_by_text("Tableau des taux").click()
    day.settle()
    shares = {r[0]: r[2] for r in _table(day)[1:] if len(r) > 2}
    assert _number(shares["Maison de quartier Centre"]) == 20.0 and _number(shares["Les Petits Pas"]) == 75.0, shares
    day.step("engagement des parents")


def test_service_imports_checks_explores_and_prepares_the_report(days):
    day = _day(days, "service")
    day.menu("Imports")
    day.step("imports avant dépôt")
    # A register with two faulty rows: an impossible birth date and a missing class.
    bad = [
        fixture_db._row("Faux", 0, 2024, "6e", "college", 2013, "CV", "Famille", "Inscrit", False, True),
        fixture_db._row("Faux", 1, 2024, "", "college", 2013, "CV", "Famille", "Inscrit", False, True),
    ]
    bad[0][2] = "31/02/2010"
    path = _register(days["tmp"] / "Maison de quartier Centre - CLAS 2024-2025.xlsx", "Centre", 5, bad)
    _upload(day, path)
    assert day.metric("Lignes refusées (erreurs)")[0] == "2"
    text = day.main_text()
    assert "Date de naissance impossible" in text and "Classe manquante" in text
    assert "2 lignes refusées" in text
    day.step("rapport d'import avec erreurs")
    day.menu("Qualité des données")
    day.wait_text("Fichiers reçus pour 2024-2025")
    day.step("qualite")
    day.menu("Explorer")
    day.choose("Regrouper par", "Quartier")
    with day.page.expect_download() as dl:
        day.page.locator("[data-testid='stDownloadButton'] button", has_text="Télécharger en CSV").click()
    content = Path(dl.value.path()).read_bytes().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert table[0][0] == "Quartier" and {r[0] for r in table[1:]} >= {"Centre-Ville", "Val-d'Argent-Nord"}, table
    day.step("explorer par quartier, telechargement")
    day.menu("Journal")
    assert "refusé" in day.main_text() or "importé" in day.main_text()
    day.step("journal")
    day.menu("Rapport annuel")
    day.page.get_by_role("button", name="Préparer le rapport").click()
    day.page.get_by_role("button", name="Rapport PDF").wait_for(timeout=900_000)
    day.step("rapport annuel pret")


def test_porteur_imports_its_file_and_sees_its_problems_and_figures(days):
    day = _day(days, "porteur")
    assert day.page.get_by_role("heading", name="Mon espace").count() == 1
    assert day.metric("Enfants accompagnés")[0] == "8"  # Les Petits Pas, 2024-2025
    day.step("mon espace")
    day.menu("Imports")
    bad = [fixture_db._row("Faux", 0, 2024, "", "elementaire", 2016, "VAN", "Enseignant", "Inscrit", True, True)]
    path = _register(days["tmp"] / "Les Petits Pas - CLAS 2024-2025.xlsx", "Nouveau", 9, bad)
    _upload(day, path)
    assert day.metric("Lignes importées")[0] == "9" and day.metric("Lignes refusées (erreurs)")[0] == "1"
    day.step("import de son fichier")
    day.menu("Mon espace")
    assert day.metric("Enfants accompagnés")[0] == "9"
    text = day.main_text()
    assert "1 erreur" in text and "Classe manquante" in " ".join(" ".join(r) for r in _table(day, 1))
    assert "Maison de quartier Centre" not in text and "Réussir Ensemble" not in text  # no other provider named
    day.step("mon espace apres import")
