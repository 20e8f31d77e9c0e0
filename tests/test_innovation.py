"""Innovation page: every figure comes from data/, the derived 2019 bar is marked, zh/en/slides, browser."""

from __future__ import annotations

import pytest
from conftest import (
    ARTICLE_SKIP,
    all_text,
    chart_spec,
    edit_csv,
    html_bodies,
    kpis,
    need_article,
    open_table_views,
    run_page,
    section,
)
from shown_html import lines, parse

from components import data
from components.content import innovation
from components.content.base import formula_words
from components.figures.charts import build_figure
from components.fmt import fmt_date
from components.i18n import t


def _tables():
    return data.load("indicators", fresh=True), data.load("items", fresh=True), data.load("milestones", fresh=True)


def _value(ind, iid):
    return float(ind.set_index("id").loc[iid, "value"])


# ---------------------------------------------------------------------------------------------- pure builders


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_growth_chart_sets_the_derived_bar_apart(lang):
    ind, _, _ = _tables()
    spec = section("innovation.growth", lang).visual
    # 2019 worked out, 2020 the article's, 2021 and 2022 not entered (gaps), 2023 and 2024 from later reports.
    assert [p.style for p in spec.points] == ["derived", "reported", "gap", "gap", "reported", "reported"]
    fig = build_figure(spec, lang)
    derived, reported, gaps = fig.data
    assert list(derived.y) == [_value(ind, "inn_hightech_2019_est")]
    assert list(reported.y) == [_value(ind, i) for i in ("inn_hightech_2020", "inn_hightech_2023", "inn_hightech_2024")]
    # A year with no figure: no bar, its place kept, and said to be not entered.
    assert list(gaps.x) == [data.period_label(y, lang) for y in ("2021", "2022")] and gaps.marker.opacity == 0
    # (its words a word to a line, so two gaps side by side never run together)
    assert set(gaps.text) == {t("common.series.gap", lang).replace(" ", "<br>")}
    # Each reported bar names its source: the article's as such, the later reports by their short names.
    assert reported.x[0].endswith(("<br>原文", "<br>the article")) and "2024" in reported.x[2] and \
        ("区科技局" in reported.x[2] or "S&T" in reported.x[2])
    # Visibly different: hatched and pale against a solid fill, and labelled as derived on the bar.
    assert derived.marker.pattern.shape == "/"
    assert not reported.marker.pattern.shape
    assert derived.marker.color != reported.marker.color
    assert t("common.kind.derived", lang).lower() in derived.text[0].lower()
    assert t("common.kind.derived", lang).lower() in derived.x[0].lower()
    # The formula is in the hover as arithmetic on labelled figures, never as ids; and what was rounded.
    unit = t("common.unit.enterprises", lang)
    assert f"227 {unit} ÷ (1 + 47%) ≈ 154 {unit}" in derived.hovertext[0]
    assert "inn_hightech" not in derived.hovertext[0]
    assert "154.42" in derived.hovertext[0]
    # The reported growth rate is written on the chart.
    assert any("+47%" in (a.text or "") for a in fig.layout.annotations)


@pytest.mark.parametrize("row, rows, zh, en", [
    ({"formula": "round(a / b, 2)", "value": 2.13, "unit": "yi_yuan"},
     {"a": {"value": 307.0, "unit": "yi_yuan"}, "b": {"value": 144.0, "unit": "projects"}},
     "307 亿元 ÷ 144 个 ≈ 2.13 亿元", "30.7 billion yuan ÷ 144 projects ≈ 213 million yuan"),
    ({"formula": "round(a - b, 1)", "value": 5.5, "unit": "percent"},
     {"a": {"value": 16.8, "unit": "percent"}, "b": {"value": 11.3, "unit": "pp"}},
     "16.8% − 11.3 个百分点 = 5.5%", "16.8% − 11.3 percentage points = 5.5%"),
    ({"formula": "a - (b - c)", "value": 3.0, "unit": "projects"},
     {"a": {"value": 5.0, "unit": "projects"}, "b": {"value": 4.0, "unit": "projects"}, "c": {"value": 2.0, "unit": "projects"}},
     "5 个 − (4 个 − 2 个) = 3 个", "5 projects − (4 projects − 2 projects) = 3 projects"),
])
def test_formulas_read_as_arithmetic_on_labelled_figures(row, rows, zh, en):
    assert formula_words(row, rows, "zh") == zh
    assert formula_words(row, rows, "en") == en


def test_board_puts_each_platform_at_its_stage():
    _, items, milestones = _tables()
    rows = {r["id"]: r for r in innovation.board_rows(items, milestones, "zh")}
    # The platforms the article names, written out (the lab, the institutes, the park, the planned ones).
    assert set(rows) == {"inn_yongjiang_lab", "inn_ucas_materials", "inn_sinopec_materials", "inn_tju_zhejiang",
                         "inn_tusholdings_park", "inn_new_university", "inn_materials_platform",
                         "inn_industry_institutes", "inn_ic_park"}
    for i in ("inn_ucas_materials", "inn_sinopec_materials", "inn_tju_zhejiang", "inn_tusholdings_park"):
        assert rows[i]["stage"] == "in_place", i
    assert rows["inn_yongjiang_lab"]["stage"] == "building"
    # The article's dated step first, then what later reports say of the lab, in date order.
    ms = milestones.set_index("id")
    assert rows["inn_yongjiang_lab"]["milestones"] == [
        "2020年3月30日：" + ms.loc["ms_lab_land_cleared", "label_zh"], "2021年5月19日：" + ms.loc["ms_lab_inaugurated", "label_zh"],
        "2023年：" + ms.loc["ms_lab_zone_b_start", "label_zh"], "2024年：" + ms.loc["ms_lab_first_teams", "label_zh"]]
    for i in ("inn_new_university", "inn_materials_platform", "inn_industry_institutes", "inn_ic_park"):
        assert rows[i]["stage"] == "next", i
    assert rows["inn_ic_park"]["status_text"] == "谋划布局"
    en = {r["id"]: r for r in innovation.board_rows(items, milestones, "en")}
    assert en["inn_yongjiang_lab"]["milestones"][0].startswith("30 March 2020: ")


@pytest.mark.allowed_skip(ARTICLE_SKIP)
def test_board_status_words_are_the_articles_own():
    text = need_article()
    _, items, milestones = _tables()
    for r in innovation.board_rows(items, milestones, "zh"):
        assert r["status_text"] in text, (r["id"], r["status_text"])
        assert r["anchor"] in text, (r["id"], r["anchor"])


@pytest.mark.parametrize("row, zh, en", [
    ({"date": "2020-03-30", "precision": "day"}, "2020年3月30日", "30 March 2020"),
    ({"date": "2020-07", "precision": "month"}, "2020年7月", "July 2020"),
    ({"date": "2025", "precision": "year"}, "2025年", "2025"),
    ({"date": "2021", "precision": "described", "date_text_zh": "近日", "date_text_en": "recently"},
     "2021年（近日）", "2021 (recently)"),
])
def test_milestone_dates_read_naturally(row, zh, en):
    assert fmt_date(row, "zh") == zh
    assert fmt_date(row, "en") == en


# ---------------------------------------------------------------------------------------------- AppTest


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_shows_every_issue_item(lang):
    at = run_page("innovation", lang)
    assert not at.exception, [e.value for e in at.exception]
    ind, items, milestones = _tables()
    cards = kpis(at)
    values = [k.value for k in cards]
    unit = t("common.unit.enterprises", lang)
    # The count is the series' latest (2024, a later report); the other cards are the article's 2020 figures.
    for expected in (f"592 {unit}", "47%", f"19 {t('common.unit.people', lang)}",
                     f"256 {t('common.unit.people', lang)}", f"49 {t('common.unit.projects', lang)}"):
        assert expected in values, (expected, values)
    # Every card carries its own period and source; the count names its later source, the others the article.
    periods = ["2024", "2020", "2020", "2020", "2020"]
    for k, year in zip(cards[:5], periods):
        assert data.period_label(year, lang) in k.help and t("common.source.label", lang) in k.help
        assert data.period_label(year, lang) in k.delta
    assert ("区科技局" in cards[0].delta) if lang == "zh" else ("S&T review" in cards[0].delta)
    assert t("common.kind.reported", lang) in cards[1].delta
    text = all_text(at)
    spec = chart_spec(at, "hightech_growth")
    assert [tr["y"] for tr in spec["data"]][:2] == [[154], [227, 470, 592]]
    # Platforms: every one named, with the article's status word; goals: highlands, 2025, the plenum.
    for r in items[items["group"].isin(innovation.BOARD_GROUPS + ("highland",))].to_dict("records"):
        assert r[f"name_{lang}"] in text, r["id"]
    for status in ("landed", "in_use", "advancing", "planned", "laying_out"):
        assert t(f"innovation.status.{status}", lang) in text, status
    ms = milestones.set_index("id")
    for mid in ("ms_plenum_decision", "ms_innovation_2025"):
        assert ms.loc[mid, f"label_{lang}"] in text, mid
    assert ("2020年7月" if lang == "zh" else "July 2020") in text
    # Four takeaways in our words (the count's time chart beside the cards has one), table views with CSV
    # downloads for the charts and the board.
    assert text.count(t("common.ui.takeaway", lang)) == 4
    # The chart's table shows each derived row's formula in words, not its ids (sent, with its CSV download,
    # once its view is opened).
    assert not at.dataframe, "a table view sent its table before it was opened"
    assert not at.get("download_button"), "a table view sent its download before it was opened"
    tables = [d.value for d in open_table_views(at).dataframe]
    assert len(at.get("download_button")) == 3
    col = t("common.col.formula", lang)
    formulas = {f for table in tables if col in table for f in table[col]}
    assert f"227 {unit} − 154 {unit} = 73 {unit}" in formulas
    assert not any("inn_" in f for f in formulas)
    assert t("innovation.intro", lang) in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_slides_carry_the_page_one_section_each(lang):
    """Presenter mode: one section per slide; together the slides show the figures the page shows."""
    from conftest import build

    slides = build("innovation", lang).slides
    assert len(slides) == 4
    seen_values, seen_text = [], []
    for n in range(1, len(slides) + 1):
        at = run_page("innovation", lang, present=True, slide=n)
        assert not at.exception, [e.value for e in at.exception]
        assert at.header[0].value == slides[n - 1].title
        assert at.query_params["slide"] in (str(n), [str(n)])
        seen_values += [k.value for k in kpis(at)]
        seen_text.append(all_text(at))
    unit = t("common.unit.enterprises", lang)
    assert f"592 {unit}" in seen_values and "47%" in seen_values
    assert t("innovation.intro", lang) not in "\n".join(seen_text)


def test_a_changed_talent_figure_shows(data_copy):
    edit_csv(data_copy / "indicators.csv", "inn_top_talent_2020", "value", "23")
    at = run_page("innovation", "zh")
    assert not at.exception
    values = [k.value for k in kpis(at)]
    assert "23 人" in values and "19 人" not in values, values


def test_a_changed_high_tech_count_moves_the_chart(article_copy):
    data_copy = article_copy  # the article's rows alone: 2020 is the count's latest
    # The validator keeps derived rows in step: 228 / 1.47 rounds to 155, so 73 are added.
    path = data_copy / "indicators.csv"
    edit_csv(path, "inn_hightech_2020", "value", "228")
    edit_csv(path, "inn_hightech_2019_est", "value", "155")
    assert data.main([str(data_copy)]) == 0
    at = run_page("innovation", "en")
    assert not at.exception
    assert "228 enterprises" in [k.value for k in kpis(at)]
    spec = chart_spec(at, "hightech_growth")
    assert [tr["y"][0] for tr in spec["data"]] == [155, 228]
    assert "228 enterprises ÷ (1 + 47%) ≈ 155 enterprises" in spec["data"][0]["hovertext"][0]
    assert "from about 155 in 2019 to 228 in 2020" in all_text(at)


def test_a_changed_milestone_and_status_show(data_copy):
    edit_csv(data_copy / "milestones.csv", "ms_plenum_decision", "date", "2020-08")
    edit_csv(data_copy / "items.csv", "inn_tusholdings_park", "status", "advancing")
    at = run_page("innovation", "zh")
    assert not at.exception
    text = all_text(at)
    assert "2020年8月" in text and "2020年7月" not in text
    # The park moved from 'in place' to 'under way': two 稳步推进 badges now (lab and park).
    badges = [lines(n.text()) for b in html_bodies(at) for n in parse(b).find_all("zh-badge")]
    assert badges.count("稳步推进") == 2, badges
    assert "建成投用" not in badges


def test_a_broken_indicators_file_leaves_the_rest_standing(data_copy):
    edit_csv(data_copy / "indicators.csv", "inn_top_talent_2020", "value", "nineteen")
    at = run_page("innovation", "en")
    assert not at.exception
    assert at.error, "the located data error is not shown"
    assert "indicators.csv" in at.error[0].value
    text = all_text(at)
    assert "Yongjiang Laboratory" in text and "Innovation platforms" in text


# ---------------------------------------------------------------------------------------------- browser


# In a browser: run by tests/test_page_views.py on its one load of each view of this page (every language, mode
# and colour scheme), with the layout-shift, axe and error checks of that load.

BROWSER_NEEDLES = {
    ("zh", None): [t("innovation.growth.heading", "zh"), "甬江实验室", "谋划布局"],
    ("en", None): [t("innovation.growth.heading", "en"), "Yongjiang Laboratory", "Being planned and laid out"],
    ("zh", 2): [t("innovation.growth.heading", "zh")],
    ("en", 2): [t("innovation.growth.heading", "en")],
}


def check_in_browser(page, lang: str, slide: int | None) -> None:
    """The page in normal mode and its growth slide (2): drawn without errors, with its words, its count and the
    derived bar's label in the drawn chart; its KPI slide (1): every card on screen and no value cut short."""
    if slide == 1:
        _check_kpi_slide(page)
    if (lang, slide) not in BROWSER_NEEDLES:
        return
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30000)
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.locator('[data-testid="stMain"]').inner_text()
    for n in BROWSER_NEEDLES[(lang, slide)]:
        assert n in body, n
    if slide is None:
        # The count as its card draws it, not as the page's text quotes it in an anchor ("…达到227家"): the card
        # shows its series' latest result (of two for one period, the reported one).
        ind, _, _ = _tables()
        results = [r for r in data.series_rows(ind, "inn_hightech") if r["kind"] in ("reported", "derived")]
        latest = max(results, key=lambda r: (data.period_sort_key(r["period"]), r["kind"] == "reported"))
        want = f"{_value(ind, latest['id']):,.0f} {t('common.unit.enterprises', lang)}"
        drawn = [d.strip() for d in page.locator(".zh-kpi-value").all_inner_texts()]
        assert want in drawn, drawn
    # The derived bar is labelled in the drawn chart itself, not only in the data.
    derived = "推算" if lang == "zh" else "derived"
    page.wait_for_function(
        "w => [...document.querySelectorAll('.js-plotly-plot text')].some(e => e.textContent.includes(w))",
        arg=derived, timeout=30000,
    )


def _check_kpi_slide(page) -> None:
    """The presenter's KPI slide: the five cards fit on screen and every value is whole."""
    height = page.viewport_size["height"]
    cards = page.locator(".zh-kpi")
    assert cards.count() == 5
    for i in range(5):
        box = cards.nth(i).bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= height, (i, box)
        value = cards.nth(i).locator(".zh-kpi-value")
        # Not cut to "227 ent…": the value's text fits inside its card.
        assert value.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), i
