"""Faults explain themselves in French, with nothing lost: a damaged database file gives the service a page
saying what happened and how to restore the last backup, and anybody else a neutral « indisponible »; the
command line says the same with exit code 3; a folder that cannot be written or a full disk leave the
database byte for byte as it was, with a French message and no traceback."""

from __future__ import annotations

import errno
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from clas.cli import main as cli
from clas.store import backup
from tests.support.auth_helpers import sign_in

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def live(fixture_file, tmp_path, monkeypatch) -> Path:
    path = tmp_path / "data" / "clas.duckdb"
    path.parent.mkdir()
    path.write_bytes(fixture_file.read_bytes())
    monkeypatch.setenv("CLAS_DB", str(path))
    monkeypatch.setenv("CLAS_BACKUP_DIR", str(tmp_path / "sauvegardes"))
    return path


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3] if how == "truncated" else b"\0" * 4096 + data[4096:])


def texts(at) -> str:
    return "\n".join(e.value for kind in (at.error, at.warning, at.markdown, at.code, at.caption) for e in kind)


@pytest.mark.anonymous
@pytest.mark.parametrize("how", ["truncated", "overwritten"])
def test_a_damaged_file_shows_the_service_how_to_restore_and_others_unavailable(live, how):
    backup.backup()  # a backup exists, the page names it
    damage(live, how)
    anonymous = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not anonymous.exception
    shown = texts(anonymous)
    assert "momentanément indisponible" in shown and "abîmé" not in shown and str(live) not in shown
    for role, detailed in (("elu", False), ("porteur", False), ("service", True)):
        at = sign_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), role).run()
        assert not at.exception
        shown = texts(at)
        if detailed:
            assert "abîmé ou tronqué" in shown and "python -m clas restore" in shown
            assert backup.generations(backup.default_folder())[0].name in shown
        else:
            assert "momentanément indisponible" in shown and "abîmé" not in shown


def run_cli(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "clas", *args], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120
    )


def test_the_command_line_says_the_same_without_traceback(live):
    damage(live, "truncated")
    for args in (["report", "--year", "2024-2025", "--out", str(live.parent / "r")], ["backup"]):
        done = run_cli(*args)
        assert done.returncode == 3, done.stderr
        assert "abîmé ou tronqué" in done.stderr and "python -m clas restore" in done.stderr
        assert "Traceback" not in done.stderr and "Error" not in done.stderr


def test_a_folder_that_cannot_be_written(tmp_path, monkeypatch):
    import os

    env = {**os.environ, "CLAS_DB": "/sys/clas-introuvable/clas.duckdb"}  # mkdir there: not permitted
    sample = next((ROOT / "data" / "demo").rglob("*.xlsx"))
    done = run_cli("import", str(sample), env=env)
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert "n'accepte pas l'écriture" in done.stderr and "rien n'a été modifié" in done.stderr


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_a_full_disk_or_read_only_folder_leaves_the_database_as_it_was(live, monkeypatch, capsys, code):
    before = live.read_bytes()

    def fails(*args, **kwargs):
        raise OSError(code, "simulé")

    monkeypatch.setattr(shutil, "copyfileobj", fails)  # how writing() copies the live file
    sample = next((ROOT / "data" / "demo").rglob("*.xlsx"))
    assert cli(["import", str(sample)]) == 3
    err = capsys.readouterr().err
    assert ("est plein" if code == errno.ENOSPC else "n'accepte pas l'écriture") in err
    assert live.read_bytes() == before and sorted(p.name for p in live.parent.iterdir() if "tmp" in p.name) == []
