"""Access control: accounts and roles (roles.py, accounts.py), failed sign-ins slowed down (throttle.py),
the perimeter of each role is enforced in the store (clas/store/access.py); the signed-in user of a session
and the sign-in gate live with Streamlit in clas/web (session.py, gate.py).

roles.py, accounts.py and throttle.py import no Streamlit (the command line manages accounts).
"""
from clas.auth.roles import ROLE_LABELS, ROLES, User

__all__ = ["ROLES", "ROLE_LABELS", "User"]
