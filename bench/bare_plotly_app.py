"""A second reference for the benchmark: the bare page plus one tiny Plotly chart, to show what the
Plotly library alone costs the browser (every chart page pays it; the bare page does not)."""

import plotly.graph_objects as go
import streamlit as st

st.title("Bare page")
st.write("A minimal page with one tiny Plotly chart.")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])))
