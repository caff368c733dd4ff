"""Imports: drop the providers' files, read the report of each, map unrecognised columns, withdraw a file.

The page imports through clas.workspace.imports.import_upload (the same importer as the command line); its
controller is clas/web/import_page.py.
"""

import streamlit as st

from clas.domain import fmt
from clas.web import import_history
from clas.web import import_page as page
from clas.web import import_views as iv
from clas.web.markdown import escape_md
from clas.web.session import guard
from clas.workspace import imports as svc

me = guard(__file__)  # first: only the roles allowed in clas/web/registry.py

st.title("Imports")
for kind, text in st.session_state.pop("import_flash", []):
    getattr(st, kind)(escape_md(text))

left, right = st.columns([3, 1])
left.markdown(
    "Déposez ici les fichiers envoyés par les porteurs (un ou plusieurs à la fois). Chaque fichier est "
    "vérifié ligne par ligne puis importé ; il remplace le fichier précédent du même porteur pour la "
    "même année scolaire. Le rapport de chaque fichier s'affiche en dessous."
)
right.download_button(
    "Télécharger le modèle",
    svc.template_bytes,  # built when clicked (openpyxl, ~1 s), not on every first visit
    file_name="modele-registre-CLAS.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    key="template",
    width="stretch",
    help="Le classeur à remettre aux porteurs : colonnes attendues, listes déroulantes, "
    "onglet d'instructions. Un fichier rempli à partir du modèle s'importe sans retouche.",
)

files = st.file_uploader(
    "Fichiers des porteurs (xlsx, xls, ods, csv)",
    type=["xlsx", "xls", "ods", "csv"],
    accept_multiple_files=True,
    key="uploads",
)
st.caption(
    f"Taille maximale : {page.max_mb()} Mo par fichier (un registre pèse en général moins de 1 Mo). Un fichier "
    "plus lourd est refusé par le navigateur avant tout envoi et rien n'est modifié. Cette limite est "
    "réglée dans `.streamlit/config.toml` (`server.maxUploadSize`) ; pour un fichier exceptionnellement gros, "
    "utilisez la ligne de commande `python -m clas import`."
)

files = files or []
results = st.session_state.setdefault("import_results", {})
new = [f for f in files if f.file_id not in results]
if new and not iv.demo_switch_confirmed([f.name for f in new]):
    new = []  # waits for the user's answer: a real file ends the demo accounts
if new:
    bar = st.progress(0.0, text=f"Import de {fmt.count(len(new), 'fichier')}…")
    for i, f in enumerate(new, start=1):
        results[f.file_id] = {"name": f.name, "data": f.getvalue()}
        page.run_import(results[f.file_id])
        bar.progress(i / len(new), text=f"{fmt.count(i, 'fichier traité', 'fichiers traités')} sur {len(new)}")
    bar.empty()
for fid in [k for k in results if k not in {f.file_id for f in files}]:
    del results[fid]  # a file removed from the drop zone takes its report with it
for f in files:
    if f.file_id in results:
        page.show_report(f.file_id, results[f.file_id])

import_history.history()
if not me.role == "porteur":
    import_history.saved_mappings()
