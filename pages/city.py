"""Placeholder: the city page is built under its own issue."""

import streamlit as st

from components.page import meeting_nav, page_setup

page = page_setup("city")
st.title(page.t("common.nav.city"))
meeting_nav(page)
