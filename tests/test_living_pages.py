"""Living data on the pages: next year's figures, a new source, plans and funnel stages are rows, no code."""

from __future__ import annotations

import pytest
from conftest import all_text, chart_spec, html_bodies, kpis, run_page, section
from shown_html import lines, parse
from test_data_living import add_source, append, indicator, stage_row

from components import data
from components.i18n import t


def _hightech_2021(folder, value: str = "300") -> None:
    """A 2021 count of high-tech enterprises from a second registered source (made up for the test)."""
    add_source(folder)
    append(folder / "indicators.csv", indicator(
        id="inn_hightech_2021", series="inn_hightech", topic="innovation", label_zh="高新技术企业",
        label_en="High-tech enterprises", value=value, unit="enterprises", period="2021", kind="reported",
        source="report_2022", anchor=f"高新技术企业{value}家"))


def test_a_new_year_from_a_second_source_extends_the_chart_and_the_card(article_copy):
    data_copy = article_copy  # the article's rows alone: 2020 is the latest before the new row
    _hightech_2021(data_copy)
    assert data.main([str(data_copy)]) == 0
    at = run_page("innovation", "zh")
    assert not at.exception, [e.value for e in at.exception]
    spec = chart_spec(at, "hightech_growth")
    # 2019 (derived), 2020 and 2021, in order, each styled by how it was arrived at.
    xs = [x for tr in spec["data"] for x in tr["x"]]
    ys = [y for tr in spec["data"] for y in tr["y"]]
    # (The new year's bar names its source by its short name: "原文" is the article's alone.)
    assert sorted(zip(xs, ys), key=lambda p: p[0]) == [("2019年（推算）", 154), ("2020年<br>原文", 227),
                                                       ("2021年<br>测试报告", 300)]
    derived = next(tr for tr in spec["data"] if "2019年（推算）" in tr["x"])
    assert derived["marker"]["pattern"]["shape"] == "/"
    card = next(k for k in kpis(at) if k.label == t("innovation.kpi.hightech", "zh"))
    assert card.value == "300 家"
    assert "2021年 · 据测试报告" in card.delta and "较2020年 +73 家" in card.delta
    # Its source line names the second source, not "the article", with its date.
    assert "测试报告" in card.help and "2022年3月" in card.help and "高新技术企业300家" in card.help and "原文报道" not in card.delta
    assert "从2019年的约154家增至2021年的300家" in all_text(at)


def test_a_2022_plan_for_key_projects_extends_the_investment_page(article_copy):
    data_copy = article_copy  # the article's rows alone: its 2021 plan is the latest before the new row
    add_source(data_copy)
    append(data_copy / "indicators.csv", indicator(
        id="inv_2022_key_projects", series="inv_key_projects", topic="investment", label_zh="2022年重点项目",
        label_en="Key projects planned for 2022", value="150", unit="projects", period="2022_plan", kind="plan",
        source="report_2022", anchor="2022年计划150个"))
    assert data.main([str(data_copy)]) == 0
    at = run_page("investment", "en")
    assert not at.exception, [e.value for e in at.exception]
    spec = chart_spec(at, "key_projects")
    points = sorted((x, y) for tr in spec["data"] for x, y in zip(tr["x"], tr["y"]))
    assert points == [("2020<br>the article", 126), ("2021 plan", 144), ("2022 plan", 150)]
    plan = next(tr for tr in spec["data"] if "2022 plan" in tr["x"])
    assert plan["marker"]["pattern"]["shape"] == "/"
    # The planned-projects card now shows the latest plan, and says which.
    card = next(k for k in kpis(at) if k.label.startswith("Key projects,"))
    assert (card.label, card.value) == ("Key projects, 2022 plan", "150 projects")


def test_stage_counts_for_a_year_draw_a_real_funnel(article_copy):
    data_copy = article_copy
    add_source(data_copy)
    # Before: no stage counts, so the tiers and their note, and no funnel.
    at = run_page("investment", "en")
    assert "funnel" not in {k for k in _chart_names(at)}
    assert "not a stage in a funnel" in all_text(at)
    for stage, value in (("reserve", "80"), ("signed", "60"), ("started", "45")):
        append(data_copy / "indicators.csv", stage_row(stage, "2022", value))
    assert data.main([str(data_copy)]) == 0
    at = run_page("investment", "en")
    assert not at.exception, [e.value for e in at.exception]
    spec = chart_spec(at, "funnel")
    assert [tr["type"] for tr in spec["data"]] == ["funnel"]
    assert spec["data"][0]["y"] == ["In reserve", "Signed", "Started"] and spec["data"][0]["x"] == [80, 60, 45]
    text = all_text(at)
    assert "The project funnel, 2022" in text
    assert "In operation (not disclosed)" in text  # the stage with no count says so
    assert "reserve项目80个" in text  # each stage's source is cited
    # The tiers keep their own chart beside it.
    assert "pipeline" in _chart_names(at)
    funnel = section("investment.funnel", "en", data_copy)
    assert funnel.missing == ("In operation",)


def _chart_names(at) -> list[str]:
    from conftest import chart_specs

    return list(chart_specs(at))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_source_lines_name_their_source(lang):
    at = run_page("city", lang)
    title = data.load("sources", fresh=True).set_index("id").loc["article", f"title_{lang}"]
    # The small print: source lines, notes and the cards' captions (render/html.py).
    captions = [lines(n.text(skip_help=True)) for b in html_bodies(at) for n in parse(b).find_all()
                if n.classes & {"zh-source-line", "zh-note", "zh-caption"}]
    assert any(title in c for c in captions), captions[:5]
