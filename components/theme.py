"""?theme=dark|light forces the look whatever the viewer's system setting: parse_theme() and force_theme()."""

# How Streamlit 1.67 can be forced (read from its frontend, static/js/utils.*.js, and measured in
# tests/test_theme.py):
# - The frontend honours ?embed_options=dark_theme / light_theme on its own, *without* embed=true: the
#   theme it starts with and the one it picks when the app's [theme.light]/[theme.dark] arrive come from
#   it first, and while it is in the URL no theme choice is written to localStorage. It is read when the
#   page loads; the choice then holds for the whole page, client-side page switches included (they do
#   not re-run the theme choice), even though st.page_link / st.switch_page drop the parameter from the
#   URL.
# - The stored choice (localStorage "stActiveTheme-<path of the first page opened>-v2") is per entry path
#   and is the viewer's own setting: not ours to overwrite.
# - st.context.theme.type reports the theme to Python, but may be wrong on a session's first run.
# - Streamlit refuses to set embed_options itself (st.query_params, st.page_link(query_params=...) and
#   st.switch_page raise "Query param embed and embed_options ... cannot be set programmatically").
# So: links carry ?theme= only, and force_theme() does the rest. Opened on a page drawn in the other theme
# (a fresh ?theme= link), its tiny in-page script covers the page in the wanted background and reloads it
# once with embed_options added; from then on the theme holds across every client-side page switch. It
# never reloads twice: with embed_options already in the URL it leaves things be (e.g. the viewer chose
# another theme in Streamlit's settings menu). A hand-made link that already has embed_options (e.g. a
# lobby screen's `/?present=1&play=20&theme=dark&embed_options=dark_theme`) opens with no reload at all.

from __future__ import annotations

from pathlib import Path

import streamlit as st

from . import streamlit_dom

THEMES = ("light", "dark")
EMBED_OPTION = {"light": "light_theme", "dark": "dark_theme"}
# What covers the page during the one reload: the theme's own background (Streamlit 1.67's defaults,
# which .streamlit/config.toml does not change).
COVER = {"light": "#ffffff", "dark": "#171614"}

# The element's script, sent inline with the element: about 1 KB, far below the 10 KB from which Streamlit caches
# a message (global.minCachedMessageSize).
JS = Path(__file__).with_name("theme.js").read_text(encoding="utf-8")

# Its slot in the page is hidden, as it draws nothing (two lines each: a one-line string with "[" or "/" is
# taken by Streamlit for a file path).
HTML = '<span data-zh-force-theme="1" hidden>\n</span>'
CSS = streamlit_dom.hide_slot("[data-zh-force-theme]")

_component = st.components.v2.component("zhenhai_force_theme", html=HTML, css=CSS, js=JS, isolate_styles=False)


def parse_theme(raw: object) -> str | None:
    """"dark" or "light" from a ?theme= value; anything else is None: follow the viewer's system."""
    value = str(raw).strip().lower() if raw is not None else ""
    return value if value in THEMES else None


def force_theme(theme: str | None, key: str = "zh_force_theme") -> None:
    """Make the page's look `theme` whatever the system setting (None: do nothing, follow the system).

    Call it first on the page: if the browser drew the page in the other theme (a ?theme= link without
    embed_options), it covers the page and reloads it once with embed_options added."""
    if theme not in THEMES:
        return
    _component(key=key, data={"theme": theme, "cover": COVER[theme], "app": streamlit_dom.SEL["app"]})
