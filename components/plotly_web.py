"""A light Plotly renderer: plotly.js basic from static/, drawn by an inline components-v2 element (no iframe).

The element's script is static/components/plotly_web.js.
"""

from __future__ import annotations

import json
from pathlib import Path
from string import Template

import plotly.graph_objects as go
import streamlit as st

from . import streamlit_dom
from .figures.built import figure_spec
from .markup import Html, h
from .static_script import LOADER_JS, SCRIPTS_DIR, static_url

ROOT = Path(__file__).resolve().parent.parent
BUNDLE_DIR = ROOT / "static" / "plotly"
BUNDLE_FILE = BUNDLE_DIR / "plotly-basic.min.js"
BUNDLE_VERSION = (BUNDLE_DIR / "VERSION").read_text(encoding="ascii").strip()
# Relative to the document, like Streamlit's own ./static/js/... : the same file under a base path
# (server.baseUrlPath) or behind a proxy's sub-path. The version in the query string makes a new
# bundle a new URL for every cache on the way.
BUNDLE_URL = f"app/static/plotly/plotly-basic.min.js?v={BUNDLE_VERSION}"
# The trace types the basic bundle registers (npm plotly.js-basic-dist-min: "bar, pie and scatter").
# Anything else is drawn by st.plotly_chart, which loads Streamlit's full Plotly chunk.
BASIC_TRACES = frozenset({"bar", "scatter", "pie"})
DEFAULT_HEIGHT = 450  # plotly.js's own default, for a figure that sets none
# On a screen at most this wide (a phone; its column is about 350 px) plotly_web.js draws a figure's phone drawing
# when it has one.
PHONE_PX = 500

# The margins each chart settles on when drawn (scripts/plotly_margins.py measures them): sent with the chart as its
# seeds, so that a first visit draws it in one plotly pass (plotly_web.js). {chart key: {seed key: {l, r, t, b}}}.
MARGINS_FILE = Path(__file__).resolve().parent / "figures" / "plotly_margins.json"


def _read_margins() -> dict[str, dict]:
    """The table, or none when it cannot be read: a chart without seeds is drawn as before."""
    try:
        return json.loads(MARGINS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


MARGINS = _read_margins()

# Read by the browser tests and the benchmark: the element that holds one drawn figure.
CHART_SELECTOR = ".zh-plotly"

# In place as soon as the element mounts (before its script has run), so the chart's box is on the page
# with the rest of it.
_HTML = '<div class="zh-plotly" data-state="loading"><div class="zh-plotly-plot"></div><p class="zh-plotly-failed" hidden></p></div>'
# The element's script. Every chart is an element resent on every rerun, so it carries only the loader and this
# address (components/static_script.py), with the bundle's address and its HTML as data.
SCRIPT_URL = static_url(SCRIPTS_DIR / "plotly_web.js")
# hold_ms: the longest a held-back page waits to be shown; the bundle runs once it is (plotly_web.js, h.whenShown).
_SCRIPT_DATA = {"script": SCRIPT_URL, "bundle": BUNDLE_URL, "html": _HTML, "hold_ms": streamlit_dom.HOLD_MAX_S * 1000,
                "phone_px": PHONE_PX}
# Run from the page's first element on a page with charts (components/page.py): the browser fetches the chart
# element's script and the bundle while the rest of the page arrives and is drawn, instead of once the first chart
# has mounted. Only fetched: the bundle runs when the first chart asks for it (the same address, so the same
# response). A script, as st.html drops <link> elements; once per document.
PRELOAD_JS = (
    "(() => { for (const [rel, href] of " + json.dumps([["modulepreload", SCRIPT_URL], ["preload", BUNDLE_URL]])
    + ") { if (document.head.querySelector('link[data-zh-preload=\"' + rel + '\"]')) continue;"
    " const l = document.createElement('link'); l.rel = rel; l.href = href; l.dataset.zhPreload = rel;"
    " if (rel === 'preload') l.as = 'script'; document.head.appendChild(l); } })();")

_CSS = Template("""
.zh-plotly { width: 100%; height: 100%; position: relative; }
${hide_preload}
.zh-plotly-plot { width: 100%; }
.zh-plotly-failed { margin: 0; padding: 1rem 0; }
@media print {
  /* The figure scaled to the printed column's width (its layers carry a viewBox of the drawn size). */
  .zh-plotly, ${bidi_component}:has(> * .zh-plotly, > .zh-plotly) { height: auto !important; }
  .zh-plotly .svg-container { width: 100% !important; height: auto !important; aspect-ratio: var(--zh-aspect); }
  .zh-plotly svg.main-svg { width: 100% !important; height: 100% !important; }
  .zh-plotly .modebar-container { display: none !important; }
}
""").substitute(hide_preload=streamlit_dom.hide_slot(".zh-plotly-preload"),
                   bidi_component=streamlit_dom.SEL["bidi_component"])

COMPONENT_NAME = "zhenhai.plotly_web"
_mount = None


def _component():
    """The component's mount function, registered on first use (inside a script run, so AppTest's
    runtime and the server's both see it)."""
    global _mount
    if _mount is None:
        _mount = st.components.v2.component(COMPONENT_NAME, html=_HTML, js=LOADER_JS, css=_CSS, isolate_styles=False)
    return _mount


def trace_types(spec: dict) -> set[str]:
    """Every trace type a figure spec uses ('scatter' when a trace names none, as plotly.js does)."""
    return {tr.get("type") or "scatter" for tr in spec.get("data", [])}


def show_figure(fig, *, key: str, config: dict, height: int | str | None = None, failed: str = "",
                fullscreen_title: str = "Fullscreen", grow: bool = False, phone: dict | None = None) -> None:
    """Draw a Plotly figure with plotly.js basic, or with st.plotly_chart when it needs a trace type
    the basic bundle lacks. height: pixels (default: the figure's own), or "stretch" to fill the
    container (a slide). The element reserves that height before the bundle has loaded, so nothing
    below it moves when the chart appears. failed: the message shown if the bundle cannot load. grow: the
    figure's type grows with a wide container (a slide on a projector). fig: a Plotly figure, or one already
    as {data, layout} (figures.built.figure_json). phone: {data, layout} drawn instead on a screen at most PHONE_PX
    wide; when its height is not the figure's, the page must carry phone_height_css for this key first."""
    spec = fig if isinstance(fig, dict) else figure_spec(fig)
    if not trace_types(spec) <= BASIC_TRACES:
        st.plotly_chart(go.Figure(spec) if isinstance(fig, dict) else fig, width="stretch", height=height or "content", key=key, config=config)
        return
    h = None if height == "stretch" else int(height or spec["layout"].get("height") or DEFAULT_HEIGHT)
    data = {**_SCRIPT_DATA, "key": key, "figure": spec, "config": config, "height": h, "failed": failed,
            "fullscreen_title": fullscreen_title, "grow": grow}
    if key in MARGINS:
        data["seeds"] = MARGINS[key]
    element_height = h or "stretch"
    if phone is not None:
        data["phone"], data["phone_height"] = phone, phone_height(phone)
        if h is not None and data["phone_height"] != h:
            # Its own height on a wide screen, the phone drawing's on a phone: the element takes its box's height,
            # which the page's CSS keeps from the start (phone_height_css) and the script then sets.
            element_height = "content"
    _component()(
        key=key,
        data=data,
        height=element_height,
    )


def phone_height(phone: dict) -> int:
    return int(phone["layout"].get("height") or DEFAULT_HEIGHT)


def phone_height_css(key: str, height: int, phone: dict | None) -> Html | None:
    """A <style> that keeps a chart's room on the page, before its element's script has run, when its phone drawing
    is not as tall as its own (show_figure then lets the element take its box's height): its own height, and the
    phone drawing's on a screen at most PHONE_PX wide. By the st-key-<key> class Streamlit gives the element's slot
    (streamlit_dom: key_page, chart_box). None when nothing is needed."""
    if phone is None or phone_height(phone) == height:
        return None
    slot = f".st-key-{key}"
    return h("style", f"{slot} {{ min-height: {height}px; }}\n"
                      f"@media (max-width: {PHONE_PX}px) {{ {slot} {{ min-height: {phone_height(phone)}px; }} }}")


def preload(key: str = "plotly_preload") -> None:
    """Start loading the bundle now, drawing nothing: on a slide without charts (the meeting's title slide)
    it is in the browser's cache before the first chart slide needs it."""
    _component()(key=key, data={**_SCRIPT_DATA, "preload": True}, height=1)


def spec_from_element(element) -> dict | None:
    """{data, layout} of a figure as AppTest sees it, whichever way it was drawn: our element's data or
    st.plotly_chart's spec; None for any other element. For tests and the benchmark."""
    if element.type == "plotly_chart":
        spec = json.loads(element.proto.spec)
    elif element.type == "bidi_component" and element.proto.component_name == COMPONENT_NAME:
        spec = json.loads(element.proto.json).get("figure")
        if spec is None:
            return None  # preload(): no figure
    else:
        return None
    return {"data": spec["data"], "layout": spec["layout"]}
