"""Placeholder: the digital page is built under its own issue."""

import streamlit as st

from components.page import meeting_nav, page_setup

page = page_setup("digital")
st.title(page.t("common.nav.digital"))
meeting_nav(page)
