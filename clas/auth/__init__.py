"""Access control: accounts and roles (roles.py, accounts.py), failed sign-ins slowed down (throttle.py),
the signed-in user of a session (session.py) and the sign-in gate app.py runs before any page (gate.py).

roles.py, accounts.py and throttle.py import no Streamlit (the command line manages accounts).
"""
from clas.auth.roles import ROLE_LABELS, ROLES, Forbidden, User, check_query, query_allowed

__all__ = ["ROLES", "ROLE_LABELS", "Forbidden", "User", "check_query", "query_allowed"]
