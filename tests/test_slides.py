"""Meeting mode as slides: one section per slide, every slide fits the screen, the slide lives in the URL."""

from __future__ import annotations

import re

import pytest
from conftest import URLS, Server, Watched, build, run_page, wait_idle

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


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_every_slide_fits_the_screen(server, browser, size, lang):
    """Walk the whole meeting with the Next button: every slide fits with no scrolling, shows its
    position across the meeting, and reads from the back of the room."""
    width, height = size
    ctx = browser.new_context(viewport={"width": width, "height": height})
    try:
        w = Watched(ctx.new_page())
        page = w.open(server.url, f"/?present=1&lang={lang}")
        problems, n = [], 0
        for key in MEETING_ORDER:
            for i in range(1, MEETING[key] + 1):
                n += 1
                if n > 1:
                    page.locator(".st-key-slide_foot button").nth(1).click()
                    _wait_slide(page, key, i)
                page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stPlotlyChart], .zh-plotly')]"
                                       ".every(e => e.querySelector('svg.main-svg'))", timeout=30000)
                fit = _fit(page)
                if fit["doc"] > height or fit["main"] > 0 or fit["bottom"] > height:
                    problems.append((key, i, fit))
                assert _position(page) == (n, TOTAL)
                # Body text (the takeaway) at least 24 px on a 1920 screen, 16 px on a laptop's.
                body = page.locator(".st-key-slide_body [data-testid=stMarkdown] p")
                if body.count():
                    size_px = body.first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
                    assert size_px >= (24 if width == 1920 else 16), (key, i, size_px)
                sources = page.locator(".st-key-slide_sources p")
                if sources.count():
                    assert sources.first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 12
                assert page.locator('[data-testid="stException"]').count() == 0, (key, i)
        assert problems == []
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
        for i in range(1, n + 1):
            page = w.open(server.url, f"/sources?present=1&slide={i}")
            fit = _fit(page)
            assert fit["doc"] <= height and fit["main"] <= 0 and fit["bottom"] <= height, (i, fit)
            assert _position(page) == (i, n)
        assert w.errors == []
    finally:
        ctx.close()


@pytest.mark.browser
@pytest.mark.parametrize("query, key, expected", [
    ("/city?present=1&slide=4&lang=en", "city", 4),
    ("/investment?present=1&slide=99", "investment", MEETING["investment"]),
    ("/innovation?present=1&slide=abc", "innovation", 1),
])
def test_a_deep_link_opens_its_slide_on_a_fresh_server(browser, query, key, expected):
    server = Server()
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


def _decode_qr(page) -> list[str]:
    import io

    import zxingcpp
    from PIL import Image

    page.wait_for_function("() => [...document.querySelectorAll('.st-key-slide_qr img')].some(i => i.complete"
                           " && i.naturalWidth > 0)", timeout=30000)
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(page.screenshot())))]


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_every_slide_has_a_qr_code_of_its_page_in_normal_mode(server, browser, size):
    """Decoded from a real screenshot: the same page and language, not presenter mode, the map's focus kept."""
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]})
    try:
        w = Watched(ctx.new_page())
        city = build("city", "en").slides
        line2 = next(i for i, s in enumerate(city, 1) if s.part == "line2")
        cases = [("/?present=1&lang=en&slide=2", "/?lang=en"),
                 ("/investment?present=1&slide=3", "/investment?lang=zh"),
                 (f"/city?present=1&lang=en&slide={line2}", "/city?lang=en&focus=line2"),
                 ("/digital?present=1&theme=dark&slide=2", "/digital?lang=zh")]
        for path, expected in cases:
            page = w.open(server.url, path)
            assert _decode_qr(page) == [server.url + expected], path
        assert w.errors == []
    finally:
        ctx.close()


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
def test_auto_play_loops_the_meeting_and_grows_nothing(browser):
    """?play= advances through every slide of the meeting and back to the title slide, unattended: after
    the third loop the page's DOM and the server's memory are within 10 % of what they were after the
    first; no exception, no error box, no reconnect. (1 s a slide here, by the test-only floor.)"""
    from components.i18n import t

    server = Server(env={"ZHENHAI_TEST_PLAY_MIN_SECONDS": "1"})
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        w = Watched(ctx.new_page())
        page = w.open(server.url, "/?present=1&play=1&lang=zh")
        assert page.locator("#zh-deck-countdown").is_visible()  # the countdown to the next slide
        page.evaluate(LOOP_PROBE, t("common.app.title", "zh"))
        figures = {}
        for loop in (1, 2, 3):
            page.wait_for_function(f"() => window.__loops >= {loop}", timeout=600000)
            wait_idle(page)
            figures[loop] = {"dom": page.evaluate("() => document.getElementsByTagName('*').length"),
                             "rss_mb": round(server.rss_mb(), 1)}
        print(f"\nauto-play over the whole meeting ({TOTAL} slides, 1 s each): {figures}")
        for what in ("dom", "rss_mb"):
            assert abs(figures[3][what] - figures[1][what]) <= 0.10 * figures[1][what], (what, figures)
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
        server.stop()


# ---------------------------------------------------------------------------------------------- settings


def _params(page) -> dict:
    from urllib.parse import parse_qs, urlparse

    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def _dark(page) -> bool:
    bg = page.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")
    return sum(int(v) for v in re.findall(r"\d+", bg)[:3]) < 150


@pytest.mark.browser
def test_presenter_play_and_theme_survive_every_navigation(server, browser):
    """One link sets up a screen: the settings are in the URL and survive keys, buttons, links and exit."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, color_scheme="light")
    try:
        w = Watched(ctx.new_page())
        page = w.open(server.url, f"/innovation?present=1&theme=dark&lang=en&slide={MEETING['innovation']}")
        page.wait_for_function("() => location.search.includes('embed_options=dark_theme')", timeout=45000)
        wait_idle(page)
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
        page.wait_for_selector(".st-key-topnav")
        wait_idle(page)
        assert "present" not in _params(page) and "slide" not in _params(page)
        assert {"theme": "dark", "lang": "zh"}.items() <= _params(page).items() and _dark(page)
        page.locator(".st-key-topnav").get_by_role("link", name="品质硬核 · 城市地图").click()
        page.wait_for_function("() => location.pathname.endsWith('/city')")
        wait_idle(page)
        assert {"theme": "dark", "lang": "zh"}.items() <= _params(page).items() and _dark(page)
        # Auto-play: play stays in the URL while the deck moves, and defaults to dark.
        page.goto(server.url + "/?present=1&play=60&lang=en")
        page.wait_for_function("() => location.search.includes('embed_options=dark_theme')", timeout=45000)
        wait_idle(page)
        page.keyboard.press("End")
        _wait_slide(page, "digital", MEETING["digital"])
        assert {"present": "1", "play": "60", "theme": "dark", "lang": "en"}.items() <= _params(page).items()
        assert _dark(page)
        assert w.errors == []
    finally:
        ctx.close()


@pytest.mark.browser
def test_the_title_slide_loads_the_chart_library_before_the_first_chart_slide(server, browser):
    """Plotly's JavaScript is fetched while the title slide is shown, once, not at the first chart slide."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        w = Watched(ctx.new_page())
        fetched = []
        w.page.on("requestfinished", lambda r: fetched.append(r.url) if "plotly-basic" in r.url else None)
        page = w.open(server.url, "/?present=1")
        page.wait_for_function("() => window.__zhPlotlyWeb && window.__zhPlotlyWeb.P", timeout=60000)
        assert len(fetched) == 1 and page.locator(".zh-plotly").count() == 0
        order = [(k, i) for k in MEETING_ORDER for i in range(1, MEETING[k] + 1)]
        first = next(n for n, (k, i) in enumerate(order, 1)
                     if build(k).slides[i - 1].section.visual.__class__.__name__ == "ChartSpec")
        for n in range(2, first + 1):
            page.keyboard.press("PageDown")
            _goto_position(page, n)
        page.wait_for_selector(".zh-plotly[data-state=drawn] svg.main-svg", timeout=30000)
        assert len(fetched) == 1, fetched
        assert w.errors == []
    finally:
        ctx.close()


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
@pytest.mark.parametrize("key, n", _one_slide_per_look())
def test_slides_in_the_dark_look_pass_axe(server, browser, key, n):
    """The lobby look: forced dark over a light system setting, WCAG AA contrast (axe) on each kind of slide."""
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
        assert w.errors == []
    finally:
        ctx.close()
