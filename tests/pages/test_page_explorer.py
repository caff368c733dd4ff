"""The Explorer: its fixed query with list filters and whitelisted groupings, the measures, the downloads,
and the page."""

from __future__ import annotations

import io

import duckdb
import openpyxl
import pandas as pd
import pytest

from clas.metrics import explorer
from clas.store import db
from tests.support.fixture_db import add_second_provider
from tests.support.page_helpers import charts, download, media, open_page  # noqa: F401 (media: fixture)
from tests.support.plotly_json import values


@pytest.fixture(scope="module")
def con(fixture_file):
    c = duckdb.connect(str(fixture_file), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def con_two_providers(fixture_file, tmp_path_factory):
    """The fixture plus a child followed by two providers in 2024-2025 (child_forms = 2)."""
    path = tmp_path_factory.mktemp("db") / "two.duckdb"
    path.write_bytes(fixture_file.read_bytes())
    add_second_provider(path)
    c = duckdb.connect(str(path), read_only=True)
    yield c
    c.close()


def table(con, dims=(), measure="forms", **selected):
    """The measure by dims (explorer_table.sql grouped by them, then explorer.group)."""
    dims = list(dims)
    return explorer.group(db.run(con, "explorer_table", **explorer.query_params(selected, dims)), dims, measure)


def forms(con, **selected) -> int:
    """How many forms the filters keep (the whole table, no grouping)."""
    t = table(con, **selected)
    return 0 if t.empty else int(t["value"].item())


# --- query --------------------------------------------------------------------------------------------


def test_list_filters(con):
    assert forms(con) == 29  # 10 forms in 2023-2024, 19 in 2024-2025
    assert forms(con, school_year=["2024-2025"]) == 19
    assert forms(con, criterion=["langue"]) == 4  # odd children of Les Petits Pas 2024-2025
    assert forms(con, priority_area=[True]) == 4 + 8  # VAN: 4 in 2023-2024, 6 + 2 waiting after
    assert forms(con, provider=["Réussir Ensemble", "Les Petits Pas"], outcome=["inscrit"]) == 6 + 8 + 3
    assert forms(con, grade=["6e", "5e"], sex=["F"], source=["famille"]) > 0
    assert forms(con, exit_reason=["abandon"]) == 0
    # a value is bound, never spliced into SQL
    assert forms(con, provider=["x' OR 1=1 --"]) == 0


def test_groupings_are_whitelisted_names(con):
    with pytest.raises(ValueError):
        explorer.query_params({}, ["provider; DROP TABLE"])
    # a name outside the whitelist that reached the query anyway groups nothing (every CASE is NULL)
    raw = db.run(con, "explorer_table", **{**explorer.query_params({}, []), "dim1": "child_id"})
    assert raw[["g1", "g2"]].isna().all().all() and raw["forms"].tolist() == [29]


def test_options(con):
    o = explorer.options(db.run(con, "explorer_options"))
    assert o["school_year"] == ["2023-2024", "2024-2025"]
    assert o["grade"] == ["CE2", "CM1", "CM2", "6e", "5e", "2nde"]  # school order, not alphabetical
    assert o["priority_area"] == [True, False] and o["criterion"] == ["methodologie", "langue", "confiance"]


# --- grouping -----------------------------------------------------------------------------------------


def test_group_measures_by_provider(con):
    def by(measure):
        return table(con, ["provider"], measure, school_year=["2024-2025"]).set_index("provider")["value"].to_dict()

    assert by("children") == {"Les Petits Pas": 8, "Maison de quartier Centre": 5, "Réussir Ensemble": 3}
    assert by("forms") == {"Les Petits Pas": 10, "Maison de quartier Centre": 6, "Réussir Ensemble": 3}
    assert by("reached") == pytest.approx(
        {"Les Petits Pas": 0.75, "Maison de quartier Centre": 0.2, "Réussir Ensemble": 0.0}
    )
    assert by("welcome") == pytest.approx(
        {"Les Petits Pas": 1.0, "Maison de quartier Centre": 0.6, "Réussir Ensemble": 1.0}
    )
    assert by("sessions") == pytest.approx(
        {"Les Petits Pas": 40, "Maison de quartier Centre": 40, "Réussir Ensemble": 40}
    )
    total = table(con, [], "priority", school_year=["2024-2025"])
    assert total["value"].item() == pytest.approx(6 / 16) and total["base"].item() == 16


def test_group_two_dimensions_and_criteria(con):
    t = table(con, ["provider", "outcome"], "forms", school_year=["2024-2025"])
    assert t.values.tolist()[:2] == [
        ["Les Petits Pas", "inscrit", 8, None],
        ["Les Petits Pas", "liste_attente", 2, None],
    ]
    c = table(con, ["criterion"], "forms", school_year=["2024-2025"]).set_index("criterion")["value"].to_dict()
    assert c == {"methodologie": 15, "langue": 4, "confiance": 15}  # a form counts in each criterion ticked
    y = table(con, ["school_year", "grade_band"], "children")
    assert y.values.tolist() == [
        ["2023-2024", "elementaire", 6, None],
        ["2023-2024", "college", 4, None],
        ["2024-2025", "elementaire", 8, None],
        ["2024-2025", "college", 5, None],
        ["2024-2025", "lycee", 3, None],
    ]
    with pytest.raises(ValueError):
        table(con, ["provider; DROP TABLE"], "forms")


def _by_hand(forms: pd.DataFrame, dims: list[str], measure: str) -> dict:
    """The measure by dims computed the obvious way, from the child-level rows: the reference for the SQL."""
    if "criterion" in dims:  # a form counts in each criterion ticked on it, in "none" when it has none
        forms = forms.assign(criterion=forms["criteria"].map(lambda c: list(c) if len(c) else [None]))
        forms = forms.explode("criterion")
    out = {}
    keys = [forms[d].astype(object).where(forms[d].notna(), None) for d in dims] or [pd.Series(0, forms.index)]
    for key, g in forms.groupby(keys, dropna=False):
        key = tuple(None if k != k else k for k in (key if isinstance(key, tuple) else (key,)))[: len(dims)]
        e = g[g["outcome"] == "inscrit"]
        reached = (e["parent_meetings"].fillna(0) >= 1) | e["parent_collective"].fillna(False).astype(bool)
        s = e["sessions_attended"].dropna()
        out[key] = {
            "children": e["child_id"].nunique(),
            "forms": len(g),
            "reached": reached.sum() / len(e) if len(e) else None,
            "welcome": e["welcome_interview"].fillna(False).astype(bool).sum() / len(e) if len(e) else None,
            "priority": e["priority_area"].fillna(False).astype(bool).sum() / len(e) if len(e) else None,
            "sessions": s.mean() if len(s) else None,
        }[measure]
    return out


@pytest.mark.parametrize(
    "dims",
    [
        [],
        ["provider"],
        ["priority_area"],
        ["criterion"],
        ["school_year", "criterion"],
        ["neighbourhood", "sex"],
        ["exit_reason", "grade"],
    ],
)
@pytest.mark.parametrize("years", [None, ["2024-2025"]])  # one year: the query's shortcut for children
@pytest.mark.parametrize("database", ["con", "con_two_providers"])
def test_every_measure_equals_the_child_rows_counted_by_hand(request, database, dims, years):
    con = request.getfixturevalue(database)
    forms = con.execute("SELECT * FROM child_year").df()
    if years:
        forms = forms[forms["school_year"].isin(years)]
    for measure in explorer.MEASURES:
        got = table(con, dims, measure, school_year=years)
        missing = lambda v: None if v is None or v != v else v  # noqa: E731 (pandas may hold None as NaN)
        got = {tuple(map(missing, r[: len(dims)])): missing(r[-2]) for r in got.itertuples(index=False)}
        expected = _by_hand(forms, dims, measure)
        assert got.keys() == expected.keys(), (dims, measure)
        assert got == pytest.approx(expected), (dims, measure)


def test_a_form_without_criteria_counts_in_its_own_group(fixture_file, tmp_path):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(fixture_file.read_bytes())
    with duckdb.connect(str(copy)) as c:
        c.execute(
            "DELETE FROM orientation_criteria WHERE enrolment_id IN "
            "(SELECT enrolment_id FROM enrolments WHERE school_year = '2023-2024')"
        )
        db.refresh_child_year(c)  # as a writer would: the lists and their bits (criteria_bits) alike
        forms = c.execute("SELECT * FROM child_year").df()
        for dims in (["criterion"], ["provider", "criterion"]):
            got = table(c, dims, "forms")
            assert got[got["criterion"].isna()]["value"].sum() == 10  # the 10 forms of 2023-2024
            assert dict(
                zip(map(tuple, got[dims].astype(object).where(got[dims].notna(), None).values), got["value"])
            ) == _by_hand(forms, dims, "forms")


def test_labelled_table_is_french_and_has_no_child_id(con):
    t = table(con, ["provider", "outcome"], "reached", school_year=["2024-2025"])
    df, formats = explorer.labelled(t, ["provider", "outcome"], "reached")
    assert list(df.columns) == [
        "Porteur",
        "Suite donnée",
        "Part des familles touchées par une action collective",
        "Inscriptions (base)",
    ]
    assert "Liste d'attente" in df["Suite donnée"].tolist()
    assert not any("child" in c.lower() for c in df.columns)
    assert formats == {"Part des familles touchées par une action collective": "pct", "Inscriptions (base)": "int"}


def test_csv_and_xlsx():
    df = pd.DataFrame(
        {
            "Porteur": ["=CMD()", "Les Petits Pas", "-2+3", "@x", "+1"],
            "Part touchée": [0.4375, 0.75, 0.2, 0.0, 1.0],
            "Base": pd.array([16, 8, 5, 3, 1], "Int64"),
        }
    )
    formats = {"Part touchée": "pct", "Base": "int"}
    csv = explorer.to_csv(df, formats)
    assert csv.startswith(b"\xef\xbb\xbf")
    lines = csv.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Porteur;Part touchée (%);Base"
    assert lines[1] == "'=CMD();43,8;16" and lines[2] == "Les Petits Pas;75,0;8"
    assert [l.split(";")[0] for l in lines[3:6]] == ["'-2+3", "'@x", "'+1"]
    wb = openpyxl.load_workbook(io.BytesIO(explorer.to_xlsx(df, formats, [("Mesure", "=danger")])))
    ws = wb["Tableau"]
    assert [c.value for c in ws[1]] == ["Porteur", "Part touchée", "Base"]
    assert ws["A2"].value == "'=CMD()" and ws["A2"].data_type == "s"
    assert ws["B2"].value == 0.4375 and ws["B2"].number_format == "0.0%"
    assert ws["C3"].value == 8 and ws["C3"].number_format == "#,##0"
    assert wb["Paramètres"]["B2"].value == "'=danger"


# --- the page ------------------------------------------------------------------------------------------


def test_page_default_table_chart_and_downloads(app_db, media):
    at = open_page("pages/explorer.py")
    table = at.dataframe[0].value
    assert table.columns.tolist() == ["Porteur", "Enfants accompagnés"]
    assert table.values.tolist() == [["Les Petits Pas", 8], ["Maison de quartier Centre", 5], ["Réussir Ensemble", 3]]
    bar = charts(at)[0]["data"][0]
    assert dict(zip(bar["y"], values(bar["x"]))) == {
        "Les Petits Pas": 8,
        "Maison de quartier Centre": 5,
        "Réussir Ensemble": 3,
    }
    csv = download(at, media, "Télécharger en CSV").decode("utf-8-sig").split("\r\n")
    assert csv[:4] == [
        "Porteur;Enfants accompagnés",
        "Les Petits Pas;8",
        "Maison de quartier Centre;5",
        "Réussir Ensemble;3",
    ]
    wb = openpyxl.load_workbook(io.BytesIO(download(at, media, "Télécharger en Excel")))
    assert [[c.value for c in r] for r in wb["Tableau"].iter_rows()] == [
        ["Porteur", "Enfants accompagnés"],
        ["Les Petits Pas", 8],
        ["Maison de quartier Centre", 5],
        ["Réussir Ensemble", 3],
    ]
    params = dict(wb["Paramètres"].iter_rows(values_only=True))
    assert params["Année scolaire"] == "2024-2025" and params["Mesure"] == "Enfants accompagnés"


def test_page_two_dimensions_rate_and_filters(app_db, media):
    at = open_page("pages/explorer.py")
    at.multiselect(key="explorer_school_year").set_value(["2023-2024", "2024-2025"]).run()
    at.selectbox(key="explorer_measure").set_value("reached").run()
    at.selectbox(key="explorer_by").set_value("school_year").run()
    at.selectbox(key="explorer_then").set_value("provider_type").run()
    assert not at.exception
    table = at.dataframe[0].value
    # (the header shown adds " (%)" through the column config; values are shown as percentages)
    assert table.columns.tolist() == [
        "Année scolaire",
        "Type de porteur",
        "Part des familles touchées par une action collective",
        "Inscriptions (base)",
    ]
    got = {(y, t): (v, n) for y, t, v, n in table.values.tolist()}
    # 2023-2024: Maison (municipal) 1/4, Les Petits Pas (associatif) 3/6; 2024-2025: 1/5 and (6+0)/(8+3)
    assert got == {
        ("2023-2024", "Municipal"): (25.0, 4),
        ("2023-2024", "Associatif"): (50.0, 6),
        ("2024-2025", "Municipal"): (20.0, 5),
        ("2024-2025", "Associatif"): (54.5, 11),
    }
    fig = charts(at)[0]
    assert fig["layout"]["barmode"] == "group" and {t["name"] for t in fig["data"]} == {"Municipal", "Associatif"}
    csv = download(at, media, "Télécharger en CSV").decode("utf-8-sig").split("\r\n")
    assert csv[0] == (
        "Année scolaire;Type de porteur;Part des familles touchées par une action collective (%);Inscriptions (base)"
    )
    assert "2024-2025;Associatif;54,5;11" in csv
    at.multiselect(key="explorer_sex").set_value(["F"]).run()
    at.multiselect(key="explorer_grade_band").set_value(["lycee"]).run()
    assert not at.exception
    assert at.dataframe[0].value["Inscriptions (base)"].sum() == 1  # one girl of Réussir Ensemble


def test_page_empty_state(app_db):
    at = open_page("pages/explorer.py")
    at.multiselect(key="explorer_grade_band").set_value(["lycee"]).run()
    at.multiselect(key="explorer_provider").set_value(["Les Petits Pas"]).run()
    assert not at.exception and not at.get("plotly_chart")
    assert "Aucune fiche" in at.info[0].value
