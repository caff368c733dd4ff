"""The Imports page's lower half: the history of files received (each report opens from it), withdrawing the
current file of a provider-year, and the column mappings saved per provider."""

from __future__ import annotations

import streamlit as st

from clas.domain import fmt
from clas.ingest.withdraw import WithdrawRefused
from clas.store import audit
from clas.web import import_views as iv
from clas.web import ui
from clas.web.import_page import _me, _porteur, flash, show_issues
from clas.web.markdown import escape_md
from clas.workspace import imports as svc


def history() -> None:
    st.header("Historique des imports")
    df = ui.query("import_history")
    if df.empty:
        ui.empty("Aucun fichier importé pour l'instant.")
        return
    shown = df.assign(
        status=df["status"].map(svc.HISTORY_STATUS),
        imported_by=df["imported_by"].fillna("—"),
        imported_at=fmt.paris(df["imported_at"]),
    )
    st.dataframe(
        shown[
            [
                "imported_at",
                "provider",
                "school_year",
                "file_name",
                "status",
                "rows_loaded",
                "rows_rejected",
                "warnings",
                "imported_by",
            ]
        ],
        hide_index=True,
        width="stretch",
        key="history",
        column_config={
            # Widths add up to the page's width at 1280 px (about 800 px): no column is pushed out of view.
            "imported_at": st.column_config.DatetimeColumn("Importé le", format="DD/MM/YYYY HH:mm", width=112),
            "provider": st.column_config.TextColumn("Porteur", width=140),
            "school_year": st.column_config.TextColumn("Année", width=74),
            "file_name": st.column_config.TextColumn("Fichier", width=140),
            "status": st.column_config.TextColumn("État", width=80),
            "rows_loaded": st.column_config.NumberColumn(
                "Importées", format="localized", width=74, help="Lignes importées (enfants)"
            ),
            "rows_rejected": st.column_config.NumberColumn(
                "Refusées", format="localized", width=70, help="Lignes refusées pour une erreur"
            ),
            "warnings": st.column_config.NumberColumn(
                "Avert.", format="localized", width=54, help="Avertissements : lignes importées à vérifier"
            ),
            "imported_by": st.column_config.TextColumn("Par", width=56),
        },
    )
    iv.past_report(df, _me().provider if _porteur() else None, show_issues)
    if not _porteur():
        withdraw_section(df[df["status"] == "loaded"])


def withdraw_section(current) -> None:
    st.subheader("Retirer un fichier")
    st.caption(
        "Retirer le fichier en vigueur d'un porteur pour une année remet en vigueur son fichier précédent "
        "(ou, s'il n'y en a pas, laisse ce porteur sans données pour cette année). Le fichier retiré reste "
        "dans l'historique."
    )
    if current.empty:
        return
    labels = {
        int(r.import_id): f"{r.provider} — {r.school_year} — {r.file_name} (importé le {fmt.date_time(r.imported_at)})"
        for r in current.itertuples()
    }
    pending = st.session_state.get("withdraw_pending")
    if pending is None:
        c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
        chosen = c1.selectbox("Fichier en vigueur à retirer", list(labels), format_func=labels.get, key="withdraw_pick")
        if c2.button("Retirer…", key="withdraw_ask"):
            st.session_state["withdraw_pending"] = chosen
            st.rerun()
        return
    preview = ui.query("withdraw_preview", import_id=int(pending))
    if preview.empty or preview.at[0, "status"] != "loaded":
        st.session_state.pop("withdraw_pending", None)
        st.rerun()
    p = preview.iloc[0]
    then = (
        f"le fichier précédent « {p.restored_file} » ({fmt.count(p.restored_rows, 'ligne')}) redeviendra en vigueur"
        if p.restored_file
        else f"{p.provider} n'aura plus aucune donnée pour {p.school_year}"
    )
    with st.container(border=True):
        st.warning(
            f"Retirer « {escape_md(p.file_name)} » ({escape_md(p.provider)}, {p.school_year}, "
            f"{fmt.count(p.rows_loaded, 'ligne')}) ? Ses données ne compteront plus dans le tableau de bord "
            f"et {escape_md(then)}.",
            icon=":material/warning:",
        )
        c1, c2, _ = st.columns([1, 1, 3])
        if c1.button("Confirmer le retrait", type="primary", key="withdraw_confirm"):
            try:
                done = svc.withdraw(int(pending))
                flash("success", done.message())
                audit.record(_me().username, _me().role, "withdrawal", done.message())
            except WithdrawRefused as exc:
                flash("error", exc.message)
            st.session_state.pop("withdraw_pending", None)
            ui.clear_caches()
            st.rerun()
        if c2.button("Annuler", key="withdraw_cancel"):
            st.session_state.pop("withdraw_pending", None)
            st.rerun()


def saved_mappings() -> None:
    df = ui.query("column_mappings_all")
    if df.empty:
        return
    choices = svc.mapping_choices()
    with st.expander(f"Correspondances de colonnes enregistrées ({len(df)})"):
        st.caption(
            "Titres de colonnes associés à la main à un champ, par porteur : ils servent à chaque import de "
            "ce porteur. Supprimez une correspondance erronée ; la colonne sera de nouveau signalée."
        )
        shown = df.assign(field=df["field"].map(lambda f: choices.get(f, f)))
        st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            key="mappings",
            column_config={
                "provider": st.column_config.TextColumn("Porteur"),
                "header_key": st.column_config.TextColumn("Titre de colonne (simplifié)"),
                "field": st.column_config.TextColumn("Champ"),
            },
        )
        labels = {
            i: f"{r.provider} — « {r.header_key} » → {choices.get(r.field, r.field)}"
            for i, r in enumerate(df.itertuples())
        }
        gone = st.multiselect("Correspondances à supprimer", list(labels), format_func=labels.get, key="mappings_drop")
        if st.button("Supprimer", key="mappings_delete", disabled=not gone):
            n = svc.delete_mappings([(df.at[i, "provider"], df.at[i, "header_key"]) for i in gone])
            ui.clear_caches()
            flash("success", f"{fmt.count(n, 'correspondance supprimée')}.")
            st.rerun()
