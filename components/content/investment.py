"""Industry core: key projects by tier, plan completion, investment growth, the Transfar centre, strategy."""

from __future__ import annotations

import calendar
import math
import textwrap

import pandas as pd

from .. import data
from ..fmt import fmt_number, fmt_value
from ..i18n import pick, t
from .assemble import Part, build_sections
from .base import (
    Ctx,
    cites,
    current,
    formula_words,
    grouped_sources,
    indicator_table,
    kind_label,
    kind_text,
    kpi,
    num,
    page_errors,
    period_label,
    source_text,
    span_label,
    value_text,
)
from .model import Annotation, Card, CardGroup, Cards, ChartSpec, PageContent, Point, Section, TableView
from .trends import series_chart

KEY_SERIES = "inv_key_projects"  # key projects per year: results and plans
HEADLINE = ("inv_fai_growth_2020", "inv_2020_key_completion", "inv_2021_key_projects", "inv_2021_investment")
AVERAGE = "inv_2021_avg_per_project"
# Zhenhai's growth, the city's, and the lead between them: series, compared in the latest year all three have.
FAI_SERIES = ("inv_fai_growth", "inv_fai_city_avg", "inv_fai_lead_pp")
FAI_FACTS = ("inv_fai_lead_pp_2020", "inv_fai_double_digit_months_2020", "inv_fai_first_years")
TRANSFAR = "proj_transfar"


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def tier_frame(indicators: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """One row per project tier (items of group project_tier, in file order) with the figures linked to it.

    Columns: id, name_zh, name_en, status, period, kind, projects, completion, investment and the ids of
    the indicator rows they came from (projects_id, completion_id, investment_id; '' when absent).
    """
    rows = []
    for tier in items[items["group"] == "project_tier"].to_dict("records"):
        linked = indicators[indicators["item"] == tier["id"]]
        rec = {k: tier[k] for k in ("id", "name_zh", "name_en", "status")}
        rec.update(period="", kind="")
        for col, unit in (("projects", "projects"), ("completion", "percent"), ("investment", "yi_yuan")):
            hit = linked[linked["unit"] == unit]
            first = hit.iloc[0] if len(hit) else None
            rec[col] = float(first["value"]) if first is not None else float("nan")
            rec[f"{col}_id"] = first["id"] if first is not None else ""
            if first is not None and not rec["period"]:
                rec["period"], rec["kind"] = first["period"], first["kind"]
        rows.append(rec)
    return pd.DataFrame(rows, columns=[
        "id", "name_zh", "name_en", "status", "period", "kind", "projects", "completion", "investment",
        "projects_id", "completion_id", "investment_id",
    ])


def _label(row: dict, lang: str, width: int = 26) -> str:
    """A tier's name for an axis: long English names broken over lines so the plot keeps its width."""
    return "<br>".join(textwrap.wrap(pick(row, "name", lang), width)) if lang == "en" else pick(row, "name", lang)


def tier_detail(row: dict, lang: str) -> str:
    """What the article says a tier achieved (or plans), in one short phrase."""
    if not _missing(row["investment"]):
        return t("investment.fig.detail_investment", lang, value=fmt_value(row["investment"], "yi_yuan", lang))
    if not _missing(row["completion"]):
        return t("investment.fig.detail_completion", lang, value=fmt_value(row["completion"], "percent", lang))
    if row["status"]:
        return t(f"common.status.{row['status']}", lang)
    return t("common.app.not_disclosed", lang)


def _tier_rows(ctx: Ctx, tiers: pd.DataFrame, cols: tuple[str, ...]) -> list[dict]:
    return [ctx.ind[r[c]] for r in tiers.to_dict("records") for c in cols if r[c]]


def _kpi_label(ctx: Ctx, key: str) -> str:
    """A card's label; labels that name a period take it from the row shown (the series' latest), so a new
    year's row reads right."""
    row = current(ctx, ctx.ind.get(key))
    return ctx.t(f"investment.kpi.{key}", period=period_label(row["period"], ctx.lang) if row else "")


def headline(ctx: Ctx) -> Section:
    avg, total, n = (ctx.ind.get(k) for k in (AVERAGE, "inv_2021_investment", "inv_2021_key_projects"))
    notes = ()
    if avg and total and n:
        notes = (ctx.t("investment.avg_formula", formula=formula_words(avg, ctx.ind, ctx.lang)),)
    cards = [kpi(ctx, ctx.ind.get(k), _kpi_label(ctx, k)) for k in (*HEADLINE, AVERAGE)]
    series = series_chart(ctx, KEY_SERIES, "key_projects", ctx.t("investment.fig.axis_projects"))
    series_rows = data.series_rows(ctx.tables["indicators"], KEY_SERIES)
    sep = "；" if ctx.lang == "zh" else "; "
    takeaway = ctx.t("investment.headline.takeaway", years=sep.join(
        ctx.t("investment.headline.year", period=period_label(r["period"], ctx.lang),
              value=value_text(r, ctx.lang), kind=kind_text(ctx, r)) for r in series_rows)) \
        if series_rows else ""
    return Section(
        "investment.headline", ctx.t("investment.headline.title"), kpis=tuple(cards), notes=notes, visual=series,
        takeaway=takeaway, table=TableView("key_projects", indicator_table(ctx, series_rows)) if series_rows else None,
        sources=grouped_sources(ctx, [r for r in (avg, *series_rows) if r]),
        cites=cites(ctx, [ctx.ind.get(k) for k in (*HEADLINE, AVERAGE)]),
        missing=tuple(_kpi_label(ctx, k) for k in (*HEADLINE, AVERAGE) if k not in ctx.ind),
    )


def pipeline_table(ctx: Ctx, tiers: pd.DataFrame) -> pd.DataFrame:
    nd, lang = ctx.nd, ctx.lang
    out = []
    for r in tiers.to_dict("records"):
        ids = [r[c] for c in ("projects_id", "investment_id", "completion_id") if r[c]]
        out.append({
            ctx.t("investment.col.tier"): pick(r, "name", lang),
            ctx.t("common.col.period"): period_label(r["period"], lang) if r["period"] else nd,
            ctx.t("common.col.kind"): kind_label(r["kind"], lang) if r["kind"] else nd,
            ctx.t("investment.col.projects"): nd if _missing(r["projects"]) else fmt_value(r["projects"], "projects", lang),
            ctx.t("investment.col.investment"): nd if _missing(r["investment"]) else fmt_value(r["investment"], "yi_yuan", lang),
            ctx.t("investment.col.completion"): nd if _missing(r["completion"]) else fmt_value(r["completion"], "percent", lang),
            ctx.t("investment.col.startup"): t(f"common.status.{r['status']}", lang) if r["status"] else nd,
            ctx.t("common.col.anchor"): " / ".join(dict.fromkeys(ctx.ind[i]["anchor"] for i in ids)),
        })
    return pd.DataFrame(out)


def build_pipeline_spec(ctx: Ctx, tiers: pd.DataFrame) -> ChartSpec:
    """Every tier as its own bar from zero: the tiers are reported separately, so no funnel and no rates."""
    lang = ctx.lang
    points = []
    for r in tiers[tiers["projects"].notna()].to_dict("records"):
        style = "plan" if r["kind"] in ("plan", "target") else "reported"
        detail = tier_detail(r, lang)
        points.append(Point(
            _label(r, lang), r["projects"], style, f"{fmt_number(r['projects'], 'projects', lang)[0]} · {detail}",
            f"<b>{pick(r, 'name', lang)}</b><br>{fmt_value(r['projects'], 'projects', lang)} · {detail}<br>"
            f"{period_label(r['period'], lang)}",
        ))
    return ChartSpec("bars", "pipeline", tuple(points), axis=ctx.t("investment.fig.axis_projects"),
                     legend={"plan": ctx.t("investment.fig.legend_plan"),
                             "reported": ctx.t("investment.fig.legend_reported")})


def pipeline(ctx: Ctx) -> Section:
    tiers = tier_frame(ctx.tables["indicators"], ctx.tables["items"])
    by = {r["id"]: r for r in tiers.to_dict("records")}
    plan, done = by.get("tier_2021_key"), by.get("tier_2020_key")
    if plan and done and not (_missing(plan["projects"]) or _missing(done["projects"])):
        takeaway = ctx.t("investment.pipeline.takeaway", plan=fmt_number(plan["projects"], "projects", ctx.lang)[0],
                         done=fmt_number(done["projects"], "projects", ctx.lang)[0],
                         plan_period=period_label(plan["period"], ctx.lang),
                         done_period=period_label(done["period"], ctx.lang))
    else:
        takeaway = ctx.t("investment.pipeline.takeaway_short")
    rows = _tier_rows(ctx, tiers, ("projects_id", "investment_id", "completion_id"))
    return Section(
        "investment.pipeline", ctx.t("investment.pipeline.title"), takeaway=takeaway,
        visual=build_pipeline_spec(ctx, tiers), notes=(ctx.t("investment.pipeline.note"),),
        sources=grouped_sources(ctx, rows), table=TableView("pipeline", pipeline_table(ctx, tiers)),
        cites=cites(ctx, rows),
    )


def build_completion_spec(ctx: Ctx, done: pd.DataFrame) -> ChartSpec:
    """Bullet-style: each tier's completion over a band that ends at its plan (100 %), the line at 100."""
    points = tuple(
        Point(_label(r, ctx.lang, 20), float(r["completion"]), "reported", fmt_value(r["completion"], "percent", ctx.lang),
              f"<b>{pick(r, 'name', ctx.lang)}</b><br>{ctx.t('investment.fig.completed')}: "
              f"{fmt_value(r['completion'], 'percent', ctx.lang)}")
        for r in done.to_dict("records")
    )
    return ChartSpec("progress", "completion", points, unit="%", axis=ctx.t("investment.fig.axis_completion"),
                     annotations=(Annotation("line", ctx.t("investment.fig.plan_line"), value=100.0),),
                     reference=100.0, colour_by_reference=True,
                     legend={"track": ctx.t("investment.fig.plan_band"), "value": ctx.t("investment.fig.completed")})


def completion(ctx: Ctx) -> Section:
    tiers = tier_frame(ctx.tables["indicators"], ctx.tables["items"])
    done = tiers[tiers["completion"].notna()]
    # The years the rates span, their later periods (drawn over time beside the chart) included.
    series = {ctx.ind[i]["series"] for i in done["completion_id"] if i and ctx.ind[i]["series"]}
    span = [r for s in series for r in data.series_rows(ctx.tables["indicators"], s)]
    title = ctx.t("investment.completion.title", period=span_label(span, ctx.lang)) \
        if len(done) else ctx.t("investment.completion.title_plain")
    if done.empty:
        return Section("investment.completion", title, notes=(ctx.t("common.app.not_disclosed_long"),), layout="half")
    best = done.loc[done["completion"].idxmax()].to_dict()
    over, total = int((done["completion"] >= 100).sum()), len(done)
    key = "all" if over == total else "none" if over == 0 else "some"
    takeaway = ctx.t(f"investment.completion.takeaway_{key}", over=over, total=total, top=pick(best, "name", ctx.lang),
                     value=fmt_value(best["completion"], "percent", ctx.lang),
                     period=period_label(best["period"], ctx.lang))
    rows = _tier_rows(ctx, done, ("completion_id",))
    return Section(
        "investment.completion", title, takeaway=takeaway, visual=build_completion_spec(ctx, done),
        notes=(ctx.t("investment.completion.note"),), sources=grouped_sources(ctx, rows),
        table=TableView("completion", indicator_table(ctx, rows)), cites=cites(ctx, rows), layout="half",
    )


def fai_rows(ctx: Ctx) -> tuple[dict | None, dict | None, dict | None]:
    """Zhenhai's growth (reported), the city's and the lead (reported or derived), of the latest year that has
    all three; (None, None, None) when no year has."""
    ind = ctx.tables["indicators"]
    by_year: list[dict[str, dict]] = [{}, {}, {}]
    for i, sid in enumerate(FAI_SERIES):
        for r in data.series_rows(ind, sid):
            p = data.parse_period(r["period"])
            if p and p.form == "year" and r["kind"] in (("reported",) if i == 0 else ("reported", "derived")):
                by_year[i][p.start] = r
    years = sorted(set(by_year[0]) & set(by_year[1]) & set(by_year[2]))
    return tuple(by_year[i][years[-1]] for i in range(3)) if years else (None, None, None)


def build_fai_spec(ctx: Ctx, zhenhai: dict, city: dict, lead: dict) -> ChartSpec:
    """Zhenhai's growth next to the city's (reported, or the average it implies), the lead drawn between the
    two tops; each column names its year."""
    points = []
    for r, name in ((zhenhai, "fai_zhenhai"), (city, "fai_city")):
        derived = r["kind"] == "derived"
        text = value_text(r, ctx.lang) + (f" ({ctx.t('common.ui.derived_mark')})" if derived else "")
        hover = f"<b>{ctx.t('investment.fig.' + name)}</b>: {fmt_value(r['value'], r['unit'], ctx.lang)}<br>" + \
            period_label(r["period"], ctx.lang) + " · " + kind_text(ctx, r) + \
            (" · " + formula_words(r, ctx.ind, ctx.lang) if derived else "")
        category = ctx.t(f"investment.fig.{name}") + "<br>" + period_label(r["period"], ctx.lang)
        points.append(Point(category, float(r["value"]), r["kind"], text, hover))
    n, unit = fmt_number(float(lead["value"]), "pp", ctx.lang)
    return ChartSpec("columns", "fai_growth", tuple(points), unit="%", axis=ctx.t("investment.fig.axis_growth"),
                     annotations=(Annotation("gap", ctx.t("investment.fig.fai_lead", value=n, unit=unit), 0, 1),))


def fai(ctx: Ctx) -> Section:
    zhenhai, city, lead = fai_rows(ctx)
    # The heading names the years the section's figures span (its chart over time included), never just one
    # year over a chart that reaches later ones.
    span = [r for sid in FAI_SERIES for r in data.series_rows(ctx.tables["indicators"], sid)]
    title = ctx.t("investment.fai.title", period=span_label(span, ctx.lang)) if span else \
        ctx.t("investment.fai.title_plain")
    facts = tuple(kpi(ctx, ctx.ind.get(k), _kpi_label(ctx, k)) for k in FAI_FACTS)
    if not (zhenhai and city and lead):
        return Section("investment.fai", title, kpis=facts, notes=(ctx.t("common.app.not_disclosed_long"),), layout="half")
    first = ctx.ind.get("inv_fai_first_years")
    side = "takeaway" if lead["value"] > 0 else "takeaway_behind" if lead["value"] < 0 else "takeaway_level"
    takeaway = ctx.t(f"investment.fai.{side}", lead=fmt_value(abs(lead["value"]), "pp", ctx.lang),
                     period=period_label(lead["period"], ctx.lang),
                     approx=ctx.t("investment.fai.approx") if lead["kind"] == "derived" else "")
    # Ranked first for some years in a row: said only with a lead and a count the data gives, for the same year.
    first_end = data.parse_period(first["period"]).end if first else None
    if first and first["value"] > 0 and lead["value"] > 0 and first_end == data.parse_period(lead["period"]).end:
        takeaway += ctx.t("investment.fai.first", years=fmt_value(first["value"], first["unit"], ctx.lang))
    takeaway += ctx.t("investment.fai.end")
    rows = [r for r in (zhenhai, city, lead, *(ctx.ind.get(k) for k in FAI_FACTS)) if r]
    rows = list({r["id"]: r for r in rows}.values())
    return Section(
        "investment.fai", title, takeaway=takeaway, kpis=facts, visual=build_fai_spec(ctx, zhenhai, city, lead),
        notes=tuple(ctx.t(f"investment.fai.formula_{k}", formula=formula_words(r, ctx.ind, ctx.lang))
                    for k, r in (("city", city), ("lead", lead)) if r["kind"] == "derived"),
        sources=grouped_sources(ctx, rows), table=TableView("fai_growth", indicator_table(ctx, rows)),
        cites=cites(ctx, rows), layout="half",
    )


def funnel(ctx: Ctx) -> Section | None:
    """The stages projects go through, for the latest year with counts for two or more stages (staff add
    them as indicator rows with a funnel_stage); no such year, no section: the tiers say what the source says."""
    years = data.funnel_years(ctx.tables["indicators"], ctx.tables["funnel_stages"])
    if not years:
        return None
    year = max(years)
    stages = years[year]
    points = tuple(Point(ctx.pick(stage, "name"), float(row["value"]), row["kind"],
                         fmt_value(row["value"], row["unit"], ctx.lang),
                         f"<b>{ctx.pick(stage, 'name')}</b>: {value_text(row, ctx.lang)}<br>{ctx.pick(stage, 'note')}<br>"
                         + source_text(ctx, row))
                   for stage, row in stages)
    rows = [row for _, row in stages]
    missing = [ctx.pick(s, "name") for s in ctx.tables["funnel_stages"].sort_values("order").to_dict("records")
               if s["id"] not in {st["id"] for st, _ in stages}]
    return Section(
        "investment.funnel", ctx.t("investment.funnel.title", year=period_label(str(year), ctx.lang)),
        takeaway=ctx.t("investment.funnel.takeaway", first=ctx.pick(stages[0][0], "name"),
                       last=ctx.pick(stages[-1][0], "name"), a=num(stages[0][1]["value"]),
                       b=num(stages[-1][1]["value"])),
        visual=ChartSpec("funnel", "funnel", points),
        notes=(ctx.t("investment.funnel.note"),) + ((ctx.t("investment.funnel.missing", stages="、".join(missing)
                                                            if ctx.lang == "zh" else ", ".join(missing)),)
                                                    if missing else ()),
        sources=grouped_sources(ctx, rows), table=TableView("funnel", indicator_table(ctx, rows)),
        cites=cites(ctx, rows), missing=tuple(missing),
    )


def fmt_milestone(row: dict, lang: str) -> str:
    """A milestone's date at the precision the article gives: year and month, day; a described date by its year."""
    parts = str(row["date"]).split("-")
    if row["precision"] in ("year", "described"):
        return t("investment.date.year", lang, year=parts[0])
    month = int(parts[1]) if lang == "zh" else calendar.month_abbr[int(parts[1])]
    if row["precision"] == "month":
        return t("investment.date.month", lang, year=parts[0], month=month)
    return t("investment.date.day", lang, year=parts[0], month=month, day=int(parts[2]))


def _milestone_line(ctx: Ctx, row: dict | None, label: str) -> str:
    if row is None:
        return ctx.t("investment.tc.milestone_nd", label=label, nd=ctx.nd)
    words = ctx.pick(row, "date_text") if row["precision"] == "described" else ""
    detail = " · ".join(x for x in (ctx.t(f"investment.ms_kind.{row['kind']}"), words) if x)
    return ctx.t("investment.tc.milestone", label=label, date=fmt_milestone(row, ctx.lang), detail=detail)


def transfar(ctx: Ctx) -> Section | None:
    proj = ctx.items.get(TRANSFAR)
    if proj is None:
        return None
    status = t(f"common.status.{proj['status']}", ctx.lang) if proj["status"] else ""
    start, due = ctx.ms.get("ms_transfar_start"), ctx.ms.get("ms_transfar_due")
    kids = [r for r in ctx.items.values() if r["parent"] == TRANSFAR]
    groups = [CardGroup(ctx.t("investment.tc.timeline"), (Card(
        "", lines=(_milestone_line(ctx, start, ctx.t("investment.tc.start")),
                   _milestone_line(ctx, due, ctx.t("investment.tc.due"))),
        captions=tuple(source_text(ctx, r) for r in (start, due) if r)),))]
    for group, key in (("tc_function", "functions"), ("tc_service", "services")):
        rows = [r for r in kids if r["group"] == group]
        card = Card("", tags=tuple(ctx.pick(r, "name") for r in rows), captions=grouped_sources(ctx, rows)) if rows \
            else Card("", captions=(ctx.t("common.app.not_disclosed_long"),))
        groups.append(CardGroup(ctx.t(f"investment.tc.{key}", n=len(rows)), (card,)))
    targets = [ctx.ind.get(f"inv_tc_{k}_target") for k in ("firms", "jobs", "platform")]
    return Section(
        "investment.transfar", ctx.t("investment.tc.title", name=ctx.pick(proj, "name")),
        kpis=tuple(kpi(ctx, r, ctx.t(f"investment.tc.{k}")) for r, k in zip(targets, ("firms", "jobs", "platform"))),
        notes=(" · ".join(x for x in (status, ctx.pick(proj, "note")) if x),),
        visual=Cards(tuple(groups), "columns"), sources=(source_text(ctx, proj),),
        cites=cites(ctx, [proj, *targets, start, due, *kids]),
        missing=tuple(ctx.t(f"investment.tc.{k}") for r, k in zip(targets, ("firms", "jobs", "platform")) if r is None),
    )


def strategy(ctx: Ctx) -> Section:
    linked = {r["item"]: r for r in ctx.ind.values() if r["item"]}
    groups, used = [], []
    for group in ("cluster", "strategy"):
        rows = [r for r in ctx.items.values() if r["topic"] == "investment" and r["group"] == group]
        cards = []
        for r in rows:
            fig = linked.get(r["id"])
            title = ctx.pick(r, "name") + (f" · {fmt_value(fig['value'], fig['unit'], ctx.lang)}" if fig else "")
            status = t(f"common.status.{r['status']}", ctx.lang) if r["status"] else ""
            line = " · ".join(x for x in (status, ctx.pick(r, "note")) if x)
            cards.append(Card(title, captions=(line,) if line else (), help=source_text(ctx, fig or r)))
            used += [r] + ([fig] if fig else [])
        if cards:
            groups.append(CardGroup(ctx.t(f"investment.strategy.{group}"), tuple(cards)))
    return Section("investment.strategy", ctx.t("investment.strategy.title"), visual=Cards(tuple(groups), "grid"),
                   notes=(ctx.t("investment.strategy.note"),), cites=cites(ctx, used))


PARTS = [
    Part("investment.headline", "investment.headline.title", ("indicators",), headline),
    Part("investment.pipeline", "investment.pipeline.title", ("indicators", "items"), pipeline),
    Part("investment.funnel", "investment.funnel.title_plain", ("indicators", "funnel_stages"), funnel),
    Part("investment.completion", "investment.completion.title_plain", ("indicators", "items"), completion),
    Part("investment.fai", "investment.fai.title_plain", ("indicators",), fai),
    Part("investment.transfar", "investment.tc.title_plain", ("items",), transfar),
    Part("investment.strategy", "investment.strategy.title", ("items",), strategy),
]
TABLES = ("sections", "sources", "indicators", "items", "milestones", "funnel_stages", "not_found", "series")


def build(ctx: Ctx) -> PageContent:
    return PageContent("investment", ctx.t("investment.title"), ctx.t("investment.intro"),
                       build_sections(ctx, PARTS), page_errors(ctx))
