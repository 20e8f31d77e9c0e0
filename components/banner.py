"""The banner a page shows while a data file is invalid and its last valid version is shown instead."""

from __future__ import annotations

import streamlit as st

from . import data
from .i18n import t

SHOWN_PROBLEMS = 8


def show_stale_banner(lang: str) -> None:
    """A warning naming each problem (file, line, column, fix) and when the data shown was saved; nothing
    when every file is valid. Call once near the top of every page."""
    stale = data.stale_all()
    if not stale:
        return
    problems = list(dict.fromkeys(p for s in stale for p in s.problems))
    # Inline code keeps a found value from being read as Markdown; a backtick in it would end the span.
    lines = [f"- `{p.text(lang).replace('`', 'ʼ')}`" for p in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append("- " + t("common.stale.more", lang, n=len(problems) - SHOWN_PROBLEMS))
    valid_at = max(s.valid_at for s in stale).strftime("%Y-%m-%d %H:%M:%S (UTC%z)")
    with st.container(key="stale_banner"):
        st.warning(f"**{t('common.stale.title', lang)}**\n\n" + "\n".join(lines) + "\n\n"
                   + t("common.stale.shown", lang, valid_at=valid_at), icon="⚠️")
