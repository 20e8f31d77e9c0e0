"""Home: the title slide, the four hard cores at a glance, and the period's goals."""

from __future__ import annotations

import re

from .. import data
from ..data import STAGES, outcomes
from ..fmt import fmt_date, fmt_value
from ..i18n import t
from .assemble import Part, build_sections
from .base import (
    Ctx,
    cites,
    current,
    kpi,
    lower_first,
    outcome_line,
    outcomes_summary,
    page_errors,
    period_label,
    source_text,
    value_text,
)
from .model import Card, CardGroup, Cards, ChartSpec, Cite, PageContent, Point, Section, Segment

TOPICS = ("innovation", "investment", "city", "digital")
CARDS = {
    "innovation": ("inn_hightech_2020", "inn_hightech_growth_2020"),
    "investment": ("inv_fai_growth_2020", "inv_2020_key_completion"),
    "city": ("city_zhuangshi_projects_2021", "city_xiepu_p1s1_progress"),
    "digital": ("dig_grad_items", "dig_platforms"),
}
OPENINGS = ("ms_line2_open", "ms_bridge_open")  # 2020's "one line, one bridge"
STEP_IDS = ("city_1618_step1", "city_1618_step2", "city_1618_step3")
COMPLETION_TIERS = "project_tier"


def data_date(ctx: Ctx) -> str:
    """What the figures cover, from the data itself: the article's latest reported and plan years; and where
    later reports are entered, the years their figures and events cover and the latest of their dates."""
    if "indicators" not in ctx.tables:
        return ""
    article = [r for r in ctx.ind.values() if r["source"] == data.ARTICLE]
    reported = [int(r["period"]) for r in article if r["period"].isdigit() and r["kind"] == "reported"]
    plans = [int(r["period"][:4]) for r in article if re.fullmatch(r"\d{4}_plan", r["period"])]
    if not (reported and plans):
        return ""
    text = ctx.t("common.app.data_date", results=max(reported), plans=max(plans))
    later = [r for r in list(ctx.ind.values()) + list(ctx.ms.values())
             if r["source"] != data.ARTICLE and r["source"] in ctx.source_rows and (r.get("period") or r.get("date"))]
    years = sorted({y for r in later if (y := _year_of(r))})
    dates = [ctx.source_rows[r["source"]]["published"] for r in later if ctx.source_rows[r["source"]]["published"]]
    if not years or not dates:
        return text
    asof = data.published_label(max(dates), ctx.lang)
    key = "data_date_later" if years[0] != years[-1] else "data_date_later_one"
    return ctx.t("common.app.data_date_article", results=max(reported), plans=max(plans)) + \
        ctx.t("common.app.data_date_sep") + ctx.t(f"common.app.{key}", first=years[0], last=years[-1], asof=asof)


def _year_of(row: dict) -> int | None:
    """The year a later figure or event is about: its period's first year, or its date's year."""
    if row.get("period"):
        p = data.parse_period(row["period"])
        return p.start if p else None
    return int(str(row["date"])[:4])


def title_slide(ctx: Ctx) -> Section:
    cards = tuple(Card(ctx.t(f"home.card.{k}.title"), lines=(ctx.t(f"home.core.{k}"),), link=k) for k in TOPICS)
    return Section("home.title", ctx.t("common.app.title"), takeaway=data_date(ctx),
                   visual=Cards((CardGroup("", cards),), "row"), on_page=False, kind="title")


def openings_caption(ctx: Ctx) -> str:
    """'Opened: <line> (<date>) and <bridge> (<date>)', names and dates from the data."""
    rows = [ctx.ms.get(i) for i in OPENINGS]
    # "Opened" only for events that happened (a milestone still planned is not an opening).
    if not all(rows) or not all(r["item"] in ctx.items and r["kind"] == "event" for r in rows):
        return ""
    a, b = rows
    names = [ctx.pick(ctx.items[r["item"]], "name") for r in rows]
    return ctx.t("home.card.city.opened", line2=names[0], d1=fmt_date(a, ctx.lang), bridge=names[1],
                 d2=fmt_date(b, ctx.lang))


def _sentence(text: str) -> str:
    """A line that may begin with a clause written to stand inside a sentence: its first letter capital."""
    return text[:1].upper() + text[1:]


def _takeaway(ctx: Ctx, topic: str) -> str:
    """Each core's one line, worded from the figures so it stays true when they change."""
    ind, items = ctx.ind, ctx.items
    if topic == "innovation":
        count, growth = (current(ctx, ind.get(i)) for i in CARDS["innovation"])
        if not growth:
            return ""
        sign = "up" if growth["value"] > 0 else "down" if growth["value"] < 0 else "level"
        measure = ctx.pick(count, "label") if count else ctx.pick(growth, "label")
        text = ctx.t(f"home.card.innovation.growth_{sign}", measure=measure, period=period_label(growth["period"], ctx.lang),
                     growth=value_text({**growth, "value": abs(growth["value"])}, ctx.lang))
        institutes = [r for r in items.values() if r["group"] == "institute" and r["status"] == "landed"]
        if institutes:
            text += ctx.t("home.card.innovation.institutes", n=len(institutes))
        return text + ctx.t("home.card.innovation.end")
    if topic == "investment":
        lead = current(ctx, ind.get("inv_fai_lead_pp_2020"))
        rates = [r for r in ind.values() if r["unit"] == "percent" and r["item"] in items
                 and items[r["item"]]["group"] == COMPLETION_TIERS]
        over = sum(r["value"] >= 100 for r in rates)
        which = "all" if over == len(rates) else "none" if not over else "some"
        tiers = ctx.t(f"home.card.investment.tiers_{which}", over=over, total=len(rates)) if rates else ""
        if lead is None:
            return _sentence(tiers)
        side = "lead" if lead["value"] > 0 else "behind" if lead["value"] < 0 else "level"
        gap = ctx.t(f"home.card.investment.{side}", lead=fmt_value(abs(lead["value"]), lead["unit"], ctx.lang),
                    period=period_label(lead["period"], ctx.lang))
        return _sentence(ctx.t("home.card.investment.takeaway", lead=gap, tiers=tiers) if tiers else gap)
    if topic == "city":
        plan, launch = items.get("plan_1618"), ctx.ms.get("ms_1618_launch")
        steps = [ind[i] for i in STEP_IDS if i in ind]
        if not (plan and launch):
            return ""
        return ctx.t("home.card.city.takeaway", plan=ctx.pick(plan, "name"), date=fmt_date(launch, ctx.lang),
                     n=len(steps))
    app = items.get("dig_grad_app")
    platforms = ind.get("dig_platforms")
    if not (app and platforms):
        return ""
    # The stages the platform items have reached, most advanced first (one word when they agree).
    reached = {r["status"] for r in items.values() if r["group"] == "gov_platform" and r["status"] in STAGES}
    stage = ctx.t("common.ui.list_sep").join(lower_first(t(f"common.status.{s}", ctx.lang), ctx.lang)
                                             for s in reversed(STAGES) if s in reached) or ctx.nd
    users = [r for r in ind.values() if r["unit"] == "users" and r["item"] == "dig_grad_app"]
    return ctx.t("home.card.digital.takeaway", app=ctx.pick(app, "name"),
                 app_stage=lower_first(t(f"common.status.{app['status']}", ctx.lang), ctx.lang) if app["status"] else ctx.nd,
                 platforms=ctx.pick(platforms, "label"), n=f"{platforms['value']:g}", stage=stage,
                 users=value_text(users[0], ctx.lang) if users else ctx.nd)


def cores(ctx: Ctx) -> Section:
    cards, used = [], []
    for topic, ids in CARDS.items():
        rows = [ctx.ind.get(i) for i in ids]
        captions = (openings_caption(ctx),) if topic == "city" and openings_caption(ctx) else ()
        line = _takeaway(ctx, topic)
        cards.append(Card(ctx.t(f"home.card.{topic}.title"), lines=(line,) if line else (),
                          kpis=tuple(kpi(ctx, r) for r in rows), captions=captions, link=topic))
        used += rows
    used += [ctx.ms.get(i) for i in OPENINGS]
    return Section("home.cores", ctx.t("home.cores"), visual=Cards((CardGroup("", tuple(cards)),), "row"),
                   cites=cites(ctx, used))


def _slogan(label: str) -> str:
    """The quoted slogan in a label ('“再造一个镇海”目标期限' -> '“再造一个镇海”'), or the whole label."""
    quoted = re.findall(r"“[^”]+”", label)
    return quoted[0] if quoted else label


def _step_name(row: dict, lang: str) -> str:
    """A 1618 step's own name: its label after the colon ('“1618”计划第一步：打基础' -> '打基础')."""
    label = row[f"label_{lang}"]
    return re.split(r"：|: ", label)[-1]


def goals(ctx: Ctx) -> Section:
    cards, used = [], []
    horizon = ctx.ind.get("ov_rebuild_horizon")
    if horizon:
        goal = ctx.items.get("ov_goal_pioneer")
        text = ctx.t("home.goal_rebuild_text", period=period_label(horizon["period"], ctx.lang),
                     goal=lower_first(ctx.pick(goal, "name"), ctx.lang)) if goal else ""
        cards.append(Card(ctx.t("home.goal_rebuild", years=f"{horizon['value']:g}", goal=_slogan(ctx.pick(horizon, "label"))),
                          captions=tuple(x for x in (text, source_text(ctx, horizon)) if x)))
        used += [horizon, goal]
    target, plenum = ctx.ms.get("ms_innovation_2025"), ctx.ms.get("ms_plenum_decision")
    if target and plenum:
        cards.append(Card(ctx.t("home.goal_2025", date=fmt_date(target, ctx.lang),
                                goal=lower_first(ctx.pick(target, "label"), ctx.lang)),
                          captions=(ctx.t("home.goal_2025_text", date=fmt_date(plenum, ctx.lang)),
                                    source_text(ctx, target))))
        used += [target, plenum]
    steps = [ctx.ind[i] for i in STEP_IDS if i in ctx.ind]
    plan = ctx.items.get("plan_1618")
    if steps:
        sep = "，" if ctx.lang == "zh" else "; "
        text = sep.join(ctx.t("home.goal_step", n=f"{r['value']:g}", name=_step_name(r, ctx.lang)) for r in steps)
        cards.append(Card(ctx.t("home.goal_steps", plan=ctx.pick(plan, "name") if plan else "", n=len(steps)),
                          captions=(text, source_text(ctx, steps[0]))))
        used += steps
    return Section("home.goals", ctx.t("home.goals"), visual=Cards((CardGroup("", tuple(cards)),), "row"),
                   cites=cites(ctx, used))


def plans(ctx: Ctx) -> Section:
    """Every plan and target in the data, each against what later sources report, core by core: a tally per
    core (the slide and the deck), and one line per plan with its status and source (the page)."""
    found = ctx.outcomes
    order = ("overview",) + TOPICS
    lines = sorted((outcome_line(ctx, o) for o in found.values()), key=lambda x: order.index(x.topic))
    topics = [tp for tp in order if any(x.topic == tp for x in lines)]
    tallies = outcomes.tally(found, tuple(topics))
    segments = tuple(Segment(s, ctx.t(f"common.outcome.{s}"), tuple(float(tl.counts[s]) for tl in tallies))
                     for s in outcomes.STATUSES if any(tl.counts[s] for tl in tallies))
    points = tuple(Point(ctx.t(f"common.topic.{tl.topic}"), float(tl.total), text=str(tl.total)) for tl in tallies)
    spec = ChartSpec("stacked", "plans_outcomes", points, axis=ctx.t("home.plans.axis"), stack=segments,
                     legend={s.key: s.name for s in segments})
    known = sum(1 for x in lines if x.status in ("beaten", "met", "partly", "missed"))
    takeaway = ctx.t("home.plans.takeaway_some", n=len(lines), known=known) if known else \
        ctx.t("home.plans.takeaway_none", n=len(lines))
    # The plans are listed, not shown as figures of their series: no row, so no time charts here.
    cited = tuple(Cite(f"[{x.status_text}] {x.text}", x.source) for x in lines)
    return Section("home.plans", ctx.t("common.outcome.heading"), takeaway=takeaway, visual=spec,
                   notes=(ctx.t("home.plans.note"),), outcomes=tuple(lines),
                   outcomes_summary=outcomes_summary(ctx, tuple(lines)), cites=cited)


PARTS = [
    Part("home.title", "common.app.title", (), title_slide),
    Part("home.cores", "home.cores", ("indicators",), cores),
    Part("home.plans", "common.outcome.heading", ("indicators", "milestones", "items"), plans),
    Part("home.goals", "home.goals", ("indicators",), goals),
]
TABLES = ("sections", "sources", "indicators", "items", "milestones", "not_found", "series")


def build(ctx: Ctx) -> PageContent:
    coverage = data_date(ctx)
    return PageContent("home", ctx.t("home.title"), ctx.t("home.intro"), build_sections(ctx, PARTS), page_errors(ctx),
                       notes=(coverage,) if coverage else ())
