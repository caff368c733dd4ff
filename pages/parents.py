"""Engagement des parents: a funnel plot of the share of families reached, how uneven it is, parent actions,
welcome interviews. Rates are compared by funnel plot because providers differ a lot in size."""

import streamlit as st

from clas.charts import parents as pc
from clas.domain import disclosure, fmt
from clas.metrics import engagement
from clas.web import ui
from clas.web.session import guard

guard(__file__)  # first: only the roles allowed in clas/web/registry.py

st.title("Engagement des parents")
filters = ui.global_filters(("school_year", "provider_type", "neighbourhood", "grade_band"))
year = filters["school_year"]
threshold = disclosure.threshold_from(ui.query("small_cell_threshold"))

LEVELS = {
    "provider": ("Par porteur", "Porteur", "porteurs"),
    "neighbourhood": ("Par quartier de résidence", "Quartier", "quartiers"),
}
level = st.radio("Comparer", list(LEVELS), horizontal=True, key="parents_level", format_func=lambda k: LEVELS[k][0])
_, unit_label, unit_word = LEVELS[level]
reach = ui.query("parent_reach_by_unit", level=level, **filters)
this_year = reach[reach["school_year"] == year]
if this_year.empty:
    ui.empty("Aucun enfant inscrit pour ces filtres.")
    st.stop()

st.subheader("Familles touchées par au moins une action collective")
correct = st.checkbox(
    "Corriger la surdispersion",
    key="parents_overdispersion",
    help="Élargit les limites quand les taux varient plus que le hasard ne l'explique "
    "(Spiegelhalter, 2005) : seuls les écarts les plus marqués restent signalés.",
)
public = ui.public_view()
pub = engagement.published(reach, year, threshold, public)
funnel = engagement.funnel_of(pub, correct)
ui.chart(pc.funnel, funnel, threshold, unit_label, public=public, key="parents_funnel")
for sentence in engagement.flag_sentences(funnel, unit_word):
    st.markdown(f"**{sentence}**")
st.caption(
    "Lecture : chaque point est un " + unit_label.lower() + ", placé selon son nombre de familles (en abscisse) "
    "et la part de ses familles touchées par une réunion de parents ou un collectif (en ordonnée). Le trait noir "
    "est le taux d'ensemble, l'entonnoir les écarts que le hasard seul peut produire (95 % en tirets, 99,8 % en "
    "trait plein) ; un point hors de l'entonnoir à 99,8 % signale un écart réel.  \n"
    "Un petit " + unit_label.lower() + " au taux extrême n'est pas signalé : sur peu de familles, quelques "
    f"familles de plus ou de moins font varier le taux de dizaines de points ; un {unit_label.lower()} de moins de "
    f"{threshold} familles n'est jamais signalé."
)
dispersion = engagement.dispersion_sentence(funnel, correct)
if dispersion:
    st.caption(dispersion)
if pub.note(unit_word):
    st.caption(pub.note(unit_word))
if level == "provider":
    # The funnel counts enrolments, the key indicator children: the page says so in one line, with both values
    # when they are comparable (no filter other than the year, nothing pooled or left out).
    key = ui.query("key_indicators_by_year")
    key = key.loc[key["school_year"] == year, "families_reached_share"]
    comparable = (
        len(key) and not any(v for k, v in filters.items() if k != "school_year") and not (pub.pooled or pub.left_out)
    )
    st.caption(engagement.overall_sentence(funnel.p0, float(key.iloc[0]) if comparable else None, year))
if ui.is_porteur():
    network = ui.query(
        "parent_reach_network", threshold=threshold, min_providers=engagement.NETWORK_MIN_PROVIDERS, **filters
    )
    said = engagement.network_position(engagement.overall(pub.units), network.iloc[0] if len(network) else None)
    st.subheader("Votre position dans le réseau")
    if said:
        st.markdown(said)
        st.caption(
            "Les autres porteurs ne sont ni nommés ni chiffrés un à un : seuls le taux d'ensemble du réseau "
            f"et les quartiles des taux des porteurs d'au moins {threshold} familles sont donnés."
        )
    else:
        ui.empty(
            f"Trop peu de porteurs d'au moins {threshold} familles pour ces filtres (il en faut "
            f"{engagement.NETWORK_MIN_PROVIDERS}) : la comparaison au réseau n'est pas affichée."
        )

st.subheader("Inégalités d'engagement")
uneven = engagement.unevenness_by_year(reach, threshold)
current = uneven[uneven["school_year"] == year]
if current.empty or current["units"].iloc[0] < engagement.MIN_UNITS:
    n_units = 0 if current.empty else int(current["units"].iloc[0])
    ui.empty(
        f"Il faut au moins {engagement.MIN_UNITS} {unit_word} de {threshold} familles ou plus pour mesurer "
        f"les écarts ({n_units} pour ces filtres)."
    )
else:
    cur = current.iloc[0]
    # Lower is more even: delta_color="inverse" shows a fall in green.
    delta = lambda col, decimals=2: engagement.year_delta(uneven, year, col, decimals)  # noqa: E731
    cols = st.columns(4)
    cols[0].metric(
        "Taux min – max",
        f"{fmt.percent(cur['minimum'], 0)} – {fmt.percent(cur['maximum'], 0)}",
        help="Part des familles touchées du " + unit_label.lower() + " le moins et le plus engagé.",
    )
    cols[1].metric(
        "Rapport max / min",
        fmt.number(cur["ratio"], 1),
        delta=delta("ratio", 1),
        delta_color="inverse",
        help="Combien de fois le taux le plus haut dépasse le plus bas (« – » si le plus bas est nul).",
    )
    cols[2].metric(
        "Coefficient de variation",
        fmt.number(cur["cv"], 2),
        delta=delta("cv"),
        delta_color="inverse",
        help="Écart-type des taux divisé par leur moyenne : 0 si tous les taux sont égaux.",
    )
    cols[3].metric(
        "Indice de Gini",
        fmt.number(cur["gini"], 2),
        delta=delta("gini"),
        delta_color="inverse",
        help="0 : tous les taux sont égaux ; plus il approche de 1, plus l'engagement est concentré.",
    )
    ui.chart(pc.unevenness_trend, uneven[uneven["units"] >= engagement.MIN_UNITS])
    st.caption(
        f"Calculés sur les {int(cur['units'])} {unit_word} d'au moins {threshold} familles, chacun comptant "
        "pour un, quelle que soit sa taille (la taille est prise en compte par l'entonnoir)."
    )

# Full width, not two columns: eight action types need a legend that a half column would stack up.
st.subheader("Actions auprès des parents")
ui.chart(pc.actions_bars, ui.query("parent_actions_by_type", **filters), threshold, key="parents_actions")
st.caption(
    "Nombre d'actions déclarées par les porteurs qui tiennent une liste d'actions, par type "
    "(le filtre de niveau ne s'applique pas : une action réunit des familles de tous niveaux)."
)

st.subheader("Entretien d'accueil")
ui.chart(pc.welcome_bars, pub.units.reset_index(names="unit"), threshold, key="parents_welcome")
st.caption("Part des familles des enfants inscrits reçues en entretien d'accueil individuel.")

with st.expander("Tableau des taux"):
    ui.table(
        engagement.counts_table(reach, year, threshold, public),
        {
            "unit": unit_label,
            "families": "Familles",
            "share": "Part touchée par une action collective",
            "welcome_share": "Part reçue en entretien d'accueil",
        },
    )
    # No count total is published here, so primary suppression is enough (see clas/metrics/engagement.py).
    st.caption(
        pub.note(unit_word)
        if public and pub.note(unit_word)
        else f"Nombre de familles inférieur à {threshold} : « {disclosure.label(threshold)} » (secret statistique)."
    )
