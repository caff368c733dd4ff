"""The re-authentication cookie's round trip with the browser (local accounts): reading it from the request,
having the browser keep it after a sign-in, and forget it after a sign-out.

Only streamlit-authenticator's signed cookie and its cookie component are used; the password check, its
slowing down and the audit are ours (clas.web.signin_form). The token itself is clas.auth.cookie.
"""

from __future__ import annotations

import streamlit as st

from clas.auth import accounts_file, cookie
from clas.auth.roles import User
from clas.web import session, ui

DELETE_COOKIE = "clas_delete_cookie"
SET_COOKIE = "clas_set_cookie"


def authenticator(demo: bool):
    import streamlit_authenticator as stauth

    name, key, days = accounts_file.cookie_settings(demo)
    # Only its signed cookie is used: the password check, its slowing down and the audit are ours
    # (streamlit-authenticator's own login form can do none of them before checking the password).
    return stauth.Authenticate({"usernames": {}}, name, key, days, auto_hash=False)


def request_cookies() -> dict:
    return dict(st.context.cookies)


def cookie_user(demo: bool) -> tuple[User, str] | None:
    """The account a valid cookie names, and its live session id. Read on the server from the request, as
    streamlit-authenticator's CookieModel.get_cookie does, but without drawing its cookie component, which
    the sign-in page does not need; checked by clas.auth.cookie (signature, expiry, live session)."""
    if st.session_state.get("logout") or st.session_state.get(DELETE_COOKIE):
        return None
    name, _key, _days = accounts_file.cookie_settings(demo)
    return cookie.user_from(request_cookies().get(name), demo)


def set_cookie(user: User, demo: bool) -> None:
    """Have the browser keep the signed cookie (streamlit-authenticator's component, drawn in the sidebar)."""
    import datetime as dt

    sid = session.session_id()
    if user.source == "sso" or sid is None:
        return
    name, _key, days = accounts_file.cookie_settings(demo)
    st.session_state["logout"] = None
    # streamlit-authenticator's cookie component, with our token (it cannot add the session id itself).
    manager = authenticator(demo).cookie_controller.cookie_model.cookie_manager
    manager.set(name, cookie.token(user.username, sid, demo), expires_at=dt.datetime.now() + dt.timedelta(days=days))


def delete_pending(demo: bool) -> None:
    """After a sign-out the browser forgets the cookie: the component is drawn until it answers ("delete")."""
    pending = st.session_state.get(DELETE_COOKIE, 0)
    if pending:
        if st.session_state.get("delete") is True or pending > 20:
            del st.session_state[DELETE_COOKIE]
        else:
            st.session_state[DELETE_COOKIE] = pending + 1
            authenticator(demo).cookie_controller.delete_cookie()


def set_pending(user: User) -> None:
    """Just signed in with a password: the cookie component is drawn on every run until it answers that the
    browser has the cookie (a run can end before its frame loads), twenty runs at most."""
    pending = st.session_state.get(SET_COOKIE, 0)
    if pending:
        if st.session_state.get("set") is True or pending > 20:  # "set": the component's key and answer
            del st.session_state[SET_COOKIE]
        else:
            st.session_state[SET_COOKIE] = pending + 1
            set_cookie(user, ui.database_is_demo())
