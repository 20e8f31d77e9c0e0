"""The "View as table" under each chart (components/ui.py table_view): its table is sent only when opened."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import Watched, open_table_views, run_page

from components.i18n import t

# The JavaScript chunk of Streamlit's data grid (st.dataframe), by its file name's stem.
GRID_CHUNK = "/DataFrame."


@pytest.mark.parametrize("key", ["innovation", "investment", "city", "digital"])
def test_a_closed_table_view_sends_no_table_and_an_opened_one_does(key):
    at = run_page(key, "en")
    assert not at.exception, [e.value for e in at.exception]
    labels = (t("common.ui.view_table", "en"), t("common.ui.view_table_trends", "en"))
    views = [e for e in at.get("expander") if e.label in labels]
    assert views, "no table view on a chart page"
    assert not at.dataframe, "a closed expander sent its table"
    # Nor its CSV download (sent with the table, once the view is opened; it builds its file on click).
    assert not at.get("download_button"), "a closed expander sent its CSV download"
    at = open_table_views(at)
    assert not at.exception, [e.value for e in at.exception]
    # Every table view shows its tables (a section's chart's and its time charts'), each with its download; the
    # map's sources (city) are two more tables in their own expander.
    opened = [e for e in at.get("expander") if e.label in labels]
    assert len(opened) == len(views)
    for e in opened:
        assert e.get("dataframe") and len(e.get("download_button")) == len(e.get("dataframe")), e.label
    assert len(at.dataframe) == sum(len(e.get("dataframe")) for e in opened) + (2 if key == "city" else 0)
    assert all(len(d.value) for d in at.dataframe)


@pytest.mark.browser
def test_the_table_opens_in_the_browser_and_downloads(server, browser):
    """A first visit loads no data grid; opening the view draws the table, and its CSV downloads."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    try:
        w = Watched(ctx.new_page())
        page = w.open(server.url, "/investment?lang=en")
        chunks = "(c) => performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes(c))"
        assert page.evaluate(chunks, GRID_CHUNK) == []
        view = page.locator('[data-testid="stExpander"]').filter(has_text="View as table").first
        view.locator("summary").click()
        # The section's first table (the chart's; its time charts' follows in the same view).
        grid = view.locator('[data-testid="stDataFrame"]').first
        grid.wait_for(state="visible", timeout=45000)
        assert page.evaluate(chunks, GRID_CHUNK), "the grid's chunk name changed: GRID_CHUNK no longer finds it"
        # The grid draws its cells on a canvas: there, and as tall as a few rows.
        grid.locator("canvas").first.wait_for(state="attached", timeout=45000)
        assert grid.bounding_box()["height"] > 70
        with page.expect_download(timeout=45000) as dl:
            view.get_by_role("button", name="Download CSV").first.click()
        assert dl.value.suggested_filename == "zhenhai_key_projects_en.csv"
        raw = open(dl.value.path(), "rb").read()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert len(rows) >= 3 and any("126" in cell for row in rows for cell in row), rows[:4]
        assert w.errors == []
    finally:
        ctx.close()
