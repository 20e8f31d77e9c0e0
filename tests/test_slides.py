"""Meeting mode as slides: one section per slide, every slide fits the screen, the slide lives in the URL."""

from __future__ import annotations

import re

import pytest
from conftest import URLS, Watched, build, run_page, start_fresh, wait_idle

from components.render.slides import clamp_slide, step
from components.sitemap import MEETING_ORDER

MEETING = {k: len(build(k).slides) for k in MEETING_ORDER}
TOTAL = sum(MEETING.values())
# What fits: the document, and Streamlit's own scroller (in 1.67 the document never scrolls: the page
# scrolls inside main[data-testid=stMain]); and nothing drawn below the window's bottom edge.
FIT_JS = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  let bottom = 0;
  for (const e of document.querySelectorAll('[data-testid=stMain] [data-testid=stElementContainer]')) {
    const r = e.getBoundingClientRect();
    if (r.height) bottom = Math.max(bottom, r.bottom);
  }
  return {doc: document.scrollingElement.scrollHeight, main: main.scrollHeight - main.clientHeight,
          bottom: Math.ceil(bottom), inner: innerHeight};
}"""
POSITION = re.compile(r"^(\d+) / (\d+)$")


# ---------------------------------------------------------------------------------------------- pure


def test_every_page_is_a_sequence_of_sections_and_home_opens_on_a_title_slide():
    for key in (*MEETING_ORDER, "sources"):
        for lang in ("zh", "en"):
            page = build(key, lang)
            assert page.slides, key
            keys = [s.key for s in page.slides]
            assert len(keys) == len(set(keys)), keys
    home = build("home").slides[0].section
    assert home.kind == "title" and home.takeaway  # the data date
    assert [c.link for g in home.visual.groups for c in g.cards] == ["innovation", "investment", "city", "digital"]
    # The map is one slide per focus view, in a row.
    city = [s.part for s in build("city").slides if s.section.key == "city.map"]
    assert city == ["all", "line2", "bridge", "north_bank", "xiepu"]


@pytest.mark.parametrize("raw, n, expected", [
    ("3", 5, 3), ("1", 5, 1), ("99", 5, 5), ("0", 5, 1), ("-4", 5, 1), ("abc", 5, 1), ("", 5, 1), ("2.7", 5, 2),
    ("1e400", 5, 1), (None, 5, 1),
])
def test_a_malformed_or_out_of_range_slide_opens_the_nearest_valid_one(raw, n, expected):
    assert clamp_slide(raw, n) == expected


def test_steps_cross_pages_in_the_meeting_order_and_stop_at_the_ends():
    counts = MEETING
    assert step("home", 1, "next", counts) == ("home", 2)
    assert step("home", counts["home"], "next", counts) == ("innovation", 1)
    assert step("innovation", 1, "prev", counts) == ("home", counts["home"])
    assert step("home", 1, "prev", counts) == ("home", 1)
    assert step("digital", counts["digital"], "next", counts) == ("digital", counts["digital"])
    assert step("digital", counts["digital"], "next", counts, loop=True) == ("home", 1)
    assert step("city", 3, "first", counts) == ("home", 1)
    assert step("innovation", 2, "last", counts) == ("digital", counts["digital"])
    # A page outside the meeting keeps to its own slides.
    assert step("sources", 1, "prev", {"sources": 6}) == ("sources", 1)
    assert step("sources", 6, "next", {"sources": 6}) == ("sources", 6)


def test_the_slide_is_written_to_the_url_and_clamped():
    at = run_page("investment", "en", present=True, slide="99")
    assert not at.exception
    assert at.query_params["slide"] in (str(MEETING["investment"]), [str(MEETING["investment"])])
    at = run_page("investment", "en", present=True, slide="nonsense")
    assert at.query_params["slide"] in ("1", ["1"])
    assert at.header[0].value == build("investment", "en").slides[0].title


# ---------------------------------------------------------------------------------------------- browser


def _fit(page) -> dict:
    return page.evaluate(FIT_JS)


def _position(page) -> tuple[int, int]:
    text = page.locator(".st-key-slide_foot").get_by_text(POSITION).first.inner_text().strip()
    n, total = POSITION.match(text).groups()
    return int(n), int(total)


def _position_of(texts: list[str]) -> tuple[int, int] | None:
    """The first footer text that is a position ("3 / 31"), as numbers."""
    for text in texts:
        m = POSITION.match(text.strip())
        if m:
            return int(m.group(1)), int(m.group(2))
    return None


# On the walk's every slide, in one round trip: FIT_JS's figures, the footer's texts, the first body and source
# paragraph's type size (None when the slide has none), and the exception boxes.
SLIDE_STATE_JS = """() => {
  const px = sel => { const e = document.querySelector(sel); return e ? parseFloat(getComputedStyle(e).fontSize) : null; };
  return {fit: (FIT)(),
          positions: [...document.querySelectorAll('.st-key-slide_foot p')].map(p => p.innerText),
          body_px: px('.st-key-slide_body p'), sources_px: px('.st-key-slide_sources p'),
          exceptions: document.querySelectorAll('[data-testid="stException"]').length,
          background: getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor};
}""".replace("FIT", FIT_JS)


def _keys_ready(page) -> None:
    """In a new document the keys listen once their module has run, which can come after the script is idle (a key
    pressed before then does nothing); Watched.open waits for it, a goto or the theme's reload must too."""
    page.wait_for_function("() => window.__zhDeck && window.__zhDeck.active", timeout=45000)


def _wait_slide(page, key: str, n: int) -> None:
    """Wait until the URL shows this page and slide and the script has drawn it (not a sleep)."""
    path = URLS[key]
    page.wait_for_function(
        "([p, n]) => { const u = new URL(location.href); return u.pathname.replace(/\\/$/, '') === p.replace(/\\/$/, '')"
        " && u.searchParams.get('slide') === String(n); }", arg=[path, n], timeout=45000)
    # The URL is written before the rerun draws the slide: wait for the slide's own position in its footer
    # (only the new slide shows it), then for the run to end.
    at = sum(MEETING[k] for k in MEETING_ORDER[:MEETING_ORDER.index(key)]) + n
    page.wait_for_function(
        "t => [...document.querySelectorAll('.st-key-slide_foot p')].some(p => p.textContent.trim() === t)",
        arg=f"{at} / {TOTAL}", timeout=45000)
    wait_idle(page)


def _qr_expected(base: str, key: str, lang: str, slide) -> str:
    """The address a slide's QR code must hold: its page in normal mode, same language, the map's focus kept."""
    from components.content.model import MapSpec

    focus = slide.part if isinstance(slide.section.visual, MapSpec) and slide.part and slide.part != "all" else ""
    return f"{base}{URLS[key]}?lang={lang}" + (f"&focus={focus}" if focus else "")


# Every chart of the slide drawn by the light renderer (its svg there and its state "drawn"), any other chart drawn.
CHARTS_DRAWN_JS = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart], .zh-plotly')]
  .every(e => e.querySelector('svg.main-svg') && (!e.classList.contains('zh-plotly') || e.dataset.state === 'drawn'))"""


# Two of the four walks are in the lobby's forced dark look (?theme=dark over a light system setting): one per screen
# size and one per language, so each size and each language is walked in both looks.
DARK_WALKS = {(1366, "en"), (1920, "zh")}


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_walk_the_whole_meeting(server, browser, size, lang):
    """Walk the whole meeting, once per screen size and language (in Chinese with the on-screen Next button, in
    English with a clicker's PageDown; in the forced dark look on DARK_WALKS), checking on every slide:
    it fits with no scrolling, shows its position across the meeting, reads from the back of the room (type
    sizes), is in its look (light or dark), has a QR code of its page in normal mode (decoded from a real
    screenshot: same page and language, the map's focus kept, the theme left out), every chart drawn; on the map's
    slides no two labels overlap; in the dark look at 1920, each kind of slide (title, figures, each chart kind,
    the map, each card arrangement) passes axe (WCAG AA contrast). Across the walk: the chart library is fetched
    once, while the title slide is shown, and Streamlit's own Plotly chunk never."""
    from test_city import assert_labels_apart
    from test_quality import _axe_serious

    width, height = size
    dark = (width, lang) in DARK_WALKS
    looks = {(k, n) for k, n in _one_slide_per_look() if k in MEETING_ORDER} if dark and width == 1920 else set()
    ctx = browser.new_context(viewport={"width": width, "height": height}, color_scheme="light")
    try:
        w = Watched(ctx.new_page())
        fetched, chunks = [], []
        # In the dark look, the first document is replaced by the theme's reload as soon as it is drawn; its preload
        # of the library may finish before that, and does not count: only the document that stays does.
        w.page.on("requestfinished", lambda r: fetched.append(r.url) if "plotly-basic" in r.url and (
            not dark or "embed_options" in r.frame.url) else None)
        w.page.on("request", lambda r: chunks.append(r.url) if "/static/js/PlotlyChart." in r.url else None)
        page = w.open(server.url, "/?present=1" + ("&lang=en" if lang == "en" else "") + ("&theme=dark" if dark else ""))
        if dark:  # the theme is forced by one reload (components/theme.py)
            page.wait_for_function("() => location.search.includes('embed_options=dark_theme')", timeout=45000)
            wait_idle(page)
            page.wait_for_function("() => !!window.__zhDeck", timeout=45000)
        # The title slide has no chart, yet loads the chart library (once), before the first chart slide.
        page.wait_for_function("() => window.__zhPlotlyWeb && window.__zhPlotlyWeb.P", timeout=60000)
        assert len(fetched) == 1 and page.locator(".zh-plotly").count() == 0
        problems, n, axed = [], 0, set()
        for key in MEETING_ORDER:
            slides = build(key, lang).slides
            for i in range(1, MEETING[key] + 1):
                n += 1
                if n > 1:
                    if lang == "zh":
                        page.locator(".st-key-slide_foot button").nth(1).click()  # the on-screen Next
                    else:
                        page.keyboard.press("PageDown")  # a clicker
                    _wait_slide(page, key, i)
                page.wait_for_function(CHARTS_DRAWN_JS, timeout=30000)
                seen = page.evaluate(SLIDE_STATE_JS)  # what the checks below read, in one round trip
                fit = seen["fit"]
                if fit["doc"] > height or fit["main"] > 0 or fit["bottom"] > height:
                    problems.append((key, i, fit))
                assert _position_of(seen["positions"]) == (n, TOTAL)
                # Body text (the takeaway, a paragraph of the slide's HTML) at least 24 px on a 1920 screen, 16 px
                # on a laptop's.
                if seen["body_px"] is not None:
                    assert seen["body_px"] >= (24 if width == 1920 else 16), (key, i, seen["body_px"])
                if seen["sources_px"] is not None:
                    assert seen["sources_px"] >= 12
                assert seen["exceptions"] == 0, (key, i)
                assert _is_dark(seen["background"]) == dark, (key, i, seen["background"])
                slide = slides[i - 1]
                assert _decode_qr(page, whole=False) == [_qr_expected(server.url, key, lang, slide)], (key, i)
                if slide.section.key == "city.map":
                    assert_labels_apart(page, f"{key} slide {i}")
                if (key, i) in looks:
                    assert _axe_serious(page) == [], (key, i)
                    axed.add((key, i))
        assert axed == looks
        assert problems == []
        assert len(fetched) == 1, fetched
        assert chunks == []
        assert page.evaluate("window.__zhPlotlyWeb.loads") == 1
        assert w.errors == []
    finally:
        ctx.close()


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_sources_slides_fit(server, browser, size):
    width, height = size
    ctx = browser.new_context(viewport={"width": width, "height": height})
    try:
        w = Watched(ctx.new_page())
        n = len(build("sources").slides)
        page = w.open(server.url, "/sources?present=1&slide=1")
        for i in range(1, n + 1):
            if i > 1:  # stepped to, as in a meeting (one page load for the walk)
                page.keyboard.press("PageDown")
                _goto_position(page, i)
            fit = _fit(page)
            assert fit["doc"] <= height and fit["main"] <= 0 and fit["bottom"] <= height, (i, fit)
            assert _position(page) == (i, n)
        assert w.errors == []
    finally:
        ctx.close()


FRESH_LINKS = [
    ("/city?present=1&slide=4&lang=en", "city", 4),
    ("/investment?present=1&slide=99", "investment", MEETING["investment"]),
    ("/innovation?present=1&slide=abc", "innovation", 1),
]


@pytest.fixture(scope="module")
def fresh_servers():
    """A fresh server for each slide's deep link, all started at once; the deep link is each one's first visit."""
    started = dict(zip((q for q, _, _ in FRESH_LINKS), start_fresh(len(FRESH_LINKS))))
    yield started
    for s in started.values():
        s.stop()


@pytest.mark.browser
@pytest.mark.xdist_group("cold_start_slides")  # one worker starts the fresh servers together
@pytest.mark.parametrize("query, key, expected", FRESH_LINKS)
def test_a_deep_link_opens_its_slide_on_a_fresh_server(browser, fresh_servers, query, key, expected):
    server = fresh_servers[query]
    try:
        ctx = browser.new_context(viewport={"width": 1366, "height": 768})
        w = Watched(ctx.new_page())
        page = w.open(server.url, query)
        _wait_slide(page, key, expected)
        lang = "en" if "lang=en" in query else "zh"
        assert page.locator("h2").first.inner_text().strip() == build(key, lang).slides[expected - 1].title
        assert page.get_by_text("Page not found").count() == 0
        before = sum(MEETING[k] for k in MEETING_ORDER[:MEETING_ORDER.index(key)])
        assert _position(page) == (before + expected, TOTAL)
        assert w.errors == []
        ctx.close()
    finally:
        server.stop()


# ---------------------------------------------------------------------------------------------- keys


def _goto_position(page, n: int) -> None:
    """Wait until the footer shows slide n of the meeting and the script is idle."""
    page.wait_for_function(
        "n => [...document.querySelectorAll('.st-key-slide_foot p')].some(p => p.textContent.trim().startsWith(n + ' / '))",
        arg=n, timeout=45000)
    wait_idle(page)


@pytest.mark.browser
def test_clicker_and_keyboard_drive_the_whole_meeting(server, watched):
    """PageDown/Right/Down/Space/N forward, PageUp/Left/Up back, Home/End to the meeting's ends, across
    pages in the meeting order; every step writes the URL, so a copied link reopens the same slide."""
    page = watched.open(server.url, "/?present=1&lang=en")
    steps = [("PageDown", 2), ("ArrowRight", 3), ("ArrowDown", 4), ("Space", 5), ("n", 6),
             ("PageUp", 5), ("ArrowLeft", 4), ("ArrowUp", 3), ("End", TOTAL), ("PageDown", TOTAL),
             ("Home", 1), ("PageUp", 1)]
    order = [(k, i) for k in MEETING_ORDER for i in range(1, MEETING[k] + 1)]
    for key, expected in steps:
        page.keyboard.press(key)
        _goto_position(page, expected)
        k, i = order[expected - 1]
        _wait_slide(page, k, i)
        assert _position(page) == (expected, TOTAL), key
        title = build(k, "en").slides[i - 1].title
        assert page.locator("h1, h2").filter(has_text=title).count() >= 1, (key, title)
    # The URL of a step reopens that slide in a new browser session.
    page.keyboard.press("PageDown")
    _goto_position(page, 2)
    copied = page.url
    other = page.context.new_page()
    other.goto(copied)
    other.wait_for_selector(".st-key-slide_foot")
    wait_idle(other)
    assert _position(other) == (2, TOTAL)
    assert watched.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("blank_key", ["b", "."])
def test_blank_key_blacks_out_the_room_and_any_key_comes_back(server, watched, blank_key):
    page = watched.open(server.url, "/innovation?present=1&slide=2")
    page.keyboard.press(blank_key)
    overlay = page.locator("#zh-deck-blank")
    assert overlay.is_visible()
    box = overlay.bounding_box()
    assert (box["width"], box["height"]) == (1366, 768)
    page.keyboard.press("PageDown")  # brings the slide back and does nothing else
    assert not overlay.is_visible()
    wait_idle(page)
    assert _position(page)[0] == MEETING["home"] + 2
    assert watched.errors == []


# ---------------------------------------------------------------------------------------------- QR code


def _decode_qr(page, whole: bool = True) -> list[str]:
    """The codes zxing reads in a screenshot of the screen as drawn: the whole window, or (whole=False, on the
    walk's every slide) the part of it around the footer's QR code, which costs a fraction of a whole shot."""
    import io

    import zxingcpp
    from PIL import Image

    page.wait_for_function("() => [...document.querySelectorAll('.st-key-slide_qr img')].some(i => i.complete"
                           " && i.naturalWidth > 0)", timeout=30000)
    clip = None
    if not whole:
        box = page.locator(".st-key-slide_qr img").first.bounding_box()
        size = page.viewport_size
        x0, y0 = max(0, box["x"] - 16), max(0, box["y"] - 16)
        clip = {"x": x0, "y": y0, "width": min(size["width"], box["x"] + box["width"] + 16) - x0,
                "height": min(size["height"], box["y"] + box["height"] + 16) - y0}
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(page.screenshot(clip=clip))))]


# Every slide's QR code, at both sizes and in both languages, in the light and the forced dark look, is decoded on
# the walks above (test_walk_the_whole_meeting; the dark walks are DARK_WALKS). The one slide outside the meeting
# with a dark-look check is Sources' (test_slides_in_the_dark_look_pass_axe).


# ---------------------------------------------------------------------------------------------- auto-play


LOOP_PROBE = """(title) => { window.__loops = 0; window.__states = []; let last = '';
  new MutationObserver(() => {
    const h = document.querySelector('h1'); const t = h ? h.innerText.trim() : '';
    if (t && t !== last) { if (t === title && last) window.__loops++; last = t; }
    const a = document.querySelector('[data-testid=stApp]');
    const c = a && a.getAttribute('data-test-connection-state');
    if (c && c !== window.__states[window.__states.length - 1]) window.__states.push(c);
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true}); }"""


@pytest.mark.browser
@pytest.mark.slow
def test_auto_play_loops_the_meeting(servers, browser):
    """?play= advances through every slide of the meeting and back to the title slide, unattended: a whole loop
    with the countdown shown, in the dark look, no exception, no error box, no reconnect. (0.3 s a slide here, by
    the test-only floor.) That nothing grows over three loops is checked on a short deck
    (test_deck_keys.py::test_three_loops_of_auto_play_grow_nothing); over the real meeting by the benchmark
    (bench/slides.py, `make bench`)."""
    from components.i18n import t

    server = servers(env={"ZHENHAI_TEST_PLAY_MIN_SECONDS": "0.3"})
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        w = Watched(ctx.new_page())
        page = w.open(server.url, "/?present=1&play=0.3&lang=zh")
        assert page.locator("#zh-deck-countdown").is_visible()  # the countdown to the next slide
        # Every position the footer shows from now on (the one shown now included: the deck may have moved on
        # from the title slide already).
        page.wait_for_function("() => [...document.querySelectorAll('.st-key-slide_foot p')]"
                               ".some(p => / \\/ /.test(p.textContent))")
        first = page.evaluate("""() => { const seen = window.__seen = new Set();
            const note = () => { for (const p of document.querySelectorAll('.st-key-slide_foot p'))
                                   if (/^\\d+ \\/ \\d+$/.test(p.textContent.trim())) seen.add(p.textContent.trim()); };
            note(); new MutationObserver(note).observe(document.body, {subtree: true, childList: true, characterData: true});
            return Math.min(...[...seen].map(s => parseInt(s))); }""")
        page.evaluate(LOOP_PROBE, t("common.app.title", "zh"))
        page.wait_for_function("() => window.__loops >= 1", timeout=300000)
        wait_idle(page)
        # Every slide of the meeting was shown on the way (its position in the footer), one step at a time.
        seen = set(page.evaluate("() => [...window.__seen]"))
        assert {f"{n} / {TOTAL}" for n in range(first, TOTAL + 1)} <= seen, (first, sorted(seen))
        assert "DISCONNECTED" not in page.evaluate("() => window.__states"), "the page lost its connection"
        # Auto-play defaults to the dark look (a lobby screen).
        bg = page.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")
        assert sum(int(v) for v in re.findall(r"\d+", bg)[:3]) < 150, bg
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlert"]').count() == 0
        assert w.errors == []
        assert "Traceback" not in server.log()
    finally:
        ctx.close()


# ---------------------------------------------------------------------------------------------- settings


def _params(page) -> dict:
    from urllib.parse import parse_qs, urlparse

    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def _is_dark(background: str) -> bool:
    return sum(int(v) for v in re.findall(r"\d+", background)[:3]) < 150


def _dark(page) -> bool:
    return _is_dark(page.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"))


@pytest.mark.browser
def test_presenter_play_and_theme_survive_every_navigation(server, browser):
    """One link sets up a screen: the settings are in the URL and survive keys, buttons, links and exit."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, color_scheme="light")
    try:
        w = Watched(ctx.new_page())
        page = w.open(server.url, f"/innovation?present=1&theme=dark&lang=en&slide={MEETING['innovation']}")
        page.wait_for_function("() => location.search.includes('embed_options=dark_theme')", timeout=45000)
        wait_idle(page)
        _keys_ready(page)  # the theme's one reload is a new document
        assert _dark(page)
        page.keyboard.press("PageDown")  # across into the next page
        _wait_slide(page, "investment", 1)
        assert {"present": "1", "theme": "dark", "lang": "en"}.items() <= _params(page).items() and _dark(page)
        page.locator(".st-key-slide_foot button").nth(1).click()  # the on-screen Next
        _wait_slide(page, "investment", 2)
        assert {"present": "1", "theme": "dark", "lang": "en"}.items() <= _params(page).items()
        page.locator(".st-key-slide_foot").get_by_role("link", name="中文").click()
        page.wait_for_function("() => location.search.includes('lang=zh')")
        _wait_slide(page, "investment", 2)
        assert {"present": "1", "theme": "dark", "lang": "zh"}.items() <= _params(page).items() and _dark(page)
        page.locator(".st-key-slide_foot").get_by_role("link", name="退出演示").click()
        page.wait_for_selector(".zh-nav")
        wait_idle(page)
        assert "present" not in _params(page) and "slide" not in _params(page)
        assert {"theme": "dark", "lang": "zh"}.items() <= _params(page).items() and _dark(page)
        page.locator(".zh-nav").get_by_role("link", name="品质硬核 · 城市地图").click()
        page.wait_for_function("() => location.pathname.endsWith('/city')")
        wait_idle(page)
        assert {"theme": "dark", "lang": "zh"}.items() <= _params(page).items() and _dark(page)
        # Auto-play: play stays in the URL while the deck moves, and defaults to dark.
        page.goto(server.url + "/?present=1&play=60&lang=en")
        page.wait_for_function("() => location.search.includes('embed_options=dark_theme')", timeout=45000)
        wait_idle(page)
        _keys_ready(page)
        page.keyboard.press("End")
        _wait_slide(page, "digital", MEETING["digital"])
        assert {"present": "1", "play": "60", "theme": "dark", "lang": "en"}.items() <= _params(page).items()
        assert _dark(page)
        assert w.errors == []
    finally:
        ctx.close()


# The title slide loading the chart library before the first chart slide (fetched once, no chart on the title
# slide) is checked at the start and end of every walk of the meeting (test_walk_the_whole_meeting).


def _one_slide_per_look() -> list[tuple[str, int]]:
    """(page, slide) for the first slide of each kind of screen: title, figures only, each chart kind,
    the map, each card arrangement, a table."""
    from components.content.model import Cards, ChartSpec, MapSpec, Tables

    seen, out = set(), []
    for key in (*MEETING_ORDER, "sources"):
        for i, s in enumerate(build(key).slides, 1):
            v = s.section.visual
            look = (s.section.kind if s.section.kind == "title" else "kpis" if v is None else
                    f"chart:{v.kind}" if isinstance(v, ChartSpec) else f"cards:{v.arrangement}"
                    if isinstance(v, Cards) else "map" if isinstance(v, MapSpec) else
                    "table" if isinstance(v, Tables) else type(v).__name__)
            if look not in seen:
                seen.add(look)
                out.append((key, i))
    return out


@pytest.mark.browser
@pytest.mark.parametrize("key, n", [(k, n) for k, n in _one_slide_per_look() if k not in MEETING_ORDER])
def test_slides_in_the_dark_look_pass_axe(server, browser, key, n):
    """The lobby look: forced dark over a light system setting, WCAG AA contrast (axe) on each kind of slide. The
    meeting's kinds of slide are checked on the walk in the dark look at 1920 (test_walk_the_whole_meeting); these
    are the kinds only the pages outside the meeting have."""
    from test_quality import _axe_serious

    ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, color_scheme="light")
    try:
        w = Watched(ctx.new_page())
        page = w.open(server.url, f"{URLS[key]}?present=1&theme=dark&slide={n}")
        page.wait_for_function("() => location.search.includes('embed_options=dark_theme')", timeout=45000)
        wait_idle(page)
        page.wait_for_function("() => [...document.querySelectorAll('.zh-plotly')]"
                               ".every(e => e.dataset.state === 'drawn')", timeout=45000)
        assert _dark(page)
        assert _axe_serious(page) == []
        # The QR code in the dark look at 1920: its page in normal mode, the theme left out.
        slide = build(key).slides[n - 1]
        assert _decode_qr(page) == [_qr_expected(server.url, key, "zh", slide)]
        assert w.errors == []
    finally:
        ctx.close()


@pytest.mark.parametrize("key, slide, leaving", [
    ("home", 1, ["last"]),  # the meeting's first slide: back and Home stay on it
    ("innovation", 1, ["first", "last", "prev"]),
    ("innovation", 2, ["first", "last"]),
    ("innovation", "last", ["first", "last", "next"]),
    ("digital", "last", ["first"]),  # the meeting's last slide: next stays without auto-play
])
def test_the_keys_element_names_the_actions_that_leave_its_page(key, slide, leaving):
    """The slide keys settle before the next press only after a step that leaves the page
    (static/components/deck_keys.js): each slide tells them which actions do, from the slide it shows."""
    import json

    n = len(build(key).slides) if slide == "last" else slide
    at = run_page(key, "zh", present=True, slide=n)
    data = [json.loads(e.proto.json) for e in at.get("bidi_component") if e.proto.component_name == "zhenhai_deck_keys"]
    assert len(data) == 1 and data[0]["slide_id"] == f"{key}:{n}"
    counts = {k: len(build(k).slides) for k in MEETING_ORDER}
    expected = sorted(a for a in ("next", "prev", "first", "last") if step(key, n, a, counts)[0] != key)
    assert sorted(data[0]["leaving"]) == expected
    assert sorted(data[0]["leaving"]) == leaving
