"""Pieces of the Imports page about trust: asking before a real file turns the demo into a real database,
keeping the import report on screen across that switch, and opening a past import's stored report.

Text from a spreadsheet (file names, headers, messages) is escaped before it reaches markdown.
"""

from __future__ import annotations

import streamlit as st

from clas.domain import fmt
from clas.web import ui
from clas.web.markdown import escape_md
from clas.workspace import import_reports as reports

KEPT = "import_kept_reports"  # survives the sign-out that the demo -> real switch causes
CONFIRMED = "import_demo_confirmed"


def demo_switch_confirmed(names: list[str]) -> bool:
    """True when the files may be imported: the database is not the demo, or the user said yes."""
    if not ui.database_is_demo() or st.session_state.get(CONFIRMED):
        return True
    with st.container(border=True):
        st.warning(
            "**La base actuelle est celle de démonstration.** Importer un vrai fichier en fait une base réelle : "
            "les données fictives restent, mais **les comptes de démonstration (elu, service, porteur) cessent "
            "aussitôt de fonctionner** et vous serez déconnecté. Pour revenir, il faudra un compte créé sur le "
            "serveur (`python -m clas user add NOM --role service`). Le compte rendu de l'import restera "
            "affiché.",
            icon=":material/warning:",
        )
        st.markdown("Fichiers en attente : " + ", ".join(f"« {escape_md(n)} »" for n in names))
        c1, c2, _ = st.columns([2, 1, 3])
        if c1.button("Importer quand même", type="primary", key="demo_confirm"):
            st.session_state[CONFIRMED] = True
            st.rerun()
        if c2.button("Annuler", key="demo_cancel"):
            st.session_state.pop("uploads", None)
            st.rerun()
    return False


def keep_for_after_switch(name: str, report) -> None:
    """Keep a short form of the report that made the database real: the gate shows it after sign-out."""
    if report.status != "loaded" or not st.session_state.get(CONFIRMED):
        return
    st.session_state.setdefault(KEPT, []).append({"name": name, "text": report.to_text()})


def show_kept_reports() -> None:
    """The reports kept across the demo -> real switch (called by the sign-in and refusal pages)."""
    kept = st.session_state.get(KEPT) or []
    for entry in kept:
        with st.expander(
            f"Compte rendu de l'import de « {entry['name']} »", expanded=True, icon=":material/description:"
        ):
            st.text(entry["text"])


def provider_suggestion(report, providers: list[str]) -> int | None:
    """Index of the suggested provider in `providers` (shown as a suggestion), or None: never a silent guess."""
    name = report.provider if report.provider in providers else reports.suggest_provider(report.hints, providers)
    if name is None:
        st.caption("Le fichier ne permet pas de deviner son porteur : choisissez-le.")
        return None
    st.caption(
        f"Suggestion d'après le nom du fichier et ses lignes de titre : **{escape_md(name)}** — "
        "vérifiez-la avant d'importer."
    )
    return providers.index(name)


def past_report(history, scope_provider: str | None, show_issues) -> None:
    """Open the stored report of a past import from the history."""
    if history.empty:
        return
    labels = {
        int(r.import_id): f"{r.provider} — {r.school_year} — {r.file_name} (importé le {fmt.date(r.imported_at)})"
        for r in history.itertuples()
    }
    with st.expander("Ouvrir le compte rendu d'un import passé", icon=":material/history:"):
        chosen = st.selectbox(
            "Import",
            list(labels),
            format_func=labels.get,
            index=None,
            placeholder="Choisissez un fichier de l'historique",
            key="past_report_pick",
        )
        if chosen is None:
            return
        report = reports.stored_report(chosen, scope_provider)
        if report is None:
            st.info("Aucun compte rendu enregistré pour cet import.")
            return
        st.text(report.to_text().splitlines()[1].strip())
        show_issues(f"past{chosen}", {"report": report, "name": report.file})
