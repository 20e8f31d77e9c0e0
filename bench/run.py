"""Benchmark every page against a bare Streamlit page (issue #8, part 1). Run: `make bench`.

Measures, per page and for bench/bare_app.py, in one run:
  rerun   warm rerun time in AppTest: one run to warm, then the median of N reruns of the same session
  browser time from a deep link to "drawn" in a fresh browser context against a warm server
          (median of R runs; the server is started once and every page visited once before timing)
  ws      bytes of websocket payload the browser received from the server for that page view
  memory  RSS of the streamlit server (its process and any children, from /proc) after 20 browser
          sessions that each visit every page; a fresh server for the app and one for the bare page
  switch  client-side page switches (issue #16): home by deep link, then our own links to each page in
          one document; ms from the click to drawn
  lighthouse  Lighthouse 12 on every page and the reference pages (bench/lighthouse.py, issue #16)
  lighthouse-mobile  Lighthouse's mobile default (slow 4G, 4x CPU) on the pages the slides' QR codes open and
          the bare page (bench/lighthouse.py --mobile, issue #21 item 4)
  load    20 concurrent browser sessions through every page, and three loops of auto-play over the real
          meeting with nothing growing (bench/load.py; both were tests before make test had a time budget)

"Drawn" (DRAWN_JS below): the app is connected and its script idle, no skeleton left, the page's own
<h1> title is on screen, every Plotly chart the page sends (count taken from AppTest) has drawn its
svg.main-svg or, being more than half a screen below it, waits to be scrolled near (data-state "waiting",
static/components/plotly_web.js; until 2026-12-04 every chart was drawn at once and counted), and the city map is there (its drawn SVG, or the zoomable deck.gl map's <canvas> of nonzero size). The time is the
browser's own performance.now() at the first animation frame where that holds (0 = navigation start).

Writes bench/results/latest.md and prints it. Exit status 0 even when a target is missed (it is a
report, not a test); --strict makes a miss exit 1. --profile PAGE prints a cProfile of its reruns.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import platform
import pstats
import shutil
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from conftest import APP_SERVER, CHROMIUM_ARGS, PAGE_SCRIPTS, URLS, chart_specs, wait_idle  # noqa: E402  (the tests' set-up)
from conftest import Server as TestServer  # noqa: E402

BARE = "bare"
BARE_SCRIPT = "bench/bare_app.py"
PLOTLY_REF = "bare_plotly"  # reference only: the bare page + one tiny Plotly chart (no targets)
LIGHT_REF = "bare_light"  # reference only: the same chart drawn by our light renderer (components/plotly_web.py)
REFS = {BARE: BARE_SCRIPT, PLOTLY_REF: "bench/bare_plotly_app.py", LIGHT_REF: "bench/bare_light_app.py"}
RESULTS = ROOT / "bench" / "results" / "latest.md"
TARGETS = {"rerun_ms": 100.0, "ws_kb": 300.0, "memory_mb": 400.0, "browser_ratio": 1.6}  # issue #21: 1.6x bare
BROWSER_RATIO = {"city": 2.0}  # issue #21: the page with the deck.gl map gets 2.0x

DRAWN_JS = """(exp) => {
  const a = document.querySelector('[data-testid="stApp"]');
  if (!a || a.getAttribute('data-test-script-state') !== 'notRunning'
      || a.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  const h1 = document.querySelector('h1');
  if (!h1 || !h1.textContent.includes(exp.title)) return false;
  if (!h1.checkVisibility({visibilityProperty: true})) return false;  // shown, not only in the DOM
  const plots = document.querySelectorAll('[data-testid="stPlotlyChart"], .zh-plotly');
  if (plots.length < exp.plotly) return false;
  // A light chart far from the screen waits, undrawn, until it is scrolled near (data-state "waiting").
  for (const p of plots) if (!p.querySelector('svg.main-svg') && p.dataset.state !== 'waiting') return false;
  const decks = document.querySelectorAll('[data-testid="stDeckGlJsonChart"]');
  const drawnMaps = document.querySelectorAll('.zh-map-frame svg, .zh-map-slide svg');
  if (decks.length + (drawnMaps.length ? 1 : 0) < exp.deck) return false;
  for (const d of decks) {
    const c = d.querySelector('canvas');
    if (!c || !c.width || !c.height) return false;
  }
  return performance.now();
}"""
DRAWN_TEXT = ("connected + script idle + no skeleton + the page's h1 shown (visible: the app holds a page back until drawn) + every Plotly chart (st.plotly_chart's "
              "or our light renderer's) has svg.main-svg, or waits more than half a screen below to be scrolled near + the city map is there: "
              "its drawn SVG, or (the zoomable map) a deck.gl canvas of nonzero size")


@dataclass
class Result:
    key: str
    url: str
    title: str = ""
    plotly: int = 0
    deck: int = 0
    first_run_ms: float = 0.0
    rerun_ms: list[float] = field(default_factory=list)
    rerun_cpu_ms: list[float] = field(default_factory=list)
    browser_ms: list[float] = field(default_factory=list)
    ws_bytes: list[int] = field(default_factory=list)
    memory_mb: float | None = None
    memory_idle_mb: float | None = None
    biggest: list[tuple[str, int]] = field(default_factory=list)
    profile: str = ""
    marks: list[dict] = field(default_factory=list)
    js_kb: float = 0.0
    js_top: list = field(default_factory=list)
    elements: int = 0
    cached_ms: list[float] = field(default_factory=list)
    switch_ms: list[float] = field(default_factory=list)
    switch_first: int = 0  # how many of switch_ms were the document's first page with a chart

    @property
    def rerun(self) -> float:
        return statistics.median(self.rerun_ms) if self.rerun_ms else float("nan")

    @property
    def rerun_cpu(self) -> float:
        return statistics.median(self.rerun_cpu_ms) if self.rerun_cpu_ms else float("nan")

    @property
    def browser(self) -> float:
        return statistics.median(self.browser_ms) if self.browser_ms else float("nan")

    @property
    def ws_kb(self) -> float:
        return statistics.median(self.ws_bytes) / 1024 if self.ws_bytes else float("nan")


# ----------------------------------------------------------------------------------------------
# (a) AppTest warm reruns


def _apptest(key: str, lang: str):
    from streamlit.testing.v1 import AppTest

    if key in REFS:
        at = AppTest.from_file(str(ROOT / REFS[key]), default_timeout=120)
    else:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        if key != "home":
            at.switch_page(PAGE_SCRIPTS[key])
    at.query_params["lang"] = lang
    return at


def _leaves(node):
    from streamlit.testing.v1.element_tree import Block

    if isinstance(node, Block):
        for child in node.children.values():
            yield from _leaves(child)
    else:
        yield node


def count_elements(at) -> int:
    """What the page sends Streamlit's frontend to draw: every element and every container (block), the four
    root blocks (main, sidebar, event, bottom) left out. Each is one React component drawn in the browser."""
    from streamlit.testing.v1.element_tree import Block

    def walk(node) -> int:
        if isinstance(node, Block):
            return 1 + sum(walk(c) for c in node.children.values())
        return 1

    return sum(walk(root) for root in at._tree.children.values()) - len(at._tree.children)


# Issue 21.1: elements per page (zh) before the sections' parts were drawn as one HTML element each, counted the
# same way at commit 2d4ec7e (its bench/run.py had no such count; tools: AppTest, this function).
ELEMENTS_BEFORE = {"home": 77, "innovation": 112, "investment": 163, "city": 67, "digital": 92, "sources": 42}


def measure_reruns(r: Result, lang: str, n: int) -> None:
    at = _apptest(r.key, lang)
    t0 = time.perf_counter()
    at.run()
    r.first_run_ms = (time.perf_counter() - t0) * 1000
    if at.exception:
        raise RuntimeError(f"{r.key}: the page raised in AppTest: {at.exception[0].message}")
    r.title = str(at.title[0].value) if at.title else ""
    r.plotly = len(chart_specs(at))  # either renderer
    # A map: the zoomable deck, or the drawn map (an st.markdown element with the SVG: render/mapview.py).
    r.deck = len(at.get("deck_gl_json_chart")) + sum("zh-map-svg" in str(m.value) for m in at.markdown)
    r.elements = count_elements(at)
    for _ in range(n):
        c0, t0 = time.process_time(), time.perf_counter()
        at.run()
        r.rerun_ms.append((time.perf_counter() - t0) * 1000)
        r.rerun_cpu_ms.append((time.process_time() - c0) * 1000)
    # What the page sends, largest first: the first place to look when the payload is over.
    sizes = []
    for leaf in _leaves(at._tree):
        proto = getattr(leaf, "proto", None)
        if proto is not None:
            key = getattr(proto, "id", "") or ""
            sizes.append((f"{leaf.type}{' ' + key[-40:] if key else ''}", proto.ByteSize()))
    r.biggest = sorted(sizes, key=lambda s: -s[1])[:4]


def profile_reruns(key: str, lang: str, n: int = 5, top: int = 25) -> str:
    """cProfile of n warm reruns, our own code first (pages/, components/, app.py), then everything."""
    import threading

    at = _apptest(key, lang)
    at.run()
    # AppTest runs the script in a new thread each run: profile those threads, not this one.
    profs: list[cProfile.Profile] = []

    def start(*_):
        prof = cProfile.Profile()
        profs.append(prof)
        prof.enable()

    threading.setprofile(start)
    try:
        for _ in range(n):
            at.run()
    finally:
        threading.setprofile(None)
    out = io.StringIO()
    stats = pstats.Stats(*profs, stream=out).sort_stats("cumulative")
    out.write(f"--- {key}: {n} warm reruns, own code by cumulative time\n")
    stats.print_stats(r"(/pages/|/components/|/app\.py|bare_app)", top)
    out.write(f"--- {key}: everything by total (self) time\n")
    stats.sort_stats("tottime").print_stats(top)
    text = out.getvalue().replace(str(ROOT) + "/", "")
    return text


# ----------------------------------------------------------------------------------------------
# Servers and memory


class Server(TestServer):
    """The tests' server (`streamlit run <script>` from the repo root, so .streamlit/config.toml
    applies), which reads its own memory (rss_mb)."""

    def __init__(self, script: str):
        super().__init__(script=script, timeout=90)


# ----------------------------------------------------------------------------------------------
# (b, c) Browser time and websocket bytes


def _expect(r: Result) -> dict:
    return {"title": r.title, "plotly": r.plotly, "deck": r.deck}


MARKS_JS = """(() => {
  const exp = %s;
  const marks = window.__bench = {};
  const check = () => {
    const now = performance.now();
    const a = document.querySelector('[data-testid="stApp"]');
    const h1 = document.querySelector('h1');
    if (!('idle' in marks) && a && a.getAttribute('data-test-script-state') === 'notRunning'
        && a.getAttribute('data-test-connection-state') === 'CONNECTED'
        && !document.querySelector('[data-testid="stSkeleton"]') && h1 && h1.textContent.includes(exp.title)
        && h1.checkVisibility({visibilityProperty: true}))
      marks.idle = now;
    const plots = document.querySelectorAll('[data-testid="stPlotlyChart"], .zh-plotly');
    if (!('plotly' in marks) && plots.length >= exp.plotly
        && [...plots].every(p => p.querySelector('svg.main-svg') || p.dataset.state === 'waiting')) marks.plotly = now;
    const decks = document.querySelectorAll('[data-testid="stDeckGlJsonChart"]');
    const drawnMaps = document.querySelectorAll('.zh-map-frame svg, .zh-map-slide svg').length ? 1 : 0;
    if (!('deck' in marks) && decks.length + drawnMaps >= exp.deck && [...decks].every(d => {
          const c = d.querySelector('canvas'); return c && c.width && c.height; })) marks.deck = now;
    if (!('drawn' in marks) && (DRAWN)(exp)) marks.drawn = now;
    if (!('drawn' in marks)) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();"""


def visit(browser, base: str, r: Result, timeout_ms: int = 90000) -> dict:
    """One deep-link visit in a fresh context, then the same link again in that context (new session,
    JavaScript now in the HTTP cache). Returns ms to drawn, websocket bytes, marks, JS loaded."""
    import json

    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    received, last = [0], [0.0]

    def on_frame(payload):
        received[0] += len(payload)
        last[0] = time.perf_counter()

    try:
        page = ctx.new_page()
        page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
        page.add_init_script(MARKS_JS.replace("DRAWN", DRAWN_JS) % json.dumps(_expect(r)))
        t0 = time.perf_counter()
        page.goto(base + r.url, wait_until="commit")
        page.wait_for_function("() => window.__bench && 'drawn' in window.__bench", timeout=timeout_ms)
        info = page.evaluate("""() => {
          const js = performance.getEntriesByType('resource').filter(e => e.name.split('?')[0].endsWith('.js'));
          js.sort((a, b) => b.decodedBodySize - a.decodedBodySize);
          return {marks: window.__bench, js_kb: js.reduce((s, e) => s + e.decodedBodySize, 0) / 1024,
                  js_top: js.slice(0, 3).map(e => [e.name.split('/').pop(), Math.round(e.decodedBodySize / 1024)])};
        }""")
        info["ws_bytes"], info["last_frame_ms"] = received[0], (last[0] - t0) * 1000
        page.goto(base + r.url, wait_until="commit")
        page.wait_for_function("() => window.__bench && 'drawn' in window.__bench", timeout=timeout_ms)
        info["cached_ms"] = float(page.evaluate("() => window.__bench.drawn"))
        return info
    finally:
        ctx.close()


def measure_browser(browser, results: list[Result], runs: int) -> None:
    servers = {"app": Server(APP_SERVER), **{k: Server(script) for k, script in REFS.items()}}
    url = lambda r: servers[r.key if r.key in REFS else "app"].url  # noqa: E731
    try:
        for r in results:  # warm: every page once (imports, st.cache_data, static files)
            visit(browser, url(r), r)
        for _ in range(runs):  # interleaved, so load from elsewhere spreads over every page
            for r in results:
                info = visit(browser, url(r), r)
                r.browser_ms.append(float(info["marks"]["drawn"]))
                r.ws_bytes.append(info["ws_bytes"])
                r.cached_ms.append(info["cached_ms"])
                r.marks.append({**info["marks"], "server": info["last_frame_ms"]})
                r.js_kb, r.js_top = info["js_kb"], info["js_top"]
    finally:
        for server in servers.values():
            server.stop()


# What a page shows when it was expected drawn and is not: for the message that says so.
STATE_JS = """() => { const a = document.querySelector('[data-testid="stApp"]'), h1 = document.querySelector('h1');
  return {path: location.pathname, state: a && a.getAttribute('data-test-script-state'),
    connection: a && a.getAttribute('data-test-connection-state'),
    skeletons: document.querySelectorAll('[data-testid^="stSkeleton"]').length, h1: h1 && h1.textContent.slice(0, 40),
    h1_shown: !!h1 && h1.checkVisibility({visibilityProperty: true}),
    charts: [...document.querySelectorAll('.zh-plotly, [data-testid="stPlotlyChart"]')].map(
      p => (p.dataset.state || '') + (p.querySelector('svg.main-svg') ? ':svg' : '')),
    maps: document.querySelectorAll('.zh-map-frame svg, .zh-map-slide svg').length,
    decks: document.querySelectorAll('[data-testid="stDeckGlJsonChart"]').length}; }"""
SWITCH_JS = """(exp) => {
  const s = window.__switch = {};
  document.addEventListener('click', () => { s.click = performance.now(); }, {capture: true, once: true});
  const check = () => {
    if ('click' in s && location.pathname === exp.path && (DRAWN)(exp)) { s.drawn = performance.now(); return; }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}"""


NAV_READY_JS = "() => !!(window.__zhNav && window.__zhNav.trigger)"


def page_link(page, url: str):
    """A visible link of ours to that page (the navigation's, wherever the shell puts it)."""
    name = url.split("?")[0].strip("/")
    return page.locator(f'a[href^="{name}?"]:visible, a[href*="/{name}?"]:visible').first


def measure_switch(browser, results: list[Result], runs: int, lang: str) -> None:
    """Client-side page switches (issue #16): deep link to the home page, then our own links through the
    other pages in order, in one document (the JavaScript already loaded stays loaded). Time from the
    click to drawn. The first page with a chart is where the chart library is fetched."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    pages = [r for r in results if r.key not in REFS and r.key != "home"]
    server = Server(APP_SERVER)
    try:
        for n in range(runs + 1):  # the first pass warms the server and is not counted
            ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
            try:
                page = ctx.new_page()
                page.goto(f"{server.url}/?lang={lang}")
                wait_idle(page, 90000)
                charted = False
                for r in pages:
                    # Our links switch in the running app once the page's navigator element has mounted
                    # (static/components/nav.js); a click before that, or in the moment between two pages'
                    # elements, is a full load of the document (correct for a person, but not what is measured).
                    page.wait_for_function(NAV_READY_JS, timeout=30000)
                    page.evaluate(SWITCH_JS.replace("DRAWN", DRAWN_JS), {**_expect(r), "path": r.url.split("?")[0]})
                    page_link(page, r.url).click()
                    try:
                        page.wait_for_function("() => window.__switch && 'drawn' in window.__switch", timeout=90000)
                    except PlaywrightTimeout:
                        raise RuntimeError(f"switch to {r.url} not drawn in 90 s: {page.evaluate(STATE_JS)}") from None
                    if n:
                        marks = page.evaluate("() => window.__switch")
                        r.switch_ms.append(marks["drawn"] - marks["click"])
                        r.switch_first += r.plotly > 0 and not charted
                    charted = charted or r.plotly > 0
            finally:
                ctx.close()
    finally:
        server.stop()


# ----------------------------------------------------------------------------------------------
# (d) Memory after 20 sessions


FALLBACKS: list[str] = []  # pages the memory run had to open by URL (no navigation link found)


def _session(browser, base: str, pages: list[Result]):
    """One browser session that visits every page: deep link to the first, then our own navigation
    links (same websocket, same Streamlit session). Returns the context, left open."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = ctx.new_page()
    page.goto(base + pages[0].url)
    page.wait_for_function(DRAWN_JS, arg=_expect(pages[0]), timeout=90000, polling=200)
    for r in pages[1:]:
        link = page.locator(f'.zh-nav a[href*="{r.url.strip("/")}?"]').first
        # The bar is drawn again by each run: the link is waited for, not looked up once (a 2026-12-05 run missed
        # it so), and a click that lands on a bar being replaced is seen not to switch the page (the address stays).
        try:
            link.wait_for(state="visible", timeout=15000)
            link.click()
            page.wait_for_function("p => location.pathname.endsWith(p)", arg=r.url, timeout=15000)
        except Exception:  # noqa: BLE001  (playwright's TimeoutError)
            FALLBACKS.append(r.url)  # no working navigation link (should not happen): by URL, a new session
            page.goto(base + r.url)
        try:
            page.wait_for_function(DRAWN_JS, arg=_expect(r), timeout=90000, polling=200)
        except Exception as e:  # noqa: BLE001  (which page, where it stood: the timeout alone says neither)
            raise RuntimeError(f"memory run: {r.url} not drawn in 90 s after {'a link' if r.url not in FALLBACKS else 'its URL'}; "
                               f"at {page.url}, h1 {page.evaluate('document.querySelector(`h1`)?.textContent')!r}") from e
    return ctx


def measure_memory(browser, script: str, pages: list[Result], sessions: int, at_once: int) -> tuple[float, float, float]:
    """(idle MB after start, MB with the sessions' contexts still open, MB after they closed)."""
    server = Server(script)
    try:
        idle = server.rss_mb()
        open_ctx, peak = [], idle
        for _ in range(sessions):
            open_ctx.append(_session(browser, server.url, pages))
            peak = max(peak, server.rss_mb())
            if len(open_ctx) > at_once:  # a few sessions alive at a time, like a meeting room
                open_ctx.pop(0).close()
        live = server.rss_mb()
        for c in open_ctx:
            c.close()
        after = server.rss_mb()
        return idle, max(peak, live), after
    finally:
        server.stop()


# ----------------------------------------------------------------------------------------------
# Report


def _name(r: Result) -> str:
    return {BARE: "bare", PLOTLY_REF: "bare + Plotly", LIGHT_REF: "bare + light"}.get(r.key, f"`{r.url}`")


def _fmt(v: float, nd: int = 0) -> str:
    return "—" if v != v else f"{v:,.{nd}f}"


def report(results: list[Result], args, mem: dict, started: float, load0, load1, versions: str,
           lighthouse: tuple[str, list[str]] = ("", [])) -> tuple[str, list[str]]:
    bare = next(r for r in results if r.key == BARE)
    misses: list[str] = list(lighthouse[1])
    lines = [
        "# Benchmark results",
        "",
        f"Run {dt.datetime.now().isoformat(timespec='seconds')} · {platform.python_version()} · {versions} · "
        f"{os.cpu_count()} CPUs · load average {load0[0]:.1f} at start, {load1[0]:.1f} at end · "
        f"{time.time() - started:,.0f} s · language `{args.lang}`",
        "",
        f"- **rerun**: AppTest warm rerun, median of {args.reruns} after one warm-up run (ms, wall clock; the "
        "target applies to it). **rerun CPU** = CPU time of the whole process over the same reruns, which the "
        "machine's other load disturbs much less. AppTest recompiles the script on every run (a new "
        "ScriptCache per run); a served app compiles once, so served reruns are a little faster.",
        f"- **browser**: deep link to drawn in a fresh context against a warm server, median of {args.runs} (ms). "
        f"Drawn = {DRAWN_TEXT}; time = the browser's performance.now() (0 = navigation start).",
        "- **ws**: websocket payload the browser received for one page view (KB, uncompressed frames).",
        f"- **memory**: server RSS (process + children, /proc), peak sampled after each of {args.sessions} "
        f"browser sessions that each visit every page (opened one after another, {args.at_once} kept open at a "
        "time; fresh server each for the app and the bare page); the row is the whole server, so it is the same "
        "for every page.",
        "- The *reference* rows have no targets: the bare page + one tiny Plotly chart drawn by st.plotly_chart "
        "(Streamlit's 4.6 MB Plotly chunk) and the same chart drawn by our light renderer (components/plotly_web.py, "
        "plotly.js basic, 1.2 MB) show what each way of drawing a chart costs on its own.",
        "- Targets: rerun ≤ 100 ms · ws ≤ 300 KB · memory ≤ 400 MB · browser ≤ 1.6× bare (`/city` ≤ 2.0×). ✅ met, ❌ missed.",
        "",
        "| page | charts | rerun ms | × bare | rerun CPU ms | browser ms | × bare | ws KB | × bare |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if r.key == LIGHT_REF:
            lines.append(f"| *reference:* bare + the same chart, light renderer (`{REFS[LIGHT_REF]}`) | 1 plotly | "
                         f"{_fmt(r.rerun, 1)} | {r.rerun / bare.rerun:.1f} | {_fmt(r.rerun_cpu, 1)} | {_fmt(r.browser)} | "
                         f"{r.browser / bare.browser:.2f} | {_fmt(r.ws_kb, 1)} | {r.ws_kb / bare.ws_kb:.1f} |")
            continue
        if r.key == PLOTLY_REF:
            lines.append(f"| *reference:* bare + one Plotly chart (`{REFS[PLOTLY_REF]}`) | 1 plotly | "
                         f"{_fmt(r.rerun, 1)} | {r.rerun / bare.rerun:.1f} | {_fmt(r.rerun_cpu, 1)} | {_fmt(r.browser)} | "
                         f"{r.browser / bare.browser:.2f} | {_fmt(r.ws_kb, 1)} | {r.ws_kb / bare.ws_kb:.1f} |")
            continue
        if r.key == BARE:
            lines.append(f"| bare (`{BARE_SCRIPT}`) | – | {_fmt(r.rerun, 1)} | 1.0 | {_fmt(r.rerun_cpu, 1)} | "
                         f"{_fmt(r.browser)} | 1.0 | "
                         f"{_fmt(r.ws_kb, 1)} | 1.0 |")
            continue
        ok_rerun = r.rerun <= TARGETS["rerun_ms"]
        ratio_b = r.browser / bare.browser if bare.browser else float("nan")
        goal_b = BROWSER_RATIO.get(r.key, TARGETS["browser_ratio"])
        ok_browser = not r.browser_ms or ratio_b <= goal_b
        ok_ws = not r.ws_bytes or r.ws_kb <= TARGETS["ws_kb"]
        for ok, what in ((ok_rerun, f"rerun {r.rerun:.0f} ms > 100 ms"),
                         (ok_browser, f"browser {ratio_b:.2f}× bare > {goal_b:g}×"),
                         (ok_ws, f"ws {r.ws_kb:.0f} KB > 300 KB")):
            if not ok:
                misses.append(f"{r.url}: {what}")
        mark = lambda ok: "✅" if ok else "❌"  # noqa: E731
        lines.append(
            f"| `{r.url}` | {r.plotly} plotly, {r.deck} map | {mark(ok_rerun)} {_fmt(r.rerun, 1)} | "
            f"{r.rerun / bare.rerun:.1f} | {_fmt(r.rerun_cpu, 1)} | {mark(ok_browser)} {_fmt(r.browser)} | {ratio_b:.2f} | "
            f"{mark(ok_ws)} {_fmt(r.ws_kb, 1)} | {r.ws_kb / bare.ws_kb:.1f} |"
        )
    if mem:
        app_idle, app_live, app_after = mem["app"]
        b_idle, b_live, b_after = mem[BARE]
        ok_mem = app_live <= TARGETS["memory_mb"]
        if not ok_mem:
            misses.append(f"memory {app_live:.0f} MB > 400 MB")
        lines += [
            "",
            "| server | idle after start MB | peak during the sessions MB | after their contexts closed MB | × bare (peak) |",
            "| --- | ---: | ---: | ---: | ---: |",
            f"| app (every page per session) | {app_idle:.0f} | {'✅' if ok_mem else '❌'} {app_live:.0f} | "
            f"{app_after:.0f} | {app_live / b_live:.1f} |",
            f"| bare (`{BARE_SCRIPT}`) | {b_idle:.0f} | {b_live:.0f} | {b_after:.0f} | 1.0 |",
            "",
            "Each session opens the first page by deep link and reaches the others through the sidebar's links "
            "(one Streamlit session per browser session)"
            + (f"; sidebar link missing, opened by URL instead: {sorted(set(FALLBACKS))}." if FALLBACKS else "."),
        ]
    if any(r.marks for r in results):
        lines += ["", "Where the browser time goes (medians, ms from navigation start): **idle** = script done and "
                  "title shown, **plotly** / **map** = every chart / map drawn; **last ws frame** = when the server's "
                  "last message arrived (measured from the test side, same origin); **JS** = JavaScript the fresh "
                  "context loaded (decoded KB) and its largest files; **cached** = the same deep link opened again in "
                  "that context (a new session, JavaScript from the HTTP cache).", "",
                  "| page | last ws frame | idle | plotly | map | drawn | × bare + Plotly | cached | × bare | JS KB | largest JS (KB) |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        ref = next((x for x in results if x.key == PLOTLY_REF and x.browser_ms), None)
        for r in results:
            def med(k: str, r: Result = r) -> str:
                vals = [m[k] for m in r.marks if k in m]
                return _fmt(statistics.median(vals) if vals else float("nan"))
            cached = statistics.median(r.cached_ms) if r.cached_ms else float("nan")
            bare_cached = statistics.median(bare.cached_ms) if bare.cached_ms else float("nan")
            lines.append(f"| {_name(r)} | {med('server')} | {med('idle')} | "
                         f"{med('plotly') if r.plotly else '–'} | {med('deck') if r.deck else '–'} | {med('drawn')} | "
                         f"{r.browser / ref.browser if ref else float('nan'):.2f} | {_fmt(cached)} | {cached / bare_cached:.2f} | {_fmt(r.js_kb)} | "
                         + ", ".join(f"{n} {k}" for n, k in r.js_top) + " |")
    counted = [r for r in results if r.elements]
    if counted:
        lines += ["", "Elements per page (issue 21.1: elements and containers the page sends, each drawn by its own React "
                  "component; the four root blocks left out; AppTest, first run). *Before*: commit 2d4ec7e, counted the "
                  "same way; target a third of it.", "",
                  "| page | elements | before | now ÷ before |", "| --- | ---: | ---: | ---: |"]
        for r in counted:
            before = ELEMENTS_BEFORE.get(r.key)
            lines.append(f"| {_name(r)} | {r.elements} | {before or '–'} | "
                         f"{f'{r.elements / before:.2f}' if before else '–'} |")
    switched = [r for r in results if r.switch_ms]
    if switched:
        lines += ["", "Page switch (client-side: the home page by deep link, then our own links to each page in turn, "
                  "one document, so JavaScript loaded once stays loaded): ms from the click to drawn (as above), "
                  f"median of {len(switched[0].switch_ms)}. *first chart*: the first page with a chart in that "
                  "document, which also fetches the chart library.", "",
                  "| page | switch → drawn ms | min – max |", "| --- | ---: | --- |"]
        for r in switched:
            lines.append(f"| `{r.url}`{' (*first chart*)' if r.switch_first else ''} | {_fmt(statistics.median(r.switch_ms))} | "
                         f"{min(r.switch_ms):,.0f} – {max(r.switch_ms):,.0f} |")
    lines.append(lighthouse[0])
    lines += ["", "Raw samples, for judging the noise (first run = first AppTest run in this process; the first "
              "page pays the imports):", ""]
    for r in results:
        lines.append(f"- {_name(r)}: first run {r.first_run_ms:.0f} ms · "
                     f"reruns {[round(x) for x in r.rerun_ms]} ms · browser {[round(x) for x in r.browser_ms]} ms · "
                     f"ws {r.ws_bytes} B · largest elements "
                     + ", ".join(f"{name} {size / 1024:.1f} KB" for name, size in r.biggest))
    lines += ["", "**Targets missed:** " + ("none" if not misses else "; ".join(misses)), ""]
    return "\n".join(lines), misses


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reruns", type=int, default=9, help="AppTest warm reruns per page (median)")
    ap.add_argument("--runs", type=int, default=5, help="browser visits per page (median)")
    ap.add_argument("--sessions", type=int, default=20, help="browser sessions for the memory figure")
    ap.add_argument("--at-once", type=int, default=4, help="sessions kept open at a time in the memory run")
    ap.add_argument("--lang", default="zh", choices=("zh", "en"))
    ap.add_argument("--pages", default=",".join(URLS), help="comma-separated page keys (default: all)")
    ap.add_argument("--skip", default="",
                    help="comma-separated parts to skip (proxy also leaves out Lighthouse through nginx): rerun,browser,switch,memory,proxy,slides,load,lighthouse,"
                         "lighthouse-mobile,briefing")
    ap.add_argument("--lh-runs", type=int, default=1, help="Lighthouse runs per page (median)")
    ap.add_argument("--profile", metavar="PAGE", help="print a cProfile of PAGE's warm reruns and exit")
    ap.add_argument("--no-write", action="store_true", help="print only; leave bench/results/latest.md alone")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args()

    if args.profile:
        print(profile_reruns(args.profile, args.lang))
        return 0

    import plotly
    import pydeck
    import streamlit

    versions = f"streamlit {streamlit.__version__}, plotly {plotly.__version__}, pydeck {pydeck.__version__}"
    started, load0 = time.time(), os.getloadavg()
    skip = set(filter(None, args.skip.split(",")))
    keys = [k for k in args.pages.split(",") if k]
    results = [Result(k, URLS[k]) for k in keys] + [Result(LIGHT_REF, "/"), Result(PLOTLY_REF, "/"), Result(BARE, "/")]

    for r in results:  # (a) always run: it also gives each page's title and chart counts
        print(f"rerun   {r.key} …", flush=True)
        measure_reruns(r, args.lang, args.reruns if "rerun" not in skip else 1)
        if r.key not in REFS and r.rerun > TARGETS["rerun_ms"]:
            r.profile = profile_reruns(r.key, args.lang, top=12)
    if args.lang != "zh":
        for r in results:
            r.url += ("&" if "?" in r.url else "?") + f"lang={args.lang}"

    mem, proxy_rows = {}, []
    slide_timing = load = None
    if not {"browser", "memory", "proxy", "slides", "load"} <= skip:
        from playwright.sync_api import sync_playwright

        chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium if Path(chromium).exists() else None,
                                        args=CHROMIUM_ARGS)
            try:
                if "browser" not in skip:
                    print("browser + ws …", flush=True)
                    measure_browser(browser, results, args.runs)
                if not {"browser", "switch"} & skip:
                    print("page switches …", flush=True)
                    measure_switch(browser, results, args.runs, args.lang)
                if "memory" not in skip:
                    print(f"memory: {args.sessions} sessions, app …", flush=True)
                    mem["app"] = measure_memory(browser, APP_SERVER, [r for r in results if r.key not in REFS],
                                                args.sessions, args.at_once)
                    print(f"memory: {args.sessions} sessions, bare …", flush=True)
                    mem[BARE] = measure_memory(browser, BARE_SCRIPT, [results[-1]], args.sessions, args.at_once)
                if "slides" not in skip:  # key press to the next slide drawn (bench/slides.py)
                    from slides import measure_slides
                    print("slides: key press to next slide …", flush=True)
                    slide_timing = measure_slides(browser, 3)
                if "load" not in skip:  # 20 sessions at once; auto-play's three loops (bench/load.py)
                    from load import measure_load
                    print(f"load: {args.sessions} sessions at once, auto-play loops …", flush=True)
                    load = measure_load(browser, args.sessions)
                if "proxy" not in skip:  # through nginx with gzip vs direct (bench/proxy.py)
                    from proxy import measure_proxy
                    print("proxy: nginx vs direct …", flush=True)
                    proxy_rows = measure_proxy(browser, [(r.key, r.url, _expect(r)) for r in results if r.key not in REFS],
                                               min(args.runs, 3), DRAWN_JS)
            finally:
                browser.close()

    lighthouse = ("", [])
    if "lighthouse" not in skip:
        import lighthouse as lh  # bench/lighthouse.py

        try:
            lighthouse = lh.section(lh.measure([r.key for r in results if r.key not in REFS], args.lh_runs, args.lang,
                                               proxy="proxy" not in skip))
        except RuntimeError as e:  # no Node.js here: say so in the report, measure the rest
            lighthouse = (f"\n## Lighthouse\n\nNot run: {e}.\n", [])
    if "lighthouse-mobile" not in skip:  # phones on the pages the slides' QR codes open (issue #21, item 4)
        import lighthouse as lh

        try:
            mobile = lh.mobile_section(lh.measure([r.key for r in results if r.key in lh.QR_PAGES], args.lh_runs,
                                                  args.lang, proxy=False, mobile=True))
        except RuntimeError as e:
            mobile = (f"\n## Lighthouse, mobile\n\nNot run: {e}.\n", [])
        lighthouse = (lighthouse[0] + mobile[0], lighthouse[1] + mobile[1])
    text, misses = report(results, args, mem, started, load0, os.getloadavg(), versions, lighthouse)
    if proxy_rows:
        from proxy import proxy_table
        text += proxy_table(proxy_rows, min(args.runs, 3))
    if slide_timing:
        from slides import slides_table
        text += slides_table(slide_timing)
    if load:
        from load import load_table
        text += load_table(load)
        if not load.ok:
            misses.append("load: " + "; ".join(load.problems + load.loop_problems)[:300])
    if "briefing" not in skip:  # the PowerPoint briefing, both languages (bench/briefing.py)
        from briefing import briefing_table, measure_briefing
        print("briefing: building the decks …", flush=True)
        text += briefing_table(measure_briefing())
    profiles = [r.profile for r in results if r.profile]
    if profiles:
        text += "\n<details><summary>Profiles of pages over the rerun target</summary>\n\n```\n" + \
                "\n".join(profiles) + "```\n</details>\n"
    print(text)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")
        print(f"written to {RESULTS.relative_to(ROOT)}")
    return 1 if (misses and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
