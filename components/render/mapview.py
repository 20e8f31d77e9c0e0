"""The city map on screen: its legend (our swatches and strings), focus and layer controls, the drawn map (SVG) and,
on request, the zoomable deck."""

from __future__ import annotations

import html

import streamlit as st

from .. import maps
from ..content.model import MapSpec
from ..kept import Kept
from ..page import Page
from . import mapsvg


def _rgba(v) -> str:
    return f"rgba({v[0]},{v[1]},{v[2]},{v[3] / 255:.2f})"


def _swatch(code: str, dark: bool = False) -> str:
    """The inline style of one legend swatch, drawn like its layer."""
    c = maps.colours(dark)
    line = "display:inline-block;width:26px;height:{h}px;border-radius:3px;background:{c};vertical-align:middle;margin-right:8px"
    box = "display:inline-block;width:22px;height:14px;background:{f};border:2px solid {b};vertical-align:middle;margin:0 10px 0 2px"
    dot = "display:inline-block;width:14px;height:14px;border-radius:50%;background:{f};border:2.5px solid {b};vertical-align:middle;margin:0 14px 0 4px"
    return {
        "outline": box.format(f=_rgba(c["outline_fill"]), b=_rgba(c["outline"])),
        "river": line.format(h=6, c=_rgba(c["river"])),
        "phase1": line.format(h=4, c=_rgba(c["phase1"])),
        "first": line.format(h=7, c=_rgba(c["first"])),
        "later": line.format(h=4, c=_rgba(c["later"])),
        "bridge": line.format(h=8, c=_rgba(c["bridge"])),
        "north_bank": box.format(f=_rgba(c["north_bank_fill"]), b=_rgba(c["north_bank_line"])),
        "xiepu": line.format(h=10, c=f"linear-gradient({_rgba(c['xiepu_band'])} 35%, {_rgba(c['xiepu'])} 35%, "
                                     f"{_rgba(c['xiepu'])} 65%, {_rgba(c['xiepu_band'])} 65%)"),
        "place": dot.format(f=_rgba(c["place"]), b="#fff"),
        "approx": dot.format(f=_rgba(c["place"][:3] + [40]), b=_rgba(c["place"])),
    }[code]


def legend_html(page: Page, spec: MapSpec, size: str = ".85rem", over: bool = False, inside: bool = False) -> str:
    """Swatches and our legend strings; the one data value in them (a date) is escaped. over: its own element, drawn
    over the zoomable map's corner; inside: in the drawn map's element, over its corner (BASE_CSS places both)."""
    body = "".join(f"<div style='margin:4px 0;line-height:1.25;display:flex;align-items:center'>"
                   f"<span style='{_swatch(code, page.dark)};flex:none'></span><span>{html.escape(words)}</span></div>"
                   for code, words in spec.legend)
    cls = "zh-map-legend" + (" zh-map-legend-over" if over else "") + (" zh-map-legend-in" if inside else "")
    return (f"<div class='{cls}' style='font-size:{size}'><div style='font-weight:600;margin-bottom:2px'>"
            f"{html.escape(page.t('city.legend.title'))}</div>{body}</div>")


def _sync_focus() -> None:
    """The URL is the truth for the focus, so a shared link opens the same view."""
    value = st.session_state.get("city_focus") or "all"
    if value == "all":
        if "focus" in st.query_params:
            del st.query_params["focus"]
    else:
        st.query_params["focus"] = value


def url_focus() -> str:
    focus = st.query_params.get("focus", "all")
    return focus if focus in maps.FOCI else "all"


def show_map_controls(page: Page, spec: MapSpec) -> tuple[str, list[str]]:
    """The focus (kept in the URL) and the layer toggles; returns (focus, layers)."""
    st.session_state["city_focus"] = url_focus()
    st.segmented_control(
        page.t("city.focus.label"), spec.foci, key="city_focus", on_change=_sync_focus,
        format_func=lambda c: spec.focus_titles[c], help=page.t("city.focus.help"),
    )
    layers = st.pills(
        page.t("city.layer.label"), maps.LAYER_GROUPS, selection_mode="multi", default=list(maps.LAYER_GROUPS),
        key="city_layers", format_func=lambda c: page.t(f"city.layer.{c}"),
    )
    return st.session_state.get("city_focus") or "all", list(layers or [])


ZOOM_PARAM = ("map", "zoom")  # ?map=zoom: the zoomable map, so a link can open it


def _sync_zoomable() -> None:
    if st.session_state.get("city_zoomable"):
        st.query_params[ZOOM_PARAM[0]] = ZOOM_PARAM[1]
    elif ZOOM_PARAM[0] in st.query_params:
        del st.query_params[ZOOM_PARAM[0]]


def show_zoomable_toggle(page: Page) -> bool:
    """Whether the reader asked for the zoomable map (deck.gl): off unless the address says ?map=zoom, so a page's
    first view needs no map code at all. Kept in the URL like the focus."""
    st.session_state["city_zoomable"] = st.query_params.get(ZOOM_PARAM[0]) == ZOOM_PARAM[1]
    return st.toggle(page.t("city.map.zoomable"), key="city_zoomable", on_change=_sync_zoomable,
                     help=page.t("city.map.zoomable_help"))


# Every focus and look of the map in both languages is a few dozen decks; a layer toggle adds one.
_decks: Kept[maps.Deck] = Kept(64)


def build_deck(page: Page, spec: MapSpec, focus: str, layers, size: tuple[int, int], present: bool = False, avoid=()):
    """The map's deck, built once for each view and kept with its JSON (maps.Deck) beside the page's map features."""
    key = (page.lang, present, tuple(layers), focus, size, page.dark, maps.basemap(), tuple(avoid))
    return _decks.get(spec.features, key, lambda: maps.build_city_deck(spec.features, page.lang, present, layers, focus,
                                                                        size=size, dark=page.dark, avoid=avoid))


# The drawn maps: every focus and layer choice in both languages, wide and phone, and the slides' views.
_svgs: Kept[str] = Kept(128)
PHONE_SIZE = (360, 460)  # px: the map's view box on a phone (under 700 px wide), about the content's width


def svg_label(page: Page, spec: MapSpec, focus: str) -> str:
    return page.t("city.map.svg_label", focus=spec.focus_titles.get(focus, focus))


def map_svg(page: Page, spec: MapSpec, focus: str, layers, size: tuple[int, int], present: bool = False,
            avoid=()) -> str:
    """One drawn view of the map, made once for each view and kept beside the page's map features."""
    key = (page.lang, present, tuple(layers), focus, size, page.dark, tuple(avoid))
    return _svgs.get(spec.features, key, lambda: mapsvg.map_svg(spec.features, page.lang, svg_label(page, spec, focus),
                                                                 layers, focus, size, present, page.dark, avoid))


def map_html(page: Page, spec: MapSpec, focus: str, layers, size: tuple[int, int], height: int) -> str:
    """The page's drawn map in one element: the legend over its top-right corner (above it on a phone), the wide
    view in a box of the map's height (the district framed in its middle, the rest of the outline out to the box's
    sides) and the phone's view, each shown at its own widths (styles.py)."""
    wide = map_svg(page, spec, focus, layers, size, avoid=legend_corner(size))
    phone = map_svg(page, spec, focus, layers, PHONE_SIZE, present=True)  # presenter's sizes: labels of 14 px or more
    return (f'<div class="zh-map-frame">{legend_html(page, spec, inside=True)}'
            f'<div class="zh-map-svg zh-map-wide" style="height:{height}px">{wide}</div>'
            f'<div class="zh-map-svg zh-map-phone">{phone}</div></div>')


def show_svg(markup: str) -> None:
    """st.markdown, not st.html: st.html's sanitiser removes SVG (render/mapsvg.py); every text in it is escaped.
    One line: Markdown reads it as one HTML block, which only a blank line could end (mapsvg keeps line breaks out
    of the data's words; this keeps any other out)."""
    markup = markup.replace("\n", " ").replace("\r", " ")
    st.markdown(markup, unsafe_allow_html=True)


# The web map's legend covers its top-right corner. Measured in Chromium (zh and en alike): it reaches 171 x 297 px
# into the map's view box at 1280 x 720, 127 x 297 at 1366 x 768, 42 x 297 at 1536 and nothing at 1920. Labels
# are kept out of the 1280 corner, with a little to spare.
LEGEND_CORNER = (180, 310)  # px: width from the view box's right edge, height from its top


def legend_corner(size: tuple[int, int]) -> tuple[tuple[float, float, float, float], ...]:
    """The box the legend covers, in pixels from the view box's centre (maps.place_labels' avoid)."""
    w, h = size
    return ((w / 2 - LEGEND_CORNER[0], -h / 2, w / 2, -h / 2 + LEGEND_CORNER[1]),)
