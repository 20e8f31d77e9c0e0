"""page_setup(): page config, language, presenter mode and the translated navigation, for every page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from .banner import show_stale_banner
from .i18n import DEFAULT_LANG, LANGS, t

ICON_FILE = Path(__file__).resolve().parent.parent / "assets" / "icon.png"

# (key, script path, URL path). The meeting order is the first five.
PAGES = (
    ("home", "app.py", "/"),
    ("innovation", "pages/innovation.py", "/innovation"),
    ("investment", "pages/investment.py", "/investment"),
    ("city", "pages/city.py", "/city"),
    ("digital", "pages/digital.py", "/digital"),
    ("sources", "pages/sources.py", "/sources"),
)
MEETING_ORDER = ("home", "innovation", "investment", "city", "digital")
SCRIPT = {k: path for k, path, _ in PAGES}
BASE_CSS = """
<style>
:root { --zh-font: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
html, body, [class*="st-"], .stMarkdown, button, input { font-family: "Source Sans", "Source Sans 3", "Source Sans Pro", var(--zh-font); }
/* The rule above must not replace the icon font, or icons show as their names. */
[data-testid="stIconMaterial"] { font-family: "Material Symbols Rounded" !important; }
[data-testid="stMetricValue"] { font-variant-numeric: tabular-nums; }
/* Values may be words ("not disclosed"): wrap them rather than cut them to "not dis…". */
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; line-height: 1.15;
  overflow-wrap: normal !important; word-break: keep-all !important; }
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; height: auto !important; }
/* Cards in narrow columns (st.container(key="compact_…")) get a smaller value size. */
[class*="st-key-compact"] [data-testid="stMetricValue"] { font-size: 1.7rem !important; }
[data-testid="stMetric"] { border: 1px solid rgba(128,128,128,.35); border-radius: .5rem; padding: .6rem .9rem; }
/* Streamlit's caption grey (#828180 on white) is 3.9:1, below WCAG AA; the body colour at reduced
   opacity passes in both light and dark. */
[data-testid="stCaptionContainer"] { color: inherit !important; opacity: .8; }
.block-container { padding-top: 4rem; }
[data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
</style>
"""

# Presenter mode: bigger type, nothing to fiddle with. Streamlit sizes text in rem, so the root size
# scales the whole page; the sidebar, its toggle and the toolbar are hidden.
PRESENT_CSS = """
<style>
html { font-size: 19px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stMainMenu"] { display: none !important; }
header[data-testid="stHeader"] { height: 0; min-height: 0; }
.block-container { padding-top: .8rem; padding-bottom: 1rem; max-width: 100%; }
[data-testid="stMetricValue"] { font-size: 2.3rem; }
[class*="st-key-compact"] [data-testid="stMetricValue"] { font-size: 1.9rem !important; }
h1 { font-size: 2rem !important; padding-bottom: .2rem !important; }
</style>
"""


@dataclass(frozen=True)
class Page:
    """What a page script needs: which page it is, the language, presenter mode, and t()."""

    key: str
    lang: str
    present: bool

    def t(self, key: str, **fmt) -> str:
        return t(key, self.lang, **fmt)

    @property
    def params(self) -> dict[str, str]:
        """Query parameters that keep the reader's language and mode on every link."""
        p = {"lang": self.lang}
        if self.present:
            p["present"] = "1"
        return p


def _read_params() -> tuple[str, bool]:
    lang = st.query_params.get("lang", DEFAULT_LANG)
    if lang not in LANGS:
        lang = DEFAULT_LANG
    present = st.query_params.get("present", "0") in ("1", "true", "yes")
    return lang, present


def _toggle_present() -> None:
    if st.session_state.get("page_present"):
        st.query_params["present"] = "1"
    elif "present" in st.query_params:
        del st.query_params["present"]


def page_setup(key: str) -> Page:
    """Call first on every page: configures the page and draws our own navigation."""
    lang, present = _read_params()
    page = Page(key, lang, present)
    title = t(f"common.nav.{key}", lang)
    st.set_page_config(
        page_title=f"{title} · {t('common.app.short', lang)}",
        page_icon=str(ICON_FILE),
        layout="wide",
        initial_sidebar_state="collapsed" if present else "auto",
    )
    # Keep the language in the URL itself so a copied link opens in the same language. Always
    # written: a page_link to the page itself reruns with the new value but leaves the old URL.
    st.query_params["lang"] = lang
    if present:
        st.query_params["present"] = "1"
    st.html(BASE_CSS + (PRESENT_CSS if present else ""))
    show_stale_banner(lang)
    _sidebar(page)
    _top_bar(page)
    return page


def _sidebar(page: Page) -> None:
    with st.sidebar:
        st.markdown(f"**{page.t('common.app.title')}**")
        for k, path, _ in PAGES:
            st.page_link(path, label=page.t(f"common.nav.{k}"), query_params=page.params)


def _top_bar(page: Page) -> None:
    if page.present:
        # Presenters need the way forward on screen, not at the foot of the page.
        badge, prev_col, next_col, lang_col, toggle_col = st.columns([2.6, 2.2, 2.2, 0.8, 2], vertical_alignment="center")
        _prev_next(page, prev_col, next_col)
    else:
        badge, lang_col, toggle_col = st.columns([5, 1, 2], vertical_alignment="center")
    with badge:
        st.caption(page.t("common.app.data_date"))
    with lang_col:
        other = "en" if page.lang == "zh" else "zh"
        st.page_link(SCRIPT[page.key], label=page.t("common.nav.switch_lang"), query_params={**page.params, "lang": other})
    with toggle_col:
        # The URL is the truth (a shared link must open in the right mode), so sync the widget to it.
        st.session_state["page_present"] = page.present
        st.toggle(
            page.t("common.nav.present"), key="page_present",
            on_change=_toggle_present, help=page.t("common.nav.present_help"),
        )


def _prev_next(page: Page, prev_col, next_col) -> None:
    """Links to the neighbours in the meeting order; short labels in the presenter's top bar."""
    if page.key not in MEETING_ORDER:
        return
    i = MEETING_ORDER.index(page.key)
    short = "_short" if page.present else ""
    names = "common.short" if page.present else "common.nav"
    for col, step, label in ((prev_col, -1, "prev"), (next_col, 1, "next")):
        j = i + step
        if 0 <= j < len(MEETING_ORDER):
            k = MEETING_ORDER[j]
            with col:
                st.page_link(SCRIPT[k], label=page.t(f"common.nav.{label}{short}", page=page.t(f"{names}.{k}")),
                             query_params=page.params)


def meeting_nav(page: Page) -> None:
    """Previous / next through the meeting order at the page's foot (presenter mode has them on top)."""
    if page.key not in MEETING_ORDER or page.present:
        return
    st.divider()
    prev_col, mid, next_col = st.columns([3, 2, 3], vertical_alignment="center")
    _prev_next(page, prev_col, next_col)
    with mid:
        i = MEETING_ORDER.index(page.key)
        st.caption(page.t("common.nav.page_of", n=i + 1, total=len(MEETING_ORDER)))
