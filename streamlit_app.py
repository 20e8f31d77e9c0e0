"""The app's server: Streamlit's, serving app.py, with AppAddress added (components/app_address.py: a deep link
goes straight to the app instead of waiting 100 ms on a wrong address). `make run`, scripts/serve.sh, the tests and
the benchmarks start this file; Streamlit Community Cloud starts it as the main file. `streamlit run app.py` still
works, without that gain."""

import streamlit as st
from starlette.middleware import Middleware

from components.app_address import AppAddress

app = st.App("app.py", middleware=[Middleware(AppAddress)])
