"""A porteur's position in the network, read outside its perimeter on purpose and anonymised here.

Every query a porteur runs through clas.web.ui.query is scoped to its own provider. Its position against the
network needs the other providers' rates: they are read here, unscoped, and only the anonymised summary
(clas.metrics.own_space.Position: its own rate, the network's overall rate and the quartiles of the
providers' rates) leaves this module or enters the cache — never a name or another provider's figure.
"""

from __future__ import annotations

import streamlit as st

from clas.metrics import own_space
from clas.store import access, db
from clas.web import session, ui


@st.cache_data(show_spinner=False, max_entries=64)
def _position(stamp_: tuple, provider: str, year: str, threshold: int, column: str):
    reach = db.run(
        ui._connection(*stamp_),
        "parent_reach_by_unit",
        level="provider",
        provider_type=None,
        neighbourhood=None,
        grade_band=None,
        scope_provider=None,
    )
    return own_space.position(reach, provider, year, threshold, column)


def network_position(year: str, threshold: int, column: str = "reached") -> own_space.Position | None:
    """The signed-in porteur's rate of families `column` ('reached' by a collective action, 'welcomed' in
    an individual interview) against the network, for a school year."""
    user = session.current_user()
    if user is None or user.role != "porteur" or not user.provider:
        raise access.Forbidden("position dans le réseau : réservée à un porteur connecté")
    return _position(ui.stamp(), user.provider, year, threshold, column)
