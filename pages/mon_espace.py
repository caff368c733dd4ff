"""Mon espace (porteur): its own figures, the state of its files and their problems, what the city expects
in its next file, and its position in the network (anonymised)."""

import streamlit as st

from clas.domain import disclosure, fmt
from clas.metrics import indicators, own_space
from clas.web import ui
from clas.web.benchmark import network_position
from clas.web.markdown import escape_md
from clas.web.session import guard
from clas.workspace import quality as quality_svc
from clas.workspace.imports import template_bytes

me = guard(__file__)  # first: only the roles allowed in clas/web/registry.py

st.title("Mon espace")
st.caption(
    f"{escape_md(me.provider)} — vos propres chiffres et vos fichiers. Les autres porteurs ne voient "
    "rien de vos données ; vous voyez seulement le taux d'ensemble du réseau."
)
year = ui.global_filters(("school_year",))["school_year"]
history = ui.query("import_history")
if not year:
    st.info(
        "Aucun fichier n'a encore été importé pour votre structure : déposez votre registre sur la page « Imports ».",
        icon=":material/upload_file:",
    )
    st.page_link("pages/imports.py", label="Déposer mon fichier", icon=":material/upload_file:")
    st.stop()
t = disclosure.threshold_from(ui.query("small_cell_threshold"))

# --- my figures ----------------------------------------------------------------------------------------------
st.subheader(f"Mes chiffres {year}")
by_year = ui.query("key_indicators_by_year")
if by_year[by_year["school_year"] == year].empty:
    ui.empty(f"Aucune fiche d'orientation de votre structure pour {year}.")
else:
    # « Porteurs actifs » is always 1 here: left out.
    cards = [c for c in indicators.cards(by_year, year, t) if c.key != "providers_active"]
    for start in range(0, len(cards), 4):
        for col, card in zip(st.columns(4), cards[start : start + 4]):
            col.metric(
                card.label,
                card.value,
                card.delta,
                delta_color=card.color,
                delta_arrow=card.arrow,
                help=card.help,
                border=True,
            )

# --- my files ------------------------------------------------------------------------------------------------
st.subheader("Mes fichiers")
files = own_space.files_by_year(history)
this_year = files[files["school_year"] == year]
if this_year.empty:
    st.warning(f"Votre fichier pour {year} n'a pas encore été reçu.", icon=":material/schedule:")
st.dataframe(
    files.assign(imported_at=fmt.paris(files["imported_at"])),
    hide_index=True,
    width="stretch",
    key="own_files",
    column_config={
        "school_year": st.column_config.TextColumn("Année", width=90),
        "file_name": st.column_config.TextColumn("Fichier en vigueur", width="medium"),
        "imported_at": st.column_config.DatetimeColumn("Importé le", format="DD/MM/YYYY HH:mm", width=130),
        "rows_loaded": st.column_config.NumberColumn("Lignes importées", format="localized", width=120),
        "rows_rejected": st.column_config.NumberColumn("Lignes refusées", format="localized", width=120),
        "warnings": st.column_config.NumberColumn("Avertissements", format="localized", width=120),
    },
)
issues = ui.query("own_file_issues", school_year=year)
st.markdown(f"**{own_space.problems_summary(issues)}**")
if not issues.empty:
    st.caption(
        "Les lignes refusées (« Erreur ») ne sont pas dans le tableau de bord : corrigez-les dans votre "
        "fichier et déposez-le de nouveau sur la page Imports, il remplacera celui-ci. « Ligne » est le "
        "numéro de la ligne dans votre tableur."
    )
    st.dataframe(
        issues.assign(
            severity=issues["severity"].map({"error": "Erreur", "warning": "Avertissement"}),
            sheet=issues["sheet"].fillna("—"),
            column=issues["column"].fillna("—"),
            row=issues["row"].map(lambda r: "—" if r is None or r != r else str(int(r))),
        ),
        hide_index=True,
        width="stretch",
        key="own_issues",
        column_order=["severity", "sheet", "row", "column", "message"],
        column_config={
            "severity": st.column_config.TextColumn("Gravité", width=110),
            "sheet": st.column_config.TextColumn("Feuille", width=120),
            "row": st.column_config.TextColumn("Ligne", width=70),
            "column": st.column_config.TextColumn("Colonne", width=150),
            "message": st.column_config.TextColumn("Message", width="large"),
        },
    )
st.page_link(
    "pages/imports.py", label="Déposer un fichier corrigé ou un nouveau fichier", icon=":material/upload_file:"
)

# --- what the city expects next --------------------------------------------------------------------------------
st.subheader("Ce que la ville attend dans votre prochain fichier")
missing = own_space.missing_fields(
    ui.query("completeness_by_provider", school_year=year), quality_svc.COMPLETENESS_FIELDS
)
left, right = st.columns([3, 1])
with left:
    if this_year.empty:
        st.markdown(f"Votre registre {year}, rempli à partir du modèle de la ville.")
    elif missing.empty:
        st.markdown("Votre registre est complet : chaque information est renseignée sur au moins 90 % des lignes.")
    else:
        st.markdown(
            f"Ces informations sont souvent laissées vides dans votre fichier {year} ; pensez à les compléter :"
        )
        ui.text_table(missing, {"Information": "Information", "Renseignée": "Renseignée", "Sur": "Sur"})
right.download_button(
    "Télécharger le modèle",
    template_bytes,  # built when clicked, not on every first visit
    file_name="modele-registre-CLAS.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    key="own_template",
    width="stretch",
    help="Le classeur de la ville : colonnes attendues, listes déroulantes, consignes.",
)

# --- my position in the network -------------------------------------------------------------------------------
st.subheader("Ma position dans le réseau")
shown = False
for column, short, what in (
    ("reached", "Action collective", "Familles touchées par au moins une action collective"),
    ("welcomed", "Entretien d'accueil", "Familles reçues en entretien d'accueil"),
):
    pos = network_position(year, t, column)
    if pos is None:
        continue
    shown = True
    c1, c2 = st.columns([1, 3])
    c1.metric(
        short,
        fmt.percent(pos.own, 0),
        help=what,
        delta=fmt.signed_number((pos.own - pos.network) * 100, 0, "\u00a0pts") + " / réseau",
        delta_color="normal",
        border=True,
    )
    c2.markdown(pos.sentence(what))
if shown:
    st.caption(
        "Le réseau : tous les porteurs de la ville pour cette année. Les quartiles sont calculés sur les "
        f"porteurs d'au moins {t} familles ; aucun autre porteur n'est nommé ni chiffré."
    )
else:
    ui.empty(f"Aucun enfant inscrit dans votre structure en {year} : pas de position à calculer.")
