// show_figure()'s element (components/plotly_web.py): draws one Plotly figure with plotly.js basic, in the page's
// colours. Served from static/ and loaded by components/static_script.js (components/static_script.py says why).
// Its data: figure, config, height, grow, failed and fullscreen_title for the chart (or preload: fetch the bundle
// only); bundle, the address of plotly.js basic; html, the element's own HTML (in case it has to be placed again).
const hub = window.__zhPlotlyWeb || (window.__zhPlotlyWeb = (() => {
  const h = {charts: new Set(), ready: null, loads: 0};
  // Theme: read from the page's own colours, so any way of setting it (Streamlit's menu, the system
  // setting, a forced theme in CSS) is followed. Re-read when Streamlit re-runs us (it does on a theme
  // change), when the system flips, when <html> or <head> change; anything else may call retheme().
  // A chart is redrawn only if the colours under it changed.
  let queued = false;
  h.retheme = () => { if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; h.charts.forEach(c => c.sync()); }); } };
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", h.retheme);
  new MutationObserver(h.retheme).observe(document.documentElement, {attributes: true});
  new MutationObserver(h.retheme).observe(document.head, {childList: true});
  // A page held back until its first screen is drawn (components/page_drawn.js marks <html> data-zh-held, then
  // data-zh-drawn) is shown before plotly.js runs: the bundle's evaluation is one task of about 120 ms, and run
  // earlier it held the page's heading (its largest paint) behind it. At most holdMs (the longest hold) waited.
  h.shown = null;
  h.whenShown = (holdMs) => h.shown || (h.shown = new Promise(ok => {
    const el = document.documentElement;
    const done = () => !el.hasAttribute("data-zh-held") || el.hasAttribute("data-zh-drawn");
    if (done()) return ok();
    const mo = new MutationObserver(() => { if (done()) { mo.disconnect(); ok(); } });
    mo.observe(el, {attributes: true, attributeFilter: ["data-zh-drawn", "data-zh-held"]});
    setTimeout(() => { mo.disconnect(); ok(); }, holdMs || 3000);
  }));
  h.load = (url, holdMs) => h.ready || (h.ready = h.whenShown(holdMs).then(() => new Promise((ok, fail) => {
    const s = document.createElement("script");
    s.src = new URL(url, document.baseURI).href;
    s.async = true;
    s.id = "zh-plotly-basic";
    // Our own reference: Streamlit's Plotly chunk (the st.plotly_chart fallback) also sets window.Plotly.
    s.onload = () => window.Plotly ? ok(h.P = window.Plotly) : fail(new Error("no Plotly"));
    s.onerror = () => { h.ready = null; s.remove(); fail(new Error("could not load " + s.src)); };
    h.loads += 1;
    document.head.appendChild(s);
  })).then(P => document.fonts.ready.then(() => P)));
  // First draws take turns, one chart per task: a page with eight charts is not one 500 ms task that holds every
  // click and key until the last chart is drawn, and the charts in view are drawn first. A turn ends when the
  // chart's draw has settled (or failed); the next starts in a task of its own.
  // A chart far from the screen waits (data-state "waiting") until it comes within half a screen of it: a page is
  // not made to draw, while it loads, charts nobody is looking at (on /investment six of eight at 1366x768, each
  // 50-140 ms of a busy main thread). Scrolling draws them just before they arrive; printing draws them all, as
  // does a page opened for print.
  h.queue = [];
  let busy = false;
  const NEAR = 0.5;  // screens beyond the visible one, above and below
  const inView = box => { const r = box.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; };
  const near = box => {
    const r = box.getBoundingClientRect(), m = window.innerHeight * NEAR;
    return r.bottom > -m && r.top < window.innerHeight + m;
  };
  h.all = matchMedia("print").matches;
  const next = () => {
    const i = h.queue.findIndex(t => inView(t.box));
    return i >= 0 ? i : h.queue.findIndex(t => h.all || near(t.box));
  };
  const run = t => {
    let p;
    try { p = Promise.resolve(t.run()); } catch (e) { p = Promise.reject(e); }
    return p.then(t.ok, t.fail);
  };
  const pump = () => {
    if (busy || !h.queue.length) return;
    if (next() < 0) {
      for (const t of h.queue) if (t.box.dataset.state === "loading") t.box.dataset.state = "waiting";
      return;
    }
    busy = true;
    setTimeout(() => {
      const i = next();
      if (i < 0) { busy = false; pump(); return; }
      const [t] = h.queue.splice(i, 1);
      run(t).finally(() => { busy = false; pump(); });
    }, 0);
  };
  // Every waiting chart drawn now, in this task: "beforeprint" is the last moment before the page is laid out for
  // paper.
  h.drawAll = () => { h.all = true; for (const t of h.queue.splice(0)) run(t); };
  let looked = false;  // one look per frame however many scroll events come (Streamlit scrolls its main column)
  const look = () => { if (!looked) { looked = true; requestAnimationFrame(() => { looked = false; pump(); }); } };
  document.addEventListener("scroll", look, {capture: true, passive: true});
  window.addEventListener("resize", look);
  window.addEventListener("beforeprint", h.drawAll);
  window.addEventListener("afterprint", () => { h.all = false; });
  matchMedia("print").addEventListener("change", e => { if (e.matches) h.drawAll(); else h.all = false; });
  h.turn = (box, run) => new Promise((ok, fail) => { h.queue.push({box, run, ok, fail}); pump(); });
  return h;
})());

const rgb = s => { const m = (s || "").match(/[\d.]+/g); return m && m.length >= 3 ? m.map(Number) : null; };
const css = (c, a) => `rgba(${c[0]},${c[1]},${c[2]},${a === undefined ? 1 : a})`;
const mix = (a, b, t) => [0, 1, 2].map(i => Math.round(a[i] * (1 - t) + b[i] * t));

function pageTheme(el) {
  // The colour the chart sits on: the first ancestor with an opaque background (not the box's own,
  // which draw() sets from this).
  let bg = null;
  for (let n = el.parentElement; n && n.nodeType === 1 && !bg; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c && (c.length < 4 || c[3] > 0.5)) bg = c;
  }
  const sysDark = matchMedia("(prefers-color-scheme: dark)").matches;
  bg = bg || (sysDark ? [14, 17, 23] : [255, 255, 255]);
  const lum = (0.2126 * bg[0] + 0.7152 * bg[1] + 0.0722 * bg[2]) / 255;
  const fg = rgb(getComputedStyle(el).color) || (lum < 0.5 ? [250, 250, 250] : [49, 51, 63]);
  return {dark: lum < 0.5, bg, fg};
}

const themeKey = th => th.bg.join() + "/" + th.fg.join();

function template(th, size) {
  // Streamlit's Plotly theme, in the page's colours: faded ticks, faint grid, x grid off.
  // Ticks and titles one step softer than the text (at least 4.5:1 on either theme), grid faint.
  // Tick labels may overflow: automargin already makes room for every label, so plotly's per-label
  // overflow check (about 14 ms a draw) has nothing to hide; every chart drew pixel-identical without it.
  const soft = css(mix(th.fg, th.bg, 0.2)), faint = css(mix(th.fg, th.bg, 0.82));
  const axis = (standoff, extra) => Object.assign({
    gridcolor: faint, zerolinecolor: faint, tickcolor: faint, automargin: true, ticklabeloverflow: "allow",
    tickfont: {color: soft, size: size - 2}, title: {font: {color: soft, size}, standoff},
  }, extra);
  return {
    data: {scatter: [{marker: {line: {width: 0}}}]},
    layout: {
      font: {color: css(th.fg)},
      paper_bgcolor: css(th.bg), plot_bgcolor: "rgba(0,0,0,0)",
      xaxis: axis(20, {showgrid: false, zeroline: false}), yaxis: axis(24, {ticklabelposition: "outside"}),
      legend: {font: {color: css(mix(th.fg, th.bg, 0.1)), size: size - 2}, valign: "top", borderwidth: 0},
      hoverlabel: {bgcolor: css(th.bg), bordercolor: faint, font: {color: css(th.fg)}},
      margin: {pad: 8},
    },
  };
}

// Margins each figure settled on (plotly's _fullLayout._size), by chart, figure, width, type size and fullscreen, kept
// in localStorage (the newest 200) so that a repeat visit also starts from them. A figure whose words changed is
// another key; storage that cannot be read or written (private mode, full) only loses the shortcut.
const margins = (() => {
  const NAME = "zh-plotly-margins-v1", MAX = 200;
  let all = {};
  try { all = JSON.parse(localStorage.getItem(NAME)) || {}; } catch (e) { all = {}; }
  const hash = str => { let h = 0; for (let i = 0; i < str.length; i++) h = (h * 31 + str.charCodeAt(i)) | 0; return h; };
  return {
    hash: fig => hash(JSON.stringify(fig)),
    key: (key, figHash, width, size, full) => `${key}:${figHash}:${Math.round(width)}:${size}:${full ? 1 : 0}`,
    // A first visit's margins: the seeds scripts/plotly_margins.py measured (the chart's data, "seeds"), by figure,
    // type size, fullscreen and width class ("w" a wide screen, "p" a phone). A figure changed since has no seed.
    seedKey: (figHash, size, full, phone) => `${figHash}:${size}:${full ? 1 : 0}:${phone ? "p" : "w"}`,
    get: k => all[k],
    set(k, s) {
      if (!s) return;
      const m = {l: Math.ceil(s.l), r: Math.ceil(s.r), t: Math.ceil(s.t), b: Math.ceil(s.b)};
      const old = all[k];
      if (old && ["l", "r", "t", "b"].every(x => old[x] === m[x])) return;
      delete all[k];
      all[k] = m;
      const keys = Object.keys(all);
      for (const x of keys.slice(0, Math.max(0, keys.length - MAX))) delete all[x];
      try { localStorage.setItem(NAME, JSON.stringify(all)); } catch (e) { /* kept for this page only */ }
    },
  };
})();

const MIN_PX = 60;  // the least height a chart is drawn in (see sized())
const MIN_W = 120;  // the least width (a phone's column is about 350 px; a box laid out narrower is not done yet)
const FULL = {width: 1000, height: 1000, path: "M0 350V0h350v100H100v250zm650-350h350v350H900V100H650zM1000 650v350H650V900h250V650zM350 1000H0V650h100v250h250z"};

export default function (component) {
  const {data, parentElement: root} = component;
  // preload(): fetch the bundle now (a title slide), draw nothing, take no room.
  if (data.preload) { const b = root.querySelector(".zh-plotly"); if (b) b.className = "zh-plotly-preload"; hub.load(data.bundle, data.hold_ms).catch(() => {}); return; }
  let box = root.querySelector(".zh-plotly");  // the element's HTML (data.html), placed by Streamlit when it mounts
  if (!box) {
    root.insertAdjacentHTML("beforeend", data.html);
    box = root.querySelector(".zh-plotly");
  }
  const gd = box.querySelector(".zh-plotly-plot"), failed = box.querySelector(".zh-plotly-failed");
  const seq = (box.__seq = (box.__seq || 0) + 1);
  box.__data = data;
  box.dataset.key = data.key;
  const full = () => document.fullscreenElement === box;
  // A fixed height, or (null) the height Streamlit gives the element (height="stretch": a slide), taken
  // from the element itself because the wrappers Streamlit puts around our HTML have no height.
  // A phone: a screen at most phone_px wide (the same media query as plotly_web.phone_height_css). A figure with a
  // phone drawing is drawn with it there, at its height.
  const narrow = () => window.matchMedia(`(max-width: ${box.__data.phone_px || 500}px)`).matches;
  const height = () => (box.__data.phone && narrow() ? box.__data.phone_height : box.__data.height);
  const size = () => { if (!full()) box.style.height = (height() || root.clientHeight) + "px"; };
  size();
  gd.style.height = data.height ? "" : "100%";
  if (box.dataset.state !== "drawn") box.dataset.state = "loading";

  // Printing lays the page out narrower than the screen it was drawn on, and plotly's SVG has a fixed size:
  // give each layer a viewBox of its drawn size, so the print style can scale the figure to its column.
  const fitToPrint = () => {
    const fl = gd._fullLayout;
    if (!fl) return;
    gd.querySelectorAll("svg.main-svg").forEach(svg => svg.setAttribute("viewBox", `0 0 ${fl.width} ${fl.height}`));
    box.style.setProperty("--zh-aspect", `${fl.width} / ${fl.height}`);
  };
  // Room enough to lay a figure out in: plotly given a box of no width, or a height of a few pixels (a slide's
  // stretched chart while the slide is still laid out, or leaving), places its axis titles at an infinite
  // position ("rotate(-90,Infinity,…)", a console error). Such a box is drawn or resized once it has room.
  const sized = () => gd.isConnected && gd.getClientRects().length > 0 && box.clientWidth >= MIN_W && box.clientHeight >= MIN_PX;
  const chart = box.__chart || (box.__chart = {
    // A new page theme redraws the chart; a box without room then is redrawn once it has some (as a first draw is).
    sync() {
      if (themeKey(pageTheme(box)) === box.__theme) return;
      if (sized()) this.draw(); else box.__pending = () => this.draw().catch(() => {});
    },
    draw() {
      const d = box.__data, th = pageTheme(box);
      box.__theme = themeKey(th);
      box.dataset.theme = th.dark ? "dark" : "light";
      box.style.background = css(th.bg);  // what fullscreen shows around the figure
      // A phone's width: the figure's phone drawing when it has one (names above the tracks, not beside them).
      const phone = box.__phone = narrow();
      const fig = phone && d.phone ? d.phone : d.figure;
      box.dataset.drawing = fig === d.figure ? "own" : "phone";
      const layout = Object.assign({}, fig.layout);
      // A slide's type grows with the screen (1 at a 1366 laptop, up to 1.6 on a 1920+ projector).
      const grow = d.grow ? Math.min(1.6, Math.max(1, box.clientWidth / 1240)) : 1;
      if (grow !== 1) layout.font = Object.assign({}, layout.font, {size: Math.round(((layout.font && layout.font.size) || 14) * grow)});
      layout.template = template(th, (layout.font && layout.font.size) || 14);
      // A narrow box (a phone's column, about 350 px): category labels that would run into each other turn
      // (Plotly's "auto"); wider, they stay level as the figure asks. A phone drawing has laid its labels out itself.
      if (box.clientWidth < 500 && fig === d.figure) {
        for (const k of Object.keys(layout)) {
          if (/^xaxis\d*$/.test(k)) layout[k] = Object.assign({}, layout[k], {tickangle: "auto"});
        }
      }
      layout.height = full() ? window.innerHeight : (fig === d.figure ? d.height : d.phone_height) || undefined;
      layout.autosize = true;
      const fullscreen = {
        name: "fullscreen", title: d.fullscreen_title, icon: FULL,
        click: () => full() ? document.exitFullscreen() : box.requestFullscreen(),
      };
      const config = Object.assign({}, d.config, {responsive: false, modeBarButtonsToAdd: [fullscreen]});
      // The margins this figure settled on when last drawn at this width (a page switch, a slide seen before, a
      // repeat visit), else its seed (a first visit): plotly then skips the second pass its automargin makes when
      // the labels need more room than the figure's own margins (about half a chart's drawing time). Only ever
      // larger than the figure's own; where the labels need more still, automargin adds it as before.
      const figHash = margins.hash(fig), size = layout.font && layout.font.size;
      const memoKey = margins.key(d.key, figHash, box.clientWidth, size, full());
      const kept = margins.get(memoKey)
        || (d.seeds && d.seeds[margins.seedKey(figHash, size, full(), box.clientWidth <= (d.phone_px || 500))]);
      if (kept) {
        const own = layout.margin || {};
        layout.margin = Object.assign({}, own, ...["l", "r", "t", "b"].map(k => ({[k]: Math.max(kept[k], own[k] || 0)})));
      }
      return hub.P.react(gd, fig.data, layout, config).then(r => {
        fitToPrint();
        margins.set(memoKey, gd._fullLayout && gd._fullLayout._size);
        return r;
      });
    },
  });
  const failedWith = err => {
    if (box.__seq !== seq) return;
    box.dataset.state = "error";
    failed.textContent = data.failed;
    failed.hidden = false;
    console.warn("zh-plotly:", err && err.message);
  };
  // Newer data that arrived while this draw waited its turn has its own draw queued; a box taken off the page
  // meanwhile (a page switch) is not drawn at all.
  const current = () => box.__seq === seq && gd.isConnected;
  // Its turn may come long after it was asked for (a chart waits until scrolled near): the box must still have room
  // then (a slide leaving squeezes it), or it is drawn by the ResizeObserver below once it has.
  const later = {};
  const first = () => hub.turn(box, () => {
    if (!current()) return null;
    if (!sized()) { box.__pending = () => first().catch(failedWith); return later; }
    return chart.draw();
  }).then(r => {
    if (!current() || r === later) return;
    failed.hidden = true;
    box.dataset.state = "drawn";
    hub.charts.add(chart);
  });
  hub.load(data.bundle, data.hold_ms).then(() => {
    if (box.__seq !== seq) return;  // newer data arrived while the bundle was loading
    // A box with no width yet (its slide or column still being laid out) would be drawn with an infinite axis
    // position ("rotate(-90,Infinity,…)"): it is drawn by the ResizeObserver below once it has one.
    if (!sized()) { box.__pending = () => first().catch(failedWith); return; }
    return first();
  }).catch(failedWith);

  if (!box.__ro) {
    // Width follows the column (sidebar, window, presenter mode); plotly's own "responsive"
    // only listens to the window.
    // A box being taken off the page (a slide leaving) is not displayed: plotly refuses to resize it,
    // with a rejected promise that would surface as a page error; there is nothing to resize then.
    // The resize waits 100 ms for the layout to settle (as plotly's own Plots.resize does), and the room is checked
    // when it runs, not when it was asked for: Plots.resize only checks that the box is displayed, so a slide's
    // chart squeezed to a few pixels in those 100 ms (the next slide coming in) was laid out in them, with negative
    // sizes and infinite positions logged as console errors.
    // Across the phone width (a tablet turned, a window narrowed) the chart is drawn again: the phone drawing and the
    // turning labels are chosen when it is drawn.
    const resize = () => {
      box.__resizeAt = 0;
      if (box.dataset.state !== "drawn" || !sized() || !hub.P) return;
      if (narrow() !== box.__phone) chart.draw().catch(() => {});
      else hub.P.relayout(gd, {autosize: true}).then(fitToPrint, () => {});
    };
    box.__ro = new ResizeObserver(() => {
      size();
      if (box.__pending && sized()) { const draw = box.__pending; box.__pending = null; draw(); return; }
      if (box.dataset.state === "drawn" && sized()) {
        window.clearTimeout(box.__resizeAt);
        box.__resizeAt = window.setTimeout(resize, 100);
      }
    });
    box.__ro.observe(box);
    box.__ro.observe(root);
    box.addEventListener("fullscreenchange", () => {
      if (full()) box.style.height = "100vh"; else size();
      if (box.dataset.state === "drawn" && sized()) chart.draw();
    });
  }
  return () => {
    hub.charts.delete(chart);
    window.clearTimeout(box.__resizeAt);
    box.__ro.disconnect();
    if (hub.P && box.dataset.state === "drawn") hub.P.purge(gd);
  };
}
