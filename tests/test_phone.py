"""Phones (issue #21, item 4): the pages a slide's QR code opens are read on phones. Every page in both languages at
390 x 844 (a common phone's CSS viewport), one load each, and on that load: no sideways scrolling, no visible text
smaller than 14 px, every chart and map inside the screen's width
and every word of a chart inside it; then the same with every help panel open, as a tap on its (?) opens it. Every problem a page has is reported at once.
"""

from __future__ import annotations

import pytest
from conftest import URLS, Watched, draw_every_chart

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
MIN_FONT_PX = 14

# Drawn: every light chart has drawn (or failed, which the message then shows), every st.plotly_chart has its svg,
# and every map its canvas. The slide's preload element draws nothing (it is not on a normal page anyway).
CHARTS_DRAWN_JS = """() =>
  [...document.querySelectorAll('.zh-plotly:not([data-preload])')].every(b => b.dataset.state !== 'loading')
  && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(p => p.querySelector('svg.main-svg'))
  && [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')].every(d => d.querySelector('canvas'))"""

# Everything a phone would complain about, as a list of lines (empty: none).
PROBLEMS_JS = """(minPx) => {
  const out = [];
  const vw = document.documentElement.clientWidth;
  // Sideways scrolling: the document and Streamlit's scroll containers (stMain scrolls in Streamlit 1.5x+; the
  // others are checked too, so a release that moves the scrolling does not hide an overflow).
  const boxes = [['html', document.documentElement],
                 ...['stAppViewContainer', 'stMain', 'stApp'].map(id => [id, document.querySelector(`[data-testid="${id}"]`)])];
  for (const [name, el] of boxes) {
    if (el && el.scrollWidth > el.clientWidth + 1)
      out.push(`scrolls sideways: ${name} scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
  }
  const where = el => {
    const key = el.closest('[class*="st-key-"]');
    const id = el.closest('[data-testid]');
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/)[0] : '';
    return [el.tagName.toLowerCase() + cls, key && [...key.classList].find(c => c.startsWith('st-key-')),
            id && id.getAttribute('data-testid')].filter(Boolean).join(' in ');
  };
  // The widest thing that sticks out (when anything does): the place to look.
  if (out.length) {
    let worst = null;
    for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
      const r = el.getBoundingClientRect();
      if (r.width && r.right > vw + 1 && !el.closest('svg') && (!worst || r.right > worst[1])) worst = [el, r.right];
    }
    if (worst) out.push(`  furthest right: ${where(worst[0])} to ${Math.round(worst[1])} px`);
  }
  // Small type: every shown element with words of its own inside the page, the drawn map's labels included
  // (Plotly's svg text is the charts' business; a closed help panel is not shown). One line per (font size, kind of element).
  const main = document.querySelector('[data-testid="stMain"]');
  const small = new Map();
  for (const el of main ? main.querySelectorAll('*') : []) {
    if ((el.closest('svg') && !el.closest('.zh-map-svg')) || el.closest('.zh-help:not([open]) .zh-help-body')) continue;
    if (['STYLE', 'SCRIPT', 'NOSCRIPT', 'TEMPLATE'].includes(el.tagName)) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.checkVisibility({visibilityProperty: true, opacityProperty: true, contentVisibilityAuto: true})) continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;  // screen-reader-only text, clipped to a pixel
    // (The drawn map's words are scaled with its view box: their size on screen.)
    const px = parseFloat(getComputedStyle(el).fontSize) * (el.closest('.zh-map-svg') ? el.getScreenCTM().a : 1);
    if (px < minPx - 0.01) {
      const k = `${px.toFixed(1)} px: ${where(el)}`;
      if (!small.has(k)) small.set(k, el.textContent.trim().slice(0, 40));
    }
  }
  for (const [k, text] of small) out.push(`text below ${minPx} px: ${k} ("${text}")`);
  // Charts and maps within the screen's width, and the drawn figure within its chart.
  const charts = document.querySelectorAll(
    '.zh-plotly:not([data-preload]), [data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"], .zh-map-svg');
  for (const c of charts) {
    for (const [what, el] of [['chart', c], ['its figure', c.querySelector('svg.main-svg, canvas, .zh-map-svg > svg')]]) {
      if (!el) continue;
      const r = el.getBoundingClientRect();
      if (!r.width) continue;  // in a closed tab or expander
      if (r.left < -1 || r.right > vw + 1)
        out.push(`${what} outside the screen: ${where(c)} spans ${Math.round(r.left)}..${Math.round(r.right)} px of ${vw}`);
    }
  }
  // Every word of a chart within its figure (tick labels, names and values written on it, legend): one that sticks
  // out is cut off at the chart's edge (plotly_web.js lets tick labels overflow rather than hide them).
  for (const c of document.querySelectorAll('.zh-plotly:not([data-preload]), [data-testid="stPlotlyChart"]')) {
    const svg = c.querySelector('svg.main-svg');
    const f = svg && svg.getBoundingClientRect();
    if (!f || !f.width) continue;
    for (const label of c.querySelectorAll('svg.main-svg text')) {
      const r = label.getBoundingClientRect();
      if (r.width && (r.left < f.left - 1 || r.right > f.right + 1 || r.top < f.top - 1 || r.bottom > f.bottom + 1))
        out.push(`chart text "${label.textContent}" outside its chart (${Math.round(r.left)}..${Math.round(r.right)} of ${Math.round(f.left)}..${Math.round(f.right)} px): ${where(c)}`);
    }
  }
  return out;
}"""

VIEWS = [(key, lang) for key in URLS for lang in ("zh", "en")]


@pytest.mark.parametrize("key, lang", VIEWS, ids=[f"{k}-{lang}" for k, lang in VIEWS])
def test_reads_on_a_phone(server, browser, key, lang):
    """At 390 px wide the page does not scroll sideways, its words are at least 14 px and its charts fit."""
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    try:
        w = Watched(ctx.new_page())
        page = w.open(server.url, f"{URLS[key]}?lang={lang}", timeout=90000)
        page.wait_for_function(CHARTS_DRAWN_JS, timeout=90000)
        draw_every_chart(page, timeout=90000)  # those further down too: each must fit
        problems = page.evaluate(PROBLEMS_JS, MIN_FONT_PX)
        # Then as a tap on each (?) leaves it: every help panel open at once (they overlap one another; their place
        # and type are what count).
        page.evaluate("() => document.querySelectorAll('details.zh-help').forEach(d => { d.open = true; })")
        problems += [f"help panels open: {p}" for p in page.evaluate(PROBLEMS_JS, MIN_FONT_PX) if p not in problems]
        assert not problems, f"{URLS[key]}?lang={lang} at {PHONE['width']} px:\n" + "\n".join(problems)
        # The title is on screen and inside it (was test_quality.py's test_usable_on_a_phone, its own visit).
        title = page.locator("h1").first
        assert title.is_visible()
        box = title.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, box
        assert w.errors == []
    finally:
        ctx.close()


# Lighthouse's mobile preset's browser, as a phone's says it is one ("Mobile").
PHONE_AGENT = ("Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/120.0.0.0 Mobile Safari/537.36")
def test_on_a_phone_the_city_map_is_drawn_without_the_map_code(server, browser):
    """A phone's browser gets the city map drawn on the server (render/mapsvg.py): the phone's own view, across the
    screen's width, its labels at 14 px or more, and no request for deck.gl's 2.9 MB (asked for only by the zoomable
    map's switch)."""
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, user_agent=PHONE_AGENT, locale="zh-CN")
    try:
        page = ctx.new_page()
        w = Watched(page)
        w.open(server.url, URLS["city"], timeout=90000)
        got = page.evaluate("""() => {
          const wide = document.querySelector('.zh-map-wide'), phone = document.querySelector('.zh-map-phone');
          const r = phone.getBoundingClientRect();
          // A label's type as drawn: its font size times the view box's scale on screen.
          const sizes = [...phone.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
          return {wide: wide.checkVisibility(), phone: {left: r.left, right: r.right, height: r.height},
                  labels: sizes.length, smallest: Math.min(...sizes),
                  deck: document.querySelectorAll('[data-testid="stDeckGlJsonChart"]').length,
                  chunk: performance.getEntriesByType('resource').filter(e => /DeckGlJsonChart/.test(e.name)).length,
                  vw: document.documentElement.clientWidth}; }""")
        assert not got["wide"] and got["phone"]["left"] >= 0 and got["phone"]["right"] <= got["vw"], got
        assert got["phone"]["right"] - got["phone"]["left"] > 0.85 * got["vw"] and got["phone"]["height"] > 300, got
        assert got["labels"] >= 4 and got["smallest"] >= 14, got
        assert got["deck"] == 0 and got["chunk"] == 0, got
        assert w.errors == []
    finally:
        ctx.close()


def test_on_a_phone_a_chart_page_fetches_plotly_js_only_once_it_is_shown(server, browser):
    """On mobile data the chart bundle (1.1 MB) fetched with the rest of the page delays the page's first screen, so a
    phone's browser gets no preload of it (components/page.py): the bundle is asked for once the page is shown, and
    the charts are drawn. A desktop browser's preload is checked in tests/test_plotly_web.py."""
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, user_agent=PHONE_AGENT, locale="zh-CN")
    try:
        page = ctx.new_page()
        # The moment the mark is set (an observer called right after it, before the chart element's own observer):
        # WHEN_DRAWN polls every 5 ms, too coarse to order it against the bundle's request.
        page.add_init_script("""(() => { const watch = () => { if (!document.documentElement) return setTimeout(watch, 0);
          new MutationObserver(() => { if (!window.zhDrawnAt && document.documentElement.hasAttribute('data-zh-drawn'))
            window.zhDrawnAt = performance.now(); }).observe(document.documentElement, {attributes: true}); };
          watch(); })();""")
        w = Watched(page)
        w.open(server.url, URLS["innovation"], timeout=90000)
        draw_every_chart(page, timeout=90000)
        page.wait_for_function("() => [...document.querySelectorAll('.zh-plotly')].every(b => b.dataset.state === 'drawn')",
                               timeout=90000)
        got = page.evaluate("""() => ({drawn: window.zhDrawnAt,
          preloads: document.head.querySelectorAll('link[data-zh-preload]').length,
          bundle: performance.getEntriesByType('resource').filter(e => /plotly-basic/.test(e.name)).map(e => e.startTime)})""")
        assert got["preloads"] == 0, got
        assert got["drawn"] and len(got["bundle"]) == 1 and got["bundle"][0] >= got["drawn"], got
        assert w.errors == []
    finally:
        ctx.close()
