"""Who is signed in, for this browser session: the one place pages, clas.web.ui and the tests read it.

The signed-in user lives in `st.session_state[SESSION_KEY]` (a plain dict, see User.to_dict), which only
the server writes: a browser cannot set a session-state key, it can only send values for the widgets the
server drew. clas.web.gate puts it there after a sign-in and re-checks it against the accounts on every
run; tests sign in by setting the same key (tests/support/auth_helpers.py).
"""

from __future__ import annotations

import streamlit as st

from clas.auth.roles import User

SESSION_KEY = "clas_user"
SID_KEY = "clas_sid"  # the live session's id (clas.auth.live), for local and demo accounts


def current_user() -> User | None:
    raw = st.session_state.get(SESSION_KEY)
    if not isinstance(raw, dict):
        return None
    try:
        return User.from_dict(raw)
    except (TypeError, ValueError):
        return None


def sign_in(user: User, sid: str | None = None) -> None:
    st.session_state[SESSION_KEY] = user.to_dict()
    if sid is not None:
        st.session_state[SID_KEY] = sid


def session_id() -> str | None:
    sid = st.session_state.get(SID_KEY)
    return sid if isinstance(sid, str) else None


def sign_out() -> None:
    st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop(SID_KEY, None)


def _through_app() -> None:
    """Ran from the pages/ folder (the first request after a start): tell Streamlit this app navigates
    with st.navigation, as app.py would have on its first run, and run again — through app.py this time,
    which shows the sign-in form under the same address (and a French first-start message while the demo
    database is built) instead of this refusal or Streamlit's « Page not found »."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def guard(page_file: str) -> User:
    """The first line of every page: stop unless the signed-in user's role may open it.

    st.navigation (app.py) already registers only the pages a role may open. But Streamlit also knows the
    `pages/` folder: until app.py has called st.navigation once in the server process (the first request
    after a start), a typed URL runs pages/<name>.py directly, without app.py and its sign-in. This guard
    closes that door; tests/unit/test_security.py checks that every page calls it first.
    """
    from pathlib import Path

    from clas.web.registry import PAGES

    name = f"pages/{Path(page_file).name}"
    roles = next((p[5] for p in PAGES if p[0] == name), frozenset())
    user = current_user()
    if user is None or user.role not in roles:
        _through_app()
        st.error(
            "Cette page n'est pas accessible : connectez-vous d'abord, avec un rôle qui y donne accès.",
            icon=":material/lock:",
        )
        st.markdown("[Aller à la page de connexion](/)")
        st.stop()
    return user
