"""Imports: drop the providers' files, read the report of each, map unrecognised columns, withdraw a file.

The page imports through clas.workspace.imports.import_upload (the same importer as the command line).
Text coming from a spreadsheet (file names, headers, messages) is shown through st.dataframe, st.text or
escaped markdown, never as HTML.
"""
import hashlib

import streamlit as st

from clas.store import audit
from clas.domain import fmt
from clas.web import ui
from clas.domain.school_year import school_year_choices
from clas.web.markdown import STATIC_TABLE_ROWS, escape_md, for_static_table
from clas.workspace import import_reports as reports
from clas.workspace import imports as svc
from clas.ingest.withdraw import WithdrawRefused
from clas.web.session import guard
from clas.web import import_views as iv

me = guard(__file__)   # first: only the roles allowed in clas/web/registry.py
PORTEUR = me.role == "porteur"     # a porteur imports for its own provider only, sees only its own files

MAX_MB = int(st.get_option("server.maxUploadSize"))
NEW_PROVIDER = "➕ Nouveau porteur (saisir son nom ci-dessous)"
results: dict = st.session_state.setdefault("import_results", {})


def user() -> str:
    return me.username


def flash(kind: str, text: str) -> None:
    st.session_state.setdefault("import_flash", []).append((kind, text))


def wid(file_id: str) -> str:
    return hashlib.sha1(file_id.encode()).hexdigest()[:8]


def run_import(entry: dict, **kw) -> None:
    """Import one file with a progress indicator, keep its report, refresh every page's data."""
    name = entry["name"]
    with st.status(f"Import de {escape_md(name)}…", expanded=False) as box:
        st.text("Lecture du fichier, recherche du registre, vérification ligne par ligne…")
        if PORTEUR:
            kw["provider"] = me.provider
        report = svc.import_upload(entry["data"], name, imported_by=user(), max_mb=MAX_MB, **kw)
        audit.record(me.username, me.role, "import", reports.audit_detail(name, report))
        state = {"loaded": "complete", "unchanged": "complete"}.get(report.status, "error")
        label = "en attente : précisez le porteur ou l'année" if report.needs else reports.status_label(report)
        box.update(label=f"{escape_md(name)} : {label}", state="complete" if report.needs else state)
    entry["report"] = report
    iv.keep_for_after_switch(name, report)
    if report.status == "loaded":
        ui.clear_caches()


def show_report(fid: str, entry: dict) -> None:
    report = entry["report"]
    k = wid(fid)
    with st.container(border=True):
        st.markdown(f"#### :material/description: {escape_md(entry['name'])}")
        who = " · ".join(escape_md(x) for x in (report.provider, report.school_year) if x)
        if report.status == "loaded":
            st.success(f"Importé{' — ' + who if who else ''}. Ces données remplacent celles du fichier précédent "
                       "de ce porteur pour cette année, s'il y en avait un.", icon=":material/check_circle:")
        elif report.status == "unchanged":
            st.info(f"Déjà importé à l'identique{' — ' + who if who else ''} : rien n'a changé.",
                    icon=":material/info:")
        elif not report.needs:
            st.error(f"Refusé{' — ' + who if who else ''} : rien n'a été modifié dans la base. Le premier "
                     "message ci-dessous dit pourquoi.", icon=":material/block:")
        if report.rows_read:
            cols = st.columns(4)
            cols[0].metric("Lignes lues", fmt.number(report.rows_read))
            # An identical file changes nothing: its lines are already there, none was imported now.
            cols[1].metric("Lignes déjà en base" if report.status == "unchanged" else "Lignes importées",
                           fmt.number(report.rows_loaded))
            cols[2].metric("Lignes refusées (erreurs)", fmt.number(report.rows_rejected))
            cols[3].metric("Avertissements", fmt.number(len(report.warnings)))
        if report.needs:
            ask_provider_year(fid, entry)     # the only issue then is the command line's "--provider" hint
        else:
            show_issues(fid, entry)
        if report.provider and not report.needs:
            map_columns(fid, entry)


def ask_provider_year(fid: str, entry: dict) -> None:
    report = entry["report"]
    missing = " et ".join({"provider": "le porteur", "school_year": "l'année scolaire"}[n] for n in report.needs)
    st.warning(f"Le fichier ne dit pas {missing}. Choisissez ci-dessous, puis importez.", icon=":material/edit:")
    providers = [me.provider] if PORTEUR else ui.query("reference_providers")["name"].tolist()
    years = school_year_choices(ui.query("import_years")["school_year"].tolist())
    with st.form(f"needs_{wid(fid)}"):
        c1, c2 = st.columns(2)
        options = providers + ([] if PORTEUR else [NEW_PROVIDER])
        with c1:
            default = iv.provider_suggestion(report, options)   # a marked suggestion, never a silent guess
        chosen = c1.selectbox("Porteur", options, index=default, key=f"prov_{wid(fid)}",
                              placeholder="Choisissez le porteur")
        new_name = c1.text_input("Nom du nouveau porteur", key=f"newprov_{wid(fid)}",
                                 help="Seulement si le porteur n'est pas dans la liste : il sera créé (complétez "
                                      "ensuite son type et son quartier sur la page Référentiels).")
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
        lines.append(f"**{fmt.count(report.rows_rejected, 'ligne refusée')}** (« Erreur ») : "
                     f"{'elle n’a pas été importée' if one else 'elles n’ont pas été importées'}. Corrigez-les dans le fichier et déposez-le de nouveau : il remplacera "
                     "celui-ci.")
    if n_warn:
        lines.append(f"**{fmt.count(n_warn, 'avertissement')}** : "
                     + ("la ligne concernée a été importée mais mérite une vérification." if n_warn == 1 else
                        "les lignes concernées ont été importées mais méritent une vérification."))
    if any(i.row for i in report.issues):
        lines.append("« Ligne » est le numéro de la ligne dans le tableur, tel que le porteur le voit à l'écran.")
    if lines:
        st.markdown("  \n".join(lines))
    df = reports.issues_frame(report)
    choice = "Tout"
    if n_err and n_warn:
        choice = st.radio("Afficher", ["Tout", "Erreurs", "Avertissements"], horizontal=True,
                          key=f"sev_{wid(fid)}", label_visibility="collapsed")
    shown = reports.filter_issues(df, {"Tout": None, "Erreurs": "error", "Avertissements": "warning"}[choice])
    if len(shown) <= STATIC_TABLE_ROWS:
        # A static table wraps the messages (sentences) instead of cutting them; its cells are markdown,
        # so the spreadsheet's text is escaped first.
        st.table(for_static_table(shown), hide_index=True)
    else:
        st.caption("Liste longue : élargissez la colonne Message ou téléchargez le rapport pour lire chaque message "
                   "en entier.")
        st.dataframe(shown, hide_index=True, width="stretch", key=f"issues_{wid(fid)}",
                     column_config={"Ligne": st.column_config.NumberColumn("Ligne", format="plain"),
                                    "Message": st.column_config.TextColumn("Message", width="large")})
    st.download_button("Télécharger ce rapport (Excel) pour le renvoyer au porteur", reports.issues_xlsx(report, shown),
                       file_name=reports.report_file_name(entry["name"]), icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key=f"dl_{wid(fid)}", on_click=ui.audited("export", f"rapport d'import de {entry['name']}"))


def map_columns(fid: str, entry: dict) -> None:
    report = entry["report"]
    custom = dict(ui.query("column_mappings", provider=report.provider).itertuples(index=False))
    missing = svc.unrecognised(svc.file_columns(entry["data"], custom))
    if not missing:
        return
    choices = svc.mapping_choices()
    with st.expander(f"Colonnes non reconnues : {len(missing)} — les associer à un champ", expanded=True):
        st.markdown(f"Choisissez le champ que contient chaque colonne. La correspondance est enregistrée pour "
                    f"**{escape_md(report.provider)}** et servira pour ses prochains fichiers ; ce fichier est "
                    "ensuite réimporté.")
        with st.form(f"map_{wid(fid)}"):
            picked = {}
            for i, col in enumerate(missing):
                left, right = st.columns([2, 3])
                left.text(f"Feuille « {col.sheet} », colonne {col.letter} :\n{col.header}")
                keys = list(choices)
                proposed = keys.index(col.proposal) if col.proposal in choices else 0
                picked[col.header] = right.selectbox(
                    f"Champ pour la colonne {col.letter}" + (" (suggestion à confirmer)" if proposed else ""), keys,
                    index=proposed, format_func=choices.get, key=f"map_{wid(fid)}_{i}")
            if st.form_submit_button("Enregistrer et réimporter le fichier", type="primary"):
                chosen = {h: f for h, f in picked.items() if f}
                if not chosen:
                    st.warning("Aucun champ choisi : rien n'a été enregistré.")
                else:
                    n = svc.save_mappings(report.provider, chosen)
                    ui.clear_caches()
                    run_import(entry, provider=report.provider, school_year=report.school_year, force=True)
                    flash("success", f"{fmt.count(n, 'correspondance enregistrée')} pour {report.provider} ; "
                                     "fichier réimporté.")
                    st.rerun()


def history() -> None:
    st.header("Historique des imports")
    df = ui.query("import_history")
    if df.empty:
        ui.empty("Aucun fichier importé pour l'instant.")
        return
    shown = df.assign(status=df["status"].map(svc.HISTORY_STATUS), imported_by=df["imported_by"].fillna("—"),
                      imported_at=fmt.paris(df["imported_at"]))
    st.dataframe(
        shown[["imported_at", "provider", "school_year", "file_name", "status", "rows_loaded", "rows_rejected",
               "warnings", "imported_by"]],
        hide_index=True, width="stretch", key="history",
        column_config={
            # Widths add up to the page's width at 1280 px (about 800 px): no column is pushed out of view.
            "imported_at": st.column_config.DatetimeColumn("Importé le", format="DD/MM/YYYY HH:mm", width=112),
            "provider": st.column_config.TextColumn("Porteur", width=140),
            "school_year": st.column_config.TextColumn("Année", width=74),
            "file_name": st.column_config.TextColumn("Fichier", width=140),
            "status": st.column_config.TextColumn("État", width=80),
            "rows_loaded": st.column_config.NumberColumn("Importées", format="localized", width=74,
                                                         help="Lignes importées (enfants)"),
            "rows_rejected": st.column_config.NumberColumn("Refusées", format="localized", width=70,
                                                           help="Lignes refusées pour une erreur"),
            "warnings": st.column_config.NumberColumn("Avert.", format="localized", width=54,
                                                      help="Avertissements : lignes importées à vérifier"),
            "imported_by": st.column_config.TextColumn("Par", width=56),
        })
    iv.past_report(df, me.provider if PORTEUR else None, show_issues)
    if not PORTEUR:
        withdraw_section(df[df["status"] == "loaded"])


def withdraw_section(current) -> None:
    st.subheader("Retirer un fichier")
    st.caption("Retirer le fichier en vigueur d'un porteur pour une année remet en vigueur son fichier précédent "
               "(ou, s'il n'y en a pas, laisse ce porteur sans données pour cette année). Le fichier retiré reste "
               "dans l'historique.")
    if current.empty:
        return
    labels = {int(r.import_id): f"{r.provider} — {r.school_year} — {r.file_name} (importé le "
                                 f"{fmt.date_time(r.imported_at)})" for r in current.itertuples()}
    pending = st.session_state.get("withdraw_pending")
    if pending is None:
        c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
        chosen = c1.selectbox("Fichier en vigueur à retirer", list(labels), format_func=labels.get,
                              key="withdraw_pick")
        if c2.button("Retirer…", key="withdraw_ask"):
            st.session_state["withdraw_pending"] = chosen
            st.rerun()
        return
    preview = ui.query("withdraw_preview", import_id=int(pending))
    if preview.empty or preview.at[0, "status"] != "loaded":
        st.session_state.pop("withdraw_pending", None)
        st.rerun()
    p = preview.iloc[0]
    then = (f"le fichier précédent « {p.restored_file} » ({fmt.count(p.restored_rows, 'ligne')}) redeviendra en "
            "vigueur" if p.restored_file else f"{p.provider} n'aura plus aucune donnée pour {p.school_year}")
    with st.container(border=True):
        st.warning(f"Retirer « {escape_md(p.file_name)} » ({escape_md(p.provider)}, {p.school_year}, "
                   f"{fmt.count(p.rows_loaded, 'ligne')}) ? Ses données ne compteront plus dans le tableau de bord "
                   f"et {escape_md(then)}.", icon=":material/warning:")
        c1, c2, _ = st.columns([1, 1, 3])
        if c1.button("Confirmer le retrait", type="primary", key="withdraw_confirm"):
            try:
                done = svc.withdraw(int(pending))
                flash("success", done.message())
                audit.record(me.username, me.role, "withdrawal", done.message())
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
        st.caption("Titres de colonnes associés à la main à un champ, par porteur : ils servent à chaque import de "
                   "ce porteur. Supprimez une correspondance erronée ; la colonne sera de nouveau signalée.")
        shown = df.assign(field=df["field"].map(lambda f: choices.get(f, f)))
        st.dataframe(shown, hide_index=True, width="stretch", key="mappings", column_config={
            "provider": st.column_config.TextColumn("Porteur"),
            "header_key": st.column_config.TextColumn("Titre de colonne (simplifié)"),
            "field": st.column_config.TextColumn("Champ")})
        labels = {i: f"{r.provider} — « {r.header_key} » → {choices.get(r.field, r.field)}"
                  for i, r in enumerate(df.itertuples())}
        gone = st.multiselect("Correspondances à supprimer", list(labels), format_func=labels.get, key="mappings_drop")
        if st.button("Supprimer", key="mappings_delete", disabled=not gone):
            n = svc.delete_mappings([(df.at[i, "provider"], df.at[i, "header_key"]) for i in gone])
            ui.clear_caches()
            flash("success", f"{fmt.count(n, 'correspondance supprimée')}.")
            st.rerun()


# --- the page ---------------------------------------------------------------------------------------------
st.title("Imports")
for kind, text in st.session_state.pop("import_flash", []):
    getattr(st, kind)(escape_md(text))

left, right = st.columns([3, 1])
left.markdown("Déposez ici les fichiers envoyés par les porteurs (un ou plusieurs à la fois). Chaque fichier est "
              "vérifié ligne par ligne puis importé ; il remplace le fichier précédent du même porteur pour la "
              "même année scolaire. Le rapport de chaque fichier s'affiche en dessous.")
right.download_button("Télécharger le modèle", svc.template_bytes(), file_name="modele-registre-CLAS.xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      icon=":material/download:", key="template", width="stretch",
                      help="Le classeur à remettre aux porteurs : colonnes attendues, listes déroulantes, "
                           "onglet d'instructions. Un fichier rempli à partir du modèle s'importe sans retouche.")

files = st.file_uploader("Fichiers des porteurs (xlsx, xls, ods, csv)", type=["xlsx", "xls", "ods", "csv"],
                         accept_multiple_files=True, key="uploads")
st.caption(f"Taille maximale : {MAX_MB} Mo par fichier (un registre pèse en général moins de 1 Mo). Un fichier "
           "plus lourd est refusé par le navigateur avant tout envoi et rien n'est modifié. Cette limite est "
           "réglée dans `.streamlit/config.toml` (`server.maxUploadSize`) ; pour un fichier exceptionnellement gros, "
           "utilisez la ligne de commande `python -m clas import`.")

files = files or []
new = [f for f in files if f.file_id not in results]
if new and not iv.demo_switch_confirmed([f.name for f in new]):
    new = []                  # waits for the user's answer: a real file ends the demo accounts
if new:
    bar = st.progress(0.0, text=f"Import de {fmt.count(len(new), 'fichier')}…")
    for i, f in enumerate(new, start=1):
        results[f.file_id] = {"name": f.name, "data": f.getvalue()}
        run_import(results[f.file_id])
        bar.progress(i / len(new), text=f"{fmt.count(i, 'fichier traité', 'fichiers traités')} sur {len(new)}")
    bar.empty()
for fid in [k for k in results if k not in {f.file_id for f in files}]:
    del results[fid]          # a file removed from the drop zone takes its report with it
for f in files:
    if f.file_id in results:
        show_report(f.file_id, results[f.file_id])

history()
if not PORTEUR:
    saved_mappings()
