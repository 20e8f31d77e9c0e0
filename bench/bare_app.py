"""The baseline for the benchmark: a bare Streamlit page, run and measured the same way as ours."""

import streamlit as st

st.title("Bare page")
st.write("A minimal page: one title and one line of text.")
