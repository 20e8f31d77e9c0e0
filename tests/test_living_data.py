"""A running server on a copy of the data: a bad save keeps the old figures with a banner; the fix shows."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT, Server, Watched, edit_csv, wait_idle

from components.i18n import t

pytestmark = pytest.mark.browser

VALUES = '[data-testid="stMetricValue"]'
BANNER = ".st-key-stale_banner"


@pytest.fixture
def live(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    s = Server(env={"ZHENHAI_DATA_DIR": str(folder)})
    yield s, folder
    s.stop()


def metric_values(page) -> list[str]:
    return page.locator(VALUES).all_inner_texts()


def reload_until(page, condition: str, timeout: int = 45000) -> None:
    """Reload, wait until the script is idle, and wait for the condition (a JS expression) to hold."""
    page.reload()
    page.wait_for_selector("h1", timeout=timeout)
    wait_idle(page, timeout)
    page.wait_for_function(condition, timeout=timeout)


def test_a_bad_save_keeps_the_old_figures_with_a_banner_and_the_fix_shows(live, browser):
    server, folder = live
    path = folder / "indicators.csv"
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        w = Watched(ctx.new_page())
        page = w.open(server.url, "/innovation")
        assert "227 家" in metric_values(page)
        assert page.locator(BANNER).count() == 0

        # A staff member saves a bad value under the running server.
        edit_csv(path, "inn_hightech_2020", "value", "227家")
        reload_until(page, f"() => document.querySelector('{BANNER}')")
        banner = page.locator(BANNER).inner_text()
        assert t("common.stale.title", "zh") in banner
        assert "indicators.csv 第" in banner and "“227家”" in banner and "改成 227" in banner
        assert "显示的是" in banner
        assert "227 家" in metric_values(page)  # the old figure, not an error in its place
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        assert page.locator('[data-testid="stException"]').count() == 0

        # The English page names the same problem in English.
        page.goto(server.url + "/innovation?lang=en")
        page.wait_for_selector(BANNER, timeout=45000)
        wait_idle(page)
        assert "found '227家'" in page.locator(BANNER).inner_text()
        assert "227 enterprises" in metric_values(page)

        # Fixed, with a new figure (and its derived rows brought in step): the banner goes, the figure shows.
        edit_csv(path, "inn_hightech_2020", "value", "230")
        edit_csv(path, "inn_hightech_2019_est", "value", "156")
        edit_csv(path, "inn_hightech_added_est", "value", "74")
        reload_until(page, f"""() => !document.querySelector('{BANNER}')
                               && [...document.querySelectorAll('{VALUES}')].some(e => e.innerText.includes('230'))""")
        assert "230 enterprises" in metric_values(page) and "227 enterprises" not in metric_values(page)
        assert w.errors == []
    finally:
        ctx.close()
