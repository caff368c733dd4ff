"""The Imports page's controller: import each dropped file with a progress indicator and keep its report,
ask what the file does not say (provider, year, columns), show the history, withdraw a file, saved mappings.

Here rather than in pages/imports.py so that the page reads as its flow. Text coming from a spreadsheet (file
names, headers, messages) is shown through st.dataframe, st.text or escaped markdown, never as HTML.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from clas.domain import fmt
from clas.domain.school_year import school_year_choices
from clas.store import audit
from clas.web import import_views as iv
from clas.web import session, ui
from clas.web.markdown import STATIC_TABLE_ROWS, escape_md, for_static_table
from clas.workspace import import_reports as reports
from clas.workspace import imports as svc


def _me():
    return session.current_user()


def _porteur() -> bool:
    """A porteur imports for its own provider only, and sees only its own files."""
    return _me().role == "porteur"


def _results() -> dict:
    return st.session_state.setdefault("import_results", {})


def max_mb() -> int:
    return int(st.get_option("server.maxUploadSize"))


NEW_PROVIDER = "➕ Nouveau porteur (saisir son nom ci-dessous)"


def user() -> str:
    return _me().username


def flash(kind: str, text: str) -> None:
    st.session_state.setdefault("import_flash", []).append((kind, text))


def wid(file_id: str) -> str:
    return hashlib.sha1(file_id.encode()).hexdigest()[:8]


def run_import(entry: dict, **kw) -> None:
    """Import one file with a progress indicator, keep its report, refresh every page's data."""
    name = entry["name"]
    with st.status(f"Import de {escape_md(name)}…", expanded=False) as box:
        st.text("Lecture du fichier, recherche du registre, vérification ligne par ligne…")
        if _porteur():
            kw["provider"] = _me().provider
        report = svc.import_upload(entry["data"], name, imported_by=user(), max_mb=max_mb(), **kw)
        audit.record(_me().username, _me().role, "import", reports.audit_detail(name, report))
        state = {"loaded": "complete", "unchanged": "complete"}.get(report.status, "error")
        label = "en attente : précisez le porteur ou l'année" if report.needs else reports.status_label(report)
        box.update(label=f"{escape_md(name)} : {label}", state="complete" if report.needs else state)
    entry["report"] = report
    iv.keep_for_after_switch(name, report)
    if report.status == "loaded":
        ui.clear_caches()


def show_report(fid: str, entry: dict) -> None:
    report = entry["report"]
    with st.container(border=True):
        st.markdown(f"#### :material/description: {escape_md(entry['name'])}")
        who = " · ".join(escape_md(x) for x in (report.provider, report.school_year) if x)
        if report.status == "loaded":
            st.success(
                f"Importé{' — ' + who if who else ''}. Ces données remplacent celles du fichier précédent "
                "de ce porteur pour cette année, s'il y en avait un.",
                icon=":material/check_circle:",
            )
        elif report.status == "unchanged":
            st.info(
                f"Déjà importé à l'identique{' — ' + who if who else ''} : rien n'a changé.", icon=":material/info:"
            )
        elif not report.needs:
            st.error(
                f"Refusé{' — ' + who if who else ''} : rien n'a été modifié dans la base. Le premier "
                "message ci-dessous dit pourquoi.",
                icon=":material/block:",
            )
        if report.rows_read:
            cols = st.columns(4)
            cols[0].metric("Lignes lues", fmt.number(report.rows_read))
            # An identical file changes nothing: its lines are already there, none was imported now.
            cols[1].metric(
                "Lignes déjà en base" if report.status == "unchanged" else "Lignes importées",
                fmt.number(report.rows_loaded),
            )
            cols[2].metric("Lignes refusées (erreurs)", fmt.number(report.rows_rejected))
            cols[3].metric("Avertissements", fmt.number(len(report.warnings)))
        if report.needs:
            ask_provider_year(fid, entry)  # the only issue then is the command line's "--provider" hint
        else:
            show_issues(fid, entry)
        if report.provider and not report.needs:
            map_columns(fid, entry)


def ask_provider_year(fid: str, entry: dict) -> None:
    report = entry["report"]
    missing = " et ".join({"provider": "le porteur", "school_year": "l'année scolaire"}[n] for n in report.needs)
    st.warning(f"Le fichier ne dit pas {missing}. Choisissez ci-dessous, puis importez.", icon=":material/edit:")
    providers = [_me().provider] if _porteur() else ui.query("reference_providers")["name"].tolist()
    years = school_year_choices(ui.query("import_years")["school_year"].tolist())
    with st.form(f"needs_{wid(fid)}"):
        c1, c2 = st.columns(2)
        options = providers + ([] if _porteur() else [NEW_PROVIDER])
        with c1:
            default = iv.provider_suggestion(report, options)  # a marked suggestion, never a silent guess
        chosen = c1.selectbox(
            "Porteur", options, index=default, key=f"prov_{wid(fid)}", placeholder="Choisissez le porteur"
        )
        new_name = c1.text_input(
            "Nom du nouveau porteur",
            key=f"newprov_{wid(fid)}",
            help="Seulement si le porteur n'est pas dans la liste : il sera créé (complétez "
            "ensuite son type et son quartier sur la page Référentiels).",
        )
        year_default = years.index(report.school_year) if report.school_year in years else 0
        year = c2.selectbox("Année scolaire", years, index=year_default, key=f"year_{wid(fid)}")
        if st.form_submit_button("Importer ce fichier", type="primary"):
            provider = new_name.strip() if chosen == NEW_PROVIDER else chosen
            if chosen is None:
                st.error("Choisissez le porteur de ce fichier.")
            elif not provider:
                st.error("Saisissez le nom du nouveau porteur.")
            else:
                run_import(entry, provider=provider, school_year=year)
                st.rerun()


def show_issues(fid: str, entry: dict) -> None:
    report = entry["report"]
    if not report.issues:
        st.markdown("Aucun problème relevé dans ce fichier.")
        return
    n_err, n_warn = len(report.errors), len(report.warnings)
    lines = []
    if report.rows_rejected:
        one = report.rows_rejected == 1
        lines.append(
            f"**{fmt.count(report.rows_rejected, 'ligne refusée')}** (« Erreur ») : "
            f"{'elle n’a pas été importée' if one else 'elles n’ont pas été importées'}. Corrigez-les dans le fichier et déposez-le de nouveau : il remplacera "
            "celui-ci."
        )
    if n_warn:
        lines.append(
            f"**{fmt.count(n_warn, 'avertissement')}** : "
            + (
                "la ligne concernée a été importée mais mérite une vérification."
                if n_warn == 1
                else "les lignes concernées ont été importées mais méritent une vérification."
            )
        )
    if any(i.row for i in report.issues):
        lines.append("« Ligne » est le numéro de la ligne dans le tableur, tel que le porteur le voit à l'écran.")
    if lines:
        st.markdown("  \n".join(lines))
    df = reports.issues_frame(report)
    choice = "Tout"
    if n_err and n_warn:
        choice = st.radio(
            "Afficher",
            ["Tout", "Erreurs", "Avertissements"],
            horizontal=True,
            key=f"sev_{wid(fid)}",
            label_visibility="collapsed",
        )
    shown = reports.filter_issues(df, {"Tout": None, "Erreurs": "error", "Avertissements": "warning"}[choice])
    if len(shown) <= STATIC_TABLE_ROWS:
        # A static table wraps the messages (sentences) instead of cutting them; its cells are markdown,
        # so the spreadsheet's text is escaped first.
        st.table(for_static_table(shown), hide_index=True)
    else:
        st.caption(
            "Liste longue : élargissez la colonne Message ou téléchargez le rapport pour lire chaque message en entier."
        )
        st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            key=f"issues_{wid(fid)}",
            column_config={
                "Ligne": st.column_config.NumberColumn("Ligne", format="plain"),
                "Message": st.column_config.TextColumn("Message", width="large"),
            },
        )
    st.download_button(
        "Télécharger ce rapport (Excel) pour le renvoyer au porteur",
        reports.issues_xlsx(report, shown),
        file_name=reports.report_file_name(entry["name"]),
        icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"dl_{wid(fid)}",
        on_click=ui.audited("export", f"rapport d'import de {entry['name']}"),
    )


def map_columns(fid: str, entry: dict) -> None:
    report = entry["report"]
    custom = dict(ui.query("column_mappings", provider=report.provider).itertuples(index=False))
    missing = svc.unrecognised(svc.file_columns(entry["data"], custom))
    if not missing:
        return
    choices = svc.mapping_choices()
    with st.expander(f"Colonnes non reconnues : {len(missing)} — les associer à un champ", expanded=True):
        st.markdown(
            f"Choisissez le champ que contient chaque colonne. La correspondance est enregistrée pour "
            f"**{escape_md(report.provider)}** et servira pour ses prochains fichiers ; ce fichier est "
            "ensuite réimporté."
        )
        with st.form(f"map_{wid(fid)}"):
            picked = {}
            for i, col in enumerate(missing):
                left, right = st.columns([2, 3])
                left.text(f"Feuille « {col.sheet} », colonne {col.letter} :\n{col.header}")
                keys = list(choices)
                proposed = keys.index(col.proposal) if col.proposal in choices else 0
                picked[col.header] = right.selectbox(
                    f"Champ pour la colonne {col.letter}" + (" (suggestion à confirmer)" if proposed else ""),
                    keys,
                    index=proposed,
                    format_func=choices.get,
                    key=f"map_{wid(fid)}_{i}",
                )
            if st.form_submit_button("Enregistrer et réimporter le fichier", type="primary"):
                chosen = {h: f for h, f in picked.items() if f}
                if not chosen:
                    st.warning("Aucun champ choisi : rien n'a été enregistré.")
                else:
                    n = svc.save_mappings(report.provider, chosen)
                    ui.clear_caches()
                    run_import(entry, provider=report.provider, school_year=report.school_year, force=True)
                    flash(
                        "success",
                        f"{fmt.count(n, 'correspondance enregistrée')} pour {report.provider} ; fichier réimporté.",
                    )
                    st.rerun()
