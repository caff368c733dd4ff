"""The synthetic demo (tools.demo): deterministic, realistic in its proportions, readable by the importer,
uneven in parent engagement exactly where the funnel plot should see it, and geographically sound.

Everything is generated into a temporary folder; one test also checks the committed data/ is current.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
import python_calamine as calamine

from clas.domain import stats, vocab
from clas.domain.textnorm import key
from clas.ingest.columns import ACTION_INDEX, CRITERION_PREFIX, map_header
from tools.demo import draw_population, regenerate
from tools.demo.geo import FALLBACK_CONTOUR, SHARED_COMMUNES, commune_contour
from tools.demo.territory import PRIORITY, PROVIDERS, SCHOOL_YEARS

ROOT = Path(__file__).resolve().parents[2]
NOT_REGISTERS = {"Synthèse", "Instructions", "Listes", "Équipe"}  # Équipe: the team (issue 15), read apart
ACTION_SHEET = "Actions parents"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    manifest = regenerate(root)
    return root, manifest


@pytest.fixture(scope="module")
def records():
    return draw_population()


def _enrolled(recs):
    return [r for r in recs if r.outcome == "inscrit" and r.copy_of is None]


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- reading the generated files back (directly, so these tests do not hang on the importer) -------
def read_grids(path: Path) -> list[tuple[str, list[list], list]]:
    """(sheet name, rows, merged ranges) of every visible sheet."""
    if path.suffix == ".csv":
        text = path.read_bytes().decode("cp1252")
        return [("CSV", list(csv.reader(io.StringIO(text, newline=""), delimiter=";")), [])]
    wb = calamine.CalamineWorkbook.from_path(str(path))
    out = []
    for meta in wb.sheets_metadata:
        if str(meta.visible) != "SheetVisibleEnum.Visible":
            continue
        ws = wb.get_sheet_by_name(meta.name)
        out.append((meta.name, ws.to_python(skip_empty_area=False), list(ws.merged_cell_ranges or [])))
    return out


def _filled_upper(row: list, merged: list, r: int) -> list:
    """The row above a header, each merged cell's text spread over the columns it covers."""
    out = list(row)
    for (r0, c0), (r1, c1) in merged:
        if r0 <= r <= r1:
            for c in range(c0, min(c1 + 1, len(out))):
                out[c] = row[c0]
    return out


def locate_header(rows: list[list], merged: list, index=None) -> tuple[int, list]:
    """(row index, field per column) of the row whose cells map to the most fields."""
    best = (-1, -1, [])
    for i, row in enumerate(rows[:12]):
        upper = _filled_upper(rows[i - 1], merged, i - 1) if i else [""] * len(row)
        fields = [map_header(lo, up, index=index) if index else map_header(lo, up) for lo, up in zip(row, upper)]
        hits = sum(f is not None for f in fields)
        if hits > best[1]:
            best = (i, hits, fields)
    return best[0], best[2]


def register_rows(path: Path):
    """(sheet, spreadsheet row, {field: value}) of every data row of every register sheet."""
    for sheet, rows, merged in read_grids(path):
        if sheet in NOT_REGISTERS or sheet == ACTION_SHEET:
            continue
        h, fields = locate_header(rows, merged)
        for i in range(h + 1, len(rows)):
            row = rows[i]
            if all(v in ("", None) for v in row) or str(row[0]).strip().upper() == "TOTAL":
                continue
            yield sheet, i + 1, {f: v for f, v in zip(fields, row) if f}


# --- determinism and the committed copy -----------------------------------------------------------
def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_regenerating_gives_the_same_bytes(demo, tmp_path):
    root, manifest = demo
    again = regenerate(tmp_path)
    assert again == manifest
    first, second = _tree(root / "data"), _tree(tmp_path / "data")
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_committed_demo_data_is_current(demo):
    """data/reference, data/demo and the manifest in the repository are what the generator writes."""
    root, _ = demo
    committed = ROOT / "data"
    if not (committed / "demo_manifest.json").exists():
        pytest.skip("données de démonstration non générées dans ce dépôt")
    generated = _tree(root / "data")
    for name, content in generated.items():
        assert (committed / name).read_bytes() == content, (
            f"data/{name} n'est pas à jour : python -m clas demo --regenerate"
        )


# --- files and layouts ----------------------------------------------------------------------------
def test_one_file_per_provider_and_year_in_six_layouts(demo):
    root, manifest = demo
    files = manifest["files"]
    assert len(files) == len(PROVIDERS) * len(SCHOOL_YEARS) == 36
    assert set(manifest["layouts"].values()) == set("abcdef")
    for f in files:
        path = root / "data" / "demo" / f["path"]
        assert path.exists()
        assert f["school_year"] in path.name and f["provider"] in path.name
        assert manifest["layouts"][f["provider"]] == f["layout"]  # same layout every year
    exts = Counter(Path(f["path"]).suffix for f in files)
    assert set(exts) == {".xlsx", ".csv", ".ods", ".xls"}
    total = sum(p.stat().st_size for p in (root / "data" / "demo").rglob("*") if p.is_file())
    assert total < 3_000_000


def test_layout_features(demo):
    root, manifest = demo
    by_layout = {}
    for f in manifest["files"]:
        by_layout.setdefault(f["layout"], root / "data" / "demo" / f["path"])
    sheets = {k: {name: (rows, merged) for name, rows, merged in read_grids(p)} for k, p in by_layout.items()}
    assert {"Registre", ACTION_SHEET} <= set(sheets["a"])
    rows_b, merged_b = next(iter(sheets["b"].values()))
    assert rows_b[1][0].startswith("CLAS – Registre des enfants") and len(merged_b) >= 6
    assert rows_b[-1][0] == "TOTAL"
    assert any(all(v == "" for v in row) for row in rows_b[6:-2]), "lignes vides au milieu"
    assert any(isinstance(v, float) and 36000 < v < 47000 for row in rows_b[5:] for v in row[3:4] + row[10:11]), (
        "dates en numéros de série"
    )
    assert "Synthèse" in sheets["c"] and {"Groupe 1", "Groupe 2", "Groupe 3"} <= set(sheets["c"])
    d = (by_layout["d"]).read_bytes()
    assert b";" in d.splitlines()[0] and "é".encode("cp1252") in d and b"\r\n" in d
    with pytest.raises(UnicodeDecodeError):
        d.decode("utf-8")
    assert by_layout["e"].suffix == ".ods" and by_layout["f"].suffix == ".xls"
    f_rows = sheets["f"]["Inscriptions"][0]
    assert {"Fille", "Garçon"} <= {row[3] for row in f_rows[1:]}
    assert any(isinstance(v, (date, datetime)) for v in f_rows[1])


def test_every_header_maps_to_a_field(demo):
    root, manifest = demo
    for f in manifest["files"]:
        for sheet, rows, merged in read_grids(root / "data" / "demo" / f["path"]):
            if sheet in NOT_REGISTERS:
                continue
            index = ACTION_INDEX if sheet == ACTION_SHEET else None
            h, fields = locate_header(rows, merged, index)
            upper = _filled_upper(rows[h - 1], merged, h - 1) if h else [""] * len(rows[h])
            for lo, up, field in zip(rows[h], upper, fields):
                if lo or up:
                    assert field is not None and field != "_unknown_criterion", (f["path"], sheet, up, lo)
            if index is not None:
                assert {"action_date", "action_type", "families_present"} <= set(fields)
                continue
            found = set(fields)
            assert {"last_name", "first_name"} <= found or "full_name" in found
            assert {
                "birth_date",
                "sex",
                "school",
                "grade",
                "neighbourhood",
                "pre",
                "source",
                "orientation_date",
                "outcome",
                "entry_date",
                "exit_date",
                "exit_reason",
                "sessions_attended",
                "welcome_interview",
                "parent_meetings",
                "parent_collective",
            } <= found, (f["path"], sheet)
            assert "criteria_list" in found or any(x and x.startswith(CRITERION_PREFIX) for x in found)


CODED_FIELDS = {"grade": "grade", "sex": "sex", "source": "source", "outcome": "outcome", "exit_reason": "exit_reason"}
YES_NO_FIELDS = {"pre", "welcome_interview", "parent_collective"}
_SPLIT = re.compile(r"[;,]")


def test_every_value_is_understood_except_the_injected_errors(demo):
    root, manifest = demo
    schools = {key(s["name"]) for s in _read_csv(root / "data" / "reference" / "schools.csv")}
    quartiers = {key(n["name"]) for n in _read_csv(root / "data" / "reference" / "neighbourhoods.csv")}
    odd = set()
    for f in manifest["files"]:
        for sheet, row, values in register_rows(root / "data" / "demo" / f["path"]):
            here = (f["path"], sheet, row)
            for field, v in values.items():
                text = "" if v is None else str(v).strip()
                if field in CODED_FIELDS and text:
                    if key(text) not in vocab.SPELLINGS[CODED_FIELDS[field]]:
                        odd.add((*here, field))
                elif field in YES_NO_FIELDS or field.startswith(CRITERION_PREFIX):
                    assert key(text) in vocab.YES | vocab.NO, (*here, field, v)
                elif field == "criteria_list":
                    assert all(key(p) in vocab.SPELLINGS["criterion"] for p in _SPLIT.split(text)), (*here, v)
                elif field == "school" and key(text) not in schools:
                    odd.add((*here, field))
                elif field == "neighbourhood" and key(text) not in quartiers:
                    odd.add((*here, field))
    expected = {
        (e["file"], e["sheet"], e["row"], e["column"])
        for e in manifest["errors"]
        if e["kind"] in ("unknown_grade", "unknown_school", "missing_neighbourhood")
    }
    assert odd == expected


# --- the reference tables -------------------------------------------------------------------------
def test_reference_tables(demo):
    root, _ = demo
    ref = root / "data" / "reference"
    quartiers = _read_csv(ref / "neighbourhoods.csv")
    assert [q["code"] for q in quartiers] == ["CV", "VND", "VAS", "VAN", "OV", "COT"]
    assert {q["code"] for q in quartiers if q["priority_area"] == "true"} == {"VND", "VAS", "VAN"}
    assert {q["priority_area"] for q in quartiers} == {"true", "false"}
    assert 7000 <= sum(int(q["children_6_10"]) for q in quartiers) <= 8000
    assert 5300 <= sum(int(q["children_11_14"]) for q in quartiers) <= 6300
    schools = _read_csv(ref / "schools.csv")
    types = Counter(s["type"] for s in schools)
    assert types["college"] == 9 and types["lycee"] == 3 and 25 <= types["elementaire"] <= 35
    assert all(re.fullmatch(r"095\d{4}[A-Z]", s["uai"]) for s in schools)
    assert len({s["uai"] for s in schools}) == len(schools) == len({s["name"] for s in schools})
    for s in schools:
        assert (s["priority_education"] == "true") == (s["neighbourhood_code"] in PRIORITY and s["type"] != "lycee")
    providers = _read_csv(ref / "providers.csv")
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
        enrolled = _enrolled(recs)
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
        enrolled = _enrolled(recs)
        exits = Counter(r.exit_reason for r in enrolled)
        assert exits["fin_annee"] / len(enrolled) > 0.75
        assert {"demenagement", "abandon", "reorientation", "objectifs_atteints"} <= set(exits)
        # Present the whole year: about 75 % of the group's 55-60 sessions.
        full_year = [r.sessions for r in enrolled if r.exit_reason == "fin_annee" and r.entry_date <= date(y, 10, 5)]
        assert 38 <= sum(full_year) / len(full_year) <= 47


def test_children_recur_across_years_and_a_few_have_two_providers(records):
    years = [{r.child.cid: r for r in _enrolled(records[y])} for y in SCHOOL_YEARS]
    for before, after in zip(years, years[1:]):
        again = set(before) & set(after)
        assert 0.40 <= len(again) / len(before) <= 0.60
        advanced = [list(vocab.GRADES).index(after[c].grade) - list(vocab.GRADES).index(before[c].grade) for c in again]
        assert set(advanced) == {1}
        same = sum(after[c].provider == before[c].provider for c in again)
        assert same / len(again) > 0.75
    for y in SCHOOL_YEARS:
        providers_per_child = Counter(r.child.cid for r in _enrolled(records[y]))
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
    names = {q["code"]: q["name"] for q in _read_csv(ref / "neighbourhoods.csv")}
    rings = {}
    for feat in gj["features"]:
        assert feat["properties"] == {"code": feat["properties"]["code"], "name": names[feat["properties"]["code"]]}
        assert feat["geometry"]["type"] == "Polygon"
        ring = [tuple(p) for p in feat["geometry"]["coordinates"][0]]
        assert len(ring) >= 4 and ring[0] == ring[-1]
        assert all(round(c, 6) == c for p in ring for c in p)
        assert _area_km2(ring) > 0.5, "anneau extérieur dans le sens trigonométrique (RFC 7946)"
        rings[feat["properties"]["code"]] = ring
    for p in _read_csv(ref / "providers.csv"):
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
