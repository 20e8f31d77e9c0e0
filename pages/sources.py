"""Sources: every figure in one searchable table, the outside sources, and downloads."""

from __future__ import annotations

import io
import zipfile
from functools import partial

import pandas as pd
import streamlit as st

from components import data, ui
from components.fmt import fmt_value
from components.i18n import pick
from components.page import meeting_nav, page_setup

page = page_setup("sources")
t = page.t
st.title(t("sources.title"))
st.write(t("sources.intro"))
st.caption(t("sources.article_note"))


ui.load(page, "sections")  # shows a located error here when the headings file is broken
SECTIONS = ui.section_headings(page)


def indicators_table(df: pd.DataFrame) -> pd.DataFrame:
    c = lambda k: t(f"common.col.{k}")  # noqa: E731
    return pd.DataFrame({
        c("id"): df["id"],
        c("topic"): df["topic"].map(lambda v: t(f"common.topic.{v}")),
        c("label"): df[f"label_{page.lang}"],
        c("value"): df["value"],
        c("unit"): [fmt_value(v, u, page.lang) for v, u in zip(df["value"], df["unit"])],
        c("period"): df["period"].map(lambda v: t(f"common.period.{v}")),
        c("kind"): df["kind"].map(lambda v: t(f"common.kind.{v}")),
        c("section"): df["section"].map(lambda v: SECTIONS.get(v, v)),
        c("anchor"): df["anchor"],
        c("formula"): df["formula"],
        c("note"): df[f"note_{page.lang}"],
    })


def items_table(df: pd.DataFrame) -> pd.DataFrame:
    c = lambda k: t(f"common.col.{k}")  # noqa: E731
    return pd.DataFrame({
        c("id"): df["id"],
        c("topic"): df["topic"].map(lambda v: t(f"common.topic.{v}")),
        t("sources.col.group"): df["group"],
        c("name"): df[f"name_{page.lang}"],
        c("status"): df["status"].map(lambda v: t(f"common.status.{v}") if v else ""),
        c("section"): df["section"].map(lambda v: SECTIONS.get(v, v)),
        c("anchor"): df["anchor"],
        c("note"): df[f"note_{page.lang}"],
    })


def milestones_table(df: pd.DataFrame) -> pd.DataFrame:
    c = lambda k: t(f"common.col.{k}")  # noqa: E731
    return pd.DataFrame({
        c("id"): df["id"],
        c("date"): [d + (f" ({pick(r, 'date_text', page.lang)})" if p == "described" else "")
                    for d, p, r in zip(df["date"], df["precision"], df.to_dict("records"))],
        t("sources.col.precision"): df["precision"].map(lambda v: t(f"sources.precision.{v}")),
        c("label"): df[f"label_{page.lang}"],
        c("kind"): df["kind"],
        c("section"): df["section"].map(lambda v: SECTIONS.get(v, v)),
        c("anchor"): df["anchor"],
    })


def searchable(df: pd.DataFrame, name: str) -> None:
    q = st.text_input(t("sources.search"), key=f"sources_q_{name}", help=t("sources.search_help"))
    shown = df
    if q.strip():
        needle = q.strip().lower()
        mask = df.astype(str).apply(lambda col: col.str.lower().str.contains(needle, regex=False)).any(axis=1)
        shown = df[mask]
    st.caption(t("sources.matches", n=len(df), m=len(shown)))
    st.dataframe(shown, hide_index=True, width="stretch", height=min(38 + 35 * len(shown), 560))
    st.download_button(
        t("common.ui.download_csv"), partial(ui.csv_bytes, shown), file_name=f"zhenhai_{name}_{page.lang}.csv",
        mime="text/csv", key=f"sources_dl_{name}",
    )


@st.cache_data(show_spinner=False, max_entries=4)
def all_data_zip(folder: str, stamp: tuple) -> bytes:
    """Every table as an Excel-safe CSV plus the GeoJSON files; cached on the files' mtimes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, table in data.TABLES.items():
            try:
                z.writestr(table.file, ui.csv_bytes(data.read_table(name, data.Path(folder)).drop(columns="_line")))
            except data.DataError:
                continue  # a broken file is reported on the page; the rest still downloads
        for file in data.GEOJSON_FILES.values():
            path = data.Path(folder) / file
            if path.exists():
                z.write(path, file)
        readme = data.Path(folder) / "README.md"
        if readme.exists():
            z.write(readme, "README.md")
    return buf.getvalue()


tabs = st.tabs([t("sources.tab_indicators"), t("sources.tab_items"), t("sources.tab_milestones"), t("sources.tab_geo")])
with tabs[0]:
    df = ui.load(page, "indicators")
    if df is not None:
        searchable(indicators_table(df), "indicators")
with tabs[1]:
    df = ui.load(page, "items")
    if df is not None:
        searchable(items_table(df), "items")
with tabs[2]:
    df = ui.load(page, "milestones")
    if df is not None:
        searchable(milestones_table(df), "milestones")
with tabs[3]:
    st.write(t("sources.outside"))
    src = ui.load(page, "sources")
    if src is not None:
        table = pd.DataFrame({
            t("common.col.id"): src["id"], t("sources.col.source"): src["name"], t("sources.col.what"): src["what"],
            t("sources.col.licence"): src["licence"], t("sources.col.confidence"): src["confidence_note"],
        })
        st.dataframe(table, hide_index=True, width="stretch")
        st.download_button(t("common.ui.download_csv"), partial(ui.csv_bytes, table), file_name="zhenhai_geo_sources.csv",
                           mime="text/csv", key="sources_dl_geo_sources")
    places = ui.load(page, "places")
    if places is not None:
        table = pd.DataFrame({
            t("common.col.name"): places[f"name_{page.lang}"], t("sources.col.lat"): places["lat"],
            t("sources.col.lon"): places["lon"],
            t("sources.col.confidence"): places["confidence"].map(lambda v: t(f"common.confidence.{v}")),
            t("sources.col.source"): places["source"], t("sources.col.basis"): places["basis_en"],
        })
        st.dataframe(table, hide_index=True, width="stretch")
    stations = ui.load(page, "stations")
    if stations is not None:
        table = pd.DataFrame({
            t("sources.col.line"): stations["line"], t("sources.col.station"): stations[f"station_{page.lang}"],
            t("sources.col.lat"): stations["lat"], t("sources.col.lon"): stations["lon"],
            t("sources.col.confidence"): stations["confidence"].map(lambda v: t(f"common.confidence.{v}")),
            t("sources.col.source"): stations["source"],
        })
        st.dataframe(table, hide_index=True, width="stretch")

folder = data.data_dir()
st.download_button(t("sources.zip"), partial(all_data_zip, str(folder), data.all_files_stamp(folder)), file_name="zhenhai_data.zip",
                   mime="application/zip", key="sources_dl_zip", help=t("sources.zip_help"), type="primary")
meeting_nav(page)
