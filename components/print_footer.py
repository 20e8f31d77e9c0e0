"""The printed page's footer: the data date and the page's address on every printed sheet (every page)."""

from __future__ import annotations

import urllib.parse
from html import escape

import streamlit as st

from .content import content_for


def print_footer_text(page, url: str) -> str:
    """What every printed page carries at its foot: the data date and the page's address."""
    home = content_for("home", page.lang)
    date = next((s.takeaway for s in home.sections if s.kind == "title"), "")
    return page.t("briefing.print.footer", date=date, url=url)


def _css_string(text: str) -> str:
    """Text as a quoted CSS string: quotes, backslashes, angle brackets (anything that could end the string
    or the style element) written as CSS escapes."""
    return '"' + "".join(c if c.isalnum() or c in " .,:;/?=&%·：-_()（）" else f"\\{ord(c):x} " for c in text) + '"'


def print_page_css(text: str) -> str:
    """The printed pages' margin boxes: the footer words on the left, 'page / pages' on the right."""
    box = "font-size: 8pt; color: #555;"
    return (f"<style>@media print {{ @page {{ @bottom-left {{ content: {_css_string(text)}; {box} }}"
            f" @bottom-right {{ content: counter(page) ' / ' counter(pages); {box} white-space: nowrap; }} }} }}</style>")


def print_footer_html(page) -> str:
    """The printed page's footer: the data date and the page's address (every page, from page_setup, in the
    element of the page's style): a line at the top of the printout (hidden on screen) and the same words at
    the foot of every printed page with its number (page margin boxes; a browser without them still prints
    the line)."""
    # The address as the browser has it, with the view's parameters (language, map focus) that the
    # context leaves out, so the printed address opens the same view.
    url = str(st.context.url or "")
    if url:
        parts = urllib.parse.urlsplit(url)
        # The app's root is written with its slash ("/zhenhai/", not "/zhenhai"), as the proxy serves it.
        base = "/" + str(st.get_option("server.baseUrlPath") or "").strip("/")
        path = parts.path or "/"
        if path.rstrip("/") == base.rstrip("/"):
            path = base.rstrip("/") + "/"
        url = urllib.parse.urlunsplit(parts._replace(path=path, query=urllib.parse.urlencode(st.query_params.to_dict())))
    text = print_footer_text(page, url)
    return f'<p class="zh-print-footer">{escape(text, quote=False)}</p>' + print_page_css(text)
