"""Quality gates (#8): accessibility, robustness with broken data and many users, and security."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import PAGE_SCRIPTS, ROOT, URLS, Server, Watched, chart_specs, run_page

from components import ui
from components.i18n import t

MARK = "<img src=x onerror=alert(1)>zz"
# Free-text columns a staff member types into: everything else is an id, code, number or date
# that the validator already constrains.
TEXT_COLUMNS = {
    "label_zh", "label_en", "name_zh", "name_en", "note_zh", "note_en", "date_text_zh", "date_text_en",
    "heading_zh", "heading_en", "station_zh", "station_en", "basis_en", "name", "what", "licence",
    "confidence_note",
}


# ----------------------------------------------------------------------------------------------
# Security


def _poison(folder) -> None:
    """Append an HTML payload to every free-text cell of every CSV in the folder."""
    for path in folder.rglob("*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        header = rows[0]
        for r in rows[1:]:
            for i, col in enumerate(header):
                if col in TEXT_COLUMNS and i < len(r) and r[i]:
                    r[i] = r[i] + MARK
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("key", list(PAGE_SCRIPTS))
def test_no_data_string_reaches_raw_html(data_copy, key, lang):
    _poison(data_copy)
    at = run_page(key, lang)
    assert not at.exception, [e.value for e in at.exception]
    # The payload is on the page (so the test is live) ...
    plain = [m.value for m in at.markdown if not m.proto.allow_html]
    shown = "\n".join(plain + [c.value for c in at.caption] + [str(x.value) for x in at.get("dataframe")])
    html_parts = [m.value for m in at.markdown if m.proto.allow_html]
    html_parts += [h.proto.body for h in at.get("html")]
    for deck in at.get("deck_gl_json_chart"):
        spec = json.loads(deck.proto.json)
        html_parts.append(json.dumps(spec.get("tooltip", "")))
    for spec in chart_specs(at):
        shown += json.dumps(spec, ensure_ascii=False)
    assert "onerror" in shown or key == "home", "the poisoned text never reached the page: test is not live"
    # ... but never inside HTML that Streamlit renders unescaped, nor in a tooltip template.
    leaks = [h[:120] for h in html_parts if "onerror" in h]
    assert not leaks, leaks


def test_csv_export_neutralises_formulas_and_opens_in_excel():
    import pandas as pd

    df = pd.DataFrame({"a": ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "plain", "镇海"], "n": [1, 2, 3, 4, 5, 6]})
    raw = ui.csv_bytes(df)
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    cells = [r[0] for r in rows[1:]]
    assert cells[:4] == ["'=1+1", "'+cmd", "'-2+3", "'@SUM(A1)"]
    assert cells[4:] == ["plain", "镇海"]
    assert [r[1] for r in rows[1:]] == ["1", "2", "3", "4", "5", "6"]  # numbers untouched


def test_raw_html_only_from_constants():
    """unsafe_allow_html / st.html may only take text the code owns; review any new use here."""
    allowed = {
        # The page's style (BASE_CSS, and SLIDE_CSS in presenter mode) and the script that shows it once drawn.
        ("components/page.py", "st.html(css + DRAWN_JS, unsafe_allow_javascript=True)"),
        ("components/render/web.py", "st.html(ARROW)"),
        # Swatches and our own strings; the data values in them (names, a date) are escaped.
        ("components/render/web.py", "st.html(mapview.legend_html(page, spec))"),
        ("components/render/slides.py", 'st.html(mapview.legend_html(page, spec, size=".62rem"))'),
        # Our own SVG of the page's address, as an <img> with a data: URI (the address is URL-encoded).
        ("components/render/slides.py",
         'st.html(qr.build_qr_img(url, page.theme == "dark", px_per_module=QR_MODULE_PX, alt=page.t("deck.qr.alt")))'),
        # The printed pages' footer: CSS only, its words written as CSS escapes (briefing_button._css_string).
        ("components/render/briefing_button.py", "st.html(print_page_css(text))"),
    }
    found = set()
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "components").rglob("*.py")]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "unsafe_allow_html=True" in line or re.search(r"\bst\.html\(", line):
                found.add((str(path.relative_to(ROOT)), line.strip()))
    unexpected = found - allowed
    assert not unexpected, unexpected


# ----------------------------------------------------------------------------------------------
# Text alternatives


@pytest.mark.parametrize("key", ["innovation", "investment", "city", "digital"])
def test_every_chart_has_a_takeaway_and_a_table(key):
    at = run_page(key, "en")
    charts = len(chart_specs(at)) + len(at.get("deck_gl_json_chart"))
    assert charts > 0
    tables = [e for e in at.get("expander") if e.label == "View as table"]
    takeaways = [m for m in at.markdown if m.value.startswith("**Takeaway")]
    assert len(tables) >= charts, (len(tables), charts)
    assert len(takeaways) >= charts, (len(takeaways), charts)


# ----------------------------------------------------------------------------------------------
# Browser: accessibility


def _axe_serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} node(s), e.g. {v['nodes'][0]['target']}"
        for v in result["violations"] if v["impact"] in ("critical", "serious")
    ]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("query", ["?lang=zh", "?lang=en", "?lang=zh&present=1"])
@pytest.mark.parametrize("key", list(URLS))
def test_axe_no_serious_violations(server, browser, key, query, scheme):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, color_scheme=scheme)
    try:
        w = Watched(ctx.new_page())
        page = w.open(server.url, URLS[key] + query)
        bg = page.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")
        assert (bg == "rgb(255, 255, 255)") == (scheme == "light"), bg  # the theme follows the system
        assert _axe_serious(page) == []
    finally:
        ctx.close()


@pytest.mark.browser
@pytest.mark.parametrize("key", list(URLS))
def test_usable_on_a_phone(server, browser, key):
    """390 px wide: nothing wider than the screen, title and first figure readable."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        w = Watched(ctx.new_page())
        page = w.open(server.url, URLS[key])
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"page is {overflow}px wider than the phone"
        assert page.locator("h1").first.is_visible()
        box = page.locator("h1").first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 391
        assert w.errors == []
    finally:
        ctx.close()


# ----------------------------------------------------------------------------------------------
# Browser: robustness


@pytest.fixture
def broken_server(tmp_path):
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    path = folder / "indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",227,enterprises,", ",227x,enterprises,"),
                    encoding="utf-8")
    s = Server(env={"ZHENHAI_DATA_DIR": str(folder)})
    yield s
    s.stop()


@pytest.mark.browser
@pytest.mark.parametrize("key", list(URLS))
def test_broken_csv_is_reported_in_place_and_the_rest_works(broken_server, browser, key):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        w = Watched(ctx.new_page())
        page = w.open(broken_server.url, URLS[key])
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator("h1").first.is_visible()
        alerts = page.locator('[data-testid="stAlertContentError"]')
        text = "\n".join(alerts.all_inner_texts())
        # Every page uses the figures: each says which file, line and column, and what was expected (in the
        # page's language: these pages are Chinese).
        assert "indicators.csv 第" in text and "行 value 列" in text and "“227x”" in text and "改法" in text, text
        assert w.errors == []
    finally:
        ctx.close()


async def _session(browser, base: str, n: int) -> list[str]:
    """One visitor: a deep link to a page, then the navigation bar's links through all the others."""
    problems = []
    ctx = await browser.new_context(viewport={"width": 1366, "height": 768})
    ctx.set_default_timeout(240000)  # 20 Chromium pages share two cores: slow, which is not a failure
    page = await ctx.new_page()
    lang = "en" if n % 2 else "zh"
    keys = list(URLS)
    keys = keys[n % len(keys):] + keys[:n % len(keys)]  # sessions start on different pages
    await page.goto(f"{base}{URLS[keys[0]]}?lang={lang}", wait_until="commit")
    for i, key in enumerate(keys):
        if i:
            await page.locator(".st-key-topnav").get_by_role("link", name=t(f"common.nav.{key}", lang)).click()
            await page.wait_for_function("p => location.pathname === p", arg=URLS[key])
        await page.wait_for_selector("h1")
        await page.wait_for_function(
            "() => document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'")
        if await page.locator('[data-testid="stException"]').count():
            problems.append(f"session {n}: exception on {key}")
        if await page.locator('[data-testid="stAlertContentError"]').count():
            problems.append(f"session {n}: error box on {key}")
    await ctx.close()
    return problems


@pytest.mark.browser
def test_twenty_concurrent_sessions_visit_every_page():
    from conftest import CHROMIUM_ARGS, chromium_path
    from playwright.async_api import async_playwright

    server = Server()

    async def main():
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            results = await asyncio.gather(*[_session(browser, server.url, n) for n in range(20)])
            await browser.close()
            return [x for r in results for x in r]

    try:
        # Own thread: the session's sync-playwright fixtures keep an event loop running in this one.
        with ThreadPoolExecutor(1) as pool:
            problems = pool.submit(asyncio.run, main()).result(timeout=900)
        assert server.proc.poll() is None, "the server died"
    finally:
        server.stop()
    log = server.log()
    assert "Traceback" not in log, log[-2000:]
    assert problems == []
