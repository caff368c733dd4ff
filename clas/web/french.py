"""Streamlit's built-in texts in French (file uploader, table toolbar, dialogs), by a script run in the page.

Streamlit offers no translation of its own interface (streamlit/streamlit#13500, open): the table below maps
each English text the app can show to its French, and clas/web/french.js rewrites those exact texts in the
page as they appear. The strings are ours, never the data's, so running it with st.html's JavaScript is safe.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

EXACT = {
    # file uploader
    "Drag and drop files here": "Glissez-déposez vos fichiers ici",
    "Drag and drop file here": "Glissez-déposez un fichier ici",
    "Drag and drop a file here": "Glissez-déposez un fichier ici",
    "Upload": "Parcourir",
    "Browse files": "Parcourir",
    "Add files": "Ajouter des fichiers",
    "File size is too small.": "Le fichier est trop petit.",
    "This type of files are not allowed.": "Ce type de fichier n'est pas accepté.",
    # tables (toolbar, column menu, editor)
    "Download as CSV": "Télécharger en CSV",
    "Search": "Rechercher",
    "Fullscreen": "Plein écran",
    "Close fullscreen": "Quitter le plein écran",
    "Exit fullscreen": "Quitter le plein écran",
    "Show/hide columns": "Afficher ou masquer des colonnes",
    "Add row": "Ajouter une ligne",
    "Delete row(s)": "Supprimer les lignes sélectionnées",
    "Show data": "Voir les données",
    "Sort ascending": "Tri croissant",
    "Sort descending": "Tri décroissant",
    "Autosize": "Largeur automatique",
    "Pin column": "Figer la colonne",
    "Unpin column": "Libérer la colonne",
    "Hide column": "Masquer la colonne",
    "Format": "Format",
    "Type to search": "Tapez pour rechercher",
    "Copy column name": "Copier le nom de colonne",
    "Clear selection": "Effacer la sélection",
    "Select all": "Tout sélectionner",
    "No data": "Aucune donnée",
    "Close Search": "Fermer la recherche",
    "Next Result": "Résultat suivant",
    "Previous Result": "Résultat précédent",
    "Automatic": "Automatique",
    "Localized": "Localisé",
    "Plain": "Brut",
    "Percent": "Pourcentage",
    "Scientific": "Scientifique",
    "Accounting": "Comptable",
    "Calendar": "Calendrier",
    # widgets
    "Choose an option": "Choisissez",
    "Choose options": "Choisissez",
    "No options to select.": "Aucun choix possible.",
    "No options to select": "Aucun choix possible",
    "No results": "Aucun résultat",
    "Select...": "Choisissez…",
    "Press Enter to apply": "Entrée pour valider",
    "Press Enter to submit form": "Entrée pour envoyer le formulaire",
    "Press Enter to add": "Entrée pour ajouter",
    "Show password": "Afficher le mot de passe",
    "Hide password": "Masquer le mot de passe",
    "(required)": "(obligatoire)",
    # app frame
    "Page not found": "Page introuvable",
    "Running...": "Calcul en cours…",
    "View less": "Voir moins",
    "Collapse sidebar": "Replier le menu",
    "Expand sidebar": "Déplier le menu",
    "Main menu": "Menu principal",
    "Close": "Fermer",
    "Cancel": "Annuler",
    "Copy": "Copier",
    "Rerun": "Relancer",
    "Clear caches": "Vider les caches",
    "Connecting": "Connexion…",
    "Skip to main content": "Aller au contenu",
    "An error has occurred, please try again.": "Une erreur s'est produite ; réessayez.",
    "Try again": "Réessayer",
    "This app has encountered an error. The original error message is redacted to prevent data leaks. Full error "
    "details have been recorded in the logs (if you're on Streamlit Cloud, click on 'Manage app' in the lower "
    "right of your app).": "Une erreur inattendue empêche d'afficher cette page. Elle a été consignée pour "
    "l'équipe technique ; réessayez.",
    # Plotly messages outside its locale dictionary
    "Double-click to zoom back out": "Double-cliquez pour revenir",
}
# (JavaScript regular expression on the whole text, French with $1…)
PATTERNS = [
    (
        r"^You have requested page /(.*), but no corresponding file was found in the app's pages/ directory\. "
        r"Running the app's main page\.$",
        "La page « $1 » n'existe pas ou ne vous est pas ouverte : voici la page d'accueil.",
    ),
    (
        r"^The page that you have requested does not seem to exist\. Running the app's main page\.$",
        "Cette page n'existe pas : voici la page d'accueil.",
    ),
    (r"^(.+) files are not allowed\.$", "Fichier refusé : le type « $1 » n'est pas accepté ici."),
    (r"^View (\d+) more$", "Voir $1 de plus"),
    (r"^Remove (.+)$", "Retirer $1"),
]


@lru_cache(maxsize=1)
def script() -> str:
    body = (
        Path(__file__)
        .with_name("french.js")
        .read_text(encoding="utf-8")
        .replace("__EXACT__", json.dumps(EXACT, ensure_ascii=False))
        .replace("__PATTERNS__", json.dumps(PATTERNS, ensure_ascii=False))
    )
    return f"<script data-clas-french>{body}</script>"  # marked: the XSS tests tell it from injected ones


def install() -> None:
    """Run the translation script in the page (once per browser tab: it keeps watching by itself)."""
    import streamlit as st

    st.html(script(), unsafe_allow_javascript=True)  # html-ok: our own fixed strings, never data
