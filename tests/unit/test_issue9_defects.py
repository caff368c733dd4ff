"""Issue 9: one test per numbered defect, on data whose right answer is known by hand."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from clas.charts import colours
from clas.charts import orientations as oc
from clas.charts import parents as pc
from clas.domain import disclosure, glossary, stats
from clas.metrics import coverage, engagement
from clas.report import themes
from clas.report.model import Hidden
from tests.support.adversary import figure_problems, pinned_cells
from tests.support.plotly_json import values

T = 5
YEAR = "2024-2025"


def _reach(rows) -> pd.DataFrame:
    return pd.DataFrame(
        [{"school_year": YEAR, "unit": u, "families": f, "reached": r, "welcomed": w} for u, f, r, w in rows]
    )


# Two big providers and three small ones: 3 + 2 + 1 = 6 families together (>= 5), 1 + 2 + 1 = 4 reached.
POOLABLE = _reach(
    [("Grand", 40, 10, 30), ("Moyen", 30, 20, 15), ("Petit A", 3, 1, 2), ("Petit B", 2, 2, 2), ("Petit C", 1, 1, 0)]
)
# Two small ones only: 3 + 1 = 4 families, still under 5 together: left out.
NOT_POOLABLE = _reach([("Grand", 40, 10, 30), ("Moyen", 30, 20, 15), ("Petit A", 3, 1, 2), ("Petit C", 1, 1, 0)])


# --- 1. positions, rates and hovers of small units --------------------------------------------------------


def test_1_small_units_are_pooled_and_never_drawn_at_their_size():
    pub = engagement.published(POOLABLE, YEAR, T)
    assert pub.units.loc[engagement.POOLED, ["families", "reached", "welcomed"]].tolist() == [6, 4, 4]
    assert (pub.pooled, pub.left_out) == (3, 0)
    f = engagement.funnel_of(pub)
    assert f.p0 == pytest.approx(34 / 76)  # over the units drawn, pooled one included
    fig = json.loads(pc.funnel(f, T, "Porteur", public=True).to_json())
    xs = [x for tr in fig["data"] if tr.get("x") is not None for x in values(tr["x"]) if x is not None]
    assert min(xs) >= T  # no point and no limit curve below 5 families
    small = {"Petit A", "Petit B", "Petit C"}
    assert figure_problems(fig, T, small, "entonnoir") == []
    welcome = json.loads(pc.welcome_bars(pub.units.reset_index(names="unit"), T).to_json())
    assert figure_problems(welcome, T, small, "entretien") == []
    assert "3 porteurs de moins de 5 familles sont regroupés" in pub.note()


def test_1_units_too_small_even_together_are_left_out_of_everything_including_the_overall_rate():
    pub = engagement.published(NOT_POOLABLE, YEAR, T)
    assert list(pub.units.index) == ["Grand", "Moyen"] and pub.left_out == 2
    f = engagement.funnel_of(pub)
    assert f.p0 == pytest.approx(30 / 70)  # 11/74 with them would give their counts back
    table = engagement.counts_table(NOT_POOLABLE, YEAR, T, public=True)
    assert table["unit"].tolist() == ["Grand", "Moyen", "Ensemble"]
    assert table.iloc[-1]["share"] == "42,9\u00a0%"
    # the service still sees every unit, small ones with '< 5'
    full = engagement.counts_table(NOT_POOLABLE, YEAR, T, public=False).set_index("unit")
    assert full.loc["Petit A", "families"] == "<\u00a05"


def test_1_the_old_funnel_would_have_been_caught():
    every = engagement.funnel_of(engagement.published(POOLABLE, YEAR, T, public=False))
    fig = json.loads(pc.funnel(every, T, "Porteur", public=False).to_json())
    assert figure_problems(fig, T, {"Petit A"}, "service")  # the adversary sees the small units


# --- 2. the « Quartier non renseigné » line ---------------------------------------------------------------


def _coverage():
    rows = [
        ("neighbourhood", "CV", "Centre-Ville", False, 75),
        ("neighbourhood", "COT", "Coteaux", False, 73),
        ("neighbourhood", "OV", "Orgemont-Volembert", False, 54),
        ("neighbourhood", "VND", "Val-Notre-Dame", True, 175),
        ("neighbourhood", "VAN", "Val-d'Argent-Nord", True, 155),
        ("neighbourhood", "VAS", "Val-d'Argent-Sud", True, 171),
        ("unknown", None, "Quartier non renseigné", None, 1),
        ("total", None, "Ensemble", None, 704),
    ]
    nbh = pd.DataFrame(
        [
            {
                "row_kind": k,
                "code": c,
                "name": n,
                "priority_area": p,
                "children_followed": v,
                "children_of_age": 1000.0 if k == "neighbourhood" else (np.nan if k == "unknown" else 6000.0),
                "coverage_rate": v / 10 if k == "neighbourhood" else np.nan,
                "forms": v + 10,
                "waiting_list": 10,
            }
            for k, c, n, p, v in rows
        ]
    )
    grp = pd.DataFrame(
        {
            "area_group": ["priority", "other"],
            "children_followed": [501, 202],
            "children_of_age": [3000, 3000],
            "coverage_rate": [16.7, 6.7],
        }
    )
    return coverage.suppress(nbh, grp, T)


def test_2_the_unknown_neighbourhood_line_is_hidden_and_cannot_be_recovered():
    nbh, grp = _coverage()
    unknown = nbh[nbh["row_kind"] == "unknown"].iloc[0]
    assert unknown["children_hidden"]
    assert coverage.table_rows(nbh, T).iloc[6]["children_followed"] == "<\u00a05"
    # 704 − 501 − 202 = 1 no longer works: the adversary's linear system leaves it free
    cells = {
        f"q{i}": ("<" if h and disclosure.is_small(v, T) else "masqué") if h else v
        for i, (v, h) in enumerate(zip(nbh["children_followed"], nbh["children_hidden"]))
    }
    cells |= {
        g: ("masqué" if h else v)
        for g, v, h in zip(grp["area_group"], grp["children_followed"], grp["children_hidden"])
    }
    prio = {f"q{i}": 1 for i in range(3, 6)} | {"priority": -1}
    other = {f"q{i}": 1 for i in range(0, 3)} | {"other": -1}
    total = {f"q{i}": 1 for i in range(7)} | {"q7": -1}
    assert pinned_cells(cells, [prio, other, total], T) == []


# --- 3. one marker, one meaning ---------------------------------------------------------------------------


def test_3_a_secondary_cell_says_masque_never_under_5():
    assert themes._count(62, True, T) == Hidden("masqué (secret statistique)")
    assert themes._count(3, True, T) == Hidden("<\u00a05")
    assert themes._rate(0.5, True) == Hidden("masqué (secret statistique)")
    outcomes = pd.DataFrame(
        {"provider": ["A"] * 2 + ["B"] * 2, "outcome": ["inscrit", "liste_attente"] * 2, "forms": [40, 3, 50, 62]}
    )
    table = themes.outcomes_table(outcomes, YEAR, T)
    texts = {table.cell_text(r, c) for r in range(len(table.rows)) for c in range(1, len(table.columns))}
    assert "<\u00a05" in texts and "masqué (secret statistique)" in texts
    # the 62 protecting the 3 is labelled as masked, not as small
    b = next(r for r in range(len(table.rows)) if table.rows[r][0] == "B")
    assert table.cell_text(b, 2) == "masqué (secret statistique)"


def test_3_interval_protection_two_small_cells_summing_to_two():
    # 45 + 13 + « < 5 » + « < 5 » = 60 gave 1 and 1: a third cell must be hidden
    mask, total_hidden = disclosure.suppress_counts(pd.Series([45, 13, 1, 1]), T)
    assert mask.tolist() == [False, True, True, True] and not total_hidden


# --- 4. flags and unevenness at small n -------------------------------------------------------------------


def test_4_one_family_at_100_percent_is_not_flagged():
    units = pd.DataFrame({"unit": ["Un", "A", "B", "C"], "events": [1, 35, 36, 34], "n": [1, 100, 100, 100]})
    f = stats.funnel(units, min_n=T)
    assert f.units.set_index("unit").loc["Un", "flag"] == stats.INSIDE
    assert f.units.set_index("unit").loc["Un", "hi998"] < 1.0  # the drawn limit is below 100 % at n = 1 ...
    # ... and even without the threshold rule the exact quantile keeps it inside (P(X >= 1) = 35 %)
    assert stats.funnel(units, min_n=1).units.set_index("unit").loc["Un", "flag"] == stats.INSIDE


def test_4_unevenness_needs_three_units_of_five_families():
    reach = _reach([("A", 10, 0, 0), ("B", 10, 5, 0), ("c", 2, 2, 0)])
    u = engagement.unevenness_by_year(reach, T).iloc[0]
    assert u["units"] == 2 and np.isnan(u["cv"]) and np.isnan(u["gini"])  # was CV = 1,00


# --- 5. one definition per number -------------------------------------------------------------------------


def test_5_both_counts_of_children_are_defined_and_differ_by_design():
    assert "une seule fois" in glossary.definition("children_followed")
    assert "compte pour chacun" in glossary.definition("enrolments")
    assert glossary.title("enrolments") == "Inscriptions"


def test_5_the_overall_rate_is_one_function_everywhere():
    pub = engagement.published(POOLABLE, YEAR, T)
    f = engagement.funnel_of(pub)
    assert f.p0 == engagement.overall(pub.units) == stats.rate(34, 76)
    table = engagement.counts_table(POOLABLE, YEAR, T)
    assert table.iloc[-1]["share"] == "44,7\u00a0%"


# --- 6. a porteur against the network -----------------------------------------------------------------------


def test_6_network_position_names_no_one():
    net = pd.Series({"providers": 12, "overall": 0.357, "q1": 0.29, "median": 0.32, "q3": 0.45})
    said = engagement.network_position(0.705, net)
    assert said.startswith("Votre taux, 70,5\u00a0%, se situe dans le quart des porteurs aux taux les plus hauts")
    assert (
        engagement.network_position(
            0.5, pd.Series({"providers": 3, "overall": None, "q1": None, "median": None, "q3": None})
        )
        is None
    )


# --- 7. one colour per category -----------------------------------------------------------------------------


def test_7_a_category_keeps_its_colour_whatever_else_is_drawn():
    everyone = pd.DataFrame(
        {
            "provider": ["P", "P", "Q"],
            "type": ["entretien_accueil", "reunion_parents", "collectif_parents"],
            "actions": [3, 4, 5],
            "families_present": [9, 9, 9],
        }
    )
    mine = everyone[everyone["type"] == "reunion_parents"]

    def colour_of(fig, name):
        return next(tr.marker.color for tr in fig.data if tr.name == name)

    assert (
        colour_of(pc.actions_bars(everyone, T), "Réunion de parents")
        == colour_of(pc.actions_bars(mine, T), "Réunion de parents")
        == colours.colour("action_type", "reunion_parents")
    )
    flows_all = pd.DataFrame(
        {
            "source": ["enseignant", "famille"],
            "provider": ["P", "P"],
            "outcome": ["inscrit", "inscrit"],
            "forms": [10, 8],
        }
    )
    flows_one = flows_all[flows_all["source"] == "famille"]

    def node_colour(fig, label):
        node = fig.data[0].node
        return node.color[list(node.label).index(label)]

    assert node_colour(oc.sankey(flows_all), "Famille") == node_colour(oc.sankey(flows_one), "Famille")
