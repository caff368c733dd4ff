"""Tableau de bord CLAS: page configuration, who is signed in, and the pages their role may open."""
import logging

import streamlit as st

from clas.web import french

st.set_page_config(page_title="Tableau de bord CLAS", page_icon="📊", layout="wide")
french.install()                    # Streamlit's own texts (uploader, tables, dialogs) in French

# The rest is imported after the first drawing: on a cold start these imports take seconds.
from clas import config  # noqa: E402
from clas.web import gate, ui  # noqa: E402
from clas.web.registry import pages_for  # noqa: E402
from clas.workspace.bootstrap import ensure_database  # noqa: E402

if not config.db_path().exists():   # first start: the demo database is built behind a French message
    gate.first_start(ensure_database)
user = gate.require_user()          # the sign-in page (or the refusal) and st.stop() when nobody is signed in
if ui.database_is_demo():
    gate.demo_banner()
gate.sidebar(user)
page = st.navigation(pages_for(user.role), position="sidebar")
try:
    page.run()
except Exception:                   # Streamlit's rerun and stop are not Exceptions: they pass through
    if config.debug():              # tests want the failure itself
        raise
    logging.getLogger("clas.app").exception("page « %s »", page.title)
    st.error("Une erreur inattendue empêche d'afficher cette page. Elle a été consignée pour l'équipe "
             "technique ; réessayez, ou changez de filtres.", icon=":material/error:")
