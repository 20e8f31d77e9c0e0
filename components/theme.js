// force_theme()'s element (components/theme.py says how Streamlit 1.67 can be forced and why this way).
// If the page is drawn in the other theme than data.theme, cover it in the wanted background and reload it
// once with embed_options=<theme>_theme added, which Streamlit's frontend honours from the first frame.
export default function ({ data, parentElement }) {
  const want = data && data.theme;
  if (want !== "dark" && want !== "light") return;
  const app = (data.app && document.querySelector(data.app)) || parentElement;
  const rgb = (getComputedStyle(app).backgroundColor.match(/\d+(\.\d+)?/g) || []).map(Number);
  if (rgb.length < 3) return;
  const luminance = (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
  if ((luminance < 0.5) === (want === "dark")) return;  // already drawn in the wanted theme
  const url = new URL(window.location.href);
  const option = want + "_theme";
  const options = url.searchParams.getAll("embed_options");
  if (options.includes(option)) return;  // asked for it once already: never a reload loop
  url.searchParams.delete("embed_options");
  for (const o of options) if (!o.endsWith("_theme")) url.searchParams.append("embed_options", o);
  url.searchParams.append("embed_options", option);
  const cover = document.createElement("div");
  cover.setAttribute("style", "position:fixed;inset:0;z-index:2147483647;background:" + data.cover);
  document.body.appendChild(cover);
  window.location.replace(url.toString());
}
