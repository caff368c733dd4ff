"""Children are pseudonymised: no name or birth date reaches the database file, ids link the same child.

The database is written the way the service writes it, through the command line into a DuckDB file,
and then searched byte by byte.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import duckdb
import pytest

from clas.cli import main
from clas.domain.privacy import secrets_dir
from clas.ingest import import_file
from clas.store import db
from clas.store.reference import load_reference
from tests.support.builders import CHILDREN, HEADER, TODAY, child_rows, csv_bytes, xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures"
D = dt.date

# The three CHILDREN (Awa renamed Aminata: a three-letter name could match binary data by chance), and
# rows the importer rejects or drops, whose names and dates must not leak either: a birth date in the
# future (a typo of a real one), an implausible one, and the same child twice.
PRIVATE = [list(c) for c in CHILDREN]
PRIVATE[2][1] = "Aminata"
REJECTED = [
    ["Bernard", "Lucas", D(2031, 2, 10), *CHILDREN[0][3:]],
    ["Moreau", "Chloé", D(1990, 7, 8), *CHILDREN[0][3:]],
    ["Lefèvre", "Théo", "12/05/2014", "G", "Collège Jean Jaurès", "CM7", *CHILDREN[1][6:]],
]
TWICE = ["DUPONT", "marie", "04/03/2015", *CHILDREN[0][3:]]
PEOPLE = [(r[0], r[1], r[2]) for r in PRIVATE + REJECTED]


def _date(v) -> D:
    return v if isinstance(v, D) else dt.datetime.strptime(v, "%d/%m/%Y").date()


def _forms(last: str, first: str, born) -> set[str]:
    """The ways a name or a birth date could be written into a file."""
    import unicodedata

    def plain(s: str) -> str:
        return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()

    words = {
        w
        for s in (last, first)
        for w in (s, s.upper(), s.lower(), s.title(), plain(s), plain(s).upper(), plain(s).lower())
    }
    words |= {f"{plain(last)} {plain(first)}".lower(), f"{plain(first)} {plain(last)}".lower()}
    d = _date(born)
    dates = {
        d.isoformat(),
        d.strftime("%d/%m/%Y"),
        d.strftime("%d/%m/%y"),
        d.strftime("%d-%m-%Y"),
        d.strftime("%d.%m.%Y"),
        d.strftime("%Y%m%d"),
        d.strftime("%d%m%Y"),
        f"{d.day}/{d.month}/{d.year}",
        d.strftime("%Y/%m/%d"),
    }
    return words | dates


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A database directory and a secrets directory of the test's own, as the command line finds them."""
    base = tmp_path / "base"
    base.mkdir()
    monkeypatch.setenv("CLAS_DB", str(base / "clas.duckdb"))
    monkeypatch.setenv("CLAS_SECRETS_DIR", str(tmp_path / "secrets"))
    with db.writing(base / "clas.duckdb") as c:
        load_reference(c, FIXTURES / "reference")
    return tmp_path


def _cli_import(env: Path) -> Path:
    files = env / "envois"
    files.mkdir()
    (files / "Les Petits Pas 2024-2025.xlsx").write_bytes(
        xlsx_bytes([*PRIVATE, TWICE, *REJECTED], above=[["Registre CLAS"]])
    )
    (files / "centre.csv").write_bytes(csv_bytes([HEADER, *PRIVATE]))
    code = main(["import", str(files / "Les Petits Pas 2024-2025.xlsx")])
    assert code == 1  # the rejected rows
    code = main(
        [
            "import",
            str(files / "centre.csv"),
            "--provider",
            "Maison de quartier Centre",
            "--year",
            "2024-2025",
            "--db",
            os.environ["CLAS_DB"],
        ]
    )
    assert code == 0
    return Path(os.environ["CLAS_DB"])


def test_database_file_holds_no_name_nor_birth_date(env, capsys):
    path = _cli_import(env)
    with duckdb.connect(str(path), read_only=True) as c:
        assert c.execute("SELECT count(*) FROM child_year").fetchall() == [(6,)]
        assert c.execute("SELECT count(*) FROM import_issues WHERE severity = 'error'").fetchall() == [(3,)]
    # The database, its WAL if any, the lock and the log: every byte beside the database.
    stored = b"".join(p.read_bytes() for p in path.parent.iterdir() if p.is_file())
    assert len(stored) > 10_000
    for last, first, born in PEOPLE:
        for form in _forms(last, first, born):
            assert form.encode("utf-8") not in stored, f"« {form} » se trouve dans la base"
            assert form.encode("utf-16-le") not in stored, f"« {form} » (UTF-16) se trouve dans la base"


def test_the_report_still_locates_rejected_rows(env, capsys):
    _cli_import(env)
    out = capsys.readouterr().out
    assert "ligne 7" in out and "ligne 8" in out and "ligne 9" in out  # Lucas, Chloé, Théo
    assert "dans le futur" in out and "invraisemblable" in out and "CM7" in out


def test_same_child_in_two_files_gets_the_same_id(con):
    import_file(
        con, xlsx_bytes(CHILDREN), file_name="a.xlsx", provider="Les Petits Pas", school_year="2023-2024", today=TODAY
    )
    # Another provider, another year, another format, names written otherwise, dates as text.
    rows = [
        ["DUPONT", "marie", "04/03/2015", *CHILDREN[0][3:]],
        ["MARTIN", "YANIS", "20/11/13", *CHILDREN[1][3:]],
        ["Diallo ", "Awa", "2016-06-01", *CHILDREN[2][3:]],
    ]
    import_file(
        con,
        csv_bytes([HEADER, *rows], delimiter=","),
        file_name="b.csv",
        provider="Maison de quartier Centre",
        school_year="2024-2025",
        today=TODAY,
    )
    a = [r["child_id"] for r in child_rows(con, with_id=True, where=lambda r: r["school_year"] == "2023-2024")]
    b = [r["child_id"] for r in child_rows(con, with_id=True, where=lambda r: r["school_year"] == "2024-2025")]
    assert a == b and len(set(a)) == 3
    assert con.execute("SELECT count(*) FROM children").fetchall() == [(3,)]


def test_different_birth_date_or_name_gives_a_different_id(con):
    twin = ["Dupont", "Marie", D(2015, 3, 5), *CHILDREN[0][3:]]
    namesake = ["Dupont", "Maria", D(2015, 3, 4), *CHILDREN[0][3:]]
    import_file(
        con,
        xlsx_bytes([CHILDREN[0], twin, namesake]),
        file_name="a.xlsx",
        provider="Les Petits Pas",
        school_year="2024-2025",
        today=TODAY,
    )
    ids = [r["child_id"] for r in child_rows(con, with_id=True)]
    assert len(ids) == 3 and len(set(ids)) == 3


def test_a_different_key_gives_different_ids(con, tmp_path, monkeypatch):
    def ids(c) -> set[str]:
        import_file(
            c, xlsx_bytes(CHILDREN), file_name="a.xlsx", provider="Les Petits Pas", school_year="2024-2025", today=TODAY
        )
        return {r["child_id"] for r in child_rows(c, with_id=True)}

    monkeypatch.setenv("CLAS_SECRETS_DIR", str(tmp_path / "cle-a"))
    first = ids(con)
    monkeypatch.setenv("CLAS_SECRETS_DIR", str(tmp_path / "cle-b"))
    other = duckdb.connect()
    db.create_schema(other)
    load_reference(other, FIXTURES / "reference")
    second = ids(other)
    assert len(first) == len(second) == 3
    assert first.isdisjoint(second)
    # The same key again gives the same ids.
    monkeypatch.setenv("CLAS_SECRETS_DIR", str(tmp_path / "cle-a"))
    third = duckdb.connect()
    db.create_schema(third)
    load_reference(third, FIXTURES / "reference")
    assert ids(third) == first


def test_key_file_is_created_private_outside_the_repository(env, capsys):
    key = env / "secrets" / "pseudonym.key"
    assert not key.exists()
    path = _cli_import(env)
    assert key.is_file()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) & 0o077 == 0
    secret = key.read_bytes()
    assert len(secret) >= 32
    assert secret not in path.read_bytes()
    assert ROOT not in key.resolve().parents
    leaked = [p for p in ROOT.rglob("pseudonym.key") if ".git" not in p.parts]
    assert leaked == []


def test_default_secrets_dir_is_outside_the_repository(tmp_path, monkeypatch):
    monkeypatch.delenv("CLAS_SECRETS_DIR")
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert secrets_dir() == tmp_path / ".config" / "clas"
    assert ROOT not in secrets_dir().resolve().parents
