"""Référentiels: the schools, neighbourhoods and providers tables (edit, or replace from a file), the
neighbourhood contours (GeoJSON), the small-cell threshold, and the network's tables (schemes, directory).
The tabs are drawn by clas/web/referentials_page.py and clas/web/network_referentials.py.
"""

import streamlit as st

from clas.web import network_referentials, ui
from clas.web import referentials_page as tabs_
from clas.web.markdown import escape_md
from clas.web.session import guard

guard(__file__)  # first: only the roles allowed in clas/web/registry.py

st.title("Référentiels")
for kind, text in st.session_state.pop("ref_flash", []):
    getattr(st, kind)(escape_md(text))
neighbourhoods = ui.query("reference_neighbourhoods")
codes = neighbourhoods["code"].tolist()
names = dict(zip(neighbourhoods["code"], neighbourhoods["name"]))
tabs = st.tabs(
    [
        "Écoles",
        "Quartiers",
        "Porteurs",
        "Contours des quartiers",
        "Seuil de confidentialité",
        "Dispositifs des écoles",
        "Annuaire",
    ]
)
with tabs[0]:
    tabs_.table_tab("schools", codes, names)
with tabs[1]:
    tabs_.table_tab("neighbourhoods", codes, names)
with tabs[2]:
    tabs_.table_tab("providers", codes, names)
with tabs[3]:
    tabs_.contours_tab(neighbourhoods)
with tabs[4]:
    tabs_.threshold_tab()
# The network (issue 15)
with tabs[5]:
    network_referentials.schemes_tab()
with tabs[6]:
    network_referentials.directory_tab()
