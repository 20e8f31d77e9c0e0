"""page_setup(): page config, language, presenter mode and the translated navigation, for every page."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import streamlit as st

from .banner import show_stale_banner
from .deck_keys import parse_play
from .i18n import DEFAULT_LANG, LANGS, t
from .theme import force_theme

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
URL_PATH = {k: url for k, _, url in PAGES}
THEMES = ("auto", "light", "dark")

BASE_CSS = """
<style>
:root { --zh-font: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
html, body, [class*="st-"], .stMarkdown, button, input { font-family: "Source Sans", "Source Sans 3", "Source Sans Pro", var(--zh-font); }
/* The rule above must not replace the icon font, or icons show as their names. */
[data-testid="stIconMaterial"] { font-family: "Material Symbols Rounded" !important; }
[data-testid="stMetricValue"] { font-variant-numeric: tabular-nums; font-size: 1.9rem; }
/* Values may be words ("not disclosed"): wrap them rather than cut them to "not dis…". */
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; line-height: 1.15;
  overflow-wrap: normal !important; word-break: keep-all !important; }
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; height: auto !important; }
[data-testid="stMetric"] { border: 1px solid rgba(128,128,128,.35); border-radius: .5rem; padding: .6rem .9rem; }
/* Cards in one row keep their labels level. */
[data-testid="stMetricLabel"] { min-height: 2.6em; align-items: flex-start; }
[data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
/* Cards in narrow columns (st.container(key="compact_…")) get a smaller value size. */
[class*="st-key-compact"] [data-testid="stMetricValue"] { font-size: 1.6rem !important; }
/* Streamlit's caption grey (#828180 on white) is 3.9:1, below WCAG AA; the body colour at reduced
   opacity passes in both light and dark. */
[data-testid="stCaptionContainer"] { color: inherit !important; opacity: .8; }
/* Wide, drawn here rather than by st.set_page_config(layout="wide"): Streamlit paints its centred column
   before the script runs, and the page config widening it moves the column in view, a layout shift. Here
   it widens in the frame this style arrives in, while the column and its box are invisible (their content
   is not), which the browser does not count as a shift. */
.block-container, .block-container > * { max-width: initial; min-width: auto; visibility: hidden; }
.block-container > * > * { visibility: visible; }
@media (min-width: 864px) { .block-container { padding-left: 5rem; padding-right: 5rem; } }
/* The page is held back until it is drawn. Its elements arrive one by one, and most wait for their own
   chunk of JavaScript (a grey placeholder until then), so a page shown as it arrives moves several times.
   Every element is in one box (page_setup's st.container(height=1), 1 px until this style opens it), and
   the box is shown once the script has finished and nothing in the first screen still waits for its code
   (DRAWN_JS marks the html element then): all at once, nothing moves. Marked once per document, so reruns
   and page switches show at once. */
html[data-zh-drawn] :is(.st-key-page, [data-testid="stLayoutWrapper"]:has(> .st-key-page)) {
  height: auto !important; max-height: none !important; flex: 0 0 auto !important; overflow: visible !important; }
html:not([data-zh-drawn]) [data-testid="stLayoutWrapper"]:has(> .st-key-page) { visibility: hidden; }
:is(.st-key-page, [data-testid="stLayoutWrapper"]:has(> .st-key-page)) { animation: zh-show 0s 10s forwards; }  /* never held longer */
.st-key-page > * { flex-shrink: 0; }  /* laid out in the held-back box as they will be shown */
@keyframes zh-show { to { height: auto; max-height: none; flex: 0 0 auto; overflow: visible; visibility: visible; } }
/* The slot of this style takes no room. */
[data-testid="stElementContainer"]:has(> .stHtml [data-zh-style]) { display: none; }
/* No sidebar: the navigation is the bar at the top, drawn with the page (nothing moves in later). */
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] { display: none !important; }
/* The bar sits in the band of Streamlit's (transparent) header, clear of its menu button on the right. */
header[data-testid="stHeader"] { background: transparent; pointer-events: none; }
header[data-testid="stHeader"] [data-testid="stToolbar"] { pointer-events: auto; }
.block-container { padding-top: .9rem; }
.st-key-topnav { padding-right: 2.6rem; position: relative; z-index: 999991; pointer-events: none; }
.st-key-topnav > * { pointer-events: auto; }
.st-key-topnav { row-gap: .1rem; }
.st-key-topnav [data-testid="stPageLink"] a { padding: .1rem .45rem; }
.st-key-topnav [data-testid="stPageLink"] a[aria-current="page"] p { font-weight: 700; }
/* Printing (Ctrl+P, A4 portrait): the content only, no controls; figures kept whole on a page; the data
   date and the page's address in a print-only line at the top and at the foot of every page
   (render/briefing_button.py). */
[data-testid="stLayoutWrapper"]:has(> .st-key-print_footer), .st-key-print_footer { display: none; }
@media print {
  @page { size: A4 portrait; margin: 12mm 10mm 14mm; }
  header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  .st-key-topnav, [data-testid="stCheckbox"], [data-testid="stButton"], [data-testid="stDownloadButton"],
  [data-testid="stButtonGroup"], [data-testid="stExpander"], [data-testid="stPageLink"], [data-testid="stElementToolbar"],
  [data-testid="stTextInput"], .st-key-meeting_nav, [data-testid="stLayoutWrapper"]:has(> .st-key-meeting_nav),
  [data-testid="stTooltipIcon"], [data-testid="stHeaderActionElements"], [data-testid="stSkipToContent"],
  [data-testid="stElementContainer"]:has(> [data-testid="stCheckbox"], > [data-testid="stButton"],
    > [data-testid="stDownloadButton"], > [data-testid="stButtonGroup"], > [data-testid="stPageLink"]),
  hr { display: none !important; }
  :is(.st-key-page, [data-testid="stLayoutWrapper"]:has(> .st-key-page)) {
    height: auto !important; max-height: none !important; flex: 0 0 auto !important; overflow: visible !important; }
  [data-testid="stLayoutWrapper"]:has(> .st-key-print_footer), .st-key-print_footer { display: flex !important; }
  .block-container { padding: 0 !important; max-width: 100% !important; }
  [data-testid="stMetric"], [data-testid="stPlotlyChart"], .zh-plotly, [data-testid="stDeckGlJsonChart"], [data-testid="stDataFrame"],
  [data-testid="stElementContainer"], [data-testid="stHorizontalBlock"], [data-testid="stVerticalBlock"]:has(> [data-testid="stMetric"]) {
    break-inside: avoid; }
  h1, h2, h3, [data-testid="stHeading"] { break-after: avoid; }
}
</style>
"""

# The script that marks the html element once the page may be shown (page_drawn.js says when), sent with the
# page's style.
DRAWN_JS = '\n<script data-zh-style="1">\n' + Path(__file__).with_name("page_drawn.js").read_text(encoding="utf-8") + "</script>\n"


@dataclass(frozen=True)
class Page:
    """What a page script needs: which page, the language, the presenter settings, and t()."""

    key: str
    lang: str
    present: bool
    slide: str = ""  # as the URL has it; the slide renderer turns it into a valid number
    play: int | None = None  # auto-play seconds per slide (presenter mode)
    theme: str = "auto"
    # The container every element of the page goes in (page_setup); held back until drawn (BASE_CSS).
    body: object = field(default=None, compare=False, repr=False)

    def t(self, key: str, **fmt) -> str:
        return t(key, self.lang, **fmt)

    @property
    def dark(self) -> bool:
        """Drawn dark: forced by ?theme=dark (or auto-play), or the viewer's own dark theme."""
        if self.theme != "auto":
            return self.theme == "dark"
        theme = getattr(st.context, "theme", None)
        return getattr(theme, "type", None) == "dark"

    @property
    def params(self) -> dict[str, str]:
        """Query parameters that keep the reader's language, mode and look on every link."""
        p = {"lang": self.lang}
        if self.present:
            p["present"] = "1"
            if self.play:
                p["play"] = str(self.play)
        if self.theme != "auto":
            p["theme"] = self.theme
        return p


def _read_params() -> dict:
    q = st.query_params
    lang = q.get("lang", DEFAULT_LANG)
    present = q.get("present", "0") in ("1", "true", "yes")
    # 5..600 s; anything else: no auto-play. The loop test (tests/test_slides.py) runs the real meeting at
    # 1 s a slide through ZHENHAI_TEST_PLAY_MIN_SECONDS, which a deployment never sets.
    floor = os.environ.get("ZHENHAI_TEST_PLAY_MIN_SECONDS", "")
    play = parse_play(q.get("play"), test_only_min_seconds=int(floor) if floor.isdigit() else None) if present else None
    theme = q.get("theme", "")
    if theme not in THEMES:
        # Auto-play runs on lobby screens: dark by default there.
        theme = "dark" if play else "auto"
    return {"lang": lang if lang in LANGS else DEFAULT_LANG, "present": present, "slide": q.get("slide", ""),
            "play": play, "theme": theme}


def _toggle_present() -> None:
    if st.session_state.get("page_present"):
        st.query_params["present"] = "1"
    else:
        for k in ("present", "slide", "play"):
            if k in st.query_params:
                del st.query_params[k]


def page_setup(key: str) -> Page:
    """Call first on every page: configures the page and draws our own navigation."""
    page = Page(key, **_read_params())
    title = t(f"common.nav.{key}", page.lang)
    st.set_page_config(
        page_title=f"{title} · {t('common.app.short', page.lang)}",
        page_icon=str(ICON_FILE),
        initial_sidebar_state="collapsed",
    )
    # Keep the settings in the URL itself so a copied link opens the same view. Always written: a
    # page_link to the page itself reruns with the new value but leaves the old URL.
    for k, v in page.params.items():
        st.query_params[k] = v
    for k in ("present", "play", "theme") + (() if page.present else ("slide",)):
        if k in st.query_params and k not in page.params:
            del st.query_params[k]
    body = st.container(height=1, border=False, key="page")
    with body:
        _show_style(page)
        force_theme(page.theme if page.theme != "auto" else None)
        if not page.present:
            _top_bar(page)
        # A data file became invalid under the running server: the page shows the last valid version, and says so.
        show_stale_banner(page.lang)
        if not page.present:
            from .render.briefing_button import show_print_footer  # here: the renderers import this module
            show_print_footer(page)
    return replace(page, body=body)


def _show_style(page: Page) -> None:
    """The page's style (the slides' too in presenter mode) and the script that shows the page once drawn,
    first of all the page's elements."""
    css = BASE_CSS
    if page.present:
        from .render.slides import SLIDE_CSS  # here: the renderers import this module
        css += SLIDE_CSS
    st.html(css + DRAWN_JS, unsafe_allow_javascript=True)


def _top_bar(page: Page) -> None:
    """The navigation: every page by its translated name, the language switch and presenter mode."""
    with st.container(horizontal=True, key="topnav", vertical_alignment="center", gap="small"):
        st.markdown(f"**{page.t('common.app.short')}**")
        for k, path, _ in PAGES:
            st.page_link(path, label=page.t(f"common.nav.{k}"), query_params=page.params)
        st.space("stretch")
        other = "en" if page.lang == "zh" else "zh"
        st.page_link(SCRIPT[page.key], label=page.t("common.nav.switch_lang"), query_params={**page.params, "lang": other})
        # The URL is the truth (a shared link must open in the right mode), so sync the widget to it.
        st.session_state["page_present"] = page.present
        st.toggle(page.t("common.nav.present"), key="page_present", on_change=_toggle_present,
                  help=page.t("common.nav.present_help"))


def prev_next(page: Page) -> tuple[str | None, str | None]:
    """The neighbours of a page in the meeting order."""
    if page.key not in MEETING_ORDER:
        return None, None
    i = MEETING_ORDER.index(page.key)
    return (MEETING_ORDER[i - 1] if i > 0 else None), (MEETING_ORDER[i + 1] if i + 1 < len(MEETING_ORDER) else None)


def meeting_nav(page: Page) -> None:
    """Previous / next through the meeting order at the page's foot."""
    if page.key not in MEETING_ORDER:
        return
    with st.container(key="meeting_nav"):  # not printed (print CSS): links and "page 2 of 5" mean nothing on paper
        _meeting_nav(page)


def _meeting_nav(page: Page) -> None:
    st.divider()
    prev_col, mid, next_col = st.columns([3, 2, 3], vertical_alignment="center")
    before, after = prev_next(page)
    for col, k, label in ((prev_col, before, "prev"), (next_col, after, "next")):
        if k:
            with col:
                st.page_link(SCRIPT[k], label=page.t(f"common.nav.{label}", page=page.t(f"common.nav.{k}")),
                             query_params=page.params)
    with mid:
        st.caption(page.t("common.nav.page_of", n=MEETING_ORDER.index(page.key) + 1, total=len(MEETING_ORDER)))
