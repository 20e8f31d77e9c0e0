// Runs first in the page's <head>, before Streamlit's own code (components/app_address.py puts it there). On a
// deep link (/innovation, /zhenhai/city) Streamlit's client first looks for the app at the page's own address,
// gets two 404s (<page>/_stcore/health and host-config) and tries the parent address 100 ms later. The parent is
// where the app is: this names it in Streamlit's setting for hosts, so the client goes there at once. Only when the
// address ends in one of our pages (PAGES, from components/sitemap.py); a host that already names the app wins.
(function () {
  var PAGES = __PAGES__;
  var w = window, given = w.__streamlit || {};
  if (given.BACKEND_BASE_URL) return;
  var path = location.pathname.replace(/\/+$/, "");
  var cut = path.lastIndexOf("/");
  if (PAGES.indexOf(path.slice(cut + 1)) < 0) return;
  w.__streamlit = Object.assign({}, given, { BACKEND_BASE_URL: location.origin + path.slice(0, cut) });
})();
