"""Placeholder: the sources page is built under its own issue."""

import streamlit as st

from components.page import meeting_nav, page_setup

page = page_setup("sources")
st.title(page.t("common.nav.sources"))
meeting_nav(page)
