"""Innovation: the 2020 figures, high-tech growth, goals and timetable, the platforms board."""

from __future__ import annotations

import pandas as pd

from .. import data
from ..fmt import fmt_date
from .assemble import Part, build_sections
from .base import (
    Ctx,
    cite,
    cites,
    current,
    grouped_sources,
    indicator_table,
    kpi,
    lower_first,
    num,
    page_errors,
    period_label,
    source_text,
)
from .model import Card, CardGroup, Cards, PageContent, Section, TableView
from .trends import series_chart

# (indicator id, label key): the 2020 results an official should see first.
KPIS = (
    ("inn_hightech_2020", "hightech"),
    ("inn_hightech_growth_2020", "growth"),
    ("inn_top_talent_2020", "top_talent"),
    ("inn_talent_applicants_2020", "applicants"),
    ("inn_talent_projects_2020", "projects"),
)
BOARD_GROUPS = ("lab", "institute", "park", "planned_platform")
# Where each status puts a platform on the board; unknown statuses fall into "next" rather than vanish.
STAGE_OF = {"landed": "in_place", "in_use": "in_place", "advancing": "building", "planned": "next",
            "laying_out": "next"}
STAGES = ("in_place", "building", "next")
STAGE_COLOUR = {"in_place": "green", "building": "blue", "next": "orange"}


def kpis(ctx: Ctx) -> Section:
    rows = [current(ctx, ctx.ind.get(i)) for i, _ in KPIS]
    # The heading names the period only when every card shares it (a new year may reach some cards first).
    periods = {r["period"] for r in rows if r}
    title = ctx.t("innovation.kpi.heading", period=period_label(periods.pop(), ctx.lang)) if len(periods) == 1 \
        else ctx.t("innovation.kpi.heading_plain")
    return Section(
        "innovation.kpis", title,
        kpis=tuple(kpi(ctx, ctx.ind.get(i), ctx.t(f"innovation.kpi.{key}")) for i, key in KPIS),
        cites=cites(ctx, rows), missing=tuple(ctx.t(f"innovation.kpi.{k}") for (i, k) in KPIS if i not in ctx.ind),
    )


SERIES = "inn_hightech"  # high-tech enterprises, one row per year
RATE_SERIES = "inn_hightech_growth"  # their year-on-year growth, as reported
ADDED_SERIES = "inn_hightech_added"  # the net increase, worked out


def growth_rows(ctx: Ctx) -> list[dict]:
    """The rows behind the growth chart: every year of the series, the growth rates and net increases."""
    ind = ctx.tables["indicators"]
    return [r for sid in (SERIES, RATE_SERIES, ADDED_SERIES) for r in data.series_rows(ind, sid)]


def growth(ctx: Ctx) -> Section:
    """The count in every year the data has, derived years marked, with the takeaway from first to latest."""
    title = ctx.t("innovation.growth.heading")
    spec = series_chart(ctx, SERIES, "hightech_growth", ctx.t("innovation.growth.axis"), RATE_SERIES)
    ind = ctx.tables["indicators"]
    rows = data.series_rows(ind, SERIES)
    last = data.latest_reported(ind, SERIES)
    if spec is None or last is None:
        return Section("innovation.growth", title, error=ctx.t("innovation.growth.missing", ids=SERIES), layout="half")
    first = rows[0]
    takeaway = ""
    if first is not last:
        trend = "rise" if last["value"] > first["value"] else "fall" if last["value"] < first["value"] else "level"
        takeaway = ctx.t(f"innovation.growth.takeaway_{trend}", measure=ctx.pick(last, "label"),
                         first=num(first["value"]), last=num(last["value"]),
                         first_period=period_label(first["period"], ctx.lang),
                         last_period=period_label(last["period"], ctx.lang),
                         approx=ctx.t("innovation.growth.approx") if first["kind"] == "derived" else "")
        # The net change only where the data works it out for exactly these two years.
        added = [r for r in data.series_rows(ind, ADDED_SERIES)
                 if r.get("inputs") and set(r["inputs"].split(";")) == {first["id"], last["id"]}]
        if added and added[0]["value"]:
            more = "added" if added[0]["value"] > 0 else "removed"
            takeaway += ctx.t(f"innovation.growth.takeaway_{more}", added=num(abs(added[0]["value"])),
                              approx=ctx.t("innovation.growth.approx") if added[0]["kind"] == "derived" else "")
        if first["kind"] == "derived":
            takeaway += ctx.t("innovation.growth.takeaway_estimate", period=period_label(first["period"], ctx.lang))
        else:
            takeaway += ctx.t("innovation.growth.takeaway_end")
    used = growth_rows(ctx)
    return Section(
        "innovation.growth", title, takeaway=takeaway, visual=spec,
        sources=grouped_sources(ctx, used),
        table=TableView("hightech_growth", indicator_table(ctx, used)), cites=cites(ctx, used), layout="half",
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


def board_takeaway(ctx: Ctx, by_stage: dict[str, list[dict]]) -> str:
    """How many platforms are in place, the lab being built, how many are coming: each clause only when true."""
    lab = next((r for r in by_stage["building"] if r["group"] == "lab"), None)
    parts = []
    if by_stage["in_place"]:
        parts.append(ctx.t("innovation.board.in_place_part", n=len(by_stage["in_place"])))
    if lab:
        parts.append(ctx.t("innovation.board.lab_part", lab=ctx.pick(lab, "name")))
    if by_stage["next"]:
        parts.append(ctx.t("innovation.board.coming_part", n=len(by_stage["next"])))
    if not parts:
        return ""
    text = parts[0] if len(parts) == 1 else \
        ctx.t("innovation.board.part_sep").join(parts[:-1]) + ctx.t("innovation.board.part_last") + parts[-1]
    return text[:1].upper() + text[1:] + ctx.t("innovation.board.end")


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
            # A slide has room for the latest step only (every step and the article's words are on the page, in the
            # card's help and in the speaker notes).
            cards.append(Card(ctx.pick(r, "name"), badge=(r["status_text"], STAGE_COLOUR[stage]),
                              captions=tuple(captions), help=source_text(ctx, r),
                              slide_captions=tuple(r["milestones"][-1:]) if r["milestones"] else None))
        groups.append(CardGroup(ctx.t(f"innovation.board.{stage}"), tuple(cards)))
    takeaway = board_takeaway(ctx, by_stage)
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
TABLES = ("sections", "sources", "indicators", "items", "milestones", "not_found", "series")


def build(ctx: Ctx) -> PageContent:
    return PageContent("innovation", ctx.t("innovation.title"), ctx.t("innovation.intro"),
                       build_sections(ctx, PARTS), page_errors(ctx))
