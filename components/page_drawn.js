// Sets data-zh-drawn on the html element once the page may be shown (see .st-key-page in components/page.py's
// BASE_CSS): the script idle, no element in the first screen waiting for its code (a map has its room kept and
// is not waited for), or ST.hold_max_ms (3 s) at most. Streamlit's selectors and attribute come from
// components/streamlit_dom.py (ST, filled in when the file is read); without the script-state attribute the
// page is shown once nothing waits for its code. A classic script, run by st.html where the page's style is placed.
// Nowhere in this file, comments included, may a "<" stand right before a letter or "/": st.html's sanitizer
// (DOMPurify) silently drops a script whose text has one, and the page would stay hidden (tests/test_js.py).
(() => {
  const ST = __STREAMLIT_DOM__;
  const root = document.documentElement, start = performance.now();
  let ready = 0;
  const tick = () => {
    if (root.hasAttribute("data-zh-drawn")) return;
    const app = document.querySelector(ST.app), body = document.querySelector(ST.key_page);
    const state = app && app.getAttribute(ST.script_state_attr);
    const idle = state === null || state === "notRunning";
    const waiting = body && [...body.querySelectorAll(ST.skeleton)]
      .some(s => !s.closest(ST.map_box) && s.getBoundingClientRect().top < innerHeight);
    ready = idle && body && !waiting ? ready + 1 : 0;
    // Two frames in a row: the frame this style first applies in (the page's box moves) is not the one it shows in.
    if (ready >= 2 || performance.now() - start > ST.hold_max_ms) root.setAttribute("data-zh-drawn", "");
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
