"""Placeholder: the innovation page is built under its own issue."""

import streamlit as st

from components.page import meeting_nav, page_setup

page = page_setup("innovation")
st.title(page.t("common.nav.innovation"))
meeting_nav(page)
