// navigator()'s element (components/nav.py): a plain click on one of the page's a[data-zh-nav] links switches pages
// inside the running app, as st.page_link does, instead of loading the document again. Served from static/ and
// loaded by components/static_script.js.
// One listener per document; each mount of the element hands it its newest setTriggerValue. A click with a modifier
// key or another button, or while no element is mounted (the script not loaded yet, a page switch under way), is
// left to the browser: the link's href is the same page's full address.
const hub = window.__zhNav || (window.__zhNav = (() => {
  const h = { trigger: null };
  document.addEventListener("click", (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target instanceof Element ? e.target.closest("a[data-zh-nav]") : null;
    if (!a || !h.trigger || (a.target && a.target !== "_self")) return;
    e.preventDefault();
    h.trigger("go", { page: a.dataset.zhNav, query: a.search.replace(/^\?/, "") });
  });
  return h;
})());

export default function (component) {
  const trigger = component.setTriggerValue;
  hub.trigger = trigger;
  return () => { if (hub.trigger === trigger) hub.trigger = null; };
}
