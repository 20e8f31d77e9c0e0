"""Investment page: figures come from data/, tiers are drawn side by side, zh/en/presenter, and in a browser."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, all_text, chart_specs, edit_csv, run_page

from components import data
from components.figures import investment as figs


def _tables():
    return data.read_table("indicators"), data.read_table("items")


def _specs(at) -> dict[str, dict]:
    """Chart specs by the wrapper's chart name (the element key is investment_chart_<name>)."""
    out = {}
    for spec in chart_specs(at):
        out[spec["key"].rsplit("investment_chart_", 1)[-1]] = spec
    return out


def _chart(at, name: str) -> dict:
    specs = _specs(at)
    hits = [s for k, s in specs.items() if k.endswith(name)]
    assert hits, f"no chart {name!r} among {list(specs)}"
    return hits[0]


# ---------------------------------------------------------------------------------------------- pure builders


def test_tier_frame_joins_each_tier_to_its_figures():
    ind, items = _tables()
    tiers = figs.tier_frame(ind, items).set_index("id")
    assert list(tiers.index) == list(items[items["group"] == "project_tier"]["id"])
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
    ind, items = _tables()
    tiers = figs.tier_frame(ind, items)
    fig = figs.build_pipeline(tiers, lang)
    # Plain bars from zero, one per tier: no funnel trace, nothing that computes stage-to-stage rates.
    assert {tr.type for tr in fig.data} == {"bar"}
    assert all(tr.base is None for tr in fig.data)
    counts = sorted(v for tr in fig.data for v in tr.x)
    assert counts == sorted(tiers["projects"].dropna())
    text = " ".join(tx for tr in fig.data for tx in tr.text)
    assert "%" not in text.replace("108%", "").replace("109%", "").replace("171%", ""), text
    for word in ("conversion", "转化率", "funnel", "漏斗"):
        assert word not in json.dumps(fig.to_plotly_json(), ensure_ascii=False)


def test_completion_bullets_have_the_100_line_and_each_tier():
    ind, items = _tables()
    tiers = figs.tier_frame(ind, items)
    fig = figs.build_completion(tiers, "en")
    band, actual = fig.data
    assert list(band.x) == [100] * len(actual.x)
    assert sorted(actual.x) == sorted(tiers["completion"].dropna())
    lines = [s for s in fig.layout.shapes if s.x0 == 100 and s.x1 == 100]
    assert lines, "the 100 % plan line is missing"


def test_fai_growth_marks_the_derived_average():
    ind, _ = _tables()
    by = {r["id"]: r for r in ind.to_dict("records")}
    fig = figs.build_fai_growth(by["inv_fai_growth_2020"], by["inv_fai_city_avg_2020"], by["inv_fai_lead_pp_2020"], "en")
    bar = fig.data[0]
    assert list(bar.y) == [by["inv_fai_growth_2020"]["value"], by["inv_fai_city_avg_2020"]["value"]]
    assert bar.marker.pattern.shape[1] == "/" and bar.marker.pattern.shape[0] == ""
    assert "derived" in bar.text[1] and "derived" not in bar.text[0]
    assert any(f"{by['inv_fai_lead_pp_2020']['value']:g}" in a.text for a in fig.layout.annotations)


def test_milestone_dates_keep_their_precision():
    row = {"date": "2020-03", "precision": "month", "date_text_zh": "", "date_text_en": ""}
    assert figs.fmt_milestone(row, "zh") == "2020年3月"
    assert figs.fmt_milestone(row, "en") == "Mar 2020"
    described = {"date": "2021", "precision": "described", "date_text_zh": "x", "date_text_en": "x"}
    assert figs.fmt_milestone(described, "en") == "2021"


# ---------------------------------------------------------------------------------------------- AppTest


@pytest.mark.parametrize("present", [False, True], ids=["normal", "present"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_shows_everything_the_issue_asks(lang, present):
    at = run_page("investment", lang, present)
    assert not at.exception, [e.value for e in at.exception]
    text = all_text(at)
    for needle in ("16.8%", "108%", "144", "11.3", "5.5%", "2.13" if lang == "zh" else "213 million",
                   "5,000", "200", "2020" + ("年3月" if lang == "zh" else "")):
        assert needle in text, needle
    if lang == "en":
        assert "Mar 2020" in text and "not a stage of one funnel" in text
        assert "Offices" in text and "Multimodal transport" in text
        assert "“122”" in text and "“246”" in text
        # No Chinese in English prose other than quoted anchors and names from the data.
        assert not re.search(r"[\u4e00-\u9fff]", at.title[0].value)
    else:
        assert "办公" in text and "多式联运" in text and "漏斗" in text
    # The derived figures carry their formula on screen.
    assert "round(inv_2021_investment / inv_2021_key_projects, 2)" in text
    assert "推算" in text if lang == "zh" else "derived" in text.lower()
    names = [spec["key"] for spec in chart_specs(at)]
    assert len(names) == 3, names
    # Headline cards first, before any chart, so they sit at the top in presenter mode.
    assert at.metric[0].value == "16.8%"
    # Table view + CSV download for every chart.
    assert len(at.get("download_button")) == 3


def test_pipeline_and_completion_follow_the_data(data_copy):
    edit_csv(data_copy / "indicators.csv", "inv_city_key_completion", "value", "172")
    edit_csv(data_copy / "indicators.csv", "inv_2020_key_projects", "value", "127")
    at = run_page("investment", "en")
    assert not at.exception
    completion = _chart(at, "completion")
    assert 172 in completion["data"][1]["x"] and 171 not in completion["data"][1]["x"]
    pipeline = _chart(at, "pipeline")
    xs = [x for tr in pipeline["data"] for x in tr["x"]]
    assert 127 in xs and 126 not in xs
    text = all_text(at)
    assert "172%" in text and "against 127 scheduled" in text


def test_growth_and_derived_average_follow_the_data(data_copy):
    # The city average is derived from these two, so the validator wants it updated with them.
    edit_csv(data_copy / "indicators.csv", "inv_fai_growth_2020", "value", "17.8")
    edit_csv(data_copy / "indicators.csv", "inv_fai_city_avg_2020", "value", "6.5")
    at = run_page("investment", "zh")
    assert not at.exception
    assert _chart(at, "fai_growth")["data"][0]["y"] == [17.8, 6.5]
    assert at.metric[0].value == "17.8%"
    # (16.8 stays in the anchor phrase that locates the figure in the article; the numbers shown change.)
    assert "17.8% − 11.3 个百分点 = 6.5%" in all_text(at)


def test_transfar_and_strategy_follow_the_data(data_copy):
    edit_csv(data_copy / "indicators.csv", "inv_tc_jobs_target", "value", "5100")
    edit_csv(data_copy / "items.csv", "tc_fn_office", "name_en", "Office towers")
    edit_csv(data_copy / "milestones.csv", "ms_transfar_start", "date", "2020-04")
    edit_csv(data_copy / "indicators.csv", "inv_five_industries", "value", "6")
    at = run_page("investment", "en")
    assert not at.exception
    text = all_text(at)
    assert "5,100 jobs" in text and "5,000" not in text
    assert "Office towers" in text
    assert "Apr 2020" in text and "Mar 2020" not in text
    assert "Digital upgrading of five industries** · 6 industries" in text


def test_missing_figure_shows_not_disclosed(data_copy):
    path = data_copy / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(ln for ln in lines if not ln.startswith("inv_tc_jobs_target,")), encoding="utf-8")
    at = run_page("investment", "zh")
    assert not at.exception
    jobs = [m for m in at.metric if m.label.startswith("就业岗位")]
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


@pytest.mark.browser
@pytest.mark.parametrize("path, needles", [
    ("/investment", ["16.8%", "重点项目：各层级并列", "传化宁波供应链中心"]),
    ("/investment?lang=en", ["16.8%", "Key projects: the tiers side by side", "Transfar Ningbo Supply Chain Centre"]),
    ("/investment?lang=en&present=1", ["16.8%", "Key projects, 2021"]),
    ("/investment?present=1", ["16.8%", "2021年重点项目"]),
])
def test_browser_renders_without_errors(server, watched, path, needles):
    page = watched.open(server.url, path)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30000)
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.locator('[data-testid="stMain"]').inner_text()
    for n in needles:
        assert n in body, n
    assert page.locator(".js-plotly-plot").count() == 3
    assert watched.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presenter_headline_visible_without_scrolling(server, watched, lang):
    page = watched.open(server.url, f"/investment?lang={lang}&present=1")
    cards = page.locator('[data-testid="stMetric"]')
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stMetric\"]').length >= 5")
    height = page.viewport_size["height"]
    for i in range(5):  # the four headline cards and the derived average
        box = cards.nth(i).bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= height, (i, box)
    assert watched.errors == []
