"""The page's and the slides' style sheets (CSS in Python strings, sent once per page by page_setup). Colours and
fonts come from the design tokens (components/tokens.py) as CSS variables."""

from . import nav, streamlit_dom, tokens

# The tokens as CSS custom properties: --zh-font, --zh-card-border, and one --zh-<name> per palette colour.
TOKENS_CSS = ":root { " + " ".join(
    [f"--zh-font: {tokens.PAGE_FONT};", f"--zh-card-border: {tokens.CARD_BORDER_CSS};"]
    + [f"--zh-{name}: {value};" for name, value in tokens.PALETTE.items()]
    + [f"--zh-outcome-{status}: {tokens.colour(name)};" for status, name in tokens.OUTCOME_COLOUR.items()]
) + " }"

BASE_CSS = streamlit_dom.css("""
<style>
__TOKENS__
html, body, [class*="st-"], .stMarkdown, button, input { font-family: var(--zh-font); }
/* The rule above must not replace the icon font, or icons show as their names. */
${icon} { font-family: "Material Symbols Rounded" !important; }
/* Streamlit's caption grey (#828180 on white) is 3.9:1, below WCAG AA; the body colour at reduced
   opacity passes in both light and dark. */
${caption} { color: inherit !important; opacity: .8; }
/* Wide, drawn here rather than by st.set_page_config(layout="wide"): Streamlit paints its centred column
   before the script runs, and the page config widening it moves the column in view, a layout shift. Here
   it widens in the frame this style arrives in, while the column and its box are invisible (their content
   is not), which the browser does not count as a shift. */
${block_container}, ${block_container} > * { max-width: initial; min-width: auto; visibility: hidden; }
${block_container} > * > * { visibility: visible; }
@media (min-width: 864px) { ${block_container} { padding-left: 5rem; padding-right: 5rem; } }
/* The page is held back until it is drawn. Its elements arrive one by one, and most wait for their own
   chunk of JavaScript (a grey placeholder until then), so a page shown as it arrives moves several times.
   Every element is in one box (page_setup's st.container(height=1), 1 px until this style opens it), and
   the box is shown once its first screen is complete (the script has finished, or a part of the page already
   starts below the first screen) and nothing in it still waits for its code, a chart's or map's placeholder
   aside, as it has their size (DRAWN_JS marks the html element then): all at once, nothing moves; the rest
   arrives out of view. Marked once per document, so reruns
   and page switches show at once. */
html[data-zh-drawn] :is(.st-key-page, ${layout_wrapper}:has(> .st-key-page)) {
  height: auto !important; max-height: none !important; flex: 0 0 auto !important; overflow: visible !important; }
html:not([data-zh-drawn]) ${layout_wrapper}:has(> .st-key-page) { visibility: hidden; }
:is(.st-key-page, ${layout_wrapper}:has(> .st-key-page)) { animation: zh-show 0s __HOLD__s forwards; }  /* never held longer */
.st-key-page > * { flex-shrink: 0; }  /* laid out in the held-back box as they will be shown */
/* The link navigator draws nothing (components/nav.py): its slot takes no room from the start, so its placeholder,
   shown until its code arrives, is not a part of the first screen that the page waits for. */
.st-key-__NAV_KEY__ { display: none !important; }
@keyframes zh-show { to { height: auto; max-height: none; flex: 0 0 auto; overflow: visible; visibility: visible; } }
/* A section's words, KPI cards and cards, drawn as HTML (render/html.py). */
.zh-intro { margin: 0 0 .4rem; }
.zh-note, .zh-source-line, .zh-caption { font-size: .875rem; opacity: .8; margin: 0 0 .3rem; line-height: 1.45; }
.zh-takeaway { margin: .4rem 0 .6rem; }
.zh-kpis { display: flex; flex-wrap: wrap; gap: .75rem; margin: .3rem 0 .6rem; }
.zh-kpi { flex: 1 1 10.5rem; min-width: 0; border: 1px solid var(--zh-card-border); border-radius: .5rem;
  padding: .6rem .9rem; break-inside: avoid; }
.zh-kpi-label { font-size: .875rem; line-height: 1.35; min-height: 2.7em; display: flex; flex-wrap: wrap;
  align-items: flex-start; column-gap: .3rem; }
/* Values may be words ("not disclosed"): they wrap rather than being cut to "not dis…". */
.zh-kpi-value { font-size: 1.9rem; line-height: 1.15; font-variant-numeric: tabular-nums; margin: .2rem 0 .35rem;
  word-break: keep-all; overflow-wrap: normal; }
.zh-kpi-nd { font-size: 1.25rem; }
.zh-kpi-detail { display: inline-block; font-size: .8rem; line-height: 1.4; padding: .1rem .55rem; border-radius: .8rem;
  background: rgba(128,128,128,.14); }
.zh-cards { margin: .3rem 0 .6rem; }
.zh-cards-row, .zh-cards-columns { display: grid; grid-template-columns: repeat(var(--zh-cols), minmax(0, 1fr)); gap: .75rem; }
.zh-cards-columns { align-items: start; }
.zh-cards-column, .zh-cards-stack { display: flex; flex-direction: column; gap: .75rem; }
.zh-cards-grid { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: .75rem; margin-bottom: .6rem; }
.zh-cards-arrow { display: grid; grid-template-columns: minmax(0, 1fr) 3.5rem minmax(0, 1fr); gap: .5rem; }
.zh-arrow { font-size: 2.2rem; align-self: center; text-align: center; }
.zh-card { border: 1px solid var(--zh-card-border); border-radius: .5rem; padding: .75rem 1rem; break-inside: avoid; }
.zh-card-plain { border: 0; padding: 0; }
.zh-card > * + * { margin-top: .45rem !important; }
${html} :is(h2, h3, h4, h5).zh-card-title, ${html} .zh-group-title { font-size: 1rem; font-weight: 600; line-height: 1.4;
  margin: 0; padding: 0; scroll-margin-top: 0; }
${html} .zh-group-title { margin: 0 0 .1rem; }
.zh-card p { margin: 0; }
.zh-tags { display: flex; flex-wrap: wrap; gap: .3rem; }
.zh-badge, .zh-tag { display: inline-block; font-size: .875rem; font-weight: 400; line-height: 1.4; padding: .05rem .5rem;
  border-radius: .4rem; background: color-mix(in srgb, var(--zh-badge) 18%, transparent);
  box-shadow: inset 0 0 0 1px color-mix(in srgb, var(--zh-badge) 50%, transparent); }
.zh-c-green { --zh-badge: var(--zh-green); } .zh-c-blue { --zh-badge: var(--zh-blue); }
.zh-c-orange { --zh-badge: var(--zh-orange); } .zh-c-grey { --zh-badge: var(--zh-grey); }
.zh-c-red { --zh-badge: var(--zh-vermillion); } .zh-c-violet { --zh-badge: var(--zh-purple); }
/* A help text (render/html.py help_box): a native disclosure, its (?) mark a summary element; opened, a panel in the
   page's own colours (Canvas follows the color-scheme Streamlit sets for its theme). */
.zh-help { display: inline-block; position: relative; margin-left: .25rem; }
.zh-help > summary { list-style: none; cursor: pointer; display: inline-flex; align-items: center; justify-content: center;
  width: 1.15em; height: 1.15em; border-radius: 50%; border: 1px solid currentColor; font-size: .75rem; line-height: 1;
  opacity: .75; vertical-align: middle; }
.zh-help > summary::-webkit-details-marker { display: none; }
.zh-help > summary:focus-visible { outline: 2px solid var(--zh-blue); outline-offset: 2px; opacity: 1; }
.zh-help[open] > summary { opacity: 1; }
.zh-help-body { position: absolute; z-index: 30; left: -.5rem; top: 1.7em; width: min(24rem, 80vw); padding: .55rem .8rem;
  border-radius: .5rem; border: 1px solid var(--zh-card-border); background: Canvas; color: CanvasText;
  box-shadow: 0 4px 14px rgba(0,0,0,.25); font-size: .85rem; font-weight: 400; line-height: 1.45; white-space: normal; }
.zh-help-body p { margin: 0 0 .35rem; }
.zh-help-body p:last-child { margin: 0; }
@media (max-width: 700px) {
  .zh-cards-row, .zh-cards-columns, .zh-cards-grid, .zh-cards-arrow { grid-template-columns: minmax(0, 1fr); }
  .zh-arrow { transform: rotate(90deg); }
}
@media (min-width: 701px) and (max-width: 1000px) { .zh-cards-grid { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
/* Headings drawn in a section's HTML, as Streamlit draws st.title and st.header. */
${html} h1.zh-h1 { font-size: 2.75rem; font-weight: 700; line-height: 1.2; padding: 1.25rem 0 1rem; margin: 0; scroll-margin-top: 3.75rem; }
${html} h2.zh-h2 { font-size: 1.75rem; font-weight: 600; line-height: 1.2; padding: 1rem 0; margin: 0; letter-spacing: -.005em;
  scroll-margin-top: 3.75rem; }
.zh-table-title { margin: .4rem 0 .2rem; }
/* The drawn city map (render/mapsvg.py): its view box centred in the box, the outline running on to the box's sides
   (clipped there); the phone's own view under 700 px. */
.zh-map-frame { position: relative; }
.zh-map-frame > .zh-map-legend-in { z-index: 1; }
.zh-map-svg { overflow: hidden; border: 1px solid var(--zh-card-border); border-radius: .5rem; }
.zh-map-svg svg { display: block; overflow: visible; }
.zh-map-phone { display: none; aspect-ratio: 360 / 460; }
@media (max-width: 700px) { .zh-map-wide { display: none; } .zh-map-phone { display: block; } }
.zh-map-slide { height: 100%; }
/* A table as HTML (render/html.py table_html, the Sources page): cells wrap, its own scroll region, the header stays. */
.zh-table-wrap { max-height: 70vh; overflow: auto; border: 1px solid var(--zh-card-border); border-radius: .5rem;
  margin: 0 0 .6rem; }
.zh-table-wrap:focus-visible { outline: 2px solid var(--zh-blue); outline-offset: 2px; }
.zh-table { border-collapse: separate; border-spacing: 0; width: 100%; min-width: 40rem; font-size: .875rem; line-height: 1.45; }
.zh-table th, .zh-table td { text-align: left; vertical-align: top; padding: .35rem .6rem; min-width: 4.5rem;
  overflow-wrap: anywhere; border-bottom: 1px solid var(--zh-card-border); }
.zh-table th { overflow-wrap: normal; position: sticky; top: 0; z-index: 1; background: Canvas; color: CanvasText; font-weight: 600; }
.zh-table tbody tr:last-child td { border-bottom: 0; }
.zh-table td.zh-num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.zh-table td.zh-id { overflow-wrap: normal; }
.zh-sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
/* The city map's legend over the map's top-right corner: its slot, just before the map's, takes no room (its
   height and the gap after it cancelled); on a phone it stands above the map. */
@media (min-width: 701px) {
  ${element}:has(> ${html} .zh-map-legend-over) { height: 0; margin-bottom: -1rem; position: relative; z-index: 2;
    overflow: visible; }
  .zh-map-legend-over, .zh-map-legend-in { position: absolute; top: .6rem; right: .6rem; max-width: 17rem; padding: .5rem .7rem;
    background: Canvas; color: CanvasText; border: 1px solid var(--zh-card-border); border-radius: .5rem; }
}
/* Links to the app's pages inside our HTML (components/nav.py): the top bar, the cards' foot, the meeting row. */
${html} a[data-zh-nav] { color: inherit; text-decoration: none; border-radius: .5rem; padding: .1rem .45rem; }
${html} a[data-zh-nav]:hover { background: rgba(128,128,128,.14); }
${html} a[data-zh-nav]:focus-visible { outline: 2px solid var(--zh-blue); outline-offset: 1px; }
.zh-nav { display: flex; flex-wrap: wrap; align-items: center; gap: .1rem .5rem; line-height: 1.6; }
${html} ul.zh-nav-pages { display: flex; flex-wrap: wrap; list-style: none; margin: 0; padding: 0; gap: .1rem .25rem; }
${html} ul.zh-nav-pages li { margin: 0; padding: 0; }
.zh-nav a[aria-current="page"] { font-weight: 700; }
.zh-nav-lang { margin-left: auto; }
.zh-nav-present { border: 1px solid var(--zh-card-border); }
.zh-cards-linked .zh-card { display: flex; flex-direction: column; }
.zh-cards-linked .zh-card-link { margin-top: auto !important; padding-top: .2rem; }
.zh-card-link a[data-zh-nav] { margin-left: -.45rem; }
/* The meeting's previous / next row at a page's foot, a rule above it. */
.zh-meeting-nav { display: flex; align-items: center; justify-content: space-between; gap: .5rem 1rem; flex-wrap: wrap;
  border-top: 1px solid var(--zh-card-border); padding-top: .6rem; margin-top: 1.2rem; }
.zh-meeting-mid { font-size: .875rem; opacity: .8; }
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
__HIDE_STYLE_SLOT__
/* The bar sits in the band of Streamlit's (transparent) header, clear of its menu button on the right. */
${header} { background: transparent; pointer-events: none; }
${header} ${toolbar} { pointer-events: auto; }
${block_container} { padding-top: .9rem; }
${element}:has(> ${html} > .zh-nav) { position: relative; z-index: 999991; pointer-events: none; }
.zh-nav { padding-right: 2.6rem; }
.zh-nav a { pointer-events: auto; }
/* Printing (Ctrl+P, A4 portrait): the content only, no controls; figures kept whole on a page; the data
   date and the page's address in a print-only line at the top and at the foot of every page
   (render/briefing_button.py). */
.zh-print-footer { display: none; }
@media print {
  @page { size: A4 portrait; margin: 12mm 10mm 14mm; }
  ${header}, ${toolbar},
  .zh-nav, ${button}, ${download_button},
  ${button_group}, ${expander}, ${page_link}, ${element_toolbar},
  ${text_input}, .zh-meeting-nav, .zh-card-link,
  ${tooltip_icon}, ${header_actions}, ${skip_to_content},
  ${element}:has(> ${button},
    > ${download_button}, > ${button_group}, > ${page_link}, > ${checkbox}),
  hr { display: none !important; }
  :is(.st-key-page, ${layout_wrapper}:has(> .st-key-page)) {
    height: auto !important; max-height: none !important; flex: 0 0 auto !important; overflow: visible !important; }
  ${element}:has(> ${html} [data-zh-style]) { display: block !important; }
  .zh-print-footer { display: block !important; font-size: .8rem; opacity: .8; margin: 0 0 .4rem; }
  ${block_container} { padding: 0 !important; max-width: 100% !important; }
  .zh-kpi, .zh-card, ${plotly_chart}, .zh-plotly, ${deck_chart}, .zh-map-svg, ${dataframe},
  ${horizontal_block} { break-inside: avoid; }
  .zh-help > summary { display: none; }
  h1, h2, h3, ${heading} { break-after: avoid; }
  .zh-table-wrap { max-height: none; overflow: visible; border: 0; }
  .zh-table th { position: static; }  /* (a row may break across sheets: one source's list is longer than a sheet) */
  .zh-table { min-width: 0; font-size: .8rem; }
  .zh-table th, .zh-table td { min-width: 0; padding: .25rem .4rem; }
  .zh-table tr > :first-child { min-width: 5.5rem; }  /* room for a short id on one line */
}
/* Phones (issue 21.4): the pages a slide's QR code opens are read on phones, about 390 px wide. No type under
   14 px (tests/test_phone.py), and a help panel opens under its line across the element's width instead of
   running off the right edge (which made the page scroll sideways). */
@media (max-width: 480px) {
  .zh-kpi-detail, .zh-source { font-size: .875rem; }
  .zh-help { position: static; }
  .zh-help > summary { font-size: .875rem; }
  .zh-help-body { left: 0; right: 0; top: auto; width: auto; margin-top: .35rem; font-size: .875rem; }
  /* The map's legend (render/mapview.py legend_html) sets its size inline. */
  .zh-map-legend { font-size: .875rem !important; }
  /* Plotly's toolbar would sit on a narrow chart's legend; a phone pinches to zoom instead. */
  .zh-plotly .modebar-container { display: none !important; }
}
</style>
""").replace("__TOKENS__", TOKENS_CSS).replace("__HOLD__", str(streamlit_dom.HOLD_MAX_S)).replace("__NAV_KEY__", nav.KEY) \
    .replace("__HIDE_STYLE_SLOT__", streamlit_dom.hide_slot(f"> {streamlit_dom.SEL['html']} [data-zh-style]"))


# The slide fills the window: the root size follows the window width (24 px at 1920, 17 px at 1366), the
# page is one column as tall as the window, and the visual takes whatever height the words leave.
SLIDE_CSS = streamlit_dom.css("""
<style>
html { font-size: clamp(14px, 1.25vw, 28px); }
${header}, ${toolbar}, ${main_menu} { display: none !important; }
${block_container} { padding: 1.4vh 2.4vw 1.2vh !important; max-width: 100% !important; height: 100vh; }
/* The page's own box (page_setup's .st-key-page, in the column) is the slide's column. */
${block_container} > ${vertical_block} { height: 100%; flex-wrap: nowrap; }
html[data-zh-drawn] :is(.st-key-page, ${layout_wrapper}:has(> .st-key-page)) { flex: 1 1 0 !important; min-height: 0; }
.st-key-page { flex-wrap: nowrap; gap: .45rem; }
.st-key-page > * { flex-shrink: 0; }
/* The visual takes the height the words leave (its wrapper is the column's flex item). */
${layout_wrapper}:has(> .st-key-slide_visual) { flex: 1 1 0 !important; min-height: 0; }
.st-key-slide_visual { height: 100%; }
.st-key-slide_map, .st-key-slide_map > ${horizontal_block},
.st-key-slide_map ${column}, .st-key-slide_map ${column} > div { height: 100%; }
/* Streamlit pulls the element after a heading or a paragraph up by 1rem (it cancels the paragraph's own
   margin); on a slide every piece of text keeps exactly its own height. */
${block_container} ${markdown}, ${block_container} ${caption} { margin-bottom: 0 !important; }
${block_container} ${markdown} p { margin: 0 0 .15rem; }
${layout_wrapper}:has(> .st-key-slide_map), .st-key-slide_map ${layout_wrapper},
.st-key-slide_map ${element}:has(.zh-map-slide), .st-key-slide_map ${element}:has(.zh-map-slide) > *,
.st-key-slide_map ${markdown}:has(> .zh-map-slide) { height: 100% !important; }
/* Several tables on one slide share its height. */
.st-key-slide_visual > ${element}:has(${dataframe}) { flex: 1 1 0 !important; min-height: 0; }
.st-key-slide_head h1 { font-size: .8rem !important; font-weight: 600 !important; padding: 0 !important; opacity: .8; }
.st-key-slide_foot p { font-size: .75rem; }
.st-key-slide_body h2 { font-size: 1.6rem !important; padding: 0 !important; line-height: 1.25; }
.st-key-slide_body p { font-size: 1rem; line-height: 1.35; margin: 0; }
.st-key-slide_notes p { font-size: max(12px, .62rem) !important; line-height: 1.3; opacity: .85; margin: 0; }
.st-key-slide_sources p { font-size: max(12px, .55rem) !important; line-height: 1.25; opacity: .85; margin: 0; }
.zh-kpi-value { font-size: 1.8rem; }
.zh-kpis-big .zh-kpi-value { font-size: 2.8rem; }
.zh-kpi-label { font-size: .8rem; }
.zh-kpis-big .zh-kpi-label { font-size: 1rem; }
.zh-kpi-detail { font-size: .72rem; }
.zh-kpis { margin: 0; }
.st-key-slide_visual .zh-card p { font-size: 1rem; line-height: 1.3; }
.st-key-slide_visual .zh-card p.zh-caption { font-size: max(12px, .65rem); }
.st-key-slide_visual .zh-card { padding: .6rem .9rem; }
.st-key-slide_title h1 { font-size: 2.6rem !important; text-align: center; padding-top: 14vh !important; }
.st-key-slide_title .zh-takeaway, .st-key-slide_title p { text-align: center; font-size: 1.1rem; }
.st-key-slide_foot ${page_link} a { padding: .1rem .5rem; }
</style>
""")
