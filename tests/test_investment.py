"""Investment page: figures come from data/, tiers are drawn side by side, zh/en/presenter, and in a browser."""

from __future__ import annotations

import json
import re

import pytest
from conftest import (
    ROOT,
    all_text,
    chart_spec,
    chart_specs,
    edit_csv,
    html_bodies,
    kpis,
    open_table_views,
    run_page,
    section,
)
from shown_html import lines, parse

from components import data
from components.content import investment as figs
from components.figures.charts import build_figure
from components.fmt import fmt_value
from components.i18n import t


def _tables():
    return data.load("indicators", fresh=True), data.load("items", fresh=True)


def _chart(at, name: str) -> dict:
    return chart_spec(at, name)


def _bars(spec: dict) -> list[dict]:
    return [tr for tr in spec["data"] if tr.get("type") == "bar"]


# ---------------------------------------------------------------------------------------------- pure builders


# The tiers the article reports and the indicator rows of each, written out (not the builder's own filter).
TIERS = ["tier_2021_key", "tier_2020_key", "tier_prov_key", "tier_city_key", "tier_head", "tier_concentrated"]
TIER_PROJECTS = ["inv_2021_key_projects", "inv_2020_key_projects", "inv_prov_key_projects", "inv_city_key_projects",
                 "inv_head_projects", "inv_concentrated_projects"]
TIER_COMPLETION = ["inv_2020_key_completion", "inv_prov_key_completion", "inv_city_key_completion"]


def _values(ids: list[str]) -> list[float]:
    ind = data.load("indicators", fresh=True).set_index("id")["value"]
    return [float(ind[i]) for i in ids]


def test_tier_frame_joins_each_tier_to_its_figures():
    ind, items = _tables()
    tiers = figs.tier_frame(ind, items).set_index("id")
    assert list(tiers.index) == TIERS
    ind_by = ind.set_index("id")["value"]
    assert tiers.loc["tier_2020_key", "projects"] == ind_by["inv_2020_key_projects"]
    assert tiers.loc["tier_2020_key", "completion"] == ind_by["inv_2020_key_completion"]
    assert tiers.loc["tier_city_key", "completion"] == ind_by["inv_city_key_completion"]
    assert tiers.loc["tier_2021_key", "investment"] == ind_by["inv_2021_investment"]
    assert tiers.loc["tier_2021_key", "kind"] == "plan"
    # The start-up tiers have a status, not a completion rate.
    assert tiers.loc["tier_head", "status"] == "all_started"
    assert tiers["completion"].isna()["tier_head"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pipeline_has_no_funnel_and_no_rates(lang):
    fig = build_figure(section("investment.pipeline", lang).visual, lang)
    # Plain bars from zero, one per tier: no funnel trace, nothing that computes stage-to-stage rates.
    assert {tr.type for tr in fig.data} == {"bar"}
    assert all(tr.base is None for tr in fig.data)
    counts = sorted(v for tr in fig.data for v in tr.x)
    assert counts == sorted(_values(TIER_PROJECTS))
    text = " ".join(tx for tr in fig.data for tx in tr.text)
    # The only percentages on the bars are the completion rates the data gives; nothing computed.
    for rate in _values(TIER_COMPLETION):
        text = text.replace(fmt_value(rate, "percent", lang), "")
    assert "%" not in text, text
    for word in ("conversion", "转化率", "funnel", "漏斗"):
        assert word not in json.dumps(fig.to_plotly_json(), ensure_ascii=False)


def test_completion_bullets_have_the_100_line_and_each_tier():
    fig = build_figure(section("investment.completion", "en").visual, "en")
    band, actual = [tr for tr in fig.data if tr.type == "bar"]
    assert list(band.x) == [100] * len(actual.x)
    assert sorted(actual.x) == sorted(_values(TIER_COMPLETION))
    lines = [s for s in fig.layout.shapes if s.x0 == 100 and s.x1 == 100]
    assert lines, "the 100 % plan line is missing"


def test_fai_growth_marks_the_derived_average(article_copy):
    # The article's rows alone: 2020 is the only year with Zhenhai's growth, the city's and the lead.
    ind = data.load("indicators", article_copy, fresh=True)
    by = {r["id"]: r for r in ind.to_dict("records")}
    fig = build_figure(section("investment.fai", "en", article_copy).visual, "en")
    zhenhai, city = fig.data
    assert [zhenhai.y[0], city.y[0]] == [by["inv_fai_growth_2020"]["value"], by["inv_fai_city_avg_2020"]["value"]]
    assert city.marker.pattern.shape == "/" and not zhenhai.marker.pattern.shape
    assert "derived" in city.text[0] and "derived" not in zhenhai.text[0]
    # The hover gives the formula in words, not ids.
    assert "16.8% − 11.3 percentage points = 5.5%" in city.hovertext[0] and "inv_" not in city.hovertext[0]
    assert any(f"{by['inv_fai_lead_pp_2020']['value']:g}" in a.text for a in fig.layout.annotations)


def test_milestone_dates_keep_their_precision():
    row = {"date": "2020-03", "precision": "month", "date_text_zh": "", "date_text_en": ""}
    assert figs.fmt_milestone(row, "zh") == "2020年3月"
    assert figs.fmt_milestone(row, "en") == "Mar 2020"
    described = {"date": "2021", "precision": "described", "date_text_zh": "x", "date_text_en": "x"}
    assert figs.fmt_milestone(described, "en") == "2021"


# ---------------------------------------------------------------------------------------------- AppTest


def _metrics(at) -> dict[str, str]:
    """Each KPI card's label and the value it draws."""
    return {k.label: k.value for k in kpis(at)}


def shown_parts(at, *classes: str) -> list[str]:
    """The text of every part of the page's HTML with one of these classes (render/html.py), in page order, as
    a reader sees it before opening a (?) mark."""
    return [lines(n.text(skip_help=True)) for b in html_bodies(at) for n in parse(b).find_all()
            if n.classes & set(classes)]


def _drawn_chart_text(spec: dict) -> str:
    """Every number a chart draws: its bars' values and texts, and its annotations."""
    parts = []
    for tr in spec["data"]:
        parts += [str(v) for k in ("x", "y") for v in (tr.get(k) or [])]
        parts += [str(v) for v in (tr.get("text") or [])] if isinstance(tr.get("text"), list) else [str(tr.get("text", ""))]
    parts += [a.get("text", "") for a in spec["layout"].get("annotations", [])]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_shows_everything_the_issue_asks(lang):
    at = run_page("investment", lang)
    assert not at.exception, [e.value for e in at.exception]
    text = all_text(at)
    ind = {r["id"]: r for r in data.load("indicators", fresh=True).to_dict("records")}
    shown = lambda i: fmt_value(ind[i]["value"], ind[i]["unit"], lang)  # noqa: E731
    # Each figure is read where it is drawn (a card's value, a chart's marks), never from the page's text,
    # which also holds the anchor phrases quoted in the source lines ("…增长16.8%").
    values = set(_metrics(at).values())
    # A card shows its series' latest figure of its kind: the 2023 growth and the 2022 plan, from later reports.
    for i in ("inv_fai_growth_2023", "inv_2020_key_completion", "inv_2022_key_projects",
              "inv_tc_jobs_target", "inv_tc_firms_target"):
        assert shown(i) in values, (i, values)
    assert "≈ " + shown("inv_2021_avg_per_project") in values
    assert "≈ " + shown("inv_fai_lead_pp_2021") in values  # the latest gap, worked out (a result for a result)
    charts = chart_specs(at)
    # The comparison with the city: the latest year with all three figures (2021; the gap worked out).
    fai = _drawn_chart_text(charts["fai_growth"])
    assert shown("inv_fai_growth_2021") in fai and shown("inv_fai_city_avg_2021") in fai
    assert f"{ind['inv_fai_lead_pp_2021']['value']:g}" in fai
    completion = [v for tr in _bars(charts["completion"]) for v in tr["x"]]
    assert ind["inv_2020_key_completion"]["value"] in completion
    projects = [v for tr in _bars(charts["pipeline"]) for v in tr["x"]]
    assert ind["inv_2021_key_projects"]["value"] in projects
    # The Transfar centre's start, drawn in its timeline card (a line of its own).
    start = ("2020年3月" if lang == "zh" else "Mar 2020")
    assert any(x.startswith(t("investment.tc.start", lang)) and start in x for x in shown_parts(at, "zh-card-line"))
    if lang == "en":
        assert "not a stage in a funnel" in text
        assert "Offices" in text and "Multimodal transport" in text
        assert "“122”" in text and "“246”" in text
        # No Chinese in English prose other than quoted anchors and names from the data.
        assert not re.search(r"[\u4e00-\u9fff]", shown_parts(at, "zh-h1")[0])
    else:
        assert "办公" in text and "多式联运" in text and "漏斗" in text
    # The derived figures carry their formula on screen, in words and never as ids.
    formula = ("307 亿元 ÷ 144 个 ≈ 2.13 亿元" if lang == "zh" else
               "30.7 billion yuan ÷ 144 projects ≈ 213 million yuan")
    assert any(formula in x for x in shown_parts(at, "zh-note", "zh-caption")), formula
    assert "inv_2021" not in text and "round(" not in text
    assert "推算" in text if lang == "zh" else "derived" in text.lower()
    names = list(charts)
    # Each section's own chart, and beside it the series it shows figures of, over time.
    assert names == ["key_projects", "investment_headline_trends", "pipeline", "investment_pipeline_trends",
                     "completion", "investment_completion_trends", "fai_growth", "investment_fai_trends"], names
    # Headline cards first, before any chart, so they sit at the top in presenter mode.
    assert kpis(at)[0].value == shown("inv_fai_growth_2023")
    # Table view + CSV download for every chart (each section's own and its time charts), sent once opened.
    assert not at.get("download_button")
    assert len(open_table_views(at).get("download_button")) == len(names) == 8


def test_pipeline_and_completion_follow_the_data(data_copy):
    edit_csv(data_copy / "indicators.csv", "inv_city_key_completion", "value", "172")
    edit_csv(data_copy / "indicators.csv", "inv_2020_key_projects", "value", "127")
    at = run_page("investment", "en")
    assert not at.exception
    completion = _bars(_chart(at, "completion"))[-1]
    assert 172 in completion["x"] and 171 not in completion["x"]
    pipeline = _chart(at, "pipeline")
    xs = [x for tr in pipeline["data"] for x in tr["x"]]
    assert 127 in xs and 126 not in xs
    # The takeaways say so too (read from the takeaway lines, not from the anchors quoted in the sources).
    takeaways = shown_parts(at, "zh-takeaway")
    assert any("at 172%" in x for x in takeaways) and any("against 127 scheduled" in x for x in takeaways), takeaways


def test_growth_and_derived_average_follow_the_data(article_copy):
    data_copy = article_copy  # the article's rows alone: its 2020 comparison is the chart's
    # The city average is derived from these two, so the validator wants it updated with them.
    edit_csv(data_copy / "indicators.csv", "inv_fai_growth_2020", "value", "17.8")
    edit_csv(data_copy / "indicators.csv", "inv_fai_city_avg_2020", "value", "6.5")
    at = run_page("investment", "zh")
    assert not at.exception
    assert [tr["y"][0] for tr in _bars(_chart(at, "fai_growth"))] == [17.8, 6.5]
    assert kpis(at)[0].value == "17.8%"
    # (16.8 stays in the anchor phrase that locates the figure in the article; the numbers shown change.)
    assert any("17.8% − 11.3 个百分点 = 6.5%" in x for x in shown_parts(at, "zh-note", "zh-caption"))


def test_transfar_and_strategy_follow_the_data(data_copy):
    edit_csv(data_copy / "indicators.csv", "inv_tc_jobs_target", "value", "5100")
    edit_csv(data_copy / "items.csv", "tc_fn_office", "name_en", "Office towers")
    edit_csv(data_copy / "milestones.csv", "ms_transfar_start", "date", "2020-04")
    edit_csv(data_copy / "indicators.csv", "inv_five_industries", "value", "6")
    at = run_page("investment", "en")
    assert not at.exception
    text = all_text(at)
    values = list(_metrics(at).values())
    assert "5,100 jobs" in values and "5,000 jobs" not in values
    assert "Office towers" in text
    assert "Apr 2020" in text and "Mar 2020" not in text
    assert "Digital upgrading of five industries · 6 industries" in text


def test_missing_figure_shows_not_disclosed(data_copy):
    path = data_copy / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(ln for ln in lines if not ln.startswith("inv_tc_jobs_target,")), encoding="utf-8")
    at = run_page("investment", "zh")
    assert not at.exception
    jobs = [k for k in kpis(at) if k.label.startswith("就业岗位")]
    assert jobs and jobs[0].value == "未披露"


def test_broken_indicators_file_leaves_the_rest_standing(data_copy):
    (data_copy / "indicators.csv").write_bytes(b"id,topic\n\xd5\xf2,x\n")  # GBK bytes: not UTF-8
    at = run_page("investment", "en")
    assert not at.exception, [e.value for e in at.exception]
    assert at.error, "the data error is not shown"
    text = all_text(at)
    # The Transfar centre's functions and the strategy come from items.csv and still render.
    assert "Offices" in text and "“122”" in text


def test_no_number_literals_in_page_strings():
    # Every figure comes from data/: the page's strings hold placeholders, not the article's numbers.
    toml = (ROOT / "components" / "strings" / "investment.toml").read_text(encoding="utf-8")
    for n in ("16.8", "11.3", "5.5", "108", "109", "171", "126", "144", "307", "5000", "5,000", "2.13"):
        assert n not in toml, n


# ---------------------------------------------------------------------------------------------- browser


# In a browser: run by tests/test_page_views.py on its one load of each view of this page (every language, mode
# and colour scheme), with the layout-shift, axe and error checks of that load.


def _own_slide(key: str) -> int:
    """The number of a section's own slide in the page's deck (its time charts have a slide after it)."""
    from conftest import build

    return next(i for i, s in enumerate(build("investment").slides, 1) if s.section.key == key and not s.over_time)


PIPELINE_SLIDE = _own_slide("investment.pipeline")  # the key projects' tiers
BROWSER_NEEDLES = {
    ("zh", None): ["重点项目：各层级并列", "传化宁波供应链中心"],
    ("en", None): ["Key projects: the tiers side by side", "Transfar Ningbo Supply Chain Centre"],
    ("en", PIPELINE_SLIDE): ["Key projects: the tiers side by side"],
    ("zh", PIPELINE_SLIDE): ["重点项目：各层级并列"],
}


def check_in_browser(page, lang: str, slide: int | None) -> None:
    """The page in normal mode and its key-projects slide (PIPELINE_SLIDE): drawn without errors, with its words,
    the growth figure as its card draws it and the right number of charts; its headline slide (1): five cards on
    screen."""
    if slide == 1:
        _check_headline_slide(page)
    if (lang, slide) not in BROWSER_NEEDLES:
        return
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30000)
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.locator('[data-testid="stMain"]').inner_text()
    for n in BROWSER_NEEDLES[(lang, slide)]:
        assert n in body, n
    if slide is None:
        # The growth figure as its card draws it (the page's text also quotes it in an anchor phrase): the card
        # shows its series' latest result (of two for one period, the reported one).
        results = [r for r in data.series_rows(data.load("indicators", fresh=True), "inv_fai_growth")
                   if r["kind"] in ("reported", "derived")]
        growth = max(results, key=lambda r: (data.period_sort_key(r["period"]), r["kind"] == "reported"))
        drawn = page.locator(".zh-kpi-value").all_inner_texts()
        assert fmt_value(growth["value"], growth["unit"], "en") in [d.strip() for d in drawn], drawn
    # Every chart of the page's content drawn (each section's chart and its time charts); the slide has its one.
    from conftest import build

    from components.content.model import ChartSpec

    sections = build("investment", lang).sections
    charts = sum(isinstance(s.visual, ChartSpec) for s in sections) + sum(s.trends is not None for s in sections)
    if not slide:
        from conftest import draw_every_chart

        draw_every_chart(page)  # those further down wait until scrolled near
    assert page.locator(".js-plotly-plot").count() == (1 if slide else charts)


def _check_headline_slide(page) -> None:
    """The presenter's headline slide: the four headline cards and the derived average visible without scrolling."""
    cards = page.locator(".zh-kpi")
    page.wait_for_function("() => document.querySelectorAll('.zh-kpi').length >= 5")
    height = page.viewport_size["height"]
    for i in range(5):
        box = cards.nth(i).bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= height, (i, box)
