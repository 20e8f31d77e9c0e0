// The whole inline script of a components-v2 element whose real script is a file under static/
// (components/static_script.py says why). data.script is that file's address relative to the page, so it
// follows a base path or a proxy's sub-path; the browser fetches it once per page load and every later mount
// finds the module ready. The file's default export is called with the component as Streamlit gives it, and
// what it returns (the cleanup) is handed back to Streamlit.
export default async function (component) {
  const { default: mount } = await import(new URL(component.data.script, document.baseURI).href);
  return mount(component);
}
