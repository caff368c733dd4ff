"""Tableau de bord CLAS: page configuration, who is signed in, and the pages their role may open."""
import streamlit as st

from clas import ui
from clas.auth import gate
from clas.pages_registry import pages_for

st.set_page_config(page_title="Tableau de bord CLAS", page_icon="📊", layout="wide")
user = gate.require_user()          # the sign-in page (or the refusal) and st.stop() when nobody is signed in
if ui.database_is_demo():
    gate.demo_banner()
gate.sidebar(user)
st.navigation(pages_for(user.role), position="sidebar").run()
