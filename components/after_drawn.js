// after_drawn()'s element (components/after_drawn.py): asks Python for one rerun once the page has been shown, that
// is once page_drawn.js has marked the html element with data-zh-drawn (our own attribute, not Streamlit's).
export default function (component) {
  const root = document.documentElement;
  let sent = false;
  const send = () => {
    if (sent || !root.hasAttribute("data-zh-drawn")) return;
    sent = true;
    component.setTriggerValue("drawn", true);
  };
  const watch = new MutationObserver(send);
  watch.observe(root, { attributes: true, attributeFilter: ["data-zh-drawn"] });
  send();
  return () => watch.disconnect();
}
