"""Tableau de bord CLAS: page configuration, who is signed in, and the pages their role may open."""
import logging
import sys

import streamlit as st

from clas import config
from clas.store import db, faults
from clas.web import account_bar, fault_page, gate, ui
from clas.web.registry import pages_for

st.set_page_config(page_title="Tableau de bord CLAS", page_icon="📊", layout="wide")
user = gate.require_user()          # the sign-in page (or the refusal) and st.stop() when nobody is signed in
if ui.database_is_demo():
    account_bar.demo_banner()
account_bar.sidebar(user)
page = st.navigation(pages_for(user.role), position="sidebar")
try:
    page.run()
except Exception:                   # Streamlit's rerun and stop are not Exceptions: they pass through
    if config.debug():              # tests want the failure itself
        raise
    logging.getLogger("clas.app").exception("page « %s »", page.title)
    fault = faults.diagnose(sys.exc_info()[1], db.db_path())    # the database's folder or file: say which
    if fault is not None and user.role == "service":
        st.error(f"{fault.what} {fault.todo}", icon=":material/database:")
    elif fault is not None:
        st.error(fault_page.UNAVAILABLE, icon=":material/construction:")
    else:
        st.error("Une erreur inattendue empêche d'afficher cette page. Elle a été consignée pour l'équipe "
                 "technique ; réessayez, ou changez de filtres.", icon=":material/error:")
