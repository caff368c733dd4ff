"""Spreadsheets written by other projects (../shared/realworld, listed in its manifest.csv): every one ends
cleanly through the command line — loaded, or refused with a French reason that says what to do — with exit
code 0 or 1, no traceback, no exception class name, and the database file byte for byte as it was when the
file is refused."""

from __future__ import annotations

import collections
import csv
import json
import re
from pathlib import Path

import pytest

from clas.cli import main
from clas.store import db
from clas.store.reference import load_reference

ROOT = Path(__file__).resolve().parents[2]
# ../shared beside the clone (CI); a git worktree one level further down finds it one level up.
REALWORLD = next(
    (
        p / "shared" / "realworld"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared" / "realworld" / "manifest.csv").exists()
    ),
    ROOT.parent / "shared" / "realworld",
)
FIXTURES = Path(__file__).parents[1] / "fixtures"
MANIFEST = REALWORLD / "manifest.csv"
FILES = [r["file"] for r in csv.DictReader(MANIFEST.open(encoding="utf-8"))] if MANIFEST.exists() else []
EXCEPTION_NAME = re.compile(r"\b\w*(Error|Exception|Warning)\b|Traceback|CalamineError|PasswordError")
OUTCOMES: collections.Counter = collections.Counter()

pytestmark = pytest.mark.skipif(not FILES, reason="../shared/realworld absent")


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    path = tmp_path_factory.mktemp("realworld") / "clas.duckdb"
    with db.writing(path) as con:
        load_reference(con, FIXTURES / "reference")
    return path


@pytest.mark.parametrize("name", FILES)
def test_every_real_world_file_ends_cleanly(database, name, capsys):
    before = database.read_bytes()
    code = main(
        ["import", str(REALWORLD / name), "--json", "--provider", "Essai", "--year", "2024-2025", "--db", str(database)]
    )
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    [report] = json.loads(out)["files"]
    assert code in (0, 1)
    assert report["status"] in ("loaded", "rejected", "unchanged")
    assert report["rows_read"] == report["rows_loaded"] + report["rows_rejected"]
    for issue in report["issues"]:
        assert not EXCEPTION_NAME.search(issue["message"]), issue["message"]
        assert (issue["message"][0].isupper() or issue["message"][0].isdigit()) and issue["message"].rstrip().endswith(
            (".", "»", ")")
        )
    if report["status"] == "rejected":
        first = report["issues"][0]
        assert first["severity"] == "error" and first["sheet"] is None
        assert database.read_bytes() == before, "a refused file changed the database"
        assert code == 1
        OUTCOMES["refusé : " + first["message"].split(":")[0].strip()] += 1
    else:
        OUTCOMES["importé"] += 1


def test_realworld_outcomes_are_counted(capsys):
    """Prints the loaded / refused-by-reason counts (run with -s); every file was seen."""
    if sum(OUTCOMES.values()) != len(FILES):
        pytest.skip("run with the whole file to count the outcomes")
    with capsys.disabled():
        print("\n" + "\n".join(f"{n:3d}  {k}" for k, n in OUTCOMES.most_common()))
