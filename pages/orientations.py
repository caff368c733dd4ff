"""Orientations: who orients the children, on which criteria, when, and what becomes of the forms."""

import streamlit as st

from clas.charts import orientations as oc
from clas.domain import fmt, glossary
from clas.web import ui
from clas.web.session import guard

guard(__file__)  # first: only the roles allowed in clas/web/registry.py

st.title("Orientations")
filters = ui.global_filters(("school_year", "provider_type", "neighbourhood", "grade_band"))

flows = ui.query("orientation_flows", **filters)
if flows.empty:
    ui.empty("Aucune fiche d'orientation pour ces filtres.")
    st.stop()

delays = ui.query("orientation_delay_by_provider", **filters)
by_outcome = flows.groupby("outcome")["forms"].sum()
total_delay = delays.loc[delays["is_total"], "median"]
cols = st.columns(4)
cols[0].metric("Fiches d'orientation", fmt.number(flows["forms"].sum()))
cols[1].metric(
    glossary.title("enrolments"),
    fmt.number(by_outcome.get("inscrit", 0)),
    help=glossary.definition("enrolments")
    + " D'où l'écart avec les « "
    + glossary.title("children_followed")
    + " » des Indicateurs clés, où chaque enfant compte une fois.",
)
cols[2].metric("En liste d'attente", fmt.number(by_outcome.get("liste_attente", 0)))
cols[3].metric("Délai médian avant l'entrée", f"{fmt.number(total_delay.iloc[0])} j" if len(total_delay) else "–")

st.subheader("Des orientations aux suites données")
first = st.radio(
    "Premier niveau du diagramme",
    ["source", "criterion"],
    horizontal=True,
    key="orientations_first",
    format_func={"source": "Qui a orienté", "criterion": "Critères cochés"}.get,
)
criteria_flows = ui.query("orientation_criteria_flows", **filters) if first == "criterion" else None
ui.chart(oc.sankey, flows, criteria_flows)
st.caption(
    "Chaque fiche d'orientation va de qui a orienté l'enfant (ou des critères cochés) au porteur, puis à "
    "la suite donnée. "
    + (
        "Avec les critères, chaque fiche est partagée à parts égales entre ses critères "
        "(le survol donne le nombre de fiches qui cochent chaque critère)."
        if first == "criterion"
        else ""
    )
)

st.subheader("Critères cochés sur les fiches")
ui.chart(oc.criteria_bars, ui.query("orientation_criteria", **filters))
st.caption(
    "Part des fiches d'orientation de chaque niveau où le critère est coché (2 à 4 critères par fiche : "
    "les parts ne s'additionnent pas)."
)

# One chart a row: twelve month names and long provider names both need the page's width.
st.subheader("Orientations au fil de l'année")
ui.chart(oc.monthly_bars, ui.query("orientations_by_month", **filters))
st.caption("Fiches par mois de la date d'orientation, de septembre à août.")

st.subheader("Suites données par porteur")
ui.chart(oc.outcomes_stacked, ui.query("outcomes_by_provider", **filters))
st.caption("Toutes les fiches reçues par chaque porteur ; en orange, les enfants en liste d'attente.")

st.subheader("Délai entre l'orientation et l'entrée")
ui.chart(oc.delay_boxes, delays)
st.caption(
    "Pour les enfants inscrits dont les deux dates sont connues : la boîte va du premier au troisième "
    "quartile, le trait central est la médiane, les moustaches le plus court et le plus long délai."
)
