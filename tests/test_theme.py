"""?theme=dark|light (components/theme.py) forces the look against the browser's colour scheme, and keeps it."""

from __future__ import annotations

import re

import pytest
from conftest import Watched, wait_idle

from components.theme import EMBED_OPTION, parse_theme

# One worker holds this module's own server(s) (make test runs --dist loadgroup).
pytestmark = pytest.mark.xdist_group("theme_demo")

APP = "tests/apps/theme_demo.py"

# Before any page script: counts document loads in this tab, and logs (time, stApp background) at every
# animation frame where it changes, across reloads (sessionStorage survives them; Date.now() is shared).
LOG_JS = """(() => {
  const log = JSON.parse(sessionStorage.getItem('themeLog') || '[]');
  log.push(['load', Date.now()]);
  const save = () => sessionStorage.setItem('themeLog', JSON.stringify(log));
  save();
  let last = '';
  const frame = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const bg = app ? getComputedStyle(app).backgroundColor : '';
    if (bg && bg !== last) { last = bg; log.push([bg, Date.now()]); save(); }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})()"""
IS_DARK_JS = """() => { const a = document.querySelector('[data-testid="stApp"]');
  if (!a) return null;
  const [r, g, b] = getComputedStyle(a).backgroundColor.match(/\\d+/g).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.5; }"""


def _dark(rgb: str) -> bool:
    r, g, b = (float(x) for x in re.findall(r"[\d.]+", rgb)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.5


def test_parse_theme():
    assert parse_theme("dark") == "dark" and parse_theme(" Light ") == "light"
    for other in (None, "", "auto", "system", "1", "dark_theme"):
        assert parse_theme(other) is None


@pytest.fixture
def theme_server(servers):
    return servers(script=APP)


def _context(browser, scheme):
    ctx = browser.new_context(color_scheme=scheme, viewport={"width": 1366, "height": 768})
    ctx.add_init_script(LOG_JS)
    return ctx


def _wait_theme(page, want_dark: bool) -> None:
    page.wait_for_function(f"() => ({IS_DARK_JS})() === {str(want_dark).lower()}", timeout=30000)
    page.wait_for_selector("h1")
    wait_idle(page)


@pytest.mark.browser
@pytest.mark.parametrize(("scheme", "theme"), [("light", "dark"), ("dark", "light")])
def test_theme_param_beats_the_system_and_survives_page_switches(theme_server, browser, scheme, theme):
    ctx = _context(browser, scheme)
    try:
        w = Watched(ctx.new_page())
        page = w.page
        aborted = []  # the reload cuts short what the first load was still fetching: expected
        page.on("requestfailed", lambda r: aborted.append("request failed: " + r.url[:160])
                if "ERR_ABORTED" in (r.failure or "") else None)
        page.goto(f"{theme_server.url}/?theme={theme}")
        _wait_theme(page, theme == "dark")
        # One reload, with Streamlit's own switch added to the URL; Python sees the theme too.
        assert f"embed_options={EMBED_OPTION[theme]}" in page.url, page.url
        page.wait_for_selector(f"text=context theme: {theme}")
        log = page.evaluate("() => JSON.parse(sessionStorage.getItem('themeLog'))")
        loads = [t for what, t in log if what == "load"]
        assert len(loads) == 2, log
        # Flash of the other theme: from its first frame to the reload; the right one follows.
        colours = [(what, t) for what, t in log if what != "load"]
        wrong = [t for what, t in colours if _dark(what) != (theme == "dark")]
        right = [t for what, t in colours if _dark(what) == (theme == "dark")]
        print(f"\n{scheme} system, ?theme={theme}: other theme shown for {loads[1] - wrong[0]} ms (until the "
              f"reload), then the browser's empty page for {right[0] - loads[1]} ms; wanted theme drawn "
              f"{right[0] - loads[0]} ms after the link was opened")
        assert wrong[0] < loads[1] < right[0]
        # Client-side page switches keep it: a link, then st.switch_page from a button.
        page.get_by_role("link", name="link to b").click()
        page.wait_for_function("() => location.pathname.endsWith('/b')")
        wait_idle(page)
        assert page.evaluate(IS_DARK_JS) is (theme == "dark")
        assert "embed_options" not in page.url  # Streamlit drops it; the look stays all the same
        page.get_by_role("button", name="switch to a").click()
        page.wait_for_function("() => !location.pathname.endsWith('/b')")
        page.wait_for_selector("h1:has-text('Theme page a')")
        wait_idle(page)
        assert page.evaluate(IS_DARK_JS) is (theme == "dark")
        assert len([1 for what, _ in page.evaluate("() => JSON.parse(sessionStorage.getItem('themeLog'))")
                    if what == "load"]) == 2  # no further reloads
        # The viewer's own stored theme choice is left as Streamlit keeps it (never forced by us).
        stored = page.evaluate("() => Object.entries(localStorage).filter(([k]) => k.startsWith('stActiveTheme'))")
        assert all(v == '"System"' for _, v in stored), stored
        assert [e for e in w.errors if e not in aborted] == []
    finally:
        ctx.close()


@pytest.mark.browser
def test_link_with_embed_options_opens_dark_from_the_first_frame(theme_server, browser):
    ctx = _context(browser, "light")
    try:
        page = ctx.new_page()
        page.goto(f"{theme_server.url}/?theme=dark&embed_options=dark_theme")
        _wait_theme(page, True)
        log = page.evaluate("() => JSON.parse(sessionStorage.getItem('themeLog'))")
        assert [what for what, _ in log if what == "load"] == ["load"]
        assert all(_dark(what) for what, _ in log if what != "load"), log  # never a light frame
    finally:
        ctx.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_without_theme_the_system_decides(theme_server, browser, scheme):
    ctx = _context(browser, scheme)
    try:
        page = ctx.new_page()
        page.goto(f"{theme_server.url}/")
        page.wait_for_selector("h1")
        wait_idle(page)
        assert page.evaluate(IS_DARK_JS) is (scheme == "dark")
        assert "embed_options" not in page.url
    finally:
        ctx.close()


@pytest.mark.browser
def test_never_reloads_twice(theme_server, browser):
    """If the page is still drawn in the other theme with Streamlit's switch already in the URL (here: CSS
    paints it white), the script leaves it alone instead of reloading for ever."""
    ctx = _context(browser, "light")
    try:
        page = ctx.new_page()
        page.goto(f"{theme_server.url}/?theme=dark&embed_options=dark_theme&paint=white")
        page.wait_for_selector("h1")
        wait_idle(page)
        page.wait_for_function("() => document.querySelector('[data-zh-force-theme]')")  # the script has run
        assert page.evaluate(IS_DARK_JS) is False
        # A bounded wait for something that must not happen: a reload would show within this second.
        page.wait_for_function("t => Date.now() > t", arg=page.evaluate("() => Date.now() + 1000"))
        log = page.evaluate("() => JSON.parse(sessionStorage.getItem('themeLog'))")
        assert [what for what, _ in log if what == "load"] == ["load"]
    finally:
        ctx.close()
