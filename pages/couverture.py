"""Couverture par quartier: map, priority areas vs others, and the table per neighbourhood."""

import streamlit as st

from clas.charts import coverage_map, priority_bars
from clas.domain import disclosure, glossary
from clas.metrics import coverage
from clas.store import geo
from clas.web import ui
from clas.web.session import guard

guard(__file__)  # first: only the roles allowed in clas/web/registry.py

st.title("Couverture par quartier")
filters = ui.global_filters(("school_year", "provider_type", "grade_band"))
if not filters["school_year"]:
    ui.empty("Aucune donnée n'a encore été importée.")
    st.stop()
t = disclosure.threshold_from(ui.query("small_cell_threshold"))
nbh, groups = coverage.suppress(
    ui.query("coverage_by_neighbourhood", **filters), ui.query("coverage_by_priority", **filters), t
)
sites = ui.query("provider_sites", **filters)
age = coverage.age_label(filters["grade_band"])
if nbh.loc[nbh["row_kind"] == "total", "forms"].iloc[0] == 0:
    ui.empty("Aucune fiche d'orientation pour ces filtres.")
    st.stop()

st.caption(
    f"Année scolaire {filters['school_year']}. Taux : enfants accompagnés habitant le quartier pour 100 "
    f"enfants de {age} qui y vivent. Les quartiers prioritaires (QPV) sont cerclés de noir."
)


@st.cache_data(show_spinner=False)
def contours(path: str, stamp: float):
    return geo.load_contours(path)


path = geo.contours_path()
try:
    shapes = contours(str(path), path.stat().st_mtime if path.exists() else 0)
except geo.ContoursError as exc:
    shapes = None
    st.warning(f"Carte indisponible : {exc}", icon="⚠️")
else:
    if shapes is None:
        st.info(
            "Carte indisponible : le fichier des contours des quartiers (data/reference/"
            "neighbourhoods.geojson) est absent. Le tableau ci-dessous donne les mêmes chiffres.",
            icon="🗺️",
        )
if shapes is not None:
    measure = st.radio(
        "Colorer les quartiers selon",
        ["rate", "count"],
        horizontal=True,
        key="coverage_measure",
        format_func={"rate": "le taux pour 100 enfants", "count": "le nombre d'enfants accompagnés"}.get,
    )
    data = coverage.map_data(nbh, measure, t, age)
    # Fitted to a phone (420 px wide, about 380 px of map): the whole city and every label fit there, so
    # nothing is cropped whatever the screen; a laptop shows the same view with more margin.
    centre, zoom = geo.screen_view(shapes)
    ui.chart(coverage_map, data, shapes, sites, measure, centre, zoom, key="coverage_map")
    missing = sorted(set(data["code"]) - {f["properties"][geo.MATCH_KEY] for f in shapes["features"]})
    if missing:
        st.caption("Quartiers sans contour dans le fichier GeoJSON : " + ", ".join(missing) + ".")

st.subheader("Quartiers prioritaires et autres quartiers")
ui.chart(priority_bars, coverage.group_bars(groups, t), unit=f"pour 100 enfants de {age}", key="coverage_priority")

st.subheader("Détail par quartier")
columns = {
    "name": "Quartier",
    "children_followed": glossary.title("children_followed"),
    "children_of_age": f"Enfants de {age}",
    "coverage_rate": glossary.title("coverage_rate_neighbourhood"),
    "forms": glossary.title("forms"),
    "waiting_list": glossary.title("waiting_list"),
}
ui.text_table(
    coverage.table_rows(nbh, t),
    columns,
    help={k: glossary.definition(k) for k in ("children_followed", "forms", "waiting_list")}
    | {
        "coverage_rate": glossary.definition("coverage_rate_neighbourhood"),
        "children_of_age": glossary.definition("children_6_14"),
    },
)
if nbh[["children_hidden", "forms_hidden", "waiting_hidden"]].to_numpy().any():
    st.caption(disclosure.note(t))
