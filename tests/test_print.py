"""Printing a page from the browser (A4 portrait): Chromium's PDF, read back as text and as page images."""

from __future__ import annotations

import re
import subprocess
from types import SimpleNamespace

import pytest
from conftest import URLS, Watched

from components.i18n import t
from components.print_footer import print_footer_text

# Words that only controls show: none may reach paper.
CONTROLS = ("common.nav.switch_lang", "common.nav.present", "common.ui.view_table", "common.ui.view_table_trends",
            "common.ui.download_csv",
            "briefing.button.label", "home.open")
PAGE_CONTROLS = {"city": ("city.focus.label", "city.layer.label", "city.map.zoomable")}
# (KPI cards are .zh-kpi blocks in the section's HTML, components/render/html.py.)
FIGURES = ('[data-testid="stPlotlyChart"], .zh-plotly, .zh-kpi, [data-testid="stDeckGlJsonChart"], .zh-map-svg, '
           '[data-testid="stDataFrame"]')
DRAWN = """(sel) => {
  for (const p of document.querySelectorAll('[data-testid="stPlotlyChart"], .zh-plotly')) if (!p.querySelector('svg.main-svg')) return false;
  for (const d of document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')) {
    const c = d.querySelector('canvas'); if (!c || !c.width || !c.height) return false; }
  return true; }"""
# A tiny mark at the top and at the bottom of every printed chart, map, KPI card and table: a figure cut
# across two sheets has its two marks on different pages of the PDF.
MARK = """(sel) => {
  let i = 0;
  for (const el of document.querySelectorAll(sel)) {
    if (!el.getClientRects().length) continue;  // not printed (inside a control that print hides)
    if (getComputedStyle(el).position === 'static') el.style.position = 'relative';
    for (const [end, css] of [['T', 'top:0'], ['B', 'bottom:0']]) {
      const s = document.createElement('span');
      s.textContent = `ZQ${i}${end}`;
      s.style.cssText = `position:absolute;left:0;${css};font-size:5px;line-height:5px;color:#f4f4f4;z-index:9`;
      el.appendChild(s);
    }
    i++;
  }
  return i; }"""


# What the browser sends as printing starts (Chromium's PDF from the test does not): every chart that was waiting
# to be scrolled near is drawn then, in that task (static/components/plotly_web.js).
def before_print(page) -> None:
    page.wait_for_function("() => !document.querySelector('.zh-plotly') || !!window.__zhPlotlyWeb", timeout=45000)
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")


def print_pdf(server, browser, path: str, tmp_path, lang: str) -> tuple[list[str], int, object]:
    """Open the page, mark its figures, print it (print media, A4) and return each page's text."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        w = Watched(ctx.new_page())
        page = w.open(server.url, path + ("&" if "?" in path else "?") + f"lang={lang}")
        before_print(page)
        page.wait_for_function(DRAWN, arg=FIGURES, timeout=60000)
        # On screen the print-only line (in the page's style element) takes no room and shows nothing.
        assert page.locator(".zh-print-footer").count() == 1
        assert not page.locator(".zh-print-footer").is_visible()
        page.emulate_media(media="print")
        marked = page.evaluate(MARK, FIGURES)
        pdf = tmp_path / "page.pdf"
        pdf.write_bytes(page.pdf(format="A4", print_background=True))
    finally:
        ctx.close()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1], marked, pdf


@pytest.mark.parametrize("key, lang", [(k, "zh") for k in URLS] + [("investment", "en"), ("city", "en")])
def test_a_printed_page_is_clean_with_figures_whole_and_a_footer(office, server, browser, tmp_path, key, lang):
    pages, marked, pdf = print_pdf(server, browser, URLS[key], tmp_path, lang)
    # (Sources has no figure kept whole: its tables run over as many sheets as they need, tested below.)
    assert pages and (marked or key == "sources"), (key, len(pages), marked)
    if key == "investment":  # a long page: several sheets, so the marks below are tested across page breaks
        assert len(pages) >= 3 and marked >= 10, (len(pages), marked)
    everything = "\n".join(pages)
    # No navigation bar, toolbar, toggles, buttons or download buttons.
    for k in CONTROLS + PAGE_CONTROLS.get(key, ()):
        assert t(k, lang) not in everything, (key, k)
    assert "Deploy" not in everything and "⋮" not in everything
    nav = [t(f"common.nav.{k}", lang) for k in URLS]
    assert not re.search(r"\s{2,}".join(map(re.escape, nav[:3])), everything), "the navigation bar was printed"
    # The footer's words (the data date, as the home page's title states it) and the page's address at the foot
    # of every page (and its number): the words from the app's own footer text, whatever the address.
    date = print_footer_text(SimpleNamespace(lang=lang, t=lambda k, **kw: t(k, lang, **kw)), "")
    assert date.strip(), "no footer text"
    address = server.url + URLS[key]
    for n, text in enumerate(pages, 1):
        flat = re.sub(r"\s+", "", text)
        assert re.sub(r"\s+", "", date) in flat and address.replace(" ", "") in flat, (key, n)
        assert f"{n}/{len(pages)}" in flat, (key, n)
    # Every chart, map and KPI card whole on one sheet: its top and bottom marks on the same page.
    where = {}
    for n, text in enumerate(pages, 1):
        # (The headless shell's PDF embeds its fonts as Type 3, and pdftotext then reads "Z Q0T".)
        for mark in re.findall(r"Z\s?Q\s?(\d+)\s?([TB])", text):
            where.setdefault(int(mark[0]), {})[mark[1]] = n
    assert len(where) == marked, (key, marked, sorted(where))
    split = {i: p for i, p in where.items() if p.get("T") != p.get("B")}
    assert not split, (key, split)
    # The page images: no blank sheet.
    subprocess.run(["pdftoppm", "-r", "20", "-gray", str(pdf), str(tmp_path / "p")], check=True)
    images = sorted(tmp_path.glob("p-*.pgm"))
    assert len(images) == len(pages)
    for img in images:
        data = img.read_bytes()
        pixels = data[data.index(b"255\n") + 4:]
        assert sum(1 for b in pixels if b < 160) > len(pixels) * 0.002, (key, img.name)



def test_a_printed_sources_table_keeps_every_row_with_its_header_on_each_sheet(server, browser, tmp_path):
    """The Sources page's table (an HTML table, render/html.py table_html) prints whole: every source's row, even
    one longer than a sheet, and the column headers again at the top of each sheet it runs over."""
    from components import data

    _, _, pdf = print_pdf(server, browser, URLS["sources"], tmp_path, "en")
    # In the PDF's own order (-raw) a cell's lines stay together; spaces are left out (the headless shell's Type 3
    # fonts put some inside words).
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    sheets = [re.sub(r"\s+", "", p) for p in raw.split("\f")[:-1]]
    ids = list(data.load("sources", fresh=True)["id"])
    missing = [i for i in ids if not any(i in p for p in sheets)]
    assert not missing, missing
    header = re.sub(r"\s+", "", t("sources.col.gave", "en"))
    with_rows = [p for p in sheets if any(i in p for i in ids if "_" in i)]
    assert len(with_rows) >= 2 and all(header in p for p in with_rows), [header in p for p in sheets]

# Paper is narrower than the screen the charts were drawn on. Narrow the page as the PDF's layout does and
# measure in the same task, before any script of the page could redraw a chart: each chart's layers must
# sit inside its column (scaled by the print style), not run into the next column or off the sheet.
NARROWED = """() => {
  document.querySelector('.block-container').style.setProperty('max-width', '718px', 'important');  // A4 less margins
  const out = [];
  for (const box of document.querySelectorAll('.zh-plotly')) {
    if (!box.getClientRects().length) continue;
    const col = (box.closest('[data-testid="stColumn"]') || box.closest('.block-container')).getBoundingClientRect();
    for (const svg of box.querySelectorAll('svg.main-svg')) {
      const r = svg.getBoundingClientRect();
      out.push([box.dataset.key, Math.round(r.left - col.left), Math.round(col.right - r.right), Math.round(r.width)]);
    }
  }
  return out; }"""


@pytest.mark.parametrize("key", ["innovation", "investment"])
def test_a_printed_chart_fits_its_column(server, browser, key):
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    try:
        page = Watched(ctx.new_page()).open(server.url, URLS[key])
        before_print(page)
        page.wait_for_function(DRAWN, arg=FIGURES, timeout=60000)
        page.emulate_media(media="print")
        layers = page.evaluate(NARROWED)
    finally:
        ctx.close()
    assert layers, "no chart measured"
    assert all(left >= -1 and right >= -1 and width > 100 for _, left, right, width in layers), layers
