// Sets data-zh-drawn on the html element once the page may be shown (see .st-key-page in components/page.py's
// BASE_CSS): the script idle, no element in the first screen waiting for its code (a map has its room kept and
// is not waited for), or 8 s at most. A classic script, run by st.html where the page's style is placed.
// Nowhere in this file, comments included, may a "<" stand right before a letter or "/": st.html's sanitizer
// (DOMPurify) silently drops a script whose text has one, and the page would stay hidden (tests/test_js.py).
(() => {
  const root = document.documentElement, start = performance.now();
  let ready = 0;
  const tick = () => {
    if (root.hasAttribute("data-zh-drawn")) return;
    const app = document.querySelector('[data-testid="stApp"]'), body = document.querySelector(".st-key-page");
    const idle = app && app.getAttribute("data-test-script-state") === "notRunning";
    const waiting = body && [...body.querySelectorAll('[data-testid^="stSkeleton"]')]
      .some(s => !s.closest('[class*="_map_"]') && s.getBoundingClientRect().top < innerHeight);
    ready = idle && body && !waiting ? ready + 1 : 0;
    // Two frames in a row: the frame this style first applies in (the page's box moves) is not the one it shows in.
    if (ready >= 2 || performance.now() - start > 8000) root.setAttribute("data-zh-drawn", "");
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
