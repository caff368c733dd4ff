"""The network (issue 15) on fixture data whose figures are known by hand: the network sheets' importer and
its guarantees, the schemes and directory references, the élu view by neighbourhood, and the declarative
bilan."""

from __future__ import annotations

import datetime as dt
import io

import duckdb
import openpyxl
import pandas as pd
import pytest

from clas.metrics import network as M
from clas.report import bilan
from clas.store import db
from clas.workspace.network import import_network_file
from clas.workspace.schemes import check_directory, check_school_schemes, replace_schemes
from tests.support import fixture_db

HEAD = ["Date", "Intitulé", "Thème", "Durée (h)", "Organisateur", "Profession", "Institution", "Participants"]
# Two sessions in 2024-2025: 12 + 10 participants, of whom 3 + 2 teachers and 1 school head (Éducation
# nationale: 6 of 22); Les Petits Pas and École élémentaire Jean Jaurès take part, the other providers do not.
SESSIONS = [
    [
        dt.date(2024, 10, 8),
        "Accueillir les familles",
        "Relation avec les familles",
        2.5,
        "Ville",
        "Enseignant",
        "École élémentaire Jean Jaurès",
        3,
    ],
    [None, None, None, None, None, "Animateur CLAS", "Les Petits Pas", 6],
    [None, None, None, None, None, "Direction d'école", "École élémentaire Jean Jaurès", 1],
    [None, None, None, None, None, "PRE", "Programme de réussite éducative", 2],
    [
        dt.date(2025, 1, 20),
        "Évaluer ensemble",
        "Évaluation partagée",
        3,
        "CAF",
        "Enseignante",
        "Collège Jean Jaurès",
        2,
    ],
    [None, None, None, None, None, "Bénévole", "Les Petits Pas", 8],
]
STAFF = [
    ["Porteur", "Année scolaire", "Fonction", "Statut", "Nombre de personnes", "Heures par semaine"],
    ["Les Petits Pas", "2024-2025", "Coordinatrice", "Salariée", 1, 20],
    ["Les Petits Pas", "2024-2025", "Animateur", "Salarié", 2, 8],
    ["Les Petits Pas", "2024-2025", "Accompagnateur", "Bénévole", 5, 2],
]


def workbook(sessions=SESSIONS, staff=STAFF) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Vie du réseau"
    ws.append(HEAD)
    for r in sessions:
        ws.append(r)
    if staff:
        st = wb.create_sheet("Équipes")
        for r in staff:
            st.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def fixture_con(fixture_file, tmp_path):
    import shutil

    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(fixture_file, copy)
    c = duckdb.connect(str(copy))
    db.create_schema(c)
    yield c
    c.close()


def test_sessions_and_staff_load_with_the_known_figures(fixture_con):
    report = import_network_file(fixture_con, workbook(), "reseau.xlsx")
    assert report.status == "loaded", report.to_text()
    assert (report.rows_loaded, report.rows_rejected) == (6 + 3, 0)
    year = db.run(fixture_con, "network_by_year").set_index("school_year").loc["2024-2025"]
    assert (year["sessions"], year["participants"], year["education_nationale"]) == (2, 22, 6)
    assert year["hours"] == 5.5
    assert (year["providers_present"], year["schools_present"]) == (1, 2)
    prof = M.by_profession(db.run(fixture_con, "network_by_profession", school_year="2024-2025"))
    assert dict(zip(prof["profession"], prof["participants"], strict=False)) == {
        "Enseignant": 5,
        "Direction d'école": 1,
        "Animateur CLAS": 6,
        "Bénévole": 8,
        "PRE": 2,
    }
    inst = (
        db.run(fixture_con, "network_by_profession", school_year="2024-2025")
        .groupby("institution_type")["participants"]
        .sum()
        .to_dict()
    )
    assert inst == {"ecole": 6, "porteur": 14, "pre": 2}
    presence = db.run(fixture_con, "network_presence", school_year="2024-2025")
    providers, present, total = M.presence(presence, "porteur")
    assert (present, total) == (1, 3)
    assert providers.set_index("name").loc["Les Petits Pas", "sessions"] == 2
    cards = M.key_figures(db.run(fixture_con, "network_by_year"), "2024-2025")
    assert [v for _, v, _ in cards] == ["2", "22", "27,3\u00a0%"]
    staff = db.run(fixture_con, "bilan_staff", school_year="2024-2025", provider="Les Petits Pas")
    got = {(r.row_key, r.col_key): r.value for r in staff.itertuples()}
    assert got == {
        ("salarie", "personnes"): 3,
        ("salarie", "heures"): 36,
        ("benevole", "personnes"): 5,
        ("benevole", "heures"): 10,
    }


def test_a_bad_line_is_located_and_the_rest_loads(fixture_con):
    bad = [list(r) for r in SESSIONS]
    bad[4][2] = "Jardinage"  # row 6 of the sheet (header on row 1): unknown theme
    bad[5][7] = "beaucoup"  # row 7: participants unreadable
    report = import_network_file(fixture_con, workbook(bad), "reseau.xlsx")
    assert report.status == "loaded" and report.rows_rejected == 2
    where = {(i.sheet, i.row, i.column) for i in report.errors}
    # Row 7 continues the session of row 6 (empty date and title): it carries its unknown theme too.
    assert where == {("Vie du réseau", 6, "Thème"), ("Vie du réseau", 7, "Thème"), ("Vie du réseau", 7, "Participants")}
    assert all("ligne non importée" in i.message for i in report.errors)
    assert db.run(fixture_con, "network_by_year")["participants"].tolist() == [12]


def test_a_refused_file_changes_nothing_and_the_same_bytes_twice_change_nothing(fixture_con):
    data = workbook()
    assert import_network_file(fixture_con, data, "a.xlsx").status == "loaded"
    before = fixture_con.execute("SELECT count(*), sum(participants) FROM network_participants").fetchall()
    every_line_bad = [[r[0], r[1], "Jardinage", *r[3:]] for r in SESSIONS]
    refused = import_network_file(
        fixture_con,
        workbook(every_line_bad, staff=[STAFF[0], ["Inconnu", "2024-2025", "X", "Salarié", 1, 1]]),
        "b.xlsx",
    )
    assert refused.status == "rejected"
    assert any(i.column == "Porteur" and i.row == 2 for i in refused.errors)
    assert fixture_con.execute("SELECT count(*), sum(participants) FROM network_participants").fetchall() == before
    assert fixture_con.execute("SELECT count(*) FROM network_files").fetchall() == [(1,)]
    assert import_network_file(fixture_con, data, "a.xlsx").status == "unchanged"
    not_a_network_file = import_network_file(fixture_con, fixture_db.workbooks()[0][1], "registre.xlsx")
    assert not_a_network_file.status == "rejected" and "Vie du réseau" in not_a_network_file.issues[0].message


def test_schemes_reference_and_white_zones(fixture_con):
    schemes = {"apc": "Aide personnalisée (APC)", "devoirs_faits": "Devoirs faits"}
    lines, issues = check_school_schemes(
        fixture_con,
        pd.DataFrame(
            {
                "École": ["0950001A", "École élémentaire Paul Éluard", "Collège Jean Jaurès", "École inconnue"],
                "Dispositif": ["APC", "apc", "Devoirs faits", "Stage"],
            }
        ),
        schemes,
    )
    assert [(i.row, i.column) for i in issues] == [(5, "École"), (5, "Dispositif")]
    replace_schemes(fixture_con, schemes, lines)
    overview = db.run(fixture_con, "school_schemes_overview", school_year="2024-2025").set_index("school")
    # 2024-2025: Jean Jaurès élémentaire 10 forms (Les Petits Pas), collège 6, lycée 3; Paul Éluard none.
    assert overview["forms"].to_dict() == {
        "École élémentaire Jean Jaurès": 10,
        "École élémentaire Paul Éluard": 0,
        "Collège Jean Jaurès": 6,
        "Lycée Georges Braque": 3,
    }
    assert overview.loc[overview["white_zone"]].index.tolist() == ["École élémentaire Paul Éluard"]
    assert overview.loc["Collège Jean Jaurès", "schemes"] == "Devoirs faits"


def test_the_elu_view_is_by_neighbourhood_and_hides_small_counts(fixture_con):
    replace_schemes(fixture_con, {"apc": "APC"}, pd.DataFrame({"school_id": [1, 2], "scheme": ["apc", "apc"]}))
    raw = db.run(fixture_con, "schemes_by_neighbourhood", school_year="2024-2025")
    table = M.neighbourhood_schemes(raw, 5).set_index("neighbourhood")
    # Children oriented from the schools of each neighbourhood: VAN 10 + 6 = 16 children; CV: 3 (lycée): hidden.
    assert table.loc["Val-d'Argent-Nord", "children"] == "16"
    assert table.loc["Centre-Ville", "children"] == "<\u00a05"
    assert "school" not in table.columns and "School" not in " ".join(table.columns)
    from clas.store.access import query_allowed

    assert query_allowed("schemes_by_neighbourhood", "elu") and not query_allowed("school_schemes_overview", "elu")
    assert not query_allowed("network_sessions", "elu")


def test_directory_reference_checks_lines(fixture_con):
    lines, issues = check_directory(
        fixture_con,
        pd.DataFrame(
            {
                "Porteur": ["Les Petits Pas", "Personne"],
                "Du niveau": ["CP", "CM1"],
                "Au niveau": ["cm2", "Zzz"],
                "Places disponibles": ["4", "x"],
            }
        ),
    )
    assert [(i.row, i.column) for i in issues] == [(3, "Porteur")]
    assert lines.iloc[0][["grade_min", "grade_max", "places_available"]].tolist() == ["CP", "CM2", 4]
    rows = M.directory_rows(
        pd.DataFrame(
            {
                "provider": ["A", "B"],
                "type": ["municipal", "associatif"],
                "neighbourhood": ["X", "Y"],
                "grade_min": ["CP", "6e"],
                "grade_max": ["CM2", "3e"],
                "places_available": [2, None],
            }
        ),
        "CM1",
        None,
    )
    assert rows["provider"].tolist() == ["A"] and rows.loc[0, "grades"] == "CP à CM2"


def test_bilan_of_a_provider_has_the_known_figures(fixture_con):
    import_network_file(fixture_con, workbook(), "reseau.xlsx")
    tables = {
        t.definition.id: t.frame
        for t in bilan.build(lambda q, **kw: db.run(fixture_con, q, **kw), "2024-2025", "Les Petits Pas")
    }
    # Les Petits Pas 2024-2025: 8 inscrits, 4 girls 4 boys, aged 8 or 10; 6 in VAN (QPV), 2 in CV.
    assert tables["enfants_age_sexe"].loc["6 à 10 ans"].tolist() == [4, 4, 8]
    assert "Moins de 6 ans" not in tables["enfants_age_sexe"].index  # optional and empty
    assert tables["enfants_niveau"]["Enfants"].to_dict() == {
        "Élémentaire (CP–CM2)": 8,
        "Collège (6e–3e)": 0,
        "Lycée": 0,
        "Total": 8,
    }
    assert tables["enfants_qpv"].loc[
        ["Quartier prioritaire (QPV)", "Hors quartier prioritaire"], "Enfants"
    ].tolist() == [6, 2]
    src = tables["orientations"]
    assert src.loc["Enseignant / équipe éducative"].tolist() == [8, 6]
    assert src.loc["Programme de réussite éducative"].tolist() == [2, 2] and src.loc["Total"].tolist() == [10, 8]
    assert tables["seances"].loc["Assiduité (%)", "Valeur"] == 100
    assert tables["actions_parents"].loc["Réunion de parents"].tolist() == [1, 6]
    assert tables["actions_parents"].loc["Total"].tolist() == [2, 10]
    assert tables["sorties"].loc["Fin d'année", "Enfants"] == 8
    assert tables["equipe"].loc["Total"].tolist() == [8, 46]
    network = {
        t.definition.id: t.frame for t in bilan.build(lambda q, **kw: db.run(fixture_con, q, **kw), "2024-2025", None)
    }
    assert network["enfants_niveau"].loc["Total", "Enfants"] == 16
    book = openpyxl.load_workbook(
        io.BytesIO(
            bilan.workbook(
                list(bilan.build(lambda q, **kw: db.run(fixture_con, q, **kw), "2024-2025", "Les Petits Pas")),
                "2024-2025",
                "Les Petits Pas",
            )
        )
    )
    assert book.sheetnames[0] == "Bilan" and "equipe" in book.sheetnames


def test_the_bilan_follows_its_definition_file_without_code(fixture_con, tmp_path):
    text = bilan.DEFINITIONS.read_text(encoding="utf-8").replace('label = "Élémentaire (CP–CM2)"', 'label = "Écoliers"')
    custom = tmp_path / "bilan.toml"
    custom.write_text(text, encoding="utf-8")
    defs = bilan.load_definitions(custom)
    niveau = next(d for d in defs if d.id == "enfants_niveau")
    frame = bilan.shape(niveau, db.run(fixture_con, niveau.query, school_year="2024-2025", provider="Les Petits Pas"))
    assert frame.loc["Écoliers", "Enfants"] == 8
    (tmp_path / "bad.toml").write_text('[[table]]\nid = "x"\ntitle = "X"\nquery = "nope"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="requête inconnue"):
        bilan.load_definitions(tmp_path / "bad.toml")


def test_the_team_sheet_of_a_register_replaces_the_city_lines_and_follows_its_file(fixture_con):
    from clas.ingest import import_file
    from tests.support.builders import xlsx_bytes

    import_network_file(fixture_con, workbook(), "reseau.xlsx")  # city lines: 3 paid, 5 volunteers
    name, data = fixture_db.workbooks()[2]  # Les Petits Pas 2024-2025
    rows = openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True)
    team = {
        "Équipe": [
            ["Fonction", "Statut", "Nombre de personnes", "Heures par semaine"],
            ["Coordinatrice", "Salariée", 1, 35],
            ["Accompagnateur", "bénévole", 2, 3],
            ["Stagiaire", "Stagiaire", 1, 10],
        ]
    }  # row 4: unknown status
    actions = {
        "Actions parents": [
            ["Date", "Type d'action", "Familles présentes"],
            [dt.date(2024, 10, 10), "Réunion de parents", 6],
        ]
    }
    report = import_file(
        fixture_con,
        xlsx_bytes([list(r) for r in rows], extra_sheets={**actions, **team}),
        name,
        today=dt.date(2025, 7, 1),
    )
    assert report.status == "loaded", report.to_text()
    assert [(i.sheet, i.row, i.column) for i in report.errors] == [("Équipe", 4, "Statut")]
    assert not any(i.sheet == "Équipe" and "ignorée" in i.message for i in report.issues)
    staff = db.run(fixture_con, "bilan_staff", school_year="2024-2025", provider="Les Petits Pas")
    got = {(r.row_key, r.col_key): r.value for r in staff.itertuples()}
    assert got == {
        ("salarie", "personnes"): 1,
        ("salarie", "heures"): 35,
        ("benevole", "personnes"): 2,
        ("benevole", "heures"): 6,
    }
    fixture_con.execute("UPDATE imports SET status = 'withdrawn' WHERE import_id = $i", {"i": report.import_id})
    staff = db.run(fixture_con, "bilan_staff", school_year="2024-2025", provider="Les Petits Pas")
    assert staff.set_index(["row_key", "col_key"]).loc[("salarie", "personnes"), "value"] == 3  # city lines again
