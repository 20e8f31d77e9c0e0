"""The web page: every section in order, each with its figures, takeaway, sources and table view."""

from __future__ import annotations

import streamlit as st

from .. import nav, ui
from ..content.model import Cards, ChartSpec, MapSpec, PageContent, Section, Tables
from ..figures.built import figure_json, phone_figure_json
from ..page import Page, meeting_nav
from . import briefing_button, mapview
from .html import (
    anchor_id,
    cards_html,
    h,
    join,
    kpis_html,
    notes_html,
    outcomes_html,
    sources_html,
    takeaway_html,
)

MAP_HEIGHT = 540  # px, the city map's


class HtmlRun:
    """HTML waiting to be sent: pieces that follow one another with nothing interactive between them (a section's
    takeaway and the next section's heading) go out as one st.html element, sent before the next other element."""

    def __init__(self) -> None:
        self.parts: list = []

    def add(self, *pieces) -> None:
        self.parts += [p for p in pieces if p]

    def flush(self) -> None:
        if self.parts:
            ui.show_html(join(*self.parts))
            self.parts = []


def show_page(page: Page, content: PageContent, intro: bool = True) -> None:
    run = HtmlRun()
    # The title, the intro and what the data covers (home), with the first section's heading when nothing comes
    # between.
    run.add(h("h1", content.title, class_="zh-h1"), h("p", content.intro, class_="zh-intro") if intro and content.intro else None,
            notes_html(content.notes))
    if briefing_button.has_home_download(page):
        run.flush()
        briefing_button.show_home_download(page)
    if content.errors:
        run.flush()
        ui.show_data_errors(page, content.errors)
    sections = content.page_sections
    i = 0
    while i < len(sections):
        s = sections[i]
        if s.layout == "half" and i + 1 < len(sections) and sections[i + 1].layout == "half":
            run.flush()
            for col, part in zip(st.columns(2, gap="large"), sections[i:i + 2]):
                with col:
                    own = HtmlRun()
                    show_section(page, part, own, narrow=True)
                    own.flush()
            i += 2
        else:
            show_section(page, s, run)
            i += 1
    run.flush()
    meeting_nav(page)


def show_section(page: Page, s: Section, run: HtmlRun, narrow: bool = False) -> None:
    """A section as few elements as it can be: its heading; its notes and KPI cards in one HTML element; its
    visual; its takeaway, time charts, sources and plans in one more (two when the time charts sit between);
    its table views. The words and cards are drawn from the content model by render/html.py."""
    heading = h("h2", s.title, class_="zh-h2", id=anchor_id(s.key))
    if s.error:
        run.add(heading)
        run.flush()
        st.warning(s.error, icon="⚠️")
        return
    visual = s.visual
    help_label = page.t("common.source.details")
    # Cards that open no page are drawn in the same element as the heading and the figures.
    inline_cards = isinstance(visual, Cards) and not any(c.link for g in visual.groups for c in g.cards)
    run.add(heading, notes_html(s.notes), kpis_html(s.kpis, help_label),
            cards_html(visual, help_label, narrow=narrow) if inline_cards else None)
    if isinstance(visual, ChartSpec):
        show_chart(page, run, visual)
    elif visual is not None and not inline_cards:
        run.flush()
    if isinstance(visual, MapSpec):
        show_map(page, s, visual)
    elif isinstance(visual, Cards) and not inline_cards:
        show_cards(page, visual, narrow)
    elif isinstance(visual, Tables):
        # Sent once opened, like a table view (ui.table_view): no data grid to load for a closed expander.
        tables = st.expander(s.title, key=f"{page.key}_tables_{s.key.replace('.', '_')}", on_change="rerun")
        with tables:
            if tables.open:
                for _, _, frame in visual.frames:
                    st.dataframe(frame, hide_index=True, width="stretch")
    outcomes = outcomes_html(s.outcomes, page.lang, page.t("common.outcome.heading"),
                             by_topic=len({x.topic for x in s.outcomes}) > 1)
    sources = sources_html(s.sources + s.trends_sources)
    if s.trends is not None:  # the series the section shows figures of, over time
        run.add(takeaway_html(s.takeaway, page.lang))
        show_chart(page, run, s.trends)
        run.add(notes_html(s.trends_notes), takeaway_html(s.trends_takeaway, page.lang), sources, outcomes)
    else:
        run.add(takeaway_html(s.takeaway, page.lang), sources, outcomes)
    # The section's tables (its own, its time charts') in one view, sent once opened.
    tables = [(x.frame, x.name, title) for x, title in ((s.table, s.title), (s.trends_table, page.t("common.series.trends_title")))
              if x is not None]
    if tables:
        run.flush()
        only_trends = s.table is None
        ui.table_view(page, tables, s.key.replace(".", "_"),
                      "common.ui.view_table_trends" if only_trends else "common.ui.view_table")


def show_chart(page: Page, run: HtmlRun, spec: ChartSpec) -> None:
    """A section's chart, after the HTML waiting before it, with its phone drawing (and the CSS that keeps a taller
    phone drawing's room, in that HTML) when its kind has one."""
    fig, phone = figure_json(spec, page.lang, False), phone_figure_json(spec, page.lang)
    run.add(ui.chart_room_css(page, spec.name, fig, phone))
    run.flush()
    ui.show_chart(page, fig, spec.name, phone=phone)


def show_map(page: Page, s: Section, spec: MapSpec) -> None:
    focus, layers = mapview.show_map_controls(page, spec)
    # The map takes the content width: ~1,210 px at 1366, the district fitted in its middle ~900 px, clear of the
    # legend over its top-right corner (on a phone the legend stands above the map). Drawn on the server first;
    # deck.gl (2.9 MB of JavaScript, and a third of a second of the browser's main thread to start) only when the
    # reader asks to zoom.
    if mapview.show_zoomable_toggle(page):
        # The legend's own element: its slot, placed before the map's, takes no room (BASE_CSS).
        st.html(mapview.legend_html(page, spec, over=True))
        size = (900, MAP_HEIGHT)
        ui.show_deck(page, mapview.build_deck(page, spec, focus, layers, size, avoid=mapview.legend_corner(size)), "city",
                     height=MAP_HEIGHT)
    else:
        mapview.show_svg(mapview.map_html(page, spec, focus, layers, (900, MAP_HEIGHT), MAP_HEIGHT))


def show_cards(page: Page, cards: Cards, narrow: bool = False) -> None:
    """Cards that open a page (the home page's cores): one element, each card with its link at its foot (switched
    in the running app: components/nav.py)."""
    ui.show_html(cards_html(cards, page.t("common.source.details"), narrow=narrow,
                            link=lambda c: nav.link(c.link, page.t("home.open"), page.params) if c.link else None))
