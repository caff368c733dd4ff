"""Explorer (for the service head): every cut of child_year, as a table, a chart and a download."""

import streamlit as st

from clas.charts import explorer as ec
from clas.metrics import explorer
from clas.web import ui
from clas.web.session import guard

me = guard(__file__)  # first: only the roles allowed in clas/web/registry.py
PORTEUR = me.role == "porteur"

st.title("Explorer")
if PORTEUR:
    st.caption(
        f"Vos propres fiches ({me.provider}) : filtrez sur n'importe quelle dimension, regroupez par une "
        "ou deux, choisissez la mesure, téléchargez le tableau."
    )
else:
    st.caption(
        "Filtrez sur n'importe quelle dimension, regroupez par une ou deux, choisissez la mesure. Page de "
        "travail du service : les effectifs ne sont pas masqués, ne la diffusez pas telle quelle."
    )

choices = explorer.options(ui.query("explorer_options"))
if not choices["school_year"]:
    ui.empty("La base ne contient encore aucune fiche d'orientation.")
    st.stop()
if "explorer_school_year" not in st.session_state:  # start on the year chosen on the other pages
    chosen = ui.global_value("school_year")
    st.session_state["explorer_school_year"] = [
        chosen if chosen in choices["school_year"] else choices["school_year"][-1]
    ]

selected: dict[str, list] = {}
with st.expander("Filtres", expanded=True):
    # A fresh row of three columns per three filters: on a narrow screen they stack in reading order.
    for i, (dim, d) in enumerate(explorer.DIMENSIONS.items()):
        if i % 3 == 0:
            cols = st.columns(3)
        selected[dim] = cols[i % 3].multiselect(
            d.label,
            choices[dim],
            key=f"explorer_{dim}",
            placeholder="Tous",
            format_func=lambda v, dim=dim: explorer.value_label(dim, v),
        )

NONE = ""
dim_names = [NONE, *explorer.DIMENSIONS]
label_of = lambda k: "(aucun)" if k == NONE else explorer.DIMENSIONS[k].label  # noqa: E731
c1, c2, c3 = st.columns(3)
measure = c1.selectbox(
    "Mesure", list(explorer.MEASURES), key="explorer_measure", format_func=lambda k: explorer.MEASURES[k].label
)
# A porteur has one provider: grouping by provider would draw a single bar; its neighbourhoods say more.
first = c2.selectbox(
    "Regrouper par",
    dim_names,
    index=dim_names.index("neighbourhood" if PORTEUR else "provider"),
    key="explorer_by",
    format_func=label_of,
)
second = c3.selectbox(
    "puis par", [k for k in dim_names if k != first or k == NONE], key="explorer_then", format_func=label_of
)
dims = [d for d in (first, second) if d != NONE]

counts = ui.query("explorer_table", **explorer.query_params(selected, dims))  # every measure, per group
if counts.empty:
    ui.empty("Aucune fiche d'orientation ne correspond à ces filtres.")
    st.stop()
table, formats = explorer.labelled(explorer.group(counts, dims, measure), dims, measure)
m = explorer.MEASURES[measure]
dim_labels = [explorer.DIMENSIONS[d].label for d in dims]

stacked = False
if len(dims) == 2 and m.kind == "int":
    stacked = st.toggle("Barres empilées", key="explorer_stacked")
ui.chart(ec.bars, table, dim_labels, m.label, m.kind, stacked=stacked)
if "criterion" in dims:
    st.caption("Regroupé par critère : une fiche compte dans chacun des critères cochés sur elle.")

# Tall enough to show up to 20 rows without an inner scroll bar (35 px a row plus the header).
ui.table(table, {c: c for c in table.columns}, formats, height=min(35 * (len(table) + 1) + 3, 738))
d1, d2, _ = st.columns([1, 1, 2])
d1.download_button(
    "Télécharger en CSV",
    lambda: explorer.to_csv(table, formats),  # written when clicked, not on every change of a filter
    file_name="clas-explorer.csv",
    mime="text/csv",
    icon=":material/download:",
    on_click=ui.audited("export", "explorer CSV"),
)
description = explorer.describe(selected, dims, measure)
d2.download_button(
    "Télécharger en Excel",
    lambda: explorer.to_xlsx(table, formats, description),
    file_name="clas-explorer.xlsx",
    icon=":material/download:",
    on_click=ui.audited("export", "explorer Excel"),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
