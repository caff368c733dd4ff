"""The Référentiels page in AppTest on a copy of the fixture database: the tables, a table replaced from an
uploaded file (and a bad one refused), the contour file with the real communes-95 GeoJSON, the threshold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from clas.store import geo
from tests.support import page_helpers
from tests.support.fixtures import q

COMMUNES = Path(__file__).resolve().parents[3] / "shared" / "geo" / "communes-95-val-d-oise.geojson"


@pytest.fixture
def app_db(app_db, tmp_path, monkeypatch):
    monkeypatch.setenv("CLAS_CONTOURS", str(tmp_path / "contours.geojson"))
    return app_db


def open_page() -> AppTest:
    return page_helpers.open_page("pages/referentiels.py", timeout=60)


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


def test_the_page_shows_the_three_tables_and_the_settings(app_db):
    at = open_page()
    assert [t.label for t in at.tabs] == [
        "Écoles",
        "Quartiers",
        "Porteurs",
        "Contours des quartiers",
        "Seuil de confidentialité",
        "Dispositifs des écoles",
        "Annuaire",
    ]
    buttons = [b.label for b in at.button]
    assert {"Enregistrer les écoles", "Enregistrer les quartiers", "Enregistrer les porteurs"} <= set(buttons)
    assert at.number_input(key="threshold").value == 5
    assert any("Aucun fichier de contours en service" in c.value for c in at.caption)


def test_replacing_neighbourhoods_from_a_file(app_db):
    at = open_page()
    data = (
        b"code;nom;QPV;Enfants 6-10 ans;Enfants 11-14 ans\nVAN;Val-d'Argent-Nord;oui;1250;900\n"
        b"CV;Centre-Ville;non;800;600\nOV;Orgemont-Volembert;non;300;200\n"
    )
    at.file_uploader(key="upload_neighbourhoods").set_value(("quartiers.csv", data, "text/csv"))
    at.run()
    assert not at.exception
    assert any("3 lignes valides" in m.value for m in at.markdown)
    click(at, "replace_neighbourhoods")
    assert any(
        "Quartiers enregistrés : 0 ajout, 3 lignes mises à jour, 0 suppression." in s.value.replace("\\", "")
        for s in at.success
    )
    assert q(app_db, "SELECT code, children_6_10 FROM neighbourhoods ORDER BY code") == [
        ("CV", 800),
        ("OV", 300),
        ("VAN", 1250),
    ]


def test_a_bad_file_is_refused_with_line_and_column(app_db):
    before = app_db.read_bytes()
    at = open_page()
    data = b"Nom;Type;Code quartier\nLes Petits Pas;Fondation;VAN\nNouveau;associatif;ZZZ\n"
    at.file_uploader(key="upload_providers").set_value(("porteurs.csv", data, "text/csv"))
    at.run()
    assert not at.exception
    text = " ".join(e.value for e in at.error).replace("\\", "")
    assert "Rien n'a été enregistré." in text
    assert "Ligne 2, colonne « Type » : « Fondation » inconnu (attendu : Municipal, Associatif)." in text
    assert "Ligne 3, colonne « Code quartier » : quartier « ZZZ » absent de la table des quartiers." in text
    assert not [b for b in at.button if b.key == "replace_providers"]
    assert app_db.read_bytes() == before


def test_the_threshold_is_saved(app_db):
    at = open_page()
    at.number_input(key="threshold").set_value(11).run()
    click(at, "threshold_save")
    assert q(app_db, "SELECT value FROM settings WHERE name = 'small_cell_threshold'") == [("11",)]
    assert at.number_input(key="threshold").value == 11


@pytest.mark.skipif(not COMMUNES.exists(), reason="../shared/geo absent")
def test_the_communes_contour_file_matched_previewed_and_saved(app_db):
    # A département-level reference: communes as "neighbourhoods" (one not in the file).
    at = open_page()
    data = b"Code;Nom\n95018;Argenteuil\n95127;Cergy\n95585;Sarcelles\n75056;Paris\n"
    at.file_uploader(key="upload_neighbourhoods").set_value(("communes.csv", data, "text/csv"))
    at.run()
    click(at, "replace_neighbourhoods")  # the fixture's quartiers are in use: kept alongside
    at.file_uploader(key="upload_contours").set_value(
        ("communes-95.geojson", COMMUNES.read_bytes(), "application/geo+json")
    )
    at.run()
    assert not at.exception
    assert at.selectbox(key="contours_prop").value == "code"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Contours rapprochés": "3 sur 185",
        "Quartiers sans contour": "4 sur 7",
        "Contours sans quartier": "182",
    }
    # under the map: neighbourhoods without contour, then the reverse (the network's tabs draw tables after them)
    coded = [sorted(d.value["Code"]) for d in at.dataframe if "Code" in d.value.columns]
    assert ["75056", "CV", "OV", "VAN"] in coded
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"][0]["type"] == "choroplethmap" and spec["layout"]["map"]["style"] == "white-bg"
    # Saving needs the confirmation box.
    assert at.button(key="contours_save").disabled
    at.checkbox(key="contours_confirm").check().run()
    click(at, "contours_save")
    assert any("Contours enregistrés : 3 quartiers" in s.value.replace("\\", "") for s in at.success)
    saved = geo.load_contours()
    assert sorted(f["properties"]["code"] for f in saved["features"]) == ["95018", "95127", "95585"]
    assert any("3 contours, dont 3 rapprochés" in c.value.replace("\\", "") for c in at.caption)
    # By name: the property `nom` gives the same three.
    at.selectbox(key="contours_prop").set_value("nom").run()
    assert {m.label: m.value for m in at.metric}["Contours rapprochés"] == "3 sur 185"


def test_editing_the_schools_table(app_db):
    at = open_page()
    # Rows as shown (by name): 0 Collège Jean Jaurès, 1 École élém. Jean Jaurès, 2 … Paul Éluard, 3 Lycée.
    at.session_state["editor_schools"] = {
        "edited_rows": {3: {"name": "Lycée Georges-Braque"}},
        "added_rows": [{"name": "École Anatole France", "type": "elementaire", "neighbourhood_code": "CV"}],
        "deleted_rows": [0, 2],
    }  # the collège is used by 10 rows: kept; Paul Éluard goes
    at.run()
    click(at, "save_schools")
    text = " ".join(s.value for s in at.success).replace("\\", "")
    assert "Écoles enregistrées : 1 ajout, 2 lignes mises à jour, 1 suppression." in text
    assert "Conservés car utilisés par des données importées : Collège Jean Jaurès." in text
    assert q(app_db, "SELECT name FROM schools ORDER BY school_id") == [
        ("École élémentaire Jean Jaurès",),
        ("Collège Jean Jaurès",),
        ("Lycée Georges-Braque",),
        ("École Anatole France",),
    ]


def test_an_invalid_edit_is_refused_with_its_row(app_db):
    before = app_db.read_bytes()
    at = open_page()
    at.session_state["editor_providers"] = {
        "edited_rows": {},
        "added_rows": [{"name": "Les petits pas"}],
        "deleted_rows": [],
    }
    at.run()
    click(at, "save_providers")
    text = " ".join(e.value for e in at.error).replace("\\", "")
    assert "« Les petits pas » apparaît deux fois dans la colonne « Nom » (lignes 1 et 4)" in text
    assert app_db.read_bytes() == before
