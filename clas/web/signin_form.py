"""The pages the gate draws instead of the app: the French sign-in form (local and demo accounts), the
single sign-on button, and the refusal when the database has no accounts.

Failed attempts are slowed down per name (clas.auth.throttle); every sign-in and failure goes to the audit
log (clas.store.audit).
"""

from __future__ import annotations

import hashlib
import logging
import math

import streamlit as st

from clas.auth import accounts_file, live, signin, throttle
from clas.auth.roles import ROLE_HELP, ROLE_LABELS, User
from clas.store import audit
from clas.web import fault_page, import_views, session, signin_cookie, ui
from clas.web.account_bar import demo_banner, md

LOGIN_MESSAGE = "clas_login_message"
SSO_REFUSED = "clas_sso_refused"


def sso_provider(section: dict) -> str | None:
    # `[auth]` with client_id: one provider, st.login(); else `[auth.NAME]` sub-sections: st.login("NAME").
    if "client_id" in section:
        return None
    return next((k for k, v in section.items() if isinstance(v, dict) and "client_id" in v), None)


def _signed_in(user: User, how: str, sid: str | None = None) -> User:
    session.sign_in(user, sid)
    audit.record(user.username, user.role, "login", how)
    return user


def _header() -> None:
    st.title("Tableau de bord CLAS")
    st.markdown(
        "Contrat local d'accompagnement à la scolarité : indicateurs, orientations, couverture des "
        "quartiers, engagement des parents. **Connectez-vous pour continuer.**"
    )


def refuse(sso: bool) -> None:
    _, mid, _ = st.columns([1, 3, 1])
    with mid:
        _header()
        import_views.show_kept_reports()
        was_demo = ui.database_was_demo()
        command = (
            "python -m clas user add prenom.nom@ville.fr --sso --role service"
            if sso
            else "python -m clas user add NOM --role service"
        )
        st.error(
            "**Aucun compte n'est configuré : le tableau de bord reste fermé.** Il contient des données "
            "réelles sur des enfants et ne s'ouvre qu'aux personnes qui ont un compte."
            + (
                " Des fichiers réels ont été importés dans la base de démonstration : les comptes de "
                "démonstration sont désactivés."
                if was_demo
                else ""
            ),
            icon=":material/lock:",
        )
        st.markdown(
            "Sur le serveur, créez un compte (le mot de passe est demandé), puis rechargez cette page :"
            if not sso
            else "Sur le serveur, donnez un rôle à une adresse e-mail de la collectivité, puis rechargez cette page :"
        )
        st.code(command, language="bash")
        st.markdown(
            "Rôles : `elu` (indicateurs agrégés et rapport annuel), `service` (toutes les pages), "
            "`porteur` avec `--provider NOM` (ses imports et ses propres chiffres). Voir la section "
            "« Comptes et rôles » du README."
        )


def _demo_accounts() -> None:
    rows = [
        {
            "Identifiant": u,
            "Mot de passe": pw,
            "Rôle": ROLE_LABELS[role] + (f" — {p}" if p else ""),
            "Accès": ROLE_HELP[role],
        }
        for u, (pw, role, p, _n) in signin.DEMO_ACCOUNTS.items()
    ]
    st.markdown("**Comptes de démonstration**")
    st.dataframe(rows, hide_index=True, width="stretch")


def local_sign_in(demo: bool) -> None:
    _, mid, _ = st.columns([1, 2, 1])
    with mid:
        if demo:
            demo_banner()
        _header()
        import_views.show_kept_reports()
        with st.form("login", clear_on_submit=True):
            st.subheader("Connexion")
            raw_name = st.text_input("Identifiant", key="login_username", autocomplete="username")
            password = st.text_input(
                "Mot de passe", type="password", key="login_password", autocomplete="current-password"
            )
            submitted = st.form_submit_button("Se connecter", type="primary", icon=":material/login:")
        messages = st.empty()
        if demo:
            _demo_accounts()
    signin_cookie.delete_pending(demo)
    st.session_state.pop("login_password", None)  # the password stays in no session state
    if submitted:
        st.session_state[LOGIN_MESSAGE] = _check(raw_name, password, demo)
    # Kept until the next attempt: the cookie component's first answer reruns the page right away.
    kind, text = st.session_state.get(LOGIN_MESSAGE) or (None, None)
    if kind:
        getattr(messages, kind)(text, icon=":material/error:" if kind == "error" else ":material/edit:")


def _check(raw_name: str, password: str, demo: bool) -> tuple[str, str] | None:
    """Check one sign-in attempt: signs in and reruns, or returns the message to show."""
    username = (raw_name or "").strip().lower()
    if not username or not password:
        return "warning", "Saisissez votre identifiant et votre mot de passe."
    try:
        user, wait, failures = throttle.attempt(username, password, demo)
    except OSError as exc:  # the data folder cannot be written: the count of failures cannot be kept
        logging.getLogger("clas.app").warning("connexion : %s", exc)
        return "error", fault_page.UNAVAILABLE
    if wait > 0:
        audit.record(username, None, "login_throttled", f"encore {math.ceil(wait)} s d'attente")
        return "error", (
            f"Trop d'essais infructueux pour cet identifiant : attendez {math.ceil(wait)} secondes avant de réessayer."
        )
    if user is None:
        audit.record(username, None, "login_failed", "identifiant ou mot de passe incorrect")
        delay = throttle.delay_after(failures)
        return "error", (
            "Identifiant ou mot de passe incorrect."
            + (
                f" Après {failures} échecs, attendez {math.ceil(delay)} secondes avant le prochain essai."
                if delay
                else ""
            )
        )
    st.session_state.pop(LOGIN_MESSAGE, None)
    _signed_in(user, "mot de passe", live.start(user.username, accounts_file.cookie_settings(demo)[2]))
    st.session_state[signin_cookie.SET_COOKIE] = 1
    st.rerun()


def sso_sign_in(section: dict) -> None:
    info = st.user.to_dict()
    provider = sso_provider(section)
    _, mid, _ = st.columns([1, 2, 1])
    if not info.get("is_logged_in"):
        with mid:
            _header()
            st.button(
                "Se connecter avec le compte de la collectivité",
                type="primary",
                icon=":material/login:",
                on_click=st.login,
                args=(provider,) if provider else (),
            )
        return
    email = str(info.get("email") or "").lower()
    user = signin.find_sso(email)
    if user is None:
        if st.session_state.get(SSO_REFUSED) != email:
            audit.record(email, None, "login_failed", "authentification unique : adresse sans rôle")
            st.session_state[SSO_REFUSED] = email
        with mid:
            _header()
            st.error(
                f"L'adresse {md(email) or '(inconnue)'} n'a aucun rôle dans ce tableau de bord. Demandez au "
                "service d'exécuter sur le serveur : `python -m clas user add ADRESSE --sso --role elu` "
                "(ou `service`, ou `porteur --provider NOM`).",
                icon=":material/block:",
            )
            st.button("Se déconnecter", on_click=st.logout, icon=":material/logout:")
        return
    # The identity provider's login (its issue time) is audited once, not on every reload of the page.
    marker = hashlib.sha256(f"{email}|{info.get('iat') or ''}|{info.get('exp') or ''}".encode()).hexdigest()
    if info.get("iat") is None or live.first_time(marker, 2):
        audit.record(user.username, user.role, "login", "authentification unique")
    session.sign_in(user)
    st.rerun()
