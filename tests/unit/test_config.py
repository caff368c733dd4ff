"""Every CLAS_* setting is read in clas/config.py and documented in the README: an operator finds them all
in one table, and a setting added in code without its line in the README fails here."""

from __future__ import annotations

import re
from pathlib import Path

from clas import config

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_documents_every_setting():
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    missing = [s.name for s in config.SETTINGS if f"`{s.name}`" not in readme]
    assert missing == []


def test_no_other_module_reads_a_clas_variable():
    readers = []
    for folder in ("clas", "pages", "tools"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "clas" / "config.py":
                continue
            if re.search(
                r"environ(\.get)?\s*[\[(]\s*[\"']CLAS_|getenv\(\s*[\"']CLAS_", path.read_text(encoding="utf-8")
            ):
                readers.append(str(path.relative_to(ROOT)))
    app = ROOT.joinpath("app.py").read_text(encoding="utf-8")
    assert readers == [] and "environ" not in app


def test_settings_are_read_when_asked(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAS_DB", str(tmp_path / "x.duckdb"))
    assert config.db_path() == tmp_path / "x.duckdb"
    assert config.db_path("y.duckdb") == Path("y.duckdb")
    monkeypatch.delenv("CLAS_DB")
    assert config.db_path() == ROOT / "data" / "clas.duckdb"
