"""Links between pages drawn in our own HTML (components/nav.py): what they point at, what a click may ask for, and
that a click switches pages inside the running app (browser tests at the end)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from conftest import html_bodies, run_page, wait_idle
from shown_html import parse

from components import nav
from components.sitemap import KEYS, MEETING_ORDER, SCRIPT


def test_a_click_may_ask_only_for_our_pages_and_our_parameters():
    assert nav.target({"page": "city", "query": "lang=en&theme=dark&evil=1&present=1"}) == (
        "city", {"lang": "en", "theme": "dark", "present": "1"})
    assert nav.target({"page": "home", "query": ""}) == ("home", {})
    assert nav.target({"page": "city", "query": 5}) == ("city", {})
    for bad in (None, "city", {"page": "../secrets"}, {"page": "pages/city.py"}, {"query": "lang=en"}):
        assert nav.target(bad) is None


def test_links_are_relative_so_a_base_path_is_kept():
    assert nav.href("home", {"lang": "zh"}) == "./?lang=zh"
    assert nav.href("city", {"lang": "en", "theme": "dark"}) == "./city?lang=en&theme=dark"
    assert nav.href("sources", {}) == "./sources"


def test_follow_link_switches_to_the_page_the_click_asked_for(monkeypatch):
    went = []

    def switch_page(page, query_params=None):
        went.append((page, query_params))

    fake = SimpleNamespace(session_state={}, switch_page=switch_page)
    monkeypatch.setattr(nav, "st", fake)
    nav.follow_link()  # no click: nothing
    fake.session_state[nav.KEY] = {"go": None}
    nav.follow_link()
    fake.session_state[nav.KEY] = {"go": {"page": "nowhere", "query": "lang=en"}}
    nav.follow_link()
    assert went == []
    fake.session_state[nav.KEY] = {"go": {"page": "digital", "query": "lang=en"}}
    nav.follow_link()
    assert went == [(SCRIPT["digital"], {"lang": "en"})]


def _links(at, cls: str):
    return [a for b in html_bodies(at) for n in parse(b).find_all(cls) for a in n.find_all(tag="a")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_top_bar_is_one_element_of_links_that_keep_the_language(lang):
    at = run_page("investment", lang, theme="dark")
    links = _links(at, "zh-nav")
    other = "en" if lang == "zh" else "zh"
    assert [a.attrs["data-zh-nav"] for a in links] == [*KEYS, "investment", "investment"]
    assert [a.attrs["href"] for a in links[:len(KEYS)]] == [nav.href(k, {"lang": lang, "theme": "dark"}) for k in KEYS]
    lang_link, present_link = links[len(KEYS):]
    assert lang_link.attrs["href"] == f"./investment?lang={other}&theme=dark" and lang_link.attrs["lang"] == other
    assert present_link.attrs["href"] == f"./investment?lang={lang}&theme=dark&present=1"
    assert [a.attrs["data-zh-nav"] for a in links if a.attrs.get("aria-current") == "page"] == ["investment"]
    # No Streamlit page link or toggle is left on the page: each was an element of its own.
    assert at.get("page_link") == [] and at.get("toggle") == []
    assert [e for e in at.get("bidi_component") if "zhenhai_nav" in str(e.proto)]


def test_the_home_cards_and_the_meeting_row_link_their_pages():
    at = run_page("home", "en")
    cards = _links(at, "zh-card-link")
    assert [a.attrs["data-zh-nav"] for a in cards] == ["innovation", "investment", "city", "digital"]
    assert {a.text() for a in cards} == {"Open the topic →"}
    row = _links(at, "zh-meeting-nav")
    assert [a.attrs["data-zh-nav"] for a in row] == [MEETING_ORDER[1]]
    middle = _links(run_page("city", "en"), "zh-meeting-nav")
    assert [a.attrs["href"] for a in middle] == ["./investment?lang=en", "./digital?lang=en"]


# ----------------------------------------------------------------------------------------------
# In the browser


@pytest.mark.browser
def test_a_click_on_a_link_switches_pages_in_the_same_document(server, watched):
    page = watched.open(server.url, "/?lang=en")
    page.evaluate("window.__sameDocument = true")
    for where, name, path in ((".zh-nav", "Innovation", "/innovation"), (".zh-meeting-nav", re.compile("^Next"), "/investment"),
                              (".zh-nav", "中文", "/investment"), (".zh-nav", "首页 · 总览", "/")):
        page.locator(where).get_by_role("link", name=name).first.click()
        page.wait_for_function("(p) => location.pathname === p && document.querySelector('h1')", arg=path)
        wait_idle(page)
    assert page.evaluate("window.__sameDocument === true"), "a link loaded the document again"
    assert "lang=zh" in page.url
    page.locator(".zh-card-link").get_by_role("link").nth(2).click()
    page.wait_for_function("() => location.pathname === '/city'")
    wait_idle(page)
    assert page.evaluate("window.__sameDocument === true")
    # The browser's back button returns to the page before, as with Streamlit's own links.
    page.go_back()
    page.wait_for_function("() => location.pathname === '/'")
    assert watched.errors == []


@pytest.mark.browser
def test_a_click_with_a_modifier_key_is_left_to_the_browser(server, watched):
    page = watched.open(server.url, "/innovation?lang=en")
    with page.context.expect_page() as opened:
        page.locator(".zh-nav").get_by_role("link", name="Sources").click(modifiers=["Control"])
    new = opened.value
    # (A new tab starts at about:blank: wait for its address, not its first load event.)
    new.wait_for_url(re.compile(r"/sources\?lang=en$"), timeout=30000)
    # This page stayed where it was.
    assert re.search(r"/innovation\?lang=en", page.url)
    new.close()


@pytest.mark.parametrize("key", list(SCRIPT))
def test_a_page_sends_at_most_a_third_of_the_elements_it_sent_before_issue_21(key):
    """Issue 21.1's target, kept: elements and containers a page sends (each a React component the browser draws),
    counted as `make bench` counts them, against commit 2d4ec7e's count."""
    from bench.run import ELEMENTS_BEFORE, count_elements

    at = run_page(key, "zh")
    assert count_elements(at) <= ELEMENTS_BEFORE[key] / 3, (count_elements(at), ELEMENTS_BEFORE[key])
