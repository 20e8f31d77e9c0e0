"""The one place that calls Streamlit's chart, map, table and HTML elements; renderers go through it."""

from __future__ import annotations

import re
from functools import partial

import pandas as pd
import streamlit as st

from . import plotly_web
from .page import Page
from .render.html import Html, h

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV that Excel opens correctly (UTF-8 with BOM) and that cannot run as a formula there."""
    safe = df.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v)
    return safe.to_csv(index=False).encode("utf-8-sig")


def show_data_errors(page: Page, problems: tuple[str, ...] | list[str]) -> None:
    """A clear, located message at the top of the page; never a traceback."""
    lines = "\n".join(f"- `{p}`" for p in problems[:12])
    more = f"\n- … (+{len(problems) - 12})" if len(problems) > 12 else ""
    st.error(f"**{page.t('common.ui.data_error_title')}**\n\n{lines}{more}\n\n{page.t('common.ui.data_error_fix')}",
             icon="⚠️")


def table_view(page: Page, tables: list[tuple[pd.DataFrame, str, str]], key: str, label: str) -> None:
    """One expander with a section's tables (the figures behind its chart, those behind its time charts), each
    with a CSV download (built on click), titled when there are several. Nothing in it is sent until it is
    opened (a rerun): a closed one costs the page one element and no data grid, whose JavaScript (about
    1.4 MB) a chart page otherwise loads for tables nobody has opened yet."""
    view = st.expander(page.t(label), key=f"{page.key}_table_{key}", on_change="rerun")
    with view:
        if not view.open:
            return
        for table, name, title in tables:
            if title and len(tables) > 1:
                st.html(h("p", h("strong", title), class_="zh-table-title"))
            st.dataframe(table, hide_index=True, width="stretch")
            st.download_button(
                page.t("common.ui.download_csv"), partial(csv_bytes, table), file_name=f"zhenhai_{name}_{page.lang}.csv",
                mime="text/csv", key=f"{page.key}_dl_{name}", on_click="ignore",  # a download needs no rerun
            )


def file_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", name)


def chart_key(page: Page, name: str) -> str:
    return f"{page.key}_chart_{name}"


def chart_room_css(page: Page, name: str, fig: dict, phone: dict | None) -> str | None:
    """The <style> show_chart's element needs before it when its phone drawing is not as tall (plotly_web)."""
    return plotly_web.phone_height_css(chart_key(page, name), int(fig["layout"].get("height") or plotly_web.DEFAULT_HEIGHT),
                                       phone)


def show_chart(page: Page, fig, name: str, height: int | str | None = None, grow: bool = False,
               phone: dict | None = None) -> None:
    """A Plotly figure drawn by plotly.js basic (plotly_web), with a slide-ready PNG button (2x, a
    meaningful file name); height "stretch" fills its container (a slide). phone: the drawing for a phone's
    width, when the figure's own would not fit there."""
    plotly_web.show_figure(
        fig,
        height=height,
        phone=phone,
        key=chart_key(page, name),
        config={
            "displaylogo": False,
            "modeBarButtonsToRemove": ["lasso2d", "select2d"],
            "toImageButtonOptions": {
                "format": "png", "filename": f"zhenhai_{file_name(name)}_{page.lang}", "scale": 2,
            },
        },
        failed=page.t("common.ui.chart_failed"),
        fullscreen_title=page.t("common.ui.fullscreen"),
        grow=grow,
    )


def show_deck(page: Page, deck, name: str, height: int = 540) -> None:
    """A pydeck map (the zoomable city map), in a box keyed <page>_map_<name> (streamlit_dom's map_box: the page is
    not held back for its code). Not selectable: nothing reads a selection, which would only cost a rerun per click
    (the tooltip shows what a point is); a pydeck chart takes its key only when selectable, so the box carries it."""
    with st.container(key=f"{page.key}_map_{name}"):
        st.pydeck_chart(deck, height=height)


def show_html(markup: Html) -> None:
    """Markup built by render/html.py (every text in it escaped there): one element for a whole part."""
    if markup:
        st.html(markup)
