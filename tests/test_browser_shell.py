"""The shell in a real browser: cold-start deep links, navigation that keeps the language, presenter mode."""

from __future__ import annotations

import re

import pytest
from conftest import URLS, Watched, start_fresh, wait_idle, wait_title
from playwright.sync_api import expect

from components import data
from components.fmt import fmt_value
from components.i18n import t
from components.page import ICON_URL

pytestmark = pytest.mark.browser

# A figure each page must draw, by its indicator id: read from the card that draws it (a KPI card, .zh-kpi, shows
# its series' latest result: shown_row), never from the page's text (which also quotes it in anchor phrases). The
# sources table draws on a canvas, so its figure is the row count its tab reports.
KEY_FIGURE = {"home": "inn_hightech_2020", "innovation": "inn_hightech_2020", "investment": "inv_fai_growth_2020",
              "city": "city_zhuangshi_projects_2021", "digital": "dig_grad_items"}
TITLE = {
    "home": ("四大硬核", "four hard cores"), "innovation": ("创新", "nnovation"),
    "investment": ("投资", "nvestment"), "city": ("城市", "ity"), "digital": ("数字", "igital"),
    "sources": ("来源", "ources"),
}


def page_title(key: str, lang: str) -> str:
    """The page's own <h1>: its title in the strings."""
    return t(f"{key}.title", lang)


def wait_url(page, pattern: str, title: str) -> None:
    """Client-side page changes fire no load event, and the address changes before the new page runs: wait
    for the address and for the new page's own title, then for the script to finish."""
    page.wait_for_function("p => new RegExp(p).test(location.href)", arg=pattern, timeout=30000)
    wait_title(page, title, 30000)
    wait_idle(page)


def _visible_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def shown_row(ind, row_id: str) -> dict:
    """The row a card naming `row_id` shows: the latest row of its series of the same sort (a result for a result,
    the reported one of two results for one period; a plan for a plan); a row with no series stands for itself."""
    row = ind.set_index("id").loc[row_id].to_dict()
    if not row.get("series"):
        return row
    sort = ("reported", "derived") if row["kind"] in ("reported", "derived") else (row["kind"],)
    same = [r for r in data.series_rows(ind, row["series"]) if r["kind"] in sort]
    same.sort(key=lambda r: (data.period_sort_key(r["period"]), r["kind"] == "reported"))
    return same[-1] if same else row


def open_tab(page, name: str) -> None:
    """Choose a Sources table and wait for what the click brings: that table's button checked with its table shown,
    the script idle. Not by counting runs: a run still going when the button is clicked (on a fresh server, one
    started by a component) takes the click's rerun in, so no new run starts (test_cold_start_deep_link[sources]
    once waited 45 s for one)."""
    page.locator(".st-key-sources_tab").get_by_role("radio", name=name, exact=True).click()
    page.wait_for_function(
        """name => { const b = [...document.querySelectorAll('.st-key-sources_tab [role=radio]')]
                       .find(e => e.textContent.trim() === name);
                     return b && b.getAttribute('aria-checked') === 'true'
                       && document.querySelector('.zh-table-wrap[aria-label="' + name + '"] table.zh-table'); }""",
        arg=name, timeout=45000)
    wait_idle(page)


def _drawn_key_figure(page, key: str) -> tuple[str, list[str]]:
    """(what the page must draw, what it draws) for a page's key figure."""
    ind = data.load("indicators", fresh=True)
    if key == "sources":
        # Every figure is in the figures' tab, whose table is sent once the tab is chosen.
        open_tab(page, t("sources.tab_indicators", "zh"))
        n = len(ind)
        return t("sources.matches", "zh", n=n, m=n), [c.strip() for c in page.locator(
            '.zh-note[role="status"]').all_inner_texts()]
    row = shown_row(ind, KEY_FIGURE[key])
    return fmt_value(row["value"], row["unit"], "zh"), [v.strip() for v in page.locator(
        ".zh-kpi-value").all_inner_texts()]


@pytest.fixture(scope="module")
def cold_servers():
    """A fresh server for each page's deep link, all started at once (their start-ups overlap); nothing visits
    one before its test, whose deep link is its first visit."""
    started = dict(zip(URLS, start_fresh(len(URLS))))
    yield started
    for s in started.values():
        s.stop()


@pytest.mark.xdist_group("cold_start")  # one worker starts the fresh servers together
@pytest.mark.parametrize("key", list(URLS))
def test_cold_start_deep_link(browser, cold_servers, key):
    """The first visitor after a server start follows a link straight to a page (as after a Cloud wake)."""
    server = cold_servers[key]
    try:
        ctx = browser.new_context(viewport={"width": 1366, "height": 768})
        w = Watched(ctx.new_page())
        asked: list[str] = []
        w.page.on("request", lambda r: asked.append(r.url))
        page = w.open(server.url, URLS[key], title=page_title(key, "zh"))
        # The page names the app's address before Streamlit's code runs (components/app_address.py): a deep link's
        # client goes straight there and never asks the page's own address for the server (a 404, then 100 ms lost).
        named = page.evaluate("() => window.__streamlit && window.__streamlit.BACKEND_BASE_URL")
        assert named == (None if URLS[key] == "/" else server.url), named
        assert not [u for u in asked if "/_stcore/" in u and not u.startswith(server.url + "/_stcore/")], asked
        assert any(u.startswith(server.url + "/_stcore/health") for u in asked)
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator('[data-testid="stException"]').count() == 0
        title = page.locator("h1").first.inner_text()
        assert TITLE[key][0] in title, title
        # The tab shows the app's icon (sent as a data: URL, so no run opens the file: components/page.py ICON_URL).
        assert page.evaluate("() => document.querySelector(\"link[rel='shortcut icon']\").href") == ICON_URL
        want, drawn = _drawn_key_figure(page, key)
        assert want in drawn, (want, drawn)
        assert w.errors == []
        ctx.close()
    finally:
        server.stop()


# Every page's English deep link (its title in English, no Chinese in it, no exception, no console error) is one of
# tests/test_page_views.py's views.


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


def test_top_navigation_keeps_language(server, watched):
    page = watched.open(server.url, "/?lang=en")
    page.locator(".zh-nav").get_by_role("link", name="Innovation").click()
    wait_url(page, r"/innovation\?.*lang=en", page_title("innovation", "en"))
    # Switch language from there: the same page, in Chinese.
    page.locator(".zh-nav").get_by_role("link", name="中文").click()
    wait_url(page, r"/innovation\?.*lang=zh", page_title("innovation", "zh"))
    assert page.locator(".zh-nav").get_by_role("link", name="English").count() == 1
    assert watched.errors == []


def test_builtin_page_list_hidden_and_no_sidebar(server, watched):
    page = watched.open(server.url, "/", title=page_title("home", "zh"))
    # Counted once the home page's own script has run to the end (its title drawn, the script idle), so an
    # absence is not just "not drawn yet".
    expect(page.locator(".zh-nav").get_by_role("link", name="创新硬核")).to_have_count(1)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    # Our own navigation is the bar at the top, translated; there is no sidebar to slide in later.
    assert not page.locator('[data-testid="stSidebar"]').is_visible()


def test_presenter_link_sets_the_url_and_exit_clears_it(server, watched):
    page = watched.open(server.url, "/innovation")
    page.locator(".zh-nav").get_by_role("link", name="演示模式").click()
    # Presenter mode's first slide has the section's title as its heading, not the page's: wait for the
    # slide's footer, which only the new state has.
    page.wait_for_function("() => location.href.includes('present=1')", timeout=30000)
    page.wait_for_selector(".st-key-slide_foot")
    wait_idle(page)
    page.locator(".st-key-slide_foot").get_by_role("link", name="退出演示").click()
    page.wait_for_function("() => !location.href.includes('present=1') && !location.href.includes('slide=')")
    page.wait_for_selector(".zh-nav")
    assert watched.errors == []


def test_csv_and_zip_downloads_open_in_excel(server, watched):
    """The files a person downloads: UTF-8 with BOM, our columns, formulas neutralised, a full zip."""
    import csv
    import io
    import zipfile

    page = watched.open(server.url, "/sources?lang=en")
    # The figures' table (and its button) is sent once its tab is chosen.
    open_tab(page, t("sources.tab_indicators", "en"))
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download CSV").first.click()
    raw = open(dl.value.path(), "rb").read()
    assert dl.value.suggested_filename == "zhenhai_indicators_en.csv"
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {"ID", "Indicator", "Value", "Anchor phrase", "Formula"} <= set(rows[0])
    hightech = next(r for r in rows if r["ID"] == "inn_hightech_2020")
    assert float(hightech["Value"]) == 227 and hightech["Anchor phrase"]
    # The first button's click reruns the page: wait until that run is over, or the second click can land on a
    # button being redrawn and be lost (seen on a loaded machine, in the baseline run too).
    wait_idle(page)
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download all data (ZIP)").click()
    with zipfile.ZipFile(dl.value.path()) as z:
        names = set(z.namelist())
        assert {"indicators.csv", "items.csv", "milestones.csv", "geo/stations.csv", "geo/boundary.geojson"} <= names
        assert z.read("indicators.csv").startswith(b"\xef\xbb\xbf")
    assert watched.errors == []


def test_a_deep_link_under_a_sub_path_goes_straight_to_the_app(servers, browser):
    """Served under a sub-path (server.baseUrlPath, as behind the office's proxy), a deep link names the sub-path as
    the app's address: nothing asks /zhenhai/city/_stcore/ first. The sub-path's own root names nothing (its address
    is the app's already)."""
    server = servers(base_path="zhenhai")
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        w = Watched(ctx.new_page())
        asked: list[str] = []
        w.page.on("request", lambda r: asked.append(r.url))
        page = w.open(server.url, "/city", title=page_title("city", "zh"))
        assert page.evaluate("() => window.__streamlit.BACKEND_BASE_URL") == server.url
        assert not [u for u in asked if "/city/_stcore/" in u], asked
        page = w.open(server.url, "/", title=page_title("home", "zh"))
        assert page.evaluate("() => window.__streamlit === undefined")
        assert w.errors == []
    finally:
        ctx.close()
