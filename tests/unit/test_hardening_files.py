"""Sign-in slow-down under parallel attempts, and files at rest: the secrets folder 0700 even when it existed,
login_attempts.json, sessions.json and the audit files 0600."""

from __future__ import annotations

import stat
import threading

import bcrypt

from clas.auth import accounts, live, throttle
from clas.domain.privacy import pseudonym_key
from clas.store import audit
from tests.support.auth_helpers import make_account


def mode(p) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_parallel_wrong_passwords_reach_bcrypt_only_for_the_free_attempts(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAS_DB", str(tmp_path / "clas.duckdb"))
    make_account("marie", "service")
    checked = []
    real = bcrypt.checkpw
    monkeypatch.setattr(bcrypt, "checkpw", lambda *a: checked.append(1) or real(*a))
    start = threading.Barrier(10)
    results = []

    def one():
        start.wait()
        results.append(throttle.attempt("marie", "mauvais mot de passe", demo=False))

    threads = [threading.Thread(target=one) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    refused = [r for r in results if r[1] > 0]
    assert len(checked) == throttle.FREE_FAILURES == 3  # only three passwords were hashed
    assert len(refused) == 7 and all(r[0] is None for r in results)
    assert sorted(r[2] for r in results if r[1] == 0) == [1, 2, 3]
    # The right password is refused too while the name waits, and unchecked.
    assert throttle.attempt("marie", "mot-de-passe-de-test", demo=False)[1] > 0 and len(checked) == 3


def test_a_success_clears_the_reserved_attempt(tmp_path):
    path = tmp_path / "attempts.json"
    assert throttle.reserve("marie", now=100, path=path) == (0, 1)
    throttle.record_success("marie", path=path)
    assert throttle.wait_seconds("marie", now=100, path=path) == 0
    for n in (1, 2, 3):
        assert throttle.reserve("marie", now=100, path=path) == (0, n)
    assert throttle.reserve("marie", now=101, path=path) == (4, 0)  # refused, not counted
    assert throttle.reserve("marie", now=105, path=path) == (0, 4)


def test_the_secrets_folder_is_tightened_even_when_it_exists(tmp_path, monkeypatch):
    secrets = tmp_path / "secrets"
    secrets.mkdir(mode=0o755)
    secrets.chmod(0o755)
    monkeypatch.setenv("CLAS_SECRETS_DIR", str(secrets))
    pseudonym_key()
    assert mode(secrets) == 0o700
    secrets.chmod(0o755)
    accounts.add_user("marie", "service", "un mot de passe long")
    assert mode(secrets) == 0o700 and mode(secrets / "accounts.yaml") == 0o600
    assert mode(secrets / "pseudonym.key") == 0o600
    secrets.chmod(0o755)
    live.start("marie", 1)
    assert mode(secrets) == 0o700 and mode(secrets / "sessions.json") == 0o600


def test_state_and_audit_files_are_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAS_DB", str(tmp_path / "clas.duckdb"))
    old = tmp_path / "login_attempts.json"
    old.write_text("{}")
    old.chmod(0o644)  # written by an earlier version
    throttle.record_failure("marie")
    assert mode(old) == 0o600
    audit.record("marie", "service", "login")
    assert mode(audit.audit_path()) == 0o600


def test_the_audit_log_rotates_by_month_and_by_size(tmp_path, monkeypatch):
    import os

    p = tmp_path / "audit.jsonl"
    audit.record("marie", "service", "login", "octobre", path=p)
    october = 1_790_000_000  # 2026-09-21: a month before any run of this test
    os.utime(p, (october, october))
    audit.record("marie", "service", "logout", "ce mois-ci", path=p)
    rotated = tmp_path / "audit-2026-09.jsonl"
    assert rotated.exists() and "octobre" in rotated.read_text() and "octobre" not in p.read_text()
    assert mode(rotated) == 0o600 and mode(p) == 0o600
    monkeypatch.setattr(audit, "MAX_BYTES", 400)
    for i in range(6):
        audit.record("marie", "service", "export", f"fichier {i}", path=p)
    assert len(audit.files(p)) >= 3 and p.stat().st_size <= 400
    # Reading goes through every file, newest first, nothing lost.
    details = [e["detail"] for e in audit.read(p)]
    assert details == [f"fichier {i}" for i in range(5, -1, -1)] + ["ce mois-ci", "octobre"]
    assert [e["detail"] for e in audit.read(p, limit=2)] == ["fichier 5", "fichier 4"]
