"""The take-away on screen: the briefing download (built only when clicked) and the printed page's footer line."""

from __future__ import annotations

import html
import urllib.parse
from functools import partial

import streamlit as st

from .. import briefing
from ..page import Page

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def build_deck_for_download(lang: str) -> bytes:
    """The deck from the data this server shows (the pages' own cached loader); runs on click only."""
    from . import _load

    return briefing.build_deck(lang, _load)


def show_briefing_download(page: Page) -> None:
    """"下载汇报PPT": the meeting's deck in the viewer's language, built when the button is clicked."""
    st.download_button(
        page.t("briefing.button.label"), partial(build_deck_for_download, page.lang),
        file_name=briefing.file_name(page.lang), mime=PPTX_MIME, key=f"{page.key}_briefing",
        help=page.t("briefing.button.help"), icon=":material/slideshow:", on_click="ignore",
        type="tertiary" if page.present else "secondary",
    )


def print_footer_text(page: Page, url: str) -> str:
    """What every printed page carries at its foot: the data date and the page's address."""
    from . import content_for

    home = content_for("home", page.lang)
    date = next((s.takeaway for s in home.sections if s.kind == "title"), "")
    return page.t("briefing.print.footer", date=date, url=url)


def _css_string(text: str) -> str:
    """Text as a quoted CSS string: quotes, backslashes and anything that could end the style escaped."""
    return '"' + "".join(c if c.isalnum() or c in " .,:;/?=&%·：-_()（）" else f"\\{ord(c):x} " for c in text) + '"'


def show_take_away(page: Page) -> None:
    """Under a page's title: the print-only footer line (every page) and, on the home page, the download."""
    # The address as the browser has it, with the view's parameters (language, map focus) that the
    # context leaves out, so the printed address opens the same view.
    url = str(st.context.url or "")
    if url:
        parts = urllib.parse.urlsplit(url)
        url = urllib.parse.urlunsplit(parts._replace(path=parts.path or "/",
                                                     query=urllib.parse.urlencode(st.query_params.to_dict())))
    text = print_footer_text(page, url)
    # A line under the title on the printout, and the same words at the foot of every printed page (a
    # page margin box: browsers without them still print the line).
    st.html(f"<div class='print-footer'>{html.escape(text)}</div><style>@media print {{ @page {{ @bottom-left {{"
            f" content: {_css_string(text)}; font-size: 8pt; color: #555; }} @bottom-right {{"
            " content: counter(page) ' / ' counter(pages); font-size: 8pt; color: #555; } } }</style>")
    if page.key == "home":
        show_briefing_download(page)
