"""One visit per (page, language, mode, colour scheme), from a deep link in a fresh browser context, and on that
one load every check a page view gets: layout shift on the first visit (issue #16), accessibility (axe, #8), the
theme following the system, no error box, exception or console error, and the page's own text (its title; the
figures, headings and chart labels that tests/test_innovation.py, test_investment.py and test_digital.py ask for).
Before, test_cls.py, test_quality.py's axe test, test_browser_shell.py's English deep links, the pages' own
browser tests and test_plotly_web.py's axe test each loaded these pages again."""

from __future__ import annotations

import re

import pytest
import test_digital
import test_innovation
import test_investment
from conftest import URLS, Watched, wait_idle
from test_browser_shell import TITLE  # words of each page's <h1> in normal mode
from test_city import assert_labels_apart
from test_quality import _axe_serious
from test_streamlit_dom import ON_PAGES, assert_hooks_match, record_transient_hooks, view_path

from components.i18n import t

LIMIT = 0.1  # Google's "good" CLS, and the target
QUIET_FRAMES = 60  # settled: this many animation frames in a row with no new layout-shift entry (~1 s)

# Installed before any of the page's own scripts: every layout-shift entry from the first paint on
# (buffered: true also hands over any recorded before the observer was made), with the elements that moved.
OBSERVE_JS = """(() => {
  const rec = window.__cls = {entries: []};
  const name = n => {
    if (!n || n.nodeType !== 1) return n ? n.nodeName : '?';
    const id = n.closest('[data-testid]');
    const key = n.closest('[class*="st-key-"]');
    return [n.tagName.toLowerCase() + (n.className && typeof n.className === 'string' ? '.' + n.className.split(' ')[0] : ''),
            id ? id.getAttribute('data-testid') : '', key ? [...key.classList].find(c => c.startsWith('st-key-')) : '']
           .filter(Boolean).join(' in ');
  };
  const rect = r => [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)].join(',');
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      rec.entries.push({value: e.value, time: e.startTime, input: e.hadRecentInput,
                        sources: (e.sources || []).map(s => `${name(s.node)} [${rect(s.previousRect)} -> ${rect(s.currentRect)}]`)});
    }
  }).observe({type: 'layout-shift', buffered: true});
})();"""

# Drawn and settled: the script idle and connected, no skeleton, the page's <h1> shown (visible, not only in
# the DOM), every chart's svg and every map's canvas there and shown, the fonts loaded; then QUIET_FRAMES
# frames in a row without a new layout-shift entry.
SETTLED_JS = """(quiet) => {
  const s = window.__settle || (window.__settle = {count: -1, frames: 0});
  const a = document.querySelector('[data-testid="stApp"]');
  const shown = el => el && el.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const drawn = a && a.getAttribute('data-test-script-state') === 'notRunning'
    && a.getAttribute('data-test-connection-state') === 'CONNECTED'
    && !document.querySelector('[data-testid="stSkeleton"]') && shown(document.querySelector('h1'))
    && document.fonts.status === 'loaded'
    && [...document.querySelectorAll('[data-testid="stPlotlyChart"], .zh-plotly:not([data-preload]):not([data-state=waiting])')]
         .every(p => shown(p.querySelector('svg.main-svg')))
    && [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')]
         .every(d => { const c = d.querySelector('canvas'); return shown(c) && c.width && c.height; });
  const n = window.__cls.entries.length;
  if (!drawn || n !== s.count) { s.count = n; s.frames = 0; return false; }
  return ++s.frames >= quiet;
}"""


def session_windows(entries: list[dict]) -> list[float]:
    """Lighthouse's (and web-vitals') grouping: a window closes after a 1 s gap or 5 s in all."""
    windows: list[float] = []
    start = last = None
    for e in sorted(entries, key=lambda e: e["time"]):
        if start is None or e["time"] - last >= 1000 or e["time"] - start >= 5000:
            windows.append(0.0)
            start = e["time"]
        windows[-1] += e["value"]
        last = e["time"]
    return windows


# Counted in the page, every animation frame, while the test's other checks run: SETTLED_JS until it holds for
# QUIET_FRAMES frames in a row (drawn, and no new layout-shift entry), then window.__zhQuiet is true.
QUIET_JS = """(quiet) => {
  window.__zhQuiet = false; window.__settle = null;
  const settled = (SETTLED);
  const tick = () => { if (settled(quiet)) window.__zhQuiet = true; else requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
}""".replace("(SETTLED)", SETTLED_JS)


def open_drawn(w: Watched, url: str) -> None:
    """Open url in this (fresh: nothing cached) context's page, observing layout shifts from the first paint; wait
    until drawn; then start counting still frames in the page (shifts() waits for QUIET_FRAMES of them)."""
    w.page.add_init_script(OBSERVE_JS)
    w.page.goto(url)
    w.page.wait_for_function(SETTLED_JS, arg=1, timeout=90000, polling="raf")
    w.page.evaluate(QUIET_JS, QUIET_FRAMES)


def shifts(w: Watched) -> dict:
    """Once the page has been drawn and still for QUIET_FRAMES frames in a row: every shift since the first paint."""
    w.page.wait_for_function("() => window.__zhQuiet === true", timeout=90000)
    entries = [e for e in w.page.evaluate("() => window.__cls.entries") if not e["input"]]
    return {"total": sum(e["value"] for e in entries), "windows": session_windows(entries), "entries": entries}


def describe(result: dict) -> str:
    return "\n".join(f"  {e['value']:.4f} at {e['time']:.0f} ms: " + "; ".join(e["sources"]) for e in result["entries"])


# Every page in both languages, normal and presenter mode (slide 1), in the viewer's light and dark scheme: the
# zh page once without ?lang (the plain link) and once with it, presenter mode once with &slide=1 and once
# without; then the slides with a chart (or the map) where the page has one.
VIEWS: list[tuple[str, str, str]] = []  # (page, query, colour scheme)
for _key in URLS:
    VIEWS += [(_key, "", "light"), (_key, "lang=en", "light"), (_key, "lang=zh&present=1&slide=1", "light"),
              (_key, "lang=en&present=1&slide=1", "light"), (_key, "lang=zh", "dark"), (_key, "lang=en", "dark"),
              (_key, "lang=zh&present=1", "dark"), (_key, "lang=en&present=1", "dark")]
VIEWS += [("city", "map=zoom", "light")]  # the zoomable map (deck.gl), as its switch or a link opens it
CHART_SLIDES = {"innovation": (2,), "investment": (test_investment.PIPELINE_SLIDE,), "city": (2, 7), "digital": (2,)}
VIEWS += [(key, f"lang={lang}&present=1&slide={n}", "light") for key, slides in CHART_SLIDES.items()
          for n in slides for lang in ("zh", "en")]
# The checks each page's own module asks of its views: check(page, lang, slide) with slide None in normal mode.
PAGE_CHECKS = {"innovation": test_innovation.check_in_browser, "investment": test_investment.check_in_browser,
               "digital": test_digital.check_in_browser}
def _view_id(view) -> str:
    key, query, scheme = view
    return f"{key}-{query or 'plain'}-{scheme}"


@pytest.mark.parametrize("key, query, scheme", VIEWS, ids=[_view_id(v) for v in VIEWS])
def test_a_page_view(server, browser, key, query, scheme):
    """Total CLS (every shift without recent input, summed over the whole visit, so at least the largest
    session window Lighthouse reports) stays within 0.1, from the deep link until the page is drawn and has been
    still for a second (counted in the page while the other checks run); and on the same load: the app's
    background follows the system's scheme, no serious or critical axe violation, no exception, error box or
    console error, the page's own words, the page marked drawn, and on a light view Streamlit's DOM hooks named
    for it (tests/test_streamlit_dom.py)."""
    url = f"{server.url}{URLS[key]}" + (f"?{query}" if query else "")
    params = dict(p.split("=") for p in query.split("&") if p)
    lang, present = params.get("lang", "zh"), params.get("present") == "1"
    # Streamlit's DOM hooks named for this page (tests/test_streamlit_dom.py), on its light view.
    hooks_path = view_path(URLS[key], query) if scheme == "light" else None
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", color_scheme=scheme)
    try:
        w = Watched(ctx.new_page())
        if hooks_path in ON_PAGES:
            record_transient_hooks(w.page)
        open_drawn(w, url)
        page = w.page
        wait_idle(page)
        # The theme follows the system (test_quality.py's axe test).
        bg = page.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")
        assert (bg == "rgb(255, 255, 255)") == (scheme == "light"), bg
        assert _axe_serious(page) == []
        # Shown because page_drawn.js marked it drawn, not by the hold's fallback (test_streamlit_dom.py).
        assert page.evaluate("() => document.documentElement.hasAttribute('data-zh-drawn')")
        if hooks_path in ON_PAGES:
            assert_hooks_match(page, hooks_path)
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        if not present:  # the page's own title, in its language (test_browser_shell.py's deep links)
            title = page.locator("h1").first.inner_text()
            assert TITLE[key][0 if lang == "zh" else 1] in title, title
            assert title.strip() == t(f"{key}.title", lang), title
            if lang == "en":
                assert not re.search(r"[\u4e00-\u9fff]", title), title
        if key in PAGE_CHECKS:
            PAGE_CHECKS[key](page, lang, int(params.get("slide", 1)) if present else None)
        if key == "city" and not present and scheme == "light" and "map=zoom" not in query:
            # The map's labels inside the map and apart, at 1366 (tests/test_city.py checks 1920).
            assert_labels_apart(page, url)
        # Layout shift over the whole visit: the page counted its still second while the checks above ran (they
        # only read the page), and any shift meanwhile is in the total.
        result = shifts(w)
        assert result["total"] <= LIMIT, f"CLS {result['total']:.3f} on {url}:\n{describe(result)}"
        assert w.errors == []
    finally:
        ctx.close()


# A shift while the checks run: a block pushed in above the page's content once it is drawn.
LATE_SHIFT_JS = """() => {
  const box = document.querySelector('.st-key-page');
  const block = document.createElement('div');
  block.style.height = '300px';
  box.prepend(block);
}"""


def test_a_shift_after_the_page_is_drawn_is_counted(server, browser):
    """The page counts its still second while the other checks run: a shift in that time is in the total."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        w = Watched(ctx.new_page())
        open_drawn(w, f"{server.url}/?lang=en")
        w.page.evaluate(LATE_SHIFT_JS)
        result = shifts(w)
        assert result["total"] > LIMIT, result
        assert any("st-key-page" in src or "stElementContainer" in src
                   for e in result["entries"] for src in e["sources"]), describe(result)
    finally:
        ctx.close()
