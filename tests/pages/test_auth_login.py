"""The sign-in gate in AppTest: refusal without accounts, the local sign-in form, failures slowed down, the
demo accounts and banner, sign-out, removed accounts, single sign-on. The app starts signed out here."""

from __future__ import annotations

import types
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from clas.auth import accounts, accounts_file, throttle
from clas.store import audit, db
from clas.web.session import SESSION_KEY
from tests.support.auth_helpers import PASSWORD, make_account

pytestmark = pytest.mark.anonymous
ROOT = Path(__file__).resolve().parents[2]
SSO = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "clas",
        "client_secret": "secret",
        "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
    }
}


def as_demo(path: Path) -> None:
    """The fixture database marked as clas.workspace.bootstrap marks the demo."""
    with db.writing(path) as c:
        c.execute("UPDATE imports SET imported_by = 'démo'")
        c.execute("INSERT OR REPLACE INTO settings VALUES ('demo', 'true')")


def app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def pages(at: AppTest) -> list[str]:
    """The page files registered in st.navigation for this session."""
    return sorted(Path(str(i["script_path"])).stem for i in at._registered_pages.values() if i.get("script_path"))


def login(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    next(b for b in at.button if b.label == "Se connecter").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    return "\n".join(
        [e.value for e in at.error]
        + [e.value for e in at.info]
        + [e.value for e in at.warning]
        + [m.value for m in at.markdown]
        + [c.value for c in at.code]
    )


def test_a_real_database_without_accounts_stays_closed(app_db):
    at = app().run()
    assert not at.exception
    shown = texts(at)
    assert "Aucun compte n'est configuré" in shown and "python -m clas user add NOM --role service" in shown
    assert pages(at) == [] and [t.value for t in at.title] == ["Tableau de bord CLAS"]
    with pytest.raises(ValueError):
        at.switch_page("pages/indicateurs.py")
    assert not at.text_input  # not even a sign-in form: there is nobody to sign in


def test_sign_in_with_a_local_account(app_db):
    make_account("marie", "service")
    at = app().run()
    assert pages(at) == [] and at.text_input(key="login_username") is not None
    login(at, "marie", "mauvais")
    assert "Identifiant ou mot de passe incorrect." in texts(at) and SESSION_KEY not in at.session_state
    login(at, " MARIE ", PASSWORD)
    assert [t.value for t in at.title] == ["Indicateurs clés"]
    assert at.session_state[SESSION_KEY]["role"] == "service"
    assert "login_password" not in at.session_state  # the password is not kept in the session
    assert "journal" in pages(at) and "explorer" in pages(at)
    events = audit.read()
    assert [(e["action"], e["user"]) for e in events[:2]] == [("login", "marie"), ("login_failed", "marie")]
    assert events[0]["detail"] == "mot de passe" and events[0]["role"] == "service"


def test_failed_sign_ins_are_slowed_down(app_db, monkeypatch):
    clock = [1_000_000.0]
    monkeypatch.setattr(throttle, "time", types.SimpleNamespace(time=lambda: clock[0]))
    make_account("marie", "service")
    at = app().run()
    for _ in range(2):
        login(at, "marie", "mauvais")
        assert "attendez" not in texts(at)
    login(at, "marie", "mauvais")
    assert "Après 3 échecs, attendez 5 secondes" in texts(at)
    # Even the right password is not checked while the name waits.
    login(at, "marie", PASSWORD)
    assert "Trop d'essais infructueux" in texts(at) and SESSION_KEY not in at.session_state
    assert audit.read(limit=1)[0]["action"] == "login_throttled"
    clock[0] += 5
    login(at, "marie", PASSWORD)
    assert at.session_state[SESSION_KEY]["username"] == "marie"
    assert throttle.wait_seconds("marie") == 0  # the success cleared the count


def test_an_unknown_name_is_slowed_down_too(app_db):
    make_account("marie", "service")
    at = app().run()
    for _ in range(3):
        login(at, "personne", "x")
    assert throttle.wait_seconds("personne") > 0 and throttle.wait_seconds("marie") == 0


def test_the_demo_database_opens_with_demo_accounts_and_a_banner(app_db):
    as_demo(app_db)
    at = app().run()
    assert any("Données de démonstration" in i.value for i in at.info)
    assert "demo-elu" in str(at.dataframe[0].value.to_dict())
    login(at, "elu", "demo-elu")
    assert pages(at) == ["annuaire", "couverture", "dispositifs", "indicateurs", "parents", "rapport"]
    assert any("Données de démonstration" in i.value for i in at.info)  # on every page
    at.switch_page("pages/parents.py").run()
    assert any("Données de démonstration" in i.value for i in at.info)
    assert (
        not (Path(app_db).parent / "secrets" / "accounts.yaml").exists() or not accounts_file.load().users
    )  # never written as accounts


def test_no_banner_and_no_demo_account_on_a_real_database(app_db):
    make_account("marie", "service")
    at = app().run()
    login(at, "service", "demo-service")
    assert SESSION_KEY not in at.session_state
    login(at, "marie", PASSWORD)
    assert not any("démonstration" in i.value for i in at.info)


def test_a_real_import_into_the_demo_switches_the_demo_accounts_off(app_db):
    as_demo(app_db)
    at = app().run()
    login(at, "service", "demo-service")
    assert at.session_state[SESSION_KEY]["source"] == "demo"
    with db.writing(app_db) as c:  # what an import by that account leaves behind
        c.execute("UPDATE imports SET imported_by = 'service' WHERE import_id = (SELECT max(import_id) FROM imports)")
    at.run()
    assert SESSION_KEY not in at.session_state and pages(at) == []
    assert "les comptes de démonstration sont désactivés" in texts(at)


def test_a_removed_account_is_signed_out_and_a_changed_role_applies(app_db):
    make_account("marie", "elu")
    make_account("paul", "service")
    at = login(app().run(), "marie", PASSWORD)
    assert "explorer" not in pages(at)
    with accounts_file.editing() as acc:  # a role changed by hand in the accounts file
        acc.users["marie"]["roles"] = ["service"]
    at.run()
    assert "explorer" in pages(at) and at.session_state[SESSION_KEY]["role"] == "service"
    accounts.remove("marie")
    at.run()
    assert SESSION_KEY not in at.session_state and pages(at) == []
    assert at.text_input(key="login_username") is not None


def test_sign_out_forgets_the_whole_session(app_db):
    make_account("marie", "service")
    at = login(app().run(), "marie", PASSWORD)
    at.session_state["import_results"] = {"x": {"name": "registre.xlsx", "data": b"..."}}
    next(b for b in at.sidebar.button if b.label == "Se déconnecter").click().run()
    assert SESSION_KEY not in at.session_state and "import_results" not in at.session_state
    assert pages(at) == [] and at.text_input(key="login_username") is not None
    assert audit.read(limit=1)[0]["action"] == "logout"


def test_single_sign_on_maps_e_mail_addresses_to_roles(app_db):
    at = app()
    at.secrets = SSO
    at.user = {"is_logged_in": False}
    at.run()
    assert "python -m clas user add prenom.nom@ville.fr --sso --role service" in texts(at)  # no roles yet
    accounts.add_sso("marie.durand@ville.fr", "porteur", "Les Petits Pas")
    make_account("paul", "service")  # a local account does not open an SSO installation
    at.run()
    assert [b.label for b in at.button] == ["Se connecter avec le compte de la collectivité"]
    assert not at.text_input and pages(at) == []
    at.user = {"is_logged_in": True, "email": "Marie.Durand@ville.fr"}
    at.run()
    assert at.session_state[SESSION_KEY] == {
        "username": "marie.durand@ville.fr",
        "name": "marie.durand@ville.fr",
        "role": "porteur",
        "provider": "Les Petits Pas",
        "source": "sso",
    }
    assert "explorer" in pages(at) and "qualite" not in pages(at)
    assert audit.read(limit=1)[0]["detail"] == "authentification unique"


def test_single_sign_on_refuses_an_address_without_role(app_db):
    accounts.add_sso("marie.durand@ville.fr", "service")
    at = app()
    at.secrets = SSO
    at.user = {"is_logged_in": True, "email": "intrus@ailleurs.fr"}
    at.run()
    at.run()
    assert "n'a aucun rôle" in texts(at) and pages(at) == [] and SESSION_KEY not in at.session_state
    assert [e["action"] for e in audit.read()] == ["login_failed"]  # recorded once, not per run
