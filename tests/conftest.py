"""Shared fixtures: a throw-away secret key, and a database holding the small fixture reference tables."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from clas.db import create_schema
from clas.reference import load_reference

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _secrets(tmp_path_factory, monkeypatch):
    # Every test gets the same key (ids are comparable across a test) but never the user's own.
    monkeypatch.setenv("CLAS_SECRETS_DIR", str(tmp_path_factory.getbasetemp() / "secrets"))


@pytest.fixture
def con():
    c = duckdb.connect()
    create_schema(c)
    load_reference(c, FIXTURES / "reference")
    yield c
    c.close()
