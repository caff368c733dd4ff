"""Tableau de bord CLAS: page configuration, who is signed in, and the pages their role may open."""

import logging
import sys

import streamlit as st

from clas.web import french

st.set_page_config(page_title="Tableau de bord CLAS", page_icon="📊", layout="wide")
french.install()  # Streamlit's own texts (uploader, tables, dialogs) in French

# The rest is imported after the first drawing: on a cold start these imports take seconds.
from clas import config  # noqa: E402
from clas.store import db, faults  # noqa: E402
from clas.web import account_bar, fault_page, gate, ui  # noqa: E402
from clas.web.registry import pages_for  # noqa: E402
from clas.workspace.bootstrap import ensure_database  # noqa: E402

if not config.db_path().exists():  # first start: the demo database is built behind a French message
    gate.first_start(ensure_database)
user = gate.require_user()  # the sign-in page (or the refusal) and st.stop() when nobody is signed in
if ui.database_is_demo():
    account_bar.demo_banner()
account_bar.sidebar(user)
# Every page listed: collapsed, the service menu hid four pages behind Streamlit's « View 4 more ».
page = st.navigation(pages_for(user.role), position="sidebar", expanded=True)
try:
    page.run()
except Exception:  # Streamlit's rerun and stop are not Exceptions: they pass through
    if config.debug():  # tests want the failure itself
        raise
    logging.getLogger("clas.app").exception("page « %s »", page.title)
    fault = faults.diagnose(sys.exc_info()[1], db.db_path())  # the database's folder or file: say which
    if fault is not None and user.role == "service":
        st.error(f"{fault.what} {fault.todo}", icon=":material/database:")
    elif fault is not None:
        st.error(fault_page.UNAVAILABLE, icon=":material/construction:")
    else:
        st.error(
            "Une erreur inattendue empêche d'afficher cette page. Elle a été consignée pour l'équipe "
            "technique ; réessayez, ou changez de filtres.",
            icon=":material/error:",
        )
