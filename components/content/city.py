"""City quality: key figures, the map and its focus views, the milestones, the Xiepu link's progress."""

from __future__ import annotations

import pandas as pd

from .. import data, maps
from ..fmt import fmt_date
from ..i18n import t
from .assemble import Part, build_sections
from .base import Ctx, cites, grouped_sources, kpi, lower_first, num, page_errors, source_text, sources_table
from .model import ChartSpec, MapSpec, PageContent, Point, Section, Tables, TableView

KPIS = ("city_zhuangshi_projects_2021", "city_xiepu_p1s1_progress", "city_xiepu_p2s2_progress")
TIMELINE_MILESTONES = ("ms_line2_open", "ms_bridge_open", "ms_1618_launch")
STEP_IDS = ("city_1618_step1", "city_1618_step2", "city_1618_step3")
XIEPU_LINK = "city_xiepu_link"
MAP_ROWS = ("place_north_bank", "city_xiepu_link")
# The things the map is about, in the order the takeaway names them, and how each status groups them.
MAP_ITEMS = ("city_line2_phase2_first", "city_sanguantang_bridge", "city_xiepu_link", "place_north_bank",
             "place_zhuangshi")
MAP_STATES = {"opened": "opened", "done": "done", "started": "building", "in_progress": "building",
              "preparing": "building", "review_done": "building", "planned": "planned"}
GEO_USED = ("metromap", "cnmaps", "places", "schematic")
# Legend swatches in drawing order; the renderer knows each code's look.
LEGEND = ("outline", "river", "phase1", "first", "later", "bridge", "north_bank", "xiepu", "place", "approx")


def key_figures(ctx: Ctx) -> Section:
    rows = [ctx.ind.get(i) for i in KPIS]
    return Section("city.kpis", ctx.t("city.kpi.heading"), kpis=tuple(kpi(ctx, r) for r in rows),
                   cites=cites(ctx, rows))


def _sep(ctx: Ctx) -> str:
    return "；" if ctx.lang == "zh" else "; "  # joins several sources into one caption line


def _map_sources(ctx: Ctx) -> tuple[str, ...]:
    """Two lines, not ten: the article's spots, then the map data's origins and licences."""
    rows = [r for r in (ctx.ms.get("ms_line2_open"), ctx.ms.get("ms_bridge_open"),
                        ctx.ind.get("city_zhuangshi_projects_2021")) if r]
    rows += [ctx.items[i] for i in MAP_ROWS if i in ctx.items]
    # One line per source and section, its anchors together: the slide reads the article's name once.
    lines = [_sep(ctx).join(grouped_sources(ctx, rows))]
    if "sources" in ctx.tables:
        geo = [ctx.t("city.map.geo_source_line", name=data.source_label(r, ctx.lang, short=True), licence=ctx.pick(r, "licence"))
               for r in ctx.tables["sources"].to_dict("records") if r["id"] in GEO_USED]
        lines.append(ctx.t("city.map.geo_source_prefix") + _sep(ctx).join(geo))
    return tuple(lines)


def map_takeaway(ctx: Ctx) -> str:
    """Where each thing on the map stands, from its status in the data: open, completed, being built, planned."""
    groups: dict[str, list[str]] = {}
    for iid in MAP_ITEMS:
        row = ctx.items.get(iid)
        if row and row["status"] in MAP_STATES:
            groups.setdefault(MAP_STATES[row["status"]], []).append(ctx.pick(row, "name"))
    parts = [ctx.t(f"city.map.state_{state}", names=join_names(ctx, groups[state]))
             for state in ("opened", "done", "building", "planned") if state in groups]
    return ctx.t("city.map.takeaway_sep").join(parts) + ctx.t("city.map.takeaway_end") if parts else ""


def join_names(ctx: Ctx, names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ctx.t("common.ui.list_sep").join(names[:-1]) + ctx.t("common.ui.list_last") + names[-1]


def city_map(ctx: Ctx) -> Section:
    features = maps.build_features(ctx.tables["stations"], ctx.tables["places"], ctx.tables["boundary"],
                                   ctx.tables["river"], ctx.tables["schematic"], ctx.frame("indicators"),
                                   ctx.frame("milestones"), ctx.lang)
    opened = fmt_date(ctx.ms["ms_line2_open"], ctx.lang) if "ms_line2_open" in ctx.ms else ctx.nd
    legend = tuple((code, ctx.t(f"city.legend.{code}", date=opened) if code == "first" else ctx.t(f"city.legend.{code}"))
                   for code in LEGEND)
    # What each focus view shows, in a line: the detail of the object it frames.
    takeaway = map_takeaway(ctx)
    notes = {"all": takeaway} if takeaway else {}
    for focus, group in (("line2", "phase2_first"), ("bridge", "bridge"), ("north_bank", "north_bank"),
                         ("xiepu", "xiepu")):
        if features.get(group):
            obj = features[group][0]
            notes[focus] = f"{obj['name_' + ctx.lang]}：{obj['detail']}" if ctx.lang == "zh" else \
                f"{obj['name_' + ctx.lang]}: {obj['detail']}"
    spec = MapSpec(features, maps.FOCI, {f: ctx.t(f"city.focus.{f}") for f in maps.FOCI}, legend, notes)
    rows = [r for r in (ctx.ms.get("ms_line2_open"), ctx.ms.get("ms_bridge_open"),
                        ctx.ind.get("city_zhuangshi_projects_2021"),
                        *(ctx.items.get(i) for i in dict.fromkeys(MAP_ROWS + MAP_ITEMS))) if r]
    return Section(
        "city.map", ctx.t("city.map.heading"), takeaway=takeaway, visual=spec,
        notes=(ctx.t("city.legend.no_tiles"),), sources=_map_sources(ctx),
        table=TableView("city", maps.feature_table(features, ctx.lang)), cites=cites(ctx, rows),
    )


def timeline_rows(ctx: Ctx) -> list[dict]:
    """The events in date order, then the 1618 plan's steps, counted in years from the launch."""
    rows = []
    ms = ctx.tables["milestones"]
    for r in ms[ms["id"].isin(TIMELINE_MILESTONES)].sort_values("date").to_dict("records"):
        rows.append({"id": r["id"], "when": fmt_date(r, ctx.lang), "label": ctx.pick(r, "label"), "kind": "event",
                     "row": r})
    for sid in STEP_IDS:
        r = ctx.ind.get(sid)
        if r:
            rows.append({"id": sid, "when": ctx.t("city.timeline.after_launch", n=f"{r['value']:g}"),
                         "label": ctx.pick(r, "label"), "kind": "target", "row": r})
    return rows


def build_timeline_spec(ctx: Ctx, rows: list[dict]) -> ChartSpec:
    points = tuple(Point(r["when"], None, "reported" if r["kind"] == "event" else "target", r["label"])
                   for r in rows)
    return ChartSpec("timeline", "timeline", points,
                     legend={"reported": ctx.t("city.timeline.event"), "target": ctx.t("city.timeline.target")})


def timeline(ctx: Ctx) -> Section:
    rows = timeline_rows(ctx)
    events = [r for r in rows if r["kind"] == "event"]
    steps = [r for r in rows if r["kind"] == "target"]
    if events:
        takeaway = ctx.t("city.timeline.takeaway", events=ctx.t("city.timeline.then").join(r["label"] for r in events),
                         steps=len(steps)) if steps else ctx.t("city.timeline.takeaway_events", events=ctx.t(
                             "city.timeline.then").join(r["label"] for r in events))
    else:
        takeaway = ""
    table = pd.DataFrame([{
        ctx.t("common.col.date"): r["when"], ctx.t("common.col.label"): r["label"],
        ctx.t("common.col.kind"): ctx.t(f"city.timeline.{r['kind']}"),
        ctx.t("common.col.anchor"): r["row"]["anchor"], ctx.t("common.source.label"): source_text(ctx, r["row"]),
    } for r in rows])
    return Section(
        "city.timeline", ctx.t("city.timeline.heading"), takeaway=takeaway, visual=build_timeline_spec(ctx, rows),
        notes=(ctx.t("city.timeline.note"),), sources=(_sep(ctx).join(source_text(ctx, r["row"]) for r in rows),),
        table=TableView("timeline", table), cites=cites(ctx, [r["row"] for r in rows]),
    )


def xiepu_rows(ctx: Ctx) -> list[dict]:
    """The link's sections in the article's order; a share done only where the article gives one."""
    items = ctx.tables["items"]
    secs = items[(items["parent"] == XIEPU_LINK) & (items["group"] == "road_section")]
    shares = {r["item"]: r for r in ctx.ind.values() if r["unit"] == "share" and r["item"]}
    return [{"item": r, "share": shares.get(r["id"])} for r in secs.to_dict("records")]


def _status(ctx: Ctx, item: dict) -> str:
    return t(f"common.status.{item['status']}", ctx.lang) if item["status"] else ""


def build_xiepu_spec(ctx: Ctx, rows: list[dict]) -> ChartSpec:
    """A bar for each section with a reported share of works done; the status in words for the rest."""
    points = []
    for r in rows:
        name, status = ctx.pick(r["item"], "name"), _status(ctx, r["item"])
        if r["share"] is None:
            points.append(Point(name, None, status=ctx.t("city.xiepu.status_only", status=status)))
        else:
            v = r["share"]["value"]
            points.append(Point(name, v, "reported", f"{v:g}%", f"{name}: {v:g}%", status))
    return ChartSpec("progress", "xiepu_progress", tuple(points), unit="%", axis=ctx.t("city.xiepu.axis"),
                     reference=100.0, legend={"value": ctx.t("city.xiepu.share")})


def xiepu(ctx: Ctx) -> Section:
    rows = xiepu_rows(ctx)
    link = ctx.items.get(XIEPU_LINK)
    parts = []
    for r in rows:
        name = ctx.pick(r["item"], "name")
        if r["share"] is not None:
            parts.append(ctx.t("city.xiepu.part_share", name=name, value=f"{num(r['share']['value'])}%"))
        else:
            parts.append(ctx.t("city.xiepu.part_status", name=name, status=lower_first(_status(ctx, r["item"]), ctx.lang)))
    statuses = {r["item"]["status"] for r in rows}
    state = "done" if statuses == {"done"} else "building" if statuses & {"in_progress", "done"} else "preparing"
    takeaway = ctx.t("city.xiepu.takeaway", parts=_sep(ctx).join(parts), state=ctx.t(f"city.xiepu.state_{state}")) \
        if rows else ""
    nd = ctx.nd
    table = pd.DataFrame([{
        ctx.t("city.xiepu.col_section"): ctx.pick(r["item"], "name"),
        ctx.t("common.col.status"): _status(ctx, r["item"]),
        ctx.t("city.xiepu.share"): f"{r['share']['value']:g}%" if r["share"] is not None else nd,
        ctx.t("common.col.anchor"): (r["share"] or r["item"])["anchor"],
        ctx.t("common.source.label"): source_text(ctx, r["share"] or r["item"]),
    } for r in rows])
    used = [r["share"] or r["item"] for r in rows]
    return Section(
        "city.xiepu", ctx.t("city.xiepu.heading"), takeaway=takeaway, visual=build_xiepu_spec(ctx, rows),
        notes=(ctx.t("city.xiepu.note"),), sources=(_sep(ctx).join(source_text(ctx, r) for r in used),),
        table=TableView("xiepu_progress", table), cites=cites(ctx, ([link] if link else []) + used),
    )


def geo_sources(ctx: Ctx) -> Section:
    frames = [("geo_sources", ctx.t("city.map.geo_sources"), sources_table(ctx))]
    if "schematic" in ctx.tables:
        frames.append(("schematic", ctx.t("city.legend.title"), pd.DataFrame([{
            ctx.t("city.table.name_zh"): f["properties"]["name_zh"], ctx.t("city.table.name_en"): f["properties"]["name_en"],
            ctx.t("city.table.confidence"): t(f"common.confidence.{f['properties']['confidence']}", ctx.lang),
            ctx.t("city.table.what"): f["properties"][f"basis_{ctx.lang}"]} for f in ctx.tables["schematic"]["features"]])))
    return Section("city.geo_sources", ctx.t("city.map.geo_sources"), visual=Tables(tuple(frames)), on_slides=False)


PARTS = [
    Part("city.kpis", "city.kpi.heading", ("indicators",), key_figures),
    Part("city.map", "city.map.heading", ("stations", "places", "boundary", "river", "schematic"), city_map),
    Part("city.timeline", "city.timeline.heading", ("milestones",), timeline),
    Part("city.xiepu", "city.xiepu.heading", ("items",), xiepu),
    Part("city.geo_sources", "city.map.geo_sources", ("sources",), geo_sources),
]
TABLES = ("sections", "indicators", "items", "milestones", "stations", "places", "sources", "boundary", "river",
          "schematic", "not_found", "series")


def build(ctx: Ctx) -> PageContent:
    return PageContent("city", ctx.t("city.title"), ctx.t("city.intro"), build_sections(ctx, PARTS), page_errors(ctx))
