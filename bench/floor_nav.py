"""The floor for menu navigation: two bare pages with one Plotly chart each (bench/floor_app.py's page)."""

from pathlib import Path

import streamlit as st

here = Path(__file__).resolve().parent
st.set_page_config(page_title="Plancher", layout="wide")
st.navigation(
    [
        st.Page(str(here / "floor_app.py"), title="Plancher A", url_path="plancher_a", default=True),
        st.Page(str(here / "floor_app.py"), title="Plancher B", url_path="plancher_b"),
    ]
).run()
