"""Living data: open periods and series, unit forms in Chinese, sources, the funnel, changes against git,
the last valid version while a file is broken or half-written, and the staff walk-through in data/README.md."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, add_test_source, edit_csv, kpis, run_page

from components import data as D
from components.data import DataError, read_all

DATA = ROOT / "data"
INDICATOR_COLUMNS = list(D.TABLES["indicators"].columns)


def append(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + line + "\n", encoding="utf-8")


def indicator(**cells) -> str:
    """One indicators.csv line from named cells (the rest empty), in the file's column order."""
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([cells.get(c, "") for c in INDICATOR_COLUMNS])
    return out.getvalue()


def add_source(folder: Path, sid: str = "report_2022") -> None:
    add_test_source(folder, sid)


def only(exc) -> D.Problem:
    assert len(exc.value.problems) == 1, str(exc.value)
    return exc.value.problems[0]


def line_of(path: Path, row_id: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.split(",", 1)[0] == row_id:
            return n
    raise AssertionError(row_id)


# ----------------------------------------------------------------------------------------------
# Periods


@pytest.mark.parametrize(("code", "form", "start", "end"), [
    ("2022", "year", 2022, 2022), ("2022_plan", "plan", 2022, 2022), ("2022_now", "now", 2022, 2022),
    ("2021_2025", "range", 2021, 2025), ("on_completion", "on_completion", None, None),
])
def test_every_period_form_is_read(code, form, start, end):
    p = D.parse_period(code)
    assert (p.form, p.start, p.end) == (form, start, end)


@pytest.mark.parametrize("code", ["2022年", "2022_Plan", "22", "2025_2021", "2021_2021", "1800", "2022_later", "", "2022 "])
def test_other_period_codes_are_refused(code):
    assert D.parse_period(code) is None


@pytest.mark.parametrize(("code", "zh", "en"), [
    ("2022", "2022年", "2022"), ("2022_plan", "2022年计划", "2022 plan"), ("2022_now", "2022年进展", "Progress, 2022"),
    ("2021_2025", "2021—2025年", "2021–2025"), ("2030_2035", "2030—2035年", "2030–2035"),
    # Today's codes keep today's wording.
    ("2021_now", "2021年初进展", "Progress, early 2021"), ("2019_2020", "2019—2020年", "2019–2020"),
    ("2021_plan", "2021年计划", "2021 plan"), ("on_completion", "建成后目标", "Goal once complete"),
])
def test_period_labels_in_both_languages(code, zh, en):
    assert (D.period_label(code, "zh"), D.period_label(code, "en")) == (zh, en)


def test_period_labels_of_todays_codes_are_worded_in_both_languages():
    # No code reaches a page raw: each is worded (its own wording, or the form for its kind of period).
    for code in set(D.load("indicators", DATA, fresh=True)["period"]):
        zh, en = D.period_label(code, "zh"), D.period_label(code, "en")
        assert zh != code and re.search(r"[\u4e00-\u9fff]", zh), (code, zh)
        assert "_" not in en and not re.search(r"[\u4e00-\u9fff]", en), (code, en)


def test_periods_sort_in_time_order():
    shuffled = ["on_completion", "2021_2025", "2021_plan", "2020", "2019_2020", "2021", "2021_now", "2019", "2022_plan"]
    assert sorted(shuffled, key=D.period_sort_key) == [
        "2019", "2020", "2019_2020", "2021_now", "2021", "2021_plan", "2022_plan", "2021_2025", "on_completion"]


def test_a_new_period_in_the_data_loads_and_a_wrong_one_says_how_to_write_it(data_copy):
    path = data_copy / "indicators.csv"
    edit_csv(path, "inn_top_talent_2020", "period", "2023")
    assert D.load("indicators", data_copy, fresh=True).set_index("id").loc["inn_top_talent_2020", "period"] == "2023"
    edit_csv(path, "inn_top_talent_2020", "period", "2023年")
    with pytest.raises(DataError) as e:
        D.load("indicators", data_copy, fresh=True)
    p = only(e)
    assert (p.line, p.column, p.value, p.code) == (line_of(path, "inn_top_talent_2020"), "period", "2023年", "period")
    assert "把“2022年”改成 2022" in p.text("zh") and "2022_plan" in p.text("en")


# ----------------------------------------------------------------------------------------------
# Series


def test_the_articles_series(article_copy):
    ind = D.load("indicators", article_copy, fresh=True)
    assert [r["id"] for r in D.series_rows(ind, "inn_hightech")] == ["inn_hightech_2019_est", "inn_hightech_2020"]
    assert [r["id"] for r in D.series_rows(ind, "inv_key_projects")] == ["inv_2020_key_projects", "inv_2021_key_projects"]
    assert D.latest_reported(ind, "inn_hightech")["id"] == "inn_hightech_2020"
    # Key projects: the 2021 figure is a plan, so the latest reported is still 2020's, with nothing before it.
    assert D.latest_reported(ind, "inv_key_projects")["id"] == "inv_2020_key_projects"
    assert D.previous(ind, "inv_key_projects") is None
    assert D.latest_change(ind, "inv_key_projects") is None
    assert D.series_rows(ind, "no_such_series") == [] and D.latest_reported(ind, "no_such_series") is None
    assert D.series_rows(ind, "") == []  # rows without a series are not one series


def test_change_against_the_previous_figure_of_the_series(article_copy):
    ind = D.load("indicators", article_copy, fresh=True)
    c = D.latest_change(ind, "inn_hightech")  # 2020 reported against the 2019 estimate
    assert (c.old["id"], c.new["id"]) == ("inn_hightech_2019_est", "inn_hightech_2020")
    assert c.difference == 227 - 154 and c.unit == "enterprises"
    assert c.ratio == pytest.approx(227 / 154 - 1)
    assert c.estimate  # against a derived figure


def test_change_of_a_rate_is_in_percentage_points_without_a_ratio():
    old = {"value": 58.0, "unit": "share", "kind": "reported", "period": "2021_now"}
    new = {"value": 80.0, "unit": "share", "kind": "reported", "period": "2022_now"}
    c = D.change(new, old)
    assert (c.difference, c.unit, c.ratio, c.estimate) == (22.0, "pp", None, False)
    assert D.change(new, None) is None and D.change(None, old) is None
    assert D.change({**new, "unit": "projects"}, {**old, "unit": "projects", "value": 0.0}).ratio is None  # from zero


def test_series_across_years_from_a_second_source(article_copy):
    """A 2021 count from a second registered source extends the series; plans never count as previous."""
    data_copy = article_copy
    add_source(data_copy)
    path = data_copy / "indicators.csv"
    append(path, indicator(id="inn_hightech_2021", series="inn_hightech", topic="innovation", label_zh="高新技术企业",
                           label_en="High-tech enterprises", value="310", unit="家", period="2021", kind="reported",
                           source="report_2022", anchor="高新技术企业310家"))
    append(path, indicator(id="inn_hightech_2022_plan", series="inn_hightech", topic="innovation", label_zh="高新技术企业",
                           label_en="High-tech enterprises", value="400", unit="enterprises", period="2022_plan",
                           kind="plan", source="report_2022", anchor="计划达到400家"))
    loaded, problems = read_all(data_copy)
    assert problems == []
    ind = loaded["indicators"]
    rows = D.series_rows(ind, "inn_hightech")
    assert [(r["period"], r["kind"]) for r in rows] == [
        ("2019", "derived"), ("2020", "reported"), ("2021", "reported"), ("2022_plan", "plan")]
    assert rows[2]["unit"] == "enterprises"  # 家 took the series' unit
    latest = D.latest_reported(ind, "inn_hightech")
    assert (latest["id"], latest["value"], latest["period"]) == ("inn_hightech_2021", 310, "2021")
    assert D.previous(ind, "inn_hightech")["id"] == "inn_hightech_2020"
    assert D.previous(ind, "inn_hightech", rows[1])["id"] == "inn_hightech_2019_est"
    c = D.latest_change(ind, "inn_hightech")
    assert (c.difference, c.estimate) == (83, False) and c.ratio == pytest.approx(310 / 227 - 1)


def test_a_series_keeps_one_unit_and_one_row_per_period(data_copy):
    add_source(data_copy)
    path = data_copy / "indicators.csv"
    append(path, indicator(id="inn_hightech_2020_again", series="inn_hightech", topic="innovation", label_zh="x",
                           label_en="x", value="230", unit="enterprises", period="2020", kind="reported",
                           source="report_2022", anchor="a"))
    append(path, indicator(id="inn_hightech_2021", series="inn_hightech", topic="innovation", label_zh="x",
                           label_en="x", value="30", unit="percent", period="2021", kind="reported",
                           source="report_2022", anchor="b"))
    with pytest.raises(DataError) as e:
        D.load("indicators", data_copy, fresh=True)
    by_code = {p.code: p for p in e.value.problems}
    assert set(by_code) == {"series_period", "series_unit"}
    dup = by_code["series_period"]
    assert (dup.line, dup.column, dup.value) == (line_of(path, "inn_hightech_2020_again"), "period", "2020")
    assert f"第 {line_of(path, 'inn_hightech_2020')} 行" in dup.text("zh")
    unit = by_code["series_unit"]
    assert (unit.line, unit.column, unit.value) == (line_of(path, "inn_hightech_2021"), "unit", "percent")
    assert "enterprises" in unit.text("zh") and "series inn_hightech" in unit.text("en")


# ----------------------------------------------------------------------------------------------
# Units in Chinese


@pytest.mark.parametrize(("row", "alias", "code"), [
    ("inv_2021_investment", "亿元", "yi_yuan"),      # one meaning
    ("inv_fai_lead_pp_2020", "个百分点", "pp"),
    ("inv_fai_double_digit_months_2020", "个月", "months"),
    ("inv_fai_first_years", "年", "years"),
    ("inv_four_actions", "项", "actions"),
    ("dig_grad_categories", "类", "categories"),
    ("inn_hightech_2020", "家", "enterprises"),      # several meanings; the series says which
    ("inv_2020_key_projects", "个", "projects"),
])
def test_chinese_unit_forms_are_aliases_of_the_codes(data_copy, row, alias, code):
    edit_csv(data_copy / "indicators.csv", row, "unit", alias)
    got = D.load("indicators", data_copy, fresh=True).set_index("id")
    assert got.loc[row, "unit"] == code
    pd.testing.assert_frame_equal(got.reset_index(), D.load("indicators", DATA, fresh=True))  # the same table as before


def test_a_percent_sign_takes_the_unit_of_its_series(data_copy):
    add_source(data_copy)
    append(data_copy / "indicators.csv", indicator(
        id="inn_hightech_growth_2021", series="inn_hightech_growth", topic="innovation", label_zh="增长",
        label_en="growth", value="12", unit="%", period="2021", kind="reported", source="report_2022", anchor="增长12%"))
    got = D.load("indicators", data_copy, fresh=True).set_index("id")
    assert got.loc["inn_hightech_growth_2021", "unit"] == "percent"  # the 2020 row of the series is a rate
    edit_csv(data_copy / "indicators.csv", "inn_hightech_growth_2021", "series", "")
    with pytest.raises(DataError) as e:  # alone, % could be a rate or a share
        D.load("indicators", data_copy, fresh=True)
    assert [(p.code, p.value) for p in e.value.problems] == [("unit_ambiguous", "%")]


def test_an_ambiguous_unit_without_a_series_lists_the_codes(data_copy):
    path = data_copy / "indicators.csv"
    edit_csv(path, "inn_highlands", "unit", "个")  # no series: projects? platforms? highlands?
    with pytest.raises(DataError) as e:
        D.load("indicators", data_copy, fresh=True)
    p = only(e)
    assert (p.line, p.column, p.value, p.code, p.cell) == (line_of(path, "inn_highlands"), "unit", "个", "unit_ambiguous", "G")
    for code in ("projects", "jobs", "platforms", "highlands", "areas"):
        assert code in p.text("zh") and code in p.text("en")
    assert "highlands（高地）" in p.text("zh") and "改法：在 unit 列填代码" in p.text("zh")


def test_an_unknown_unit_lists_codes_and_chinese_forms(data_copy):
    edit_csv(data_copy / "indicators.csv", "inn_top_talent_2020", "unit", "persons")
    with pytest.raises(DataError) as e:
        D.load("indicators", data_copy, fresh=True)
    zh = only(e).text("zh")
    assert "people（人员）" in zh and "亿元" in zh and "个百分点" in zh


# ----------------------------------------------------------------------------------------------
# Sources


def test_source_label_names_the_source_in_both_languages():
    sources = D.load("sources", DATA, fresh=True)
    assert D.source_label("article", "zh", sources) == "《锻造四大硬核 彰显雄镇担当》（2021年）"
    assert D.source_label("article", "en", sources) == "“Forge the four hard cores, show Zhenhai's commitment” (2021)"
    row = D.by_id(sources)["metromap"]
    assert D.source_label(row, "en") == "“metromancn/MetroMapOpenMiniProgram (src/data/nb.js)” (metromancn (GitHub))"
    assert D.source_label(row, "zh", short=True).startswith("《地铁图小程序")
    assert D.source_label("nowhere", "zh", sources) == "nowhere"  # a page never breaks on an unknown id
    assert D.published_label("2022-03-15", "zh") == "2022年3月15日" and D.published_label("2022-03", "en") == "March 2022"


def test_source_line_names_source_section_and_anchor():
    ind = D.by_id(D.load("indicators", DATA, fresh=True))
    sources, sections = D.load("sources", DATA, fresh=True), D.load("sections", DATA, fresh=True)
    assert D.source_line(ind["inn_hightech_2020"], "zh", sources, sections) == (
        "来源：《锻造四大硬核 彰显雄镇担当》（2021年），“锻造创新硬核 打造高层次发展新驱动”一节，“镇海高新技术企业达到227家”")
    no_section = {**ind["inn_hightech_2020"], "section": ""}
    assert D.source_line(no_section, "en", sources, sections) == (
        "Source: “Forge the four hard cores, show Zhenhai's commitment” (2021), at “镇海高新技术企业达到227家”")


def test_geo_tables_name_sources_in_the_one_registry(data_copy):
    ids = set(D.load("sources", DATA, fresh=True)["id"])
    assert {"article", "metromap", "cnmaps", "places", "reports", "schematic"} <= ids
    assert not (data_copy / "geo" / "sources.csv").exists()
    # Pages written before the registry read a `name` column: it is worked out from the English title, and a
    # downloaded copy of the table (which carries it) reads back the same.
    sources = D.load("sources", DATA, fresh=True)
    assert list(sources["name"]) == list(sources["title_en"])
    assert list(D.load("sources")["name"]) == list(sources["title_en"])
    sources.drop(columns="_line").to_csv(data_copy / "sources.csv", index=False)
    pd.testing.assert_frame_equal(D.load("sources", data_copy, fresh=True), sources)


# ----------------------------------------------------------------------------------------------
# The funnel


def stage_row(stage: str, year: str, value: str, **extra) -> str:
    cells = dict(id=f"inv_funnel_{stage}_{year}", topic="investment", label_zh=f"{stage} 项目",
                 label_en=f"{stage} projects", value=value, unit="projects", period=year, kind="reported",
                 funnel_stage=stage, source="report_2022", anchor=f"{stage}项目{value}个")
    cells.update(extra)
    return indicator(**cells)


def test_the_shipped_data_has_stages_but_no_counts():
    stages = D.load("funnel_stages", DATA, fresh=True)
    assert list(stages.sort_values("order")["id"]) == ["reserve", "signed", "started", "operating"]
    ind = D.load("indicators", DATA, fresh=True)
    assert set(ind["funnel_stage"]) == {""}
    assert D.funnel_years(ind, stages) == {}


def test_funnel_years_are_those_with_two_or_more_stages(data_copy):
    add_source(data_copy)
    path = data_copy / "indicators.csv"
    for line in (stage_row("started", "2022", "40"), stage_row("reserve", "2022", "90"), stage_row("signed", "2022", "60"),
                 stage_row("reserve", "2023", "95"), stage_row("signed", "2021", "10", period="2021_now")):
        append(path, line)
    loaded, problems = read_all(data_copy)
    assert problems == []
    years = D.funnel_years(loaded["indicators"], loaded["funnel_stages"])
    assert list(years) == [2022]  # 2023 and 2021 have one stage each
    assert [(s["id"], r["value"]) for s, r in years[2022]] == [("reserve", 90), ("signed", 60), ("started", 40)]
    assert years[2022][0][1]["source"] == "report_2022"


@pytest.mark.parametrize(("extra", "code"), [
    ({"unit": "enterprises"}, "funnel_unit"),
    ({"kind": "plan"}, "funnel_kind"),
    ({"period": "2022_plan"}, "funnel_period"),
    ({"period": "2021_2025"}, "funnel_period"),
])
def test_funnel_counts_are_reported_projects_of_one_year(data_copy, extra, code):
    add_source(data_copy)
    append(data_copy / "indicators.csv", stage_row("signed", "2022", "60", **extra))
    with pytest.raises(DataError) as e:
        D.load("indicators", data_copy, fresh=True)
    assert [p.code for p in e.value.problems] == [code]


def test_one_count_per_stage_and_year_and_stages_must_exist(data_copy):
    add_source(data_copy)
    path = data_copy / "indicators.csv"
    append(path, stage_row("signed", "2022", "60"))
    append(path, stage_row("signed", "2022", "61", id="inv_funnel_signed_again"))
    with pytest.raises(DataError) as e:
        D.load("indicators", data_copy, fresh=True)
    assert [p.code for p in e.value.problems] == ["funnel_duplicate"]
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    edit_csv(path, "inv_funnel_signed_2022", "funnel_stage", "approved")
    with pytest.raises(DataError) as e:
        D.load("indicators", data_copy, fresh=True)
    assert [(p.code, p.value) for p in e.value.problems] == [("ref_missing", "approved")]
    assert "funnel_stages.csv" in e.value.problems[0].text("zh")


# ----------------------------------------------------------------------------------------------
# The walk-through in data/README.md, followed literally


def readme_examples() -> list[tuple[str, str]]:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    return re.findall(r"<!-- example: ([\w./]+) -->\s*```csv\n(.*?)```", readme, re.S)


def test_the_readme_walk_through_works_on_a_copy(data_copy):
    examples = readme_examples()
    assert [f for f, _ in examples] == ["sources.csv", "sections.csv", "indicators.csv"]
    for file, block in examples:
        for line in block.strip().splitlines():
            append(data_copy / file, line)
    r = subprocess.run([sys.executable, "-m", "components.data", str(data_copy)], cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("OK")
    ind = D.load("indicators", data_copy, fresh=True)
    rows = D.series_rows(ind, "inn_hightech")
    added = next(r for r in rows if r["id"] == "inn_hightech_2021")
    assert (added["period"], added["unit"], added["source"], added["value"]) == ("2021", "enterprises", "example_report_2022", 300)
    # The README's own account of the result is what the page's chart gives: 2021 drawn (300, naming the example
    # report) between 2020 and the next period, and no longer said to be not entered.
    from components.content import build_page

    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "2021 年的 300 家" in readme and "横轴写明“示例报告”" in readme and "2021 年不再显示为“未录入”" in readme
    growth = next(s for s in build_page("innovation", "zh").sections if s.key == "innovation.growth")
    cats = [p.category for p in growth.visual.points]
    i = cats.index("2021年<br>示例报告")
    assert growth.visual.points[i].value == 300 and cats[i - 1] == "2020年<br>原文" and "2021年" not in cats
    assert not any("2021年未录入" in n or "2021年、" in n for n in growth.notes)
    sources = D.load("sources", data_copy, fresh=True)
    assert "示例报告" in D.source_label(added["source"], "zh", sources)


def test_the_example_is_not_in_the_shipped_data():
    ind = D.load("indicators", DATA, fresh=True)
    assert "inn_hightech_2021" not in set(ind["id"]) and "example_report_2022" not in set(D.load("sources", DATA, fresh=True)["id"])


# ----------------------------------------------------------------------------------------------
# Changes against the last commit


def git(*args, cwd):
    subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.com", *args], cwd=cwd,
                   check=True, capture_output=True, timeout=60)


def validate(folder: Path, *args) -> str:
    r = subprocess.run([sys.executable, "-m", "components.data", str(folder), *args], cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    return r.stdout


def test_the_command_lists_every_figure_changed_since_the_last_commit(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(DATA, repo / "data")
    git("init", "-q", cwd=repo)
    git("add", ".", cwd=repo)
    git("commit", "-q", "-m", "data", cwd=repo)
    folder = repo / "data"
    assert "数据没有改动" in validate(folder)
    edit_csv(folder / "indicators.csv", "inn_hightech_2020", "value", "228")
    edit_csv(folder / "indicators.csv", "inn_hightech_2019_est", "value", "155")
    edit_csv(folder / "milestones.csv", "ms_bridge_open", "date", "2020-09-28")
    lines = (folder / "items.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "items.csv").write_text("".join(ln for ln in lines if not ln.startswith("photo_")), encoding="utf-8")
    out = validate(folder)
    assert out.startswith("OK"), out
    assert "indicators.csv：inn_hightech_2020 的 value：227 -> 228" in out
    assert "indicators.csv：inn_hightech_2019_est 的 value：154 -> 155" in out
    assert "milestones.csv：ms_bridge_open 的 date：2020-09-27 -> 2020-09-28" in out
    assert re.search(r"items\.csv：删除 photo_\w+", out)
    en = validate(folder, "--lang", "en")
    assert "indicators.csv: inn_hightech_2020 value: 227 -> 228" in en and "Changes against the last commit" in en
    # Only the edited cells: nothing else is listed (an unchanged 16.8 is not a change).
    listed = [ln for ln in out.splitlines() if ln.startswith("  ") and "->" in ln]
    assert len(listed) == 3, listed


def test_the_command_says_when_it_cannot_compare(data_copy):
    out = validate(data_copy)
    assert out.startswith("OK") and "不在 git 仓库中" in out
    assert "not in a git checkout" in validate(data_copy, "--lang", "en")


# ----------------------------------------------------------------------------------------------
# Last known good


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves, and a sleep that runs the test's `during` action instead of waiting."""
    state = {"now": 2_000_000_000.0, "sleeps": 0, "during": None}

    def sleep(seconds):
        state["sleeps"] += 1
        if state["during"]:
            state["during"](state)

    monkeypatch.setattr(D.store, "_clock", lambda: state["now"])
    monkeypatch.setattr(D.store, "_sleep", sleep)
    return state


def write(path: Path, text: str, mtime: float) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, (mtime, mtime))


def good_and_next(folder: Path) -> tuple[str, str]:
    """The file as shipped, and the same file with one figure changed (both valid)."""
    path = folder / "indicators.csv"
    old = path.read_text(encoding="utf-8")
    return old, old.replace(",19,people,", ",23,people,")


def top_talent(df) -> float:
    return df.set_index("id").loc["inn_top_talent_2020", "value"]


def test_an_invalid_file_keeps_the_last_good_version_until_it_is_fixed(data_copy, clock):
    path = data_copy / "indicators.csv"
    old, new = good_and_next(data_copy)
    write(path, old, clock["now"] - 10)
    assert top_talent(D.load("indicators")) == 19 and D.stale_all() == []
    write(path, old.replace(",19,people,", ",19人,people,"), clock["now"] - 5)
    assert top_talent(D.load("indicators")) == 19  # the last good version, not an error
    s = D.stale("indicators")
    assert s.table == "indicators" and s.files == ["indicators.csv"]
    assert [(p.column, p.value) for p in s.problems] == [("value", "19人")]
    assert s.valid_at.timestamp() == pytest.approx(clock["now"] - 10)  # when the shown version was saved
    assert s.broken_at.timestamp() == pytest.approx(clock["now"] - 5)
    assert D.stale_all() == [s]
    write(path, new, clock["now"] - 1)
    assert top_talent(D.load("indicators")) == 23
    assert D.stale("indicators") is None and D.stale_all() == []
    assert clock["sleeps"] == 0  # every version had settled: no waiting


def test_stale_looks_at_the_files_before_any_page_loads_them(data_copy, clock):
    """The banner is drawn before the page loads its tables: stale() must notice a new bad save itself."""
    path = data_copy / "indicators.csv"
    old, _ = good_and_next(data_copy)
    write(path, old, clock["now"] - 10)
    D.load("indicators")
    write(path, old.replace(",19,people,", ",oops,people,"), clock["now"] - 5)
    assert D.stale("indicators").problems[0].value == "oops"


def test_a_save_in_progress_is_waited_for_not_shown(data_copy, clock):
    path = data_copy / "indicators.csv"
    old, new = good_and_next(data_copy)
    write(path, old, clock["now"] - 10)
    D.load("indicators")
    # The first part of the new file, cut at the end of a row: a valid table on its own, with rows missing.
    half = "".join(new.splitlines(keepends=True)[:9])
    assert len(D.parse_table("indicators", half)) == 8
    write(path, half, clock["now"])  # just written
    clock["during"] = lambda s: write(path, new, s["now"] - 1)  # the save finishes while we wait
    got = D.load("indicators")
    assert clock["sleeps"] >= 1
    assert len(got) == len(D.parse_table("indicators", new)) and top_talent(got) == 23


def test_a_save_that_does_not_settle_keeps_the_last_good_version(data_copy, clock):
    path = data_copy / "indicators.csv"
    old, new = good_and_next(data_copy)
    write(path, old, clock["now"] - 10)
    D.load("indicators")
    lines = new.splitlines(keepends=True)
    written = {"n": 9}

    def keep_writing(state):  # a slow writer: one more row each time we look, and a fresh mtime
        written["n"] += 1
        write(path, "".join(lines[:written["n"]]), state["now"])

    write(path, "".join(lines[:9]), clock["now"])
    clock["during"] = keep_writing
    got = D.load("indicators")
    assert clock["sleeps"] == D.store.SETTLE_TRIES
    assert len(got) == len(D.parse_table("indicators", old)) and top_talent(got) == 19  # never a partial table
    assert D.stale("indicators") is None  # a save in progress is not a broken file: no banner
    clock["during"] = None
    write(path, new, clock["now"] - 1)
    assert top_talent(D.load("indicators")) == 23


def test_a_file_that_changes_during_the_read_is_read_again(data_copy, clock, monkeypatch):
    path = data_copy / "indicators.csv"
    old, new = good_and_next(data_copy)
    write(path, old, clock["now"] - 10)
    D.load("indicators")
    write(path, "".join(new.splitlines(keepends=True)[:9]), clock["now"] - 5)
    real = D.store._read
    calls = []

    def read_while_saving(name, folder=None):
        df = real(name, folder)
        if not calls:
            write(path, new, clock["now"] - 4)  # the rest of the file lands while we were reading
        calls.append(len(df))
        return df

    monkeypatch.setattr(D.store, "_read", read_while_saving)
    got = D.load("indicators")
    assert calls[0] == 8 and len(calls) == 2
    assert top_talent(got) == 23 and len(got) == len(D.parse_table("indicators", new))


def test_a_half_written_file_that_stays_broken_shows_the_last_good_version(data_copy, clock):
    path = data_copy / "indicators.csv"
    old, new = good_and_next(data_copy)
    write(path, old, clock["now"] - 10)
    D.load("indicators")
    write(path, new[: len(new) // 2], clock["now"] - 5)  # cut in the middle of a row, and left that way
    got = D.load("indicators")
    assert top_talent(got) == 19 and len(got) == len(D.parse_table("indicators", old))
    assert [p.code for p in D.stale("indicators").problems] == ["cell_count"]


def test_geojson_keeps_its_last_good_version_too(data_copy, clock):
    path = data_copy / "geo" / "river.geojson"
    good = path.read_text(encoding="utf-8")
    write(path, good, clock["now"] - 10)
    assert D.load("river")["features"]
    write(path, '{"type": "FeatureCollection", "features": [', clock["now"] - 5)
    assert D.load("river")["features"][0]["properties"]["name_en"] == "Yong River"
    assert D.stale("river").files == ["geo/river.geojson"]


@pytest.mark.usefixtures("data_copy")  # loads from a private copy (ZHENHAI_DATA_DIR)
def test_loaded_tables_are_copies():
    first = D.load("indicators")
    first.loc[:, "value"] = -1
    assert (D.load("indicators")["value"] >= 0).all()


@pytest.mark.usefixtures("data_copy")  # loads from a private copy (ZHENHAI_DATA_DIR)
def test_many_sessions_loading_at_once_get_the_same_table():
    results, errors = [], []

    def load():
        try:
            results.append(len(D.load("indicators")))
        except Exception as e:  # noqa: BLE001 (any error is the failure this test looks for)
            errors.append(repr(e))

    threads = [threading.Thread(target=load) for _ in range(12)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    assert errors == [] and results == [len(D.load("indicators", DATA, fresh=True))] * 12


# ----------------------------------------------------------------------------------------------
# The banner on a page (AppTest; tests/test_living_data.py does the same in a real browser)


def test_a_page_keeps_its_figures_and_shows_the_banner_while_a_file_is_broken(article_copy):
    from components.i18n import t

    data_copy = article_copy
    at = run_page("innovation", "en")
    assert "227 enterprises" in [k.value for k in kpis(at)] and not at.warning
    edit_csv(data_copy / "indicators.csv", "inn_hightech_2020", "value", "227x")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "227 enterprises" in [k.value for k in kpis(at)]
    assert not at.error  # no located error in place of the figures: they are there
    banner = at.warning[0].value
    assert t("common.stale.title", "en") in banner
    assert "indicators.csv, line" in banner and "'227x'" in banner and "How to fix" in banner
    path = data_copy / "indicators.csv"
    edit_csv(path, "inn_hightech_2020", "value", "230")
    edit_csv(path, "inn_hightech_2019_est", "value", "156")  # round(230 / 1.47)
    edit_csv(path, "inn_hightech_added_est", "value", "74")
    at.run()
    assert not at.warning
    assert "230 enterprises" in [k.value for k in kpis(at)]


def test_the_banner_speaks_the_pages_language(article_copy):
    data_copy = article_copy
    at = run_page("home", "zh")
    edit_csv(data_copy / "indicators.csv", "inv_fai_growth_2020", "value", "16.8%")
    at.run()
    banner = at.warning[0].value
    assert "数据文件有误" in banner and "第" in banner and "把“16.8%”改成 16.8" in banner
    assert "显示的是" in banner and "保存的版本" in banner
    assert any("16.8" in k.value for k in kpis(at))  # the home page's growth figure is still there
