"""The gate app.py runs before any page: nobody sees a page without being signed in.

Two ways in:
- local accounts (default): a French sign-in form (clas.web.signin_form); passwords checked against the
  bcrypt hashes of the accounts file (clas.auth.signin); streamlit-authenticator's signed cookie keeps the
  browser signed in across reloads, a day by default (clas.web.signin_cookie); failed attempts are slowed
  down per name (clas.auth.throttle);
- single sign-on, when `.streamlit/secrets.toml` has an `[auth]` section: `st.login` (OIDC), and the
  e-mail address the identity provider returns is looked up in the accounts file's `roles` table.

The embedded demo database also opens with the demo accounts (in memory, never in the accounts file) and
shows a banner on every page (clas.web.account_bar). Any other database without accounts is refused with a
French message saying how to create one. Every sign-in, failure and sign-out goes to the audit log
(clas.store.audit).
"""

from __future__ import annotations

import streamlit as st

from clas.auth import accounts_file, live, signin
from clas.auth.roles import User
from clas.web import account_bar, fault_page, session, signin_cookie, signin_form


def sso_settings() -> dict | None:
    """The `[auth]` section of .streamlit/secrets.toml, or None (local accounts)."""
    try:
        section = st.secrets["auth"]
    except (KeyError, FileNotFoundError):
        return None
    return dict(section) if section else None


def require_user() -> User:
    """The signed-in user; otherwise runs the sign-in page (or the refusal) and stops the script.

    The sign-in page is the only page of a hidden st.navigation. Two reasons: a run that never calls
    st.navigation lets Streamlit fall back to its `pages/` folder mode, where a typed URL runs a page file
    directly, without this gate; and widgets drawn before st.navigation change identity when the requested
    page changes, which would lose the submitted form. A successful sign-in reruns the script, which then
    registers the role's pages (and sets the re-authentication cookie: clas.web.signin_cookie.set_cookie).
    """
    sso = sso_settings()
    demo = _database_is_demo(sso is not None)
    user = session.current_user()
    if user is not None:
        fresh = _still_valid(user, demo, sso is not None)
        if fresh is not None:
            if fresh != user:  # role or provider changed in the accounts file
                session.sign_in(fresh)
            return fresh
        account_bar.clear_session()  # account removed, or the database stopped being the demo
    if not demo and not signin.configured(accounts_file.load(), sso is not None):
        _only_page(lambda: signin_form.refuse(sso is not None))
    if sso is None:
        found = signin_cookie.cookie_user(demo)
        if found is not None:
            # A reload (or a new tab) of a live session: the sign-in that opened it is already in the
            # audit log, so this is not logged again.
            session.sign_in(*found)
            return found[0]
        _only_page(lambda: signin_form.local_sign_in(demo))
    _only_page(lambda: signin_form.sso_sign_in(sso))


def _database_is_demo(sso: bool) -> bool:
    """Whether the database is the demo; when it cannot be opened, the fault page instead (clas/web/fault_page)."""
    return fault_page.demo_or_fault(lambda: _viewer(sso), _only_page)


def _viewer(sso: bool) -> User | None:
    """Who is looking, without the database: this session's live user, or the one its cookie names."""
    user = session.current_user()
    if user is not None and (user.source == "sso" or live.is_live(session.session_id(), user.username)):
        return signin.find_sso(user.username) if user.source == "sso" else signin.find(user.username, False)
    found = None if sso else signin_cookie.cookie_user(False)
    return found[0] if found else None


def _only_page(body, title: str = "Connexion") -> None:
    st.navigation(_every_address(body, title), position="hidden").run()
    st.stop()


def _every_address(body, title: str) -> list:
    """The one page before sign-in, under its own address and every page's: a link to /couverture opened
    before signing in shows the sign-in form (not Streamlit's « Page not found »), and the rerun after
    sign-in stays on /couverture, the page that was asked for."""
    from clas.web.registry import PAGES

    return [st.Page(body, title=title, url_path="connexion", default=True)] + [
        st.Page(body, title=title, url_path=url) for _file, _title, url, *_ in PAGES
    ]


def first_start(build) -> None:
    """A fresh install builds its demo database (several seconds) behind a French message, instead of a blank
    page under a menu of file names (Streamlit's pages/ folder, listed until st.navigation is called)."""

    def _page() -> None:
        st.title("Tableau de bord CLAS")
        with st.status("Première mise en route : préparation des données de démonstration…", expanded=True) as box:
            st.write(
                "Lecture des classeurs des porteurs fournis en exemple et construction de la base. "
                "Cela prend une dizaine de secondes, une seule fois."
            )
            build()
            box.update(label="Données prêtes.", state="complete")
        st.rerun()

    _only_page(_page, title="Mise en route")


def _still_valid(user: User, demo: bool, sso: bool) -> User | None:
    if user.source == "sso":
        info = st.user.to_dict()
        if not sso or not info.get("is_logged_in") or str(info.get("email") or "").lower() != user.username:
            return None
        return signin.find_sso(user.username)
    if sso or not live.is_live(session.session_id(), user.username):
        return None  # signed out elsewhere, password changed, account removed
    fresh = signin.find(user.username, demo)
    return fresh if fresh is not None and fresh.source == user.source else None
