"""deck_keys(): the slide deck's keyboard (clicker keys, blank screen) and auto-play countdown, as one in-page component."""

from __future__ import annotations

import re
from dataclasses import dataclass

import streamlit as st

from . import streamlit_dom
from .i18n import t
from .static_script import LOADER_JS, SCRIPTS_DIR, static_url

ACTIONS = ("next", "prev", "first", "last")
PLAY_MIN, PLAY_MAX = 5, 600  # seconds per slide in auto-play (#12)

# The element's script (keys, queue, countdown, blank screen) and how it works: static/components/deck_keys.js.
# It is sent on every rerun, so the element carries only the loader and this address (components/static_script.py).
SCRIPT_URL = static_url(SCRIPTS_DIR / "deck_keys.js")

# The component draws nothing where it is placed (its pill and overlay are fixed to the window), so its
# slot in the page is hidden: otherwise it would still take one gap of the vertical layout.
# (Both span two lines on purpose: Streamlit takes a one-line string with "[" or "/" for a file path.)
HTML = '<span data-zh-deck-keys="1" hidden>\n</span>'
CSS = streamlit_dom.hide_slot("[data-zh-deck-keys]")
# What the script reads of Streamlit's page (components/streamlit_dom.py): the app root and its script-state
# attribute (to send a key's action when the app is idle), tables (whose arrow keys are theirs).
DOM = {"app": streamlit_dom.SEL["app"], "dataframe": streamlit_dom.SEL["dataframe"],
       "script_state_attr": streamlit_dom.SCRIPT_STATE_ATTR}

_component = st.components.v2.component("zhenhai_deck_keys", html=HTML, css=CSS, js=LOADER_JS, isolate_styles=False)


@dataclass(frozen=True)
class DeckKeys:
    """What the viewer asked for on this rerun: a navigation action (once), and whether auto-play is paused."""

    action: str | None
    paused: bool


TEST_PLAY_FLOOR = 0.2  # the shortest step a test may ask for (seconds)


def parse_play(raw: object, *, test_only_min_seconds: float | None = None) -> float | None:
    """Seconds per slide from a `?play=` value: an integer from 5 to 600, else None (ignored, not an error).

    `test_only_min_seconds` lowers the floor for browser tests that must watch whole loops of the meeting (down to
    TEST_PLAY_FLOOR, and a decimal such as "0.3" is then taken); pages never pass it.
    """
    text = str(raw).strip() if raw is not None else ""
    if test_only_min_seconds is None:
        if not (text.isascii() and text.isdigit()):  # rejects "-5", "5.5", "1e3", "", full-width digits
            return None
        value: float = int(text)
        floor: float = PLAY_MIN
    else:
        if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", text):
            return None
        value = float(text)
        value = int(value) if value.is_integer() else value
        floor = max(TEST_PLAY_FLOOR, test_only_min_seconds)
    return value if floor <= value <= PLAY_MAX else None


def deck_labels(lang: str) -> dict[str, str]:
    """The countdown's and blank screen's texts in the language, for deck_keys(labels=...)."""
    return {
        "countdown": t("deck.play.countdown", lang),
        "countdown_aria": t("deck.play.countdown_aria", lang),
        "paused": t("deck.play.paused", lang),
        "paused_aria": t("deck.play.paused_aria", lang),
        "blank_aria": t("deck.blank.aria", lang),
    }


def pending_action(key: str = "deck_keys") -> str | None:
    """The action a key press sent for this rerun, read before the element is drawn: the page can then step
    first and draw the element with the slide it ends on (and the actions that leave it, for `leaving`)."""
    seen = st.session_state.get(key)
    action = seen.get("action") if hasattr(seen, "get") else None
    return action if action in ACTIONS else None


def deck_keys(
    *, slide_id: str, labels: dict[str, str], play_seconds: int | None = None, leaving: tuple[str, ...] | None = None,
    key: str = "deck_keys"
) -> DeckKeys:
    """Listen to the deck's keys on the whole page; returns the action the viewer asked for on this rerun.

    Call it once per run, on every slide, with a `slide_id` unique across the meeting (e.g. "city:3"): a new
    id restarts the auto-play countdown. `play_seconds` (from parse_play) turns auto-play on: a countdown
    pill in the bottom-right corner, "next" when it reaches zero, P to pause and resume (kept in the page
    across reruns and page switches, and reported back as `paused`). The action is a trigger: it is set on
    the one rerun the key press causes and None on every other, so pressing the same key twice steps twice.
    `leaving`: the actions that leave this page from this slide (None: unknown, every action may). After one
    of those the script waits for the app to settle before it sends the next press; after any other it sends
    it as soon as the rerun is over.
    """
    if play_seconds is not None and not (TEST_PLAY_FLOOR <= play_seconds <= PLAY_MAX):
        raise ValueError(f"play_seconds must be 1..{PLAY_MAX} (use parse_play), got {play_seconds!r}")
    # What Python last heard about "paused" (a fresh page starts from False); the page corrects it if needed.
    seen = st.session_state.get(key)
    seen_paused = bool(seen.get("paused")) if hasattr(seen, "get") else False
    result = _component(
        key=key,
        data={"script": SCRIPT_URL, "slide_id": str(slide_id), "play_seconds": play_seconds, "labels": labels,
              "paused": seen_paused, "dom": DOM,
              "leaving": None if leaving is None else list(leaving)},
        default={"paused": False},
        on_action_change=_ignore,
        on_paused_change=_ignore,
    )
    action = getattr(result, "action", None)
    return DeckKeys(action=action if action in ACTIONS else None, paused=bool(getattr(result, "paused", False)))


def _ignore() -> None:
    """Streamlit only reports a component's values that have an on_<name>_change callback; ours do nothing."""
