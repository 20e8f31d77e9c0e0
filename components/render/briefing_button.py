"""The briefing download on screen (built only when clicked)."""

from __future__ import annotations

from functools import partial

import streamlit as st

from .. import briefing, data
from ..page import Page

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def build_deck_for_download(lang: str) -> bytes:
    """The deck from the data this server shows (the pages' own cached loader); runs on click only."""
    return briefing.build_deck(lang, data.load)


def show_briefing_download(page: Page) -> None:
    """"下载汇报PPT": the meeting's deck in the viewer's language, built when the button is clicked."""
    st.download_button(
        page.t("briefing.button.label"), partial(build_deck_for_download, page.lang),
        file_name=briefing.file_name(page.lang), mime=PPTX_MIME, key=f"{page.key}_briefing",
        help=page.t("briefing.button.help"), icon=":material/slideshow:", on_click="ignore",
        type="tertiary" if page.present else "secondary",
    )


def has_home_download(page: Page) -> bool:
    """Whether the page carries the briefing's download under its title (the home page)."""
    return page.key == "home"


def show_home_download(page: Page) -> None:
    """The download under the home page's title (the web renderer draws every page)."""
    if has_home_download(page):
        show_briefing_download(page)
