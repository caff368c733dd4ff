"""Static security checks over the code: every query a porteur can reach is scoped, no HTML is injected, SQL
is never built from strings, every page runs its guard first, pages read data only through clas.web.ui.query."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from clas.store.access import BENCHMARKS, PORTEUR
from clas.web.registry import PAGES

ROOT = Path(__file__).resolve().parents[2]
QUERIES = sorted((ROOT / "queries").glob("*.sql"))
PY_FILES = sorted(
    p for p in ROOT.rglob("*.py") if not {".git", ".pytest_cache", "out"} & set(p.relative_to(ROOT).parts)
)
APP_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "clas").rglob("*.py"))]


def _sql(path: Path) -> str:
    """The query without its comments."""
    return re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8"))


# --- the perimeter of a porteur ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [p for p in QUERIES if re.search(r"\b(child_year|current_parent_actions)\b", _sql(p)) and p.stem not in BENCHMARKS],
    ids=lambda p: p.stem,
)
def test_every_query_reading_child_year_or_parent_actions_is_scoped(path):
    sql = _sql(path)
    assert "$scope_provider IS NULL OR" in sql, (
        f"{path.name} : ajoutez AND ($scope_provider IS NULL OR provider = $scope_provider)"
    )


@pytest.mark.parametrize("name", sorted(PORTEUR - BENCHMARKS))
def test_every_query_a_porteur_may_run_is_scoped_if_it_reads_data(name):
    sql = _sql(ROOT / "queries" / f"{name}.sql")
    reads_data = re.search(r"\b(child_year|current_parent_actions|enrolments|imports|column_mappings|children)\b", sql)
    assert not reads_data or "$scope_provider" in sql, name


def test_every_porteur_query_exists():
    assert {p.stem for p in QUERIES} >= PORTEUR


# --- pages ------------------------------------------------------------------------------------------------


def test_pages_folder_and_registry_agree():
    assert {p[0] for p in PAGES} == {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    assert all(p[5] and p[5] <= {"elu", "service", "porteur"} for p in PAGES)


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.stem)
def test_every_page_runs_its_guard_before_anything_else(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    body = [
        n
        for n in tree.body
        if not isinstance(n, (ast.Import, ast.ImportFrom))
        and not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))
    ]
    first = body[0]
    call = first.value if isinstance(first, (ast.Expr, ast.Assign)) else None
    assert isinstance(call, ast.Call) and ast.unparse(call) == "guard(__file__)", (
        f"{path.name} : la première instruction doit être guard(__file__), pas {ast.unparse(first)[:60]}"
    )
    # and nothing executes between the imports and it (no statement before the guard either)
    assert (
        tree.body.index(first)
        == max(i for i, n in enumerate(tree.body) if isinstance(n, (ast.Import, ast.ImportFrom))) + 1
    )


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.stem)
def test_pages_read_data_only_through_the_query_layer(path):
    """ui.query applies the perimeter; a raw connection does not. The annual report is the one exception
    (clas.report runs the pages' queries for the whole territory; the page is for the service and élus,
    and ui.connection() refuses a porteur)."""
    text = path.read_text(encoding="utf-8")
    assert "duckdb" not in text and "db.run(" not in text and "db.connect(" not in text, path.name
    if path.name != "rapport.py":
        assert "ui.connection()" not in text, path.name


# --- HTML -------------------------------------------------------------------------------------------------

HTML = re.compile(r"unsafe_allow_html\s*=\s*True|st\.html\(|components\.html\(|components\.v1")


@pytest.mark.parametrize("path", APP_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_raw_html_in_the_app(path):
    """Text from spreadsheets and from the database is shown as text. Raw HTML would need a justification
    comment `# html-ok: <why>` on the same line (there is none today)."""
    bad = [
        f"{path.name}:{i}: {line.strip()}"
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HTML.search(line) and "# html-ok:" not in line
    ]
    assert bad == []


# --- SQL --------------------------------------------------------------------------------------------------

KEYWORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b")


def _strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def sql_built_from_strings(source: str) -> list[str]:
    """Expressions that build SQL text at run time: f-strings, + or % on strings, str.format, str.join."""
    found = []
    for node in ast.walk(ast.parse(source)):
        text = None
        if isinstance(node, ast.JoinedStr):
            text = " ".join(_strings(node))
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, (ast.Add, ast.Mod))
            and not (isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant))
        ):
            text = (
                " ".join(_strings(node))
                if any(isinstance(n, ast.Constant) and isinstance(n.value, str) for n in (node.left, node.right))
                else None
            )
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("format", "join")
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
        ):
            text = node.func.value.value + " " + " ".join(_strings(node))
        if text and KEYWORDS.search(text):
            found.append(f"{node.lineno}: {ast.unparse(node)[:100]}")
    return found


def test_the_sql_scan_catches_what_it_should():
    assert sql_built_from_strings('con.execute(f"SELECT * FROM t WHERE a = {x}")')
    assert sql_built_from_strings('q = "DELETE FROM " + table')
    assert sql_built_from_strings('q = "UPDATE t SET a = %s" % value')
    assert sql_built_from_strings('q = "INSERT INTO t VALUES ({})".format(v)')
    assert not sql_built_from_strings('con.execute("SELECT * FROM t WHERE a = $a", {"a": x})')
    assert not sql_built_from_strings('msg = f"Sélectionnez {n} fichiers"')
    assert not sql_built_from_strings('q = ("SELECT a " "FROM t")')


@pytest.mark.parametrize("path", PY_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_python_file_builds_sql_from_strings(path):
    """Every SQL statement is a constant (queries/*.sql or a literal) with bound $parameters: user input,
    filter values and file contents can never become SQL."""
    assert sql_built_from_strings(path.read_text(encoding="utf-8")) == []
