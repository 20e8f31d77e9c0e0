"""Streamlit's internals the app relies on (components/streamlit_dom.py) still hold on the Streamlit installed: every
hook matches on the page it names (checked on that page's view in tests/test_page_views.py, so one load of a page
gets all its checks), the held-back page shows within HOLD_MAX_S when its drawn mark never comes, and the slide keys
work when the app root has no script-state attribute. On an upgrade that renames any of it, these are the tests
that fail (make test-latest runs them on the newest Streamlit in range)."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from components import streamlit_dom
from components.streamlit_dom import HOOKS, SEL

# Hooks seen only while a page loads: recorded from the first byte by a script installed before the page's own.
RECORD_JS = """(sels) => {
  window.__zhSeen = {};
  const look = () => { for (const [name, sel] of Object.entries(sels))
    if (!window.__zhSeen[name] && document.querySelector(sel)) window.__zhSeen[name] = true; };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true });
}"""
TRANSIENT = {h.name: h.selector for h in HOOKS if h.where.startswith("transient")}
ON_PAGES: dict[str, list] = defaultdict(list)
for _h in HOOKS:
    if _h.where.startswith("/"):
        ON_PAGES[_h.where].append(_h)


def view_path(url_path: str, query: str) -> str:
    """A page view's address as a hook's `where` writes it: the default language (zh) left out."""
    params = [p for p in query.split("&") if p and p != "lang=zh"]
    return url_path + ("?" + "&".join(params) if params else "")


def record_transient_hooks(page) -> None:
    """Before the page's own scripts: note every transient hook seen while the page loads."""
    page.add_init_script(f"({RECORD_JS})({json.dumps(TRANSIENT)})")


def assert_hooks_match(page, path: str) -> None:
    """On the drawn page at `path` (a page view of tests/test_page_views.py, which calls this on the light view
    of every path a hook names): every hook of that path matches, the app root has its script-state attribute, and
    on /innovation every transient hook was seen while it loaded (record_transient_hooks before the visit)."""
    missing = page.evaluate("hooks => hooks.filter(([n, s]) => !document.querySelector(s)).map(([n]) => n)",
                            [[h.name, h.selector] for h in ON_PAGES[path]])
    assert not missing, f"Streamlit's DOM no longer has {missing} on {path} (components/streamlit_dom.py)"
    assert page.evaluate(f"() => document.querySelector({SEL['app']!r}).hasAttribute("
                         f"{streamlit_dom.SCRIPT_STATE_ATTR!r})"), "the app root lost its script-state attribute"
    if path == "/innovation":
        seen = page.evaluate("() => window.__zhSeen")
        assert set(TRANSIENT) <= set(seen), f"never seen while loading: {set(TRANSIENT) - set(seen)}"


def test_every_page_a_hook_names_is_a_page_view_that_checks_it():
    """The hooks of a page are checked on that page's light view in tests/test_page_views.py (one load of each
    page gets every check); every path a hook names must be one of those views."""
    from conftest import URLS
    from test_page_views import VIEWS

    viewed = {view_path(URLS[key], query) for key, query, scheme in VIEWS if scheme == "light"}
    assert set(ON_PAGES) <= viewed, set(ON_PAGES) - viewed


def test_every_hook_is_checked_somewhere():
    """A hook's `where` is a page this test opens, a transient one recorded while /innovation loads, or another
    test that checks it by name (it must name the hook there)."""
    from conftest import ROOT

    for h in HOOKS:
        if h.where.startswith(("/", "transient")):
            continue
        test_file = ROOT / h.where.split(" ")[0]
        assert test_file.exists() and f'SEL["{h.name}"]' in test_file.read_text(encoding="utf-8"), h


# The drawn mark never comes (page_drawn.js did not run, or never found the page ready): the page still shows,
# after HOLD_MAX_S at most (BASE_CSS's animation).
NO_DRAWN_MARK = """(() => {
  const set = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (name === "data-zh-drawn") return;
    return set.call(this, name, value);
  };
  window.__zhBoxAt = null;
  new MutationObserver(() => {
    if (window.__zhBoxAt === null && document.querySelector(".st-key-page")) window.__zhBoxAt = performance.now();
  }).observe(document, { subtree: true, childList: true });
  // The hold starts when the page's style reaches the box (its animation named), which on a loaded machine can
  // be well after the box exists; it ends on the first frame the box is open and visible. Every frame until then.
  window.__zhHoldAt = null; window.__zhOpenAt = null;
  const tick = () => {
    const box = document.querySelector(".st-key-page");
    if (box) {
      if (window.__zhHoldAt === null && getComputedStyle(box).animationName === "zh-show") window.__zhHoldAt = performance.now();
      if (window.__zhHoldAt !== null && box.getBoundingClientRect().height > 2 && box.checkVisibility({ visibilityProperty: true }))
        window.__zhOpenAt = performance.now();
    }
    if (window.__zhOpenAt === null) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""

SHOWN_JS = """() => {
  const box = document.querySelector(".st-key-page");
  const h1 = box && box.querySelector("h1");
  if (!h1 || !h1.checkVisibility({ visibilityProperty: true })) return false;
  const r = box.getBoundingClientRect();
  if (r.height <= 2) return false;
  window.__zhShownAt = window.__zhShownAt || performance.now();
  return true;
}"""


@pytest.mark.browser
def test_a_page_without_its_drawn_mark_shows_within_the_longest_hold(server, watched):
    page = watched.page
    page.add_init_script(NO_DRAWN_MARK)
    page.goto(server.url + "/innovation")
    page.wait_for_function("() => window.__zhBoxAt !== null", timeout=45000)
    # Polled every animation frame: the first frame the page's heading is visible in its opened box.
    page.wait_for_function(SHOWN_JS, polling="raf", timeout=30000)
    assert not page.evaluate("() => document.documentElement.hasAttribute('data-zh-drawn')")
    held = page.evaluate("() => (window.__zhOpenAt - window.__zhHoldAt) / 1000")
    # The CSS animation opens the box HOLD_MAX_S after the page's style holds it (measured from then, not from the
    # box's first frame: on a loaded machine the style can arrive a second later, CI's one failure of this test);
    # a frame or two of slack.
    assert 0 < held <= streamlit_dom.HOLD_MAX_S + 0.5, held


# Streamlit without the script-state attribute on its root (a release that renamed it): removed as soon as it is
# set, from the first byte.
NO_SCRIPT_STATE = """(() => {
  const attr = "__ATTR__";
  const set = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (name === attr) return;
    return set.call(this, name, value);
  };
})();""".replace("__ATTR__", streamlit_dom.SCRIPT_STATE_ATTR)


@pytest.mark.browser
def test_slide_keys_work_without_the_script_state_attribute(server, watched):
    page = watched.page
    page.add_init_script(NO_SCRIPT_STATE)
    page.goto(server.url + "/?present=1&slide=1")
    page.wait_for_function("() => !!window.__zhDeck && document.documentElement.hasAttribute('data-zh-drawn')",
                           timeout=45000)
    assert not page.evaluate(f"() => document.querySelector({SEL['app']!r}).hasAttribute("
                             f"{streamlit_dom.SCRIPT_STATE_ATTR!r})")
    for n in (2, 3):
        page.keyboard.press("PageDown")
        page.wait_for_function("n => new URL(location.href).searchParams.get('slide') === String(n)", arg=n,
                               timeout=30000)
    page.keyboard.press("PageUp")
    page.wait_for_function("() => new URL(location.href).searchParams.get('slide') === '2'", timeout=30000)
    assert not watched.errors


def test_the_page_style_survives_the_sanitizer():
    """st.html's sanitizer (DOMPurify) drops a whole style or script element whose text has a "<" before a letter,
    "/" or "!": the page would then lose every rule, or stay held back (BASE_CSS, SLIDE_CSS, the drawn script, the
    print footer's CSS)."""
    import re

    from components.page import DRAWN_JS
    from components.print_footer import print_page_css
    from components.styles import BASE_CSS, SLIDE_CSS

    for name, text, tag in (("BASE_CSS", BASE_CSS, "style"), ("SLIDE_CSS", SLIDE_CSS, "style"),
                            ("DRAWN_JS", DRAWN_JS, "script"), ("print css", print_page_css("a<b>c</p>"), "style")):
        inner = re.sub(rf"^\s*<{tag}[^>]*>|</{tag}>\s*$", "", text)
        assert inner.count(f"<{tag}") == 0, name
        assert not re.search(r"<[A-Za-z/!?]", inner), (name, re.search(r".{20}<[A-Za-z/!?].{20}", inner))
