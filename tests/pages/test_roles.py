"""Roles, tested where data is read: which pages each role has in st.navigation, the guard every page runs
first, what every query returns for a porteur (exactly what a database holding only its own files returns),
what the query layer refuses, and what each download contains."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from clas.ingest import import_file
from clas.store import audit, db
from clas.store.access import AGGREGATES, BENCHMARKS, PORTEUR, QUERY_ROLES, query_allowed
from clas.store.db import create_schema
from clas.store.reference import load_reference
from clas.web.registry import PAGES, allowed
from tests.support import fixture_db
from tests.support.auth_helpers import PROVIDER, make_account, sign_in
from tests.support.builders import CHILDREN, xlsx_bytes
from tests.support.page_helpers import download, media  # noqa: F401 (media: fixture)

pytestmark = pytest.mark.anonymous
ROOT = Path(__file__).resolve().parents[2]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPECTED = {
    # issue 15 added the network pages (annuaire, dispositifs, bilan, reseau); issue 14 the porteur's own space
    "elu": {"indicateurs", "couverture", "parents", "rapport", "annuaire", "dispositifs"},
    "service": {
        "indicateurs",
        "orientations",
        "couverture",
        "parents",
        "explorer",
        "rapport",
        "imports",
        "qualite",
        "referentiels",
        "journal",
        "annuaire",
        "dispositifs",
        "bilan",
        "reseau",
    },
    "porteur": {
        "mon_espace",
        "indicateurs",
        "orientations",
        "couverture",
        "parents",
        "explorer",
        "imports",
        "annuaire",
        "bilan",
    },
}


def _build(path: Path, only: str | None = None) -> Path:
    con = duckdb.connect(str(path))
    try:
        create_schema(con)
        load_reference(con, fixture_db.REFERENCE)
        for name, data in fixture_db.workbooks():
            if only is None or name.startswith(only):
                assert import_file(con, data, name, today=dt.date(2025, 7, 1)).status == "loaded"
        db.refresh_child_year(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def fixture_file(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("db") / "fixture.duckdb")


@pytest.fixture(scope="module")
def own_only_file(tmp_path_factory):
    """The same database with only the porteur's own files."""
    return _build(tmp_path_factory.mktemp("db") / "own.duckdb", only=PROVIDER)


@pytest.fixture
def app_db(app_db, monkeypatch) -> Path:
    """The shared app database (tests/support/fixtures.py) built from this module's fixture_file."""
    monkeypatch.setattr("clas.report.figures.chromium_available", lambda: False)
    return app_db


def app(role: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, role)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def pages(at: AppTest) -> set[str]:
    return {Path(str(i["script_path"])).stem for i in at._registered_pages.values() if i.get("script_path")}


def open_page(role: str, page: str, year: str = "2024-2025") -> AppTest:
    at = app(role)
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    if any(s.key == "filter_school_year" for s in at.selectbox):
        at.selectbox(key="filter_school_year").set_value(year).run()
    return at


# --- pages ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["elu", "service", "porteur"])
def test_navigation_registers_only_the_role_pages(app_db, role):
    at = app(role)
    assert pages(at) == EXPECTED[role]
    assert {Path(p[0]).stem for p in allowed(role)} == EXPECTED[role]
    for path, *_ in PAGES:
        if Path(path).stem not in EXPECTED[role]:
            with pytest.raises(ValueError):  # a typed URL cannot reach it either
                at.switch_page(path)


def test_the_porteur_menu_names_its_own_space():
    from clas.web.registry import pages_for

    assert list(pages_for("porteur")) == ["Tableau de bord", "Réseau", "Mes fichiers"]
    assert list(pages_for("service")) == ["Tableau de bord", "Réseau", "Espace du service"]
    assert list(pages_for("elu")) == ["Tableau de bord", "Réseau"] and pages_for(None) == {}


@pytest.mark.pages_folder_fallback
@pytest.mark.parametrize("path", [p[0] for p in PAGES])
def test_every_page_file_refuses_a_role_it_does_not_allow_when_run_alone(app_db, path):
    """A server's first request can run a page file without app.py (Streamlit's pages/ folder mode):
    the page's own guard must stop it."""
    roles = next(p[5] for p in PAGES if p[0] == path)
    for role in ("elu", "service", "porteur", None):
        at = AppTest.from_file(str(ROOT / path), default_timeout=60)
        if role:
            sign_in(at, role)
        at.run()
        refused = any("Cette page n'est pas accessible" in e.value for e in at.error)
        assert refused == (role not in roles), (path, role)
        if refused:
            assert not at.title and not at.dataframe and not at.get("plotly_chart")


# --- the query layer --------------------------------------------------------------------------------------

QUERIES = sorted(p.stem for p in (ROOT / "queries").glob("*.sql"))
PARAMS = {
    "school_year": "2024-2025",
    "provider_type": None,
    "neighbourhood": None,
    "grade_band": None,
    "level": "provider",
    "provider": PROVIDER,
    "import_id": 1,
    **{
        k: None
        for k in (
            "school_years",
            "providers",
            "provider_types",
            "neighbourhoods",
            "priority_areas",
            "grade_bands",
            "grades",
            "sexes",
            "sources",
            "outcomes",
            "exit_reasons",
            "criteria",
        )
    },
    "dim1": "provider",
    "dim2": None,
}


def _comparable(name: str, df: pd.DataFrame) -> pd.DataFrame:
    if name == "import_history":  # ids and times differ between the two builds
        df = df[["file_name", "provider", "school_year", "rows_read", "rows_loaded", "status"]]
    if name == "filter_options":  # the scoped list of providers is checked on its own below
        df = df[df["dimension"] != "provider"]
    if name == "provider_sites":
        df = df[df["name"] == PROVIDER]
    return df.reset_index(drop=True)


@pytest.mark.parametrize("name", sorted(PORTEUR - BENCHMARKS))
def test_every_porteur_query_returns_what_its_own_files_alone_would(fixture_file, own_only_file, name):
    params = {k: v for k, v in PARAMS.items() if k in db.query_params(name)}
    with (
        duckdb.connect(str(fixture_file), read_only=True) as full,
        duckdb.connect(str(own_only_file), read_only=True) as own,
    ):
        scoped = db.run(full, name, **params, scope_provider=PROVIDER)
        alone = db.run(own, name, **params)
        everything = db.run(full, name, **params)
    pd.testing.assert_frame_equal(_comparable(name, scoped), _comparable(name, alone), check_dtype=False)
    if "provider" in scoped.columns and name != "filter_options":
        assert set(scoped["provider"].dropna()) <= {PROVIDER}, name
    if name == "filter_options":
        assert scoped.loc[scoped["dimension"] == "provider", "value"].tolist() == [PROVIDER]
    if name in ("explorer_table", "orientation_flows", "import_history"):
        assert len(everything) > len(scoped)  # the fixture holds other providers' rows


def test_every_query_is_classified_and_only_aggregates_go_to_the_elus():
    assert {
        "explorer_table",
        "explorer_options",
        "children_multi_provider",
        "duplicate_rows",
        "unmatched_schools",
        "import_history",
        "completeness_by_provider",
    }.isdisjoint(AGGREGATES)
    for name in QUERIES:
        assert query_allowed(name, "service")
    assert set(QUERY_ROLES["elu"]) <= set(QUERIES) and set(QUERY_ROLES["porteur"]) <= set(QUERIES)
    assert AGGREGATES <= PORTEUR


def _script():
    import streamlit as st

    from clas.store.access import Forbidden
    from clas.web import ui

    try:
        if st.session_state.get("audit_download"):
            ui.audited("export", "explorer CSV")()
        elif st.session_state.get("connection"):
            ui.connection()
        else:
            ui.query(st.session_state["q"], **st.session_state["params"])
        st.write("ok")
    except (Forbidden, TypeError) as exc:
        st.write(f"refusé : {type(exc).__name__}")


def _ask(role: str | None, q: str = "", connection: bool = False, audit_download: bool = False, **params) -> str:
    at = AppTest.from_function(_script, default_timeout=30)
    if role:
        sign_in(at, role)
    at.session_state["q"], at.session_state["params"] = q, params
    at.session_state["connection"] = connection
    at.session_state["audit_download"] = audit_download
    at.run()
    return at.markdown[0].value


def test_the_query_layer_refuses_what_a_role_may_not_read(app_db):
    assert _ask("elu", "key_indicators_by_year") == "ok"
    assert (
        _ask("elu", "explorer_table", **{k: None for k in PARAMS if k.endswith("s") or k.startswith("dim")})
        == "refusé : Forbidden"
    )
    assert _ask("elu", "import_history") == "refusé : Forbidden"
    assert _ask("porteur", "unmatched_schools") == "refusé : Forbidden"
    assert _ask("porteur", "reference_providers") == "refusé : Forbidden"
    assert _ask("service", "unmatched_schools") == "ok"
    assert _ask(None, "key_indicators_by_year") == "refusé : Forbidden"
    # A page cannot choose its perimeter.
    assert _ask("service", "key_indicators_by_year", scope_provider="Autre") == "refusé : TypeError"
    # The raw connection (annual report) has no perimeter: never for a porteur.
    assert _ask("porteur", connection=True) == "refusé : Forbidden"
    assert _ask("elu", connection=True) == "ok"


# --- what each role sees and downloads --------------------------------------------------------------------


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_a_porteur_sees_its_own_figures(app_db):
    at = open_page("porteur", "pages/indicateurs.py")
    m = _metrics(at)
    assert m["Enfants accompagnés"] == "8" and m["Porteurs actifs"] == "1"
    assert [o for o in at.selectbox if o.key == "filter_school_year"][0].options == ["2024-2025", "2023-2024"]
    service = _metrics(open_page("service", "pages/indicateurs.py"))
    assert service["Enfants accompagnés"] == "16"


def test_a_porteur_explorer_download_holds_only_its_provider(app_db, media):
    at = open_page("porteur", "pages/explorer.py")
    assert at.selectbox(key="explorer_by").value == "neighbourhood"  # a porteur opens on its neighbourhoods
    at.multiselect(key="explorer_school_year").set_value(["2023-2024", "2024-2025"]).run()
    at.selectbox(key="explorer_by").set_value("provider").run()
    rows = list(csv.reader(io.StringIO(download(at, media, "Télécharger en CSV").decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Porteur" and {r[0] for r in rows[1:]} == {PROVIDER}
    wb = openpyxl.load_workbook(io.BytesIO(download(at, media, "Télécharger en Excel")))
    values = {c.value for ws in wb for row in ws.iter_rows() for c in row}
    assert PROVIDER in values and not values & {"Maison de quartier Centre", "Réussir Ensemble"}
    options = {o.label: o.options for o in at.multiselect}
    assert options["Porteur"] == [PROVIDER]


def test_the_elu_pages_hide_small_cells(app_db):
    at = open_page("elu", "pages/couverture.py")
    table = at.dataframe[-1].value
    assert (table == "<\u00a05").any().any()  # fixture neighbourhoods with 1 to 4 children
    at = open_page("elu", "pages/parents.py")
    shown = " ".join(str(v) for df in (d.value for d in at.dataframe) for v in df.to_numpy().ravel())
    # issue 9: a unit of fewer than 5 families is not shown at all to an élu (Réussir Ensemble, 3 families)
    assert "Réussir Ensemble" not in shown and "Les Petits Pas" in shown
    at = open_page("elu", "pages/indicateurs.py")
    assert not at.exception


def test_the_elu_report_download_has_suppressed_cells(app_db, media):
    at = open_page("elu", "pages/rapport.py")
    next(b for b in at.button if b.label == "Préparer le rapport").click().run()
    assert not at.exception, [e.value for e in at.exception]
    wb = openpyxl.load_workbook(io.BytesIO(download(at, media, "Tableaux Excel")))
    cells = [c.value for ws in wb for row in ws.iter_rows() for c in row]
    assert "<\u00a05" in cells
    # Each provider of the fixture has fewer than 5 children in some cell: no per-child row, no child id.
    assert not any(isinstance(v, str) and re.fullmatch(r"[0-9a-f]{24}", v) for v in cells)


def test_a_porteur_imports_only_for_itself_and_sees_only_its_files(app_db):
    at = open_page("porteur", "pages/imports.py")
    history = at.dataframe[-1].value
    assert set(history["provider"]) == {PROVIDER} and len(history) == 2
    assert not [s for s in at.subheader if s.value == "Retirer un fichier"]
    # A file that names another provider is imported as the porteur's own.
    at.file_uploader(key="uploads").set_value(("Réussir Ensemble - CLAS 2024-2025.xlsx", xlsx_bytes(CHILDREN), XLSX))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    with duckdb.connect(str(app_db), read_only=True) as con:
        last = con.execute(
            "SELECT p.name, i.imported_by FROM imports i JOIN providers p USING (provider_id) "
            "ORDER BY import_id DESC LIMIT 1"
        ).fetchall()
        others = con.execute("SELECT count(*) FROM child_year WHERE provider = 'Réussir Ensemble'").fetchall()
    assert last == [(PROVIDER, "porteur")] and others == [(3,)]
    event = audit.read(action="import", limit=1)[0]
    assert (event["user"], event["role"]) == ("porteur", "porteur") and PROVIDER in event["detail"]


def test_a_withdrawal_by_the_service_is_audited(app_db):
    at = open_page("service", "pages/imports.py")
    with duckdb.connect(str(app_db), read_only=True) as con:
        current = con.execute("SELECT max(import_id) FROM imports WHERE status = 'loaded'").fetchall()[0][0]
    at.selectbox(key="withdraw_pick").set_value(current)
    at.button(key="withdraw_ask").click().run()
    at.button(key="withdraw_confirm").click().run()
    assert not at.exception
    event = audit.read(action="withdrawal", limit=1)[0]
    assert event["user"] == "service" and "a été retiré" in event["detail"]


def test_downloads_are_audited(app_db):
    """The download buttons' on_click callback records the signed-in user of the session."""
    assert _ask("service", audit_download=True) == "ok"
    event = audit.read(action="export", limit=1)[0]
    assert (event["user"], event["role"], event["detail"]) == ("service", "service", "explorer CSV")
    for page in ("pages/explorer.py", "pages/rapport.py", "pages/imports.py"):
        text = (ROOT / page).read_text(encoding="utf-8")
        assert text.count("download_button(") - ("Télécharger le modèle" in text) <= text.count(
            'on_click=ui.audited("export"'
        ), page


def test_the_journal_lists_events_newest_first_and_filters_them(app_db):
    audit.record("marie", "service", "login", "mot de passe")
    audit.record("intrus", None, "login_failed", "identifiant ou mot de passe incorrect")
    make_account("paul", "service")
    at = open_page("service", "pages/journal.py")
    df = at.dataframe[0].value
    assert df["user"].tolist()[:2] == ["intrus", "marie"]
    assert df["action"].tolist()[:2] == ["Échec de connexion", "Connexion"]
    at.selectbox(key="journal_action").set_value("login_failed").run()
    assert at.dataframe[0].value["user"].tolist() == ["intrus"]
    assert "journal" not in pages(app("elu")) and "journal" not in pages(app("porteur"))
