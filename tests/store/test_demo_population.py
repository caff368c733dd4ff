"""The synthetic demo's population (tools.demo): realistic in its proportions, uneven in parent engagement
exactly where the funnel plot should see it, its injected errors listed where they are, and geographically
sound. Its files and their layouts: test_demo_data.py."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from clas.domain import stats, vocab
from clas.domain.textnorm import key
from tests.support.demo_files import (
    enrolled_of,
    read_csv,
    register_rows,
)
from tools.demo.geo import FALLBACK_CONTOUR, SHARED_COMMUNES, commune_contour
from tools.demo.territory import PRIORITY, PROVIDERS, SCHOOL_YEARS

ROOT = Path(__file__).resolve().parents[2]


# --- the reference tables -------------------------------------------------------------------------
def test_reference_tables(demo):
    root, _ = demo
    ref = root / "data" / "reference"
    quartiers = read_csv(ref / "neighbourhoods.csv")
    assert [q["code"] for q in quartiers] == ["CV", "VND", "VAS", "VAN", "OV", "COT"]
    assert {q["code"] for q in quartiers if q["priority_area"] == "true"} == {"VND", "VAS", "VAN"}
    assert {q["priority_area"] for q in quartiers} == {"true", "false"}
    assert 7000 <= sum(int(q["children_6_10"]) for q in quartiers) <= 8000
    assert 5300 <= sum(int(q["children_11_14"]) for q in quartiers) <= 6300
    schools = read_csv(ref / "schools.csv")
    types = Counter(s["type"] for s in schools)
    assert types["college"] == 9 and types["lycee"] == 3 and 25 <= types["elementaire"] <= 35
    assert all(re.fullmatch(r"095\d{4}[A-Z]", s["uai"]) for s in schools)
    assert len({s["uai"] for s in schools}) == len(schools) == len({s["name"] for s in schools})
    for s in schools:
        assert (s["priority_education"] == "true") == (s["neighbourhood_code"] in PRIORITY and s["type"] != "lycee")
    providers = read_csv(ref / "providers.csv")
    assert Counter(p["type"] for p in providers) == {"municipal": 4, "associatif": 8}
    per_quartier = Counter(p["neighbourhood_code"] for p in providers)
    assert set(per_quartier) == {q["code"] for q in quartiers} and all(1 <= n <= 3 for n in per_quartier.values())
    assert sum(per_quartier[q] for q in PRIORITY) > len(providers) / 2


# --- the population -------------------------------------------------------------------------------
def test_about_700_children_a_year_mostly_from_priority_areas(demo):
    _, manifest = demo
    for year in SCHOOL_YEARS:
        figures = [manifest["truth"][p.name][year] for p in PROVIDERS]
        enrolled = sum(x["enrolled"] for x in figures)
        forms = sum(x["forms"] for x in figures)
        assert 600 <= enrolled <= 800
        assert 0.15 <= 1 - enrolled / forms <= 0.25
        assert 0.65 <= sum(x["priority_area"] for x in figures) / enrolled <= 0.75


def test_grades_pre_sources_and_criteria(records):
    for _year, recs in records.items():
        enrolled = enrolled_of(recs)
        bands = Counter(vocab.GRADE_BAND_OF[r.grade] for r in enrolled)
        n = len(enrolled)
        assert 0.55 <= bands["elementaire"] / n <= 0.60
        assert 0.35 <= bands["college"] / n <= 0.40
        assert bands["lycee"] / n <= 0.05
        assert 0.10 <= sum(r.pre for r in enrolled) / n <= 0.15
        forms = [r for r in recs if r.copy_of is None]
        sources = Counter(r.source for r in forms)
        assert abs(sources["enseignant"] / len(forms) - 0.60) < 0.05
        assert all(2 <= len(r.criteria) <= 4 for r in forms)
        crit = Counter(c for r in forms for c in r.criteria)
        assert abs(crit["methodologie"] / len(forms) - 0.60) < 0.08
        assert abs(crit["appui_familial"] / len(forms) - 0.45) < 0.08
        # waiting lists where demand exceeds places: the priority areas
        prio = [r for r in forms if r.neighbourhood in PRIORITY]
        assert 0.10 <= sum(r.outcome == "liste_attente" for r in prio) / len(prio) <= 0.20


def test_dates_sessions_and_exits(records):
    for year, recs in records.items():
        y = int(year[:4])
        for r in recs:
            age_gap = y - 6 - list(vocab.GRADES).index(r.grade) - r.child.birth_date.year
            assert age_gap in (0, 1), (r.rid, r.grade, r.child.birth_date)  # at most one year behind
            assert date(y, 9, 1) <= r.orientation_date <= date(y + 1, 3, 31)
            if r.outcome != "inscrit":
                assert r.entry_date is None and r.sessions is None
                continue
            assert 5 <= (r.entry_date - r.orientation_date).days <= 40
            assert r.entry_date < r.exit_date <= date(y + 1, 6, 30)
            assert 0 <= r.sessions <= 60
        enrolled = enrolled_of(recs)
        exits = Counter(r.exit_reason for r in enrolled)
        assert exits["fin_annee"] / len(enrolled) > 0.75
        assert {"demenagement", "abandon", "reorientation", "objectifs_atteints"} <= set(exits)
        # Present the whole year: about 75 % of the group's 55-60 sessions.
        full_year = [r.sessions for r in enrolled if r.exit_reason == "fin_annee" and r.entry_date <= date(y, 10, 5)]
        assert 38 <= sum(full_year) / len(full_year) <= 47


def test_children_recur_across_years_and_a_few_have_two_providers(records):
    years = [{r.child.cid: r for r in enrolled_of(records[y])} for y in SCHOOL_YEARS]
    for before, after in zip(years, years[1:]):
        again = set(before) & set(after)
        assert 0.40 <= len(again) / len(before) <= 0.60
        advanced = [list(vocab.GRADES).index(after[c].grade) - list(vocab.GRADES).index(before[c].grade) for c in again]
        assert set(advanced) == {1}
        same = sum(after[c].provider == before[c].provider for c in again)
        assert same / len(again) > 0.75
    for y in SCHOOL_YEARS:
        providers_per_child = Counter(r.child.cid for r in enrolled_of(records[y]))
        assert 3 <= sum(n == 2 for n in providers_per_child.values()) <= 8


# --- parent engagement ----------------------------------------------------------------------------
def test_parent_engagement_is_uneven_as_designed(demo):
    _, manifest = demo
    truth = manifest["truth"]
    for year in SCHOOL_YEARS:
        units = pd.DataFrame(
            [{"unit": p, "events": t[year]["reached"], "n": t[year]["enrolled"]} for p, t in truth.items()]
        )
        rates = dict(zip(units["unit"], units["events"] / units["n"]))
        overall = units["events"].sum() / units["n"].sum()
        assert 0.30 <= overall <= 0.40
        assert min(rates.values()) >= 0.08 and max(rates.values()) <= 0.75
        funnel = stats.funnel(units).units.set_index("unit")
        flagged = {u: f for u, f in funnel["flag"].items() if f != stats.INSIDE}
        high = {u for u, f in flagged.items() if f == stats.ABOVE}
        low = {u for u, f in flagged.items() if f == stats.BELOW}
        assert len(high) == 2 and len(low) == 2, flagged
        for u in high | low:
            assert funnel.loc[u, "n"] >= 70
        assert all(0.60 <= rates[u] <= 0.75 for u in high) and all(rates[u] <= 0.15 for u in low)
        small = funnel[funnel["n"] <= 15]
        assert len(small) == 1 and small["rate"].iloc[0] >= 0.6 and small["flag"].iloc[0] == stats.INSIDE
        others = [r for u, r in rates.items() if u not in high | low and u not in small.index]
        assert all(0.22 <= r <= 0.45 for r in others)
        welcome = [t[year]["welcome_interview"] / t[year]["enrolled"] for t in truth.values()]
        assert 0.58 <= min(welcome) and max(welcome) <= 0.96


def test_engaged_providers_list_more_parent_actions(demo):
    _, manifest = demo
    by_layout = {p.name: p for p in PROVIDERS}
    counts = {}
    for f in manifest["files"]:
        counts.setdefault(f["provider"], []).append(f["parent_actions"])
    with_sheet = {p: sum(c) / len(c) for p, c in counts.items() if by_layout[p].actions_sheet}
    high = [with_sheet[p.name] for p in PROVIDERS if p.reached >= 0.6 and p.name in with_sheet]
    low = [with_sheet[p.name] for p in PROVIDERS if p.reached < 0.2 and p.name in with_sheet]
    assert min(high) > max(low) + 5
    xlsx_ods = [f for f in manifest["files"] if f["path"].endswith((".xlsx", ".ods"))]
    assert sum(f["parent_actions"] > 0 for f in xlsx_ods) > len(xlsx_ods) / 2


# --- deliberate errors ----------------------------------------------------------------------------
def test_injected_errors_are_listed_and_where_they_say(demo):
    root, manifest = demo
    errors = manifest["errors"]
    rows = sum(f["rows"] for f in manifest["files"])
    assert 0.007 <= len(errors) / rows <= 0.015
    kinds = Counter(e["kind"] for e in errors)
    assert set(kinds) == {
        "missing_birth_date",
        "unknown_grade",
        "exit_before_entry",
        "negative_sessions",
        "future_birth_date",
        "missing_neighbourhood",
        "unknown_school",
        "school_spelling",
        "duplicate_row",
    }
    assert 2 <= kinds["unknown_school"] <= 3 and kinds["duplicate_row"] == 1
    for e in errors:
        found = {(s, r): v for s, r, v in register_rows(root / "data" / "demo" / e["file"])}
        values = found[(e["sheet"], e["row"])]
        written = " ".join(str(values.get(k, "")) for k in ("last_name", "first_name", "full_name"))
        assert key(e["last_name"]) in key(written) and key(e["first_name"]) in key(written), e
        if e["kind"] == "duplicate_row":
            twin = found[(e["sheet"], e["duplicate_at_row"])]
            assert all(twin[k] == values[k] for k in ("last_name", "first_name", "birth_date"))


def test_the_importer_reports_every_injected_error(demo, tmp_path):
    """End to end through clas.ingest: every file loads; each mistake is reported at its row."""
    from clas.workspace.bootstrap import build_database, demo_files

    root, manifest = demo
    reports = build_database(
        tmp_path / "demo.duckdb", reference_dir=root / "data" / "reference", files=demo_files(root / "data" / "demo")
    )
    assert [r.status for r in reports] == ["loaded"] * 36
    issues = {(r.file, i.sheet, i.row): i.severity for r in reports for i in r.issues}
    for e in manifest["errors"]:
        name = Path(e["file"]).name
        row = e.get("duplicate_at_row", e["row"])
        if e["expect"] == "match":
            assert (name, e["sheet"], row) not in issues, e
        else:
            assert issues.get((name, e["sheet"], row)) == e["expect"], e


# --- geography ------------------------------------------------------------------------------------
def _inside(pt, ring) -> bool:
    x, y = pt
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _area_km2(ring) -> float:
    lat0 = math.radians(sum(y for _, y in ring) / len(ring))
    kx, ky = 111.320 * math.cos(lat0), 110.574
    pts = [(x * kx, y * ky) for x, y in ring]
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, pts[1:])) / 2


def test_geojson_quartiers(demo):
    root, _ = demo
    ref = root / "data" / "reference"
    gj = json.loads((ref / "neighbourhoods.geojson").read_text(encoding="utf-8"))
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 6
    names = {q["code"]: q["name"] for q in read_csv(ref / "neighbourhoods.csv")}
    rings = {}
    for feat in gj["features"]:
        assert feat["properties"] == {"code": feat["properties"]["code"], "name": names[feat["properties"]["code"]]}
        assert feat["geometry"]["type"] == "Polygon"
        ring = [tuple(p) for p in feat["geometry"]["coordinates"][0]]
        assert len(ring) >= 4 and ring[0] == ring[-1]
        assert all(round(c, 6) == c for p in ring for c in p)
        assert _area_km2(ring) > 0.5, "anneau extérieur dans le sens trigonométrique (RFC 7946)"
        rings[feat["properties"]["code"]] = ring
    for p in read_csv(ref / "providers.csv"):
        pt = (float(p["longitude"]), float(p["latitude"]))
        assert _inside(pt, rings[p["neighbourhood_code"]]), p["name"]
        assert not any(_inside(pt, r) for c, r in rings.items() if c != p["neighbourhood_code"])
    commune = commune_contour()
    total = sum(_area_km2(r) for r in rings.values())
    assert abs(total - abs(_area_km2(commune))) / abs(_area_km2(commune)) < 0.01
    assert 16 < total < 18.5  # Argenteuil: 17.2 km²


def test_fallback_contour_is_the_shared_one():
    if not SHARED_COMMUNES.exists():
        pytest.skip("fichier partagé des communes absent")
    assert commune_contour() == list(FALLBACK_CONTOUR)
