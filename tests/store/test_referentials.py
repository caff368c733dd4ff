"""Reference tables (validation, saving), the contour file (with the real Val-d'Oise communes) and the
small-cell threshold, through the functions the Référentiels page calls, on a copy of the fixture database."""

from __future__ import annotations

import io
import json
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from clas.charts.contours import contour_preview
from clas.ingest import FileRejected
from clas.store import db, geo, settings
from clas.workspace import contours as C
from clas.workspace import referential_checks as checks
from clas.workspace import referential_files as files
from clas.workspace import referentials as R
from clas.workspace.imports import import_upload
from tests.support.builders import CHILDREN, HEADER, xlsx_bytes
from tests.support.fixtures import q

COMMUNES = Path(__file__).resolve().parents[3] / "shared" / "geo" / "communes-95-val-d-oise.geojson"
needs_communes = pytest.mark.skipif(not COMMUNES.exists(), reason="../shared/geo absent")


@pytest.fixture
def dbfile(dbfile, tmp_path, monkeypatch):
    monkeypatch.setenv("CLAS_CONTOURS", str(tmp_path / "contours.geojson"))
    return dbfile


def csv_bytes(text: str, encoding="utf-8") -> bytes:
    return text.encode(encoding)


def checked_from_file(kind: str, data: bytes, codes=None) -> checks.Checked:
    frame, errors, warnings = files.map_headers(kind, files.read_table(data))
    assert errors == []
    return checks.validate(kind, frame, codes)


# --- reading and validating --------------------------------------------------------------------------------


def test_headers_are_matched_by_label_alias_or_field_whatever_the_case():
    raw = pd.DataFrame(columns=["CODE", "nom du quartier", "QPV", "Enfants 6-10 ans", "children_11_14", "Remarque"])
    frame, errors, warnings = files.map_headers("neighbourhoods", raw)
    assert list(frame.columns) == ["code", "name", "priority_area", "children_6_10", "children_11_14"]
    assert errors == [] and warnings == ["Colonne « Remarque » inconnue : ignorée."]
    _, errors, _ = files.map_headers("schools", pd.DataFrame(columns=["UAI", "Quartier"]))
    assert errors == ["Colonne obligatoire absente : « Nom ».", "Colonne obligatoire absente : « Type »."]
    _, errors, _ = files.map_headers("providers", pd.DataFrame(columns=["Nom", "Porteur"]))
    assert errors == ["Les colonnes « Nom » et « Porteur » désignent toutes deux « Nom »."]


def test_a_csv_in_windows_1252_with_semicolons_is_read():
    data = csv_bytes(
        "Code;Nom;Quartier prioritaire;Enfants de 6 à 10 ans;Enfants de 11 à 14 ans\n"
        "VAN;Val-d'Argent-Nord;Oui;1 200;900\nCV;Centre-Ville;non;800;600\n",
        "cp1252",
    )
    checked = checked_from_file("neighbourhoods", data)
    assert checked.ok, checked.errors
    assert checked.frame.to_dict("records")[0] == {
        "code": "VAN",
        "name": "Val-d'Argent-Nord",
        "priority_area": True,
        "children_6_10": 1200,
        "children_11_14": 900,
    }
    assert checked.frame.at[1, "priority_area"] is False or checked.frame.at[1, "priority_area"] == False  # noqa: E712 (numpy and Python booleans both accepted)


def test_an_xlsx_is_read_and_a_bad_file_is_refused():
    wb = openpyxl.Workbook()
    wb.active.append(["Nom", "Type", "Code quartier"])
    wb.active.append(["Les Petits Pas", "Association", "VAN"])
    buf = io.BytesIO()
    wb.save(buf)
    checked = checked_from_file("providers", buf.getvalue(), {"VAN"})
    assert checked.ok and checked.frame.at[0, "type"] == "associatif"
    with pytest.raises(FileRejected):
        files.read_table(b"%PDF-1.4")


def test_validation_messages_say_line_and_column():
    data = csv_bytes(
        "Code;Nom;QPV;Enfants 6-10 ans\nVAN;Val-d'Argent-Nord;peut-être;beaucoup\nVAN;Centre;oui;-3\n;Sans code;non;1\n"
    )
    checked = checked_from_file("neighbourhoods", data)
    assert checked.errors == [
        "Ligne 4, colonne « Code » : valeur obligatoire manquante.",
        "Ligne 2, colonne « Quartier prioritaire » : « peut-être » : attendu Oui ou Non.",
        "Ligne 2, colonne « Enfants de 6 à 10 ans » : « beaucoup » n'est pas un nombre.",
        "Ligne 3, colonne « Enfants de 6 à 10 ans » : « -3 » : attendu un nombre entier positif ou nul.",
        "« VAN » apparaît deux fois dans la colonne « Code » (lignes 2 et 3) : chaque valeur doit être unique.",
    ]


def test_school_and_provider_checks():
    data = csv_bytes(
        "UAI;Nom;Type;Code quartier;REP\n0950001A;École A;Élémentaire;VAN;oui\n"
        "95-1;École B;maternelle;XX;\n0950001A;Collège C;Collège;;non\n"
    )
    errors = checked_from_file("schools", data, {"VAN", "CV"}).errors
    assert (
        "Ligne 3, colonne « UAI » : « 95-1 » n'est pas un code UAI (7 chiffres et une lettre, ex. 0951234X)."
    ) in errors
    assert ("Ligne 3, colonne « Type » : « maternelle » inconnu (attendu : Élémentaire, Collège, Lycée).") in errors
    assert "Ligne 3, colonne « Code quartier » : quartier « XX » absent de la table des quartiers." in errors
    assert any(e.startswith("« 0950001A » apparaît deux fois") for e in errors)
    data = csv_bytes("Nom;Type;Latitude\nLes Petits Pas;Ville;48.9\nles petits pas;;123\n")
    errors = checked_from_file("providers", data, set()).errors
    assert "Ligne 3, colonne « Latitude » : « 123 » hors des valeurs possibles (de −90 à 90)." in errors
    assert any(
        e.startswith("« les petits pas » apparaît deux fois dans la colonne « Nom » (lignes 2 et 3)") for e in errors
    )


# --- saving ------------------------------------------------------------------------------------------------


def test_replacing_neighbourhoods_keeps_those_in_use(dbfile):
    data = csv_bytes(
        "Code;Nom;QPV;Enfants 6-10 ans;Enfants 11-14 ans\n"
        "VAN;Val d'Argent Nord;oui;1300;950\nCV;Centre-Ville;non;800;600\nNEW;Nouveau quartier;non;10;5\n"
    )
    saved = R.save_table("neighbourhoods", checked_from_file("neighbourhoods", data).frame)
    # OV is not in the file but 3 children live there: kept.
    assert (saved.added, saved.updated, saved.deleted, saved.kept) == (1, 2, 0, ["quartier OV"])
    assert "Conservés car utilisés par des données importées : quartier OV." in saved.message("neighbourhoods")
    assert q(dbfile, "SELECT code, name, children_6_10 FROM neighbourhoods ORDER BY code") == [
        ("CV", "Centre-Ville", 800),
        ("NEW", "Nouveau quartier", 10),
        ("OV", "Orgemont-Volembert", 0),
        ("VAN", "Val d'Argent Nord", 1300),
    ]
    # A code nobody uses goes.
    data = csv_bytes("Code;Nom\nVAN;Val d'Argent Nord\nCV;Centre-Ville\nOV;Orgemont-Volembert\n")
    saved = R.save_table("neighbourhoods", checked_from_file("neighbourhoods", data).frame)
    assert saved.deleted == 1 and q(dbfile, "SELECT count(*) FROM neighbourhoods") == [(3,)]


def test_the_editor_frame_updates_by_id_adds_and_deletes(dbfile):
    con = duckdb.connect(str(dbfile), read_only=True)
    current = db.run(con, "reference_schools")
    con.close()
    # What st.data_editor returns: the id column, a renamed school, a new row (no id), a row deleted.
    edited = current.drop(columns=["rows"]).copy()
    edited.loc[edited["name"] == "Lycée Georges Braque", "name"] = "Lycée Georges-Braque"
    edited = edited[edited["name"] != "École élémentaire Paul Éluard"]  # unused: deleted
    edited = edited[edited["name"] != "Collège Jean Jaurès"]  # used by 10 rows: kept
    edited = pd.concat(
        [
            edited,
            pd.DataFrame(
                [
                    {
                        "school_id": None,
                        "uai": None,
                        "name": "École Anatole France",
                        "type": "elementaire",
                        "neighbourhood_code": "CV",
                        "priority_education": None,
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    checked = checks.validate("schools", edited, {"VAN", "CV", "OV"}, first_line=1)
    assert checked.ok, checked.errors
    saved = R.save_table("schools", checked.frame)
    assert (saved.added, saved.updated, saved.deleted, saved.kept) == (1, 2, 1, ["Collège Jean Jaurès"])
    assert q(dbfile, "SELECT school_id FROM schools WHERE name = 'Lycée Georges-Braque'") == [(4,)]
    assert q(dbfile, "SELECT name FROM schools ORDER BY school_id") == [
        ("École élémentaire Jean Jaurès",),
        ("Collège Jean Jaurès",),
        ("Lycée Georges-Braque",),
        ("École Anatole France",),
    ]


def test_a_new_school_resolves_rows_that_matched_nothing(dbfile):
    rows = [list(r) for r in CHILDREN]
    rows[0][HEADER.index("École / collège")] = "Ecole Anatole France"
    report = import_upload(xlsx_bytes(rows), "Les Petits Pas - CLAS 2024-2025.xlsx")
    assert any("absente du référentiel" in i.message for i in report.issues)
    data = csv_bytes(
        "UAI;Nom;Type;Code quartier\n0950001A;École élémentaire Jean Jaurès;Élémentaire;VAN\n"
        "0950002B;École élémentaire Paul Éluard;Élémentaire;CV\n"
        "0950003C;Collège Jean Jaurès;Collège;VAN\n0950004D;Lycée Georges Braque;Lycée;CV\n"
        "0950009Z;École élémentaire Anatole France;Élémentaire;CV\n"
    )
    saved = R.save_table("schools", checked_from_file("schools", data, {"VAN", "CV", "OV"}).frame)
    assert saved.added == 1 and saved.rematched == 1
    assert q(dbfile, "SELECT count(*) FROM child_year WHERE school = 'École élémentaire Anatole France'") == [(1,)]


def test_providers_renamed_by_id_and_kept_when_they_sent_files(dbfile):
    frame = pd.DataFrame(
        [
            {
                "provider_id": 1,
                "name": "Les Petits Pas (ALJ)",
                "type": "associatif",
                "neighbourhood_code": "VAN",
                "latitude": 48.95,
                "longitude": 2.23,
            }
        ]
    )
    saved = R.save_table("providers", checks.validate("providers", frame, {"VAN"}, first_line=1).frame)
    assert saved.updated == 1 and sorted(saved.kept) == ["Maison de quartier Centre", "Réussir Ensemble"]
    assert q(dbfile, "SELECT name FROM providers WHERE provider_id = 1") == [("Les Petits Pas (ALJ)",)]
    assert q(dbfile, "SELECT count(*) FROM child_year WHERE provider = 'Les Petits Pas (ALJ)'") == [(16,)]


def test_the_small_cell_threshold(dbfile):
    assert R.set_small_cell_threshold(11) == 11
    con = duckdb.connect(str(dbfile), read_only=True)
    assert settings.small_cell_threshold(con) == 11
    con.close()
    for bad in (1, 51):
        with pytest.raises(ValueError, match="compris entre 2 et 50"):
            R.set_small_cell_threshold(bad)


# --- contours ----------------------------------------------------------------------------------------------


def test_unusable_contour_files_are_explained():
    for data, words in (
        (b"\xff\xfe\x00", "UTF-8"),
        (b"{not json", "JSON valide"),
        (b'{"type": "Feature"}', "FeatureCollection"),
        (
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
            b'"geometry": {"type": "Point", "coordinates": [2, 48]}}]}',
            "Aucun polygone",
        ),
    ):
        with pytest.raises(C.ContourFileError, match=words):
            C.parse(data)


@needs_communes
def test_the_real_communes_file_against_a_communes_reference(dbfile):
    fc = C.parse(COMMUNES.read_bytes())
    assert len(fc["features"]) == 185 and C.properties(fc) == ["code", "nom"]
    # A CAF working at département level: its "neighbourhoods" are communes, one of them not in the file.
    ref = pd.DataFrame(
        {"code": ["95018", "95127", "95585", "75056"], "name": ["Argenteuil", "Cergy", "Sarcelles", "Paris"]}
    )
    assert C.best_property(fc, ref) == "code"
    m = C.match(fc, "code", ref)
    assert m.matched == 3 and m.missing == [("75056", "Paris")] and len(m.unmatched) == 182
    assert "Gonesse" not in m.unmatched and "95277" in m.unmatched  # values of the chosen property
    table = C.unmatched_table(fc, m)
    assert list(table.columns) == ["code", "nom"] and len(table) == 182
    assert table.set_index("code").at["95277", "nom"] == "Gonesse"
    # Matching by name works too, whatever the case or accents.
    by_name = pd.DataFrame({"code": ["ARG", "CER"], "name": ["ARGENTEUIL", "cergy"]})
    assert C.best_property(fc, by_name) == "nom"
    assert C.match(fc, "nom", by_name).matched == 2
    # Saved where the coverage map reads it, keyed by the reference code.
    names = dict(zip(ref["code"], ref["name"]))
    path = C.save(C.normalised(fc, m, names))
    assert path == geo.contours_path()
    loaded = geo.load_contours()
    assert sorted(f["properties"]["code"] for f in loaded["features"]) == ["95018", "95127", "95585"]
    assert {f["properties"]["source_code"] for f in loaded["features"]} == {"95018", "95127", "95585"}
    assert len(geo.centroids(loaded)) == 3
    # The preview map draws every contour, offline (no tiles).
    shapes, rows = C.for_map(fc, m, names)
    fig = contour_preview(shapes, rows)
    spec = json.loads(fig.to_json())
    assert spec["data"][0]["type"] == "choroplethmap" and spec["layout"]["map"]["style"] == "white-bg"
    assert sum(len(t["locations"]) for t in spec["data"]) == 185
    assert sorted(rows["status"].value_counts().to_dict().items()) == [
        ("Rapproché d'un quartier", 3),
        ("Sans quartier correspondant", 182),
    ]


@needs_communes
def test_the_real_communes_file_against_argenteuil_quartiers():
    """The city's own reference (quartier codes) matches none of the communes: all reported, nothing guessed."""
    fc = C.parse(COMMUNES.read_bytes())
    ref = pd.read_csv(Path(__file__).parents[1] / "fixtures" / "reference" / "neighbourhoods.csv")
    m = C.match(fc, C.best_property(fc, ref), ref)
    assert m.matched == 0 and len(m.missing) == 3 and len(m.unmatched) == 185
