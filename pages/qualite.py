"""Qualité des données: files received for a school year, completeness of the registers, schools to match
with the reference, children followed by several providers, the same child twice in a register.

Service use only: the tables below show pseudonymous ids and per-school spellings, never names.
"""

import hashlib

import streamlit as st

from clas.charts.quality import completeness_heatmap
from clas.domain import fmt
from clas.web import ui
from clas.web.markdown import escape_md
from clas.web.session import guard
from clas.workspace import quality as svc

guard(__file__)  # first: only the roles allowed in clas/web/registry.py

NOTHING = 0  # selectbox value: leave this spelling unmatched

st.title("Qualité des données")
year = ui.global_filters(("school_year",))["school_year"]
for kind, text in st.session_state.pop("quality_flash", []):
    getattr(st, kind)(escape_md(text))
if not year:
    ui.empty("Aucune donnée n'a encore été importée : déposez les fichiers des porteurs sur la page Imports.")
    st.stop()

# --- files received --------------------------------------------------------------------------------------
st.header(f"Fichiers reçus pour {year}")
received = ui.query("providers_received", school_year=year)
n_in, n_all = int(received["received"].sum()), len(received)
c1, c2 = st.columns(2)
c1.metric("Porteurs dont le fichier est importé", f"{n_in} sur {n_all}")
missing = received.loc[~received["received"], "provider"].tolist()
if missing:
    c2.markdown("**Fichier attendu de :**  \n" + "  \n".join(f"- {escape_md(p)}" for p in missing))
else:
    c2.success("Tous les porteurs du référentiel ont envoyé leur fichier.", icon=":material/check_circle:")
st.dataframe(
    received.assign(
        received=received["received"].map({True: "Reçu", False: "Manquant"}),
        imported_at=fmt.paris(received["imported_at"]),
    ),
    hide_index=True,
    width="stretch",
    key="received",
    column_order=["provider", "received", "file_name", "imported_at", "rows_loaded", "rows_rejected", "warnings"],
    column_config={
        # Widths add up to the page's width at 1280 px (about 800 px), each header written in full.
        "provider": st.column_config.TextColumn("Porteur", width=190),
        "received": st.column_config.TextColumn("Fichier", width=72),
        "file_name": st.column_config.TextColumn("Nom du fichier", width=206),
        "imported_at": st.column_config.DatetimeColumn("Importé le", format="DD/MM/YYYY", width=90),
        "rows_loaded": st.column_config.NumberColumn(
            "Importées", format="localized", width=80, help="Lignes importées (enfants)"
        ),
        "rows_rejected": st.column_config.NumberColumn(
            "Refusées", format="localized", width=74, help="Lignes refusées pour une erreur"
        ),
        "warnings": st.column_config.NumberColumn(
            "Avert.", format="localized", width=56, help="Avertissements : lignes importées à vérifier"
        ),
    },
)

# --- completeness ----------------------------------------------------------------------------------------
st.header("Complétude des registres")
st.caption(
    "Part des lignes où chaque information est renseignée, par porteur. Les cases orangées signalent "
    "les informations souvent laissées vides : à demander au porteur pour le prochain envoi. " + svc.COMPLETENESS_NOTE
)
ui.chart(
    completeness_heatmap,
    ui.query("completeness_by_provider", school_year=year),
    svc.COMPLETENESS_FIELDS,
    key="completeness",
)

# --- schools to match ------------------------------------------------------------------------------------
st.header("Écoles non reconnues")
unmatched = ui.query("unmatched_schools")
if unmatched.empty:
    st.markdown("Toutes les écoles écrites dans les fichiers en vigueur ont été retrouvées dans le référentiel.")
else:
    schools = ui.query("reference_schools")
    names = dict(zip(schools["school_id"].astype(int), schools["name"]))
    n = len(unmatched)
    ways = fmt.count(n, "façon d'écrire une école", "façons d'écrire une école")
    st.markdown(
        f"{ways} "
        f"{fmt.plural(n, 'ne correspond', 'ne correspondent')} à aucune école du "
        "référentiel (toutes années). Choisissez l'école voulue : la correspondance est enregistrée, les "
        "lignes déjà importées sont corrigées et les prochains fichiers la reconnaîtront. Les écoles les "
        "plus ressemblantes sont proposées en premier (★)."
    )
    shown = unmatched.head(30)
    with st.form("schools"):
        picked = {}
        for i, r in enumerate(shown.itertuples()):
            suggestions = svc.suggest_schools(r.school_label, schools)
            options = (
                [NOTHING]
                + [s.school_id for s in suggestions]
                + [sid for sid in names if sid not in {s.school_id for s in suggestions}]
            )
            stars = {s.school_id: f"★ {s.name}" for s in suggestions}
            left, right = st.columns([2, 3])
            left.text(f"{r.school_label}\n{fmt.count(r.rows, 'ligne')} — {r.providers} ({r.school_years})")
            picked[r.school_label] = right.selectbox(
                "École du référentiel",
                options,
                index=0,
                label_visibility="collapsed" if i else "visible",
                key=f"school_{hashlib.sha1(r.school_label.encode()).hexdigest()[:10]}",
                format_func=lambda sid, s_=stars: "— laisser tel quel —" if sid == NOTHING else s_.get(sid, names[sid]),
            )
        if len(unmatched) > len(shown):
            st.caption(
                f"Les {len(shown)} écritures les plus fréquentes sont affichées ; les autres apparaîtront "
                "une fois celles-ci rapprochées."
            )
        if st.form_submit_button("Enregistrer les rapprochements", type="primary"):
            chosen = {label: sid for label, sid in picked.items() if sid != NOTHING}
            if chosen:
                done = svc.record_school_aliases(chosen)
                ui.clear_caches()
                st.session_state.setdefault("quality_flash", []).append(
                    (
                        "success",
                        f"{fmt.count(len(done), 'écriture rapprochée')} ; "
                        f"{fmt.count(sum(done.values()), 'ligne déjà importée corrigée', 'lignes déjà importées corrigées')}.",
                    )
                )
                st.rerun()
            else:
                st.warning("Aucune école choisie : rien n'a été enregistré.")

# --- children followed twice -------------------------------------------------------------------------------
st.header("Enfants suivis par plusieurs porteurs")
multi = ui.query("children_multi_provider", school_year=year)
if multi.empty:
    st.markdown(f"Aucun enfant n'est inscrit chez plus d'un porteur en {year}.")
else:
    st.markdown(
        f"{fmt.count(len(multi), 'enfant')} {fmt.plural(len(multi), 'figure', 'figurent')} dans les registres de plusieurs porteurs en {year}. "
        "Ce peut être normal (un déménagement, un relais entre structures) ou un double comptage à "
        "vérifier avec les porteurs. L'identifiant est pseudonyme : il ne permet pas de retrouver "
        "l'enfant ; il sert à le repérer d'une ligne à l'autre."
    )
    st.dataframe(
        multi.assign(child_id=multi["child_id"].map(svc.short_id)),
        hide_index=True,
        width="stretch",
        key="multi",
        column_config={
            "child_id": st.column_config.TextColumn("Identifiant pseudonyme", width=150),
            "providers_count": st.column_config.NumberColumn("Porteurs", width=70),
            "providers": st.column_config.TextColumn("Porteurs (classe indiquée)", width="large"),
        },
    )

st.header("Même enfant deux fois dans un registre")
dups = ui.query("duplicate_rows", school_year=year)
if dups.empty:
    st.markdown(f"Aucun doublon signalé dans les fichiers en vigueur de {year}.")
else:
    st.markdown(
        f"{fmt.count(len(dups), 'ligne')} en double (même nom, prénom et date de naissance) : seule la "
        "première a été importée. À signaler au porteur."
    )
    st.dataframe(
        dups,
        hide_index=True,
        width="stretch",
        key="dups",
        column_order=["provider", "sheet", "row", "message", "file_name"],
        column_config={
            "provider": st.column_config.TextColumn("Porteur"),
            "file_name": st.column_config.TextColumn("Fichier"),
            "sheet": st.column_config.TextColumn("Feuille"),
            "row": st.column_config.NumberColumn("Ligne", format="plain"),
            "message": st.column_config.TextColumn("Message", width="large"),
        },
    )
