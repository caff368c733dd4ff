"""The Orientations page and its queries on the fixture database (figures in tests/support/fixture_db.py)."""

from __future__ import annotations

import duckdb
import pytest

from clas.charts import orientations as oc
from clas.store import db
from tests.support.page_helpers import metrics, open_page, sankey_links, traces
from tests.support.plotly_json import values

ALL = dict(school_year="2024-2025", provider_type=None, neighbourhood=None, grade_band=None)


@pytest.fixture(scope="module")
def con(fixture_file):
    c = duckdb.connect(str(fixture_file), read_only=True)
    yield c
    c.close()


# --- queries -------------------------------------------------------------------------------------------


def test_flows_by_source_provider_outcome(con):
    df = db.run(con, "orientation_flows", **ALL)
    got = {(r.source, r.provider, r.outcome): r.forms for r in df.itertuples()}
    assert got == {
        ("enseignant", "Les Petits Pas", "inscrit"): 6,
        ("pre", "Les Petits Pas", "inscrit"): 2,
        ("enseignant", "Les Petits Pas", "liste_attente"): 2,
        ("famille", "Maison de quartier Centre", "inscrit"): 5,
        ("famille", "Maison de quartier Centre", "refus_famille"): 1,
        ("jeune", "Réussir Ensemble", "inscrit"): 3,
    }


def test_filters_narrow_the_flows(con):
    college = db.run(con, "orientation_flows", **{**ALL, "grade_band": "college"})
    assert set(college["provider"]) == {"Maison de quartier Centre"} and college["forms"].sum() == 6
    van = db.run(con, "orientation_flows", **{**ALL, "neighbourhood": "Val-d'Argent-Nord"})
    assert van.groupby("outcome")["forms"].sum().to_dict() == {"inscrit": 6, "liste_attente": 2}
    municipal = db.run(con, "orientation_flows", **{**ALL, "provider_type": "municipal"})
    assert municipal["forms"].sum() == 6
    every_year = db.run(con, "orientation_flows", **{**ALL, "school_year": None})
    assert every_year["forms"].sum() == 19 + 10


def test_criteria_shares_by_band(con):
    df = db.run(con, "orientation_criteria", **ALL).set_index(["grade_band", "criterion"])
    # Les Petits Pas 2024-2025: 10 elementary forms; odd children tick langue + methodologie (4 of the 8
    # enrolled), the others and the 2 waiting confiance (+ methodologie for the waiting ones).
    assert df.loc[("elementaire", "langue"), "forms"] == 4 and df.loc[("elementaire", "langue"), "band_forms"] == 10
    assert df.loc[("elementaire", "langue"), "share"] == pytest.approx(0.4)
    assert df.loc[("college", "confiance"), "share"] == 1.0 and df.loc[("lycee", "methodologie"), "forms"] == 3


def test_months_in_school_year_order(con):
    df = db.run(con, "orientations_by_month", **ALL)
    # orientation dates: 16 September + 7 days x (i mod 4): the fourth of each four falls on 7 October
    assert df[["month", "month_rank", "forms"]].values.tolist() == [[9, 1, 16], [10, 2, 3]]
    fig = oc.monthly_bars(df)
    assert list(fig.data[0].x[:3]) == ["sept.", "oct.", "nov."] and fig.data[0].x[-1] == "août"
    assert list(fig.data[0].customdata[:2]) == ["septembre", "octobre"]  # full names in the hover
    assert list(fig.data[0].y) == [16, 3] + [0] * 10


def test_criteria_flows_weights(con):
    df = db.run(con, "orientation_criteria_flows", **ALL)
    petits = df[df["provider"] == "Les Petits Pas"].set_index("criterion")
    assert petits["ticks"].to_dict() == {"confiance": 6, "langue": 4, "methodologie": 6}
    assert petits["weight"].sum() == pytest.approx(10) and df["weight"].sum() == pytest.approx(19)


def test_outcomes_and_delays(con):
    out = db.run(con, "outcomes_by_provider", **ALL)
    assert out[out["provider"] == "Les Petits Pas"].set_index("outcome")["forms"].to_dict() == {
        "inscrit": 8,
        "liste_attente": 2,
    }
    d = db.run(con, "orientation_delay_by_provider", **ALL)
    assert (d["median"] == 14).all() and d.loc[d["is_total"], "children"].item() == 16
    assert d.loc[~d["is_total"]].set_index("provider")["children"].to_dict() == {
        "Les Petits Pas": 8,
        "Maison de quartier Centre": 5,
        "Réussir Ensemble": 3,
    }


# --- the page ------------------------------------------------------------------------------------------


def test_page_shows_the_flows_and_figures(app_db):
    at = open_page("pages/orientations.py", "2024-2025")
    assert metrics(at) == {
        "Fiches d'orientation": "19",
        "Inscriptions": "16",
        "En liste d'attente": "2",
        "Délai médian avant l'entrée": "14 j",
    }
    links = sankey_links(at)
    assert links[("Les Petits Pas", "Inscrit")] == 8 and links[("Les Petits Pas", "Liste d'attente")] == 2
    assert links[("Enseignant / équipe éducative", "Les Petits Pas")] == 8
    assert links[("Programme de réussite éducative", "Les Petits Pas")] == 2
    assert links[("Maison de quartier Centre", "Refus de la famille")] == 1
    assert links[("Le jeune lui-même", "Réussir Ensemble")] == 3
    # criteria bars: French labels, one trace per grade band
    bars = {t.get("name"): t for t in traces(at, "bar")}
    assert {"Élémentaire", "Collège", "Lycée"} <= set(bars)
    assert "Maîtrise de la langue, lecture" in bars["Élémentaire"]["y"]
    (box,) = traces(at, "box")
    assert set(box["y"]) == {"Les Petits Pas", "Maison de quartier Centre", "Réussir Ensemble"}
    assert values(box["median"]) == [14.0, 14.0, 14.0]


def test_criteria_option_in_the_sankey(app_db):
    at = open_page("pages/orientations.py", "2024-2025")
    at.radio(key="orientations_first").set_value("criterion").run()
    links = sankey_links(at)
    # a form's width is split over its criteria: the 4 forms ticking langue + methodologie give 2 to langue;
    # confiance alone on 4 forms, with methodologie on the 2 waiting ones: 4 + 1
    assert links[("Maîtrise de la langue, lecture", "Les Petits Pas")] == pytest.approx(2)
    assert links[("Confiance en soi", "Les Petits Pas")] == pytest.approx(5)
    into_petits_pas = sum(v for (a, b), v in links.items() if b == "Les Petits Pas")
    assert into_petits_pas == pytest.approx(10)  # the stages balance: 10 forms
    assert links[("Les Petits Pas", "Inscrit")] == 8
    (s,) = traces(at, "sankey")
    hover = dict(
        zip(
            zip(
                [s["node"]["label"][i] for i in values(s["link"]["source"])],
                [s["node"]["label"][i] for i in values(s["link"]["target"])],
            ),
            s["link"]["customdata"],
        )
    )
    assert hover[("Maîtrise de la langue, lecture", "Les Petits Pas")] == "4 fiches cochent ce critère"


def test_filters_apply_and_empty_state(app_db):
    at = open_page("pages/orientations.py", "2024-2025")
    at.selectbox(key="filter_grade_band").set_value("college").run()
    assert metrics(at)["Fiches d'orientation"] == "6"
    at.selectbox(key="filter_grade_band").set_value("lycee").run()
    at.selectbox(key="filter_school_year").set_value("2023-2024").run()
    assert not at.exception
    assert not at.get("plotly_chart") and "Aucune fiche" in at.info[0].value
