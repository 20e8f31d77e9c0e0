"""Five years on: every series over time wherever it is shown, every plan against its outcome, on the page, the
slides and the briefing; a new year and a new source are rows, never code; the article's rows alone still work."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import (
    ROOT,
    add_test_source,
    append_line,
    build,
    csv_line,
    edit_csv,
    run_page,
    section,
    strip_later_sources,
)

from components import briefing, data
from components.content import fresh_loader
from components.content.model import Cards, ChartSpec
from components.data import outcomes
from components.i18n import t
from components.render import pptx as renderer
from components.sitemap import MEETING_ORDER

DATA = ROOT / "data"


def _shown_series() -> dict[str, list[str]]:
    """Every series that has a KPI card or a chart in the meeting's pages, with the sections that show it
    (found from the content model, so a new card or chart is covered without editing this list)."""
    out: dict[str, list[str]] = {}
    for key in MEETING_ORDER:
        for s in build(key, "zh").sections:
            rows = [k.row for k in s.kpis if k.row]
            if isinstance(s.visual, Cards):
                rows += [k.row for g in s.visual.groups for c in g.cards for k in c.kpis if k.row]
            if isinstance(s.visual, ChartSpec):
                rows += [c.row for c in s.cites if c.row and "series" in c.row]
            for sid in dict.fromkeys(r["series"] for r in rows if r.get("series")):
                out.setdefault(sid, []).append(s.key)
    return out


SHOWN = _shown_series()


def test_the_list_covers_every_card_and_chart_series():
    """Not one chosen example: the series found are the ones the shipped pages show (written out here)."""
    assert set(SHOWN) == {
        "inn_hightech", "inn_hightech_growth", "inn_hightech_added", "inn_top_talent", "inn_talent_applicants",
        "inn_talent_projects", "inv_key_projects", "inv_key_investment", "inv_key_avg_investment",
        "inv_key_completion", "inv_prov_key_projects", "inv_prov_key_completion", "inv_city_key_projects",
        "inv_city_key_completion", "inv_head_projects", "inv_concentrated_projects", "inv_fai_growth",
        "inv_fai_city_avg", "inv_fai_lead_pp", "inv_fai_double_digit_months", "inv_fai_first_years",
        "city_zhuangshi_projects", "city_xiepu_p1s1_progress", "city_xiepu_p2s2_progress", "dig_grad_categories",
        "dig_grad_items"}


def _later_period(code: str) -> str:
    """A period after `code`, of the same form: 2024 -> 2025, 2022_plan -> 2023_plan, 2019_2020 -> 2020_2025."""
    p = data.parse_period(code)
    if p.form == "range":
        return f"{p.end}_{p.end + 5}"
    suffix = {"year": "", "plan": "_plan", "now": "_now"}[p.form]
    return f"{p.end + 1}{suffix}"


def _add_later_year(folder: Path, sid: str) -> dict:
    """One row in indicators.csv: the series' next period from the source later_report, with a value no row
    has. The row is of the sort the series' cards show (a plan for a plan, else a result)."""
    ind = data.load("indicators", folder, fresh=True)
    rows = data.series_rows(ind, sid)
    latest = rows[-1]
    kind = latest["kind"] if latest["kind"] in ("plan", "target") else "reported"
    value = round(max(r["value"] for r in rows) + 7, 2)  # new, and inside every unit's range (shares are at most 58 now)
    period = _later_period(latest["period"])
    row = dict(id=f"{sid}_later", series=sid, topic=latest["topic"], label_zh=latest["label_zh"],
               label_en=latest["label_en"], value=f"{value:g}", unit=latest["unit"], period=period, kind=kind,
               source="later_report", anchor=f"数字为{value:g}")
    append_line(folder / "indicators.csv", csv_line("indicators", **row))
    return {**row, "value": value}


def _categories(spec: ChartSpec) -> list[str]:
    return [p.category for p in spec.points] + [p.category for panel in spec.panels for p in panel.points]


def _time_charts(s) -> list[ChartSpec]:
    return [c for c in (s.visual, s.trends) if isinstance(c, ChartSpec)]


@pytest.mark.slow
def test_a_later_year_from_a_new_source_shows_everywhere_its_series_does(data_copy):
    """Every series shown gets its next period from a new source (all at once, one data folder): each new figure
    is in a time chart of every section that shows its series, on its cards with its period and source, in a
    chart of its slide in presenter mode, and in a native chart of the briefing. Failures are collected per
    series, so one run names every series that misses its new year."""
    add_test_source(data_copy, "later_report", "2026-06", short_zh="后来的报告", short_en="later report")
    added = {sid: _add_later_year(data_copy, sid) for sid in sorted(SHOWN)}
    assert data.main([str(data_copy)]) == 0, "the added rows must pass validation"
    failures: list[tuple] = []
    # Each page built once from the folder (the data does not change from here on), not once per series.
    pages: dict[str, object] = {}

    def page_of(page_key: str):
        if page_key not in pages:
            pages[page_key] = build(page_key, "zh", data_copy)
        return pages[page_key]

    for sid, new in added.items():
        period = data.period_label(new["period"], "zh")
        value = f"{new['value']:g}"
        for key in SHOWN[sid]:
            s = next(x for x in page_of(key.split(".")[0]).sections if x.key == key)
            # A time chart of the series in that section (the section's own, or one of its small charts) holds the
            # new period, with the new value.
            panels = [p for c in _time_charts(s) for p in ([c] if c.kind == "columns" else c.panels) if p.series == sid]
            point = next((x for x in panels[0].points if x.category.startswith(period)), None) if panels else None
            if point is None or point.value != new["value"]:
                failures.append((sid, key, "chart", [_categories(c) for c in _time_charts(s)]))
            # Its card, where the section has one of this series: the new figure, its period and its source.
            cards = [k for k in s.kpis if k.row and k.row.get("series") == sid]
            if isinstance(s.visual, Cards):
                cards += [k for g in s.visual.groups for c in g.cards for k in c.kpis
                          if k.row and k.row.get("series") == sid]
            for k in cards:
                if not (value in k.value.replace(",", "") and period in k.detail and "后来的报告" in k.detail
                        and "原文" not in k.detail):
                    failures.append((sid, key, "card", k.value, k.detail))
    # On a slide in presenter mode: a slide of the first section that shows the series (its own, or the one of its
    # time charts) has its new period in a chart (one run per slide).
    from conftest import chart_elements

    drawn: dict[tuple[str, int], list[str]] = {}
    for sid, new in added.items():
        key = SHOWN[sid][0]
        page_key = key.split(".")[0]
        numbers = [i for i, sl in enumerate(page_of(page_key).slides, 1) if sl.section.key == key]
        for n in numbers:
            if (page_key, n) not in drawn:
                at = run_page(page_key, "zh", present=True, slide=n)
                assert not at.exception, [e.value for e in at.exception]
                drawn[page_key, n] = [str(x) for e in chart_elements(at) for tr in e["data"] for x in (tr.get("x") or [])]
        period = data.period_label(new["period"], "zh")
        if not any(x.startswith(period) for n in numbers for x in drawn[page_key, n]):
            failures.append((sid, "slide", numbers, [drawn[page_key, n][:12] for n in numbers]))
    # In the briefing: a native chart holds the new period and value in its data.
    deck = briefing.build_briefing("zh", fresh_loader(data_copy))
    at_period: dict[str, set[float]] = {}
    for shape in (sh for sl in deck.prs.slides for sh in sl.shapes if sh.has_chart):
        cats = [str(c) for c in shape.chart.plots[0].categories]
        for i, c in enumerate(cats):
            for plot in shape.chart.plots:
                for s in plot.series:
                    if i < len(s.values) and s.values[i] is not None:
                        at_period.setdefault(c, set()).add(round(s.values[i], 6))
    for sid, new in added.items():
        period = data.period_label(new["period"], "zh")
        values = set().union(*[v for c, v in at_period.items() if c.startswith(period)] or [set()])
        if round(new["value"], 6) not in values:
            failures.append((sid, "deck", period, sorted(values)))
    assert not failures, failures


def test_a_year_after_a_gap_is_a_gap_and_says_so(data_copy):
    """Top talents: 2020 in the article; a 2023 figure from a later report leaves 2021 and 2022 as gaps: no bar,
    no value filled in, and the words say they were not entered, on the page, the slide and in the deck."""
    add_test_source(data_copy, "later_report", "2024-03")
    append_line(data_copy / "indicators.csv", csv_line(
        "indicators", id="inn_top_talent_2023", series="inn_top_talent", topic="innovation", label_zh="引进培育特优以上人才",
        label_en="Top-tier talents brought in or trained", value="31", unit="people", period="2023", kind="reported",
        source="later_report", anchor="特优以上人才31人"))
    assert data.main([str(data_copy)]) == 0
    s = section("innovation.kpis", "zh", data_copy)
    panel = next(p for p in s.trends.panels if p.series == "inn_top_talent")
    assert [(p.category, p.value, p.style) for p in panel.points] == [
        ("2020年", 19.0, "reported"), ("2021年", None, "gap"), ("2022年", None, "gap"), ("2023年", 31.0, "reported")]
    assert {p.text for p in panel.points if p.style == "gap"} == {"未录入"}
    assert "引进培育特优以上人才：2021年、2022年未录入" in s.trends_notes
    en = section("innovation.kpis", "en", data_copy)
    assert "Top-tier talents brought in or trained: 2021, 2022 not entered" in en.trends_notes
    # The page's figure: the gaps draw no bar (only an invisible place-holder with the words).
    at = run_page("innovation", "zh")
    from conftest import chart_specs

    trends = chart_specs(at)["innovation_kpis_trends"]
    bars = [(x, y) for tr in trends["data"] if tr.get("type") == "bar" for x, y in zip(tr["x"], tr["y"])]
    assert ("2021年", 0) not in bars and not any(x in ("2021年", "2022年") for x, _ in bars)
    words = [x for tr in trends["data"] if tr.get("type") == "scatter" for x in tr["x"]]
    assert {"2021年", "2022年"} <= set(words)
    # The deck: the categories are there, with no number for them.
    deck = briefing.build_briefing("zh", fresh_loader(data_copy))
    chart = next(sh.chart for sl in deck.prs.slides for sh in sl.shapes
                 if sh.has_chart and sh.name == "chart:innovation_kpis_trends_inn_top_talent")
    cats = [str(c) for c in chart.plots[0].categories]
    assert cats == ["2020年", "2021年", "2022年", "2023年"]
    assert [next((v.values[i] for v in chart.plots[0].series if v.values[i] is not None), None)
            for i in range(4)] == [19.0, None, None, 31.0]


# ----------------------------------------------------------------------------------------------
# Plans and outcomes: the status follows the data


def _status(folder: Path, plan: str) -> str:
    tables = {n: data.load(n, folder, fresh=True) for n in ("indicators", "milestones", "items", "not_found")}
    return outcomes.outcomes(tables)[plan].status


def _outcome_figure(folder: Path, plan: str, value: str, unit: str, period: str = "2021", rid: str = "outcome_x"):
    append_line(folder / "indicators.csv", csv_line(
        "indicators", id=rid, topic="investment", label_zh="结果", label_en="Outcome", value=value, unit=unit,
        period=period, kind="reported", source="later_report", anchor=f"完成{value}", answers=plan))


def test_a_figure_outcome_flips_the_status(article_copy):
    add_test_source(article_copy, "later_report", "2022-03")
    assert _status(article_copy, "inv_2021_key_projects") == "not_entered"
    _outcome_figure(article_copy, "inv_2021_key_projects", "150", "projects")
    assert _status(article_copy, "inv_2021_key_projects") == "beaten"  # 150 against the plan's 144
    edit_csv(article_copy / "indicators.csv", "outcome_x", "value", "144")
    edit_csv(article_copy / "indicators.csv", "outcome_x", "anchor", "完成144")
    assert _status(article_copy, "inv_2021_key_projects") == "met"
    edit_csv(article_copy / "indicators.csv", "outcome_x", "value", "130")
    edit_csv(article_copy / "indicators.csv", "outcome_x", "anchor", "完成130")
    assert _status(article_copy, "inv_2021_key_projects") == "missed"
    edit_csv(article_copy / "indicators.csv", "outcome_x", "period", "2021_now")
    assert _status(article_copy, "inv_2021_key_projects") == "partly"  # within the year: still on its way
    # A share of the plan done answers a plan in another unit.
    _outcome_figure(article_copy, "inv_2021_investment", "112", "percent", rid="outcome_y")
    assert _status(article_copy, "inv_2021_investment") == "beaten"
    edit_csv(article_copy / "indicators.csv", "outcome_y", "value", "96")
    edit_csv(article_copy / "indicators.csv", "outcome_y", "anchor", "完成96")
    assert _status(article_copy, "inv_2021_investment") == "missed"
    # The page says so: the card of the plan and the home page's list.
    line = next(x for x in section("home.plans", "en", article_copy).outcomes if x.plan_id == "inv_2021_investment")
    assert (line.status, line.status_text) == ("missed", "Missed") and "96%" in line.result


def test_an_event_outcome_flips_the_status_and_a_late_one_is_partly(article_copy):
    add_test_source(article_copy, "later_report", "2023-01")
    path = article_copy / "milestones.csv"

    def event(date: str, precision: str, kind: str, rid: str):
        append_line(path, csv_line("milestones", id=rid, topic="investment", date=date, precision=precision,
                                   label_zh="竣工投用", label_en="Completed and in use", kind=kind, item="proj_transfar",
                                   source="later_report", anchor="竣工投用", answers="ms_transfar_due"))

    event("2021-06", "month", "progress", "ms_step")
    assert _status(article_copy, "ms_transfar_due") == "partly"  # a step on the way, not done
    event("2022-06", "month", "event", "ms_done")
    assert _status(article_copy, "ms_transfar_due") == "partly"  # done, but after "by the end of 2021"
    edit_csv(path, "ms_done", "date", "2021-12")
    assert _status(article_copy, "ms_transfar_due") == "met"
    line = next(x for x in section("investment.transfar", "zh", article_copy).outcomes if x.plan_id == "ms_transfar_due")
    assert line.status_text == "达成" and "2021年12月" in line.result


def test_a_not_found_row_and_no_row_at_all(article_copy):
    add_test_source(article_copy, "later_report", "2025-01")
    append_line(article_copy / "not_found.csv", csv_line(
        "not_found", id="nf_x", answers="inv_tc_jobs_target", sources="later_report", where_zh="区政府工作报告",
        where_en="the district's work reports", checked="2026-12"))
    assert _status(article_copy, "inv_tc_jobs_target") == "not_found"
    assert _status(article_copy, "inv_tc_firms_target") == "not_entered"
    kpi = next(k for k in section("investment.transfar", "zh", article_copy).kpis if k.row["id"] == "inv_tc_jobs_target")
    assert kpi.outcome == "结果：未见公开报道" and "已查：区政府工作报告（2026年12月）" in kpi.help


def test_a_plan_with_no_outcome_is_never_shown_as_met():
    """In the shipped data, every plan that is met, beaten or partly has an outcome row; every other is
    not found or not entered (and never counted as met)."""
    tables = {n: data.load(n, fresh=True) for n in ("indicators", "milestones", "items", "not_found")}
    for plan_id, o in outcomes.outcomes(tables).items():
        if o.status in ("beaten", "met", "partly", "missed"):
            assert o.evidence, plan_id
        else:
            assert not o.evidence and o.status in ("not_found", "not_entered"), plan_id


def test_the_home_page_lists_every_plan_with_status_and_source():
    s = section("home.plans", "zh")
    tables = {n: data.load(n, fresh=True) for n in ("indicators", "milestones", "items", "not_found")}
    plans = outcomes.plans(tables)
    assert [x.plan_id for x in s.outcomes] == [p.id for p in sorted(
        plans, key=lambda p: ("overview", "innovation", "investment", "city", "digital").index(p.topic))]
    assert all(x.source for x in s.outcomes) and all(x.status_text for x in s.outcomes)
    # The tally adds up to every plan, core by core.
    assert sum(sum(seg.values) for seg in s.visual.stack) == len(plans)
    at = run_page("home", "zh")
    html = "".join(h.proto.body for h in at.get("html"))
    assert html.count("data-plan=") >= len(plans)  # every plan on the page (cores and goals list theirs too)


def test_home_plans_takeaway_follows_the_outcomes(article_copy):
    assert section("home.plans", "en", article_copy).takeaway.startswith("The data holds")
    assert "no outcome from a later report has been entered" in section("home.plans", "en", article_copy).takeaway
    add_test_source(article_copy, "later_report", "2022-03")
    _outcome_figure(article_copy, "inv_2021_key_projects", "150", "projects")
    assert "give an outcome for 1 of them" in section("home.plans", "en", article_copy).takeaway


# ----------------------------------------------------------------------------------------------
# The article's rows alone


@pytest.mark.slow
def test_the_articles_rows_alone_still_make_every_page_slide_and_the_deck(article_copy):
    dropped = strip_later_sources(article_copy)
    assert not dropped  # already stripped by the fixture: nothing later is left
    assert data.main([str(article_copy)]) == 0
    tables = {n: data.load(n, article_copy, fresh=True) for n in ("indicators", "milestones", "items", "not_found")}
    found = outcomes.outcomes(tables)
    assert found and {o.status for o in found.values()} == {"not_entered"}
    for key in ("home", "innovation", "investment", "city", "digital", "sources"):
        for lang in ("zh", "en"):
            at = run_page(key, lang)
            assert not at.exception and not at.error, (key, lang)
    for key in MEETING_ORDER:
        for n in range(1, len(build(key, "zh", article_copy).slides) + 1):
            at = run_page(key, "zh", present=True, slide=n)
            assert not at.exception and not at.error, (key, n)
    blob = briefing.build_deck("zh", fresh_loader(article_copy))
    from pptx import Presentation

    assert len(Presentation(io.BytesIO(blob)).slides) == sum(len(build(k, "zh", article_copy).slides) for k in MEETING_ORDER)
    home = section("home.plans", "zh", article_copy)
    assert {x.status_text for x in home.outcomes} == {"未录入"}
    # What the data covers: the article's years only.
    assert build("home", "zh", article_copy).notes == ("数据：2020年实绩与2021年计划",)


def test_the_period_is_said_on_the_home_page_and_the_title_slide():
    home = build("home", "zh")
    assert home.notes == ("原文：2020年实绩与2021年计划；2021—2025年结果据公开报告，截至2026年1月22日",)
    assert home.slides[0].section.takeaway == home.notes[0]
    assert build("home", "en").notes == (
        "The article: 2020 results and 2021 plans; 2021–2025 outcomes from public reports, as of 22 January 2026",)
    deck = briefing.build_briefing("zh")
    title = next(sh for sh in deck.prs.slides[0].shapes if sh.name == "subtitle")
    assert title.text_frame.text == home.notes[0]


# ----------------------------------------------------------------------------------------------
# The validator on answers


@pytest.mark.parametrize("row, code, zh, en", [
    (dict(answers="no_such_plan"), "answers_missing", "计划或目标的编号", "the id of a plan or target"),
    (dict(answers="inn_hightech_2020"), "answers_not_plan", "不是计划", "is not one"),
    (dict(answers="inv_2021_key_projects", unit="people"), "answers_unit", "相同的单位", "the unit of plan"),
    (dict(answers="inv_2021_key_projects", kind="plan"), "answers_kind_figure", "结果行", "a result"),
])
def test_a_dangling_or_mismatched_answer_is_a_located_error(article_copy, row, code, zh, en):
    add_test_source(article_copy, "later_report", "2022-03")
    cells = dict(id="outcome_bad", topic="investment", label_zh="结果", label_en="Outcome", value="150", unit="projects",
                 period="2021", kind="reported", source="later_report", anchor="完成150")
    cells.update(row)
    path = article_copy / "indicators.csv"
    append_line(path, csv_line("indicators", **cells))
    with pytest.raises(data.DataError) as e:
        data.load("indicators", article_copy, fresh=True)
    p = e.value.problems[0]
    line = path.read_text(encoding="utf-8").splitlines().index(next(
        x for x in path.read_text(encoding="utf-8").splitlines() if x.startswith("outcome_bad,"))) + 1
    assert (p.file, p.line, p.code) == ("indicators.csv", line, code)
    assert zh in p.text("zh") and "indicators.csv 第" in p.text("zh")
    assert en in p.text("en") and "indicators.csv, line" in p.text("en")


def test_an_event_must_be_an_event_to_answer(article_copy):
    add_test_source(article_copy, "later_report", "2022-03")
    path = article_copy / "milestones.csv"
    append_line(path, csv_line("milestones", id="ms_bad", topic="investment", date="2022", precision="year",
                               label_zh="计划", label_en="Plan", kind="plan", source="later_report", anchor="计划",
                               answers="ms_transfar_due"))
    with pytest.raises(data.DataError) as e:
        data.load("milestones", article_copy, fresh=True)
    assert (e.value.problems[0].column, e.value.problems[0].code) == ("kind", "answers_kind_event")


def test_the_deck_keeps_the_plans_slide_and_its_outcomes_in_the_notes():
    deck = briefing.build_briefing("en")
    slide = next(sl for sl, (_, s) in zip(deck.prs.slides, [(p, s) for p in deck.pages for s in p.slides])
                 if s.section.key == "home.plans")
    assert any(sh.has_chart and sh.name == "chart:plans_outcomes" for sh in slide.shapes)
    notes = slide.notes_slide.notes_text_frame.text
    home = section("home.plans", "en")
    for x in home.outcomes:
        assert f"[{x.status_text}] {x.text}" in notes, x.plan_id
    assert renderer.category_text  # (the renderer's chart text helper is the one the deck uses)
    assert t("common.outcome.heading", "en") == home.title


# ----------------------------------------------------------------------------------------------
# Slides: one chart per screen


def test_time_charts_get_a_slide_of_their_own_after_their_sections_visual():
    """A section with a visual of its own and time charts is two slides: its own (KPIs, visual, plans) and then
    its time charts (their takeaway, their gaps, their sources); side by side neither could be read at 1366x768.
    The same in presenter mode and in the deck. A section with time charts and no visual keeps one slide."""
    from conftest import chart_specs, html_bodies, slide_text
    from shown_html import lines, parse

    split = 0
    for key in MEETING_ORDER:
        page = build(key, "zh")
        slides = list(page.slides)
        for n, sl in enumerate(slides, 1):
            s = sl.section
            if not sl.over_time:
                continue
            split += 1
            assert s.visual is not None and s.trends is not None
            assert slides[n - 2].section.key == s.key and not slides[n - 2].over_time  # right after its own
            assert sl.takeaway == s.trends_takeaway and sl.takeaway and not sl.kpis
            at = run_page(key, "zh", present=True, slide=n)
            assert not at.exception, [e.value for e in at.exception]
            assert list(chart_specs(at)) == [s.trends.name], (sl.key, list(chart_specs(at)))
            # The small print: notes and source lines (render/html.py's p.zh-note, p.zh-source-line).
            captions = [lines(p.text()) for b in html_bodies(at) for p in parse(b).find_all()
                        if p.classes & {"zh-note", "zh-source-line"}]
            assert all(note in captions for note in s.trends_notes), (sl.key, captions)
            assert any(c in captions for c in (s.trends_sources_short, *s.trends_sources)), (sl.key, captions)
            own = run_page(key, "zh", present=True, slide=n - 1)
            assert s.trends.name not in chart_specs(own), sl.key
        for sl in slides:
            if sl.section.trends is not None and sl.section.visual is None:
                assert not any(x.over_time for x in slides if x.section.key == sl.section.key)
    assert split >= 5, split  # the cores overview and the four investment sections, at least
    deck = briefing.build_briefing("zh")
    for pptx_slide, meeting in zip(deck.prs.slides, [s for p in deck.pages for s in p.slides]):
        names = {sh.name for sh in pptx_slide.shapes if sh.has_chart}
        trends = meeting.section.trends
        if trends is None or meeting.section.visual is None:
            continue
        mine = {n for n in names if n.startswith(f"chart:{trends.name}_")}
        if meeting.over_time:
            assert mine and names == mine, (meeting.key, names)
            assert meeting.takeaway in slide_text(pptx_slide).replace("\n", "")
        else:
            assert not mine, (meeting.key, names)
