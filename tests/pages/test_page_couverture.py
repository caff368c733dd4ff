"""The page « Couverture par quartier » on the fixture database (figures in tests/support/fixture_db.py), its
queries, its suppression and its chart builders."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from clas.charts import coverage_map, priority_bars
from clas.metrics import coverage
from clas.store import db, geo
from clas.store.db import ROOT, refresh_child_year
from tests.support.plotly_json import spec, values

LT5 = "<\u00a05"
NBSP = "\u00a0"
SHARED_COMMUNES = ROOT.parent / "shared" / "geo" / "communes-95-val-d-oise.geojson"


def square(code: str, name: str, x: float, y: float, d: float = 0.01) -> dict:
    ring = [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]
    return {
        "type": "Feature",
        "properties": {"code": code, "name": name},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


CONTOURS = {
    "type": "FeatureCollection",
    "features": [
        square("VAN", "Val-d'Argent-Nord", 2.23, 48.95),
        square("CV", "Centre-Ville", 2.245, 48.94),
        square("OV", "Orgemont-Volembert", 2.265, 48.945),
    ],
}


@pytest.fixture
def app_db(app_db, tmp_path, monkeypatch):
    contours = tmp_path / "neighbourhoods.geojson"
    contours.write_text(json.dumps(CONTOURS), encoding="utf-8")
    monkeypatch.setenv("CLAS_CONTOURS", str(contours))
    return app_db


def execute(path, sql: str) -> None:
    con = duckdb.connect(str(path))
    con.execute(sql)
    refresh_child_year(con)  # what every writer of the app does after changing the data
    con.close()


def open_page(**select) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    at.switch_page("pages/couverture.py").run()
    assert not at.exception
    for label, value in select.items():  # sidebar selectboxes by label
        next(s for s in at.sidebar.selectbox if s.label == label).select(value).run()
        assert not at.exception
    return at


def table(at: AppTest) -> dict[str, list[str]]:
    df = at.dataframe[0].value
    return {row["name"]: [row[c] for c in df.columns[1:]] for _, row in df.iterrows()}


def chart(at: AppTest, trace_type: str) -> dict:
    return next(spec(c) for c in at.get("plotly_chart") if spec(c)["data"][0]["type"] == trace_type)


# --- queries ----------------------------------------------------------------------------------------------


def query(path, name, **params):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return db.run(con, name, **{"school_year": "2024-2025", "provider_type": None, "grade_band": None, **params})
    finally:
        con.close()


def test_coverage_by_neighbourhood_query(fixture_file):
    df = query(fixture_file, "coverage_by_neighbourhood").set_index("name")
    assert list(df.index) == [
        "Centre-Ville",
        "Orgemont-Volembert",
        "Val-d'Argent-Nord",
        "Quartier non renseigné",
        "Ensemble",
    ]
    assert df["children_followed"].tolist() == [7, 3, 6, 0, 16]
    assert df["forms"].tolist() == [8, 3, 8, 0, 19]
    assert df["waiting_list"].tolist() == [0, 0, 2, 0, 2]
    assert df.loc["Centre-Ville", "children_of_age"] == 1400
    assert df.loc["Centre-Ville", "coverage_rate"] == pytest.approx(0.5)
    assert pd.isna(df.loc["Orgemont-Volembert", "coverage_rate"])  # 0 children of the age: no rate
    assert df.loc["Ensemble", "coverage_rate"] == pytest.approx(100 * 16 / 3500)


def test_a_neighbourhood_without_children_is_there_with_zero(fixture_file):
    df = query(fixture_file, "coverage_by_neighbourhood", provider_type="municipal").set_index("name")
    assert df.loc["Val-d'Argent-Nord", "children_followed"] == 0
    assert df.loc["Orgemont-Volembert", "children_followed"] == 0
    assert df.loc["Centre-Ville", "children_followed"] == 5


def test_grade_band_changes_the_population(fixture_file):
    df = query(fixture_file, "coverage_by_neighbourhood", grade_band="elementaire").set_index("name")
    assert df.loc["Val-d'Argent-Nord", "children_of_age"] == 1200  # children_6_10 only
    assert df.loc["Centre-Ville", "children_followed"] == 2
    lycee = query(fixture_file, "coverage_by_neighbourhood", grade_band="lycee")
    assert lycee["coverage_rate"].isna().all()


def test_children_without_neighbourhood_have_their_line(fixture_file, tmp_path):
    path = tmp_path / "copy.duckdb"
    path.write_bytes(fixture_file.read_bytes())
    execute(
        path,
        "UPDATE enrolments SET neighbourhood_code = NULL WHERE enrolment_id IN (SELECT enrolment_id "
        "FROM child_year WHERE provider = 'Réussir Ensemble' AND school_year = '2024-2025' LIMIT 2)",
    )
    df = query(path, "coverage_by_neighbourhood").set_index("name")
    assert df.loc["Quartier non renseigné", "children_followed"] == 2
    assert df.loc["Orgemont-Volembert", "children_followed"] == 1
    assert df.loc["Ensemble", "children_followed"] == 16


def test_priority_and_sites_queries(fixture_file):
    g = query(fixture_file, "coverage_by_priority").set_index("area_group")
    assert g["children_followed"].to_dict() == {"priority": 6, "other": 10}
    assert g.loc["priority", "coverage_rate"] == pytest.approx(600 / 2100)
    sites = query(fixture_file, "provider_sites", provider_type="associatif")
    assert sites["name"].tolist() == ["Les Petits Pas", "Réussir Ensemble"]
    assert len(query(fixture_file, "provider_sites", school_year="2023-2024")) == 2


# --- the page ---------------------------------------------------------------------------------------------


def test_table_with_small_cells_hidden(app_db):
    rows = table(open_page())
    assert rows["Orgemont-Volembert"] == [LT5, "0", "–", LT5, "0"]  # rate '–': no children aged 6-14
    # Centre-Ville is hidden so that Orgemont cannot be had by difference (16 - 6 - 0, or the 'other
    # neighbourhoods' rate 0,7 pour 100 of 1 400 children, which can only be 10); it is not small: 'masqué'.
    assert rows["Centre-Ville"] == [
        "masqué (secret statistique)",
        f"1{NBSP}400",
        "masqué (secret statistique)",
        "masqué (secret statistique)",
        "0",
    ]
    assert rows["Val-d'Argent-Nord (QPV)"] == ["6", f"2{NBSP}100", "0,3", "8", LT5]
    assert rows["Quartier non renseigné"] == ["0", "–", "–", "0", "0"]
    assert rows["Ensemble"] == ["16", f"3{NBSP}500", "0,5", "19", LT5]


def test_table_raw_values_with_threshold_1(app_db):
    execute(app_db, "INSERT INTO settings VALUES ('small_cell_threshold', '1')")
    at = open_page()
    rows = table(at)
    assert rows["Orgemont-Volembert"] == ["3", "0", "–", "3", "0"]
    assert rows["Centre-Ville"] == ["7", f"1{NBSP}400", "0,5", "8", "0"]
    assert rows["Val-d'Argent-Nord (QPV)"] == ["6", f"2{NBSP}100", "0,3", "8", "2"]
    assert rows["Ensemble"] == ["16", f"3{NBSP}500", "0,5", "19", "2"]
    assert not any("secret statistique" in c.value for c in at.caption)


def test_map_has_one_feature_per_neighbourhood(app_db):
    fig = chart(open_page(), "choroplethmap")
    fills = [t for t in fig["data"] if t["type"] == "choroplethmap"]
    located = sorted(c for t in fills for c in t["locations"])
    assert located == ["CV", "OV", "VAN"]  # each once, none missing
    assert fig["layout"]["map"]["style"] == "white-bg"  # offline: no tiles
    hidden = next(t for t in fills if t["name"] == "Effectif masqué (secret statistique)")
    assert sorted(hidden["locations"]) == ["CV", "OV"]
    hover = dict(zip(hidden["locations"], hidden["customdata"]))
    assert f"Enfants accompagnés : {LT5} (secret statistique)" in hover["OV"]
    assert "Enfants accompagnés : masqué (secret statistique)" in hover["CV"]
    qpv = next(t for t in fig["data"] if t.get("name") == "Quartier prioritaire (QPV)")
    assert qpv["meta"] == ["VAN"] and qpv["mode"] == "lines" and len(qpv["lon"]) == 6  # 5 points + None
    sites = [t for t in fig["data"] if t["type"] == "scattermap" and t["mode"] == "markers"]
    assert sorted(n for t in sites for n in t["customdata"] for n in [n[0]]) == [
        "Les Petits Pas",
        "Maison de quartier Centre",
        "Réussir Ensemble",
    ]
    assert fig["layout"]["separators"] == f",{NBSP}"


def test_map_by_count_and_rate_with_threshold_1(app_db):
    execute(app_db, "INSERT INTO settings VALUES ('small_cell_threshold', '1')")
    at = open_page()
    fig = chart(at, "choroplethmap")
    main = fig["data"][0]
    assert dict(zip(main["locations"], values(main["z"]))) == pytest.approx({"CV": 0.5, "VAN": 600 / 2100})
    undefined = next(t for t in fig["data"] if t.get("name") == "Taux non calculable")
    assert undefined["locations"] == ["OV"]
    at.radio(key="coverage_measure").set_value("count").run()
    main = chart(at, "choroplethmap")["data"][0]
    assert dict(zip(main["locations"], values(main["z"]))) == {"CV": 7, "OV": 3, "VAN": 6}


def test_priority_bars(app_db):
    bars = chart(open_page(), "bar")["data"][0]
    assert bars["y"] == ["Quartiers prioritaires (QPV)", "Autres quartiers"]
    assert values(bars["x"]) == [0.3, 0.7]  # rounded as shown: 600 / 2100 and 1000 / 1400
    assert bars["text"] == ["0,3 pour 100", "0,7 pour 100"]


def test_grade_band_filter(app_db):
    at = open_page(Niveau="elementaire")
    assert "pour 100 enfants de 6 à 10 ans" in at.caption[0].value
    rows = table(at)
    # 2 children in Centre-Ville: hidden; with the total 8 shown, Val-d'Argent-Nord (6) would give it back.
    assert rows["Centre-Ville"][0] == LT5 and rows["Val-d'Argent-Nord (QPV)"][:3] == [
        "masqué (secret statistique)",
        f"1{NBSP}200",
        "masqué (secret statistique)",
    ]
    assert rows["Ensemble"][:3] == ["8", f"2{NBSP}000", "0,4"]


def test_grade_band_filter_raw_values(app_db):
    execute(app_db, "INSERT INTO settings VALUES ('small_cell_threshold', '1')")
    rows = table(open_page(Niveau="elementaire"))
    assert rows["Val-d'Argent-Nord (QPV)"][:3] == ["6", f"1{NBSP}200", "0,5"]
    assert rows["Centre-Ville"][:3] == ["2", "800", "0,3"]  # 0,25 rounded half up (clas.domain.fmt)


def test_missing_contours_give_a_french_message(app_db, monkeypatch, tmp_path):
    monkeypatch.setenv("CLAS_CONTOURS", str(tmp_path / "absent.geojson"))
    at = open_page()
    assert any("Carte indisponible" in i.value for i in at.info)
    assert not [c for c in at.get("plotly_chart") if spec(c)["data"][0]["type"] == "choroplethmap"]
    assert len(table(at)) == 5  # the table is still there


def test_broken_contours_give_a_french_warning(app_db, monkeypatch, tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text("{ pas du json", encoding="utf-8")
    monkeypatch.setenv("CLAS_CONTOURS", str(bad))
    at = open_page()
    assert any("illisible" in w.value for w in at.warning)


def test_filter_with_no_data(app_db):
    at = open_page(**{"Type de porteur": "municipal", "Niveau": "lycee"})  # no municipal lycée pupil
    assert any("Aucune fiche d'orientation pour ces filtres" in i.value for i in at.info)
    assert not at.get("plotly_chart") and not at.dataframe


# --- pure parts -----------------------------------------------------------------------------------------


def test_geo_loading_and_view(tmp_path):
    assert geo.load_contours(tmp_path / "none.geojson") is None
    p = tmp_path / "n.geojson"
    p.write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": [{**square("1", "Un", 2.0, 48.0), "properties": {"code": 1}}]}
        ),
        encoding="utf-8",
    )
    data = geo.load_contours(p)
    assert data["features"][0]["properties"]["code"] == "1"  # codes compared as text
    p.write_text(json.dumps({"type": "FeatureCollection", "features": [square("X", "x", 0, 0)]}))
    with pytest.raises(geo.ContoursError):
        geo.load_contours(p, match_key="insee")
    centre, zoom = geo.view(CONTOURS)
    assert 2.23 < centre["lon"] < 2.275 and 48.94 < centre["lat"] < 48.96 and 11 < zoom < 15
    c = geo.centroids(CONTOURS).set_index("code")
    assert c.loc["VAN", "lon"] == pytest.approx(2.235) and c.loc["VAN", "lat"] == pytest.approx(48.955)


@pytest.mark.skipif(not SHARED_COMMUNES.exists(), reason="shared Val-d'Oise communes file absent")
def test_a_real_contour_file_works():
    data = geo.load_contours(SHARED_COMMUNES)
    assert len(data["features"]) > 100 and "95018" in {f["properties"]["code"] for f in data["features"]}
    centre, zoom = geo.view(data)
    assert 48.9 < centre["lat"] < 49.3 and 7 < zoom < 11


def test_map_builder_matches_its_data():
    data = pd.DataFrame(
        {
            "code": ["VAN", "CV", "OV"],
            "name": ["a", "b", "c"],
            "priority_area": [True, False, False],
            "value": [1.5, float("nan"), float("nan")],
            "status": ["shown", "hidden", "undefined"],
            "hover": ["h1", "h2", "h3"],
        }
    )
    sites = pd.DataFrame(
        {"name": ["P"], "type": ["municipal"], "neighbourhood": ["b"], "latitude": [48.9], "longitude": [2.2]}
    )
    fig = coverage_map(data, CONTOURS, sites, "rate", {"lon": 2.25, "lat": 48.95}, 12)
    assert list(fig.data[0].locations) == ["VAN"] and list(fig.data[0].z) == [1.5]
    assert [t.name for t in fig.data] == [
        "",
        "Effectif masqué (secret statistique)",
        "Taux non calculable",
        "Quartier prioritaire (QPV)",
        "Porteur municipal",
        "Quartiers",
        "Quartiers",
    ]  # the names, white on dark fills, dark on light
    assert fig.layout.map.style == "white-bg" and fig.layout.separators == f",{NBSP}"
    bars = priority_bars(
        pd.DataFrame(
            {"label": ["A", "B"], "rate": [2.0, float("nan")], "text": ["2,0 pour 100", "masqué (secret statistique)"]}
        )
    )
    assert list(bars.data[0].x) == [2.0, 0] and list(bars.data[0].text) == [
        "2,0 pour 100",
        "masqué (secret statistique)",
    ]


def test_rates_of_hidden_counts_are_hidden_but_undefined_stay_dash():
    nbh = pd.DataFrame(
        {
            "row_kind": ["neighbourhood"] * 3 + ["unknown", "total"],
            "code": ["A", "B", "C", None, None],
            "name": ["A", "B", "C", "Quartier non renseigné", "Ensemble"],
            "priority_area": [True, False, False, None, None],
            "children_followed": [40, 30, 3, 0, 73],
            "children_of_age": [1000, 500, 0, None, 1500],
            "coverage_rate": [4.0, 6.0, None, None, 4.87],
            "forms": [45, 31, 3, 0, 79],
            "waiting_list": [5, 1, 0, 0, 6],
        }
    )
    groups = pd.DataFrame(
        {
            "area_group": ["priority", "other"],
            "children_followed": [40, 33],
            "children_of_age": [1000, 500],
            "coverage_rate": [4.0, 6.6],
        }
    )
    n, g = coverage.suppress(nbh, groups, 5)
    rows = coverage.table_rows(n, 5).set_index("name")
    assert rows.loc["C", "children_followed"] == LT5 and rows.loc["C", "coverage_rate"] == "–"
    # B goes with C: the other neighbourhoods' rate 6,6 pour 100 of 500 children can only be 33 = B + C
    assert (
        rows.loc["B", "children_followed"] == "masqué (secret statistique)"
        and rows.loc["B", "coverage_rate"] == "masqué (secret statistique)"
    )
    assert rows.loc["A (QPV)", "children_followed"] == "40" and rows.loc["Ensemble", "children_followed"] == "73"
    assert (
        rows.loc["B", "waiting_list"] == LT5 and rows.loc["A (QPV)", "waiting_list"] == "masqué (secret statistique)"
    )  # 1, its pair
    assert coverage.group_bars(g, 5)["rate"].tolist() == [4.0, 6.6]  # rounded as shown


def test_a_few_children_without_neighbourhood_are_a_small_cell_too(fixture_file, tmp_path):
    # Issue 9, defect 2: « Quartier non renseigné : 1 » was shown, and was also total − groups. The line is a
    # count of children like any other: hidden when small (the territory total stays published).
    path = tmp_path / "copy.duckdb"
    path.write_bytes(fixture_file.read_bytes())
    execute(
        path,
        "UPDATE enrolments SET neighbourhood_code = NULL WHERE enrolment_id IN (SELECT enrolment_id "
        "FROM child_year WHERE provider = 'Les Petits Pas' AND school_year = '2024-2025' "
        "AND neighbourhood = 'Val-d''Argent-Nord' LIMIT 1)",
    )
    by_nbh = query(path, "coverage_by_neighbourhood")
    by_group = query(path, "coverage_by_priority")
    nbh, _grp = coverage.suppress(by_nbh, by_group, 5)
    rows = nbh.set_index("name")
    assert rows.loc["Quartier non renseigné", "children_followed"] == 1
    assert rows.loc["Quartier non renseigné", "children_hidden"]
    assert rows.loc["Orgemont-Volembert", "children_hidden"]  # 3 children: below the threshold
    assert not rows.loc["Ensemble", "children_hidden"]
