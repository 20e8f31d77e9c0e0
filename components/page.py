"""page_setup(): page config, language, presenter mode and the translated navigation, for every page."""

from __future__ import annotations

import base64
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import streamlit as st

from . import heap, nav, plotly_web, streamlit_dom
from .banner import show_stale_banner
from .deck_keys import parse_play
from .i18n import DEFAULT_LANG, LANGS, t
from .markup import Html, h
from .print_footer import print_footer_html
from .settings import TEST_PLAY_MIN_SECONDS_ENV
from .sitemap import CHART_PAGES, MEETING_ORDER, PAGES
from .styles import BASE_CSS, SLIDE_CSS
from .theme import force_theme

ICON_FILE = Path(__file__).resolve().parent.parent / "assets" / "icon.png"
# The page icon as a data: URL, read once: given a file's path, st.set_page_config opens it with PIL, checks its size
# and registers it with the media file manager on every run of every page (a third of /investment's server time
# in a profile of served deep links); a URL it passes to the browser as it is.
ICON_URL = "data:image/png;base64," + base64.b64encode(ICON_FILE.read_bytes()).decode("ascii")

THEMES = ("auto", "light", "dark")

# The script that marks the html element once the page may be shown (page_drawn.js says when), sent with the
# page's style.
DRAWN_JS = '\n<script data-zh-style="1">\n' + streamlit_dom.js(Path(__file__).with_name("page_drawn.js").read_text(encoding="utf-8")) \
    + "</script>\n"


@dataclass(frozen=True)
class Page:
    """What a page script needs: which page, the language, the presenter settings, and t()."""

    key: str
    lang: str
    present: bool
    slide: str = ""  # as the URL has it; the slide renderer turns it into a valid number
    play: float | None = None  # auto-play seconds per slide (presenter mode; whole seconds except in tests)
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
    # 0.3 s a slide through ZHENHAI_TEST_PLAY_MIN_SECONDS, which a deployment never sets.
    floor = os.environ.get(TEST_PLAY_MIN_SECONDS_ENV, "")
    play = parse_play(q.get("play"), test_only_min_seconds=float(floor) if re.fullmatch(r"[0-9]+(\.[0-9]+)?", floor)
                      else None) if present else None
    theme = q.get("theme", "")
    if theme not in THEMES:
        # Auto-play runs on lobby screens: dark by default there.
        theme = "dark" if play else "auto"
    return {"lang": lang if lang in LANGS else DEFAULT_LANG, "present": present, "slide": q.get("slide", ""),
            "play": play, "theme": theme}


def page_setup(key: str) -> Page:
    """Call first on every page: configures the page and draws our own navigation."""
    # The process's first page: its imported modules out of the collection after every run (components/heap.py).
    heap.freeze_once()
    # A click on one of our links (components/nav.py) reruns the page it was on: go where it points, first of all.
    nav.follow_link()
    page = Page(key, **_read_params())
    title = t(f"common.nav.{key}", page.lang)
    st.set_page_config(
        page_title=f"{title} · {t('common.app.short', page.lang)}",
        page_icon=ICON_URL,
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
        _show_style(page, "" if page.present else print_footer_html(page))
        force_theme(page.theme if page.theme != "auto" else None)
        if not page.present:
            _top_bar(page)
        # A data file became invalid under the running server: the page shows the last valid version, and says so.
        show_stale_banner(page.lang)
    return replace(page, body=body)


def on_phone() -> bool:
    """Whether the viewer's browser says it is a phone's (Android's and iOS's browsers put "Mobile" in their
    User-Agent; WeChat's does too). False without a browser (AppTest, scripts)."""
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except Exception:  # no session context (bare mode)
        return False
    return "Mobile" in agent


def _show_style(page: Page, footer: str) -> None:
    """The page's style (the slides' too in presenter mode), the script that shows the page once drawn and the
    printout's footer line, first of all the page's elements, in one element."""
    css = BASE_CSS + (SLIDE_CSS if page.present else "")
    # Not on a phone: on mobile data the 1.1 MB bundle fetched early competes with what the first screen needs
    # (Lighthouse's mobile preset: the chart pages' largest paint 1.26x the bare page's with it, 1.12-1.15x
    # without); there the chart element fetches it once the page is shown.
    preload = (f'<script data-zh-style="1">{plotly_web.PRELOAD_JS}</script>'
               if page.key in CHART_PAGES and not on_phone() else "")
    st.html(footer + css + DRAWN_JS + preload, unsafe_allow_javascript=True)


def _top_bar(page: Page) -> None:
    """The navigation, in one element: every page by its translated name, the language switch and presenter mode,
    as links (switched in the running app by the element after it: components/nav.py). The bar sits in the band of
    Streamlit's header (BASE_CSS)."""
    other = "en" if page.lang == "zh" else "zh"
    pages = h("ul", *(h("li", nav.link(k, page.t(f"common.nav.{k}"), page.params, current=k == page.key))
                      for k, _, _ in PAGES), class_="zh-nav-pages")
    # Presenter mode: this page's first slide (in presenter mode the bar is not drawn; the slides' foot has
    # the way back).
    present = nav.link(page.key, page.t("common.nav.present"), {**page.params, "present": "1"},
                       class_="zh-nav-present", title=page.t("common.nav.present_help"))
    _show(h("nav", h("strong", page.t("common.app.short"), class_="zh-nav-brand"), pages,
            nav.link(page.key, page.t("common.nav.switch_lang"), {**page.params, "lang": other},
                     class_="zh-nav-lang", lang=other), present,
            class_="zh-nav", aria_label=page.t("common.nav.menu")))
    nav.navigator()


def _show(markup: Html) -> None:
    """Markup built by components/markup.py's h() (every text and attribute escaped there), as one element."""
    st.html(markup)


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
    # Not printed (print CSS): links and "page 2 of 5" mean nothing on paper.
    _meeting_nav(page)


def _meeting_nav(page: Page) -> None:
    """One row, one element: the previous page on the left, "page 2 of 5" in the middle, the next page on the right
    (a rule above it); the links are switched in the running app by the top bar's navigator (components/nav.py)."""
    before, after = prev_next(page)
    n = MEETING_ORDER.index(page.key) + 1
    parts = [nav.link(k, page.t(f"common.nav.{label}", page=page.t(f"common.nav.{k}")), page.params,
                      class_=f"zh-meeting-{label}") if k else h("span", class_=f"zh-meeting-{label}")
             for k, label in ((before, "prev"), (after, "next"))]
    _show(h("nav", parts[0], h("span", page.t("common.nav.page_of", n=n, total=len(MEETING_ORDER)),
                                 class_="zh-meeting-mid"), parts[1],
              class_="zh-meeting-nav", aria_label=page.t("common.nav.meeting")))
