"""The landing page « Indicateurs clés » on the fixture database (figures in tests/support/fixture_db.py)."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from clas.charts import trend_line
from clas.domain import disclosure
from clas.metrics import indicators
from clas.store import db
from clas.store.db import ROOT
from tests.support.plotly_json import values

LT5 = "<\u00a05"


def set_threshold(path, value: int) -> None:
    con = duckdb.connect(str(path))
    con.execute("INSERT OR REPLACE INTO settings VALUES ('small_cell_threshold', $v)", {"v": str(value)})
    con.close()


def run_app(year: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    assert not at.exception
    if year:
        at.sidebar.selectbox[0].select(year).run()
        assert not at.exception
    return at


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


# --- the query -----------------------------------------------------------------------------------------


def test_query_gives_the_hand_counted_figures(fixture_file):
    con = duckdb.connect(str(fixture_file), read_only=True)
    df = db.run(con, "key_indicators_by_year").set_index("school_year")
    con.close()
    y = df.loc["2024-2025"]
    assert (y.children_followed, y.providers_active, y.forms, y.forms_teacher) == (16, 3, 19, 8)
    assert (y.children_priority_area, y.children_neighbourhood_known, y.families_reached) == (6, 16, 7)
    assert y.priority_area_share == pytest.approx(0.375)
    assert y.families_reached_share == pytest.approx(0.4375)
    assert y.teacher_share == pytest.approx(8 / 19)
    assert y.coverage_rate == pytest.approx(100 * 16 / 3500)  # 3 500 children aged 6-14 in the reference
    assert y.median_days_to_entry == 14 and y.delays == 16
    assert y.schools_orienting == 1  # the teacher forms all come from the Jean Jaurès primary school
    p = df.loc["2023-2024"]
    assert (p.children_followed, p.providers_active, p.children_priority_area, p.families_reached) == (10, 2, 4, 4)


# --- the cards (pure) ------------------------------------------------------------------------------------


def test_cards_hide_small_counts_and_their_changes(fixture_file):
    con = duckdb.connect(str(fixture_file), read_only=True)
    df = db.run(con, "key_indicators_by_year")
    con.close()
    cards = {c.key: c for c in indicators.cards(df, "2023-2024", 5)}
    assert (
        cards["priority_area_share"].value == "masqué (secret statistique)" and cards["priority_area_share"].hidden
    )  # 4 of 10
    assert cards["families_reached_share"].value == "masqué (secret statistique)"  # 4 of 10
    assert cards["teacher_share"].value == "masqué (secret statistique)"  # 10 - 6 = 4
    assert cards["children_followed"].value == "10" and cards["children_followed"].delta is None  # first year
    later = {c.key: c for c in indicators.cards(df, "2024-2025", 5)}
    assert later["priority_area_share"].delta is None  # the 2023-2024 figure is hidden
    assert later["children_followed"].delta == "+6" and later["children_followed"].color == "green"
    assert later["children_followed"].compared_to == "2023-2024"


# --- the page -------------------------------------------------------------------------------------------


def test_landing_page_cards_2024_2025(app_db):
    at = run_app()
    assert at.title[0].value == "Indicateurs clés"
    m = metrics(at)
    assert m["Enfants accompagnés"] == ("16", "+6")
    assert m["Porteurs actifs"] == ("3", "+1")
    assert m["Écoles ayant orienté"] == ("1", "0")
    assert m["Part en QPV"] == ("37,5\u00a0%", "")  # no change: 2023-2024 hidden
    assert m["Familles touchées"] == ("43,8\u00a0%", "")
    assert m["Orientés par l'école"] == ("42,1\u00a0%", "")
    assert m["Couverture (pour 100)"] == ("0,5", "+0,2")
    assert m["Délai d'entrée médian"] == ("14\u00a0jours", "0\u00a0j")
    assert len(at.metric) == 8
    assert all(x.proto.help for x in at.metric)  # a definition on every card
    first = next(x for x in at.metric if x.label == "Enfants accompagnés")
    assert first.proto.color == first.proto.MetricColor.Value("GREEN")


def test_landing_page_suppressed_year(app_db):
    at = run_app("2023-2024")
    m = metrics(at)
    assert m["Enfants accompagnés"][0] == "10"
    assert m["Part en QPV"][0] == "masqué (secret statistique)"
    assert m["Familles touchées"][0] == "masqué (secret statistique)"
    assert any("masqué (secret statistique)" in c.value for c in at.caption)


def test_landing_page_raw_values_with_threshold_1(app_db):
    set_threshold(app_db, 1)
    at = run_app()
    m = metrics(at)
    assert m["Part en QPV"] == ("37,5\u00a0%", "\u22122,5\u00a0pt")
    assert m["Familles touchées"] == ("43,8\u00a0%", "+3,8\u00a0pt")
    assert m["Orientés par l'école"] == ("42,1\u00a0%", "\u221217,9\u00a0pt")
    assert not any("secret statistique" in c.value for c in at.caption)
    at = run_app("2023-2024")
    assert metrics(at)["Part en QPV"][0] == "40,0\u00a0%"


def test_trend_lines_and_glossary(app_db):
    at = run_app()
    charts = at.get("plotly_chart")
    assert len(charts) == 8
    specs = [json.loads(c.proto.spec) for c in charts]
    followed = next(s for s in specs if s["layout"]["title"]["text"] == "Enfants accompagnés")
    assert followed["data"][0]["x"] == ["2023-2024", "2024-2025"]
    assert values(followed["data"][0]["y"]) == [10, 16]
    share = next(s for s in specs if s["layout"]["title"]["text"] == "Part en QPV")
    assert values(share["data"][0]["y"]) == [None, 37.5]  # drawn in %   # 2023-2024 hidden: a gap
    assert all(s["layout"]["separators"] == ",\u00a0" for s in specs)
    glossary = at.expander[0]
    assert glossary.label == "Définitions des indicateurs"
    assert "comptés une seule fois" in glossary.markdown[0].value


def test_empty_database_shows_a_french_message(tmp_path, monkeypatch):
    path = tmp_path / "empty.duckdb"
    con = db.connect(path, read_only=False)
    con.close()
    monkeypatch.setenv("CLAS_DB", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    assert not at.exception
    assert "Aucune donnée" in at.info[0].value


# --- the chart builder ----------------------------------------------------------------------------------


def test_trend_line_matches_its_data():
    import pandas as pd

    df = pd.DataFrame(
        {
            "school_year": ["2022-2023", "2023-2024", "2024-2025"],
            "value": [0.2, None, 0.35],
            "text": ["20,0 %", LT5, "35,0 %"],
            "kind": "share",
        }
    )
    fig = trend_line(df, "Part")
    assert list(fig.data[0].x) == list(df["school_year"])
    assert fig.data[0].y[0] == pytest.approx(20) and pd.isna(fig.data[0].y[1])  # shares drawn in %
    assert list(fig.data[0].customdata) == list(df["text"])
    assert fig.layout.separators == ",\u00a0" and fig.layout.yaxis.ticksuffix == "\u00a0%"
    empty = trend_line(df.assign(value=None), "Part")
    assert empty.layout.annotations[0].text == "Aucune valeur publiable."
    assert disclosure.label(5) == LT5


def test_a_small_count_card_shows_less_than_threshold(fixture_file):
    con = duckdb.connect(str(fixture_file), read_only=True)
    df = db.run(con, "key_indicators_by_year")
    con.close()
    small = df.copy()
    small.loc[small["school_year"] == "2024-2025", ["children_followed", "families_reached"]] = [3, 1]
    cards = {c.key: c for c in indicators.cards(small, "2024-2025", 5)}
    assert cards["children_followed"].value == LT5 and cards["children_followed"].delta is None
    assert cards["providers_active"].value == "3"  # organisations, not people: always shown
    assert {c.key: c for c in indicators.cards(small, "2024-2025", 3)}["children_followed"].value == "3"
    trend = indicators.trends(small, 5)
    row = trend[(trend.indicator == "children_followed") & (trend.school_year == "2024-2025")].iloc[0]
    assert pd.isna(row.value) and row.text == LT5
