"""What a signed-in person sees of the gate on every page: the demo banner, their name and role in the
sidebar, the sign-out button (and the cookie component while the browser has not yet kept the cookie)."""

from __future__ import annotations

import streamlit as st

from clas.auth import live
from clas.auth.roles import User
from clas.store import audit
from clas.web import import_views, session, signin_cookie

BANNER = (
    "**Données de démonstration** — porteurs, enfants et chiffres fictifs. Les comptes de démonstration "
    "cessent de fonctionner dès qu'un vrai fichier est importé."
)


def md(text: object) -> str:
    """Text made inert for st.markdown (names come from the accounts file or an identity provider)."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>~$:" else c for c in str(text))


def demo_banner() -> None:
    st.info(BANNER, icon=":material/science:")


def clear_session() -> None:
    """Forget everything this browser session held (uploaded files, filters, reports): a new person may
    sign in next on the same browser."""
    for k in list(st.session_state.keys()):
        if k != import_views.KEPT:  # the report of the import that ended the demo stays on screen
            del st.session_state[k]


def sign_out() -> None:
    """The sign-out button's callback."""
    user = session.current_user()
    if user is not None:
        audit.record(user.username, user.role, "logout")
    live.end(session.session_id())  # a copied cookie of this session no longer opens anything
    clear_session()
    st.session_state["logout"] = True  # streamlit-authenticator: ignore the cookie in this session
    st.session_state[signin_cookie.DELETE_COOKIE] = 1  # and delete it in the browser on the next runs
    if user is not None and user.source == "sso":
        st.logout()


def sidebar(user: User) -> None:
    with st.sidebar:
        # « Élu (démonstration) · Élu » said the role twice: the name is shown only when it says something else.
        who = (
            user.label
            if user.name.strip().lower() in (user.label.lower(), user.username.lower())
            else f"{user.name} · {user.label}"
        )
        st.caption(f":material/person: {md(who)}")
        st.button("Se déconnecter", on_click=sign_out, key="logout_button", icon=":material/logout:")
        signin_cookie.set_pending(user)
