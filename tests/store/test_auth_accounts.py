"""Accounts, the `python -m clas user` command, the audit log and the slowing down of failed sign-ins (no
Streamlit here: see test_auth_login.py for the sign-in page)."""

from __future__ import annotations

import argparse
import io
import json
import stat
import threading
from pathlib import Path

import bcrypt
import pytest
import yaml

from clas.auth import accounts, accounts_file, signin, throttle
from clas.cli import _parser, main
from clas.store import audit, db
from clas.store.reference import load_reference

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def secrets(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "secrets"
    monkeypatch.setenv("CLAS_SECRETS_DIR", str(d))
    monkeypatch.setenv("CLAS_DB", str(tmp_path / "base" / "clas.duckdb"))
    return d


@pytest.fixture
def base(secrets, tmp_path) -> Path:
    path = tmp_path / "base" / "clas.duckdb"
    with db.writing(path) as c:
        load_reference(c, FIXTURES / "reference")
    return path


def _add(monkeypatch, argv: list[str], password: str = "un mot de passe long") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["user", "add", *argv, "--password-stdin"])


# --- the accounts file ----------------------------------------------------------------------------------


def test_user_add_writes_a_bcrypt_hash_in_a_private_file_outside_the_repository(secrets, monkeypatch, capsys):
    assert _add(monkeypatch, ["Marie", "--role", "service"]) == 0
    out = capsys.readouterr().out
    assert "Compte « marie » créé (rôle service)" in out
    path = secrets / "accounts.yaml"
    assert not path.resolve().is_relative_to(ROOT)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(secrets.stat().st_mode) == 0o700
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = doc["credentials"]["usernames"]["marie"]
    assert entry["roles"] == ["service"] and entry["provider"] is None
    assert entry["password"].startswith("$2b$") and "un mot de passe long" not in path.read_text(encoding="utf-8")
    assert bcrypt.checkpw(b"un mot de passe long", entry["password"].encode())
    # The cookie's signing key was generated with the file, and is never printed.
    assert len(doc["cookie"]["key"]) >= 40 and doc["cookie"]["key"] not in out


def test_the_file_is_what_streamlit_authenticator_reads(secrets, monkeypatch):
    from streamlit_authenticator.utilities import Hasher

    _add(monkeypatch, ["marie", "--role", "elu"])
    doc = yaml.safe_load((secrets / "accounts.yaml").read_text(encoding="utf-8"))
    assert set(doc["cookie"]) >= {"name", "key", "expiry_days"}
    assert Hasher.check_pw("un mot de passe long", doc["credentials"]["usernames"]["marie"]["password"])


def test_user_add_replaces_an_existing_account(secrets, monkeypatch, capsys):
    _add(monkeypatch, ["marie", "--role", "service"])
    assert _add(monkeypatch, ["MARIE", "--role", "elu"], "un autre mot de passe") == 0
    assert "Compte « marie » remplacé (rôle elu)" in capsys.readouterr().out
    assert signin.authenticate("marie", "un autre mot de passe", demo=False).role == "elu"
    assert signin.authenticate("marie", "un mot de passe long", demo=False) is None


@pytest.mark.parametrize(
    "argv, password, message",
    [
        (["marie", "--role", "service"], "court", "trop court"),
        (["marie", "--role", "service"], "é" * 40, "trop long"),
        (["marie", "--role", "porteur"], "un mot de passe long", "--provider NOM"),
        (["marie", "--role", "elu", "--provider", "Les Petits Pas"], "un mot de passe long", "--role porteur"),
        (["ma rie", "--role", "elu"], "un mot de passe long", "invalide"),
    ],
)
def test_user_add_refuses_with_a_french_message(secrets, monkeypatch, capsys, argv, password, message):
    assert _add(monkeypatch, argv, password) == 2
    assert message in capsys.readouterr().err
    assert not (secrets / "accounts.yaml").exists()


def test_an_unknown_role_is_a_usage_error(secrets, monkeypatch):
    with pytest.raises(SystemExit) as exc:
        _add(monkeypatch, ["marie", "--role", "admin"])
    assert exc.value.code == 2


def test_porteur_provider_is_checked_in_the_database(base, monkeypatch, capsys):
    assert _add(monkeypatch, ["asso", "--role", "porteur", "--provider", "Inconnu"]) == 2
    err = capsys.readouterr().err
    assert "Porteur « Inconnu » introuvable" in err and "Les Petits Pas" in err
    # Written otherwise (case, accents) it is stored under its reference name.
    assert _add(monkeypatch, ["asso", "--role", "porteur", "--provider", "les petits  PAS"]) == 0
    assert signin.find("asso", demo=False).provider == "Les Petits Pas"


def test_password_prompted_twice_without_echo(secrets, monkeypatch, capsys):
    answers = iter(["un mot de passe long", "un mot de passe long"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["user", "add", "marie", "--role", "service"]) == 0
    answers = iter(["un mot de passe long", "une faute de frappe"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["user", "add", "paul", "--role", "service"]) == 2
    assert "diffèrent" in capsys.readouterr().err
    assert signin.find("paul", demo=False) is None


def test_sso_mapping_list_and_remove(secrets, monkeypatch, capsys, base):
    _add(monkeypatch, ["marie", "--role", "service"])
    assert main(["user", "add", "Contact@Asso.fr", "--sso", "--role", "porteur", "--provider", "Les Petits Pas"]) == 0
    assert main(["user", "add", "x@y.fr", "--sso", "--role", "elu", "--password-stdin"]) == 2
    capsys.readouterr()
    assert main(["user", "list"]) == 0
    out = capsys.readouterr().out
    assert "marie" in out and "contact@asso.fr" in out and "authentification unique" in out
    assert "$2b$" not in out
    doc = yaml.safe_load((secrets / "accounts.yaml").read_text(encoding="utf-8"))
    assert doc["roles"] == {"contact@asso.fr": {"role": "porteur", "provider": "Les Petits Pas"}}
    assert signin.find_sso("CONTACT@asso.fr").provider == "Les Petits Pas"
    assert main(["user", "remove", "contact@asso.fr"]) == 0
    assert main(["user", "remove", "marie"]) == 0
    assert main(["user", "remove", "marie"]) == 1
    assert accounts.listing() == []
    # Every change is in the audit log, beside the database.
    details = [e["detail"] for e in audit.read(action="account")]
    assert any("compte supprimé : marie" in d for d in details)
    assert any("contact@asso.fr" in d for d in details)


def test_readme_documents_every_option_of_the_user_subcommands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    action = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    user = action.choices["user"]
    nested = next(a for a in user._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in nested.choices.items():
        assert f"python -m clas user {name}" in text
        for a in sub._actions:
            for opt in a.option_strings:
                if opt not in ("-h", "--help"):
                    assert opt in text, f"user {name} {opt}"
    assert "## Comptes et rôles" in text
    for demo_user, (password, *_rest) in signin.DEMO_ACCOUNTS.items():
        assert f"`{demo_user}` | `{password}`" in text


# --- checking a password ----------------------------------------------------------------------------------


def test_authenticate(secrets):
    accounts.add_user("marie", "service", "un mot de passe long")
    assert signin.authenticate(" Marie ", "un mot de passe long", demo=False).username == "marie"
    assert signin.authenticate("marie", "Un mot de passe long", demo=False) is None
    assert signin.authenticate("marie", "x" * 100, demo=False) is None  # over bcrypt's 72 bytes
    assert signin.authenticate("personne", "un mot de passe long", demo=False) is None


def test_demo_accounts_exist_only_on_the_demo_database(secrets):
    for name, (password, role, provider, _) in signin.DEMO_ACCOUNTS.items():
        user = signin.authenticate(name, password, demo=True)
        assert (user.role, user.provider, user.source) == (role, provider, "demo")
        assert signin.authenticate(name, password, demo=False) is None
    assert not (secrets / "accounts.yaml").exists()  # never written to the accounts file
    # The demo porteur is a provider of the demo reference.
    assert signin.DEMO_PROVIDER in (ROOT / "data" / "reference" / "providers.csv").read_text(encoding="utf-8")


def test_a_local_account_wins_over_a_demo_one(secrets):
    accounts.add_user("service", "elu", "un mot de passe long")
    assert signin.authenticate("service", "demo-service", demo=True) is None
    assert signin.find("service", demo=True).source == "local"


def test_cookie_settings_differ_between_demo_and_real_databases(secrets):
    real = accounts_file.cookie_settings(demo=False)
    demo = accounts_file.cookie_settings(demo=True)
    assert real[0] != demo[0] and real[1] == demo[1] and real[2] == 1
    assert accounts_file.cookie_settings(demo=False) == real  # generated once, then kept


# --- the audit log ----------------------------------------------------------------------------------------


def test_audit_lines_are_json_newest_first_and_cannot_be_forged(tmp_path):
    path = tmp_path / "audit.jsonl"
    audit.record("marie", "service", "login", "mot de passe", path=path)
    audit.record('x"}\n{"user": "admin', None, "login_failed", "ligne\ninjectée", path=path)
    audit.record("marie", "service", "export", "explorer CSV", path=path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and all(json.loads(line) for line in lines)
    events = audit.read(path)
    assert [e["action"] for e in events] == ["export", "login_failed", "login"]
    assert events[1]["user"] == 'x"}\n{"user": "admin'
    assert [e["action"] for e in audit.read(path, action="login")] == ["login"]
    assert set(events[0]) == {"when", "user", "role", "action", "detail"}
    with pytest.raises(ValueError):
        audit.record("marie", "service", "autre chose", path=path)


def test_audit_survives_concurrent_writers_and_a_damaged_line(tmp_path):
    path = tmp_path / "audit.jsonl"
    threads = [
        threading.Thread(
            target=lambda i=i: [audit.record(f"u{i}", "service", "login", "x" * 300, path=path) for _ in range(50)]
        )
        for i in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open(path, "a", encoding="utf-8") as f:
        f.write("{pas du json\n")
    assert len(audit.read(path)) == 400


def test_audit_file_is_beside_the_database(tmp_path):
    assert audit.audit_path(tmp_path / "x" / "clas.duckdb") == tmp_path / "x" / "audit.jsonl"


# --- failed sign-ins slowed down ----------------------------------------------------------------------------


def test_three_free_failures_then_an_exponential_wait(tmp_path):
    path, t0 = tmp_path / "attempts.json", 1_000_000.0
    for n in range(1, 3):
        assert throttle.record_failure("Marie", now=t0, path=path) == n
        assert throttle.wait_seconds("marie", now=t0, path=path) == 0
    assert throttle.record_failure("marie", now=t0, path=path) == 3
    assert throttle.wait_seconds("marie", now=t0, path=path) == 5
    assert throttle.wait_seconds("marie", now=t0 + 4, path=path) == 1
    assert throttle.wait_seconds("marie", now=t0 + 5, path=path) == 0
    throttle.record_failure("marie", now=t0 + 5, path=path)
    assert throttle.wait_seconds("marie", now=t0 + 5, path=path) == 10
    assert [throttle.delay_after(n) for n in range(1, 8)] == [0, 0, 5, 10, 20, 40, 80]
    assert throttle.delay_after(30) == throttle.MAX_DELAY
    # Other names are not affected; a success clears the count.
    assert throttle.wait_seconds("paul", now=t0, path=path) == 0
    throttle.record_success("marie", path=path)
    assert throttle.wait_seconds("marie", now=t0 + 5, path=path) == 0


def test_failures_are_forgotten_after_a_day(tmp_path):
    path, t0 = tmp_path / "attempts.json", 1_000_000.0
    for _ in range(5):
        throttle.record_failure("marie", now=t0, path=path)
    throttle.record_failure("paul", now=t0 + throttle.FORGET_AFTER + 1, path=path)
    assert "marie" not in json.loads(path.read_text())
