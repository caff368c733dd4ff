"""The small-cell rule in the annual report's charts (fixture database): a count hidden in a table is not
drawn either, and the charts the pages already suppress come out the same."""

from __future__ import annotations

import duckdb
import pytest

from clas.charts import orientations as oc
from clas.report import collect
from clas.store import db
from tests.support.fixture_db import build_file

YEAR = "2024-2025"
ALL = {"school_year": YEAR, "provider_type": None, "neighbourhood": None, "grade_band": None}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    c = duckdb.connect(str(build_file(tmp_path_factory.mktemp("db") / "fixture.duckdb")), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def figures(con):
    return {f.name: f.fig for f in collect(con, YEAR).all_figures()}


def small(values) -> list:
    return [v for v in values if v is not None and 0 < v < 5]


def test_sankey_draws_no_small_link(figures, con):
    (sankey,) = figures["flux-orientations-origine-porteur-suite"].data
    assert sankey.link.value and not small(sankey.link.value)
    # the page's Sankey (service page, no suppression) has them: the report hides something real
    page = oc.sankey(db.run(con, "orientation_flows", **ALL))
    assert small(page.data[0].link.value)


def test_outcome_bars_months_and_delays_draw_no_small_count(figures):
    for bar in figures["suites-donnees-par-porteur"].data:
        assert not small(list(bar.x))
    # September (< 5) and October (< 5, as it would follow from the total): nothing left to draw
    months = figures["orientations-par-mois"]
    assert not months.data and "Effectifs masqués" in months.layout.annotations[0].text
    boxes = figures["delai-orientation-entree-par-porteur"].data[0]
    # 8 children; the others: 3 (< 5) and 5 (hidden too, or the 3 would follow from the total)
    assert list(boxes.y) == ["Les Petits Pas"]


def test_the_pages_preview_draws_no_chart_and_each_chart_is_drawn_once_when_asked(con, monkeypatch):
    """The Rapport page's preview reads the figures and sentences of collect(): its charts, most of its
    time, are drawn only when the PDF or the workbook asks for them."""
    drawn = []
    real = oc.sankey
    monkeypatch.setattr(oc, "sankey", lambda *a, **k: drawn.append(1) or real(*a, **k))
    report = collect(con, YEAR)
    assert report.summary_sentences and report.indicators
    assert drawn == []
    (sankey,) = [f for f in report.all_figures() if f.name == "flux-orientations-origine-porteur-suite"]
    assert sankey.fig is sankey.fig and drawn == [1]
    assert sankey.fig.data[0].type == "sankey"
