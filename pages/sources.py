"""Sources: every figure in one searchable table, the outside sources, and downloads."""

from __future__ import annotations

import io
import zipfile
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from components import data, ui
from components.content import content_for
from components.content.model import Tables
from components.page import page_setup
from components.render.draw import render
from components.render.html import table_html

page = page_setup("sources")
t = page.t


def searchable(df: pd.DataFrame, name: str, label: str) -> None:
    q = st.text_input(t("sources.search"), key=f"sources_q_{name}", help=t("sources.search_help"))
    shown = df
    if q.strip():
        needle = q.strip().lower()
        mask = df.astype(str).apply(lambda col: col.str.lower().str.contains(needle, regex=False)).any(axis=1)
        shown = df[mask]
    st.caption(t("sources.matches", n=len(df), m=len(shown)))
    ui.show_html(table_html(shown, label))
    st.download_button(
        t("common.ui.download_csv"), partial(ui.csv_bytes, shown), file_name=f"zhenhai_{name}_{page.lang}.csv",
        mime="text/csv", key=f"sources_dl_{name}", on_click="ignore",  # a download needs no rerun
    )


@st.cache_data(show_spinner=False, max_entries=4)
def all_data_zip(folder: str, stamp: tuple) -> bytes:
    """Every table as an Excel-safe CSV plus the GeoJSON files; cached on the files' mtimes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, table in data.TABLES.items():
            try:
                z.writestr(table.file, ui.csv_bytes(data.load(name, Path(folder), fresh=True).drop(columns="_line")))
            except data.DataError:
                continue  # a broken file is reported on the page; the rest still downloads
        for file in data.GEOJSON_FILES.values():
            path = Path(folder) / file
            if path.exists():
                z.write(path, file)
        readme = Path(folder) / "README.md"
        if readme.exists():
            z.write(readme, "README.md")
    return buf.getvalue()


if page.present:
    render(page)
else:
    with page.body:
        content = content_for("sources", page.lang)
        st.title(content.title)
        st.write(content.intro)
        for note in content.notes:
            st.caption(note)
        if content.errors:
            ui.show_data_errors(page, content.errors)
        sections = content.sections
        # Only the open tab's tables are sent (issue 21.1: each table, search box and button is an element the
        # browser draws); choosing another tab reruns the page with that one.
        tabs = st.tabs([s.title for s in sections], key="sources_tab", on_change="rerun")
        for tab, s in zip(tabs, sections):
            if not tab.open:
                continue
            with tab:
                for note in s.notes:
                    st.write(note)
                if s.error:
                    st.warning(s.error, icon="⚠️")
                elif isinstance(s.visual, Tables):
                    for i, (name, label, frame) in enumerate(s.visual.frames):
                        if s.key == "sources.geo":
                            ui.show_html(table_html(frame, label))
                            if i == 0:
                                st.download_button(t("common.ui.download_csv"), partial(ui.csv_bytes, frame),
                                                   file_name="zhenhai_geo_sources.csv", mime="text/csv",
                                                   key="sources_dl_geo_sources", on_click="ignore")
                        else:
                            searchable(frame, name, label)
        folder = data.data_dir()
        st.download_button(t("sources.zip"), partial(all_data_zip, str(folder), data.all_files_stamp(folder)),
                           file_name="zhenhai_data.zip", mime="application/zip", key="sources_dl_zip",
                           help=t("sources.zip_help"), type="primary", on_click="ignore")
