"""Rapport annuel: choose the school year, preview the key figures and sentences, download the PDF, the
workbook, the figures (zip of all). Same content as `python -m clas report` (clas.report)."""

import logging

import streamlit as st

from clas.report import collect, generate, get_ready
from clas.web import ui
from clas.web.session import guard

guard(__file__)  # first: only the roles allowed in clas/web/registry.py

st.title("Rapport annuel")
year = ui.global_filters(("school_year",))["school_year"]
if not year:
    ui.empty("Aucune donnée n'a encore été importée.")
    st.stop()
stamp = ui.stamp()


@st.cache_data(show_spinner=False, max_entries=8)
def preview(year_: str, stamp_: tuple) -> dict:
    report = collect(ui.connection(), year_)
    return {
        "previous": report.previous_year,
        "sentences": report.summary_sentences,
        "rows": [
            {
                "Indicateur": i.label,
                year_: i.value_text,
                **(
                    {report.previous_year: i.previous_text or "–", "Évolution": i.change_text or "–"}
                    if report.previous_year
                    else {}
                ),
            }
            for i in report.indicators
        ],
    }


KEPT = 4  # reports kept per process (a few MB each)


@st.cache_resource
def prepared() -> dict:
    """{(year, database version): the three outputs} this process has generated, the last KEPT. Not
    st.cache_data: the progress bar is drawn from inside the generation, and a cached function that draws
    on a block made outside it cannot be replayed in another session (Streamlit's CacheReplayClosureError:
    the second visitor's click failed). Opening the page for a report kept here starts no Chromium ahead."""
    return {}


def outputs(year_: str, stamp_: tuple, progress) -> dict:
    """The three outputs, generated once per school year and version of the database."""
    kept = prepared()
    if (year_, stamp_) not in kept:
        out = generate(ui.connection(), year_, progress=progress)
        kept[(year_, stamp_)] = {
            "xlsx": (out.xlsx_name, out.xlsx),
            "pdf": (out.pdf_name, out.pdf),
            "zip": (out.zip_name, out.zip()),
            "figures": len(out.figures),
        }
        for old in list(kept)[:-KEPT]:  # the oldest first (dicts keep their insertion order)
            kept.pop(old, None)
    return kept[(year_, stamp_)]


st.caption(
    f"Année scolaire {year}, tout le territoire (aucun autre filtre). Le rapport reprend les chiffres, les "
    "graphiques et le secret statistique des pages du tableau de bord."
)
summary = preview(year, stamp)
st.subheader("L'essentiel de l'année")
columns = list(summary["rows"][0])
st.dataframe(
    summary["rows"],
    hide_index=True,
    width="stretch",
    column_config={
        c: st.column_config.TextColumn(c, alignment=None if i == 0 else "right") for i, c in enumerate(columns)
    },
)
st.markdown("\n".join(f"- {s}" for s in summary["sentences"]))

st.subheader("Fichiers du rapport")
ready_key = f"report_ready_{year}"
if not st.session_state.get(ready_key):
    st.caption(
        "Le PDF (couverture, synthèse, un chapitre par thème, méthodologie), le classeur Excel et chaque "
        "graphique en PNG et SVG. La préparation prend une dizaine de secondes (une barre suit chaque chapitre) ; "
        "elle est ensuite gardée en mémoire jusqu'au prochain import."
    )
    if (year, stamp) not in prepared():
        get_ready()  # Chromium and the PDF's fonts, while the page is read
    if st.button("Préparer le rapport", type="primary", icon=":material/description:"):
        st.session_state[ready_key] = True
        st.rerun()
else:
    try:
        bar = st.progress(0.0, text="Préparation du rapport…")
        files = outputs(year, stamp, lambda share, text: bar.progress(min(share, 1.0), text=text))
        bar.empty()
    except Exception:  # noqa: BLE001 - the details go to the log, the user gets a French message
        logging.getLogger(__name__).exception("rapport annuel %s", year)
        st.error(
            "La préparation du rapport a échoué. Le détail est dans le journal de l'application ; "
            "la commande « python -m clas report » donne les mêmes fichiers.",
            icon="⚠️",
        )
        st.session_state.pop(ready_key, None)
        st.stop()
    cols = st.columns(3)
    name, data = files["pdf"]
    cols[0].download_button(
        "Rapport PDF",
        data,
        file_name=name,
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        width="stretch",
        on_click=ui.audited("export", f"rapport annuel {year} (PDF)"),
    )
    name, data = files["xlsx"]
    cols[1].download_button(
        "Tableaux Excel",
        data,
        file_name=name,
        icon=":material/table_view:",
        width="stretch",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click=ui.audited("export", f"rapport annuel {year} (Excel)"),
    )
    name, data = files["zip"]
    cols[2].download_button(
        "Tout (PDF, Excel, figures)",
        data,
        file_name=name,
        mime="application/zip",
        icon=":material/folder_zip:",
        width="stretch",
        on_click=ui.audited("export", f"rapport annuel {year} (zip)"),
    )
    st.caption(
        f"Le zip contient aussi les {files['figures']} graphiques en PNG (impression) et SVG (vectoriel), "
        "nommés d'après ce qu'ils montrent."
    )
