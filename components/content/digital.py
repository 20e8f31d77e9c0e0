"""Digital governance: where each initiative stands, the graduate app, the service promise; usage not disclosed."""

from __future__ import annotations

import pandas as pd

from ..data import STAGES
from ..fmt import fmt_value
from ..i18n import pick, t
from .assemble import Part, build_sections
from .base import Ctx, cite, cites, kpi, lower_first, page_errors, source_text
from .model import Card, CardGroup, Cards, ChartSpec, PageContent, Point, Section, TableView

APP = "dig_grad_app"
PROMISE = "dig_goal_no_trip"
# Which items are initiatives on the board; app categories and goals are shown elsewhere on the page.
BOARD_GROUPS = ("service_app", "terminal", "gov_programme", "gov_platform", "gov_domain")
# Groups whose names only make sense with what they are a part of ("数据" -> "管理领域 · 数据").
PREFIXED_GROUPS = ("gov_platform", "gov_domain")
USAGE_UNITS = ("users", "transactions")


def usage_rows(indicators: pd.DataFrame) -> pd.DataFrame:
    """Adoption figures: digital indicators counted in users or transactions and tied to an item."""
    ind = indicators
    return ind[(ind["topic"] == "digital") & ind["unit"].isin(USAGE_UNITS) & (ind["item"] != "")]


def initiative_label(row: dict, lang: str) -> str:
    name = pick(row, "name", lang)
    if row["group"] in PREFIXED_GROUPS:
        return f"{t('digital.group.' + row['group'], lang)} · {name}"
    return name


def board_rows(items: pd.DataFrame, indicators: pd.DataFrame | None, lang: str) -> pd.DataFrame:
    """One row per initiative, most advanced first: label, stage, step 1-4 and its usage figures.

    indicators may be None (file broken): usage then reads as not disclosed, which is still true of
    what the page can show."""
    board = items[(items["topic"] == "digital") & items["group"].isin(BOARD_GROUPS) & items["status"].isin(STAGES)]
    usage = usage_rows(indicators) if indicators is not None else None
    out = []
    for order, r in enumerate(board.to_dict("records")):
        figures = [] if usage is None else usage[usage["item"] == r["id"]].to_dict("records")
        out.append({
            "id": r["id"], "order": order, "label": initiative_label(r, lang), "stage": r["status"],
            "step": STAGES.index(r["status"]) + 1, "stage_label": t("common.status." + r["status"], lang),
            "usage": figures,
            "usage_text": " · ".join(fmt_value(u["value"], u["unit"], lang) for u in figures)
            or t("common.app.not_disclosed", lang),
            "section": r["section"], "anchor": r["anchor"], "note": pick(r, "note", lang), "row": r,
        })
    df = pd.DataFrame(out, columns=["id", "order", "label", "stage", "step", "stage_label", "usage", "usage_text",
                                    "section", "anchor", "note", "row"])
    return df.sort_values(["step", "order"], ascending=[False, True], kind="stable").reset_index(drop=True)


def usage_for(ctx: Ctx, item_id: str, unit: str) -> dict | None:
    """The first usage figure for an item in this unit, or None (shown as not disclosed)."""
    if "indicators" not in ctx.tables:
        return None
    rows = usage_rows(ctx.tables["indicators"])
    rows = rows[(rows["item"] == item_id) & (rows["unit"] == unit)]
    return rows.to_dict("records")[0] if len(rows) else None


def key_figures(ctx: Ctx) -> Section:
    cards = [
        (ctx.ind.get("dig_platforms"), "digital.kpi.platforms"),
        (ctx.ind.get("dig_domains"), "digital.kpi.domains"),
        (usage_for(ctx, APP, "users"), "digital.kpi.users"),
        (usage_for(ctx, APP, "transactions"), "digital.kpi.transactions"),
    ]
    return Section("digital.kpis", ctx.t("digital.kpi.heading"), kpis=tuple(kpi(ctx, r, ctx.t(k)) for r, k in cards),
                   cites=cites(ctx, [r for r, _ in cards]),
                   missing=tuple(ctx.t(k) for r, k in cards if r is None))


def join_names(ctx: Ctx, names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ctx.t("digital.board.list_sep").join(names[:-1]) + ctx.t("digital.board.list_last") + names[-1]


def build_board_spec(ctx: Ctx, board: pd.DataFrame, source_lines: list[str]) -> ChartSpec:
    stage_word, usage_word = ctx.t("digital.board.hover_stage"), ctx.t("digital.board.hover_usage")
    points = tuple(
        Point(r.label, float(r.step), "reported", r.usage_text,
              f"<b>{r.label}</b><br>{stage_word}: {r.stage_label}<br>{usage_word}: {r.usage_text}<br>{src}", r.stage)
        for r, src in zip(board.itertuples(), source_lines)
    )
    return ChartSpec("stages", "adoption_board", points, scale=tuple(t("common.status." + s, ctx.lang) for s in STAGES),
                     extra={"codes": STAGES, "usage_title": ctx.t("digital.board.usage_col"),
                            "disclosed": [bool(u) for u in board["usage"]]})


def board_takeaway(ctx: Ctx, board: pd.DataFrame) -> str:
    """What has reached the last stage, how many of the rest stand at each stage, and whether any usage is
    given: every part counted from the board, so it stays true when a stage or a usage row changes."""
    last = STAGES[-1]
    stage_word = lambda s: t("common.status." + s, ctx.lang)  # noqa: E731
    live = list(board.loc[board["stage"] == last, "label"])
    text = ctx.t("digital.board.takeaway_live", stage=stage_word(last), live=join_names(ctx, live)) if live else \
        ctx.t("digital.board.takeaway_nothing_live", stage=stage_word(last))
    rest = board[board["stage"] != last]
    if len(rest):
        counts = rest["stage"].value_counts()
        text += ctx.t("digital.board.takeaway_rest", n=len(rest), counts=ctx.t("digital.board.list_sep").join(
            ctx.t("digital.board.rest_count", stage=lower_first(stage_word(s), ctx.lang), n=int(counts[s]))
            for s in reversed(STAGES) if s in counts))
    usage = "some" if any(board["usage"].map(bool)) else "none"
    return (text + ctx.t(f"digital.board.takeaway_usage_{usage}")).strip()


def board_section(ctx: Ctx) -> Section:
    board = board_rows(ctx.tables["items"], ctx.frame("indicators"), ctx.lang)
    sources, usage_sources = [], []
    for r in board.itertuples():
        cited = [source_text(ctx, r.row)] + [source_text(ctx, u) for u in r.usage]
        sources.append("<br>".join(cited))
        usage_sources.append("; ".join(cited[1:]))
    takeaway = board_takeaway(ctx, board)
    table = pd.DataFrame({
        ctx.t("digital.col.initiative"): board["label"],
        ctx.t("digital.col.stage"): board["stage_label"],
        ctx.t("digital.col.stage_step", first=1, last=len(STAGES)): board["step"],
        ctx.t("digital.col.usage"): board["usage_text"],
        ctx.t("common.col.note"): board["note"],
        ctx.t("common.col.section"): board["section"].map(lambda s: ctx.headings.get(s, s)),
        ctx.t("common.col.anchor"): board["anchor"],
        ctx.t("digital.col.usage_source"): usage_sources,
    })
    sections = sorted({ctx.headings.get(s, s) for s in board["section"]})
    caption = [ctx.t("digital.board.sources", sections="、".join(sections) if ctx.lang == "zh" else "; ".join(sections))]
    caption += [u for u in usage_sources if u]
    board_cites = tuple(cite(ctx, r.row, f"{r.label}：{r.stage_label}" if ctx.lang == "zh" else f"{r.label}: {r.stage_label}")
                        for r in board.itertuples()) + cites(ctx, [u for r in board.itertuples() for u in r.usage])
    return Section(
        "digital.board", ctx.t("digital.board.heading"), takeaway=takeaway,
        visual=build_board_spec(ctx, board, sources), sources=tuple(caption),
        notes=(ctx.t("digital.board.how", first=lower_first(t("common.status." + STAGES[0], ctx.lang), ctx.lang)),),
        table=TableView("adoption_board", table), cites=board_cites,
        missing=(ctx.t("digital.col.usage"),) if not any(board["usage"].map(bool)) else (),
    )


def app_section(ctx: Ctx) -> Section:
    items = ctx.tables["items"]
    cats = items[(items["parent"] == APP) & (items["group"] == "app_category")].to_dict("records")
    n_cats, n_items = ctx.ind.get("dig_grad_categories"), ctx.ind.get("dig_grad_items")
    # The categories the article names are the rows listed; how many there are in all is the KPI card.
    named = str(len(cats))
    items_text = f"{n_items['value']:g}" if n_items else ctx.nd
    app = ctx.items.get(APP)
    notes = [ctx.t("digital.app.lead", cats=named)]
    if app is not None and ctx.pick(app, "note"):
        notes.append(ctx.pick(app, "note"))
    notes.append(ctx.t("digital.app.not_itemised", items=items_text, cats=named))
    names = [ctx.pick(c, "name") for c in cats]
    cards = tuple(Card(n, captions=(f"{ctx.t('digital.app.items_label')}: {ctx.nd}",)) for n in names)
    reform = ctx.items.get("dig_talent_reform")
    takeaway = ctx.t("digital.app.takeaway", n=len(names), names=join_names(ctx, names),
                     reform=ctx.pick(reform, "name") if reform else ctx.nd)
    table = pd.DataFrame({
        ctx.t("digital.col.category"): names,
        ctx.t("digital.col.items_in_category"): [ctx.nd] * len(cats),
        ctx.t("common.col.section"): [ctx.headings.get(c["section"], c["section"]) for c in cats],
        ctx.t("common.col.anchor"): [c["anchor"] for c in cats],
    })
    return Section(
        "digital.app", ctx.t("digital.app.heading"), takeaway=takeaway,
        kpis=(kpi(ctx, n_cats, ctx.t("digital.kpi.categories")), kpi(ctx, n_items, ctx.t("digital.kpi.items"))),
        visual=Cards((CardGroup("", cards),), "row"), notes=tuple(notes),
        sources=tuple(source_text(ctx, r) for r in (n_items, app) if r is not None),
        table=TableView("app_categories", table), cites=cites(ctx, [n_cats, n_items, app, reform, *cats]),
        missing=(ctx.t("digital.col.items_in_category"),),
    )


def slogans(row: dict | None, lang: str) -> list[str]:
    """The quoted slogans in the goal's name ('从“最多跑一次”到“一次都不跑”'): before, then after."""
    import re

    found = re.findall(r"“([^”]+)”", pick(row, "name", lang)) if row else []
    return [f"“{q[:1].upper()}{q[1:]}”" for q in found]  # a slogan standing alone starts with a capital


def promise(ctx: Ctx) -> Section:
    row = ctx.items.get(PROMISE)
    names = slogans(row, ctx.lang)
    if len(names) != 2:
        return Section("digital.promise", ctx.t("digital.promise.heading"),
                       notes=(ctx.t("common.app.not_disclosed_long"),), cites=cites(ctx, [row]))
    note = ctx.pick(row, "note")
    cards = tuple(Card(name, lines=(note,) if k == "after" and note else (),
                       captions=(ctx.t(f"digital.promise.{k}_label"),)) for k, name in zip(("before", "after"), names))
    return Section("digital.promise", ctx.t("digital.promise.heading"), takeaway=ctx.t("digital.promise.takeaway"),
                   visual=Cards((CardGroup("", cards),), "arrow"),
                   sources=(source_text(ctx, row),), cites=cites(ctx, [row]))


PARTS = [
    Part("digital.kpis", "digital.kpi.heading", ("indicators",), key_figures),
    Part("digital.board", "digital.board.heading", ("items",), board_section),
    Part("digital.app", "digital.app.heading", ("items",), app_section),
    Part("digital.promise", "digital.promise.heading", (), promise),
]
TABLES = ("sections", "sources", "indicators", "items", "milestones", "not_found", "series")


def build(ctx: Ctx) -> PageContent:
    return PageContent("digital", ctx.t("digital.title"), intro(ctx), build_sections(ctx, PARTS), page_errors(ctx))


def intro(ctx: Ctx) -> str:
    """The page's opening words: the stages in order, and usage said to be missing only while it is."""
    some = "indicators" in ctx.tables and len(usage_rows(ctx.tables["indicators"])) > 0
    scale = ctx.t("digital.scale_sep").join(lower_first(t("common.status." + s, ctx.lang), ctx.lang) for s in STAGES)
    return ctx.t("digital.intro", scale=scale, usage=ctx.t(f"digital.intro_usage_{'some' if some else 'none'}"))
