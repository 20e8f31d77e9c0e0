"""render(): a page drawn in Streamlit, every section in order (web) or one slide (presenter mode)."""

from __future__ import annotations

import streamlit as st

from ..content import content_for
from ..content.model import PageContent
from ..page import Page
from . import slides, web


def render(page: Page, intro: bool = True) -> PageContent:
    """Draw the page: every section in order, or in presenter mode one slide."""
    content = content_for(page.key, page.lang)
    with page.body or st.container():
        if page.present:
            slides.show_slides(page, content, content_for)
        else:
            web.show_page(page, content, intro=intro)
    return content
