// Sets data-zh-drawn on the html element once the page may be shown (see .st-key-page in components/page.py's
// BASE_CSS): the first screen complete (the script idle, or a part of the page already below the first screen), no
// element in it waiting for its code (a map's or a chart's placeholder already has its size and is not waited for),
// no font still loading (a placeholder not laid out at all, as the link navigator's, is not waited for); or ST.hold_max_ms (3 s) at most. Streamlit's selectors and attribute come from
// components/streamlit_dom.py (ST, filled in when the file is read); without the script-state attribute the
// page is shown once nothing waits for its code. A classic script, run by st.html where the page's style is placed.
// Nowhere in this file, comments included, may a "<" stand right before a letter or "/": st.html's sanitizer
// (DOMPurify) silently drops a script whose text has one, and the page would stay hidden (tests/test_js.py).
(() => {
  const ST = __STREAMLIT_DOM__;
  const root = document.documentElement, start = performance.now();
  let frames = 0;
  // Held: the chart element (static/components/plotly_web.js) runs plotly.js only once the page is shown.
  if (!root.hasAttribute("data-zh-drawn")) root.setAttribute("data-zh-held", "");
  const tick = () => {
    if (root.hasAttribute("data-zh-drawn")) return;
    const app = document.querySelector(ST.app), body = document.querySelector(ST.key_page);
    const state = app && app.getAttribute(ST.script_state_attr);
    const idle = state === null || state === "notRunning";
    const waiting = body && [...body.querySelectorAll(ST.skeleton)]
      .some(s => !s.closest(ST.map_box) && !s.closest(ST.chart_box) && s.getClientRects().length > 0
        && s.getBoundingClientRect().top < innerHeight);
    // The first screen is complete once a top-level part of the page starts below it: the script writes the page
    // in order, so every part above that one has all its elements. What arrives later is out of view.
    const last = body && body.lastElementChild;
    const filled = !!last && last.getBoundingClientRect().top >= innerHeight;
    // Not in the first frame the page's box is there: the frame this style first applies in (the box moves) is not
    // the one it shows in.
    frames = body ? frames + 1 : 0;
    // Fonts still loading would lay the words out again when they come (a table's header moved on /sources).
    const fonts = !document.fonts || document.fonts.status === "loaded";
    const ready = (idle || filled) && !waiting && fonts && frames >= 2;
    if (ready || performance.now() - start > ST.hold_max_ms) root.setAttribute("data-zh-drawn", "");
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
