"""The shell in a real browser: cold-start deep links, navigation that keeps the language, presenter mode."""

from __future__ import annotations

import re

import pytest
from conftest import URLS, Server, Watched, wait_idle
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# A figure each page must show (read from data/), and the page title in each language.
# (The sources table draws on a canvas, so its key figure is the row count it reports.)
KEY_FIGURE = {"home": "227", "innovation": "227", "investment": "16.8", "city": "55", "digital": "10",
              "sources": "共 "}
TITLE = {
    "home": ("四大硬核", "four hard cores"), "innovation": ("创新", "nnovation"),
    "investment": ("投资", "nvestment"), "city": ("城市", "ity"), "digital": ("数字", "igital"),
    "sources": ("来源", "ources"),
}


def wait_url(page, pattern: str) -> None:
    """Client-side page changes fire no load event: wait on location.href itself."""
    page.wait_for_function("p => new RegExp(p).test(location.href)", arg=pattern, timeout=30000)
    wait_idle(page)


def _visible_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


@pytest.mark.parametrize("key", list(URLS))
def test_cold_start_deep_link(browser, key):
    """The first visitor after a server start follows a link straight to a page (as after a Cloud wake)."""
    server = Server()
    try:
        ctx = browser.new_context(viewport={"width": 1366, "height": 768})
        w = Watched(ctx.new_page())
        page = w.open(server.url, URLS[key])
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator('[data-testid="stException"]').count() == 0
        title = page.locator("h1").first.inner_text()
        assert TITLE[key][0] in title, title
        assert KEY_FIGURE[key] in _visible_text(page)
        assert w.errors == []
        ctx.close()
    finally:
        server.stop()


@pytest.mark.parametrize("key", list(URLS))
def test_english_deep_link(server, watched, key):
    page = watched.open(server.url, URLS[key] + "?lang=en")
    title = page.locator("h1").first.inner_text()
    assert TITLE[key][1] in title and not re.search(r"[\u4e00-\u9fff]", title), title
    assert page.locator('[data-testid="stException"]').count() == 0
    assert watched.errors == []


def test_sources_search_filters_the_table(server, watched):
    page = watched.open(server.url, "/sources?lang=en")
    caption = page.get_by_text(re.compile(r"^\d+ of \d+ rows match$")).first
    total = int(caption.inner_text().split(" of ")[1].split()[0])
    box = page.locator('[data-testid="stTextInput"] input').first
    box.fill("227")
    box.press("Enter")
    # The caption changes from "N of N" once the filtered table is back from the server.
    expect(page.get_by_text(f"{total} of {total} rows match")).to_have_count(0, timeout=30000)
    shown = int(page.get_by_text(re.compile(r"^\d+ of \d+ rows match$")).first.inner_text().split()[0])
    assert 1 <= shown < total
    assert watched.errors == []


def test_sidebar_navigation_keeps_language(server, watched):
    page = watched.open(server.url, "/?lang=en")
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Innovation").click()
    wait_url(page, r"/innovation\?.*lang=en")
    page.wait_for_selector("h1:has-text('nnovation')")
    # Switch language from there: the same page, in Chinese.
    page.locator('[data-testid="stMain"]').get_by_role("link", name="中文").click()
    wait_url(page, r"/innovation\?.*lang=zh")
    page.wait_for_selector("h1:has-text('创新')")
    assert watched.errors == []


def test_builtin_page_list_hidden(server, watched):
    page = watched.open(server.url, "/")
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    # Our own navigation is there instead, translated.
    assert page.locator('[data-testid="stSidebar"]').get_by_role("link", name="创新硬核").count() == 1


def test_presenter_mode_walks_the_meeting_order(server, watched):
    page = watched.open(server.url, "/?lang=en&present=1")
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    order = ["innovation", "investment", "city", "digital"]
    for key in order:
        page.locator('[data-testid="stMain"]').get_by_role("link", name=re.compile(r"^Next · ")).click()
        wait_url(page, rf"/{key}\?")
        url = page.url
        assert "lang=en" in url and "present=1" in url, url
    # Last page of the meeting: no "next", a "previous" back to city.
    assert page.get_by_role("link", name=re.compile(r"^Next · ")).count() == 0
    assert page.get_by_role("link", name=re.compile(r"^← Previous · ")).count() == 1
    assert watched.errors == []


def test_presenter_toggle_sets_and_clears_the_url(server, watched):
    page = watched.open(server.url, "/innovation")
    toggle = page.locator('[data-testid="stMain"] [data-testid="stCheckbox"]').first
    toggle.click()
    wait_url(page, r"present=1")
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSidebar\"]') || "
                           "getComputedStyle(document.querySelector('[data-testid=\"stSidebar\"]')).display === 'none'")
    page.locator('[data-testid="stMain"] [data-testid="stCheckbox"]').first.click()
    page.wait_for_function("() => !location.href.includes('present=1')")


@pytest.mark.parametrize("key", ["home", "innovation", "investment", "city", "digital"])
def test_presenter_headline_figures_above_the_fold(server, watched, key):
    """At 1366x768 in presenter mode the page's headline (figures, or the board/map that is the
    headline) starts on the first screen, and the type is large."""
    page = watched.open(server.url, URLS[key] + "?present=1")
    headline = page.locator('[data-testid="stMetric"], [data-testid="stPlotlyChart"], .zh-plotly, [data-testid="stDeckGlJsonChart"]')
    assert headline.count() > 0, "no headline figures on the page"
    box = headline.first.bounding_box()
    assert box and box["y"] < 768 * 0.6, box
    if page.locator('[data-testid="stMetric"]').count():
        metric = page.locator('[data-testid="stMetric"]').first.bounding_box()
        assert metric["y"] + metric["height"] <= 768 or key == "digital", metric
    size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert size >= 18, size


def test_csv_and_zip_downloads_open_in_excel(server, watched):
    """The files a person downloads: UTF-8 with BOM, our columns, formulas neutralised, a full zip."""
    import csv
    import io
    import zipfile

    page = watched.open(server.url, "/sources?lang=en")
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download CSV").first.click()
    raw = open(dl.value.path(), "rb").read()
    assert dl.value.suggested_filename == "zhenhai_indicators_en.csv"
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {"ID", "Indicator", "Value", "Anchor phrase", "Formula"} <= set(rows[0])
    hightech = next(r for r in rows if r["ID"] == "inn_hightech_2020")
    assert float(hightech["Value"]) == 227 and hightech["Anchor phrase"]
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download all data (ZIP)").click()
    with zipfile.ZipFile(dl.value.path()) as z:
        names = set(z.namelist())
        assert {"indicators.csv", "items.csv", "milestones.csv", "geo/stations.csv", "geo/boundary.geojson"} <= names
        assert z.read("indicators.csv").startswith(b"\xef\xbb\xbf")
    assert watched.errors == []
