"""child_year's derived columns child_forms and criteria_bits: what they hold, how writers keep child_forms
right (a provider's import changes another provider's rows of the same year), how a file of an earlier
version is brought up to it, and that the queries that count children through it count them as before: once."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from clas.domain import vocab
from clas.ingest import import_file
from clas.store import db
from clas.store.reference import load_reference
from tests.support import builders
from tests.support.fixture_db import REFERENCE, add_second_provider


@pytest.fixture
def two(fixture_file, tmp_path):
    """A copy of the fixture with one child followed by two providers in 2024-2025; (path, child id)."""
    path = tmp_path / "two.duckdb"
    path.write_bytes(fixture_file.read_bytes())
    return path, add_second_provider(path)


def _forms_by_hand(con) -> pd.Series:
    df = con.execute("SELECT school_year, child_id, child_forms FROM child_year").df()
    return df.groupby(["school_year", "child_id"])["child_forms"].agg(["first", "size", "nunique"])


def test_child_forms_is_the_childs_number_of_forms_in_the_year(two):
    path, child = two
    with duckdb.connect(str(path), read_only=True) as con:
        by_child = _forms_by_hand(con)
        assert (by_child["nunique"] == 1).all() and (by_child["first"] == by_child["size"]).all()
        assert by_child.loc[("2024-2025", child), "first"] == 2
        assert (by_child.drop(("2024-2025", child))["first"] == 1).all()


def test_refreshing_one_provider_year_updates_the_other_providers_rows(two):
    path, child = two
    with duckdb.connect(str(path)) as con:
        # Les Petits Pas' file of 2024-2025 is withdrawn: the child is left with its Maison form alone.
        petits, year = con.execute(
            "SELECT provider_id, school_year FROM child_year WHERE child_id = $c AND provider = 'Les Petits Pas'",
            {"c": child},
        ).fetchall()[0]
        con.execute(
            "UPDATE imports SET status = 'withdrawn' WHERE provider_id = $p AND school_year = $y",
            {"p": petits, "y": year},
        )
        db.refresh_child_year(con, petits, year)
        rows = con.execute("SELECT provider, child_forms FROM child_year WHERE child_id = $c", {"c": child}).fetchall()
        assert rows == [("Maison de quartier Centre", 1)]
        assert (
            con.execute("SELECT count(*) FROM child_year").fetchall()
            == con.execute("SELECT count(*) FROM child_year_live").fetchall()
        )
        # the stored key indicators follow: Les Petits Pas has no child left that year, the territory one less
        years = set(db.run(con, "key_indicators_by_year", scope_provider="Les Petits Pas")["school_year"])
        assert year not in years
        assert _indicators_by_hand(con, None) == _stored(con, None)


def _indicators_by_hand(con, provider: str | None) -> dict:
    """children followed (once each), forms and teacher forms by school year, from child_year's rows."""
    rows = con.execute("SELECT * FROM child_year").df()
    if provider is not None:
        rows = rows[rows["provider"] == provider]
    out = {}
    for year, g in rows.groupby("school_year"):
        followed = g.loc[g["outcome"] == "inscrit", "child_id"].nunique()
        out[year] = (followed, len(g), int((g["source"] == "enseignant").sum()))
    return out


def _stored(con, provider: str | None) -> dict:
    ki = db.run(con, "key_indicators_by_year", scope_provider=provider)
    return {r.school_year: (r.children_followed, r.forms, r.forms_teacher) for r in ki.itertuples()}


def test_the_key_indicators_are_stored_for_the_territory_and_for_each_providers_perimeter(two):
    path, child = two
    with duckdb.connect(str(path), read_only=True) as con:
        providers = [p for (p,) in con.execute("SELECT DISTINCT provider FROM child_year ORDER BY 1").fetchall()]
        assert len(providers) == 3
        for scope in [None, *providers]:
            assert _stored(con, scope) == _indicators_by_hand(con, scope), scope
        # the child of two providers: once in the territory, once in each provider's perimeter
        territory, *each = (_stored(con, s).get("2024-2025", (0,))[0] for s in [None, *providers])
        assert territory == 16 and sum(each) == 17
        assert db.run(con, "key_indicators_by_year", scope_provider="Porteur inconnu").empty


def test_a_file_of_an_earlier_version_is_upgraded_when_opened(fixture_file, tmp_path):
    path = tmp_path / "old.duckdb"
    path.write_bytes(fixture_file.read_bytes())
    with duckdb.connect(str(path)) as con:  # child_year as it was before child_forms
        con.execute("CREATE TABLE old_cy AS SELECT * EXCLUDE (child_forms) FROM child_year")
        con.execute("DROP TABLE child_year")
        con.execute("ALTER TABLE old_cy RENAME TO child_year")
        con.execute("CHECKPOINT")
    con = db.connect(path, read_only=True)  # what the app's stamp() and the command line do
    try:
        assert con.execute("SELECT count(*), sum(child_forms) FROM child_year").fetchall() == [(29, 29)]
        assert not db.run(con, "key_indicators_by_year").empty
    finally:
        con.close()
    stamp = db.file_stamp(path)
    db.upgrade(path)  # already current: the file is left as it is
    assert db.file_stamp(path) == stamp


def test_the_queries_count_a_child_of_two_providers_once(two):
    path, child = two
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute("SELECT * FROM child_year WHERE school_year = '2024-2025'").df()
        enrolled = rows[rows["outcome"] == "inscrit"]
        ki = db.run(con, "key_indicators_by_year").set_index("school_year").loc["2024-2025"]
        assert ki["forms"] == 20 and ki["children_followed"] == enrolled["child_id"].nunique() == 16
        reached = enrolled.assign(
            r=(enrolled["parent_meetings"].fillna(0) >= 1) | enrolled["parent_collective"].fillna(False).astype(bool)
        )
        assert ki["families_reached"] == reached.groupby("child_id")["r"].any().sum() == 7  # reached at one of two
        assert ki["children_priority_area"] == 6
        cov = db.run(con, "coverage_by_neighbourhood", school_year="2024-2025", provider_type=None, grade_band=None)
        cov = cov.set_index("name")
        assert cov.loc["Ensemble", "children_followed"] == 16 and cov.loc["Ensemble", "forms"] == 20
        assert cov.loc["Val-d'Argent-Nord", "children_followed"] == 6  # both forms give VAN: once
        pri = db.run(con, "coverage_by_priority", school_year="2024-2025", provider_type=None, grade_band=None)
        assert pri.set_index("area_group").loc["priority", "children_followed"] == 6
        # by provider type the child is in both groups (associatif and municipal), once in each
        municipal = db.run(
            con, "coverage_by_neighbourhood", school_year="2024-2025", provider_type="municipal", grade_band=None
        ).set_index("name")
        assert (
            municipal.loc["Ensemble", "children_followed"] == 6
            and municipal.loc["Val-d'Argent-Nord", "children_followed"] == 1
        )
        multi = db.run(con, "children_multi_provider", school_year="2024-2025")
        assert multi["child_id"].tolist() == [child] and multi["providers_count"].tolist() == [2]


def _stored_equals_live(con) -> bool:
    stored = con.execute("SELECT * FROM child_year ORDER BY enrolment_id").df()
    return stored.equals(con.execute("SELECT * FROM child_year_live ORDER BY enrolment_id").df())


def test_an_import_refreshes_child_year_once_and_a_sex_given_later_reaches_the_earlier_years(tmp_path, monkeypatch):
    path = tmp_path / "sex.duckdb"
    with db.writing(path) as con:
        load_reference(con, REFERENCE)
    # Lucas a year earlier (CM1, the year's dates), his sex not written; then as the fixtures have him
    earlier = {5: "CM1", 9: dt.date(2023, 9, 18), 12: dt.date(2023, 10, 2), 13: dt.date(2024, 6, 28), 3: None}
    no_sex = [earlier.get(i, v) for i, v in enumerate(builders.LUCAS)]
    with_sex = builders.LUCAS
    ran = []
    real = db.script
    monkeypatch.setattr(db, "script", lambda con, name: ran.append(name) or real(con, name))
    for year, row in (("2023-2024", no_sex), ("2024-2025", with_sex)):
        ran.clear()
        with db.writing(path) as con:
            report = import_file(
                con,
                builders.xlsx_bytes([row]),
                "r.xlsx",
                provider="Les Petits Pas",
                school_year=year,
                today=builders.TODAY,
            )
            assert report.status == "loaded"
        # the import refreshed its year; the writer's closing refresh of every year is not run again,
        # except when the later file completes a child's record shown in another year
        assert ran.count("child_year_refresh_all") == (0 if year == "2023-2024" else 1)
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT school_year, sex FROM child_year ORDER BY 1").fetchall() == [
            ("2023-2024", "M"),
            ("2024-2025", "M"),
        ]
        assert _stored_equals_live(con)


def test_a_writer_that_changes_anything_after_the_last_refresh_refreshes_on_closing(two, monkeypatch):
    path, _child = two
    ran = []
    real = db.script
    monkeypatch.setattr(db, "script", lambda con, name: ran.append(name) or real(con, name))
    with db.writing(path) as con:
        db.refresh_child_year(con)
        db.write(con, "import_set_status", import_id=1, status="withdrawn")  # a change after the refresh
    assert ran.count("child_year_refresh_all") == 2
    ran.clear()
    with db.writing(path) as con:
        with pytest.raises(RuntimeError), db.transaction(con):
            db.refresh_child_year(con)
            raise RuntimeError  # the refresh is rolled back with the rest: it no longer counts
    assert ran.count("child_year_refresh_all") == 2
    with duckdb.connect(str(path), read_only=True) as con:
        assert _stored_equals_live(con)


def test_a_criterion_stored_twice_for_a_form_counts_once(two):
    """The importer never stores a criterion twice for a form; child_year makes sure of it for the queries
    that count ticks (they no longer de-duplicate each form's list themselves)."""
    path, _child = two
    with duckdb.connect(str(path)) as con:
        params = {"school_year": "2024-2025", "provider_type": None, "neighbourhood": None, "grade_band": None}
        before = db.run(con, "orientation_criteria", **params)
        flows_before = db.run(con, "orientation_criteria_flows", **params)
        enrolment, criterion = con.execute(
            "SELECT oc.enrolment_id, oc.criterion FROM orientation_criteria oc JOIN child_year cy USING (enrolment_id) "
            "WHERE cy.school_year = '2024-2025' LIMIT 1"
        ).fetchall()[0]
        con.execute("INSERT INTO orientation_criteria VALUES ($e, $c)", {"e": enrolment, "c": criterion})
        db.refresh_child_year(con)
        (criteria,) = con.execute(
            "SELECT criteria FROM child_year WHERE enrolment_id = $e", {"e": enrolment}
        ).fetchone()
        assert criteria.count(criterion) == 1
        pd.testing.assert_frame_equal(db.run(con, "orientation_criteria", **params), before)
        pd.testing.assert_frame_equal(db.run(con, "orientation_criteria_flows", **params), flows_before)


def test_child_year_holds_each_forms_criteria_as_bits_that_never_change_meaning(two):
    """criteria_bits, with which the Explorer counts children per criterion, is the form's criteria as the bits
    of criterion_bits (bit 63: a form with none). A code added to the vocabulary takes the next free bit; the
    bits already stored keep their meaning."""
    path, _child = two
    with duckdb.connect(str(path)) as con:
        bits = dict(con.execute("SELECT criterion, bit FROM criterion_bits").fetchall())
        assert set(bits) == set(vocab.CRITERIA)
        assert sorted(bits.values()) == list(range(len(vocab.CRITERIA)))
        rows = con.execute("SELECT criteria, criteria_bits FROM child_year").fetchall()
        assert rows and all(len(criteria) for criteria, _ in rows[:5])
        for criteria, mask in rows:
            assert mask == (sum(1 << bits[c] for c in criteria) if criteria else 1 << 63), criteria
        db.write(con, "criterion_bits_add", codes=["nouveau_critere", *vocab.CRITERIA])
        assert dict(con.execute("SELECT criterion, bit FROM criterion_bits").fetchall()) == {
            **bits,
            "nouveau_critere": len(bits),
        }
