"""The web page: every section in order, each with its figures, takeaway, sources and table view."""

from __future__ import annotations

import streamlit as st

from .. import ui
from ..content.layout import card_parts
from ..content.model import Cards, ChartSpec, MapSpec, PageContent, Section, Tables
from ..figures.charts import build_figure
from ..page import Page, meeting_nav
from ..sitemap import SCRIPT
from . import briefing_button, mapview
from .html import outcomes_html

BADGE = ("green", "blue", "orange", "grey", "red", "violet")
ARROW = "<div aria-hidden='true' style='text-align:center;font-size:2.2rem'>→</div>"


def show_page(page: Page, content: PageContent, intro: bool = True) -> None:
    st.title(content.title)
    briefing_button.show_home_download(page)
    if intro and content.intro:
        st.write(content.intro)
    for note in content.notes:  # what the data covers (home)
        st.caption(note)
    if content.errors:
        ui.show_data_errors(page, content.errors)
    sections = content.page_sections
    i = 0
    while i < len(sections):
        s = sections[i]
        if s.layout == "half" and i + 1 < len(sections) and sections[i + 1].layout == "half":
            for col, part in zip(st.columns(2, gap="large"), sections[i:i + 2]):
                with col:
                    show_section(page, part, narrow=True)
            i += 2
        else:
            show_section(page, s)
            i += 1
    meeting_nav(page)


def show_section(page: Page, s: Section, narrow: bool = False) -> None:
    st.header(s.title)
    if s.error:
        st.warning(s.error, icon="⚠️")
        return
    visual = s.visual
    for note in s.notes:
        st.caption(note)
    ui.kpi_row(page, s.kpis)
    if isinstance(visual, ChartSpec):
        ui.show_chart(page, build_figure(visual, page.lang, False), visual.name)
    elif isinstance(visual, MapSpec):
        show_map(page, s, visual)
    elif isinstance(visual, Cards):
        show_cards(page, visual, narrow)
    elif isinstance(visual, Tables):
        # Sent once opened, like a table view (ui.table_view): no data grid to load for a closed expander.
        tables = st.expander(s.title, key=f"{page.key}_tables_{s.key.replace('.', '_')}", on_change="rerun")
        with tables:
            if tables.open:
                for _, _, frame in visual.frames:
                    st.dataframe(frame, hide_index=True, width="stretch")
    ui.takeaway(page, s.takeaway)
    if s.trends is not None:  # the series the section shows figures of, over time
        ui.show_chart(page, build_figure(s.trends, page.lang, False), s.trends.name)
        for note in s.trends_notes:
            st.caption(note)
        ui.takeaway(page, s.trends_takeaway)
    for line in dict.fromkeys(s.sources + s.trends_sources):
        st.caption(line)
    ui.show_html(outcomes_html(s.outcomes, page.lang, page.t("common.outcome.heading"),
                               by_topic=len({x.topic for x in s.outcomes}) > 1))
    if s.table is not None:
        ui.table_view(page, s.table.frame, s.table.name)
    if s.trends_table is not None:  # (named apart from the section's own table)
        ui.table_view(page, s.trends_table.frame, s.trends_table.name, "common.ui.view_table_trends")


def show_map(page: Page, s: Section, spec: MapSpec) -> None:
    focus, layers = mapview.show_map_controls(page, spec)
    map_col, side = st.columns([3.3, 1], gap="medium")
    with side:
        st.html(mapview.legend_html(page, spec))
    with map_col:
        # The map is about 3/4 of the content width: ~900 px at 1366.
        ui.show_deck(page, mapview.build_deck(page, spec, focus, layers, (900, 540)), "city", height=540)


def _card(page: Page, card, colour_index: int = 0, stretch: bool = False) -> None:
    with st.container(border=True, height="stretch" if stretch else "content"):
        for part in card_parts(card):
            if part.kind == "title":
                st.markdown(f"**{part.text}**", help=part.help or None)
            elif part.kind == "badge":
                st.badge(part.text, color=part.colour if part.colour in BADGE else "blue")
            elif part.kind == "kpi":
                ui.kpi(page, part.kpi)
            elif part.kind == "line":
                st.markdown(part.text)
            elif part.kind == "tags":
                st.markdown(" ".join(f":{BADGE[colour_index % 2 + 1]}-badge[{tag}]" for tag in part.items))
            elif part.kind == "caption":
                st.caption(part.text)
            elif part.kind == "link":
                st.page_link(SCRIPT[part.text], label=page.t("home.open"), query_params=page.params)


def show_cards(page: Page, cards: Cards, narrow: bool = False) -> None:
    if cards.arrangement == "columns":
        for i, (col, group) in enumerate(zip(st.columns(len(cards.groups), gap="small"), cards.groups)):
            with col:
                if group.title:
                    st.markdown(f"**{group.title}**")
                for card in group.cards:
                    _card(page, card, i)
    elif cards.arrangement == "grid":
        for group in cards.groups:
            if group.title:
                st.markdown(f"**{group.title}**")
            for start in range(0, len(group.cards), 4):
                for col, card in zip(st.columns(4), group.cards[start:start + 4]):
                    with col:
                        _card(page, card)
    elif cards.arrangement == "arrow":
        before, after = cards.groups[0].cards[:2]
        with st.container(horizontal=True):
            _card(page, before, stretch=True)
            with st.container(width=56, height="stretch", vertical_alignment="center"):
                st.html(ARROW)
            _card(page, after, stretch=True)
    else:
        every = [c for g in cards.groups for c in g.cards]
        if narrow:
            for card in every:
                _card(page, card)
            return
        row = st.container(key="compact_cards") if any(c.kpis for c in every) else st.container()
        with row:
            for col, card in zip(st.columns(len(every), gap="medium"), every):
                with col:
                    _card(page, card, stretch=True)
