"""The gate app.py runs before any page: nobody sees a page without being signed in.

Two ways in:
- local accounts (default): a French sign-in form; passwords checked against the bcrypt hashes of the
  accounts file (clas.auth.accounts); streamlit-authenticator's signed cookie keeps the browser signed in
  across reloads (a day by default); failed attempts are slowed down per name (clas.auth.throttle);
- single sign-on, when `.streamlit/secrets.toml` has an `[auth]` section: `st.login` (OIDC), and the
  e-mail address the identity provider returns is looked up in the accounts file's `roles` table.

The embedded demo database also opens with the demo accounts (in memory, never in the accounts file) and
shows a banner on every page. Any other database without accounts is refused with a French message saying
how to create one. Every sign-in, failure and sign-out goes to the audit log (clas.store.audit).
"""
from __future__ import annotations

import hashlib
import logging
import math

import streamlit as st

from clas.auth import accounts, cookie, live, throttle
from clas.store import audit
from clas.web import fault_page, import_views, session, ui
from clas.auth.roles import ROLE_HELP, ROLE_LABELS, User

DELETE_COOKIE = "clas_delete_cookie"
SET_COOKIE = "clas_set_cookie"
LOGIN_MESSAGE = "clas_login_message"
SSO_REFUSED = "clas_sso_refused"
BANNER = ("**Données de démonstration** — porteurs, enfants et chiffres fictifs. Les comptes de démonstration "
          "cessent de fonctionner dès qu'un vrai fichier est importé.")


def _md(text: object) -> str:
    """Text made inert for st.markdown (names come from the accounts file or an identity provider)."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>~$:" else c for c in str(text))


# --- the mode ---------------------------------------------------------------------------------------------

def sso_settings() -> dict | None:
    """The `[auth]` section of .streamlit/secrets.toml, or None (local accounts)."""
    try:
        section = st.secrets["auth"]
    except (KeyError, FileNotFoundError):
        return None
    return dict(section) if section else None


def _sso_provider(section: dict) -> str | None:
    # `[auth]` with client_id: one provider, st.login(); else `[auth.NAME]` sub-sections: st.login("NAME").
    if "client_id" in section:
        return None
    return next((k for k, v in section.items() if isinstance(v, dict) and "client_id" in v), None)


# --- the gate ---------------------------------------------------------------------------------------------

def require_user() -> User:
    """The signed-in user; otherwise runs the sign-in page (or the refusal) and stops the script.

    The sign-in page is the only page of a hidden st.navigation. Two reasons: a run that never calls
    st.navigation lets Streamlit fall back to its `pages/` folder mode, where a typed URL runs a page file
    directly, without this gate; and widgets drawn before st.navigation change identity when the requested
    page changes, which would lose the submitted form. A successful sign-in reruns the script, which then
    registers the role's pages (and sets the re-authentication cookie: `_set_cookie`).
    """
    sso = sso_settings()
    demo = _database_is_demo(sso is not None)
    user = session.current_user()
    if user is not None:
        fresh = _still_valid(user, demo, sso is not None)
        if fresh is not None:
            if fresh != user:             # role or provider changed in the accounts file
                session.sign_in(fresh)
            return fresh
        _clear_session()                  # account removed, or the database stopped being the demo
    if not demo and not accounts.configured(accounts.load(), sso is not None):
        _only_page(lambda: _refuse(sso is not None))
    if sso is None:
        found = _cookie_user(demo)
        if found is not None:
            # A reload (or a new tab) of a live session: the sign-in that opened it is already in the
            # audit log, so this is not logged again.
            session.sign_in(*found)
            return found[0]
        _only_page(lambda: _local_sign_in(demo))
    _only_page(lambda: _sso_sign_in(sso))


def _database_is_demo(sso: bool) -> bool:
    """Whether the database is the demo; when it cannot be opened, the fault page instead (clas/web/fault_page)."""
    return fault_page.demo_or_fault(lambda: _viewer(sso), _only_page)


def _viewer(sso: bool) -> User | None:
    """Who is looking, without the database: this session's live user, or the one its cookie names."""
    user = session.current_user()
    if user is not None and (user.source == "sso" or live.is_live(session.session_id(), user.username)):
        return accounts.find_sso(user.username) if user.source == "sso" else accounts.find(user.username, False)
    found = None if sso else _cookie_user(False)
    return found[0] if found else None


def _only_page(body, title: str = "Connexion") -> None:
    st.navigation(_every_address(body, title), position="hidden").run()
    st.stop()


def _every_address(body, title: str) -> list:
    """The one page before sign-in, under its own address and every page's: a link to /couverture opened
    before signing in shows the sign-in form (not Streamlit's « Page not found »), and the rerun after
    sign-in stays on /couverture, the page that was asked for."""
    from clas.web.registry import PAGES

    return [st.Page(body, title=title, url_path="connexion", default=True)] + \
        [st.Page(body, title=title, url_path=url) for _file, _title, url, *_ in PAGES]


def first_start(build) -> None:
    """A fresh install builds its demo database (several seconds) behind a French message, instead of a blank
    page under a menu of file names (Streamlit's pages/ folder, listed until st.navigation is called)."""
    def _page() -> None:
        st.title("Tableau de bord CLAS")
        with st.status("Première mise en route : préparation des données de démonstration…", expanded=True) as box:
            st.write("Lecture des classeurs des porteurs fournis en exemple et construction de la base. "
                     "Cela prend une dizaine de secondes, une seule fois.")
            build()
            box.update(label="Données prêtes.", state="complete")
        st.rerun()
    _only_page(_page, title="Mise en route")


def _still_valid(user: User, demo: bool, sso: bool) -> User | None:
    if user.source == "sso":
        info = st.user.to_dict()
        if not sso or not info.get("is_logged_in") or str(info.get("email") or "").lower() != user.username:
            return None
        return accounts.find_sso(user.username)
    if sso or not live.is_live(session.session_id(), user.username):
        return None                       # signed out elsewhere, password changed, account removed
    fresh = accounts.find(user.username, demo)
    return fresh if fresh is not None and fresh.source == user.source else None


def _signed_in(user: User, how: str, sid: str | None = None) -> User:
    session.sign_in(user, sid)
    audit.record(user.username, user.role, "login", how)
    return user


def _clear_session() -> None:
    """Forget everything this browser session held (uploaded files, filters, reports): a new person may
    sign in next on the same browser."""
    for k in list(st.session_state.keys()):
        if k != import_views.KEPT:        # the report of the import that ended the demo stays on screen
            del st.session_state[k]


def sign_out() -> None:
    """The sign-out button's callback."""
    user = session.current_user()
    if user is not None:
        audit.record(user.username, user.role, "logout")
    live.end(session.session_id())             # a copied cookie of this session no longer opens anything
    _clear_session()
    st.session_state["logout"] = True          # streamlit-authenticator: ignore the cookie in this session
    st.session_state[DELETE_COOKIE] = 1        # and delete it in the browser on the next runs
    if user is not None and user.source == "sso":
        st.logout()


# --- the re-authentication cookie (local accounts) -----------------------------------------------------------

def _authenticator(demo: bool):
    import streamlit_authenticator as stauth

    name, key, days = accounts.cookie_settings(demo)
    # Only its signed cookie is used: the password check, its slowing down and the audit are ours
    # (streamlit-authenticator's own login form can do none of them before checking the password).
    return stauth.Authenticate({"usernames": {}}, name, key, days, auto_hash=False)


def _request_cookies() -> dict:
    return dict(st.context.cookies)


def _cookie_user(demo: bool) -> tuple[User, str] | None:
    """The account a valid cookie names, and its live session id. Read on the server from the request, as
    streamlit-authenticator's CookieModel.get_cookie does, but without drawing its cookie component, which
    the sign-in page does not need; checked by clas.auth.cookie (signature, expiry, live session)."""
    if st.session_state.get("logout") or st.session_state.get(DELETE_COOKIE):
        return None
    name, _key, _days = accounts.cookie_settings(demo)
    return cookie.user_from(_request_cookies().get(name), demo)


def _set_cookie(user: User, demo: bool) -> None:
    """Have the browser keep the signed cookie (streamlit-authenticator's component, drawn in the sidebar)."""
    import datetime as dt

    sid = session.session_id()
    if user.source == "sso" or sid is None:
        return
    name, _key, days = accounts.cookie_settings(demo)
    st.session_state["logout"] = None
    # streamlit-authenticator's cookie component, with our token (it cannot add the session id itself).
    manager = _authenticator(demo).cookie_controller.cookie_model.cookie_manager
    manager.set(name, cookie.token(user.username, sid, demo),
                expires_at=dt.datetime.now() + dt.timedelta(days=days))


# --- pages drawn by the gate --------------------------------------------------------------------------------

def _header() -> None:
    st.title("Tableau de bord CLAS")
    st.markdown("Contrat local d'accompagnement à la scolarité : indicateurs, orientations, couverture des "
                "quartiers, engagement des parents. **Connectez-vous pour continuer.**")


def _refuse(sso: bool) -> None:
    _, mid, _ = st.columns([1, 3, 1])
    with mid:
        _header()
        import_views.show_kept_reports()
        was_demo = ui.database_was_demo()
        command = ("python -m clas user add prenom.nom@ville.fr --sso --role service" if sso
                   else "python -m clas user add NOM --role service")
        st.error("**Aucun compte n'est configuré : le tableau de bord reste fermé.** Il contient des données "
                 "réelles sur des enfants et ne s'ouvre qu'aux personnes qui ont un compte."
                 + (" Des fichiers réels ont été importés dans la base de démonstration : les comptes de "
                    "démonstration sont désactivés." if was_demo else ""), icon=":material/lock:")
        st.markdown("Sur le serveur, créez un compte (le mot de passe est demandé), puis rechargez cette page :"
                    if not sso else "Sur le serveur, donnez un rôle à une adresse e-mail de la collectivité, "
                    "puis rechargez cette page :")
        st.code(command, language="bash")
        st.markdown("Rôles : `elu` (indicateurs agrégés et rapport annuel), `service` (toutes les pages), "
                    "`porteur` avec `--provider NOM` (ses imports et ses propres chiffres). Voir la section "
                    "« Comptes et rôles » du README.")


def demo_banner() -> None:
    st.info(BANNER, icon=":material/science:")


def _demo_accounts() -> None:
    rows = [{"Identifiant": u, "Mot de passe": pw, "Rôle": ROLE_LABELS[role] + (f" — {p}" if p else ""),
             "Accès": ROLE_HELP[role]} for u, (pw, role, p, _n) in accounts.DEMO_ACCOUNTS.items()]
    st.markdown("**Comptes de démonstration**")
    st.dataframe(rows, hide_index=True, width="stretch")


def _local_sign_in(demo: bool) -> None:
    _, mid, _ = st.columns([1, 2, 1])
    with mid:
        if demo:
            demo_banner()
        _header()
        import_views.show_kept_reports()
        with st.form("login", clear_on_submit=True):
            st.subheader("Connexion")
            raw_name = st.text_input("Identifiant", key="login_username", autocomplete="username")
            password = st.text_input("Mot de passe", type="password", key="login_password",
                                     autocomplete="current-password")
            submitted = st.form_submit_button("Se connecter", type="primary", icon=":material/login:")
        messages = st.empty()
        if demo:
            _demo_accounts()
    # After a sign-out the browser forgets the cookie: the component is drawn until it answers ("delete").
    pending = st.session_state.get(DELETE_COOKIE, 0)
    if pending:
        if st.session_state.get("delete") is True or pending > 20:
            del st.session_state[DELETE_COOKIE]
        else:
            st.session_state[DELETE_COOKIE] = pending + 1
            _authenticator(demo).cookie_controller.delete_cookie()
    st.session_state.pop("login_password", None)       # the password stays in no session state
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
    except OSError as exc:          # the data folder cannot be written: the count of failures cannot be kept
        logging.getLogger("clas.app").warning("connexion : %s", exc)
        return "error", fault_page.UNAVAILABLE
    if wait > 0:
        audit.record(username, None, "login_throttled", f"encore {math.ceil(wait)} s d'attente")
        return "error", (f"Trop d'essais infructueux pour cet identifiant : attendez {math.ceil(wait)} secondes "
                         "avant de réessayer.")
    if user is None:
        audit.record(username, None, "login_failed", "identifiant ou mot de passe incorrect")
        delay = throttle.delay_after(failures)
        return "error", ("Identifiant ou mot de passe incorrect."
                         + (f" Après {failures} échecs, attendez {math.ceil(delay)} secondes avant le prochain "
                            "essai." if delay else ""))
    st.session_state.pop(LOGIN_MESSAGE, None)
    _signed_in(user, "mot de passe", live.start(user.username, accounts.cookie_settings(demo)[2]))
    st.session_state[SET_COOKIE] = 1
    st.rerun()


def _sso_sign_in(section: dict) -> None:
    info = st.user.to_dict()
    provider = _sso_provider(section)
    _, mid, _ = st.columns([1, 2, 1])
    if not info.get("is_logged_in"):
        with mid:
            _header()
            st.button("Se connecter avec le compte de la collectivité", type="primary", icon=":material/login:",
                      on_click=st.login, args=(provider,) if provider else ())
        return
    email = str(info.get("email") or "").lower()
    user = accounts.find_sso(email)
    if user is None:
        if st.session_state.get(SSO_REFUSED) != email:
            audit.record(email, None, "login_failed", "authentification unique : adresse sans rôle")
            st.session_state[SSO_REFUSED] = email
        with mid:
            _header()
            st.error(f"L'adresse {_md(email) or '(inconnue)'} n'a aucun rôle dans ce tableau de bord. Demandez au "
                     "service d'exécuter sur le serveur : `python -m clas user add ADRESSE --sso --role elu` "
                     "(ou `service`, ou `porteur --provider NOM`).", icon=":material/block:")
            st.button("Se déconnecter", on_click=st.logout, icon=":material/logout:")
        return
    # The identity provider's login (its issue time) is audited once, not on every reload of the page.
    marker = hashlib.sha256(f"{email}|{info.get('iat') or ''}|{info.get('exp') or ''}".encode()).hexdigest()
    if info.get("iat") is None or live.first_time(marker, 2):
        audit.record(user.username, user.role, "login", "authentification unique")
    session.sign_in(user)
    st.rerun()


def sidebar(user: User) -> None:
    with st.sidebar:
        # « Élu (démonstration) · Élu » said the role twice: the name is shown only when it says something else.
        who = user.label if user.name.strip().lower() in (user.label.lower(), user.username.lower()) \
            else f"{user.name} · {user.label}"
        st.caption(f":material/person: {_md(who)}")
        st.button("Se déconnecter", on_click=sign_out, key="logout_button", icon=":material/logout:")
        # Just signed in with a password: the cookie component is drawn on every run until it answers that
        # the browser has the cookie (a run can end before its frame loads), twenty runs at most.
        pending = st.session_state.get(SET_COOKIE, 0)
        if pending:
            if st.session_state.get("set") is True or pending > 20:    # "set": the component's key and answer
                del st.session_state[SET_COOKIE]
            else:
                st.session_state[SET_COOKIE] = pending + 1
                _set_cookie(user, ui.database_is_demo())
