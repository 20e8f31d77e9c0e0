"""The one place that shows figures, maps, KPI cards and tables, each with its source and downloads."""

from __future__ import annotations

import re
from functools import partial

import pandas as pd
import streamlit as st

from . import data, plotly_web
from .data import by_id  # noqa: F401  (pages call ui.by_id)
from .fmt import fmt_number, fmt_value
from .i18n import pick
from .page import Page

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV that Excel opens correctly (UTF-8 with BOM) and that cannot run as a formula there."""
    safe = df.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v)
    return safe.to_csv(index=False).encode("utf-8-sig")


def show_data_error(page: Page, err: data.DataError) -> None:
    """A clear, located message where the figures would be; never a traceback."""
    lines = "\n".join(f"- `{p}`" for p in err.problems[:12])
    more = f"\n- … (+{len(err.problems) - 12})" if len(err.problems) > 12 else ""
    st.error(f"**{page.t('common.ui.data_error_title')}**\n\n{lines}{more}\n\n{page.t('common.ui.data_error_fix')}", icon="⚠️")


def load(page: Page, name: str) -> pd.DataFrame | None:
    """A validated table, or None after showing the located error in its place."""
    try:
        return data.load_table(name)
    except data.DataError as e:
        show_data_error(page, e)
        return None


def load_geo(page: Page, name: str) -> dict | None:
    try:
        return data.load_geojson(name)
    except data.DataError as e:
        show_data_error(page, e)
        return None


_SECTIONS: dict[tuple, dict[str, dict]] = {}


def _sections_by_id() -> dict[str, dict]:
    """The sections table as {id: row}, built once per version of the file rather than once per source
    line (bench/: it was the largest cost of a rerun). Keyed like data.load_table: folder + mtime/size."""
    key = (str(data.data_dir()), data.table_stamp("sections"))
    if key not in _SECTIONS:
        rows = by_id(data.load_table("sections"))
        _SECTIONS.clear()
        _SECTIONS[key] = rows
    return _SECTIONS[key]


def section_headings(page: Page) -> dict[str, str]:
    """{section id: its heading in the page's language}; empty when sections.csv cannot be read."""
    try:
        return {k: pick(r, "heading", page.lang) for k, r in _sections_by_id().items()}
    except data.DataError:
        return {}


def _section_heading(page: Page, section_id: str) -> str:
    try:
        sections = _sections_by_id()
    except data.DataError:
        return section_id
    row = sections.get(section_id)
    return pick(row, "heading", page.lang) if row else section_id


def source_text(page: Page, row: dict) -> str:
    """'Source: the article, section …, at “anchor”' (+ the formula for a derived figure)."""
    text = page.t("common.source.note", section=_section_heading(page, row["section"]), anchor=row["anchor"])
    if row.get("kind") == "derived" and row.get("formula"):
        text += " · " + page.t("common.source.formula", formula=row["formula"])
    return text


def kpi(page: Page, row: dict | None, label: str | None = None) -> None:
    """A KPI card: value and unit big, period and kind under it, source and formula on hover."""
    if row is None:
        st.metric(label or "", page.t("common.app.not_disclosed"), help=page.t("common.app.not_disclosed_long"))
        return
    num, unit = fmt_number(row["value"], row["unit"], page.lang)
    period = page.t(f"common.period.{row['period']}")
    kind = page.t(f"common.kind.{row['kind']}")
    note = pick(row, "note", page.lang)
    help_text = f"{period} · {kind}" + (f" · {note}" if note else "") + "\n\n" + source_text(page, row)
    value = f"{num} {unit}" if unit != "%" else f"{num}%"
    if row["kind"] == "derived":
        value = "≈ " + value
    # Period and kind sit inside the card (as a neutral, arrowless delta) so they stay with their figure.
    st.metric(label or pick(row, "label", page.lang), value, delta=f"{period} · {kind}", delta_color="off",
              delta_arrow="off", help=help_text)


def table_view(page: Page, table: pd.DataFrame, name: str) -> None:
    """An expander with the figures behind a chart and a CSV download of them (built on click)."""
    with st.expander(page.t("common.ui.view_table")):
        st.dataframe(table, hide_index=True, width="stretch")
        st.download_button(
            page.t("common.ui.download_csv"), partial(csv_bytes, table), file_name=f"zhenhai_{name}_{page.lang}.csv",
            mime="text/csv", key=f"{page.key}_dl_{name}",
        )


def indicator_table(page: Page, rows: list[dict]) -> pd.DataFrame:
    """The standard table of indicators, with value, unit, period, kind, source and formula."""
    t = page.t
    return pd.DataFrame([
        {
            t("common.col.label"): pick(r, "label", page.lang),
            t("common.col.value"): r["value"],
            t("common.col.unit"): fmt_value(r["value"], r["unit"], page.lang),
            t("common.col.period"): t(f"common.period.{r['period']}"),
            t("common.col.kind"): t(f"common.kind.{r['kind']}"),
            t("common.col.section"): _section_heading(page, r["section"]),
            t("common.col.anchor"): r["anchor"],
            t("common.col.formula"): r.get("formula", ""),
        }
        for r in rows
    ])


def _file_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", name)


def show_chart(page: Page, fig, name: str, table: pd.DataFrame, sources: list[str], takeaway: str) -> None:
    """A Plotly figure with a slide-ready PNG button, its takeaway, sources, and table view + CSV."""
    plotly_web.show_figure(
        fig,
        key=f"{page.key}_chart_{name}",
        config={
            "displaylogo": False,
            "modeBarButtonsToRemove": ["lasso2d", "select2d"],
            "toImageButtonOptions": {
                "format": "png", "filename": f"zhenhai_{_file_name(name)}_{page.lang}", "scale": 2,
            },
        },
        failed=page.t("common.ui.chart_failed"),
        fullscreen_title=page.t("common.ui.fullscreen"),
    )
    st.markdown(f"**{page.t('common.ui.takeaway')}：** {takeaway}" if page.lang == "zh"
                else f"**{page.t('common.ui.takeaway')}:** {takeaway}")
    for s in dict.fromkeys(sources):
        st.caption(s)
    table_view(page, table, name)


def show_map(page: Page, deck, name: str, table: pd.DataFrame, sources: list[str], takeaway: str, height: int = 560):
    """A pydeck map with its takeaway, sources, and table view + CSV; returns the selection state."""
    state = st.pydeck_chart(deck, height=height, key=f"{page.key}_map_{name}", on_select="rerun",
                            selection_mode="single-object")
    st.markdown(f"**{page.t('common.ui.takeaway')}：** {takeaway}" if page.lang == "zh"
                else f"**{page.t('common.ui.takeaway')}:** {takeaway}")
    for s in dict.fromkeys(sources):
        st.caption(s)
    table_view(page, table, name)
    return state
