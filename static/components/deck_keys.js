// deck_keys()'s element (components/deck_keys.py): the slide deck's keys and auto-play countdown, for the whole
// page. Served from static/ and loaded by components/static_script.js (components/static_script.py says why).
//
// Written for this project (no vendored code); the key conventions follow reveal.js
// (js/controllers/keyboard.js, MIT): next = PageDown, Right, Down, Space, N; previous = PageUp, Left, Up,
// Shift+Space; Home / End; B and "." blank the screen; keys typed into inputs and keys with Ctrl, Alt or
// Meta are left alone; a key that does something has its default prevented (Space must not scroll).
//
// Why everything lives on window.__zhDeck: Streamlit calls this module's function again whenever the
// component's data changes (every new slide) and mounts it afresh on every page switch, but keeps only
// the cleanup returned by the *last* call and runs it at unmount. So the function never adds a listener,
// a timer or a node of its own: per document there is one keydown listener, one interval (auto-play
// only), one observer of the app root's run state, at most three pending timeouts and two fixed nodes
// (countdown pill, blank overlay), all created on first use; each call only points the shared state at
// the newest setTriggerValue / setStateValue and data. A cleanup only deactivates if no newer call has
// happened since (the generation check), because a new page may mount before the old one unmounts.
const VERSION = 3;
const TICK_MS = 250;
const MAX_QUEUE = 10;  // presses waiting for the app; more than this in one burst are dropped
// How long a sent message may go unnoticed before the next one is sent anyway. A rerun that takes longer
// shows as "running" on the app root, which is noticed; a very quick one may never show (React can draw
// "running" and "notRunning" in one go), and then this is all the next queued press waits.
const AWAIT_MS = 1000;
// Between the old page's element leaving and the new page's element taking over, the deck has no element: Streamlit
// removes the old one when the new page's run is over, and calls the new one's function only once its script is
// imported, a moment later (measured: the new slide already drawn, the app idle, and no element, in 1 page switch of
// 5; under load a key pressed then was dropped, and a presenter's first press on the new page went nowhere). Keys
// pressed in that moment wait in the queue for the new element; if none comes this soon after, the deck has left
// the page (a link out of presenter mode) and what waits is dropped, so it cannot fire on a later deck.
const BRIDGE_MS = 1500;
const SETTLE_MS = 200;  // after a message that leaves the page, the app must have been idle this long before the next
const NAV = { next: 1, prev: 1, first: 1, last: 1 };
const NON_TEXT_INPUTS = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color",
  "file", "image"]);
const TEXT_ROLES = new Set(["textbox", "searchbox", "combobox", "spinbutton"]);
const SPACE_ROLES = new Set(["button", "checkbox", "radio", "switch", "tab", "option", "menuitem",
  "menuitemcheckbox", "menuitemradio"]);
const ARROW_ROLES = new Set(["slider", "tab", "tablist", "radio", "radiogroup", "option", "listbox", "menu",
  "menubar", "menuitem", "grid", "gridcell", "tree", "treegrid", "treeitem", "scrollbar"]);
const ARROW_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"]);
const MODIFIER_KEYS = new Set(["Shift", "Control", "Alt", "Meta", "AltGraph", "CapsLock", "Fn", "OS"]);
const PILL_STYLE = "position:fixed;right:12px;bottom:12px;z-index:2147483000;display:none;" +
  "padding:.35em .8em;border-radius:999px;background:rgba(0,0,0,.62);color:#fff;" +
  "font:600 max(14px,.85vw)/1.2 'Source Sans','Source Sans 3','Noto Sans CJK SC','Microsoft YaHei',sans-serif;" +
  "font-variant-numeric:tabular-nums;pointer-events:none;user-select:none";
const BLANK_STYLE = "position:fixed;inset:0;z-index:2147483647;background:#000;cursor:none;display:none";

// The element that really has focus, looking inside shadow roots.
function deepActive() {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  return el && el !== document.body && el !== document.documentElement ? el : null;
}

// Focus is somewhere text is typed: every key belongs to it.
function typing(el) {
  if (!el) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") return !NON_TEXT_INPUTS.has((el.type || "text").toLowerCase());
  return TEXT_ROLES.has((el.getAttribute("role") || "").toLowerCase());
}

// Focus is on a control that uses this key itself (Space on a button, arrows in tabs, sliders, grids).
// Clicker keys (PageUp/PageDown) and letters still drive the deck there.
function nativeUse(el, key) {
  if (!el) return false;
  const role = (el.getAttribute("role") || "").toLowerCase();
  const type = el.tagName === "INPUT" ? (el.type || "").toLowerCase() : "";
  if (key === " ") {
    return el.tagName === "BUTTON" || el.tagName === "SUMMARY" || SPACE_ROLES.has(role) ||
      ["checkbox", "radio", "button", "submit", "reset", "file", "color"].includes(type);
  }
  if (ARROW_KEYS.has(key)) {
    return type === "radio" || type === "range" || ARROW_ROLES.has(role) ||
      !!el.closest((DOM.dataframe ? DOM.dataframe + "," : "") + '[role="grid"],[role="listbox"],[role="tablist"],' +
        '[role="radiogroup"],[role="menu"],[role="tree"],[role="slider"]');
  }
  return false;
}

// The deck command for a key, or null. Letters fall back to the physical key (event.code) so that
// N, B and P work on non-Latin keyboard layouts too.
function commandFor(e, playing) {
  const k = e.key;
  const letter = k && k.length === 1 && /[a-z.]/i.test(k) ? k.toLowerCase()
    : { KeyN: "n", KeyB: "b", KeyP: "p", Period: "." }[e.code] || "";
  if (k === " " || k === "Spacebar") return e.shiftKey ? "prev" : "next";
  if (e.shiftKey && !letter) return null;  // Shift+arrows select text; leave them to the browser
  switch (k) {
    case "PageDown": case "ArrowRight": case "ArrowDown": return "next";
    case "PageUp": case "ArrowLeft": case "ArrowUp": return "prev";
    case "Home": return "first";
    case "End": return "last";
  }
  if (letter === "n") return "next";
  if (letter === "b" || letter === ".") return "blank";
  if (letter === "p") return playing ? "pause" : null;
  return null;
}

// Streamlit's selectors and attribute, from components/streamlit_dom.py through the element's data (d.dom).
let DOM = { app: null, dataframe: null, script_state_attr: null };

function fill(template, seconds) {
  return String(template || "").replace("{seconds}", String(seconds));
}

function create() {
  const s = {
    version: VERSION, gen: 0, active: false, trigger: null, setState: null, labels: {},
    play: null, slideId: null, paused: false, blanked: false, deadline: 0, remaining: 0,
    timer: null, pill: null, overlay: null, shown: "", sent: 0,
    queue: [], awaiting: false, awaitTimer: 0, settleTimer: 0, idleSince: 0, watching: null,
    leaving: null, settle: false, leftAt: 0, bridgeTimer: 0,
  };

  // No element right now, but one left so recently that the next page's is on its way (BRIDGE_MS).
  s.bridging = () => !s.active && s.leftAt > 0 && performance.now() - s.leftAt < BRIDGE_MS;

  s.node = (name, style) => {
    if (!s[name] || !s[name].isConnected) {
      // <aside>: a landmark of its own, named by its aria-label (axe wants all content in landmarks).
      const el = document.createElement("aside");
      el.id = name === "pill" ? "zh-deck-countdown" : "zh-deck-blank";
      el.setAttribute("style", style);
      if (name !== "pill") el.addEventListener("click", () => s.unblank());
      document.body.appendChild(el);
      s[name] = el;
    }
    return s[name];
  };

  s.restart = () => {
    if (!s.play) return;
    s.remaining = s.play * 1000;
    s.deadline = Date.now() + s.remaining;
    s.render();
  };

  // Actions wait their turn: one is sent when the app is idle, the next when that rerun has finished.
  // Two triggers that reach the server before their rerun starts are merged by Streamlit into the newer
  // one (measured: two quick PageDowns stepped once before this queue).
  s.fire = (action) => {
    s.restart();
    if (s.queue.length < MAX_QUEUE) s.queue.push(["action", action]);
    s.pump();
  };

  s.tellPaused = () => {  // Python's copy of "paused", through the same queue (one pending at most)
    s.queue = s.queue.filter((m) => m[0] !== "paused");
    s.queue.push(["paused", s.paused]);
    s.pump();
  };

  // "notRunning" when Streamlit says its script is idle. Without its state attribute (a Streamlit that renamed
  // it), the keys still work: every message counts as sent to an idle app, and the queue is paced by this
  // element's own reruns (each one calls the default export again, which clears "awaiting") or AWAIT_MS.
  s.appState = () => {
    const app = DOM.app ? document.querySelector(DOM.app) : null;
    const attr = DOM.script_state_attr;
    if (!app || !attr || !app.hasAttribute(attr)) return "notRunning";
    if (!s.watching) {  // one observer per document, on the app root (it lives as long as the page)
      s.watching = new MutationObserver(s.onAppState);
      s.watching.observe(app, { attributes: true, attributeFilter: [attr] });
    }
    return app.getAttribute(attr);
  };

  s.onAppState = () => {
    s.awaiting = false;  // the app has moved since the last send: that rerun has been taken up
    window.clearTimeout(s.awaitTimer);
    if (s.appState() === "notRunning") s.idleSince = performance.now();
    s.pump();
  };

  // Sends the next queued message once the app is idle, and after a message that left the page (or one
  // whose effect this slide's data did not say) once it has been idle for SETTLE_MS. The settling matters:
  // a page switch (st.switch_page) is two runs back to back and the app looks idle for a moment between
  // them; a rerun requested in that moment can make Streamlit 1.67 reference a cached message the page
  // has just dropped ("Cached ForwardMsg MISS", a fatal connection error; measured in the loop test). A
  // step within the page is one run, so the next press goes as soon as it is over (the wait was most of a
  // press's time: bench/slides.py).
  s.pump = () => {
    window.clearTimeout(s.settleTimer);
    if (!s.queue.length || !s.trigger || s.awaiting || s.appState() !== "notRunning") return;
    const wait = s.settle ? s.idleSince + SETTLE_MS - performance.now() : 0;
    if (wait > 0) { s.settleTimer = window.setTimeout(s.pump, wait + 5); return; }
    const [kind, value] = s.queue.shift();
    s.awaiting = true;  // until the app reports the rerun (or, should it never come, for a while)
    window.clearTimeout(s.awaitTimer);
    s.awaitTimer = window.setTimeout(() => { s.awaiting = false; s.pump(); }, AWAIT_MS);
    // Python names the actions that leave the page from this slide (data.leaving); without that list
    // every action is taken to leave it.
    s.settle = kind === "action" && !(Array.isArray(s.leaving) && !s.leaving.includes(value));
    if (kind === "action") {
      s.sent += 1;  // read by the tests: how many actions went to Python
      s.lastSend = { action: value, settle: s.settle };  // read by the tests: whether the next one will settle
      s.trigger("action", value);
    } else {
      s.setState("paused", value);
    }
  };

  s.render = () => {
    const pill = s.play && s.active ? s.node("pill", PILL_STYLE) : s.pill;
    if (!pill) return;
    if (!s.play || !s.active) {
      pill.style.display = "none";
      s.shown = "";
      return;
    }
    const left = s.paused ? s.remaining : Math.max(0, s.deadline - Date.now());
    const secs = Math.max(0, Math.ceil(left / 1000));
    const key = (s.paused ? "p" : "c") + secs + (s.labels.countdown || "");
    if (key !== s.shown) {  // touch the DOM once a second, not every tick
      s.shown = key;
      pill.textContent = s.paused ? (s.labels.paused || "||") : fill(s.labels.countdown || "{seconds}", secs);
      pill.setAttribute("aria-label", s.paused ? (s.labels.paused_aria || "") : fill(s.labels.countdown_aria, secs));
      pill.dataset.state = s.paused ? "paused" : "playing";
      pill.dataset.seconds = String(secs);
    }
    pill.style.display = "block";
  };

  s.tick = () => {
    if (!s.active || !s.play) { s.stopTimer(); return; }
    const pending = s.queue.length || s.awaiting;  // the last step has not landed yet: do not pile up
    if (!s.paused && !s.blanked && !pending && Date.now() >= s.deadline) s.fire("next");
    s.render();
  };

  s.startTimer = () => {
    if (s.timer === null && s.play && s.active) s.timer = window.setInterval(s.tick, TICK_MS);
  };

  s.stopTimer = () => {
    if (s.timer !== null) window.clearInterval(s.timer);
    s.timer = null;
  };

  s.togglePause = () => {
    if (s.paused) {
      s.paused = false;
      s.deadline = Date.now() + (s.remaining || s.play * 1000);
    } else {
      s.paused = true;
      s.remaining = Math.max(0, s.deadline - Date.now());
    }
    s.render();
    s.tellPaused();
  };

  s.blank = () => {
    const o = s.node("overlay", BLANK_STYLE);
    o.setAttribute("aria-label", s.labels.blank_aria || "");
    o.style.display = "block";
    s.blanked = true;
  };

  s.unblank = () => {
    if (s.overlay) s.overlay.style.display = "none";
    s.blanked = false;
    s.restart();  // the room has been looking at black: give the slide its full time again
  };

  s.onKey = (e) => {
    if (e.isComposing || e.keyCode === 229) return;  // an input method is composing Chinese
    if (e.ctrlKey || e.altKey || e.metaKey) return;  // the browser's own shortcuts (Ctrl+P, Alt+Left...)
    if (s.blanked) {  // as in PowerPoint: any key brings the slide back and does nothing else
      if (MODIFIER_KEYS.has(e.key)) return;
      e.preventDefault();
      e.stopPropagation();
      s.unblank();
      return;
    }
    if (!s.active && !s.bridging()) return;
    const cmd = commandFor(e, !!s.play);
    if (!cmd) return;
    const el = deepActive();
    if (typing(el) || nativeUse(el, e.key)) return;
    e.preventDefault();
    if (e.repeat) return;  // a held key (or a clicker button held down) is one step, not a run
    if (cmd === "blank") s.blank();
    else if (cmd === "pause") s.togglePause();
    else if (NAV[cmd]) s.fire(cmd);
  };

  s.teardown = () => {
    document.removeEventListener("keydown", s.onKey);
    s.stopTimer();
    window.clearTimeout(s.awaitTimer);
    window.clearTimeout(s.settleTimer);
    window.clearTimeout(s.bridgeTimer);
    if (s.watching) s.watching.disconnect();
    if (s.pill) s.pill.remove();
    if (s.overlay) s.overlay.remove();
  };

  document.addEventListener("keydown", s.onKey);
  return s;
}

function shared() {
  let s = window.__zhDeck;
  if (s && s.version !== VERSION) { s.teardown(); s = null; }  // an older copy of this code: replace it
  if (!s) { s = create(); window.__zhDeck = s; }
  return s;
}

export default function (component) {
  const { data, setTriggerValue, setStateValue } = component;
  const s = shared();
  const gen = ++s.gen;
  const d = data || {};
  if (d.dom) DOM = d.dom;
  s.trigger = setTriggerValue;
  s.setState = setStateValue;
  s.awaiting = false;  // new data or a new page: whatever was sent has been answered
  s.labels = d.labels || {};
  s.leaving = Array.isArray(d.leaving) ? d.leaving : null;
  // Data from Python after a message that left the page comes from the new page's run (the run that switches
  // draws no keys' element): the switch is past its idle moment, so the next press need not settle.
  if (s.leaving) s.settle = false;
  s.active = true;
  s.leftAt = 0;  // the deck has its element again: what was pressed in between is sent below
  window.clearTimeout(s.bridgeTimer);
  const play = Number.isFinite(d.play_seconds) && d.play_seconds > 0 ? d.play_seconds : null;
  const slideChanged = d.slide_id !== s.slideId;
  s.slideId = d.slide_id;
  if (play !== s.play || slideChanged) {
    s.play = play;
    s.restart();
  }
  if (s.play) s.startTimer(); else s.stopTimer();
  s.shown = "";
  s.render();
  // Python's copy of "paused" starts from false on a page it has not seen; the page's own is the truth.
  if (!!d.paused !== s.paused) s.tellPaused();
  else s.pump();  // presses made while the previous page was being left
  return () => {
    if (s.gen !== gen) return;  // a newer mount owns the deck now
    s.active = false;
    s.queue = s.queue.filter((m) => m[0] === "action");  // presses carry over to the next page's deck...
    s.trigger = null;
    s.setState = null;
    s.leftAt = performance.now();
    window.clearTimeout(s.bridgeTimer);
    s.bridgeTimer = window.setTimeout(() => {  // ...if it comes (BRIDGE_MS)
      if (!s.active) s.queue = [];
    }, BRIDGE_MS);
    s.stopTimer();
    s.render();
  };
}
