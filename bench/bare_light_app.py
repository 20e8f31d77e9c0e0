"""A third reference: the bare page plus the same tiny Plotly chart drawn by our light renderer
(components/plotly_web.py: plotly.js basic from static/, served through bench/static -> ../static)."""

import sys
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` puts bench/ on the path, not the root

from components import plotly_web  # noqa: E402

st.title("Bare page")
st.write("A minimal page with one tiny Plotly chart, drawn by plotly.js basic.")
plotly_web.show_figure(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])), key="bare_light_chart", config={})
