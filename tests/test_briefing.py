"""The PowerPoint briefing: read back with python-pptx, rendered by LibreOffice Impress, and its download button."""

from __future__ import annotations

import csv
import html
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, build, edit_csv, run_page, slide_text
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu

from components import briefing
from components.content import fresh_loader
from components.content.model import ChartSpec, MapSpec
from components.i18n import t
from components.render import pptx as renderer
from components.sitemap import MEETING_ORDER

LANGS = ("zh", "en")
EMU_PER_PT = 12700
NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
# The chart behind each of the dashboard's native charts, point by point, as the CSV has it (None: a row
# that has a state in words but no number).
HIGHTECH = ["inn_hightech_2019_est", "inn_hightech_2020", None, None, "inn_hightech_2023", "inn_hightech_2024"]
FAI = ["inv_fai_growth_2020", "inv_fai_growth_2021", "inv_fai_growth_2022_plan", "inv_fai_growth_2023"]
KEY_PROJECTS = ["inv_2020_key_projects", "inv_2021_key_projects", "inv_2022_key_projects"]
KEY_INVESTMENT = ["inv_2021_investment", "inv_2022_investment"]
CITY_COMPLETION = ["inv_city_key_completion", None, None, None, "inv_city_key_completion_2024_now"]
CSV_IDS = {
    "hightech_growth": HIGHTECH,  # (None: a year with no row, drawn as a gap)
    "key_projects": KEY_PROJECTS,
    "pipeline": ["inv_2021_key_projects", "inv_2020_key_projects", "inv_prov_key_projects", "inv_city_key_projects",
                 "inv_head_projects", "inv_concentrated_projects"],
    "completion": ["inv_2020_key_completion", "inv_prov_key_completion", "inv_city_key_completion"],
    "fai_growth": ["inv_fai_growth_2021", "inv_fai_city_avg_2021"],
    "xiepu_progress": [None, "city_xiepu_p1s1_progress", "city_xiepu_p2s2_progress", None, None],
    # The time charts beside a section's figures (Section.trends), one small chart per series.
    "home_cores_trends_inn_hightech": HIGHTECH,
    "home_cores_trends_inv_fai_growth": FAI,
    "innovation_kpis_trends_inn_hightech": HIGHTECH,
    "investment_headline_trends_inv_fai_growth": FAI,
    "investment_headline_trends_inv_key_investment": KEY_INVESTMENT,
    "investment_pipeline_trends_inv_key_projects": KEY_PROJECTS,
    "investment_pipeline_trends_inv_key_investment": KEY_INVESTMENT,
    "investment_pipeline_trends_inv_city_key_projects": ["inv_city_key_projects", None, None, None,
                                                         "inv_city_key_projects_2024"],
    "investment_pipeline_trends_inv_city_key_completion": CITY_COMPLETION,
    "investment_completion_trends_inv_city_key_completion": CITY_COMPLETION,
    "investment_fai_trends_inv_fai_growth": FAI,
    "investment_fai_trends_inv_fai_city_avg": ["inv_fai_city_avg_2020", "inv_fai_city_avg_2021"],
    "investment_fai_trends_inv_fai_lead_pp": ["inv_fai_lead_pp_2020", "inv_fai_lead_pp_2021"],
}


def value_charts(section) -> list[ChartSpec]:
    """A section's charts of values (not the tally of plans): its visual, and each small chart of its trends."""
    out = [section.visual] if isinstance(section.visual, ChartSpec) and section.visual.kind in (
        "columns", "bars", "progress") else []
    return out + (list(section.trends.panels) if section.trends is not None else [])


def csv_values(folder: Path = ROOT / "data") -> dict[str, float]:
    with (folder / "indicators.csv").open(encoding="utf-8") as f:
        return {r["id"]: float(r["value"]) for r in csv.DictReader(f)}


def meeting_slides(lang: str, folder=None):
    return [(page, s) for page in (build(k, lang, folder) for k in MEETING_ORDER) for s in page.slides]


@pytest.fixture(scope="module")
def decks() -> dict[str, bytes]:
    return {lang: briefing.build_deck(lang) for lang in LANGS}


def open_deck(blob: bytes):
    return Presentation(io.BytesIO(blob))


def charts(prs) -> dict[str, object]:
    """Every native chart in the deck by its spec name (the graphic frame is named chart:<name>)."""
    out = {}
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                out[shape.name.removeprefix("chart:")] = shape.chart
    return out


def per_category(chart) -> list[float | None]:
    """A chart's value for each category: the one series that has it (one series per style)."""
    series = [list(s.values) for s in chart.plots[0].series]
    return [next((s[i] for s in series if s[i] is not None), None) for i in range(len(series[0]))]


def workbook_numbers(chart) -> list[float]:
    """The numbers in the chart's embedded workbook: what PowerPoint's and WPS's Edit Data show."""
    blob = chart.part.chart_workbook.xlsx_part.blob
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    return [float(v) for v in re.findall(r"<c [^>]*?(?<!t=\"s\")><v>([-0-9.eE]+)</v>", sheet)]


# ---------------------------------------------------------------------------------------------- read back


@pytest.mark.slow  # every page's slides in AppTest, about 15 s a language: make test, not make test-fast
@pytest.mark.parametrize("lang", LANGS)
def test_one_slide_per_meeting_slide_with_the_same_titles(decks, lang):
    prs = open_deck(decks[lang])
    meeting = meeting_slides(lang)
    assert len(prs.slides) == len(meeting) == sum(len(build(k, lang).slides) for k in MEETING_ORDER)
    assert prs.slide_width == Emu(960 * EMU_PER_PT) and prs.slide_height == Emu(540 * EMU_PER_PT)  # 16:9
    for n, (slide, (_, m)) in enumerate(zip(prs.slides, meeting), 1):
        title = next(s for s in slide.shapes if s.name == "title")
        assert title.text_frame.text.replace("\n", "") == m.title, n
        text = slide_text(slide)
        # The same takeaway (or the focus view's note, or the time charts' takeaway) and KPIs as meeting mode.
        words = m.takeaway
        assert words.replace("**", "") in text.replace("\n", ""), (n, words)
        for k in m.kpis:
            assert k.value in text and k.label in text.replace("\n", ""), (n, k.label)
        # The footer: the data date, and the slide number as a field.
        footer = next(s for s in slide.shapes if s.name == "footer").text_frame.text
        assert build("home", lang).slides[0].section.takeaway in footer
        number = next(s for s in slide.shapes if s.name == "slide_number")
        assert number._element.xpath(".//a:fld[@type='slidenum']") and number.text_frame.text == f"{n} / {len(meeting)}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_is_native_and_holds_the_csv_values(decks, lang):
    prs = open_deck(decks[lang])
    found = charts(prs)
    specs = {c.name: c for _, s in meeting_slides(lang) for c in value_charts(s.section)}
    assert set(found) - {"plans_outcomes"} == set(specs) == set(CSV_IDS)
    values = csv_values()
    for name, chart in found.items():
        if name == "plans_outcomes":
            continue  # a tally of the plans, not values of the CSV (test_the_plans_slide_tallies_every_plan)
        spec = specs[name]
        shown = [p for p in spec.points if p.value is not None] if spec.kind == "bars" else list(spec.points)
        assert list(chart.plots[0].categories) == [renderer.category_text(p) for p in shown], name
        got = per_category(chart) if spec.kind != "progress" else list(chart.plots[0].series[1].values)
        assert got == [p.value for p in shown], name
        assert got == [values[i] if i else None for i in CSV_IDS[name]], name
        # The embedded workbook (Edit Data) has the same numbers.
        book = workbook_numbers(chart)
        for v in got:
            if v is not None:
                assert v in book, (name, v, book)


def test_derived_and_planned_values_look_different_from_reported(decks):
    prs = open_deck(decks["zh"])
    found = charts(prs)
    growth = found["hightech_growth"].plots[0]
    looks = {}
    for series in growth.series:
        sp = series._element.spPr
        looks[series.name] = (sp.find("a:pattFill", NS) is not None, sp.find("a:solidFill", NS) is not None,
                              bool(sp.xpath("./a:ln/a:prstDash[@val='dash']")))
    derived = looks[t("common.series.legend_derived", "zh")]
    reported = looks[t("common.series.legend_reported", "zh")]
    assert derived == (True, False, True) and reported == (False, True, False)
    pipeline = found["pipeline"].plots[0]
    plan = next(s for s in pipeline.series if s.name == "计划")
    assert plan._element.spPr.find("a:pattFill", NS) is not None
    # Values labelled: the plot shows values, derived points carry the dashboard's words (≈, 推算).
    assert growth.has_data_labels and growth.data_labels.show_value
    labels = "".join(t.text or "" for t in growth._element.xpath(".//c:dLbl//a:t"))
    assert "≈154" in labels and "推算" in labels


def test_an_edited_csv_value_appears_in_the_deck(data_copy):
    edit_csv(data_copy / "indicators.csv", "city_xiepu_p1s1_progress", "value", "61")
    prs = open_deck(briefing.build_deck("zh", fresh_loader(data_copy)))
    xiepu = charts(prs)["xiepu_progress"]
    assert list(xiepu.plots[0].series[1].values) == [None, 61.0, 17.0, None, None]
    assert 61.0 in workbook_numbers(xiepu) and 58.0 not in workbook_numbers(xiepu)
    # The KPI cards and the home page's card say 61% (58% is left only in the article's anchor phrase).
    kpis = [s.text_frame.text for slide in prs.slides for s in slide.shapes if s.name in ("kpi", "card")]
    assert any("61%" in k for k in kpis) and not any("58%" in k for k in kpis)


@pytest.mark.parametrize("lang", LANGS)
def test_every_content_slide_has_notes_with_its_sources(decks, lang):
    prs = open_deck(decks[lang])
    for n, (slide, (_, m)) in enumerate(zip(prs.slides, meeting_slides(lang)), 1):
        notes = slide.notes_slide.notes_text_frame.text
        s = m.section
        if s.kind == "title":
            assert s.title in notes
            continue
        assert s.cites, f"slide {n} ({m.key}) has no figures with sources"
        assert t("briefing.notes.figures", lang) in notes, n
        for c in s.cites:
            assert c.what in notes and c.source in notes, (n, c.what)
            if c.formula:
                assert c.formula in notes, (n, c.formula)
        for missing in s.missing:
            assert missing in notes, (n, missing)
        for line in s.sources:
            assert line in notes, (n, line)


@pytest.mark.parametrize("lang", LANGS)
def test_every_run_has_an_east_asian_font(decks, lang):
    """python-pptx sets only the Latin typeface; without an East Asian one Chinese falls back to a Latin font."""
    prs = open_deck(decks[lang])
    for n, slide in enumerate(prs.slides, 1):
        runs = slide._element.xpath(".//a:r/a:rPr | .//a:fld/a:rPr")
        assert runs, n
        for rpr in runs:
            assert rpr.xpath("./a:ea/@typeface") == [renderer.EA], (n, rpr.getparent().xpath("string(.)"))
    for chart in charts(prs).values():
        assert chart._chartSpace.xpath("./c:txPr//a:defRPr/a:ea/@typeface") == [renderer.EA]
    theme = prs.slide_master.part.part_related_by(RT.THEME).blob.decode()
    assert f'<a:ea typeface="{renderer.EA}"/>' in theme


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_was_cut_to_fit_and_every_text_box_holds_its_words(lang):
    """Each text box's words, measured at the size they are drawn, fit inside it (no overflow)."""
    deck = briefing.build_briefing(lang)
    assert deck.cut == []
    prs = deck.prs
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            tf = shape.text_frame
            bp = tf._txBody.bodyPr
            width = (shape.width - (bp.lIns or 0) - (bp.rIns or 0)) / EMU_PER_PT
            height = (shape.height - (bp.tIns or 0) - (bp.bIns or 0)) / EMU_PER_PT
            used = 0.0
            for p in tf.paragraphs:
                size = max((r.font.size.pt for r in p.runs if r.font.size), default=12)
                bold = any(r.font.bold for r in p.runs)
                lines = renderer.wrap("".join(r.text for r in p.runs), width + 0.05, size, bold)
                used += sum(renderer.line_height(line, size) for line in lines)
                used += p.space_after.pt if p.space_after is not None else 0
            assert used <= height + 0.6, (n, shape.name, tf.text[:40], used, height)


def test_the_map_is_drawn_as_shapes_in_one_projection(decks):
    prs = open_deck(decks["zh"])
    meeting = meeting_slides("zh")
    map_slides = [(slide, m) for slide, (_, m) in zip(prs.slides, meeting) if isinstance(m.section.visual, MapSpec)]
    assert [m.part for _, m in map_slides] == list(map_slides[0][1].section.visual.foci)
    for slide, m in map_slides:
        names = [s.name for s in slide.shapes]
        assert not [s for s in slide.shapes if s.shape_type == 13], "a picture on a map slide"  # 13 = picture
        for layer in ("map:outline", "map:river", "map:station", "map:label"):
            assert layer in names, (m.part, layer)
        frame = next(s for s in slide.shapes if s.name == "map_frame")
        for s in slide.shapes:
            if s.name.startswith("map:"):
                # Clipped to the map's frame: nothing spills over the slide.
                assert frame.left - 1 <= s.left and s.left + s.width <= frame.left + frame.width + 1, (m.part, s.name)
                assert frame.top - 1 <= s.top and s.top + s.height <= frame.top + frame.height + 1, (m.part, s.name)
        freeforms = [s for s in slide.shapes if s._element.xpath("./p:spPr/a:custGeom")]
        assert len(freeforms) >= 4, m.part
    # Every layer of the overview is there: Line 2 by section, the bridge, the north bank, the Xiepu link.
    overview = {s.name for s in map_slides[0][0].shapes}
    assert {"map:phase2_first", "map:phase2_later", "map:bridge", "map:north_bank", "map:xiepu"} <= overview
    labels = [s.text_frame.text for s in map_slides[0][0].shapes if s.name == "map:label"]
    assert "镇海区" in labels


def test_projection_matches_the_dashboards_view_and_clipping_keeps_the_inside():
    box = renderer.Box(0, 0, 600, 400)
    pts = [[121.55, 29.90], [121.70, 29.98]]
    proj = renderer.Projection.fit(pts, box)
    xs, ys = zip(*(proj(p) for p in pts))
    # The points' bounding box is centred and inside the box, north up.
    assert 0 < min(xs) < max(xs) < 600 and 0 < min(ys) < max(ys) < 400
    assert abs((min(xs) + max(xs)) / 2 - 300) < 1 and proj(pts[1])[1] < proj(pts[0])[1]
    assert renderer.clip_path([(-10, 10), (50, 10), (50, 500)], box) == [[(0.0, 10.0), (50.0, 10.0), (50.0, 400.0)]]
    square = renderer.clip_polygon([(-10, -10), (100, -10), (100, 100), (-10, 100)], box)
    assert {(round(x), round(y)) for x, y in square} == {(0, 0), (100, 0), (100, 100), (0, 100)}


@pytest.mark.slow  # builds the deck twice (about 5 s)
def test_title_slide_has_a_qr_code_only_when_the_public_address_is_set(monkeypatch):
    prs = open_deck(briefing.build_deck("en"))
    assert "qr" not in [s.name for s in prs.slides[0].shapes]
    monkeypatch.setenv(briefing.PUBLIC_URL_ENV, "https://dash.example.org/zhenhai/")
    prs = open_deck(briefing.build_deck("en"))
    first = prs.slides[0]
    qr = next(s for s in first.shapes if s.name == "qr")
    assert qr.image.content_type == "image/png" and qr.width == qr.height
    assert "https://dash.example.org/zhenhai/?lang=en" in slide_text(first)
    assert briefing.public_url("zh") == "https://dash.example.org/zhenhai/"


@pytest.mark.slow  # a Python process that builds a deck
def test_the_command_line_writes_a_deck(tmp_path):
    out = tmp_path / "deck.pptx"
    done = subprocess.run([*_python(), "-m", "components.briefing", "--lang", "en", "-o", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(open_deck(out.read_bytes()).slides) == len(meeting_slides("en"))


def _python() -> list[str]:
    import sys

    return [sys.executable]


# ---------------------------------------------------------------------------------------------- the button


def test_the_home_page_and_presenter_mode_offer_the_deck_without_building_it(monkeypatch):
    def refuse(*_args, **_kw):
        raise AssertionError("build_deck ran while the page was drawn")

    monkeypatch.setattr(briefing, "build_deck", refuse)
    for key, lang, present, label in (("home", "zh", False, "下载汇报PPT"), ("home", "en", False, "Download briefing (PPTX)"),
                                      ("investment", "zh", True, "下载汇报PPT")):
        at = run_page(key, lang, present=present)
        assert not at.exception, at.exception
        assert [b.label for b in at.get("download_button")].count(label) == 1  # beside the tables' CSV downloads
    # Topic pages offer the deck only in presenter mode.
    at = run_page("investment", "zh")
    assert "下载汇报PPT" not in [b.label for b in at.get("download_button")]


def test_the_button_builds_from_the_data_the_server_shows(data_copy):
    from components.render import briefing_button

    edit_csv(data_copy / "indicators.csv", "city_xiepu_p1s1_progress", "value", "61")
    prs = open_deck(briefing_button.build_deck_for_download("en"))
    assert list(charts(prs)["xiepu_progress"].plots[0].series[1].values)[1] == 61.0


# ---------------------------------------------------------------------------------------------- rendered


def render_pdf(soffice: str, blob: bytes, folder: Path) -> Path:
    """The deck as LibreOffice Impress prints it (headless, a private profile so runs never collide)."""
    src = folder / "deck.pptx"
    src.write_bytes(blob)
    profile = (folder / "profile").as_uri()
    done = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(folder), str(src)], capture_output=True, text=True, timeout=300)
    pdf = folder / "deck.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stdout + done.stderr
    return pdf


def pdf_words(pdf: Path) -> list[list[dict]]:
    """Each page's words with their boxes (pdftotext -bbox), and the page size as the first entry."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in re.findall(r"<page (.*?)</page>", xml, re.S):
        w, h = (float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        words = [dict(x0=float(a), y0=float(b), x1=float(c), y1=float(d), text=html.unescape(t)) for a, b, c, d, t in re.findall(
            r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>', page)]
        pages.append([dict(w=w, h=h)] + words)
    return pages


def text_rects(slide) -> list[tuple[tuple[float, float, float, float], str | None]]:
    """Where a slide may draw words: each text box or shape with its text (spaces removed), and tables and
    charts (None: words of their own making, such as axis labels)."""
    out = []
    for s in slide.shapes:
        rect = (s.left / EMU_PER_PT, s.top / EMU_PER_PT, (s.left + s.width) / EMU_PER_PT, (s.top + s.height) / EMU_PER_PT)
        if s.has_text_frame and s.text_frame.text.strip():
            out.append((rect, re.sub(r"\s+", "", s.text_frame.text)))
        elif s.has_chart or s.has_table:
            out.append((rect, None))
    return out


def inside(word: dict, rect, slack: float = 2.0) -> bool:
    x0, y0, x1, y1 = rect
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["y0"] + word["y1"]) / 2
    return x0 - slack <= cx <= x1 + slack and y0 - slack <= cy <= y1 + slack


def misplaced(words: list[dict], rects) -> list[dict]:
    """Words drawn outside the box that holds them: a word found in some text boxes must lie in one of
    them (text that overflowed its box lands below it) or in a chart or table; any other word in a chart
    or table."""
    out = []
    drawn = [r for r, text in rects if text is None]
    for w in words:
        owners = [r for r, text in rects if text is not None and w["text"] in text]
        if not any(inside(w, r) for r in owners + drawn):
            out.append(w)
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_libreoffice_renders_one_full_page_per_slide_with_every_word_inside(office, decks, lang, tmp_path):
    pdf = render_pdf(office, decks[lang], tmp_path)
    prs = open_deck(decks[lang])
    pages = pdf_words(pdf)
    assert len(pages) == len(prs.slides)
    # Chinese is drawn with a CJK font (not a Latin font's missing-glyph boxes).
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansCJK" in fonts or "SourceHanSans" in fonts or "YaHei" in fonts, fonts
    subprocess.run(["pdftoppm", "-r", "12", "-gray", str(pdf), str(tmp_path / "p")], check=True)
    for n, (slide, page) in enumerate(zip(prs.slides, pages), 1):
        size, words = page[0], page[1:]
        assert abs(size["w"] - 960) < 1 and abs(size["h"] - 540) < 1
        assert len(words) >= 5, f"slide {n} is (nearly) blank"
        for w in words:
            # No text outside the slide ...
            assert -0.5 <= w["x0"] and w["x1"] <= size["w"] + 0.5 and -0.5 <= w["y0"] and w["y1"] <= size["h"] + 0.5, (n, w)
        # ... nor outside the box that holds it.
        assert misplaced(words, text_rects(slide)) == [], n
    # And every page image has ink: no blank page.
    images = sorted(tmp_path.glob("p-*.pgm"))
    assert len(images) == len(prs.slides)
    for img in images:
        data = img.read_bytes()
        pixels = data[data.index(b"255\n") + 4:]
        assert sum(1 for b in pixels if b < 200) > len(pixels) * 0.01, img.name


def test_a_broken_data_file_gives_a_deck_with_located_notices(data_copy):
    """A file that cannot be read: its slides say so (as the pages do), every other slide is built."""
    (data_copy / "milestones.csv").write_text("id,nonsense\n1,2\n", encoding="utf-8")
    prs = open_deck(briefing.build_deck("en", fresh_loader(data_copy)))
    meeting = meeting_slides("en", data_copy)
    assert len(prs.slides) == len(meeting)
    broken = [(slide, m) for slide, (_, m) in zip(prs.slides, meeting) if m.section.error]
    assert broken and len(broken) < len(meeting)
    for slide, m in broken:
        assert "milestones.csv" in m.section.error and m.section.error in slide_text(slide)
        assert m.section.error in slide.notes_slide.notes_text_frame.text
    assert charts(prs), "the slides whose files are fine still have their charts"


def test_a_page_of_tables_becomes_native_tables():
    """The renderer knows no topics: the Sources page (not in the meeting) renders too, a table a slide."""
    page = build("sources", "zh")
    meta = renderer.DeckMeta(lang="zh", app="app", data_date="date")
    deck = renderer.build_presentation([page], meta)
    tables = [s for slide in deck.prs.slides for s in slide.shapes if s.has_table]
    assert len(deck.prs.slides) == len(page.slides) and tables
    first = tables[0].table
    frame = page.slides[0].section.visual.frames[0][2]
    assert [c.text for c in first.rows[0].cells] == [str(c) for c in frame.columns]
    # A cell too long for its column is shortened with an ellipsis, never run over its neighbour.
    assert str(frame.iloc[0, 0]).startswith(first.cell(1, 0).text.rstrip("…"))
