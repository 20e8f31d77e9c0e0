"""Meeting mode: one section per slide, sized to the screen, the slide number in the URL, driven by keys."""

from __future__ import annotations

import os

import streamlit as st

from .. import plotly_web, qr, ui
from ..content.layout import slide_source_lines
from ..content.model import Card, CardGroup, Cards, ChartSpec, MapSpec, PageContent, Slide, Tables
from ..deck_keys import ACTIONS, deck_keys, deck_labels, pending_action
from ..figures.built import figure_json
from ..page import Page
from ..settings import NO_PRELOAD_ENV
from ..sitemap import MEETING_ORDER, SCRIPT, URL_PATH
from . import briefing_button, mapview
from .html import Html, cards_html, h, inline, kpis_html, notes_html, sources_html

SLIDE_MAP_SIZE = (980, 430)  # px: the view box of a slide's map, scaled to the room the slide leaves it
QR_MODULE_PX = 2  # 2 px a module: the smallest a screenshot decodes reliably (tests/test_qr.py); ~80 px


def meeting_counts(page: Page, content_for) -> dict[str, int]:
    """How many slides each page of the meeting has (from each page's sections)."""
    return {k: len(content_for(k, page.lang).slides) for k in MEETING_ORDER}


def clamp_slide(raw: str, n: int) -> int:
    """The slide a link asks for, as the nearest valid one: malformed or below range -> 1, above -> the last."""
    try:
        i = int(float(raw))
    except (TypeError, ValueError, OverflowError):
        return 1
    return min(max(i, 1), max(n, 1))


def step(key: str, idx: int, action: str, counts: dict[str, int], loop: bool = False) -> tuple[str, int]:
    """Where a navigation action leads: (page key, slide number). Meeting pages continue into each other;
    a page outside the meeting (sources) keeps to its own slides."""
    n = counts.get(key, 1)
    order = MEETING_ORDER if key in MEETING_ORDER else (key,)
    pos = order.index(key)
    if action == "next":
        if idx < n:
            return key, idx + 1
        if pos + 1 < len(order):
            return order[pos + 1], 1
        return (order[0], 1) if loop else (key, idx)
    if action == "prev":
        if idx > 1:
            return key, idx - 1
        if pos > 0:
            return order[pos - 1], counts[order[pos - 1]]
        return key, idx
    if action == "first":
        return order[0], 1
    if action == "last":
        return order[-1], counts[order[-1]]
    return key, idx


def show_slides(page: Page, content: PageContent, content_for) -> None:
    slides = content.slides
    counts = meeting_counts(page, content_for) if page.key in MEETING_ORDER else {page.key: len(slides)}
    idx = clamp_slide(page.slide, len(slides))
    # The clicker and the keyboard (PageDown / PageUp, arrows, Space, Home / End, B to blank), and in
    # auto-play the countdown, all arrive here as one action; so do the on-screen buttons. The step is taken
    # first, so the keys' element is drawn with the slide shown and the actions that would leave its page.
    action = pending_action() or _requested_action()
    loop = bool(page.play)
    if action:
        key, target = step(page.key, idx, action, counts, loop=loop)
        if key != page.key:
            st.switch_page(SCRIPT[key], query_params={**page.params, "slide": str(target)})
        idx = target
    st.query_params["slide"] = str(idx)
    deck_keys(slide_id=f"{page.key}:{idx}", labels=deck_labels(page.lang), play_seconds=page.play,
              leaving=tuple(a for a in ACTIONS if step(page.key, idx, a, counts, loop=loop)[0] != page.key))
    slide = slides[idx - 1]
    before = sum(counts[k] for k in MEETING_ORDER[:MEETING_ORDER.index(page.key)]) if page.key in MEETING_ORDER else 0
    total = sum(counts.values())
    position = page.t("common.slides.position", n=before + idx, total=total)
    if slide.section.kind == "title":
        _title_slide(page, slide)
        # The chart library loads while the room reads the title slide, not at the first chart slide.
        if not os.environ.get(NO_PRELOAD_ENV):  # (the benchmark's comparison turns it off)
            plotly_web.preload("slides_preload")
    else:
        _content_slide(page, content, slide, position)
    _footer(page, idx, counts, position, slide)


def _requested_action() -> str | None:
    for action in ("prev", "next"):
        if st.session_state.get(f"deck_btn_{action}"):
            return action
    return None


def _title_slide(page: Page, slide: Slide) -> None:
    s = slide.section
    with st.container(key="slide_title"):
        st.title(s.title)
        ui.show_html(h("p", s.takeaway) if s.takeaway else Html(""))
    with st.container(key="slide_visual"):
        if isinstance(s.visual, Cards):
            # One row of the cores: title and what each covers.
            every = [c for g in s.visual.groups for c in g.cards]
            plain = Cards((CardGroup("", tuple(Card(c.title, c.lines) for c in every)),), "row")
            ui.show_html(cards_html(plain, page.t("common.source.details"), slide=True, heading="h2"))


def _content_slide(page: Page, content: PageContent, slide: Slide, position: str) -> None:
    s = slide.section
    over_time = slide.over_time  # the section's time charts, on a screen of their own
    with st.container(key="slide_head", horizontal=True, vertical_alignment="center"):
        st.title(content.title)
    with st.container(key="slide_body"):
        st.header(slide.title)
        if s.error:
            st.warning(s.error, icon="⚠️")
            return
        if slide.takeaway:
            ui.show_html(h("p", inline(slide.takeaway)))
    notes = s.trends_notes if over_time else s.notes + (() if s.trends_apart else s.trends_notes)
    help_label = page.t("common.source.details")
    if notes and not isinstance(s.visual, MapSpec):
        with st.container(key="slide_notes"):
            ui.show_html(notes_html(notes))
    visual = None if over_time else s.visual
    trends = s.trends if over_time or not s.trends_apart else None
    if slide.kpis and (visual is not None or trends is not None):
        ui.show_html(kpis_html(slide.kpis, help_label))
    with st.container(key="slide_visual", height="stretch",
                      vertical_alignment="center" if visual is None and trends is None else "top"):
        if visual is None and trends is None:
            # Figures only: they are the slide, large and in the middle.
            with st.container(key="slide_kpis"):
                ui.show_html(kpis_html(s.kpis, help_label, big=True))
        elif trends is not None:
            _trends(page, trends)
        else:
            _visual(page, visual, slide)
    lines = slide_source_lines(s, over_time, page.lang)
    if lines:
        with st.container(key="slide_sources"):
            ui.show_html(sources_html(lines))


def _trends(page: Page, spec: ChartSpec) -> None:
    ui.show_chart(page, figure_json(spec, page.lang, True, height=0), spec.name, height="stretch", grow=True)


def _visual(page: Page, visual, slide: Slide) -> None:
    if isinstance(visual, ChartSpec):
        ui.show_chart(page, figure_json(visual, page.lang, True, height=0), visual.name, height="stretch", grow=True)
    elif isinstance(visual, MapSpec):
        _map(page, visual, slide.part)
    elif isinstance(visual, Cards):
        _cards(page, visual)
    elif isinstance(visual, Tables):
        for name, _, frame in visual.frames:
            if slide.part in ("", name):
                st.dataframe(frame, hide_index=True, width="stretch", height="stretch", key=f"slide_table_{name}")


def _map(page: Page, spec: MapSpec, focus: str) -> None:
    map_col, side = st.container(key="slide_map").columns([4.2, 1], gap="small")
    with side:
        st.html(mapview.legend_html(page, spec, size=".62rem"))
    with map_col:
        # Drawn on the server, like the page's first view: a step between focus views is a new picture, with no
        # deck.gl to start (it took a map slide 2.9 s to come up).
        svg = mapview.map_svg(page, spec, focus or "all", list(mapview.maps.LAYER_GROUPS), SLIDE_MAP_SIZE, True)
        mapview.show_svg(f'<div class="zh-map-svg zh-map-slide">{svg}</div>')


def _cards(page: Page, cards: Cards) -> None:
    """The cards as one HTML element: a column per group, a titled grid of four to a row (a dozen fit one
    screen), or one row; a card's badge beside its title and only the small print a slide has room for."""
    ui.show_html(cards_html(cards, page.t("common.source.details"), slide=True))


def _qr(page: Page, slide: Slide) -> None:
    """A QR code of this view for phones in the room: the same page and language in normal mode (the
    map's focus kept). Drawn only where the public address is known (a browser, or ZHENHAI_PUBLIC_URL)."""
    path = URL_PATH[page.key]
    base = qr.public_base(path)
    if not base:
        return
    params = {"lang": page.lang}
    if isinstance(slide.section.visual, MapSpec) and slide.part and slide.part != "all":
        params["focus"] = slide.part
    url = qr.view_url(base, path, params)
    with st.container(key="slide_qr", horizontal=True, vertical_alignment="center", gap="small", width="content"):
        st.html(qr.build_qr_img(url, page.theme == "dark", px_per_module=QR_MODULE_PX, alt=page.t("deck.qr.alt")))
        st.caption(page.t("deck.qr.caption"))


def _footer(page: Page, idx: int, counts: dict[str, int], position: str, slide: Slide) -> None:
    """Previous / next as buttons (a clicker's keys do the same), the position, the QR code, language and exit."""
    with st.container(key="slide_foot", horizontal=True, vertical_alignment="center", gap="small"):
        st.button(page.t("common.slides.prev"), key="deck_btn_prev", type="tertiary")
        st.markdown(position)
        st.button(page.t("common.slides.next"), key="deck_btn_next", type="tertiary")
        st.space("stretch")
        _qr(page, slide)
        other = "en" if page.lang == "zh" else "zh"
        st.page_link(SCRIPT[page.key], label=page.t("common.nav.switch_lang"),
                     query_params={**page.params, "lang": other, "slide": str(idx)})
        normal = {k: v for k, v in page.params.items() if k not in ("present", "play")}
        st.page_link(SCRIPT[page.key], label=page.t("common.slides.exit"), query_params=normal)
        briefing_button.show_briefing_download(page)
