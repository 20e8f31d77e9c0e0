"""Links between the app's pages drawn inside our own HTML, switched in the running app as st.page_link does.

Why: every st.page_link is an element of its own (a React component, and its code fetched when the first one
arrives). The top bar had eight of them, the home page's cards four and the meeting row two: a third of the home
page's elements. Here a link is a plain <a href> in a part of the page that is one element anyway, and one hidden
element per page (navigator()) makes a plain click on it switch pages without loading the document again:

- static/components/nav.js listens to clicks on the page's a[data-zh-nav]. A plain left click is sent to Python as
  this element's "go" trigger (page and query string); with a modifier key, a middle click, or before the script has
  loaded, the browser follows the href as any link (a new tab, or the same page loaded afresh).
- The rerun the trigger causes starts the current page's script; page_setup() calls follow_link() before it draws
  anything, and that switches to the page asked for (st.switch_page, with the link's own query parameters).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import streamlit as st

from . import streamlit_dom
from .markup import Html, h
from .sitemap import SCRIPT, URL_PATH
from .static_script import LOADER_JS, SCRIPTS_DIR, static_url

KEY = "zh_nav"
SCRIPT_URL = static_url(SCRIPTS_DIR / "nav.js")
# The parameters a link may carry to the next page (components/page.py's Page.params); anything else is dropped.
PARAMS = ("lang", "present", "play", "theme", "slide")
# It draws nothing where it is placed: its slot takes no room (two lines: a one-line string with "[" or "/" is
# taken by Streamlit for a file path).
_HTML = '<span data-zh-nav-hub="1" hidden>\n</span>'
_component = st.components.v2.component("zhenhai_nav", html=_HTML, css=streamlit_dom.hide_slot("[data-zh-nav-hub]"),
                                        js=LOADER_JS, isolate_styles=False)


def href(page_key: str, params: dict[str, str]) -> str:
    """The page's address relative to the document (so a base path or a proxy's sub-path is kept), with params."""
    query = urlencode(params)
    return "./" + URL_PATH[page_key].lstrip("/") + (f"?{query}" if query else "")


def link(page_key: str, label: str, params: dict[str, str], *, current: bool = False, class_: str | None = None,
         lang: str | None = None, title: str | None = None) -> Html:
    """<a> to one of the app's pages; switched in the running app once navigator() is on the page. title: a line
    that says more (shown on hover, read by screen readers after the link's name)."""
    return h("a", label, href=href(page_key, params), data_zh_nav=page_key, class_=class_, lang=lang, title=title,
             aria_current="page" if current else None)


def target(go: object) -> tuple[str, dict[str, str]] | None:
    """The page and query parameters a "go" trigger asks for, or None if it names no page of ours."""
    if not isinstance(go, dict) or go.get("page") not in SCRIPT:
        return None
    query = go.get("query")
    pairs = parse_qsl(query[:500], keep_blank_values=False) if isinstance(query, str) else []
    return go["page"], {k: v for k, v in pairs if k in PARAMS}


def follow_link() -> None:
    """Call before the page draws anything: if this rerun comes from a click on one of our links, go there."""
    seen = st.session_state.get(KEY)
    wanted = target(seen.get("go") if hasattr(seen, "get") else None)
    if wanted:
        st.switch_page(SCRIPT[wanted[0]], query_params=wanted[1])


def navigator() -> None:
    """The page's one hidden element that turns a click on a link into a page switch (static/components/nav.js)."""
    _component(key=KEY, data={"script": SCRIPT_URL}, on_go_change=_ignore)


def _ignore() -> None:
    """Streamlit reports only a component's values that have an on_<name>_change callback; this one does nothing."""
