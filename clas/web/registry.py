"""Which pages exist, in which menu section, and which roles may open them.

A page a role may not open is not registered in st.navigation at all (`pages_for`): a typed URL cannot
reach it. The data each role may read is enforced again below the pages, in clas.web.ui.query
(clas/auth/roles.py).
"""

from __future__ import annotations

import streamlit as st

ALL = frozenset({"elu", "service", "porteur"})
SERVICE = frozenset({"service"})
SERVICE_PORTEUR = frozenset({"service", "porteur"})
ELU_SERVICE = frozenset({"elu", "service"})

# (file, title, url path, icon, section, roles)
PAGES = [
    ("pages/mon_espace.py", "Mon espace", "mon-espace", ":material/home:", "Tableau de bord", frozenset({"porteur"})),
    ("pages/indicateurs.py", "Indicateurs clés", "indicateurs", ":material/dashboard:", "Tableau de bord", ALL),
    (
        "pages/orientations.py",
        "Orientations",
        "orientations",
        ":material/alt_route:",
        "Tableau de bord",
        SERVICE_PORTEUR,
    ),
    ("pages/couverture.py", "Couverture par quartier", "couverture", ":material/map:", "Tableau de bord", ALL),
    ("pages/parents.py", "Engagement des parents", "parents", ":material/family_restroom:", "Tableau de bord", ALL),
    ("pages/explorer.py", "Explorer", "explorer", ":material/table_chart:", "Tableau de bord", SERVICE_PORTEUR),
    ("pages/rapport.py", "Rapport annuel", "rapport", ":material/description:", "Tableau de bord", ELU_SERVICE),
    # The network (issue 15)
    ("pages/reseau.py", "Vie du réseau", "reseau", ":material/groups:", "Réseau", SERVICE),
    ("pages/dispositifs.py", "Dispositifs et écoles", "dispositifs", ":material/school:", "Réseau", ELU_SERVICE),
    ("pages/annuaire.py", "Annuaire CLAS", "annuaire", ":material/menu_book:", "Réseau", ALL),
    ("pages/bilan.py", "Bilan annuel", "bilan", ":material/summarize:", "Réseau", SERVICE_PORTEUR),
    ("pages/imports.py", "Imports", "imports", ":material/upload_file:", "Espace du service", SERVICE_PORTEUR),
    ("pages/qualite.py", "Qualité des données", "qualite", ":material/fact_check:", "Espace du service", SERVICE),
    ("pages/referentiels.py", "Référentiels", "referentiels", ":material/database:", "Espace du service", SERVICE),
    ("pages/journal.py", "Journal", "journal", ":material/history:", "Espace du service", SERVICE),
]
# A porteur's own space is not the service's.
SECTION_FOR = {"porteur": {"Espace du service": "Mes fichiers"}}


def allowed(role: str | None) -> list[tuple]:
    """The PAGES entries a role may open, in menu order (none without a role)."""
    return [p for p in PAGES if role in p[5]]


def pages_for(role: str | None) -> dict[str, list]:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sections: dict[str, list] = {}
    first = True
    for path, title, url, icon, section, _roles in allowed(role):
        if not (root / path).exists():
            continue
        section = SECTION_FOR.get(role, {}).get(section, section)
        sections.setdefault(section, []).append(
            st.Page(str(root / path), title=title, url_path=url, icon=icon, default=first)
        )
        first = False
    return sections
