"""The floor: a bare Streamlit page with one Plotly chart, the same page setup as app.py and no work at all.
bench/bench_browser.py loads it alternately with each dashboard page; the ratio of the two is the page's
cost over what Streamlit and Plotly cost anyway on this machine."""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Plancher", layout="wide")
st.title("Plancher")
fig = go.Figure(go.Bar(x=["CP", "CE1", "CE2", "CM1", "CM2", "6e"], y=[12, 18, 15, 20, 11, 9]))
fig.update_layout(template="plotly_white", height=360, margin={"l": 40, "r": 10, "t": 30, "b": 40})
st.plotly_chart(fig, width="stretch")
