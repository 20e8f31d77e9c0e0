"""A light Plotly renderer: plotly.js basic from static/, drawn by an inline components-v2 element (no iframe)."""

from __future__ import annotations

import json
from pathlib import Path

import plotly.io as pio
import streamlit as st

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

# Read by the browser tests and the benchmark: the element that holds one drawn figure.
CHART_SELECTOR = ".zh-plotly"

# In place as soon as the element mounts (before this module has run), so the chart's box is on the page
# with the rest of it.
_HTML = '<div class="zh-plotly" data-state="loading"><div class="zh-plotly-plot"></div><p class="zh-plotly-failed" hidden></p></div>'

_JS = r"""
const URL_ = "__BUNDLE_URL__", HTML = '__HTML__';
const hub = window.__zhPlotlyWeb || (window.__zhPlotlyWeb = (() => {
  const h = {charts: new Set(), ready: null, loads: 0};
  // Theme: read from the page's own colours, so any way of setting it (Streamlit's menu, the system
  // setting, a forced theme in CSS) is followed. Re-read when Streamlit re-runs us (it does on a theme
  // change), when the system flips, when <html> or <head> change; anything else may call retheme().
  // A chart is redrawn only if the colours under it changed.
  let queued = false;
  h.retheme = () => { if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; h.charts.forEach(c => c.sync()); }); } };
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", h.retheme);
  new MutationObserver(h.retheme).observe(document.documentElement, {attributes: true});
  new MutationObserver(h.retheme).observe(document.head, {childList: true});
  h.load = () => h.ready || (h.ready = new Promise((ok, fail) => {
    const s = document.createElement("script");
    s.src = new URL(URL_, document.baseURI).href;
    s.async = true;
    s.id = "zh-plotly-basic";
    // Our own reference: Streamlit's Plotly chunk (the st.plotly_chart fallback) also sets window.Plotly.
    s.onload = () => window.Plotly ? ok(h.P = window.Plotly) : fail(new Error("no Plotly"));
    s.onerror = () => { h.ready = null; s.remove(); fail(new Error("could not load " + s.src)); };
    h.loads += 1;
    document.head.appendChild(s);
  }).then(P => document.fonts.ready.then(() => P)));
  return h;
})());

const rgb = s => { const m = (s || "").match(/[\d.]+/g); return m && m.length >= 3 ? m.map(Number) : null; };
const css = (c, a) => `rgba(${c[0]},${c[1]},${c[2]},${a === undefined ? 1 : a})`;
const mix = (a, b, t) => [0, 1, 2].map(i => Math.round(a[i] * (1 - t) + b[i] * t));

function pageTheme(el) {
  // The colour the chart sits on: the first ancestor with an opaque background (not the box's own,
  // which draw() sets from this).
  let bg = null;
  for (let n = el.parentElement; n && n.nodeType === 1 && !bg; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c && (c.length < 4 || c[3] > 0.5)) bg = c;
  }
  const sysDark = matchMedia("(prefers-color-scheme: dark)").matches;
  bg = bg || (sysDark ? [14, 17, 23] : [255, 255, 255]);
  const lum = (0.2126 * bg[0] + 0.7152 * bg[1] + 0.0722 * bg[2]) / 255;
  const fg = rgb(getComputedStyle(el).color) || (lum < 0.5 ? [250, 250, 250] : [49, 51, 63]);
  return {dark: lum < 0.5, bg, fg};
}

const themeKey = th => th.bg.join() + "/" + th.fg.join();

function template(th, size) {
  // Streamlit's Plotly theme, in the page's colours: faded ticks, faint grid, x grid off.
  // Ticks and titles one step softer than the text (at least 4.5:1 on either theme), grid faint.
  const soft = css(mix(th.fg, th.bg, 0.2)), faint = css(mix(th.fg, th.bg, 0.82));
  const axis = (standoff, extra) => Object.assign({
    gridcolor: faint, zerolinecolor: faint, tickcolor: faint, automargin: true,
    tickfont: {color: soft, size: size - 2}, title: {font: {color: soft, size}, standoff},
  }, extra);
  return {
    data: {scatter: [{marker: {line: {width: 0}}}]},
    layout: {
      font: {color: css(th.fg)},
      paper_bgcolor: css(th.bg), plot_bgcolor: "rgba(0,0,0,0)",
      xaxis: axis(20, {showgrid: false, zeroline: false}), yaxis: axis(24, {ticklabelposition: "outside"}),
      legend: {font: {color: css(mix(th.fg, th.bg, 0.1)), size: size - 2}, valign: "top", borderwidth: 0},
      hoverlabel: {bgcolor: css(th.bg), bordercolor: faint, font: {color: css(th.fg)}},
      margin: {pad: 8},
    },
  };
}

const FULL = {width: 1000, height: 1000, path: "M0 350V0h350v100H100v250zm650-350h350v350H900V100H650zM1000 650v350H650V900h250V650zM350 1000H0V650h100v250h250z"};

export default function (component) {
  const {data, parentElement: root} = component;
  // preload(): fetch the bundle now (a title slide), draw nothing, take no room.
  if (data.preload) { const b = root.querySelector(".zh-plotly"); if (b) b.className = "zh-plotly-preload"; hub.load().catch(() => {}); return; }
  let box = root.querySelector(".zh-plotly");  // _HTML, placed by Streamlit when the element mounts
  if (!box) {
    root.insertAdjacentHTML("beforeend", HTML);
    box = root.querySelector(".zh-plotly");
  }
  const gd = box.querySelector(".zh-plotly-plot"), failed = box.querySelector(".zh-plotly-failed");
  const seq = (box.__seq = (box.__seq || 0) + 1);
  box.__data = data;
  box.dataset.key = data.key;
  const full = () => document.fullscreenElement === box;
  // A fixed height, or (null) the height Streamlit gives the element (height="stretch": a slide), taken
  // from the element itself because the wrappers Streamlit puts around our HTML have no height.
  const size = () => { if (!full()) box.style.height = (box.__data.height || root.clientHeight) + "px"; };
  size();
  gd.style.height = data.height ? "" : "100%";
  if (box.dataset.state !== "drawn") box.dataset.state = "loading";

  // Printing lays the page out narrower than the screen it was drawn on, and plotly's SVG has a fixed size:
  // give each layer a viewBox of its drawn size, so the print style can scale the figure to its column.
  const fitToPrint = () => {
    const fl = gd._fullLayout;
    if (!fl) return;
    gd.querySelectorAll("svg.main-svg").forEach(svg => svg.setAttribute("viewBox", `0 0 ${fl.width} ${fl.height}`));
    box.style.setProperty("--zh-aspect", `${fl.width} / ${fl.height}`);
  };
  const chart = box.__chart || (box.__chart = {
    sync() { if (themeKey(pageTheme(box)) !== box.__theme) this.draw(); },
    draw() {
      const d = box.__data, th = pageTheme(box);
      box.__theme = themeKey(th);
      box.dataset.theme = th.dark ? "dark" : "light";
      box.style.background = css(th.bg);  // what fullscreen shows around the figure
      const layout = Object.assign({}, d.figure.layout);
      // A slide's type grows with the screen (1 at a 1366 laptop, up to 1.6 on a 1920+ projector).
      const grow = d.grow ? Math.min(1.6, Math.max(1, box.clientWidth / 1240)) : 1;
      if (grow !== 1) layout.font = Object.assign({}, layout.font, {size: Math.round(((layout.font && layout.font.size) || 14) * grow)});
      layout.template = template(th, (layout.font && layout.font.size) || 14);
      layout.height = full() ? window.innerHeight : d.height || undefined;
      layout.autosize = true;
      const fullscreen = {
        name: "fullscreen", title: d.fullscreen_title, icon: FULL,
        click: () => full() ? document.exitFullscreen() : box.requestFullscreen(),
      };
      const config = Object.assign({}, d.config, {responsive: false, modeBarButtonsToAdd: [fullscreen]});
      return hub.P.react(gd, d.figure.data, layout, config).then(r => { fitToPrint(); return r; });
    },
  });
  hub.load().then(() => {
    if (box.__seq !== seq) return;  // newer data arrived while the bundle was loading
    return chart.draw().then(() => {
      failed.hidden = true;
      box.dataset.state = "drawn";
      hub.charts.add(chart);
    });
  }).catch(err => {
    if (box.__seq !== seq) return;
    box.dataset.state = "error";
    failed.textContent = data.failed;
    failed.hidden = false;
    console.warn("zh-plotly:", err && err.message);
  });

  if (!box.__ro) {
    // Width follows the column (sidebar, window, presenter mode); plotly's own "responsive"
    // only listens to the window.
    // A box being taken off the page (a slide leaving) is not displayed: plotly refuses to resize it,
    // with a rejected promise that would surface as a page error; there is nothing to resize then.
    box.__ro = new ResizeObserver(() => {
      size();
      if (box.dataset.state === "drawn" && gd.isConnected && gd.getClientRects().length > 0) hub.P.Plots.resize(gd).then(fitToPrint, () => {});
    });
    box.__ro.observe(box);
    box.__ro.observe(root);
    box.addEventListener("fullscreenchange", () => {
      if (full()) box.style.height = "100vh"; else size();
      if (box.dataset.state === "drawn") chart.draw();
    });
  }
  return () => {
    hub.charts.delete(chart);
    box.__ro.disconnect();
    if (hub.P && box.dataset.state === "drawn") hub.P.purge(gd);
  };
}
""".replace("__BUNDLE_URL__", BUNDLE_URL).replace("__HTML__", _HTML)

_CSS = """
.zh-plotly { width: 100%; height: 100%; position: relative; }
[data-testid="stElementContainer"]:has(.zh-plotly-preload) { display: none; }
.zh-plotly-plot { width: 100%; }
.zh-plotly-failed { margin: 0; padding: 1rem 0; }
@media print {
  /* The figure scaled to the printed column's width (its layers carry a viewBox of the drawn size). */
  .zh-plotly, [data-testid="stBidiComponentRegular"]:has(> * .zh-plotly, > .zh-plotly) { height: auto !important; }
  .zh-plotly .svg-container { width: 100% !important; height: auto !important; aspect-ratio: var(--zh-aspect); }
  .zh-plotly svg.main-svg { width: 100% !important; height: 100% !important; }
  .zh-plotly .modebar-container { display: none !important; }
}
"""

# Sent with every chart element: indentation and whole-line comments are only for people reading this file.
_JS = "\n".join(ln.strip() for ln in _JS.splitlines() if ln.strip() and not ln.strip().startswith("//"))
COMPONENT_NAME = "zhenhai.plotly_web"
_mount = None


def _component():
    """The component's mount function, registered on first use (inside a script run, so AppTest's
    runtime and the server's both see it)."""
    global _mount
    if _mount is None:
        _mount = st.components.v2.component(COMPONENT_NAME, html=_HTML, js=_JS, css=_CSS, isolate_styles=False)
    return _mount


def trace_types(spec: dict) -> set[str]:
    """Every trace type a figure spec uses ('scatter' when a trace names none, as plotly.js does)."""
    return {tr.get("type") or "scatter" for tr in spec.get("data", [])}


def figure_spec(fig) -> dict:
    """The figure as JSON-ready {data, layout}, without its template: the browser supplies one in the
    page's colours (the template Streamlit sets by default carries placeholder colours only its own
    Plotly chunk knows how to fill)."""
    spec = json.loads(pio.to_json(fig, validate=False))
    layout = spec.get("layout", {})
    layout.pop("template", None)
    return {"data": spec.get("data", []), "layout": layout}


def show_figure(fig, *, key: str, config: dict, height: int | str | None = None, failed: str = "",
                fullscreen_title: str = "Fullscreen", grow: bool = False) -> None:
    """Draw a Plotly figure with plotly.js basic, or with st.plotly_chart when it needs a trace type
    the basic bundle lacks. height: pixels (default: the figure's own), or "stretch" to fill the
    container (a slide). The element reserves that height before the bundle has loaded, so nothing
    below it moves when the chart appears. failed: the message shown if the bundle cannot load. grow: the
    figure's type grows with a wide container (a slide on a projector)."""
    spec = figure_spec(fig)
    if not trace_types(spec) <= BASIC_TRACES:
        st.plotly_chart(fig, width="stretch", height=height or "content", key=key, config=config)
        return
    h = None if height == "stretch" else int(height or spec["layout"].get("height") or DEFAULT_HEIGHT)
    _component()(
        key=key,
        data={"key": key, "figure": spec, "config": config, "height": h, "failed": failed,
              "fullscreen_title": fullscreen_title, "grow": grow},
        height=h or "stretch",
    )


def preload(key: str = "plotly_preload") -> None:
    """Start loading the bundle now, drawing nothing: on a slide without charts (the meeting's title slide)
    it is in the browser's cache before the first chart slide needs it."""
    _component()(key=key, data={"preload": True}, height=1)


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
