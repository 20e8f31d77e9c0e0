"""Quality gates (#8): accessibility, robustness with broken data and many users, and security."""

from __future__ import annotations

import ast
import asyncio
import csv
import io
import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import (
    PAGE_SCRIPTS,
    ROOT,
    URLS,
    Server,
    Watched,
    chart_specs,
    html_bodies,
    html_text,
    open_table_views,
    run_page,
)
from shown_html import lines, parse

from components import ui
from components.i18n import t

MARK = "<img src=x onerror=alert(1)>zz"
# Anchors are at most 20 characters (data.ANCHOR_MAX): a short payload that is still live markup if drawn raw.
ANCHOR_MARK = "<svg onload=f()>"
PAYLOAD_WORDS = ("onerror=alert(1)", "onload=f()")
# The payloads as live markup: what must never stand in HTML the page renders unescaped (escaped, as text, it
# may: render/html.py writes data there as text).
PAYLOAD_TAGS = ("<img src=x onerror", "<svg onload")
# Columns the validator reads as text that are not free text: each has a form checked elsewhere.
NOT_FREE_TEXT = {
    "formula": "checked as a formula of ids and arithmetic (data.evaluate_formula)",
    "inputs": "checked against the formula's ids",
    "date": "checked for its form against the precision",
    "text_file": "a path to the source's text, never shown",
}
GEOJSON_TEXT = ("name_zh", "name_en", "basis_zh", "basis_en")


def free_text_columns() -> dict[str, list[str]]:
    """Every free-text column of every data file, from the validator's own column checks (so a new text
    column is poisoned too): {file: [columns]}."""
    from components import data
    from components.data import schema

    text = (schema._text, schema._required, schema._anchor)
    return {t.file: [c for c, check in t.columns.items() if check in text and c not in NOT_FREE_TEXT]
            for t in data.TABLES.values()}


def test_the_poison_reaches_every_free_text_column():
    cols = free_text_columns()
    assert {"title_zh", "title_en", "publisher_zh", "publisher_en", "what_zh", "what_en", "licence_zh", "licence_en",
            "confidence_note_zh", "confidence_note_en"} <= \
        set(cols["sources.csv"])
    assert set(cols["sections.csv"]) == {"heading_zh", "heading_en"}
    assert set(cols["funnel_stages.csv"]) == {"name_zh", "name_en", "note_zh", "note_en"}
    assert {"label_zh", "label_en", "note_zh", "note_en", "anchor"} == set(cols["indicators.csv"])
    assert {"anchor", "date_text_zh", "date_text_en", "label_zh", "label_en"} == set(cols["milestones.csv"])
    assert {"station_zh", "station_en"} == set(cols["geo/stations.csv"])
    assert {"name_zh", "name_en", "basis_zh", "basis_en"} == set(cols["geo/places.csv"])


def _poisoned_anchor(row: dict, anchor: str) -> str:
    """The payload in an anchor (20 characters at most): a later source's figure keeps its number after it, as
    the validator asks of such anchors; the article's anchors keep their start."""
    from components import data

    if row.get("source", "article") != "article" and row.get("value") and row.get("kind") != "derived":
        return ANCHOR_MARK + f"{float(row['value']):g}"[: data.ANCHOR_MAX - len(ANCHOR_MARK)]
    return anchor[:data.ANCHOR_MAX - len(ANCHOR_MARK)] + ANCHOR_MARK


def _poison(folder) -> None:
    """Append an HTML payload to every free-text cell of every data file (a short one to anchors, which
    have at most 20 characters), and to the GeoJSON files' names; add funnel stage counts so the funnel's
    stage names are on a page too."""
    from test_data_living import add_source, append, stage_row


    add_source(folder)
    for stage, value in (("reserve", "80"), ("signed", "60")):
        append(folder / "indicators.csv", stage_row(stage, "2022", value))
    for file, cols in free_text_columns().items():
        path = folder / file
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        header = rows[0]
        for r in rows[1:]:
            for i, col in enumerate(header):
                if i >= len(r) or not r[i]:
                    continue
                if col in cols:
                    r[i] = _poisoned_anchor(dict(zip(header, r)), r[i]) if col == "anchor" else r[i] + MARK
                elif col == "text_file":
                    r[i] = ""  # the poisoned anchors are not the source's words: check them for length only
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    for path in folder.rglob("*.geojson"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for feature in doc["features"]:
            for col in GEOJSON_TEXT:
                if feature["properties"].get(col):
                    feature["properties"][col] += MARK
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    from components.data import read_all

    problems = read_all(folder)[1]
    assert not problems, [p.text("en") for p in problems]  # the pages show the poisoned data, not an error


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("key", list(PAGE_SCRIPTS))
def test_no_data_string_reaches_raw_html(data_copy, key, lang):
    _poison(data_copy)
    at = run_page(key, lang)
    assert not at.exception, [e.value for e in at.exception]
    shown, leaks = [], []
    for view in _each_tab(at):  # (a tab set that sends only its open tab: every tab, the Sources page's)
        # The payloads are on the page, in text Streamlit escapes or that our HTML carries escaped (its text,
        # help panels included, as a reader sees it), so the test is live ...
        shown += [m.value for m in view.markdown if not m.proto.allow_html]
        shown += [e.value for kind in ("title", "header", "subheader", "caption", "text", "error", "warning", "info")
                  for e in view.get(kind)]
        shown.append(html_text(view))
        # (a table whole: its printed form leaves out the middle columns of a wide one)
        shown += [x.value.to_csv() for x in view.get("dataframe")] + [e.label for e in view.get("expander")]
        shown += [json.dumps(spec, ensure_ascii=False) for spec in chart_specs(view).values()]
        shown += [json.dumps(json.loads(d.proto.json).get("layers", []), ensure_ascii=False)
                  for d in view.get("deck_gl_json_chart")]
        # ... but never as markup inside HTML that Streamlit renders unescaped (our HTML, render/html.py's, carries
        # it as escaped text), nor in a tooltip template (not even as text: the template is ours alone).
        html_parts = [m.value for m in view.markdown if m.proto.allow_html]
        html_parts += html_bodies(view)
        leaks += [h[:160] for h in html_parts if any(w in h for w in PAYLOAD_TAGS)]
        for deck in view.get("deck_gl_json_chart"):
            tooltip = json.dumps(json.loads(deck.proto.json).get("tooltip", ""))
            leaks += [tooltip[:160]] if any(w in tooltip for w in PAYLOAD_WORDS) else []
    shown = "\n".join(shown)
    for word in PAYLOAD_WORDS:
        assert word in shown, f"the payload {word!r} never reached the {key} page: the test is not live"
    assert not leaks, leaks


def _each_tab(at):
    """The page as each table of the Sources page's table choice shows it (only the chosen table is sent), every
    table chosen in turn through its key in session state, as a click does; the page as it is when it has no such
    choice. Yields the AppTest after each run."""
    yield at
    choice = [b for b in at.get("button_group") if b.key == "sources_tab"]
    if not choice:
        return
    keys = [s.key for s in _sources_sections(at)]
    assert len(keys) == len(choice[0].options) > 1, (keys, choice[0].options)
    for key in keys[1:]:
        at.session_state["sources_tab"] = key
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert re.sub(r"\s+", "", str(at.get("button_group")[0].value)) == key
        yield at


def _sources_sections(at):
    from components.content import content_for

    lang = at.query_params.get("lang", ["zh"])
    return content_for("sources", lang[0] if isinstance(lang, list) else lang).sections


@pytest.mark.slow  # builds the whole deck from poisoned data, twice: 10 s
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_data_string_reaches_the_decks_markup(data_copy, lang):
    """The PowerPoint deck: every data string is text in its XML (escaped), never an element or attribute."""
    import zipfile

    from lxml import etree

    from components.briefing import build_deck
    from components.content import fresh_loader

    _poison(data_copy)
    blob = build_deck(lang, fresh_loader(data_copy))
    live, parts = 0, []

    def check(name: str, raw: bytes) -> None:
        nonlocal live
        root = etree.fromstring(raw)  # well-formed: nothing in it ended a tag early
        for el in root.iter():
            tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
            assert tag not in ("img", "svg", "script"), (name, tag)
            assert not any(a.lower().startswith("on") for a in el.attrib), (name, dict(el.attrib))
        assert b"<img src=x" not in raw and b"<svg onload" not in raw, name
        live += raw.count(b"&lt;img src=x onerror=alert(1)&gt;") + raw.count(b"&lt;svg onload=f()&gt;")
        parts.append(name)

    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                check(name, z.read(name))
            elif name.endswith(".xlsx"):  # a chart's workbook ("Edit Data")
                with zipfile.ZipFile(io.BytesIO(z.read(name))) as book:
                    for inner in book.namelist():
                        if inner.endswith(".xml"):
                            check(f"{name}/{inner}", book.read(inner))
    assert live > 50, f"the payload reached the deck {live} times: the test is not live"
    assert any(p.endswith(".xlsx/xl/sharedStrings.xml") or "/xl/" in p for p in parts)


def test_the_print_footer_keeps_data_out_of_markup():
    """The printed page's footer is CSS with the words as a CSS string: nothing in them can end the string,
    the rule or the <style> element."""
    from components.print_footer import print_page_css

    text = 'x"; } </style><img src=x onerror=alert(1)> \\ \' 2021年 · https://h/p?lang=en&focus=bridge'
    css = print_page_css(text)
    assert re.fullmatch(r"<style>[^<>]*</style>", css), css
    content = re.search(r"content: (\"[^\"]*\");", css)
    assert content, css
    # The one CSS string holds the whole text (escaped), and the page number rule follows it untouched.
    assert "counter(page) ' / ' counter(pages)" in css
    assert "onerror=alert(1)" in content.group(1) and "\\22 " in content.group(1) and "\\3c " in content.group(1)


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


# Every call that renders raw HTML, and what it may contain. Found by parsing the code (ast), so a call
# split over lines, or written with other spacing, is still seen; each entry is the call as ast.unparse
# writes it, with why it is safe.
RAW_HTML_ALLOWED = {
    ("components/page.py", "st.html(footer + css + DRAWN_JS + preload, unsafe_allow_javascript=True)"):
        "the page's constant style (the slides' too in presenter mode), the script that shows it once drawn, the "
        "constant script that preloads the chart code (plotly_web.PRELOAD_JS: two of our own static addresses), and "
        "print_footer_html's footer: its words (data date, address with URL-encoded parameters) html.escape'd in "
        "a <p>, and as CSS escapes in print_page_css (test_the_print_footer_keeps_data_out_of_markup)",
    ("components/ui.py", "st.html(h('p', h('strong', title), class_='zh-table-title'))"):
        "a table view's title (a section title or our own string), escaped by render/html.py's h()",
    ("components/render/web.py", "st.html(mapview.legend_html(page, spec, over=True))"):
        "swatches and our own strings; the one data value in them (a date) is escaped (html.escape)",
    ("components/render/mapview.py", "st.markdown(markup, unsafe_allow_html=True)"):
        "the drawn map (render/mapsvg.py: every text, attribute and number in it escaped or formatted there; "
        "test_city.py's test_drawn_map_escapes_every_text_and_keeps_tooltips) with the legend (legend_html, escaped)",
    ("components/render/slides.py", "st.html(mapview.legend_html(page, spec, size='.62rem'))"):
        "swatches and our own strings; the one data value in them (a date) is escaped (html.escape)",
    ("components/render/slides.py",
     "st.html(qr.build_qr_img(url, page.theme == 'dark', px_per_module=QR_MODULE_PX, alt=page.t('deck.qr.alt')))"):
        "our own SVG of the page's address as an <img> with a data: URI (the address is URL-encoded)",
    ("components/ui.py", "st.html(markup)"):
        "markup built by components/render/html.py, whose h() escapes every text and attribute it is given",
    ("components/theme.py",
     "st.components.v2.component('zhenhai_force_theme', html=HTML, css=CSS, js=JS, isolate_styles=False)"):
        "constant HTML, CSS and script; its data is a theme code",
    ("components/plotly_web.py",
     "st.components.v2.component(COMPONENT_NAME, html=_HTML, js=LOADER_JS, css=_CSS, isolate_styles=False)"):
        "constant HTML and loader; the script is ours (static/components/plotly_web.js); the figure goes to Plotly, "
        "which draws text as SVG text",
    ("components/page.py", "st.html(markup)"):
        "the top bar and the meeting row: our own strings and page addresses, built by components/markup.py's h(), "
        "which escapes every text and attribute it is given",
    ("components/nav.py", "st.components.v2.component('zhenhai_nav', html=_HTML, "
                          "css=streamlit_dom.hide_slot('[data-zh-nav-hub]'), js=LOADER_JS, isolate_styles=False)"):
        "constant HTML, CSS and loader; the script is ours (static/components/nav.js); its data is that script's "
        "address, and what it sends back (a page key and a query string) is checked by nav.target()",
    ("components/deck_keys.py",
     "st.components.v2.component('zhenhai_deck_keys', html=HTML, css=CSS, js=LOADER_JS, isolate_styles=False)"):
        "constant HTML, CSS and loader; the script is ours (static/components/deck_keys.js); its words are set as text",
}


def _dotted(node) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def raw_html_calls(source: str) -> list[str]:
    """Every call in the source that renders raw HTML: st.html, components.html (v1), a components-v2
    element (its html=), and any call given unsafe_allow_html= anything but a literal False."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _dotted(node.func)
        keywords = {k.arg: k.value for k in node.keywords}
        for k in node.keywords:  # st.markdown(text, **{"unsafe_allow_html": True})
            if k.arg is None and isinstance(k.value, ast.Dict):
                keywords.update({key.value: v for key, v in zip(k.value.keys, k.value.values)
                                 if isinstance(key, ast.Constant)})
        unsafe = keywords.get("unsafe_allow_html")
        raw = unsafe is not None and not (isinstance(unsafe, ast.Constant) and unsafe.value is False)
        raw |= name in ("st.html", "streamlit.html")
        raw |= name.endswith(("components.html", "components.v2.component")) or "html" in keywords
        if raw:
            out.append(ast.unparse(node))
    return out


@pytest.mark.parametrize("source, found", [
    ("st.html(x)", 1),
    ("st.markdown(\n    f'<b>{name}</b>',\n    unsafe_allow_html = True,\n)", 1),
    ("st.caption(text, unsafe_allow_html=flag)", 1),
    ("st.markdown(text, unsafe_allow_html=False)", 0),
    ("st.markdown(text, **{'unsafe_allow_html': True})", 1),
    ("import streamlit.components.v1 as components\ncomponents.html(page)", 1),
    ("st.components.v2.component('x', html=h)", 1),
    ("html.escape(x)", 0),
    ("st.write(x)", 0),
])
def test_the_raw_html_finder_sees_split_and_spaced_calls(source, found):
    assert len(raw_html_calls(source)) == found, raw_html_calls(source)


def test_raw_html_only_from_reviewed_calls():
    """Raw HTML may only take what the code owns (or escapes); review any new call here."""
    found = set()
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "components").rglob("*.py")]:
        for call in raw_html_calls(path.read_text(encoding="utf-8")):
            found.add((str(path.relative_to(ROOT)), call))
    assert found - set(RAW_HTML_ALLOWED) == set(), found - set(RAW_HTML_ALLOWED)
    assert set(RAW_HTML_ALLOWED) - found == set(), "entries for calls that are gone: take them out"


# ----------------------------------------------------------------------------------------------
# Text alternatives


@pytest.mark.parametrize("key", ["innovation", "investment", "city", "digital"])
def test_every_chart_has_a_takeaway_and_a_table(key):
    at = run_page(key, "en")
    charts = len(chart_specs(at)) + len(at.get("deck_gl_json_chart")) + sum("zh-map-svg" in m.value for m in at.markdown)
    assert charts > 0
    # A section's table view holds the tables of its charts (its own and its time charts'), sent once opened.
    views = [e for e in open_table_views(at).get("expander")
             if e.label in ("View as table", "View the figures over time as a table")]
    tables = [d for e in views for d in e.get("dataframe")]
    takeaways = [lines(p.text()) for b in html_bodies(at) for p in parse(b).find_all("zh-takeaway")]
    assert all(x.startswith("Takeaway: ") for x in takeaways), takeaways
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


# Every page in zh, en and presenter mode, light and dark, is checked with axe by tests/test_page_views.py, on the
# same load as its layout-shift and text checks.


# At 390 px wide (no sideways scrolling, the title on screen, type and charts that fit): tests/test_phone.py, one
# visit per page and language.


# ----------------------------------------------------------------------------------------------
# Browser: robustness


@pytest.fixture(scope="session")
def broken_folder(tmp_path_factory):
    import shutil

    folder = tmp_path_factory.mktemp("broken") / "data"
    shutil.copytree(ROOT / "data", folder)
    path = folder / "indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",227,enterprises,", ",227x,enterprises,"),
                    encoding="utf-8")
    return folder


@pytest.fixture
def broken_server(servers, broken_folder):
    """One server on the broken copy for the whole run (nothing edits it after it is made)."""
    return servers(env={"ZHENHAI_DATA_DIR": str(broken_folder)})


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
            await page.locator(".zh-nav").get_by_role("link", name=t(f"common.nav.{key}", lang)).click()
            await page.wait_for_function("p => location.pathname === p", arg=URLS[key])
        # This page's own title, so what is checked below is this page and not the one before it (the address
        # changes before the new page has run); then its script idle, so every box it draws is there.
        await page.wait_for_function("t => document.querySelector('h1')?.textContent.trim() === t",
                                     arg=t(f"{key}.title", lang))
        await page.wait_for_function(
            "() => document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'")
        if await page.locator('[data-testid="stException"]').count():
            problems.append(f"session {n}: exception on {key}")
        if await page.locator('[data-testid="stAlertContentError"]').count():
            problems.append(f"session {n}: error box on {key}")
    await ctx.close()
    return problems


def visit_every_page(sessions: int, env: dict | None = None) -> tuple[list[str], str]:
    """`sessions` visitors at once on a fresh server, each through every page: (problems, server log)."""
    from conftest import TEST_CHROMIUM_ARGS, chromium_path
    from playwright.async_api import async_playwright

    server = Server(env=env)

    async def main():
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=chromium_path(), args=TEST_CHROMIUM_ARGS)
            results = await asyncio.gather(*[_session(browser, server.url, n) for n in range(sessions)])
            await browser.close()
            return [x for r in results for x in r]

    try:
        # Own thread: the session's sync-playwright fixtures keep an event loop running in this one.
        with ThreadPoolExecutor(1) as pool:
            problems = pool.submit(asyncio.run, main()).result(timeout=900)
        assert server.proc.poll() is None, "the server died"
    finally:
        server.stop()
    return problems, server.log()


@pytest.mark.browser
@pytest.mark.slow
def test_concurrent_sessions_visit_every_page():
    """Two visitors at once, the first ones on a fresh server (so its caches fill while both ask), one in each
    language, from deep links to different pages through every other page: no exception, no error box, no
    traceback, the server alive. The twenty-session load is the benchmark's (bench/load.py, `make bench`)."""
    problems, log = visit_every_page(2)
    assert "Traceback" not in log, log[-2000:]
    assert problems == []
