"""Renderers of a page's sections: the web page and the meeting's slides; and the cached content they draw."""

from __future__ import annotations

from functools import lru_cache

import streamlit as st

from .. import data
from ..content import build_page
from ..content.model import PageContent
from ..page import Page


def _load(name: str):
    return data.load_geojson(name) if name in data.GEOJSON_FILES else data.load_table(name)


@lru_cache(maxsize=48)
def _content(key: str, lang: str, folder: str, stamp: tuple) -> PageContent:
    return build_page(key, lang, _load)


def content_for(key: str, lang: str) -> PageContent:
    """A page's sections, built once per version of the data files (their mtimes and sizes) and language."""
    folder = data.data_dir()
    return _content(key, lang, str(folder), data.all_files_stamp(folder))


def render(page: Page, intro: bool = True) -> PageContent:
    """Draw the page: every section in order, or in presenter mode one slide."""
    from . import slides, web

    content = content_for(page.key, page.lang)
    with page.body or st.container():
        if page.present:
            slides.show_slides(page, content, content_for)
        else:
            web.show_page(page, content, intro=intro)
    return content
