"""Sources: a source's name and date for a source line, and where its full text is."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..i18n import t
from .schema import DATE_FORMS, DEFAULT_DATA_DIR, by_id, data_dir, date_error

ARTICLE = "article"  # the source the dashboard is built from; every other source is a later report or map data


def source_label(source, lang: str, registry=None, short: bool = False) -> str:
    """A source's name for a source line: 《锻造四大硬核 彰显雄镇担当》（2021年） / “Forge the four hard cores,
    show Zhenhai's commitment” (2021). `source` is a sources.csv row, or its id with `registry` (the sources
    table or {id: row}); an unknown id comes back as it is. short=True gives the title alone."""
    row = source
    if isinstance(source, str):
        rows = by_id(registry) if isinstance(registry, pd.DataFrame) else (registry or {})
        row = rows.get(source)
        if row is None:
            return source
    title = t("common.source.title", lang, title=row[f"title_{lang}"])
    if short:
        return title
    details = [d for d in (row.get(f"publisher_{lang}", ""), published_label(row.get("published", ""), lang)) if d]
    if not details:
        return title
    return t("common.source.with_details", lang, title=title, details=t("common.source.details_sep", lang).join(details))


def published_label(published: str, lang: str) -> str:
    """2021 -> 2021年 / 2021; 2022-03 -> 2022年3月 / March 2022; '' -> ''."""
    from ..fmt import fmt_date

    for precision in ("day", "month", "year"):
        if published and re.fullmatch(DATE_FORMS[precision], published) and not date_error(published, precision):
            return fmt_date({"date": published, "precision": precision}, lang)
    return published or ""


def source_line(row: Mapping, lang: str, registry=None, sections=None) -> str:
    """'来源：《…》（2021年），“…”一节，“anchor”' for a data row, naming its source (and section when it has one)."""
    name = source_label(row.get("source", ""), lang, registry)
    heading = ""
    if row.get("section"):
        rows = by_id(sections) if isinstance(sections, pd.DataFrame) else (sections or {})
        sec = rows.get(row["section"])
        heading = sec[f"heading_{lang}"] if sec else row["section"]
    if heading:
        return t("common.source.note_named", lang, source=name, section=heading, anchor=row["anchor"])
    return t("common.source.note_named_plain", lang, source=name, anchor=row["anchor"])


def source_text_path(row: Mapping, folder: Path | None = None) -> Path | None:
    """Where a source's full text is, when its text_file names one that exists: the path is taken relative to
    the data folder, then to the project's own data/ (so a copy of the folder still finds the article)."""
    name = (row.get("text_file") or "").strip()
    if not name:
        return None
    path = Path(name)
    candidates = [path] if path.is_absolute() else [(folder or data_dir()) / path, DEFAULT_DATA_DIR / path]
    for c in candidates:
        try:
            if c.is_file():
                return c
        except OSError:  # a name the system cannot even look up (too long, say): no such file
            continue
    return None

