"""Digital governance: where each initiative stands, the graduate app, the service promise; usage not disclosed."""

import pandas as pd
import streamlit as st

from components import ui
from components.figures.digital import board_rows, board_table, build_board, usage_rows
from components.i18n import pick
from components.page import meeting_nav, page_setup

page = page_setup("digital")
t = page.t
APP = "dig_grad_app"
PROMISE = "dig_goal_no_trip"
st.title(t("digital.title"))
if not page.present:
    st.write(t("digital.intro"))

items = ui.load(page, "items")
indicators = ui.load(page, "indicators")
ind = ui.by_id(indicators) if indicators is not None else {}
SECTION_NAMES = ui.section_headings(page)


def usage_for(item_id: str, unit: str) -> dict | None:
    """The first usage figure for an item in this unit, or None (shown as not disclosed)."""
    if indicators is None:
        return None
    rows = usage_rows(indicators)
    rows = rows[(rows["item"] == item_id) & (rows["unit"] == unit)]
    return rows.to_dict("records")[0] if len(rows) else None


def show_kpis() -> None:
    """The board's counts and the usage figures a reader would look for (not disclosed unless in the data)."""
    cards = [
        (ind.get("dig_platforms"), "digital.kpi.platforms"),
        (ind.get("dig_domains"), "digital.kpi.domains"),
        (usage_for(APP, "users"), "digital.kpi.users"),
        (usage_for(APP, "transactions"), "digital.kpi.transactions"),
    ]
    for col, (row, label) in zip(st.columns(len(cards)), cards):
        with col:
            ui.kpi(page, row, label=t(label))


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return t("digital.board.list_sep").join(names[:-1]) + t("digital.board.list_last") + names[-1]


def show_board() -> None:
    if items is None:
        return
    board = board_rows(items, indicators, page.lang)
    by_item = ui.by_id(items)
    sources, usage_sources = [], []
    for r in board.itertuples():
        cited = [ui.source_text(page, by_item[r.id])] + [ui.source_text(page, u) for u in r.usage]
        sources.append("<br>".join(cited))
        usage_sources.append("; ".join(cited[1:]))
    fig = build_board(board, page.lang, page.present, source_lines=sources)
    table = board_table(board, page.lang, SECTION_NAMES)
    table[t("digital.col.usage_source")] = usage_sources
    live = join_names(list(board.loc[board["stage"] == "in_service", "label"]))
    if not live:
        takeaway = t("digital.board.takeaway_nothing_live")
    elif any(board["usage"].map(bool)):
        takeaway = t("digital.board.takeaway_some", live=live)
    else:
        takeaway = t("digital.board.takeaway_none", live=live)
    caption = [t("digital.board.sources")] + [u for u in usage_sources if u]
    ui.show_chart(page, fig, "adoption_board", table, caption, takeaway)


def show_app() -> None:
    if items is None:
        return
    cats = items[(items["parent"] == APP) & (items["group"] == "app_category")].to_dict("records")
    n_cats, n_items = ind.get("dig_grad_categories"), ind.get("dig_grad_items")
    cats_text = f"{n_cats['value']:g}" if n_cats else t("common.app.not_disclosed")
    items_text = f"{n_items['value']:g}" if n_items else t("common.app.not_disclosed")
    app = ui.by_id(items).get(APP)
    note = pick(app, "note", page.lang) if app is not None else ""
    st.write(t("digital.app.lead", cats=cats_text))
    if note:
        st.caption(note)
    not_disclosed = t("common.app.not_disclosed")
    c1, c2, c3 = st.columns([1.25, 1.25, 2], vertical_alignment="top")
    with c1:
        ui.kpi(page, n_cats, label=t("digital.kpi.categories"))
    with c2:
        ui.kpi(page, n_items, label=t("digital.kpi.items"))
    with c3:
        st.info(t("digital.app.not_itemised", items=items_text, cats=cats_text), icon="ℹ️")
    with st.container(horizontal=True):
        for c in cats:
            with st.container(border=True, height="stretch"):
                st.markdown(f"**{pick(c, 'name', page.lang)}**")
                st.caption(f"{t('digital.app.items_label')}: {not_disclosed}")
    st.markdown(t("digital.takeaway_line", text=t("digital.app.takeaway")))
    for row in (n_items, app):
        if row is not None:
            st.caption(ui.source_text(page, row))
    table = pd.DataFrame({
        t("digital.col.category"): [pick(c, "name", page.lang) for c in cats],
        t("digital.col.items_in_category"): [not_disclosed] * len(cats),
        t("common.col.section"): [SECTION_NAMES.get(c["section"], c["section"]) for c in cats],
        t("common.col.anchor"): [c["anchor"] for c in cats],
    })
    ui.table_view(page, table, "app_categories")


def show_promise() -> None:
    with st.container(horizontal=True):
        with st.container(border=True, height="stretch"):
            st.caption(t("digital.promise.before_label"))
            st.markdown(f"### {t('digital.promise.before_name')}")
            st.write(t("digital.promise.before_text"))
        with st.container(width=56, height="stretch", vertical_alignment="center"):
            st.markdown("<div style='text-align:center;font-size:2.2rem'>→</div>", unsafe_allow_html=True)
        with st.container(border=True, height="stretch"):
            st.caption(t("digital.promise.after_label"))
            st.markdown(f"### {t('digital.promise.after_name')}")
            st.write(t("digital.promise.after_text"))
    st.markdown(t("digital.takeaway_line", text=t("digital.promise.takeaway")))
    row = ui.by_id(items).get(PROMISE) if items is not None else None
    if row is not None:
        st.caption(ui.source_text(page, row))


# Presenter mode opens on the board itself; the cards follow it.
if not page.present:
    show_kpis()
st.header(t("digital.board.heading"))
if not page.present:
    st.caption(t("digital.board.how"))
show_board()
if page.present:
    show_kpis()

st.header(t("digital.app.heading"))
show_app()
st.header(t("digital.promise.heading"))
show_promise()

meeting_nav(page)
