"""Access control: roles (roles.py), the accounts file (accounts_file.py), managing accounts (accounts.py),
finding and checking them at sign-in (signin.py), failed sign-ins slowed down (throttle.py),
the perimeter of each role is enforced in the store (clas/store/access.py); the signed-in user of a session
and the sign-in gate live with Streamlit in clas/web (session.py, gate.py, signin_form.py, signin_cookie.py,
account_bar.py).

Nothing here imports Streamlit (the command line manages accounts).
"""

from clas.auth.roles import ROLE_LABELS, ROLES, User

__all__ = ["ROLES", "ROLE_LABELS", "User"]
