"""Test app: two pages that force ?theme= with components/theme.py, linked both ways, for tests/test_theme.py."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root, for `components`

from components.theme import force_theme, parse_theme  # noqa: E402


def _show(name: str) -> None:
    theme = parse_theme(st.query_params.get("theme"))
    if st.query_params.get("paint") == "white":  # test only: a page drawn light whatever the theme says
        st.html("<style>[data-testid='stApp'] { background: #ffffff !important; }</style>")
    force_theme(theme)
    other = "b" if name == "a" else "a"
    st.title(f"Theme page {name}")
    st.caption(f"context theme: {st.context.theme.type}")
    # Both ways of changing page client-side: a link, and a button that switches page from Python. Both
    # carry ?theme= only (Streamlit will not set embed_options), so the URL loses embed_options.
    st.page_link(NAV[other], label=f"link to {other}", query_params={"theme": theme} if theme else {})
    if st.button(f"switch to {other}"):
        st.switch_page(NAV[other], query_params={"theme": theme} if theme else {})


NAV = {n: st.Page(lambda n=n: _show(n), title=n, url_path=n, default=(n == "a")) for n in ("a", "b")}
st.navigation(list(NAV.values()), position="hidden").run()
