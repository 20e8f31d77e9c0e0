"""The light Plotly renderer (components/plotly_web.py): vendored bundle, fallback, and drawing in a browser."""

from __future__ import annotations

import re
import struct
import time
from functools import cache

import pytest
from conftest import ROOT, URLS, Server, Watched, build, chart_elements, draw_every_chart, run_page

from components import data, plotly_web
from components.i18n import t
from components.sitemap import CHART_PAGES
from components.streamlit_dom import SEL

BUNDLE = "/app/static/plotly/plotly-basic.min.js"


# ----------------------------------------------------------------------------------------------
# The vendored bundle


def test_vendored_bundle_is_the_python_packages_plotly_js():
    import plotly.offline

    expected = plotly.offline.get_plotlyjs_version()
    assert plotly_web.BUNDLE_VERSION == expected, (
        f"static/plotly holds plotly.js {plotly_web.BUNDLE_VERSION}, the plotly package writes figures for "
        f"{expected}: update the bundle (static/plotly/README.md)")
    banner = plotly_web.BUNDLE_FILE.read_bytes()[:200].decode("ascii", "replace")
    assert re.search(r"plotly\.js \(basic - minified\) v(\S+)", banner).group(1) == expected, banner
    assert "MIT License" in (plotly_web.BUNDLE_DIR / "LICENSE").read_text(encoding="utf-8")
    readme = (plotly_web.BUNDLE_DIR / "README.md").read_text(encoding="utf-8")
    assert "plotly.js-basic-dist-min" in readme and expected in readme
    assert f"?v={expected}" in plotly_web.BUNDLE_URL  # a new bundle is a new URL for every cache


def test_the_bundle_is_the_packages_file_after_the_compile_hint():
    """The bundle's first line is V8's explicit compile hint (static/plotly/README.md says why), the rest the npm
    package's file byte for byte (its checksum in the README)."""
    import hashlib

    raw = plotly_web.BUNDLE_FILE.read_bytes()
    hint, rest = raw.split(b"\n", 1)
    assert hint == b"//# allFunctionsCalledOnLoad"
    readme = (plotly_web.BUNDLE_DIR / "README.md").read_text(encoding="utf-8")
    assert f"`{hashlib.sha256(rest).hexdigest()}`" in readme


def test_static_serving_is_on():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    assert plotly_web.BUNDLE_FILE.is_relative_to(ROOT / "static")


def _walk(node):
    from streamlit.testing.v1.element_tree import Block

    if isinstance(node, Block):
        for child in node.children.values():
            yield from _walk(child)
    else:
        yield node


def test_a_chart_element_adds_little_to_its_figure():
    """Every chart is an element resent on every rerun, and Streamlit caches every message of 10 KB or more
    (global.minCachedMessageSize; components/static_script.py): the element carries the loader and the script's
    address, not the 8.7 KB script, so what it sends besides the figure stays small (2.3 KB; it was 7.6 KB
    with the script inline, comments stripped). The bundle's address and the element's HTML come as data.
    A figure of 10 KB or more (the digital page's adoption board, 12.8 KB) is cached whatever the script. (A chart's
    phone drawing, when it has one, is a figure too: charts.py.)"""
    import json

    from streamlit import config

    from components import static_script

    assert config.get_option("global.minCachedMessageSize") == 10_000
    runs = [run_page(key) for key in CHART_PAGES] + [run_page("home", present=True)]
    elements = [e for at in runs for e in _walk(at._tree)
                if e.type == "bidi_component" and e.proto.component_name == plotly_web.COMPONENT_NAME]
    # Every chart of the pages (a section's own and its time charts) and the title slide's preload.
    from components.content.model import ChartSpec

    charts = sum(isinstance(c, ChartSpec) for key in CHART_PAGES for s in build(key, "zh").page_sections
                 for c in (s.visual, s.trends))
    assert charts >= 15 and len(elements) == charts + 1, (charts, len(elements))
    for e in elements:
        data = json.loads(e.proto.json)
        assert e.proto.js_content == static_script.LOADER_JS
        assert (data["script"], data["bundle"], data["html"]) == (plotly_web.SCRIPT_URL, plotly_web.BUNDLE_URL,
                                                                  plotly_web._HTML)
        # Its seeds (the margins it settles on: plotly_web.MARGINS), every chart's and only a chart's.
        assert data.get("seeds") == plotly_web.MARGINS.get(data.get("key")), data.get("key")
        rest = type(e.proto)()
        rest.CopyFrom(e.proto)
        rest.json = json.dumps({k: v for k, v in data.items() if k not in ("figure", "phone")})
        assert rest.ByteSize() < 3000, (data.get("key"), rest.ByteSize())


def test_the_seed_table_covers_exactly_the_charts_of_the_pages():
    """scripts/plotly_margins.py's table: a seed for every chart the pages draw with the light renderer (and none
    for a chart that is gone), each under a key plotly_web.js looks up (figure hash, type size, fullscreen, width
    class) with four margins in pixels."""
    keys = {e["key"] for key in CHART_PAGES for e in chart_elements(run_page(key)) if e["renderer"] == "light"}
    assert set(plotly_web.MARGINS) == keys
    for chart, seeds in plotly_web.MARGINS.items():
        assert {k.rsplit(":", 1)[1] for k in seeds} == {"w", "p"}, chart  # a wide screen's and a phone's
        for k, m in seeds.items():
            assert re.fullmatch(r"-?\d+:\d+(\.\d+)?:[01]:[wp]", k), (chart, k)
            assert set(m) == set("lrtb") and all(isinstance(v, int) and 0 <= v <= 400 for v in m.values()), m


def test_an_unreadable_seed_table_means_no_seeds(tmp_path, monkeypatch):
    bad = tmp_path / "plotly_margins.json"
    bad.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(plotly_web, "MARGINS_FILE", bad)
    assert plotly_web._read_margins() == {}
    monkeypatch.setattr(plotly_web, "MARGINS_FILE", tmp_path / "missing.json")
    assert plotly_web._read_margins() == {}


def test_trace_types_defaults_to_scatter():
    assert plotly_web.trace_types({"data": [{"x": [1]}, {"type": "bar"}]}) == {"scatter", "bar"}


# ----------------------------------------------------------------------------------------------
# Every figure the pages build goes through the light renderer


@pytest.mark.slow  # every page three times in AppTest: 17 s of a worker's time
@pytest.mark.parametrize("lang, present", [("zh", False), ("en", False), ("zh", True)])
@pytest.mark.parametrize("key", list(URLS))
def test_every_page_figure_uses_only_basic_traces(key, lang, present):
    from conftest import build

    # The page, or in presenter mode every one of its slides.
    runs = [run_page(key, lang, present, slide=n) for n in range(1, len(build(key, lang).slides) + 1)] if present \
        else [run_page(key, lang)]
    specs = []
    for at in runs:
        assert not at.exception, [e.value for e in at.exception]
        assert not at.get("plotly_chart"), "a figure fell back to st.plotly_chart (4.6 MB of JavaScript)"
        specs += chart_elements(at)
    assert bool(specs) == (key in CHART_PAGES), [s["key"] for s in specs]
    for spec in specs:
        assert spec["renderer"] == "light", spec["key"]
        assert plotly_web.trace_types(spec) <= plotly_web.BASIC_TRACES, (spec["key"], plotly_web.trace_types(spec))
        # The template Streamlit sets carries placeholder colours; the browser supplies one.
        assert "template" not in spec["layout"], spec["key"]
        assert spec["key"].startswith(f"{key}_chart_"), spec["key"]


def _fallback_app():
    import plotly.graph_objects as go

    from components import plotly_web

    config = {"toImageButtonOptions": {"format": "png", "filename": "zhenhai_funnel_zh", "scale": 2}}
    plotly_web.show_figure(go.Figure(go.Funnel(y=["a", "b"], x=[3, 2])), key="t_chart_funnel", config=config)
    plotly_web.show_figure(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])), key="t_chart_bar", config=config)


def test_a_trace_the_basic_bundle_lacks_falls_back_to_st_plotly_chart():
    import json

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_fallback_app, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    specs = chart_elements(at)
    assert [(s["key"], s["renderer"]) for s in specs] == [("t_chart_funnel", "plotly_chart"), ("t_chart_bar", "light")]
    assert specs[0]["data"][0]["type"] == "funnel" and specs[1]["data"][0]["type"] == "bar"
    # The fallback keeps the modebar settings (PNG name and scale).
    (funnel,) = at.get("plotly_chart")
    assert json.loads(funnel.proto.config) == {"toImageButtonOptions": {"format": "png", "filename": "zhenhai_funnel_zh",
                                                                        "scale": 2}}


# ----------------------------------------------------------------------------------------------
# Browser


MIXED_APP = """
import sys
sys.path.insert(0, {root!r})
import plotly.graph_objects as go
import streamlit as st
from components import plotly_web

st.title("Mixed")
plotly_web.show_figure(go.Figure(go.Funnel(y=["a", "b"], x=[3, 2])), key="t_chart_funnel", config={{}})
plotly_web.show_figure(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])), key="t_chart_bar", config={{}})
with st.container(height=420, key="slide"):
    plotly_web.show_figure(go.Figure(go.Bar(x=["a", "b"], y=[2, 1])), key="t_chart_slide", config={{}},
                           height="stretch")
"""


@pytest.mark.browser
def test_fallback_and_light_charts_draw_side_by_side(browser, tmp_path):
    """A page with a funnel (st.plotly_chart, whose chunk sets window.Plotly too) and a bar (ours): both
    drawn, and ours keeps working with its own plotly.js after the other chunk has loaded; a chart with
    height="stretch" fills its container."""
    (tmp_path / "static").symlink_to(ROOT / "static")  # static files are served from beside the script
    (tmp_path / "mixed.py").write_text(MIXED_APP.format(root=str(ROOT)), encoding="utf-8")
    s = Server(script=str(tmp_path / "mixed.py"))
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        w = Watched(ctx.new_page())
        page = w.open(s.url, "/")
        # Streamlit's box of st.plotly_chart, as components/streamlit_dom.py names it (its print rule uses it).
        page.wait_for_selector(SEL["plotly_chart"] + " svg.main-svg")
        page.wait_for_function("() => [...document.querySelectorAll('.zh-plotly')].filter("
                               "e => e.dataset.state === 'drawn' && e.querySelector('svg.main-svg')).length === 2")
        # height="stretch" (a slide) fills its container, which is 420 px less its padding.
        slide = page.evaluate("""() => { const c = document.querySelector('.st-key-slide');
            const s = c.querySelector('svg.main-svg').getBoundingClientRect(), b = c.getBoundingClientRect();
            return [b.height, s.height]; }""")
        assert 420 - 60 <= slide[1] <= slide[0], slide
        assert page.evaluate("window.__zhPlotlyWeb.P.version") == plotly_web.BUNDLE_VERSION
        page.set_viewport_size({"width": 900, "height": 768})
        page.wait_for_function("() => { const b = document.querySelector('.zh-plotly');"
                               " return Math.abs(b.clientWidth - b.querySelector('svg.main-svg').getBoundingClientRect().width) <= 1"
                               " && b.clientWidth < 900; }")
        assert w.errors == []
    finally:
        ctx.close()
        s.stop()


@cache
def expected_charts(key: str, lang: str) -> int:
    return len(chart_elements(run_page(key, lang)))


DRAWN_JS = """([prefix, n]) => {
  const a = document.querySelector('[data-testid="stApp"]');
  if (!a || a.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const c = [...document.querySelectorAll('.zh-plotly')];
  return c.length === n && c.every(e => (e.dataset.key || '').startsWith(prefix) && e.dataset.state === 'drawn'
                                        && e.querySelector('svg.main-svg'));
}"""


# Every chart of the page is there and none is still loading: each is drawn, or waits to be scrolled near.
SETTLED_JS = """([prefix, n]) => {
  const a = document.querySelector('[data-testid="stApp"]');
  if (!a || a.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const c = [...document.querySelectorAll('.zh-plotly')];
  return c.length === n && c.every(e => (e.dataset.key || '').startsWith(prefix) && e.dataset.state !== 'loading');
}"""


def wait_drawn(page, key: str, lang: str, timeout: int = 60000) -> None:
    """Until every chart of this page (and no other page's) is drawn by the light renderer, those further down
    the page scrolled near (draw_every_chart)."""
    arg = [f"{key}_chart_", expected_charts(key, lang)]
    page.wait_for_function(SETTLED_JS, arg=arg, timeout=timeout)
    draw_every_chart(page, timeout)
    page.wait_for_function(DRAWN_JS, arg=arg, timeout=timeout)


def _requests(page, needle: str) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: needle in r.url and seen.append(r.url))
    return seen


@pytest.mark.browser
@pytest.mark.parametrize("query", ["?lang=zh", "?lang=en"])
def test_every_chart_page_draws_and_page_switches_reuse_the_bundle(server, watched, query):
    """Deep link to the first chart page, then our own links to the others (a client-side switch, same
    document): every chart drawn each time, the bundle fetched once, Streamlit's Plotly chunk never. (Meeting
    mode, the whole meeting from its title slide: tests/test_slides.py::test_walk_the_whole_meeting checks the
    same on every slide, at both screen sizes and in both languages.)"""
    lang = "en" if "lang=en" in query else "zh"
    page = watched.page
    bundles, chunks = _requests(page, BUNDLE), _requests(page, "/static/js/PlotlyChart.")
    watched.open(server.url, URLS[CHART_PAGES[0]] + query)
    wait_drawn(page, CHART_PAGES[0], lang)
    for key in CHART_PAGES[1:]:
        # Any visible link to the page: the sidebar's, or presenter mode's "next".
        name = URLS[key].strip("/")
        page.locator(f'a[href^="{name}?"]:visible, a[href*="/{name}?"]:visible').first.click()
        page.wait_for_function("p => location.pathname === p", arg=URLS[key])
        wait_drawn(page, key, lang)
        assert page.locator("h1").first.inner_text().strip() == t(f"{key}.title", lang)
    assert len(bundles) == 1, bundles
    assert chunks == []
    assert page.evaluate("window.__zhPlotlyWeb.loads") == 1
    assert watched.errors == []


@pytest.mark.browser
def test_bundle_holds_exactly_the_basic_trace_types(server, watched):
    page = watched.open(server.url, "/innovation")
    wait_drawn(page, "innovation", "zh")
    traces = page.evaluate("Object.keys(window.__zhPlotlyWeb.P.PlotSchema.get().traces)")
    assert set(traces) == plotly_web.BASIC_TRACES
    assert page.evaluate("window.__zhPlotlyWeb.P.version") == plotly_web.BUNDLE_VERSION


@pytest.mark.browser
def test_height_is_reserved_before_the_bundle_arrives(server, watched):
    """While the bundle is still on its way each chart already takes its figure's height, so nothing
    below it moves when it draws."""
    page = watched.page
    held = []
    page.route(f"**{BUNDLE}*", lambda route: held.append(route))
    watched.open(server.url, "/investment")
    page.wait_for_function("n => document.querySelectorAll('.zh-plotly[data-state=loading]').length === n",
                           arg=expected_charts("investment", "zh"))
    # The boxes say "loading" from the moment they mount, before the module asks for the bundle: wait
    # for the request itself (held by the route) rather than assume it has been made.
    deadline = time.monotonic() + 20
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(25)  # lets Playwright deliver the route event; ends as soon as it has
    assert len(held) == 1
    specs = {s["key"]: s for s in chart_elements(run_page("investment", "zh"))}
    measure = """() => [...document.querySelectorAll('.zh-plotly')].map(e => {
        const box = e.closest('[data-testid="stElementContainer"]'), next = box.nextElementSibling;
        return [e.dataset.key, box.getBoundingClientRect().height, next.getBoundingClientRect().top]; })"""
    before = page.evaluate(measure)
    for key, height, _ in before:
        assert abs(height - specs[key]["layout"]["height"]) <= 1, (key, height)
    held[0].continue_()
    wait_drawn(page, "investment", "zh")
    after = page.evaluate(measure)
    assert [(k, round(h), round(y)) for k, h, y in after] == [(k, round(h), round(y)) for k, h, y in before]
    assert watched.errors == []


# For each chart, the margins its first Plotly.react call was given, and those plotly settled on.
MARGINS_JS = """
window.__margins = {};
let P;
Object.defineProperty(window, 'Plotly', {configurable: true, get() { return P; }, set(v) {
  P = v;
  const react = v.react;
  v.react = function (gd, data, layout, ...rest) {
    const key = gd.closest('.zh-plotly').dataset.key, m = layout.margin || {};
    const p = react.call(this, gd, data, layout, ...rest);
    if (!(key in window.__margins)) p.then(() => { const s = gd._fullLayout._size;
      window.__margins[key] = [[m.l, m.r, m.t, m.b], [s.l, s.r, s.t, s.b].map(Math.ceil)]; });
    return p;
  };
}});
"""


@pytest.mark.browser
def test_a_chart_drawn_again_starts_from_the_margins_it_settled_on(server, browser):
    """The margins a chart settled on are kept (localStorage, by chart, figure and width): drawn again (here a repeat
    visit), it starts from them, so plotly's automargin has nothing left to push and skips its second pass. On the
    first visit at least one chart's labels pushed its margins out."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        visits = []
        for _ in range(3):
            page = ctx.new_page()
            page.add_init_script(MARGINS_JS)
            page.goto(server.url + "/investment")
            wait_drawn(page, "investment", "zh")
            n = expected_charts("investment", "zh")
            page.wait_for_function("n => Object.keys(window.__margins).length === n", arg=n)
            visits.append(page.evaluate("window.__margins"))
            page.close()
        first, last = visits[0], visits[-1]
        assert any(settled != given for given, settled in first.values()), first
        # The second visit may still push a pixel or two (the labels measured in the larger margin); by the third, none.
        assert all(settled == given for given, settled in last.values()), last
        for key, (_given, settled) in last.items():
            assert all(abs(a - b) <= 3 for a, b in zip(settled, first[key][1])), (key, first[key], settled)
    finally:
        ctx.close()


# When the first chart's box entered the page (ms from navigation start).
FIRST_BOX_JS = """
new MutationObserver((m, o) => { if (document.querySelector('.zh-plotly')) { window.__firstBox = performance.now();
  o.disconnect(); } }).observe(document, {subtree: true, childList: true});
"""


@pytest.mark.browser
def test_a_chart_page_fetches_the_bundle_before_its_first_chart_mounts(server, watched):
    """The page's first element asks for the chart element's script and the bundle (fetch only), so they arrive
    while the rest of the page is drawn: the bundle's request starts before the first chart's box is in the page,
    each is fetched once (the chart's own request takes the preloaded response), and a page without charts
    fetches neither."""
    page = watched.page
    page.add_init_script(FIRST_BOX_JS)
    bundles, scripts = _requests(page, BUNDLE), _requests(page, "/app/static/components/plotly_web.js")
    watched.open(server.url, "/investment")
    wait_drawn(page, "investment", "zh")
    started, first_box = page.evaluate("""() => [performance.getEntriesByType('resource')
        .find(e => e.name.includes('plotly-basic.min.js')).startTime, window.__firstBox]""")
    assert started < first_box, (started, first_box)
    assert len(bundles) == 1 and len(scripts) == 1, (bundles, scripts)
    assert page.evaluate("document.head.querySelectorAll('link[data-zh-preload]').length") == 2
    assert watched.errors == []
    other = watched.page.context.new_page()
    try:
        fetched = []
        other.on("request", lambda r: "plotly" in r.url and fetched.append(r.url))
        other.goto(server.url + "/sources")
        other.wait_for_selector("table.zh-table", timeout=45000)
        assert fetched == [] and other.evaluate("document.head.querySelectorAll('link[data-zh-preload]').length") == 0
    finally:
        other.close()


# The page's drawn mark (components/page_drawn.js) kept back until the test lets it through.
HOLD_DRAWN_JS = """(() => {
  const set = Element.prototype.setAttribute;
  window.__zhLetDrawn = null;
  Element.prototype.setAttribute = function (name, value) {
    if (name === "data-zh-drawn" && this === document.documentElement) {
      window.__zhLetDrawn = () => set.call(this, name, value);
      return;
    }
    return set.call(this, name, value);
  };
})();"""


@pytest.mark.browser
def test_plotly_js_runs_only_once_the_held_back_page_is_shown(server, watched):
    """plotly.js's evaluation is one long task; run while the page is still held back, it delays the page's first
    paint. The chart element asks for it only once the page is shown (data-zh-drawn), then draws as usual."""
    page = watched.page
    page.add_init_script(HOLD_DRAWN_JS)
    page.goto(server.url + "/innovation")
    # The page is ready to show and its charts have mounted: the bundle is fetched (preloaded) but not run.
    page.wait_for_function("() => window.__zhLetDrawn !== null && document.querySelectorAll('.zh-plotly').length > 0",
                           timeout=45000)
    page.evaluate("""() => new Promise(done => { let k = 20; const f = () => --k ? requestAnimationFrame(f) : done();
                                                   requestAnimationFrame(f); })""")
    assert page.evaluate("() => [!!document.getElementById('zh-plotly-basic'), typeof window.Plotly]") == [
        False, "undefined"]
    assert page.evaluate("() => document.documentElement.hasAttribute('data-zh-held')")
    page.evaluate("() => window.__zhLetDrawn()")
    wait_drawn(page, "innovation", "zh")
    assert watched.errors == []


# Each Plotly.react call, with the count of tasks that had begun before it: a timeout asked for in one call runs
# before any later task, so two draws in one task see the same count and draws in tasks of their own see different
# ones. Also which chart was drawn, whether it was on screen when its turn came, and whether it was within half a
# screen of it.
TASKS_JS = """
window.__draws = [];
let P, tick = 0;
Object.defineProperty(window, 'Plotly', {configurable: true, get() { return P; }, set(v) {
  P = v;
  const react = v.react;
  v.react = function (gd, ...rest) {
    const box = gd.closest('.zh-plotly'), r = box.getBoundingClientRect(), m = innerHeight / 2;
    window.__draws.push([tick, box.dataset.key, r.bottom > 0 && r.top < innerHeight,
                         r.bottom > -m && r.top < innerHeight + m]);
    setTimeout(() => { tick += 1; }, 0);
    return react.call(this, gd, ...rest);
  };
}});
"""


@pytest.mark.browser
def test_charts_are_drawn_one_per_task_those_in_view_first_and_far_ones_when_near(server, watched):
    """A page's charts are drawn one per task, not all in the task that runs the bundle (on /investment that was
    one task of about 550 ms on this machine, holding every click and key): each first draw sees a task count of
    its own. The charts on screen when the bundle arrives are drawn first, then those within half a screen of it;
    the others wait, undrawn, until the reader scrolls them near (on /investment six of eight at 1366x768)."""
    page = watched.page
    page.add_init_script(TASKS_JS)
    held = []
    page.route(f"**{BUNDLE}*", lambda route: held.append(route))
    watched.open(server.url, "/investment")
    n = expected_charts("investment", "zh")
    page.wait_for_function("n => document.querySelectorAll('.zh-plotly[data-state=loading]').length === n", arg=n)
    # Scrolled to the page's foot while the bundle is held: the charts in view now are the last ones in the page.
    page.evaluate("() => document.querySelectorAll('.zh-plotly')[document.querySelectorAll('.zh-plotly').length - 1]"
                  ".scrollIntoView({block: 'end'})")
    page.wait_for_function("() => window.scrollY > 0 || document.querySelector('[data-testid=stMain]').scrollTop > 0")
    deadline = time.monotonic() + 20
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(25)  # lets Playwright deliver the route event; ends as soon as it has
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_function("() => !document.querySelector('.zh-plotly[data-state=loading]')", timeout=45000)
    draws = page.evaluate("window.__draws")
    waiting = page.evaluate("""() => [...document.querySelectorAll('.zh-plotly[data-state=waiting]')]
                                     .map(b => [b.dataset.key, !!b.querySelector('svg.main-svg')])""")
    assert draws and waiting, (draws, waiting)  # the page is taller than a screen and a half
    assert all(d[3] for d in draws), draws  # only charts near the screen were drawn
    seen = [d[2] for d in draws]
    assert seen == sorted(seen, reverse=True), draws  # every chart in view before any out of it
    assert not any(svg for _, svg in waiting), waiting
    assert {d[1] for d in draws}.isdisjoint(k for k, _ in waiting)
    # Scrolled through, every chart is drawn, each in a task of its own.
    wait_drawn(page, "investment", "zh")
    draws = page.evaluate("window.__draws")
    assert len(draws) == n and len({d[0] for d in draws}) == n, draws
    assert watched.errors == []


@pytest.mark.browser
def test_a_waiting_chart_without_room_when_its_turn_comes_is_drawn_once_it_has_some(server, watched):
    """A chart's turn may come long after it was queued (it waited to be scrolled near): if its box has no room then
    (a slide leaving squeezes it; here its width), plotly would place its axis titles at an infinite position, a console error.
    It is drawn once the box has room again."""
    page = watched.page
    watched.open(server.url, "/investment")
    page.wait_for_function("() => !document.querySelector('.zh-plotly[data-state=loading]')", timeout=45000)
    key = page.evaluate("""() => { const b = document.querySelector('.zh-plotly[data-state=waiting]');
      b.closest('[data-testid="stElementContainer"]').style.cssText = 'width:40px; min-width:40px; flex:none; overflow:hidden';
      b.scrollIntoView({block: 'center'}); return b.dataset.key; }""")
    sel = f'.zh-plotly[data-key="{key}"]'
    # Its turn has come and gone (it is no longer queued), and it is not drawn.
    page.wait_for_function(f"() => !window.__zhPlotlyWeb.queue.some(t => t.box === document.querySelector({sel!r}))",
                           timeout=30000)
    page.evaluate("() => new Promise(r => setTimeout(r, 0))")
    assert page.evaluate(f"() => !document.querySelector({sel!r} + ' svg.main-svg')")
    page.evaluate(f"""() => {{ const b = document.querySelector({sel!r});
      b.closest('[data-testid="stElementContainer"]').style.cssText = ''; }}""")
    page.wait_for_function(f"() => document.querySelector({sel!r}).dataset.state === 'drawn'", timeout=30000)
    assert watched.errors == []


@pytest.mark.browser
def test_printing_draws_every_chart_at_once(server, watched):
    """A chart waiting to be scrolled near would print as an empty box: "beforeprint", which the browser sends
    before it lays the page out for paper, draws every waiting chart in that task."""
    page = watched.page
    watched.open(server.url, "/investment")
    page.wait_for_function("() => !document.querySelector('.zh-plotly[data-state=loading]')", timeout=45000)
    waiting = page.evaluate("() => document.querySelectorAll('.zh-plotly[data-state=waiting]').length")
    assert waiting > 0
    drawn = page.evaluate("""() => { window.dispatchEvent(new Event('beforeprint'));
      return [...document.querySelectorAll('.zh-plotly')].filter(b => b.querySelector('svg.main-svg')).length; }""")
    assert drawn == expected_charts("investment", "zh")
    page.wait_for_function("() => [...document.querySelectorAll('.zh-plotly')].every(b => b.dataset.state === 'drawn')",
                           timeout=45000)
    assert watched.errors == []


# A slide's chart resized, then squeezed to a few pixels before the resize runs (as when the next slide comes in),
# then given its room back: the width it was resized to, and its width once back.
SQUEEZE_JS = """(h) => new Promise(done => {
  const box = document.querySelector('.zh-plotly'), el = box.closest('[data-testid="stElementContainer"]');
  const width = () => Math.round(box.querySelector('svg.main-svg').getBoundingClientRect().width);
  el.style.width = '600px';
  setTimeout(() => Object.assign(el.style, {height: h, minHeight: h, flex: '0 0 ' + h, overflow: 'hidden'}), 30);
  setTimeout(() => {
    const squeezed = width();
    Object.assign(el.style, {height: '', minHeight: '', flex: '', overflow: ''});
    setTimeout(() => done([squeezed, width(), Math.round(box.getBoundingClientRect().width)]), 400);
  }, 300);
})"""


@pytest.mark.browser
def test_a_chart_squeezed_before_its_resize_runs_is_resized_once_it_has_room(server, watched):
    """A resize is laid out with the room the chart has when it runs, not when it was asked for: squeezed to 14 px in
    between, the chart is left as it was (no negative sizes or infinite positions in the console), and resized to its
    box once it has room again."""
    page = watched.open(server.url, "/innovation?present=1&slide=2")
    page.wait_for_function("() => document.querySelector('.zh-plotly')?.dataset.state === 'drawn'", timeout=30000)
    squeezed, back, box = page.evaluate(SQUEEZE_JS, "14px")
    assert squeezed != 600 and abs(back - 600) <= 2 and abs(box - 600) <= 2, (squeezed, back, box)
    assert watched.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bundle_that_cannot_load_is_said_in_place(server, browser, lang):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        w = Watched(ctx.new_page())
        w.page.route(f"**{BUNDLE}*", lambda route: route.abort())
        page = w.open(server.url, f"/innovation?lang={lang}")
        # Every chart of the page (the time charts' too) says so in its own place.
        page.wait_for_function("() => [...document.querySelectorAll('.zh-plotly:not([data-preload])')]"
                               ".every(e => e.dataset.state === 'error')")
        said = page.locator(".zh-plotly-failed").all_inner_texts()
        assert len(said) == page.locator(".zh-plotly:not([data-preload])").count() >= 1, said
        assert set(said) == {t("common.ui.chart_failed", lang)}, said
        assert page.locator('[data-testid="stException"]').count() == 0
        assert [e for e in w.errors if "plotly-basic" not in e] == []
    finally:
        ctx.close()


PAPER_AND_TICKS = """() => [...document.querySelectorAll('.zh-plotly')].map(e => ({
    theme: e.dataset.theme,
    paper: getComputedStyle(e.querySelector('svg.main-svg')).backgroundColor,
    tick: getComputedStyle(e.querySelector('.ytick text, .xtick text')).fill,
}))"""
APP_BG = "getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"


def _paper(page) -> list[dict]:
    return page.evaluate(PAPER_AND_TICKS)


@pytest.mark.browser
def test_charts_follow_the_page_theme_and_its_changes(server, browser):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, color_scheme="light")
    try:
        w = Watched(ctx.new_page())
        page = w.open(server.url, "/investment")
        wait_drawn(page, "investment", "zh")
        light_bg = page.evaluate(APP_BG)
        light = _paper(page)
        assert {c["theme"] for c in light} == {"light"}
        assert {c["paper"] for c in light} == {light_bg}, (light, light_bg)
        # The system switches to dark: Streamlit follows it (no fixed base theme), and so do the charts.
        page.emulate_media(color_scheme="dark")
        page.wait_for_function(f"() => {APP_BG} !== {light_bg!r}")
        page.wait_for_function("() => [...document.querySelectorAll('.zh-plotly')].every(e => e.dataset.theme === 'dark')")
        dark_bg = page.evaluate(APP_BG)
        dark = _paper(page)
        assert {c["paper"] for c in dark} == {dark_bg}, (dark, dark_bg)
        assert all(d["tick"] != lt["tick"] for d, lt in zip(dark, light)), (dark, light)
        assert w.errors == []
    finally:
        ctx.close()


@pytest.mark.browser
def test_a_theme_forced_in_css_is_followed(server, browser):
    """A forced theme that only repaints the page (as ?theme=dark may) is read from the page's colours."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, color_scheme="light")
    try:
        w = Watched(ctx.new_page())
        page = w.open(server.url, "/digital")
        wait_drawn(page, "digital", "zh")
        assert _paper(page)[0]["theme"] == "light"
        page.add_style_tag(content='[data-testid="stApp"] { background: rgb(20, 24, 32) !important; '
                                   'color: rgb(235, 235, 235) !important; }')
        page.wait_for_function("() => document.querySelector('.zh-plotly').dataset.theme === 'dark'")
        assert _paper(page)[0]["paper"] == "rgb(20, 24, 32)"
        assert w.errors == []
    finally:
        ctx.close()


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


# The innovation page's count by year (its KPI cards' time charts come before it).
GROWTH_CHART = '.zh-plotly[data-key$="_chart_hightech_growth"]'


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_modebar_downloads_a_2x_png_with_its_name(server, watched, lang):
    page = watched.open(server.url, f"/innovation?lang={lang}")
    wait_drawn(page, "innovation", lang)
    chart = page.locator(GROWTH_CHART)
    chart.hover()
    with page.expect_download() as info:
        chart.locator('.modebar-btn[data-title="Download plot as a PNG"]').click()
    download = info.value
    assert download.suggested_filename == f"zhenhai_hightech_growth_{lang}.png"
    png = open(download.path(), "rb").read()
    box = chart.locator("svg.main-svg").first.bounding_box()
    assert _png_size(png) == (round(box["width"]) * 2, round(box["height"]) * 2)
    assert watched.errors == []


@pytest.mark.browser
def test_hover_label_and_fullscreen(server, watched):
    page = watched.open(server.url, "/innovation?lang=en")
    wait_drawn(page, "innovation", "en")
    chart = page.locator(GROWTH_CHART)
    chart.scroll_into_view_if_needed()  # (below the time charts: the mouse reaches what is on screen)
    # Over the latest reported year's bar (plotly's drag layer lies on top, so move the mouse there): its figure.
    bar = chart.locator(".trace.bars .point path").last.bounding_box()
    page.mouse.move(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    page.wait_for_selector(".zh-plotly .hoverlayer .hovertext")
    latest = data.latest_reported(data.load("indicators", fresh=True), "inn_hightech")
    assert f"{latest['value']:,.0f}" in chart.locator(".hoverlayer").text_content()
    chart.hover()
    chart.locator(f'.modebar-btn[data-title="{t("common.ui.fullscreen", "en")}"]').click()
    page.wait_for_function("s => document.fullscreenElement?.matches(s)", arg=GROWTH_CHART)
    page.wait_for_function("s => Math.abs(document.querySelector(s + ' svg.main-svg').getBoundingClientRect().height"
                           " - innerHeight) <= 1", arg=GROWTH_CHART)
    page.evaluate("document.exitFullscreen()")
    page.wait_for_function("s => !document.fullscreenElement && document.querySelector(s + ' svg.main-svg')"
                           ".getBoundingClientRect().height < innerHeight", arg=GROWTH_CHART)
    assert watched.errors == []


@pytest.mark.browser
def test_width_follows_the_column(server, watched):
    page = watched.open(server.url, "/digital")
    wait_drawn(page, "digital", "zh")
    width = "() => [document.querySelector('.zh-plotly').clientWidth, document.querySelector('.zh-plotly svg.main-svg').getBoundingClientRect().width]"
    box, svg = page.evaluate(width)
    assert abs(box - svg) <= 1
    page.set_viewport_size({"width": 900, "height": 768})
    page.wait_for_function(f"() => {{ const [b, s] = ({width})(); return b < {box} - 100 && Math.abs(b - s) <= 1; }}")
    assert watched.errors == []


@pytest.mark.browser
def test_a_phone_width_draws_the_phone_drawing_and_a_wider_one_the_figures_own(server, watched):
    """The stage board has a drawing for a phone's width (charts.py, _stages_phone): narrowed below
    plotly_web.PHONE_PX the chart is drawn again with it, names above the tracks (no y tick labels); widened, with
    its own, names beside them."""
    page = watched.open(server.url, "/digital?lang=en")
    wait_drawn(page, "digital", "en")
    board = ".st-key-digital_chart_adoption_board .zh-plotly"
    state = f"() => {{ const b = document.querySelector({board!r}); return b && [b.dataset.state, b.dataset.drawing, b.querySelectorAll('g.ytick text').length]; }}"
    assert page.evaluate(state) == ["drawn", "own", 15]
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function(f"() => JSON.stringify(({state})()) === JSON.stringify(['drawn', 'phone', 0])")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.wait_for_function(f"() => JSON.stringify(({state})()) === JSON.stringify(['drawn', 'own', 15])")
    assert watched.errors == []


@pytest.mark.browser
def test_bundle_url_follows_a_base_path(servers, browser):
    """Under server.baseUrlPath (as behind a proxy's sub-path) the bundle comes from under that path."""
    s = servers(base_path="/zhenhai/")
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        w = Watched(ctx.new_page())
        bundles = _requests(w.page, "plotly-basic")
        page = w.open(s.url, "/investment")
        wait_drawn(page, "investment", "zh")
        assert [re.sub(r"^https?://[^/]+", "", u) for u in bundles] == [f"/zhenhai{BUNDLE}?v={plotly_web.BUNDLE_VERSION}"]
        assert w.errors == []
    finally:
        ctx.close()


# axe on a drawn chart page (investment, en, light and dark): tests/test_page_views.py's views of it run axe once the
# page has settled, every chart drawn.


@pytest.mark.browser
@pytest.mark.parametrize("query", ["?lang=zh", "?lang=en"])
def test_a_first_visit_draws_every_chart_with_margins_its_seed_covers(server, browser, query):
    """A first visit (nothing in the browser's margin memo) at 1366x768: every chart is drawn with its seed, and
    the margins it settles on are within the seed (plotly redraws only for more than 1 px), so plotly made no second
    pass. Fails when a chart's words or data changed and the table was not regenerated: run
    `.venv/bin/python scripts/plotly_margins.py` (a stale table costs that second pass, nothing else)."""
    import json

    for key in CHART_PAGES:
        ctx = browser.new_context(viewport={"width": 1366, "height": 768})
        try:
            w = Watched(ctx.new_page())
            page = w.open(server.url, URLS[key] + query, title=t(f"{key}.title", query[-2:]))
            draw_every_chart(page)
            memo = page.evaluate("() => JSON.parse(localStorage.getItem('zh-plotly-margins-v1') || '{}')")
            given = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.zh-plotly')]
                .filter(b => b.__data && b.querySelector('.js-plotly-plot'))
                .map(b => [b.__data.key, b.querySelector('.js-plotly-plot').layout.margin]))""")
            assert memo and len(given) == len(memo), (key, memo, given)
            for memo_key, settled in memo.items():
                chart, fig_hash, _width, size, full = memo_key.rsplit(":", 4)
                seed = plotly_web.MARGINS.get(chart, {}).get(f"{fig_hash}:{size}:{full}:w")
                assert seed is not None, f"{chart}: no seed for this figure; run scripts/plotly_margins.py"
                assert all(given[chart][s] >= seed[s] for s in "lrtb"), (chart, given[chart], seed)
                assert all(settled[s] <= seed[s] + 1 for s in "lrtb"), (
                    f"{chart} took {json.dumps(settled)}, more than its seed {json.dumps(seed)}: "
                    "run scripts/plotly_margins.py")
            assert w.errors == []
        finally:
            ctx.close()
