"""Vie du réseau: the training and network sessions (issue 15), entered here or imported from a sheet."""

import datetime as dt

import pandas as pd
import streamlit as st

from clas.charts.network import profession_bars, years_figure
from clas.domain import fmt
from clas.domain import network_vocab as V
from clas.ingest.report import SEVERITY_LABELS
from clas.metrics import network as M
from clas.web import ui
from clas.web.session import current_user, guard
from clas.workspace import network as svc

guard(__file__)  # first: only the roles allowed in clas/web/registry.py

st.title("Vie du réseau")
st.caption(
    "Formations multiprofessionnelles et rencontres du réseau : participants comptés par profession et "
    "par institution, sans aucun nom."
)
by_year = M.year_lines(ui.query("network_by_year"))
years = sorted(set(by_year["school_year"]) | set(ui.year_options()), reverse=True)
year = st.selectbox("Année scolaire", years, key="network_year") if years else None

if year:
    row = by_year[by_year["school_year"] == year]
    cur = row.iloc[0] if len(row) else None
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Séances", fmt.number(cur["sessions"]) if cur is not None else "0")
    c2.metric("Participants", fmt.number(cur["participants"]) if cur is not None else "0")
    c3.metric("Part de l'Éducation nationale", fmt.percent(cur["en_share"]) if cur is not None else "–")
    c4.metric("Heures de formation", fmt.number(cur["hours"], 1) if cur is not None else "0")

    st.subheader("D'une année à l'autre")
    ui.chart(years_figure(by_year), key="network_years")

    left, right = st.columns(2)
    with left:
        st.subheader("Participants par profession")
        ui.chart(
            profession_bars(M.by_profession(ui.query("network_by_profession", school_year=year))),
            key="network_professions",
        )
    with right:
        st.subheader("Par institution")
        inst = M.by_institution(ui.query("network_by_profession", school_year=year))
        ui.table(inst, {"institution_type": "Institution", "participants": "Participants"}, {"participants": "int"})
    st.subheader("Thèmes abordés")
    ui.table(
        M.themes(ui.query("network_themes", school_year=year)),
        {"theme": "Thème", "sessions": "Séances", "hours": "Heures", "participants": "Participants"},
        {"sessions": "int", "hours": "dec", "participants": "int"},
    )

    st.subheader("Qui a participé au moins une fois ?")
    presence = ui.query("network_presence", school_year=year)
    pcol, scol = st.columns(2)
    for col, kind, label in ((pcol, "porteur", "Porteurs"), (scol, "ecole", "Écoles et collèges")):
        rows, present, total = M.presence(presence, kind)
        with col:
            st.markdown(f"**{label}** : {present} sur {total} présents à au moins une séance.")
            ui.table(
                rows,
                {
                    "name": label[:-1] if kind == "porteur" else "École",
                    "neighbourhood": "Quartier",
                    "sessions": "Séances",
                },
                {"sessions": "int"},
                height=280,
            )

    st.subheader("Séances de l'année")
    sessions = M.sessions_table(ui.query("network_sessions", school_year=year))
    ui.table(
        sessions,
        {
            "session_date": "Date",
            "title": "Intitulé",
            "theme": "Thème",
            "duration_hours": "Durée (h)",
            "organiser": "Organisateur",
            "participants": "Participants",
            "origin": "Origine",
        },
        {"session_date": "date", "duration_hours": "dec", "participants": "int"},
    )

st.divider()
st.subheader("Saisir une séance")
with st.form("network_session", clear_on_submit=False):
    a, b = st.columns(2)
    date = a.date_input("Date", value=dt.date.today(), format="DD/MM/YYYY")
    title = b.text_input("Intitulé")
    c, d, e = st.columns(3)
    theme = c.selectbox("Thème", list(V.THEMES), format_func=V.THEMES.get)
    hours = d.number_input("Durée (heures)", min_value=0.0, max_value=12.0, value=2.0, step=0.5)
    organiser = e.text_input("Organisateur")
    st.caption("Participants : ajoutez une ligne (+) par profession et institution (école, porteur, Ville…), sans nom.")
    grid = st.data_editor(
        pd.DataFrame(
            {
                "profession": pd.Series(dtype="object"),
                "institution": pd.Series(dtype="object"),
                "participants": pd.Series(dtype="Int64"),
            }
        ),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key="network_grid",
        column_config={
            "profession": st.column_config.SelectboxColumn(
                "Profession", options=list(V.PROFESSIONS.values()), required=True
            ),
            "institution": st.column_config.TextColumn("Institution", default=""),
            "participants": st.column_config.NumberColumn("Participants", min_value=0, step=1),
        },
    )
    if st.form_submit_button("Enregistrer la séance", type="primary"):
        user = current_user()
        problems = svc.save_session(
            session_date=date,
            title=title,
            theme=theme,
            duration_hours=hours,
            organiser=organiser,
            participants=grid,
            entered_by=user.username,
        )
        if problems:
            for p in problems:
                st.error(p, icon="⚠️")
        else:
            ui.clear_caches()
            st.success(f"Séance « {title.strip()} » du {fmt.date(date)} enregistrée.")

st.subheader("Importer une feuille « Vie du réseau »")
st.caption(
    "Classeur de la ville ou feuille du modèle : colonnes Date, Intitulé, Thème, Durée (h), Organisateur, "
    "Profession, Institution, Participants (une ligne par profession et institution ; une séance déjà "
    "saisie à la même date sous le même intitulé est remplacée). Une feuille « Équipes » (Porteur, Année "
    "scolaire, Fonction, Statut, Nombre de personnes, Heures par semaine) est lue aussi."
)
up = st.file_uploader("Fichier", type=["xlsx", "xls", "ods", "csv"], key="network_upload")
if up is not None and st.button("Importer ce fichier", key="network_import"):
    user = current_user()
    report = svc.import_network_upload(up.getvalue(), up.name, user.username)
    ui.clear_caches()
    status = {"loaded": st.success, "unchanged": st.info, "rejected": st.error}[report.status]
    status(
        f"{report.file} : {report.rows_loaded} ligne(s) importée(s), {report.rows_rejected} refusée(s)"
        + (" — fichier refusé, rien n'a été modifié." if report.status == "rejected" else ".")
    )
    if report.issues:
        ui.text_table(
            pd.DataFrame(
                [
                    {
                        "severity": SEVERITY_LABELS[i.severity],
                        "sheet": i.sheet or "",
                        "row": "" if i.row is None else str(i.row),
                        "column": i.column or "",
                        "message": i.message,
                    }
                    for i in report.issues
                ]
            ),
            {"severity": "Gravité", "sheet": "Feuille", "row": "Ligne", "column": "Colonne", "message": "Message"},
        )
