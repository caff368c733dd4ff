"""The aggregates stored over child_year (clas/store/sql/writes/aggregates_schema.sql) give what the pages
would compute from child_year's rows, for the whole territory and for each provider's perimeter, and follow
every write. (The key indicators: tests/store/test_child_year.py.)"""

from __future__ import annotations

import duckdb
import pytest

from clas.store import db
from tests.support.fixture_db import add_second_provider


@pytest.fixture
def two(fixture_file, tmp_path):
    path = tmp_path / "two.duckdb"
    path.write_bytes(fixture_file.read_bytes())
    return path, add_second_provider(path)


def _rows(con, provider):
    rows = con.execute("SELECT * FROM child_year").df()
    return rows if provider is None else rows[rows["provider"] == provider]


def _options_by_hand(con, provider) -> set:
    rows = _rows(con, provider)
    out = set()
    for col in ("school_year", "provider", "provider_type", "neighbourhood", "grade_band", "grade", "sex", "source",
                "outcome", "exit_reason"):  # fmt: skip
        out |= {(col, v) for v in rows[col].dropna().unique()}
    out |= {("priority_area", str(v).lower()) for v in rows["priority_area"].dropna().unique()}
    out |= {("criterion", c) for cs in rows["criteria"] for c in cs}
    return out


def _schools_by_hand(con, provider, year) -> dict:
    rows = _rows(con, provider)
    rows = rows[rows["school_id"].notna()]
    this = rows[rows["school_year"] == year]
    return {
        int(s): (
            int((this["school_id"] == s).sum()),
            this.loc[this["school_id"] == s, "child_id"].nunique(),
            int((rows["school_id"] == s).sum()),
        )
        for s in rows["school_id"].unique()
    }


def _providers(con) -> list:
    return [None] + [p for (p,) in con.execute("SELECT DISTINCT provider FROM child_year ORDER BY 1").fetchall()]


def test_the_explorer_offers_the_values_of_its_perimeter(two):
    path, _ = two
    with duckdb.connect(str(path), read_only=True) as con:
        for scope in _providers(con):
            got = db.run(con, "explorer_options", scope_provider=scope)
            assert set(zip(got["dimension"], got["value"])) == _options_by_hand(con, scope), scope
            assert len(got) == len(set(zip(got["dimension"], got["value"])))  # each value once
        assert db.run(con, "explorer_options", scope_provider="Porteur inconnu").empty


def test_each_school_counts_its_forms_and_children_in_the_perimeter(two):
    path, _ = two
    with duckdb.connect(str(path), read_only=True) as con:
        for scope in _providers(con):
            for year in ("2023-2024", "2024-2025"):
                got = db.run(con, "school_schemes_overview", scope_provider=scope, school_year=year)
                got = got[got["forms_all_years"] > 0]
                stored = {r.school_id: (r.forms, r.children, r.forms_all_years) for r in got.itertuples()}
                assert stored == _schools_by_hand(con, scope, year), (scope, year)
                assert (got["white_zone"] == (got["forms"] == 0)).all()


def test_they_follow_a_withdrawn_file(two):
    path, _ = two
    with duckdb.connect(str(path)) as con:
        before = db.run(con, "explorer_options", scope_provider="Les Petits Pas")
        assert "2024-2025" in set(before.loc[before["dimension"] == "school_year", "value"])
        pid = con.execute("SELECT provider_id FROM providers WHERE name = 'Les Petits Pas'").fetchall()[0][0]
        con.execute(
            "UPDATE imports SET status = 'withdrawn' WHERE provider_id = $p AND school_year = '2024-2025'", {"p": pid}
        )
        db.refresh_child_year(con, pid, "2024-2025")
        after = db.run(con, "explorer_options", scope_provider="Les Petits Pas")
        assert "2024-2025" not in set(after.loc[after["dimension"] == "school_year", "value"])
        assert _options_by_hand(con, None) == set(
            zip(*db.run(con, "explorer_options")[["dimension", "value"]].to_dict("list").values())
        )
        schools = db.run(con, "school_schemes_overview", school_year="2024-2025")
        stored = {
            r.school_id: (r.forms, r.children, r.forms_all_years) for r in schools.itertuples() if r.forms_all_years
        }
        assert stored == _schools_by_hand(con, None, "2024-2025")
