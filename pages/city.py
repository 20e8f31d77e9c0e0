"""City quality: the map of Line 2, the bridge and the north bank, the milestones, and the Xiepu link."""

import html

import streamlit as st

from components import maps, ui
from components.figures import city as figs
from components.fmt import fmt_date
from components.page import meeting_nav, page_setup

page = page_setup("city")
t = page.t

st.title(t("city.title"))
if not page.present:
    st.caption(t("city.intro"))

indicators = ui.load(page, "indicators")
items = ui.load(page, "items")
milestones = ui.load(page, "milestones")
ind = ui.by_id(indicators) if indicators is not None else {}
ms = ui.by_id(milestones) if milestones is not None else {}
sep = "；" if page.lang == "zh" else "; "  # joins several sources into one caption line


def _sync_focus() -> None:
    """The URL is the truth for the focus, so a shared link opens the same view."""
    value = st.session_state.get("city_focus") or "all"
    if value == "all":
        if "focus" in st.query_params:
            del st.query_params["focus"]
    else:
        st.query_params["focus"] = value


focus = st.query_params.get("focus", "all")
if focus not in maps.FOCI:
    focus = "all"
st.session_state["city_focus"] = focus


def _legend_html(opened: str) -> str:
    """Swatches and our own legend strings only; no data-derived text goes into this HTML."""
    c = maps.COLORS

    def col(v):
        return f"rgba({v[0]},{v[1]},{v[2]},{v[3] / 255:.2f})"

    line = "display:inline-block;width:26px;height:{h}px;border-radius:3px;background:{c};vertical-align:middle;margin-right:8px"
    box = "display:inline-block;width:22px;height:14px;background:{f};border:2px solid {b};vertical-align:middle;margin:0 10px 0 2px"
    dot = "display:inline-block;width:14px;height:14px;border-radius:50%;background:{f};border:2.5px solid {b};vertical-align:middle;margin:0 14px 0 4px"
    rows = [
        (box.format(f=col(c["outline_fill"]), b=col(c["outline"])), t("city.legend.outline")),
        (line.format(h=6, c=col(c["river"])), t("city.legend.river")),
        (line.format(h=4, c=col(c["phase1"])), t("city.legend.phase1")),
        (line.format(h=7, c=col(c["first"])), t("city.legend.first", date=html.escape(opened))),
        (line.format(h=4, c=col(c["later"])), t("city.legend.later")),
        (line.format(h=8, c=col(c["bridge"])), t("city.legend.bridge")),
        (box.format(f=col(c["north_bank_fill"]), b=col(c["north_bank_line"])), t("city.legend.north_bank")),
        (line.format(h=10, c=f"linear-gradient({col(c['xiepu_band'])} 35%, {col(c['xiepu'])} 35%, "
                     f"{col(c['xiepu'])} 65%, {col(c['xiepu_band'])} 65%)"), t("city.legend.xiepu")),
        (dot.format(f=col(c["place"]), b="#fff"), t("city.legend.place")),
        (dot.format(f=col(c["place"][:3] + [40]), b=col(c["place"])), t("city.legend.approx")),
    ]
    size = ".8rem" if page.present else ".85rem"
    body = "".join(f"<div style='margin:4px 0;line-height:1.25;display:flex;align-items:center'>"
                   f"<span style='{sw};flex:none'></span><span>{label}</span></div>" for sw, label in rows)
    return (f"<div style='font-size:{size}'><div style='font-weight:600;margin-bottom:2px'>{t('city.legend.title')}"
            f"</div>{body}</div>")


# ------------------------------------------------------------------------------------------------
# Key figures

if not page.present:
    st.header(t("city.kpi.heading"))
# Above the map, so a presenter has them on the first screen. The 2020 openings are dated in the
# timeline and the legend; the cards hold the page's counts and shares.
for col, iid in zip(st.columns(3, gap="medium"),
                    ("city_zhuangshi_projects_2021", "city_xiepu_p1s1_progress", "city_xiepu_p2s2_progress")):
    with col:
        ui.kpi(page, ind.get(iid))

# ------------------------------------------------------------------------------------------------
# The map

stations = ui.load(page, "stations")
places = ui.load(page, "places")
sources = ui.load(page, "sources")
boundary = ui.load_geo(page, "boundary")
river = ui.load_geo(page, "river")
schematic = ui.load_geo(page, "schematic")

if not page.present:
    st.header(t("city.map.heading"))
if all(x is not None for x in (stations, places, boundary, river, schematic)):
    features = maps.build_features(stations, places, boundary, river, schematic, indicators, milestones, page.lang)
    opened = fmt_date(ms["ms_line2_open"], page.lang) if "ms_line2_open" in ms else t("common.app.not_disclosed")
    # Side by side only where the screen is wide enough for both rows of buttons (they don't wrap).
    focus_col, layer_col = st.columns([1, 1.25], gap="medium") if page.present else (st.container(), st.container())
    with focus_col:
        st.segmented_control(
            t("city.focus.label"), maps.FOCI, key="city_focus", on_change=_sync_focus,
            format_func=lambda c: t(f"city.focus.{c}"), help=t("city.focus.help"),
        )
    with layer_col:
        layers = st.pills(
            t("city.layer.label"), maps.LAYER_GROUPS, selection_mode="multi", default=list(maps.LAYER_GROUPS),
            key="city_layers", format_func=lambda c: t(f"city.layer.{c}"),
        )
    map_col, side = st.columns([3.3, 1], gap="medium")
    with side:
        st.html(_legend_html(opened))
        if not page.present:
            st.caption(t("city.legend.no_tiles"))
    height = 330 if page.present else 540
    # The map is about 3/4 of the content width: ~650 px beside the sidebar at 1366, ~900 in presenter mode.
    width = 880 if page.present else 650
    deck = maps.build_city_deck(features, page.lang, page.present, layers or [], focus, size=(width, height))
    article_rows = [r for r in (ms.get("ms_line2_open"), ms.get("ms_bridge_open"),
                                ind.get("city_zhuangshi_projects_2021")) if r]
    if items is not None:
        it = ui.by_id(items)
        article_rows += [it[i] for i in ("place_north_bank", "city_xiepu_link") if i in it]
    # Two lines, not ten: the article's spots, then the map data's origins and licences.
    map_sources = [sep.join(ui.source_text(page, r) for r in article_rows)]
    if sources is not None:
        used = {"metromap", "cnmaps", "places", "schematic"}
        geo = [t("city.map.geo_source_line", name=r["name"], licence=r["licence"])
               for r in sources.to_dict("records") if r["id"] in used]
        map_sources.append(t("city.map.geo_source_prefix") + sep.join(geo))
    with map_col:
        ui.show_map(page, deck, "city", maps.feature_table(features, page.lang), map_sources,
                    t("city.map.takeaway"), height=height)

st.header(t("city.timeline.heading"))
if milestones is not None:
    rows = figs.timeline_rows(milestones, indicators, page.lang)
    ui.show_chart(page, figs.build_timeline(rows, page.lang, page.present), "timeline",
                  figs.timeline_table(rows, page.lang, lambda r: ui.source_text(page, r)),
                  [sep.join(ui.source_text(page, r["row"]) for r in rows)], t("city.timeline.takeaway"))
    st.caption(t("city.timeline.note"))

st.header(t("city.xiepu.heading"))
if items is not None:
    xrows = figs.xiepu_rows(items, indicators)
    chart_col, note_col = st.columns([2.4, 1], gap="large")
    with note_col:
        st.caption(t("city.xiepu.note"))
    with chart_col:
        ui.show_chart(page, figs.build_xiepu_progress(xrows, page.lang, page.present), "xiepu_progress",
                      figs.xiepu_table(xrows, page.lang, lambda r: ui.source_text(page, r)),
                      [sep.join(ui.source_text(page, r["share"] or r["item"]) for r in xrows)],
                      t("city.xiepu.takeaway"))

# ------------------------------------------------------------------------------------------------
# Where the map's geometry comes from

if sources is not None:
    with st.expander(t("city.map.geo_sources")):
        st.dataframe(
            sources.rename(columns={"name": t("city.table.source_name"), "what": t("city.table.source_what"),
                                    "licence": t("city.table.source_licence"),
                                    "confidence_note": t("city.table.source_note")}).drop(columns=["_line"]),
            hide_index=True, width="stretch",
        )
        if schematic is not None:
            st.dataframe(
                [{t("city.table.name_zh"): f["properties"]["name_zh"], t("city.table.name_en"): f["properties"]["name_en"],
                  t("city.table.confidence"): t(f"common.confidence.{f['properties']['confidence']}"),
                  t("city.table.what"): f["properties"]["basis_en"]} for f in schematic["features"]],
                hide_index=True, width="stretch",
            )

meeting_nav(page)
