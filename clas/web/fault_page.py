"""The page shown when the database cannot be opened (damaged file, folder that cannot be written, disk full):
the service reads what happened and how to restore the last backup; anybody else reads a neutral
« indisponible » that gives nothing away. Never Streamlit's English error page, never a traceback."""

from __future__ import annotations

import logging

import streamlit as st

from clas.auth.roles import User
from clas.store import backup, db, faults

UNAVAILABLE = (
    "**Le tableau de bord est momentanément indisponible.** Réessayez un peu plus tard ; si cela dure, "
    "prévenez le service de la politique éducative."
)


def for_service(fault: faults.Fault) -> None:
    st.title("Tableau de bord CLAS")
    st.error(f"**La base de données ne peut pas être ouverte.** {fault.what}", icon=":material/database:")
    st.markdown(f"**Que faire.** {fault.todo}")
    if fault.kind == "damaged":
        folder = backup.default_folder()
        latest = backup.generations(folder)[:3] if folder.is_dir() else []
        st.markdown("Sur le serveur, dans le dossier de l'application :")
        st.code(
            f"python -m clas restore {latest[0] if latest else folder / 'clas-AAAAMMJJ-HHMMSS.duckdb'}", language="bash"
        )
        if latest:
            st.caption("Dernières sauvegardes : " + " · ".join(p.name for p in latest))
        else:
            st.caption(
                f"Aucune sauvegarde trouvée dans {folder} ($CLAS_BACKUP_DIR) : cherchez-les là où la "
                "minuterie de sauvegarde les écrit."
            )
    st.caption(f"Base : {db.db_path()}. Les autres personnes voient seulement « indisponible ».")


def for_others() -> None:
    st.title("Tableau de bord CLAS")
    st.warning(UNAVAILABLE, icon=":material/construction:")


def demo_or_fault(viewer, only_page) -> bool:
    """Whether the database is the demo (clas.web.ui); when it cannot be opened at all, `only_page` draws this
    page instead, for `viewer()` (who is signed in, found without the database) and stops the script."""
    from clas.web import ui

    try:
        return ui.database_is_demo()
    except Exception as exc:  # noqa: BLE001 - sorted by faults.diagnose, re-raised otherwise
        fault = faults.diagnose(exc, db.db_path())
        if fault is None:
            raise
        logging.getLogger("clas.app").warning("base inutilisable : %s", exc)
        user = viewer()
        only_page(lambda: show(fault, user))
        raise  # only_page stops the script; never reached


def show(fault: faults.Fault, user: User | None) -> None:
    if user is not None and user.role == "service":
        for_service(fault)
    else:
        for_others()
