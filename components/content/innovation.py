"""Innovation: the 2020 figures, high-tech growth, goals and timetable, the platforms board."""

from __future__ import annotations

import pandas as pd

from .. import data
from ..fmt import fmt_date, fmt_value
from .base import (
    Ctx,
    Part,
    build_sections,
    cite,
    cites,
    formula_words,
    indicator_table,
    kpi,
    lower_first,
    num,
    page_errors,
    period_label,
    source_text,
)
from .model import Annotation, Card, CardGroup, Cards, ChartSpec, PageContent, Point, Section, TableView

# (indicator id, label key): the 2020 results an official should see first.
KPIS = (
    ("inn_hightech_2020", "hightech"),
    ("inn_hightech_growth_2020", "growth"),
    ("inn_top_talent_2020", "top_talent"),
    ("inn_talent_applicants_2020", "applicants"),
    ("inn_talent_projects_2020", "projects"),
)
# The growth chart's inputs: the reported count and growth, and the rows derived from them.
GROWTH_IDS = {
    "after": "inn_hightech_2020",
    "growth": "inn_hightech_growth_2020",
    "before": "inn_hightech_2019_est",
    "added": "inn_hightech_added_est",
}
BOARD_GROUPS = ("lab", "institute", "park", "planned_platform")
# Where each status puts a platform on the board; unknown statuses fall into "next" rather than vanish.
STAGE_OF = {"landed": "in_place", "in_use": "in_place", "advancing": "building", "planned": "next",
            "laying_out": "next"}
STAGES = ("in_place", "building", "next")
STAGE_COLOUR = {"in_place": "green", "building": "blue", "next": "orange"}


def kpis(ctx: Ctx) -> Section:
    rows = [ctx.ind.get(i) for i, _ in KPIS]
    period = next((r["period"] for r in rows if r), None)
    title = ctx.t("innovation.kpi.heading", period=period_label(period, ctx.lang)) if period else \
        ctx.t("innovation.kpi.heading_plain")
    return Section(
        "innovation.kpis", title,
        kpis=tuple(kpi(ctx, ctx.ind.get(i), ctx.t(f"innovation.kpi.{key}")) for i, key in KPIS),
        cites=cites(ctx, rows), missing=tuple(ctx.t(f"innovation.kpi.{k}") for (i, k) in KPIS if i not in ctx.ind),
    )


def missing_growth_ids(ctx: Ctx) -> list[str]:
    return [i for i in GROWTH_IDS.values() if i not in ctx.ind]


def growth_rows(ctx: Ctx) -> list[dict]:
    """The rows behind the growth chart, in reading order."""
    return [ctx.ind[GROWTH_IDS[k]] for k in ("before", "after", "growth", "added") if GROWTH_IDS[k] in ctx.ind]


def build_growth_spec(ctx: Ctx) -> ChartSpec:
    """Two columns: the derived earlier year (hatched, labelled, its formula in words) and the reported year."""
    before, after, growth = (ctx.ind[GROWTH_IDS[k]] for k in ("before", "after", "growth"))
    exact = data.evaluate_formula(before["formula"].removeprefix("round(").removesuffix(")"), ctx.values) \
        if before["formula"].startswith("round(") else before["value"]
    points = (
        Point(ctx.t("innovation.growth.x_derived", year=before["period"]), before["value"], "derived",
              ctx.t("innovation.growth.bar_derived", value=num(before["value"])),
              ctx.t("innovation.growth.hover_derived", label=ctx.pick(before, "label"),
                    value=fmt_value(before["value"], before["unit"], ctx.lang),
                    formula=formula_words(before, ctx.ind, ctx.lang), exact=f"{exact:.2f}")),
        Point(ctx.t("innovation.growth.x_reported", year=after["period"]), after["value"], "reported",
              num(after["value"]),
              ctx.t("innovation.growth.hover_reported", label=ctx.pick(after, "label"),
                    value=fmt_value(after["value"], after["unit"], ctx.lang), growth=f"{growth['value']:g}")),
    )
    return ChartSpec(
        "columns", "hightech_growth", points, axis=ctx.t("innovation.growth.axis"),
        legend={"derived": ctx.t("innovation.growth.legend_derived", year=after["period"]),
                "reported": ctx.t("innovation.growth.legend_reported")},
        annotations=(Annotation("change", ctx.t("innovation.growth.arrow", growth=f"{growth['value']:g}"), 0, 1),),
    )


def growth(ctx: Ctx) -> Section:
    title = ctx.t("innovation.growth.heading")
    missing = missing_growth_ids(ctx)
    if missing:
        return Section("innovation.growth", title, error=ctx.t("innovation.growth.missing", ids=", ".join(missing)),
                       layout="half")
    before, after, added = (ctx.ind[GROWTH_IDS[k]] for k in ("before", "after", "added"))
    rows = growth_rows(ctx)
    return Section(
        "innovation.growth", title,
        takeaway=ctx.t("innovation.growth.takeaway", before=num(before["value"]), after=num(after["value"]),
                       added=num(added["value"]), before_period=period_label(before["period"], ctx.lang),
                       after_period=period_label(after["period"], ctx.lang)),
        visual=build_growth_spec(ctx), sources=tuple(source_text(ctx, r) for r in rows),
        table=TableView("hightech_growth", indicator_table(ctx, rows)), cites=cites(ctx, rows), layout="half",
    )


def board_rows(items: pd.DataFrame, milestones: pd.DataFrame | None, lang: str) -> list[dict]:
    """The innovation platforms with their stage, the article's status word and any dated milestone."""
    from ..i18n import pick, t

    inn = items[(items["topic"] == "innovation") & items["group"].isin(BOARD_GROUPS)]
    order = {g: i for i, g in enumerate(BOARD_GROUPS)}
    inn = inn.assign(_order=inn["group"].map(order)).sort_values(["_order", "_line"])
    events: dict[str, list[dict]] = {}
    if milestones is not None:
        for m in milestones.sort_values("date").to_dict("records"):
            if m["item"]:
                events.setdefault(m["item"], []).append(m)
    out = []
    for r in inn.to_dict("records"):
        status = r["status"]
        out.append({
            **r,
            "stage": STAGE_OF.get(status, "next"),
            "status_text": t(f"innovation.status.{status}", lang) if status in STAGE_OF else status,
            "milestones": [t("innovation.board.milestone", lang, date=fmt_date(m, lang), label=pick(m, "label", lang))
                           for m in events.get(r["id"], [])],
            "milestone_rows": events.get(r["id"], []),
        })
    return out


def board(ctx: Ctx) -> Section:
    rows = board_rows(ctx.tables["items"], ctx.frame("milestones"), ctx.lang)
    by_stage = {s: [r for r in rows if r["stage"] == s] for s in STAGES}
    groups = []
    for stage in STAGES:
        cards = []
        for r in by_stage[stage]:
            captions = list(r["milestones"])
            # The lab's note restates its dated milestone; show a note only where there is none.
            note = ctx.pick(r, "note")
            if note and not r["milestones"]:
                captions.append(note)
            captions.append(ctx.t("innovation.board.quote", anchor=r["anchor"]))
            cards.append(Card(ctx.pick(r, "name"), badge=(r["status_text"], STAGE_COLOUR[stage]),
                              captions=tuple(captions), help=source_text(ctx, r)))
        groups.append(CardGroup(ctx.t(f"innovation.board.{stage}"), tuple(cards)))
    lab = next((r for r in by_stage["building"] if r["group"] == "lab"), None)
    takeaway = ctx.t("innovation.board.takeaway" if lab else "innovation.board.takeaway_nolab",
                     in_place=len(by_stage["in_place"]), coming=len(by_stage["next"]),
                     lab=ctx.pick(lab, "name") if lab else "")
    table = pd.DataFrame([
        {
            ctx.t("common.col.name"): ctx.pick(r, "name"),
            ctx.t("innovation.board.col_group"): ctx.t(f"innovation.group.{r['group']}"),
            ctx.t("innovation.board.col_stage"): ctx.t(f"innovation.board.{r['stage']}"),
            ctx.t("common.col.status"): r["status_text"],
            ctx.t("innovation.board.col_milestone"): "; ".join(r["milestones"]),
            ctx.t("common.col.note"): ctx.pick(r, "note"),
            ctx.t("common.col.section"): source_text(ctx, r),
            ctx.t("common.col.anchor"): r["anchor"],
        }
        for r in rows
    ])
    return Section(
        "innovation.board", ctx.t("innovation.board.heading"), takeaway=takeaway,
        visual=Cards(tuple(groups), "columns"), table=TableView("platforms", table),
        cites=tuple(cite(ctx, r, f"{ctx.pick(r, 'name')}：{r['status_text']}" if ctx.lang == "zh"
                         else f"{ctx.pick(r, 'name')}: {r['status_text']}") for r in rows),
    )


def _join(ctx: Ctx, names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ctx.t("common.ui.list_sep").join(names[:-1]) + ctx.t("common.ui.list_last") + names[-1]


def _dated_card(ctx: Ctx, row: dict | None, heading_key: str, extra: tuple[str, ...] = ()) -> Card:
    """A milestone as date · heading, its label and its source; not disclosed when the row is missing."""
    if not row:
        return Card(ctx.t(heading_key), captions=(ctx.nd,))
    return Card(f"{fmt_date(row, ctx.lang)} · {ctx.t(heading_key)}", lines=(ctx.pick(row, "label"),),
                captions=extra + (source_text(ctx, row),), help=source_text(ctx, row))


def goals(ctx: Ctx) -> Section:
    plenum, target = ctx.ms.get("ms_plenum_decision"), ctx.ms.get("ms_innovation_2025")
    corridor = ctx.items.get("inn_corridor")
    extra = ()
    if corridor and ctx.pick(corridor, "note"):
        extra = (ctx.t("innovation.goals.corridor", corridor=ctx.pick(corridor, "name"), role=ctx.pick(corridor, "note")),)
    count = ctx.ind.get("inn_highlands")
    n = f"{count['value']:g}" if count else ctx.nd
    highlands = [r for r in ctx.items.values() if r["group"] == "highland"]
    cards = (
        # In time order: the decision, the goal it set, and the fields it named.
        _dated_card(ctx, plenum, "innovation.goals.plenum"),
        _dated_card(ctx, target, "innovation.goals.target", extra),
        Card(ctx.t("innovation.goals.highlands", n=n), lines=tuple(ctx.pick(r, "name") for r in highlands),
             captions=(source_text(ctx, count),) if count else (), help=source_text(ctx, count) if count else ""),
    )
    fields = _join(ctx, [ctx.pick(r, "name") for r in highlands])
    takeaway = ctx.t("innovation.goals.takeaway", decided=fmt_date(plenum, ctx.lang), target=fmt_date(target, ctx.lang),
                     fields=fields, goal=lower_first(ctx.pick(target, "label"), ctx.lang)) if plenum and target and fields else ""
    used = [r for r in (plenum, target, corridor, count, *highlands) if r]
    return Section("innovation.goals", ctx.t("innovation.goals.heading"), takeaway=takeaway,
                   visual=Cards((CardGroup("", cards),), "row"), cites=cites(ctx, used), layout="half")


PARTS = [
    Part("innovation.kpis", "innovation.kpi.heading_plain", ("indicators",), kpis),
    Part("innovation.growth", "innovation.growth.heading", ("indicators",), growth),
    Part("innovation.goals", "innovation.goals.heading", ("indicators", "items", "milestones"), goals),
    Part("innovation.board", "innovation.board.heading", ("items",), board),
]
TABLES = ("sections", "indicators", "items", "milestones")


def build(ctx: Ctx) -> PageContent:
    return PageContent("innovation", ctx.t("innovation.title"), ctx.t("innovation.intro"),
                       build_sections(ctx, PARTS), page_errors(ctx))
