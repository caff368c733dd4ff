"""Tableau de bord CLAS: page configuration, who is signed in, and the pages their role may open."""
import streamlit as st

from clas.pages_registry import pages_for

st.set_page_config(page_title="Tableau de bord CLAS", page_icon="📊", layout="wide")
st.navigation(pages_for(None), position="sidebar").run()
