"""Qualité des données: the page in AppTest and the functions it calls, on the fixture database plus the
messy files of tests/support/quality_data.py (figures known by hand there)."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from clas.charts.quality import completeness_heatmap
from clas.ingest.withdraw import withdraw_import
from clas.store import db
from clas.workspace import quality as svc
from clas.workspace.imports import import_upload
from tests.support import page_helpers
from tests.support.builders import xlsx_bytes
from tests.support.fixture_db import build_file
from tests.support.quality_data import TODAY, add_messy_files, reussir_rows

SCHOOLS = pd.DataFrame(
    {
        "school_id": [1, 2, 3, 4],
        "name": [
            "École élémentaire Jean Jaurès",
            "École élémentaire Paul Éluard",
            "Collège Jean Jaurès",
            "Lycée Georges Braque",
        ],
        "type": ["elementaire", "elementaire", "college", "lycee"],
    }
)


@pytest.fixture(scope="module")
def messy_file(tmp_path_factory):
    path = build_file(tmp_path_factory.mktemp("db") / "fixture.duckdb")
    add_messy_files(path)
    return path


@pytest.fixture
def app_db(messy_file, tmp_path, monkeypatch):
    path = tmp_path / "clas.duckdb"
    path.write_bytes(messy_file.read_bytes())
    monkeypatch.setenv("CLAS_DB", str(path))
    return path


def run(path, name, **params):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return db.run(con, name, **params)
    finally:
        con.close()


def open_page() -> AppTest:
    return page_helpers.open_page("pages/qualite.py", timeout=60)


# --- queries ------------------------------------------------------------------------------------------------


def test_providers_received_and_missing(app_db):
    df = run(app_db, "providers_received", school_year="2024-2025")
    assert df["received"].all() and len(df) == 3
    con = duckdb.connect(str(app_db))
    pid = con.execute(
        "SELECT import_id FROM imports WHERE status = 'loaded' AND file_name LIKE 'Les Petits Pas%2023-2024%'"
    ).fetchall()[0][0]
    withdraw_import(con, pid)
    con.close()
    df = run(app_db, "providers_received", school_year="2023-2024")
    assert df[["provider", "received"]].values.tolist() == [  # missing ones first
        ["Les Petits Pas", False],
        ["Réussir Ensemble", False],
        ["Maison de quartier Centre", True],
    ]


def test_completeness_shares(app_db):
    df = run(app_db, "completeness_by_provider", school_year="2024-2025").set_index(["provider", "field"])
    assert df.loc[("Réussir Ensemble", "neighbourhood"), "filled"] == pytest.approx(2 / 3)
    assert df.loc[("Réussir Ensemble", "source"), "filled"] == pytest.approx(2 / 3)
    assert df.loc[("Réussir Ensemble", "school_matched"), "filled"] == pytest.approx(1 / 3)
    assert df.loc[("Réussir Ensemble", "school"), "filled"] == 1
    assert df.loc[("Maison de quartier Centre", "school_matched"), "filled"] == pytest.approx(1 / 2)
    # Entry date is counted among enrolled children only: Les Petits Pas has 8 of 10 enrolled.
    assert df.loc[("Les Petits Pas", "entry_date"), "rows"] == 8 and df.loc[("Les Petits Pas", "sex"), "rows"] == 10
    assert set(df.index.get_level_values("field")) == set(svc.COMPLETENESS_FIELDS)


def test_children_of_several_providers_and_duplicates(app_db):
    multi = run(app_db, "children_multi_provider", school_year="2024-2025")
    assert sorted(multi["providers"]) == [
        "Maison de quartier Centre (6e), Réussir Ensemble (CM2)",
        "Maison de quartier Centre (CM1), Réussir Ensemble (CM1)",
    ]
    dups = run(app_db, "duplicate_rows", school_year="2024-2025")
    assert dups[["provider", "sheet", "row"]].values.tolist() == [["Réussir Ensemble", "Registre", 3]]
    assert run(app_db, "duplicate_rows", school_year="2023-2024").empty


# --- school matching ----------------------------------------------------------------------------------------


def test_suggestions_put_the_right_school_first():
    assert svc.suggest_schools("Ecole J. Jaures", SCHOOLS)[0].name == "École élémentaire Jean Jaurès"
    assert svc.suggest_schools("Coll. Jean-Jaures", SCHOOLS)[0].name == "Collège Jean Jaurès"
    assert svc.suggest_schools("Paul Eluar", SCHOOLS)[0].name == "École élémentaire Paul Éluard"
    assert svc.suggest_schools("zzzz", SCHOOLS) == []


def test_a_recorded_alias_fixes_existing_rows_and_resolves_the_next_import(app_db):
    unmatched = run(app_db, "unmatched_schools")
    assert unmatched[["school_label", "rows"]].values.tolist() == [["Ecole J. Jaures", 2], ["Coll. Jean-Jaures", 1]]
    assert svc.record_school_alias("Ecole J. Jaures", 1) == 2
    assert run(app_db, "unmatched_schools")["school_label"].tolist() == ["Coll. Jean-Jaures"]
    schools = run(app_db, "reference_schools").set_index("name")
    # the fixture's 16 + the two rows matched now + Dupont Marie in the two messy files
    assert schools.loc["École élémentaire Jean Jaurès", "rows"] == 16 + 2 + 2
    # Another spelling with the same key ("ÉCOLE J JAURES") resolves on the next import, without a warning.
    rows = [list(r) for r in reussir_rows()[2:]]
    rows[0][4] = "ÉCOLE J JAURES"
    report = import_upload(xlsx_bytes(rows), "Réussir Ensemble - CLAS 2024-2025 v3.xlsx", today=TODAY)
    assert report.status == "loaded"
    assert not [i for i in report.issues if "absente du référentiel" in i.message]
    assert (
        run(app_db, "completeness_by_provider", school_year="2024-2025")
        .set_index(["provider", "field"])
        .loc[("Réussir Ensemble", "school_matched"), "filled"]
        == 1
    )
    with pytest.raises(ValueError):
        svc.record_school_alias("X", 999)


# --- the chart ----------------------------------------------------------------------------------------------


def test_the_heatmap_builder():
    df = pd.DataFrame(
        {
            "provider": ["B", "B", "A", "A"],
            "field": ["sex", "exit_reason", "sex", "exit_reason"],
            "filled": [0.5, float("nan"), 1.0, 0.25],
            "rows": [4, 0, 2, 4],
        }
    )
    fig = completeness_heatmap(df, {"sex": "Sexe", "exit_reason": "Motif de sortie²", "absent": "X"})
    h = fig.data[0]
    assert list(h.x) == ["Sexe", "Motif de sortie²"] and list(h.y) == ["B", "A"]  # A drawn at the top
    # Each cell coloured by the band of the percentage it writes (0: < 60 %, 3: 100 %), as the bar says.
    assert [list(r) for r in h.z] == [[0, None], [3, 0]]
    assert list(h.colorbar.ticktext) == ["moins de 60\u00a0%", "60 à 89\u00a0%", "90 à 99\u00a0%", "100\u00a0%"]
    assert [list(r) for r in h.text] == [["50\u00a0%", "–"], ["", "25\u00a0%"]]  # full cells left blank
    assert h.customdata[1][0][1] == "100\u00a0%"  # the hover still says it
    assert fig.layout.separators == ",\u00a0"
    assert completeness_heatmap(df.iloc[0:0], {"sex": "Sexe"}).data == ()


# --- the page -----------------------------------------------------------------------------------------------


def test_the_page_shows_each_section(app_db):
    at = open_page()
    assert [h.value for h in at.header] == [
        "Fichiers reçus pour 2024-2025",
        "Complétude des registres",
        "Écoles non reconnues",
        "Enfants suivis par plusieurs porteurs",
        "Même enfant deux fois dans un registre",
    ]
    assert at.metric[0].value == "3 sur 3"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    heat = spec["data"][0]
    assert heat["type"] == "heatmap" and "Réussir Ensemble" in heat["y"]
    row = heat["z"][heat["y"].index("Réussir Ensemble")]
    assert row[heat["x"].index("Quartier")] == 1  # 2 of 3 rows, 67 %: the « 60 à 89 % » band
    texts = heat["text"][heat["y"].index("Réussir Ensemble")]
    assert texts[heat["x"].index("Quartier")] == "67\u00a0%"
    texts = [t.value for t in at.text]
    assert any(t.startswith("Ecole J. Jaures\n2 lignes") for t in texts)
    assert len(at.dataframe[1].value) == 2  # two children followed twice
    assert at.dataframe[2].value["row"].tolist() == [3]


def test_matching_a_school_on_the_page(app_db):
    at = open_page()
    box = [s for s in at.selectbox if s.label == "École du référentiel"][0]
    # The first option after "leave as is" is the best suggestion.
    assert box.options[1].startswith("★ École élémentaire Jean Jaurès")
    box.set_value(1)
    [b for b in at.button if b.label == "Enregistrer les rapprochements"][0].click()
    at.run()
    assert not at.exception
    assert any(
        "1 écriture rapprochée ; 2 lignes déjà importées corrigées" in s.value.replace("\\", "") for s in at.success
    )
    assert run(app_db, "unmatched_schools")["school_label"].tolist() == ["Coll. Jean-Jaures"]
    assert not any(t.value.startswith("Ecole J. Jaures") for t in at.text)


def test_the_page_on_a_clean_year(app_db):
    at = open_page()
    at.sidebar.selectbox[0].select("2023-2024").run()
    assert not at.exception
    assert at.header[0].value == "Fichiers reçus pour 2023-2024"
    assert any("Aucun enfant n'est inscrit chez plus d'un porteur en 2023-2024" in m.value for m in at.markdown)
