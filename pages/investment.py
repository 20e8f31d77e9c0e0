"""Placeholder: the investment page is built under its own issue."""

import streamlit as st

from components.page import meeting_nav, page_setup

page = page_setup("investment")
st.title(page.t("common.nav.investment"))
meeting_nav(page)
