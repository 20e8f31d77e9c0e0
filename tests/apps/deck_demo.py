"""Test app: a fake two-page deck driven by deck_keys(), the slide in ?slide=N, for tests/test_deck_keys.py."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root, for `components`

from components.deck_keys import ACTIONS, deck_keys, deck_labels, parse_play, pending_action  # noqa: E402

# Two "pages" of SLIDES slides each, in meeting order; the last slide of the last page wraps to the first
# (as auto-play does in the real deck). Pages are st.navigation pages so that a step across them is a
# client-side page switch, as between the app's real pages.
PAGES = ("one", "two")
SLIDES = 3


def _slide(raw: object) -> int:
    """The nearest valid slide for a ?slide= value (malformed -> 1)."""
    try:
        return min(max(int(str(raw)), 1), SLIDES)
    except ValueError:
        return 1


def _show(page: str) -> None:
    lang = st.query_params.get("lang", "zh")
    # test_only_min_seconds: the loop test steps every 0.3 s; the real pages never lower the 5 s floor.
    play = parse_play(st.query_params.get("play"), test_only_min_seconds=0.3)
    slide = _slide(st.query_params.get("slide", "1"))
    keep = {k: v for k, v in st.query_params.to_dict().items() if k in ("lang", "play", "tall")}
    index = PAGES.index(page) * SLIDES + slide - 1  # position in the whole meeting, 0-based
    total = len(PAGES) * SLIDES

    def target(action: str, index: int) -> int:
        return {"next": (index + 1) % total, "prev": (index - 1) % total, "first": 0, "last": total - 1}[action]

    # As the real pages do (components/render/slides.py): step first, then draw the keys' element with the slide
    # shown and the actions that leave its page.
    action = pending_action()
    if action:
        t = target(action, index)
        target_page, target_slide = PAGES[t // SLIDES], t % SLIDES + 1
        st.session_state.steps = st.session_state.get("steps", 0) + 1
        if target_page != page:
            st.switch_page(NAV[target_page], query_params={**keep, "slide": str(target_slide)})
        slide, index = target_slide, t
    st.query_params["slide"] = str(slide)  # every step writes the URL, so a copied link reopens this slide
    leaving = tuple(a for a in ACTIONS if PAGES[target(a, index) // SLIDES] != page)
    result = deck_keys(slide_id=f"{page}:{slide}", play_seconds=play, leaving=leaving,
                       labels=deck_labels(lang if lang in ("zh", "en") else "zh"))
    st.title(f"Slide {page}-{slide}")
    st.markdown(f"Position {index + 1} / {len(PAGES) * SLIDES}")
    st.caption(f"paused={result.paused} steps={st.session_state.get('steps', 0)}")
    note = st.text_input("Note", key=f"note_{page}")
    st.caption(f"note=[{note}]")
    if st.query_params.get("tall") == "1":  # a page taller than the window: Space must still not scroll it
        st.container(height=2000, border=False).write("…")


NAV = {name: st.Page(lambda name=name: _show(name), title=name, url_path=name, default=(name == "one"))
       for name in PAGES}
st.navigation(list(NAV.values()), position="hidden").run()
