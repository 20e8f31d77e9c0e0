"""after_drawn(): what a phone loads only once the page's words are shown (issue 21.4).

The city page's map brings 2.9 MB of JavaScript (deck.gl). Requested with the rest of the page, it is what a phone on
mobile data waits for before it sees anything: on Lighthouse's mobile preset the city page's largest paint came at
2.2x the bare page's, every other page's at about 1.1x. On a phone (its browser says "Mobile") the page is therefore
drawn first with a box of the map's size in its place, and a small hidden element asks for one rerun once the page
has been shown; that run, and every later one in the session, draws the map. Other browsers get the map at once.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from . import streamlit_dom

JS = Path(__file__).with_name("after_drawn.js").read_text(encoding="utf-8")
# It draws nothing: its slot takes no room (two lines each: a one-line string with "[" or "/" is taken by Streamlit
# for a file path).
HTML = '<span data-zh-after-drawn="1" hidden>\n</span>'
CSS = streamlit_dom.hide_slot("[data-zh-after-drawn]")

_component = st.components.v2.component("zhenhai_after_drawn", html=HTML, css=CSS, js=JS, isolate_styles=False)


def on_phone() -> bool:
    """Whether the viewer's browser says it is a phone's (Android's and iOS's browsers put "Mobile" in their
    User-Agent; WeChat's does too). False without a browser (AppTest, scripts)."""
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except Exception:  # no session context (bare mode)
        return False
    return "Mobile" in agent


def shown_once(key: str) -> bool:
    """True once this session's page has been shown since the first call (then on every run of the session);
    until then it draws the hidden element that asks for the rerun, and returns False."""
    done = f"{key}_done"
    if st.session_state.get(done):
        return True
    seen = st.session_state.get(key)
    if hasattr(seen, "get") and seen.get("drawn"):  # this run is the one the element asked for
        st.session_state[done] = True
        return True
    _component(key=key, data={}, on_drawn_change=_ignore)
    return False


def _ignore() -> None:
    """Streamlit only reports a component's values that have an on_<name>_change callback; ours does nothing."""
