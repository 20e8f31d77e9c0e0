"""Streamlit's own page, as far as the app relies on it: every data-testid, class name, attribute and behaviour of
Streamlit's DOM that our CSS and JavaScript use, with why, in this one module (issue 21.2).

None of it is Streamlit's public API: a release may rename any of it without notice. So nothing else in
components/ or static/ writes such a selector (tests/test_architecture.py reads the sources and fails on one),
and tests/test_streamlit_dom.py opens the pinned Streamlit in Chromium and checks that every hook here still
matches on the page named beside it: an upgrade that renames one fails there, loudly, rather than leaving the
presenter keys dead or the pages blank. `make test-latest` runs that test on the newest Streamlit in range.

Where the app can do without a hook, it does: the held-back page shows after HOLD_MAX_S whether or not its
drawn mark comes (page_drawn.js, BASE_CSS), and the slide keys work without the script-state attribute
(static/components/deck_keys.js paces on its own element's reruns then).

CSS uses the hooks as $name placeholders (css()); inline JavaScript as ST.name, filled by js(); the deck keys'
static script gets them as its element's data (js_hooks()).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from string import Template


@dataclass(frozen=True)
class Hook:
    name: str
    selector: str
    why: str
    # Where tests/test_streamlit_dom.py finds it on the pinned Streamlit: an app URL path, or (for an element the
    # app's own pages do not show) the test that checks it.
    where: str


HOOKS: tuple[Hook, ...] = (
    # The app root and its state
    Hook("app", '[data-testid="stApp"]',
         "the app's root: it carries the script-state attribute; the theme script paints its background", "/"),
    Hook("block_container", ".block-container",
         "the main column: widened (wide layout without set_page_config's shift), the slide's full-height column", "/"),
    Hook("vertical_block", '[data-testid="stVerticalBlock"]',
         "the column's own block: made as tall as the window on a slide", "/?present=1&slide=1"),
    Hook("layout_wrapper", '[data-testid="stLayoutWrapper"]',
         "the wrapper around a keyed container with a height or flex: held back, opened and sized with it "
         "(written as $layout_wrapper:has(> .st-key-…))", "/"),
    Hook("element", '[data-testid="stElementContainer"]',
         "every element's slot: the slots of elements that draw nothing (style, deck keys, theme) take no room, "
         "and those of controls are not printed", "/"),
    Hook("html", ".stHtml",
         "st.html's element: our headings and cards inside it are styled as Streamlit styles its own headings", "/"),
    Hook("key_page", ".st-key-page",
         "Streamlit gives a keyed container the class st-key-<key>: the page's box, the slide's parts, the top bar "
         "and the meeting row are styled by their keys (this hook checks the convention on one of them)", "/"),
    Hook("skeleton", '[data-testid^="stSkeleton"]',
         "the placeholder of an element still waiting for its code: the page is held back until none is in the first "
         "screen", "transient: tests/test_streamlit_dom.py records it while /innovation loads"),
    Hook("map_box", '[class*="_map_"]',
         "a map's box, by the st-key-<key> class of its key (ui.show_deck keys the zoomable map's container "
         "<page>_map_<name>): its placeholder is not waited for, its room is kept", "/city?map=zoom"),
    Hook("chart_box", '[class*="_chart_"]',
         "a chart's box, by the st-key-<key> class of its key (ui.py keys charts <page>_chart_<name>): its "
         "placeholder already has the chart's height, so it is not waited for", "/innovation"),
    # Streamlit's chrome
    Hook("header", 'header[data-testid="stHeader"]',
         "Streamlit's header band: transparent under the top bar, hidden on slides and paper", "/"),
    Hook("toolbar", '[data-testid="stToolbar"]',
         "the header's menu and status: kept clickable over the top bar, hidden on slides and paper", "/"),
    Hook("main_menu", '[data-testid="stMainMenu"]', "the menu button: hidden on slides", "/"),
    Hook("skip_to_content", '[data-testid="stSkipToContent"]', "the skip link: not printed", "/"),
    Hook("icon", '[data-testid="stIconMaterial"]',
         "Material icons: our font stack must not replace their icon font", "/"),
    # Elements
    Hook("caption", '[data-testid="stCaptionContainer"]',
         "st.caption's grey fails WCAG AA contrast; it gets the body colour at reduced opacity",
         "/?present=1&slide=1"),
    Hook("markdown", '[data-testid="stMarkdownContainer"]',
         "st.markdown's box: its bottom margin pulls the next element up, which a slide cannot afford; the drawn "
         "map's box on its slide, full height",
         "/?present=1&slide=1"),
    Hook("heading", '[data-testid="stHeading"]', "st.title / st.header: kept with what follows on paper",
         "/?present=1&slide=1"),
    Hook("header_actions", '[data-testid="stHeaderActionElements"]', "a heading's link icon: not printed",
         "/?present=1&slide=1"),
    Hook("horizontal_block", '[data-testid="stHorizontalBlock"]',
         "st.columns' row: kept whole on paper; full height on the map slide", "/city?present=1&slide=2"),
    Hook("column", '[data-testid="stColumn"]', "one of st.columns: full height on the map slide",
         "/city?present=1&slide=2"),
    Hook("page_link", '[data-testid="stPageLink"]', "the slide foot's page links: compact; not printed",
         "/?present=1&slide=1"),
    Hook("tooltip_icon", '[data-testid="stTooltipIcon"]', "a widget's help mark: not printed", "/"),
    Hook("button", '[data-testid="stButton"]', "buttons: not printed", "/?present=1&slide=1"),
    Hook("download_button", '[data-testid="stDownloadButton"]', "download buttons: not printed", "/"),
    Hook("checkbox", '[data-testid="stCheckbox"]', "the zoomable map's switch (st.toggle): not printed", "/city"),
    Hook("button_group", '[data-testid="stButtonGroup"]', "the map's focus buttons, the Sources' table choice: not printed",
         "/city"),
    Hook("text_input", '[data-testid="stTextInput"]', "the sources' search boxes: not printed", "/sources"),
    Hook("expander", '[data-testid="stExpander"]', "table views: not printed", "/innovation"),
    Hook("element_toolbar", '[data-testid="stElementToolbar"]', "a table's or map's toolbar: not printed",
         "/sources?present=1&slide=1"),
    Hook("dataframe", '[data-testid="stDataFrame"]',
         "data grids (a slide's tables, a chart's table view; the Sources page draws HTML tables): kept whole on "
         "paper, share a slide's height; arrow keys in a grid move in it, not the deck", "/sources?present=1&slide=1"),
    Hook("deck_chart", '[data-testid="stDeckGlJsonChart"]', "the zoomable map: kept whole on paper",
         "/city?map=zoom"),
    Hook("bidi_component", '[data-testid="stBidiComponentRegular"]',
         "a components-v2 element's box (the light Plotly charts): its height follows the chart when printed",
         "/innovation"),
    Hook("plotly_chart", '[data-testid="stPlotlyChart"]',
         "st.plotly_chart, the fallback for a figure the light renderer cannot draw: kept whole on paper",
         "tests/test_plotly_web.py (a figure only st.plotly_chart draws)"),
)

SEL: dict[str, str] = {h.name: h.selector for h in HOOKS}

# The app root's attribute that says whether the script runs ("running" / "notRunning"): the page is shown and the
# deck's keys are sent once it reads notRunning. Optional: without it both go on without (see the module's text).
SCRIPT_STATE_ATTR = "data-test-script-state"

# At most this long is the page held back when its drawn mark never comes (BASE_CSS's animation; page_drawn.js).
HOLD_MAX_S = 3

# Behaviours of Streamlit (not selectors) the app relies on, each with where a test checks it.
BEHAVIOURS: tuple[tuple[str, str], ...] = (
    ("?embed_options=dark_theme|light_theme is honoured without embed=true and holds across page switches",
     "components/theme.py; tests/test_theme.py"),
    ("static serving (enableStaticServing) at app/static/: the deck keys' and charts' scripts, plotly.js",
     "components/static_script.py; tests/test_plotly_web.py"),
    ("st.html runs a <script> it is given and DOMPurify drops a style or script whose text has '<' before a letter",
     "components/page.py; tests/test_js.py, tests/test_quality.py"),
    ("a components-v2 element is mounted once and called again with new data on every rerun",
     "static/components/deck_keys.js; tests/test_deck_keys.py"),
    ("on a page switch the old page's components-v2 element is removed when the new page's run ends, and the new "
     "one's function is called once its script is imported: either may come first, and between them the new slide "
     "can be drawn with no element (1 switch in 5, measured)", "static/components/deck_keys.js (BRIDGE_MS); "
     "tests/test_deck_keys.py (a press in between)"),
    ("st.html's sanitiser (DOMPurify's HTML profile) removes SVG; st.markdown with unsafe_allow_html keeps it, "
     "<title> tooltips included", "components/render/mapsvg.py; tests/test_city.py"),
    ("the client reads window.__streamlit.BACKEND_BASE_URL, set before its code runs, as the server's address "
     "(without it a deep link asks <page>/_stcore/ first and waits 100 ms after the 404)",
     "components/app_address.py; tests/test_browser_shell.py"),
)


def css(text: str) -> str:
    """CSS with $name placeholders filled with the hooks' selectors (an unknown name is an error)."""
    return Template(text).substitute(SEL)


def js(text: str) -> str:
    """Inline JavaScript with `const ST = __STREAMLIT_DOM__;` given the hooks (and the state attribute, HOLD_MAX_S)."""
    return text.replace("__STREAMLIT_DOM__", json.dumps(js_hooks(), ensure_ascii=False))


def js_hooks() -> dict:
    """What the scripts read: every selector by name, the script-state attribute and the longest hold in ms."""
    return {**SEL, "script_state_attr": SCRIPT_STATE_ATTR, "hold_max_ms": HOLD_MAX_S * 1000}


def hide_slot(marker: str) -> str:
    """CSS that gives no room to the slot of an element that draws nothing, found by a marker inside it (two lines:
    a one-line CSS string with "[" or "/" is taken by Streamlit's components for a file path)."""
    return f"{SEL['element']}:has({marker}) {{\n  display: none !important;\n}}"
