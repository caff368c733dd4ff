"""The ground plan, checked: one layer per folder, Streamlit at the edge, every SQL statement in a named file.

A reader finds where a change belongs by the folder; these tests keep the folders honest. Layers, lowest
first: each may import only from the layers before it (README, « Organisation du code »).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["config", "domain", "store", "auth", "ingest", "metrics", "charts", "report", "workspace", "web", "cli"]
MAX_LINES = 300


def _modules():
    for path in sorted((ROOT / "clas").rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "clas" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in LAYERS else None


def _imports(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "clas":
                yield from (f"clas.{a.name}" for a in node.names)
            else:
                yield node.module
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names)


def test_every_module_of_the_package_belongs_to_a_layer():
    loose = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "clas").glob("*.py")
        if p.stem not in ("__init__", "__main__", "config", "cli")
    ]
    assert loose == []


def test_no_layer_imports_from_a_higher_one():
    wrong = []
    for path, tree in _modules():
        me = _layer(".".join(path.relative_to(ROOT).with_suffix("").parts))
        if me is None:
            continue
        for target in _imports(tree):
            theirs = _layer(target)
            if theirs and LAYERS.index(theirs) > LAYERS.index(me):
                wrong.append(f"{path.relative_to(ROOT)} -> {target}")
    assert wrong == []


def test_streamlit_is_imported_only_at_the_edge():
    outside = []
    for path, tree in _modules():
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("clas/web/"):
            continue
        if any(t == "streamlit" or t.startswith("streamlit.") for t in _imports(tree)):
            outside.append(rel)
    assert outside == []


def _sql_literal_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("execute", "executemany", "sql")
            and node.args
        ):
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str) or isinstance(first, ast.JoinedStr):
                yield node.lineno


def test_sql_text_lives_in_named_files():
    """No execute() with a SQL literal anywhere in the package: reads are queries/<name>.sql, writes and
    writers' lookups are clas/store/sql/writes/<name>.sql (db.write)."""
    found = []
    for path, tree in _modules():
        found += [f"{path.relative_to(ROOT)}:{line}" for line in _sql_literal_calls(tree)]
    for folder in ("pages", "tools"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found += [f"{path.relative_to(ROOT)}:{line}" for line in _sql_literal_calls(tree)]
    assert found == []


def test_every_named_write_is_used_and_every_used_one_exists():
    writes = {p.stem for p in (ROOT / "clas" / "store" / "sql" / "writes").glob("*.sql")}
    named, strings = set(), set()
    for _path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("write", "script")
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
            ):
                named.add(node.args[1].value)
    assert named - writes == set(), "db.write() of a missing file"
    assert writes - strings == set(), "a named write nobody runs"


@pytest.mark.parametrize("folder", ["clas", "pages", "tools"])
def test_modules_stay_small_or_say_why(folder):
    """Past ~300 lines a module usually does two things; one that must stay long says why in a comment
    `# long module: …` near its top."""
    long_ = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_LINES and "# long module:" not in text[:3000]:
            long_.append(f"{path.relative_to(ROOT)} ({text.count(chr(10))} lignes)")
    assert long_ == []


def test_pages_are_thin():
    """A page wires filters, metrics and charts to st.* calls; a controller belongs in clas/web. (200 lines as
    ruff formats them; the two longest, Qualité and Vie du réseau, are next to thin.)"""
    fat = [
        f"{p.name} ({p.read_text(encoding='utf-8').count(chr(10))} lignes)"
        for p in sorted((ROOT / "pages").glob("*.py"))
        if p.read_text(encoding="utf-8").count("\n") > 200
    ]
    assert fat == []
