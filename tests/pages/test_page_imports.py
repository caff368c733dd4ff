"""The Imports page in AppTest on a copy of the fixture database: history, template, an upload through
st.file_uploader with its report, the provider/year form, a column mapping, a confirmed withdrawal."""

from __future__ import annotations

import re

import duckdb
from streamlit.testing.v1 import AppTest

from tests.support import page_helpers
from tests.support.builders import CHILDREN, HEADER, NO_BIRTH, xlsx_bytes
from tests.support.fixtures import q

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_page() -> AppTest:
    return page_helpers.open_page("pages/imports.py", timeout=60)


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="uploads").set_value((name, data, XLSX))
    at.run()
    assert not at.exception, at.exception
    return at


def history(at: AppTest):
    return at.dataframe[-1].value  # the history is the page's last table


def issues(at: AppTest):
    """The first file's issues table (a static table whose cells are escaped markdown), unescaped."""
    table = at.table[0].value
    return table.apply(lambda col: col.map(lambda v: re.sub(r"\\(.)", r"\1", v)))


def test_the_page_shows_the_history_and_the_template_button(app_db):
    at = open_page()
    assert at.title[0].value == "Imports"
    h = history(at)
    assert len(h) == 5 and set(h["status"]) == {"En vigueur"}
    assert not at.table
    assert "Réussir Ensemble - CLAS 2024-2025.xlsx" in set(h["file_name"])
    assert at.download_button(key="template").proto.label == "Télécharger le modèle"
    assert any("Taille maximale : 20 Mo" in c.value for c in at.caption)
    assert at.file_uploader(key="uploads").allowed_type == [".xlsx", ".xls", ".ods", ".csv"]


def test_a_file_with_an_error_shows_its_report(app_db):
    at = upload(open_page(), "Les Petits Pas - CLAS 2024-2025.xlsx", xlsx_bytes([*CHILDREN, NO_BIRTH]))
    assert any(s.value.startswith("Importé") for s in at.success)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Lignes lues": "4",
        "Lignes importées": "3",
        "Lignes refusées (erreurs)": "1",
        "Avertissements": "0",
    }
    table = issues(at)
    err = table[table["Gravité"] == "Erreur"].iloc[0]
    assert (int(err["Ligne"]), err["Colonne"]) == (5, "Date de naissance")
    assert "Date de naissance manquante" in err["Message"]
    assert [b for b in at.get("download_button") if b.proto.label.startswith("Télécharger ce rapport")]
    # The new file is in the history at once (the caches were cleared, the swapped file is read).
    h = history(at)
    assert len(h) == 6 and h.iloc[0]["status"] == "En vigueur" and h.iloc[0]["rows_loaded"] == 3


def test_the_severity_filter(app_db):
    header = HEADER + ["Cercle Soleil"]  # an unrecognised column: a warning
    at = upload(
        open_page(),
        "Les Petits Pas - CLAS 2024-2025.xlsx",
        xlsx_bytes([r + ["x"] for r in [*CHILDREN, NO_BIRTH]], header=header),
    )
    radio = [r for r in at.radio if r.options == ["Tout", "Erreurs", "Avertissements"]][0]
    assert set(issues(at)["Gravité"]) == {"Erreur", "Avertissement"}
    radio.set_value("Erreurs").run()
    assert set(issues(at)["Gravité"]) == {"Erreur"}


def test_a_refused_file_says_why_and_changes_nothing(app_db):
    before = app_db.read_bytes()
    at = upload(open_page(), "notes.xlsx", b"%PDF-1.4 not a register")
    assert any(e.value.startswith("Refusé") for e in at.error)
    assert "PDF" in issues(at).iloc[0]["Message"]
    assert app_db.read_bytes() == before


def test_provider_and_year_are_asked_when_the_file_does_not_say_them(app_db):
    at = upload(open_page(), "registre.xlsx", xlsx_bytes(CHILDREN))
    assert any("ne dit pas le porteur et l'année scolaire" in w.value for w in at.warning)
    prov = [s for s in at.selectbox if s.label == "Porteur"][0]
    year = [s for s in at.selectbox if s.label == "Année scolaire"][0]
    prov.set_value("Réussir Ensemble")
    year.set_value("2024-2025")
    [b for b in at.button if b.label == "Importer ce fichier"][0].click()
    at.run()
    assert not at.exception
    assert any(s.value.startswith("Importé") for s in at.success)
    assert q(
        app_db, "SELECT count(*) FROM child_year WHERE provider = 'Réussir Ensemble' AND school_year = '2024-2025'"
    ) == [(3,)]


def test_a_column_mapped_on_the_page_is_saved_and_the_file_reimported(app_db):
    header = HEADER[:-1] + ["Cercle Soleil"]
    at = upload(open_page(), "Les Petits Pas - CLAS 2024-2025.xlsx", xlsx_bytes(CHILDREN, header=header))
    field = [s for s in at.selectbox if s.label.startswith("Champ pour la colonne")]
    assert [s.label for s in field] == ["Champ pour la colonne S"]
    assert any("Cercle Soleil" in t.value for t in at.text)
    field[0].set_value("parent_collective")
    [b for b in at.button if b.label == "Enregistrer et réimporter le fichier"][0].click()
    at.run()
    assert not at.exception
    assert any("1 correspondance enregistrée pour Les Petits Pas" in s.value.replace("\\", "") for s in at.success)
    assert q(app_db, "SELECT header_key, field FROM column_mappings") == [("cercle soleil", "parent_collective")]
    assert q(
        app_db,
        "SELECT count(*) FILTER (WHERE parent_collective) FROM child_year "
        "WHERE provider = 'Les Petits Pas' AND school_year = '2024-2025'",
    ) == [(1,)]
    # Once mapped, the column is no longer offered.
    assert not [s for s in at.selectbox if s.label.startswith("Champ pour la colonne")]


def test_a_withdrawal_is_confirmed_then_restores_the_previous_file(app_db):
    at = upload(open_page(), "Les Petits Pas - CLAS 2024-2025.xlsx", xlsx_bytes(CHILDREN[:2]))
    count = "SELECT count(*) FROM child_year WHERE provider = 'Les Petits Pas' AND school_year = '2024-2025'"
    assert q(app_db, count) == [(2,)]
    new_id = q(app_db, "SELECT max(import_id) FROM imports")[0][0]
    at.selectbox(key="withdraw_pick").set_value(new_id)
    at.button(key="withdraw_ask").click().run()
    assert any("redeviendra en vigueur" in w.value for w in at.warning)
    # Cancel first: nothing happens.
    at.button(key="withdraw_cancel").click().run()
    assert q(app_db, count) == [(2,)]
    at.selectbox(key="withdraw_pick").set_value(new_id)
    at.button(key="withdraw_ask").click().run()
    at.button(key="withdraw_confirm").click().run()
    assert not at.exception
    assert any("a été retiré" in s.value for s in at.success)
    assert q(app_db, count) == [(10,)]
    h = history(at)
    assert h[h["status"] == "Retiré"]["rows_loaded"].tolist() == [2]


def test_a_saved_mapping_can_be_deleted(app_db):
    from clas.workspace.imports import save_mappings

    save_mappings("Les Petits Pas", {"Anniversaire": "birth_date", "Collectif parents": "parent_collective"})
    at = open_page()
    drop = at.multiselect(key="mappings_drop")
    assert len(drop.options) == 2
    drop.set_value([0]).run()
    at.button(key="mappings_delete").click().run()
    assert not at.exception
    assert q(app_db, "SELECT header_key FROM column_mappings") == [("collectif parents",)]


# --- trust: no silent guess, the demo asked first, a past report reopened ---------------------------------


def test_the_provider_is_suggested_and_marked_never_silently_picked(app_db):
    at = upload(open_page(), "registre petits pas.xlsx", xlsx_bytes(CHILDREN))  # no year, no exact name
    prov = [s for s in at.selectbox if s.label == "Porteur"][0]
    assert prov.value == "Les Petits Pas"
    assert any("Suggestion d'après le nom du fichier" in c.value for c in at.caption)
    assert q(app_db, "SELECT count(*) FROM imports WHERE file_name = 'registre petits pas.xlsx'") == [(0,)]
    at = upload(open_page(), "export.xlsx", xlsx_bytes(CHILDREN))
    assert [s for s in at.selectbox if s.label == "Porteur"][0].value is None  # nothing close: no choice made


def test_a_past_import_report_opens_from_the_history(app_db):
    header = HEADER[:-1] + ["Cercle Soleil"]
    at = upload(
        open_page(),
        "Envoi Soleil - Les Petits Pas - CLAS 2024-2025.xlsx",
        xlsx_bytes([*CHILDREN, NO_BIRTH], header=header),
    )
    [(new_id,)] = q(app_db, "SELECT import_id FROM imports WHERE file_name LIKE 'Envoi Soleil%'")
    at = open_page()  # months later: a new session, nothing in memory
    at.selectbox(key="past_report_pick").set_value(new_id).run()
    assert not at.exception
    shown = " ".join(str(v) for t in at.table for v in t.value.to_numpy().ravel())
    assert "Date de naissance manquante" in shown and "Cercle Soleil" in shown


def test_a_real_file_into_the_demo_asks_first(app_db):
    with duckdb.connect(str(app_db)) as con:
        con.execute("INSERT OR REPLACE INTO settings VALUES ('demo', 'true')")
        con.execute("UPDATE imports SET imported_by = 'démo'")
    before = app_db.read_bytes()
    at = upload(open_page(), "Les Petits Pas - CLAS 2024-2025.xlsx", xlsx_bytes(CHILDREN[:2]))
    assert any("les comptes de démonstration" in w.value for w in at.warning)
    assert app_db.read_bytes() == before  # nothing imported before the answer
    at.button(key="demo_confirm").click().run()
    assert not at.exception
    assert q(app_db, "SELECT count(*) FROM imports WHERE imported_by IS DISTINCT FROM 'démo'") == [(1,)]
