"""When the held-back page shows (components/page_drawn.js), on a page of our own that has Streamlit's shape: the
app root with its script-state attribute, the page's box and its parts, placeholders (skeletons) of elements still
waiting for their code. No server: each case is decided within a few frames, so the 3-second fallback is set out of
reach here (tests/test_streamlit_dom.py checks that one on the real app).

The page shows once its first screen is complete: the script has finished, or a top-level part of the page already
starts below the first screen (the script writes the page in order, so every part above it has all its elements).
A placeholder in the first screen holds it back, unless it is a chart's or a map's (it has their size already)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from components import streamlit_dom
from components.streamlit_dom import SEL

SCRIPT = (Path(streamlit_dom.__file__).with_name("page_drawn.js").read_text(encoding="utf-8")
          .replace("__STREAMLIT_DOM__", json.dumps({**streamlit_dom.js_hooks(), "hold_max_ms": 600_000})))
ATTR = streamlit_dom.SCRIPT_STATE_ATTR


def _key(selector: str) -> str:
    """The class a hook like [class*="_chart_"] looks for, as a keyed element of ours would carry it."""
    return "st-key-page_" + selector.split('"')[1].strip("_") + "_x"


PAGE = f"""<!doctype html><html><body style="margin:0">
<div data-testid="stApp" {ATTR}="running">
  <div class="st-key-page" style="height:1px; overflow:hidden; display:flex; flex-direction:column">
    <div id="nav" style="height:40px; flex-shrink:0"><div data-testid="stSkeleton" style="height:40px"></div></div>
    <div id="chart" class="{_key(SEL['chart_box'])}" style="height:300px; flex-shrink:0">
      <div data-testid="stSkeleton" style="height:300px"></div></div>
    <div id="map" class="{_key(SEL['map_box'])}" style="height:200px; flex-shrink:0">
      <div data-testid="stSkeleton" style="height:200px"></div></div>
  </div>
</div></body></html>"""

FRAMES = """n => new Promise(done => { const f = k => k ? requestAnimationFrame(() => f(k - 1)) : done(); f(n); })"""
DRAWN = "() => document.documentElement.hasAttribute('data-zh-drawn')"


@pytest.fixture
def held(browser):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    page = ctx.new_page()
    page.set_content(PAGE)
    assert page.evaluate(f"() => [...document.querySelectorAll({SEL['chart_box']!r})].map(e => e.id)") == ["chart"]
    assert page.evaluate(f"() => [...document.querySelectorAll({SEL['map_box']!r})].map(e => e.id)") == ["map"]
    page.add_script_tag(content=SCRIPT)
    yield page
    ctx.close()


def _shown_after_frames(page, n: int = 6) -> bool:
    page.evaluate(FRAMES, n)
    return page.evaluate(DRAWN)


@pytest.mark.browser
def test_a_page_still_arriving_shows_once_a_part_starts_below_the_first_screen(held):
    # The top bar waits for its code; the script runs; everything so far is in the first screen.
    assert not _shown_after_frames(held)
    held.evaluate("() => document.querySelector('#nav').replaceChildren()")
    assert not _shown_after_frames(held), "shown while its first screen may still grow"
    # A part that starts below the first screen: every part above it is complete. The chart and the map in the
    # first screen still wait for their code, but their placeholders have their size: the page shows.
    held.evaluate("""() => { const d = document.createElement('div'); d.style.cssText = 'height:50px; flex-shrink:0';
                             d.style.marginTop = innerHeight + 'px';
                             document.querySelector('.st-key-page').append(d); }""")
    assert _shown_after_frames(held)


@pytest.mark.browser
def test_a_placeholder_of_unknown_size_in_the_first_screen_holds_the_page_back(held):
    held.evaluate("""() => { const d = document.createElement('div'); d.style.cssText = 'height:900px; flex-shrink:0';
                             document.querySelector('.st-key-page').append(d); }""")
    # The last part starts in the first screen and runs past it: a part below it may still come, the script runs.
    assert not _shown_after_frames(held)
    held.evaluate(f"() => document.querySelector('[data-testid=stApp]').setAttribute({ATTR!r}, 'notRunning')")
    assert not _shown_after_frames(held), "shown with the top bar's placeholder still in the first screen"
    # A placeholder below the first screen does not hold it back.
    held.evaluate("""() => { const d = document.createElement('div'); d.style.cssText = 'height:40px; flex-shrink:0';
                             d.innerHTML = '<div data-testid="stSkeleton" style="height:40px"></div>';
                             document.querySelector('.st-key-page').append(d); }""")
    held.evaluate("() => document.querySelector('#nav').replaceChildren()")
    assert _shown_after_frames(held)


@pytest.mark.browser
def test_a_finished_script_shows_a_short_page(held):
    held.evaluate("() => document.querySelector('#nav').replaceChildren()")
    assert not _shown_after_frames(held)
    held.evaluate(f"() => document.querySelector('[data-testid=stApp]').setAttribute({ATTR!r}, 'notRunning')")
    assert _shown_after_frames(held)


@pytest.mark.browser
def test_a_font_still_loading_holds_the_page_back(browser):
    """The words would be laid out again when a font arrives, moving what is on screen."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    held = []
    try:
        page = ctx.new_page()
        page.route("**/zh-test-font.woff2", lambda route: held.append(route))
        page.goto("about:blank")
        page.set_content(PAGE)
        page.evaluate("""() => { const f = new FontFace('ZhTest', 'url(https://fonts.invalid/zh-test-font.woff2)');
                                 document.fonts.add(f); f.load().catch(() => {}); }""")
        page.wait_for_function("() => document.fonts.status === 'loading'")
        page.add_script_tag(content=SCRIPT)
        page.evaluate("() => document.querySelector('#nav').replaceChildren()")
        page.evaluate(f"() => document.querySelector('[data-testid=stApp]').setAttribute({ATTR!r}, 'notRunning')")
        assert not _shown_after_frames(page), "shown while a font was loading"
        assert held
        held[0].abort()
        page.wait_for_function("() => document.fonts.status === 'loaded'")
        assert _shown_after_frames(page)
    finally:
        ctx.close()


@pytest.mark.browser
def test_a_placeholder_not_laid_out_does_not_hold_the_page_back(held):
    """The link navigator draws nothing: the page's style hides its slot by its key from the start (BASE_CSS), so its
    placeholder, there until its code arrives, is not a part of the first screen to wait for."""
    held.evaluate(f"() => document.querySelector('[data-testid=stApp]').setAttribute({ATTR!r}, 'notRunning')")
    assert not _shown_after_frames(held), "shown with the top bar's placeholder in the first screen"
    held.evaluate("() => { document.querySelector('#nav').style.display = 'none'; }")
    assert _shown_after_frames(held)


def test_the_page_style_hides_the_navigators_slot_from_the_start():
    from components import nav
    from components.styles import BASE_CSS

    assert f".st-key-{nav.KEY} {{ display: none !important; }}" in BASE_CSS
