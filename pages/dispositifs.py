"""Dispositifs et écoles (issue 15): the schemes each school offers, the pupils it oriented to CLAS, and the
« zones blanches » (schools that oriented no one). Élus see neighbourhoods only, never a count per school."""

import streamlit as st

from clas.charts.network import white_zones_map
from clas.domain import disclosure
from clas.metrics import network as M
from clas.store import geo
from clas.web import ui
from clas.web.session import current_user, guard

guard(__file__)  # first: only the roles allowed in clas/web/registry.py

st.title("Dispositifs et écoles")
year = ui.global_filters(("school_year",))["school_year"]
if not year:
    ui.empty("Aucune donnée n'a encore été importée.")
    st.stop()
st.caption(
    f"Année scolaire {year}. Dispositifs proposés dans les écoles (référentiel tenu sur la page "
    "Référentiels) et orientations vers le CLAS. Une « zone blanche » est une école dont aucun élève n'a "
    "été orienté vers le CLAS cette année."
)
by_nbh = ui.query("schemes_by_neighbourhood", school_year=year)
t = disclosure.threshold_from(ui.query("small_cell_threshold"))

shapes = None
try:
    shapes = geo.load_contours(geo.contours_path())
except geo.ContoursError:
    pass
if shapes is not None and not by_nbh.empty:
    st.subheader("Zones blanches par quartier")
    centre, zoom = geo.screen_view(shapes)
    ui.chart(white_zones_map(by_nbh.drop_duplicates("code"), shapes, centre, zoom), key="white_zones_map")

st.subheader("Dispositifs par quartier")
table = M.neighbourhood_schemes(by_nbh, t)
if table.empty:
    ui.empty("Aucune école dans le référentiel.")
else:
    scheme_cols = [c for c in table.columns if c not in ("neighbourhood", "schools", "white_zone_schools", "children")]
    ui.text_table(
        table,
        {
            "neighbourhood": "Quartier",
            "schools": "Écoles",
            "white_zone_schools": "Zones blanches",
            "children": "Enfants orientés",
            **{c: f"Écoles avec : {c}" for c in scheme_cols},
        },
        help={
            "children": "Enfants orientés vers le CLAS depuis les écoles du quartier (petits effectifs masqués).",
            "white_zone_schools": "Écoles sans aucune orientation cette année.",
        },
    )
    if table["children"].astype(str).str.startswith("<").any() or (table["children"] == disclosure.RATE_HIDDEN).any():
        st.caption(disclosure.note(t))

if current_user().aggregates_only:
    st.stop()  # élus: the neighbourhood is the finest level (no count per school)

st.subheader("Détail par école")
schools = ui.query("school_schemes_overview", school_year=year)
white = schools[schools["white_zone"]]
st.markdown(f"**{len(white)} école(s) sur {len(schools)}** sans aucune orientation vers le CLAS en {year}.")
only_white = st.toggle("Zones blanches seulement", key="only_white")
shown = white if only_white else schools
shown = shown.assign(status=shown["white_zone"].map({True: "Zone blanche", False: ""}))
ui.table(
    shown,
    {
        "school": "École",
        "neighbourhood": "Quartier",
        "schemes": "Dispositifs",
        "forms": "Fiches d'orientation",
        "children": "Élèves orientés",
        "forms_all_years": "Fiches (toutes années)",
        "status": "Zone blanche",
    },
    {"forms": "int", "children": "int", "forms_all_years": "int"},
)
