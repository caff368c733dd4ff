"""The synthetic demo's files (tools.demo): deterministic, the committed copy current, six layouts, and every
header and value readable by the importer but the errors injected on purpose. Its population, parent
engagement, reference tables and geography: test_demo_population.py. Generated once into a temporary folder
(tests/store/conftest.py)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from clas.domain import vocab
from clas.domain.textnorm import key
from clas.ingest.columns import ACTION_INDEX, CRITERION_PREFIX
from tests.support.demo_files import (
    ACTION_SHEET,
    NOT_REGISTERS,
    filled_upper,
    locate_header,
    read_csv,
    read_grids,
    register_rows,
)
from tools.demo import regenerate
from tools.demo.territory import PROVIDERS, SCHOOL_YEARS

ROOT = Path(__file__).resolve().parents[2]


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
            upper = filled_upper(rows[h - 1], merged, h - 1) if h else [""] * len(rows[h])
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
    schools = {key(s["name"]) for s in read_csv(root / "data" / "reference" / "schools.csv")}
    quartiers = {key(n["name"]) for n in read_csv(root / "data" / "reference" / "neighbourhoods.csv")}
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
