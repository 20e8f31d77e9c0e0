"""A running server on a copy of the data: a bad save keeps the old figures with a banner; the fix shows."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT, Server, Watched, edit_csv, wait_idle
from test_browser_shell import shown_row

from components import data
from components.data.formulas import evaluate_formula
from components.fmt import fmt_value
from components.i18n import t

pytestmark = pytest.mark.browser

VALUES = ".zh-kpi-value"  # a KPI card's value (components/render/html.py)
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


def set_figure(path, ind, row_id: str, value: float) -> None:
    """Save a new value of a figure with its anchor phrase (a later source's anchor writes the figure) and the rows
    worked out from it (their formulas, in file order) brought in step, as the data's checks ask of a staff member."""
    values = dict(zip(ind["id"], ind["value"].astype(float)))
    old = ind.set_index("id").loc[row_id]
    values[row_id] = value
    edit_csv(path, row_id, "value", f"{value:g}")
    if old["source"] != "article":  # (the article's anchors quote the article, whatever the figure)
        edit_csv(path, row_id, "anchor", old["anchor"].replace(f"{old['value']:g}", f"{value:g}"))
    for r in ind[ind["kind"] == "derived"].to_dict("records"):
        new = evaluate_formula(r["formula"], values)
        if new != values[r["id"]]:
            values[r["id"]] = new
            edit_csv(path, r["id"], "value", f"{new:g}")


def reload_until(page, condition: str, timeout: int = 45000) -> None:
    """Reload, wait until the script is idle, and wait for the condition (a JS expression) to hold."""
    page.reload()
    page.wait_for_selector("h1", timeout=timeout)
    wait_idle(page, timeout)
    page.wait_for_function(condition, timeout=timeout)


def test_a_bad_save_keeps_the_old_figures_with_a_banner_and_the_fix_shows(live, browser):
    server, folder = live
    path = folder / "indicators.csv"
    # The high-tech count's card shows its series' latest result: that row is the one saved wrong, then fixed.
    ind = data.load("indicators", folder, fresh=True)
    row = shown_row(ind, "inn_hightech_2020")
    number = f"{row['value']:g}"
    shown = {lang: fmt_value(row["value"], row["unit"], lang) for lang in ("zh", "en")}
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        w = Watched(ctx.new_page())
        page = w.open(server.url, "/innovation")
        assert shown["zh"] in metric_values(page)
        assert page.locator(BANNER).count() == 0

        # A staff member saves a bad value under the running server.
        edit_csv(path, row["id"], "value", f"{number}家")
        reload_until(page, f"() => document.querySelector('{BANNER}')")
        banner = page.locator(BANNER).inner_text()
        assert t("common.stale.title", "zh") in banner
        assert "indicators.csv 第" in banner and f"“{number}家”" in banner and f"改成 {number}" in banner
        assert "显示的是" in banner
        assert shown["zh"] in metric_values(page)  # the old figure, not an error in its place
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        assert page.locator('[data-testid="stException"]').count() == 0

        # The English page names the same problem in English.
        page.goto(server.url + "/innovation?lang=en")
        page.wait_for_selector(BANNER, timeout=45000)
        wait_idle(page)
        assert f"found '{number}家'" in page.locator(BANNER).inner_text()
        assert shown["en"] in metric_values(page)

        # Fixed, with a new figure (and its derived rows brought in step): the banner goes, the figure shows.
        new = row["value"] + 3
        set_figure(path, ind, row["id"], new)
        fixed = fmt_value(new, row["unit"], "en")
        reload_until(page, f"""() => !document.querySelector('{BANNER}')
                               && [...document.querySelectorAll('{VALUES}')].some(e => e.innerText.trim() === '{fixed}')""")
        assert fixed in metric_values(page) and shown["en"] not in metric_values(page)
        assert w.errors == []
    finally:
        ctx.close()
