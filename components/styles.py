"""The page's and the slides' style sheets (CSS in Python strings, sent once per page by page_setup). Colours and
fonts come from the design tokens (components/tokens.py) as CSS variables."""

from . import tokens

# The tokens as CSS custom properties: --zh-font, --zh-card-border, and one --zh-<name> per palette colour.
TOKENS_CSS = ":root { " + " ".join(
    [f"--zh-font: {tokens.PAGE_FONT};", f"--zh-card-border: {tokens.CARD_BORDER_CSS};"]
    + [f"--zh-{name}: {value};" for name, value in tokens.PALETTE.items()]
    + [f"--zh-outcome-{status}: {tokens.colour(name)};" for status, name in tokens.OUTCOME_COLOUR.items()]
) + " }"

BASE_CSS = """
<style>
__TOKENS__
html, body, [class*="st-"], .stMarkdown, button, input { font-family: var(--zh-font); }
/* The rule above must not replace the icon font, or icons show as their names. */
[data-testid="stIconMaterial"] { font-family: "Material Symbols Rounded" !important; }
[data-testid="stMetricValue"] { font-variant-numeric: tabular-nums; font-size: 1.9rem; }
/* Values may be words ("not disclosed"): wrap them rather than cut them to "not dis…". */
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; line-height: 1.15;
  overflow-wrap: normal !important; word-break: keep-all !important; }
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; height: auto !important; }
[data-testid="stMetric"] { border: 1px solid var(--zh-card-border); border-radius: .5rem; padding: .6rem .9rem; }
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
/* Plans and outcomes (render/html.py): one list per section, a mark in the status's colour before its words. */
.zh-outcomes { margin: .2rem 0 .8rem; }
.zh-outcomes-head { font-weight: 600; margin: .3rem 0 .1rem; column-span: all; }
.zh-outcomes ul { list-style: none; padding-left: 0; margin: 0 0 .4rem; }
.zh-outcomes li { margin: .3rem 0; line-height: 1.45; break-inside: avoid; }
.zh-outcomes-grouped { columns: 2 26rem; column-gap: 2.5rem; }
.zh-outcomes-topic { font-size: 1.05rem; font-weight: 600; margin: .2rem 0 .1rem; padding: 0; break-after: avoid; }
.zh-status { font-weight: 600; white-space: nowrap; margin-right: .3rem; }
.zh-dot { margin-right: .15rem; }
.zh-status-beaten .zh-dot { color: var(--zh-outcome-beaten); }
.zh-status-met .zh-dot { color: var(--zh-outcome-met); }
.zh-status-partly .zh-dot { color: var(--zh-outcome-partly); }
.zh-status-missed .zh-dot { color: var(--zh-outcome-missed); }
.zh-status-not_found .zh-dot, .zh-status-not_entered .zh-dot { color: var(--zh-outcome-not_found); }
.zh-source { font-size: .85em; opacity: .8; }
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
""".replace("__TOKENS__", TOKENS_CSS)


# The slide fills the window: the root size follows the window width (24 px at 1920, 17 px at 1366), the
# page is one column as tall as the window, and the visual takes whatever height the words leave.
SLIDE_CSS = """
<style>
html { font-size: clamp(14px, 1.25vw, 28px); }
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stMainMenu"],
[data-testid="stStatusWidget"] { display: none !important; }
.block-container { padding: 1.4vh 2.4vw 1.2vh !important; max-width: 100% !important; height: 100vh; }
/* The page's own box (page_setup's .st-key-page, in the column) is the slide's column. */
.block-container > [data-testid="stVerticalBlock"] { height: 100%; flex-wrap: nowrap; }
html[data-zh-drawn] :is(.st-key-page, [data-testid="stLayoutWrapper"]:has(> .st-key-page)) { flex: 1 1 0 !important; min-height: 0; }
.st-key-page { flex-wrap: nowrap; gap: .45rem; }
.st-key-page > * { flex-shrink: 0; }
/* The visual takes the height the words leave (its wrapper is the column's flex item). */
[data-testid="stLayoutWrapper"]:has(> .st-key-slide_visual) { flex: 1 1 0 !important; min-height: 0; }
.st-key-slide_visual { height: 100%; }
.st-key-slide_map, .st-key-slide_map > [data-testid="stHorizontalBlock"],
.st-key-slide_map [data-testid="stColumn"], .st-key-slide_map [data-testid="stColumn"] > div { height: 100%; }
/* Streamlit pulls the element after a heading or a paragraph up by 1rem (it cancels the paragraph's own
   margin); on a slide every piece of text keeps exactly its own height. */
.block-container [data-testid="stMarkdownContainer"], .block-container [data-testid="stCaptionContainer"] { margin-bottom: 0 !important; }
.block-container [data-testid="stMarkdownContainer"] p { margin: 0 0 .15rem; }
[data-testid="stLayoutWrapper"]:has(> .st-key-slide_map), .st-key-slide_map [data-testid="stLayoutWrapper"],
.st-key-slide_map [data-testid="stElementContainer"]:has([data-testid="stDeckGlJsonChart"]),
.st-key-slide_map [data-testid="stFullScreenFrame"], .st-key-slide_map [data-testid="stDeckGlJsonChart"] { height: 100% !important; }
/* Several tables on one slide share its height. */
.st-key-slide_visual > [data-testid="stElementContainer"]:has([data-testid="stDataFrame"]) { flex: 1 1 0 !important; min-height: 0; }
.st-key-slide_head h1 { font-size: .8rem !important; font-weight: 600 !important; padding: 0 !important; opacity: .8; }
.st-key-slide_foot p { font-size: .75rem; }
.st-key-slide_body h2 { font-size: 1.6rem !important; padding: 0 !important; line-height: 1.25; }
.st-key-slide_body [data-testid="stMarkdown"] p { font-size: 1rem; line-height: 1.35; margin: 0; }
.st-key-slide_notes p { font-size: max(12px, .62rem) !important; line-height: 1.3; opacity: .85; margin: 0; }
.st-key-slide_sources p { font-size: max(12px, .55rem) !important; line-height: 1.25; opacity: .85; margin: 0; }
[data-testid="stMetricValue"] { font-size: 1.8rem !important; }
.st-key-slide_kpis [data-testid="stMetricValue"] { font-size: 2.8rem !important; }
[data-testid="stMetricLabel"] p { font-size: .8rem !important; }
.st-key-slide_kpis [data-testid="stMetricLabel"] p { font-size: 1rem !important; }
[data-testid="stMetricDelta"] p { font-size: .72rem !important; }
.st-key-slide_visual [data-testid="stMarkdown"] p { font-size: 1rem; line-height: 1.3; margin-bottom: .1rem; }
.st-key-slide_visual [data-testid="stCaptionContainer"] p { font-size: max(12px, .65rem); }
.st-key-slide_title h1 { font-size: 2.6rem !important; text-align: center; padding-top: 14vh !important; }
.st-key-slide_title [data-testid="stMarkdown"] p { text-align: center; font-size: 1.1rem; }
.st-key-slide_foot [data-testid="stPageLink"] a { padding: .1rem .5rem; }
</style>
"""
