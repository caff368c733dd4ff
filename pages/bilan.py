"""Bilan annuel (issue 15): each provider's yearly bilan for the CAF and the city, and the network's, as laid
out in data/bilan.toml. A porteur sees and downloads its own only (its queries are scoped to it)."""

import streamlit as st

from clas.report import bilan
from clas.web import ui
from clas.web.session import current_user, guard

guard(__file__)  # first: only the roles allowed in clas/web/registry.py

st.title("Bilan annuel")
year = ui.global_filters(("school_year",))["school_year"]
if not year:
    ui.empty("Aucune donnée n'a encore été importée.")
    st.stop()
user = current_user()
if user.scope_provider:
    provider = user.scope_provider
else:
    providers = ui.query("bilan_providers", school_year=year)["provider"].tolist()
    provider = st.selectbox(
        "Porteur", [None, *providers], key="bilan_provider", format_func=lambda p: bilan.NETWORK if p is None else p
    )
st.caption(
    f"Année scolaire {year} — {provider or bilan.NETWORK}. Tableaux définis dans data/bilan.toml "
    "(lignes, colonnes et requête de chacun), adaptables au formulaire de chaque CAF sans programmation."
)
tables = bilan.build(lambda q, **kw: ui.query(q, **kw), year, provider)
st.download_button(
    "Télécharger le bilan (Excel)",
    lambda: bilan.workbook(tables, year, provider),  # written when clicked, not on every run
    file_name=bilan.file_name(year, provider),
    type="primary",
    icon=":material/download:",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click=ui.audited("export", f"bilan {year} {provider or 'réseau'}"),
)
for left, right in zip(tables[::2], tables[1::2] + [None], strict=False):
    cols = st.columns(2)
    for col, t in zip(cols, (left, right), strict=False):
        if t is None:
            continue
        with col:
            st.markdown(f"**{t.definition.title}**")
            df = t.frame.reset_index(names="")
            ui.table(df, {c: c for c in df.columns}, {c: "dec" for c in df.columns[1:]})
