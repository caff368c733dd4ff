"""Which pages exist, in which menu section, and for which role (the access-control issue ties roles in)."""
from __future__ import annotations

import streamlit as st

# (file, title, url path, icon, section)
PAGES = [
    ("pages/indicateurs.py", "Indicateurs clés", "indicateurs", ":material/dashboard:", "Tableau de bord"),
    ("pages/orientations.py", "Orientations", "orientations", ":material/alt_route:", "Tableau de bord"),
    ("pages/couverture.py", "Couverture par quartier", "couverture", ":material/map:", "Tableau de bord"),
    ("pages/parents.py", "Engagement des parents", "parents", ":material/family_restroom:", "Tableau de bord"),
    ("pages/explorer.py", "Explorer", "explorer", ":material/table_chart:", "Tableau de bord"),
    ("pages/rapport.py", "Rapport annuel", "rapport", ":material/description:", "Tableau de bord"),
    ("pages/imports.py", "Imports", "imports", ":material/upload_file:", "Espace du service"),
    ("pages/qualite.py", "Qualité des données", "qualite", ":material/fact_check:", "Espace du service"),
    ("pages/referentiels.py", "Référentiels", "referentiels", ":material/database:", "Espace du service"),
]


def pages_for(role: str | None) -> dict[str, list]:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    sections: dict[str, list] = {}
    for i, (path, title, url, icon, section) in enumerate(PAGES):
        if not (root / path).exists():
            continue
        sections.setdefault(section, []).append(
            st.Page(str(root / path), title=title, url_path=url, icon=icon, default=(i == 0)))
    return sections
