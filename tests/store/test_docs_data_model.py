"""docs/data-model.md documents every table, view and column of clas/store/sql/schema.sql, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from clas.store.db import create_schema
from tests.support.builders import CONTRACT

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-model.md"


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    create_schema(c)
    yield c
    c.close()


def db_columns(con) -> dict[str, dict[str, str]]:
    """table or view -> {column: type}, for the main schema."""
    out: dict[str, dict[str, str]] = {
        t: {}
        for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }
    for table, column, dtype in con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall():
        out[table][column] = dtype
    return out


def doc_sections(text: str) -> dict[str, dict[str, str] | None]:
    """`## name` -> {column: type} from the section's `| colonne | type | description |` table (None if
    the section has no such table)."""
    sections: dict[str, dict[str, str] | None] = {}
    current: str | None = None
    in_table = False
    for line in text.splitlines():
        heading = re.match(r"^##\s+(.+?)\s*$", line)
        if heading:
            current = heading.group(1).strip("` ")
            sections[current] = None
            in_table = False
            continue
        if current is None or not line.lstrip().startswith("|"):
            in_table = False
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if [c.lower() for c in cells[:2]] == ["colonne", "type"]:
            sections[current] = {}
            in_table = True
        elif in_table and not set("".join(cells)) <= set("-: "):
            name = cells[0].strip("` ")
            assert name not in sections[current], f"## {current} : colonne {name!r} décrite deux fois"
            sections[current][name] = cells[1] if len(cells) > 1 else ""
    return sections


def test_every_table_and_view_is_documented(con):
    sections = doc_sections(DOC.read_text(encoding="utf-8"))
    missing = sorted(t for t in db_columns(con) if sections.get(t) is None)
    assert not missing, f"tables ou vues sans section « ## nom » avec un tableau de colonnes : {missing}"


def test_no_documented_table_that_does_not_exist(con):
    sections = doc_sections(DOC.read_text(encoding="utf-8"))
    tables = db_columns(con)
    extra = sorted(name for name, cols in sections.items() if cols is not None and name not in tables)
    assert not extra, f"sections documentées qui ne sont ni une table ni une vue de la base : {extra}"


def test_documented_columns_equal_database_columns(con):
    sections = doc_sections(DOC.read_text(encoding="utf-8"))
    problems = []
    for table, columns in db_columns(con).items():
        documented = set(sections.get(table) or {})
        for col in sorted(set(columns) - documented):
            problems.append(f"{table}.{col} : dans la base, absente de docs/data-model.md")
        for col in sorted(documented - set(columns)):
            problems.append(f"{table}.{col} : décrite dans docs/data-model.md, absente de la base")
    assert not problems, "\n".join(problems)


def test_documented_types_match(con):
    sections = doc_sections(DOC.read_text(encoding="utf-8"))
    problems = [
        f"{table}.{col} : type {dtype} dans la base, {sections[table][col]!r} dans la documentation"
        for table, columns in db_columns(con).items()
        for col, dtype in columns.items()
        if sections.get(table) and col in sections[table] and sections[table][col].upper() != dtype
    ]
    assert not problems, "\n".join(problems)


def test_child_year_starts_with_the_contract_columns(con):
    columns = [
        c
        for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'child_year' "
            "ORDER BY ordinal_position"
        ).fetchall()
    ]
    assert columns[: len(CONTRACT)] == CONTRACT


def test_parser_sees_a_table():
    parsed = doc_sections(
        "## t\n\nTexte.\n\n| colonne | type | description |\n|---|---|---|\n"
        "| `a` | INTEGER | x |\n| b | VARCHAR | y |\n\n## Autre\n\nTexte.\n"
    )
    assert parsed == {"t": {"a": "INTEGER", "b": "VARCHAR"}, "Autre": None}
