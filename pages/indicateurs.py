"""Indicateurs clés: the landing page for elected officials (a handful of figures, year on year)."""

import streamlit as st

from clas.charts import trend_line
from clas.domain import disclosure, glossary
from clas.metrics import indicators
from clas.metrics import network as network_metrics
from clas.web import ui
from clas.web.session import guard

guard(__file__)  # first: only the roles allowed in clas/web/registry.py

st.title("Indicateurs clés")
year = ui.global_filters(("school_year",))["school_year"]
by_year = ui.query("key_indicators_by_year")
if by_year.empty or not year:
    ui.empty("Aucune donnée n'a encore été importée.")
    st.stop()
t = disclosure.threshold_from(ui.query("small_cell_threshold"))
cards = indicators.cards(by_year, year, t)
trends = indicators.trends(by_year, t)

previous = next((c.compared_to for c in cards if c.compared_to), None)
st.caption(
    f"Année scolaire {year}"
    + (f", variations par rapport à {previous}" if previous else "")
    + ". Survolez le point d'interrogation d'un indicateur pour sa définition."
)
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
if any(c.hidden for c in cards) or trends["value"].isna().any():
    st.caption(disclosure.note(t))

st.subheader("Évolution sur toutes les années")
if by_year["school_year"].nunique() < 2:
    st.caption("Une seule année scolaire importée : les courbes apparaîtront avec la suivante.")
specs = indicators.SPECS
for start in range(0, len(specs), 4):
    for col, spec in zip(st.columns(4), specs[start : start + 4]):
        with col:
            ui.chart(
                trend_line, trends[trends["indicator"] == spec.key], glossary.title(spec.key), key=f"trend_{spec.key}"
            )

with st.expander("Définitions des indicateurs"):
    st.markdown(
        "\n".join(f"- **{glossary.title(s.key)}** : {glossary.definition(s.key)}" for s in specs)
        + f"\n- **{glossary.title('small_cells')}** : {disclosure.note(t)}"
    )

# The network (issue 15): training sessions of the year, their participants and the share of the
# Éducation nationale (professionals, no child: nothing to mask).
network_cards = network_metrics.key_figures(ui.query("network_by_year"), year)
if network_cards:
    st.subheader("Vie du réseau")
    for col, (label, value, delta) in zip(st.columns(3), network_cards):
        col.metric(label, value, delta, delta_color="off")
