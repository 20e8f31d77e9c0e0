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
from components.markup import Html, h, join
from components.page import page_setup
from components.render.draw import render
from components.render.html import inline, table_html

page = page_setup("sources")
t = page.t


def notes_html(notes) -> Html:
    return join(*(h("p", inline(n), class_="zh-note") for n in notes))


def searchable(df: pd.DataFrame, name: str, label: str, notes=()) -> None:
    """The search box, then one element with the section's notes, how many rows match and the table, then the
    download of what is shown."""
    q = st.text_input(t("sources.search"), key=f"sources_q_{name}", help=t("sources.search_help"))
    shown = df
    if q.strip():
        needle = q.strip().lower()
        mask = df.astype(str).apply(lambda col: col.str.lower().str.contains(needle, regex=False)).any(axis=1)
        shown = df[mask]
    # role=status: a screen reader says the new count after a search.
    ui.show_html(join(notes_html(notes), h("p", t("sources.matches", n=len(df), m=len(shown)), class_="zh-note",
                                          role="status"), table_html(shown, label)))
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
        # The title, the intro and the notes: one element (issue 21.1).
        ui.show_html(join(h("h1", content.title, class_="zh-h1"), h("p", inline(content.intro), class_="zh-intro"),
                          notes_html(content.notes)))
        if content.errors:
            ui.show_data_errors(page, content.errors)
        sections = {s.key: s for s in content.sections}
        # One table at a time, chosen above it; only the chosen one is sent (issue 21.1: each table, search box and
        # button is an element the browser draws). A row of buttons rather than tabs: one element, not seven.
        chosen = st.segmented_control(t("sources.choose"), list(sections), default=next(iter(sections)), required=True,
                                      key="sources_tab", format_func=lambda k: sections[k].title,
                                      label_visibility="collapsed")
        s = sections.get(chosen) or next(iter(sections.values()))
        if s.error:
            ui.show_html(notes_html(s.notes))
            st.warning(s.error, icon="⚠️")
        elif isinstance(s.visual, Tables):
            if s.key == "sources.geo":
                ui.show_html(join(notes_html(s.notes), *(table_html(frame, label) for _, label, frame in s.visual.frames)))
                st.download_button(t("common.ui.download_csv"), partial(ui.csv_bytes, s.visual.frames[0][2]),
                                   file_name="zhenhai_geo_sources.csv", mime="text/csv",
                                   key="sources_dl_geo_sources", on_click="ignore")
            else:
                for i, (name, label, frame) in enumerate(s.visual.frames):
                    searchable(frame, name, label, s.notes if i == 0 else ())
        folder = data.data_dir()
        st.download_button(t("sources.zip"), partial(all_data_zip, str(folder), data.all_files_stamp(folder)),
                           file_name="zhenhai_data.zip", mime="application/zip", key="sources_dl_zip",
                           help=t("sources.zip_help"), type="primary", on_click="ignore")
