"""The two tabs the network adds to Référentiels: schools x schemes and the directory's public facts.
Edited in place or replaced by a CSV/XLSX file; a table with a bad line is refused as a whole."""

from __future__ import annotations

import streamlit as st

from clas.domain import fmt
from clas.web import ui
from clas.workspace import referential_files
from clas.workspace import schemes as svc


def _problems(problems: list[str]) -> None:
    for p in problems:
        st.error(p, icon="⚠️")


def _save(fn, df, label: str) -> None:
    n, problems = svc.saved_or_problems(fn, df)
    if problems:
        st.error(f"{label} : rien n'a été enregistré.", icon="⚠️")
        _problems(problems)
    else:
        ui.clear_caches()
        st.success(f"{label} : {fmt.count(n, 'ligne enregistrée', 'lignes enregistrées')}.")


def _tab(query: str, columns: dict[str, str], fn, label: str, key: str) -> None:
    current = ui.query(query)
    shown = current.rename(columns=columns)[list(columns.values())]
    st.caption(
        "Modifiez le tableau (ajoutez une ligne en bas, supprimez-en avec la corbeille) puis enregistrez, "
        "ou remplacez toute la table par un fichier CSV ou Excel ayant les mêmes titres de colonnes."
    )
    edited = st.data_editor(
        # "" in an empty cell: the grid writes « None » for a missing value (the save reads "" as empty)
        shown.astype(object).where(shown.notna(), ""),
        key=f"editor_{key}",
        hide_index=True,
        num_rows="dynamic",
        width="stretch",
    )
    if st.button(f"Enregistrer : {label.lower()}", key=f"save_{key}", type="primary"):
        _save(fn, edited.fillna(""), label)
    st.download_button(
        "Télécharger la table actuelle (CSV)",
        referential_files.table_csv(shown),
        file_name=f"{key}.csv",
        mime="text/csv",
        key=f"csv_{key}",
        icon=":material/download:",
    )
    up = st.file_uploader("Remplacer par un fichier", type=["csv", "xlsx", "xls", "ods"], key=f"upload_{key}")
    if up is not None and st.button("Remplacer la table par ce fichier", key=f"replace_{key}"):
        try:
            df = svc.read_table(up.getvalue(), up.name)
        except Exception:
            st.error("Fichier illisible : enregistrez-le en CSV (séparateur ;) ou en XLSX.", icon="⚠️")
            return
        _save(fn, df, label)


def schemes_tab() -> None:
    st.markdown(
        "Dispositifs proposés dans chaque école (une ligne par école et par dispositif). Dispositifs "
        "connus : " + ", ".join(ui.query("reference_schemes")["label"]) + "."
    )
    _tab(
        "reference_school_schemes",
        {"school": "École", "scheme": "Dispositif"},
        svc.save_school_schemes,
        "Dispositifs des écoles",
        "school_schemes",
    )


def directory_tab() -> None:
    st.markdown("Informations publiques de chaque porteur, reprises dans l'« Annuaire CLAS ».")
    _tab(
        "reference_directory",
        {
            "provider": "Porteur",
            "address": "Adresse",
            "grade_min": "Du niveau",
            "grade_max": "Au niveau",
            "schedule": "Jours et horaires",
            "contact": "Contact",
            "places_available": "Places disponibles",
        },
        svc.save_directory,
        "Annuaire",
        "directory",
    )
