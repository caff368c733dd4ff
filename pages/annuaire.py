"""Annuaire CLAS: where to orient a pupil (issue 15). Providers' public facts, a map filterable by grade and
neighbourhood, the one-page PDF and the blank orientation form."""

import streamlit as st

from clas.charts.network import directory_map
from clas.domain import fmt, vocab
from clas.metrics import network as M
from clas.report import directory as D
from clas.store import geo
from clas.web import ui
from clas.web.session import guard

guard(__file__)  # first: only the roles allowed in clas/web/registry.py

st.title("Annuaire CLAS")
st.caption(
    "Les porteurs de l'accompagnement à la scolarité, pour orienter un élève : niveaux accueillis, "
    "jours et horaires, contact, places disponibles."
)
everything = ui.query("provider_directory")
a, b = st.columns(2)
grade = a.selectbox(
    "Niveau de l'élève",
    [None, *vocab.GRADES],
    key="directory_grade",
    format_func=lambda g: "Tous les niveaux" if g is None else vocab.label("grade", g),
)
nbh = b.selectbox(
    "Quartier",
    [None, *sorted(everything["neighbourhood"].dropna().unique())],
    key="directory_nbh",
    format_func=lambda n: "Tous les quartiers" if n is None else n,
)
rows = M.directory_rows(everything, grade, nbh)


left, right = st.columns(2)
if not D.pdf_available():  # WeasyPrint's system libraries missing: the page still works, without the PDFs
    st.warning("PDF indisponible sur ce serveur (WeasyPrint et ses bibliothèques Pango sont requis).", icon="⚠️")
else:
    # Laid out when clicked (WeasyPrint, ~1 s for both), not on every first visit of the page.
    directory_html = D.directory_html(M.directory_rows(everything, None, None))
    left.download_button(
        "Annuaire imprimable (PDF, une page)",
        lambda: D.pdf(directory_html),
        file_name="annuaire-clas.pdf",
        mime="application/pdf",
        icon=":material/print:",
        width="stretch",
        on_click=ui.audited("export", "annuaire CLAS (PDF)"),
    )
    right.download_button(
        "Fiche d'orientation à remplir (PDF)",
        D.orientation_form_pdf,
        file_name="fiche-orientation-clas.pdf",
        mime="application/pdf",
        icon=":material/assignment:",
        width="stretch",
        on_click=ui.audited("export", "fiche d'orientation (PDF)"),
    )

st.markdown(f"**{fmt.count(len(rows), 'porteur')}** pour ces critères.")
shapes = None
try:
    shapes = geo.load_contours(geo.contours_path())
except geo.ContoursError:
    pass
if shapes is not None:
    centre, zoom = geo.screen_view(shapes)
    ui.chart(directory_map(rows, shapes, centre, zoom), key="directory_map")
ui.text_table(
    rows.astype(object).fillna("–"),
    {
        "provider": "Porteur",
        "neighbourhood": "Quartier",
        "address": "Adresse",
        "grades": "Niveaux",
        "schedule": "Jours et horaires",
        "contact": "Contact",
        "places": "Places disponibles",
    },
)
