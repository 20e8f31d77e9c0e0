"""The app behind the shipped nginx config at a sub-path: deep links, navigation, downloads, gzip (#17)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import (
    ROOT,
    TEST_CHROMIUM_ARGS,
    URLS,
    PortTaken,
    Server,
    Watched,
    chromium_path,
    free_port,
    report_lines,
    wait_idle,
)

from components.i18n import t

# One worker holds this module's own server(s) (make test runs --dist loadgroup).
pytestmark = pytest.mark.xdist_group("proxy")

SUB = "zhenhai"  # the sub-path in deploy/nginx.conf and ZHENHAI_BASE_PATH
# The shipped server_name. Chromium resolves it to 127.0.0.1, so the browser talks to nginx the way an
# office browser does: a host name that is not localhost, which is what Streamlit's websocket origin
# check and the app's links have to cope with.
PUBLIC_HOST = "intranet.example"
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
SERVE = ROOT / "scripts" / "serve.sh"
CHART_PAGES = {"innovation", "investment", "city", "digital"}
MAP_PAGES = {"city"}
VARIANTS = {"zh": "", "en": "?lang=en", "present": "?present=1"}

# The two lines of deploy/nginx.conf marked "ADAPT" that carry a port: the only ones the test changes.
LISTEN_LINE = re.compile(r"^(\s*listen )80;(?=\s*# ADAPT)", re.M)
UPSTREAM_LINE = re.compile(r"^(\s*server )127\.0\.0\.1:8501;(?=\s*# ADAPT)", re.M)

# What Debian's /etc/nginx/nginx.conf does around a conf.d file, with every path in a private
# directory so nginx runs as the test's user; the shipped file is included as it is.
MAIN_CONF = """daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 256; }}
http {{
    default_type application/octet-stream;
    access_log {dir}/access.log;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/zhenhai-dashboard.conf;
}}
"""


def site_config(listen_port: int, upstream_port: int) -> str:
    """deploy/nginx.conf with nginx on 127.0.0.1:listen_port and the app on upstream_port; nothing else changed."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    text, n_listen = LISTEN_LINE.subn(rf"\g<1>127.0.0.1:{listen_port};", text)
    text, n_upstream = UPSTREAM_LINE.subn(rf"\g<1>127.0.0.1:{upstream_port};", text)
    assert (n_listen, n_upstream) == (1, 1), "deploy/nginx.conf: the marked listen/server lines changed shape"
    return text


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        pytest.fail("nginx not found: run scripts/ensure_nginx.sh (make test does)")
    return found


@pytest.fixture(scope="session")
def nginx() -> str:
    """nginx's binary: a test that asks for it is in the `proxy` tier (tests/conftest.py)."""
    return nginx_binary()


def serve() -> Server:
    """The app started exactly as `make serve` starts it, under /zhenhai, on a free loopback port (Server
    puts the port it picks in place of {port})."""
    env = {"ZHENHAI_HOST": "127.0.0.1", "ZHENHAI_PORT": "{port}", "ZHENHAI_BASE_PATH": SUB}
    return Server(env=env, cmd=["bash", str(SERVE), sys.executable], base_path=SUB, timeout=90)


class Nginx:
    """nginx with the shipped config in front of an app port, run as this user from a temporary prefix."""

    def __init__(self, upstream_port: int, timeout: float = 30):
        # Parallel workers: a free port may be taken before nginx binds it; then try another.
        for attempt in range(3):
            try:
                self._start(upstream_port, timeout)
                return
            except PortTaken:
                if attempt == 2:
                    raise

    def _start(self, upstream_port: int, timeout: float) -> None:
        self.port = free_port()
        self.origin = f"http://{PUBLIC_HOST}:{self.port}"  # what the browser uses
        self.local = f"http://127.0.0.1:{self.port}"  # the same nginx, for urllib
        self.dir = Path(tempfile.mkdtemp(prefix="zhenhai-nginx-"))
        # Run as root, nginx's workers switch to "nobody" and must reach their temp dirs in here.
        self.dir.chmod(0o755)
        (self.dir / "zhenhai-dashboard.conf").write_text(site_config(self.port, upstream_port), encoding="utf-8")
        main = self.dir / "nginx.conf"
        main.write_text(MAIN_CONF.format(dir=self.dir), encoding="utf-8")
        cmd = [nginx_binary(), "-p", str(self.dir), "-c", str(main), "-e", str(self.dir / "error.log")]
        check = subprocess.run([*cmd, "-t"], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while True:  # polling the health check through the proxy: there is no event to wait on
            if self.proc.poll() is not None:
                log = self.error_log()
                shutil.rmtree(self.dir, ignore_errors=True)
                if "Address already in use" in log:
                    raise PortTaken(log)
                raise RuntimeError(f"nginx exited: {log}")
            try:
                if http_get(self.local + f"/{SUB}/_stcore/health").body == b"ok":
                    return
            except OSError:
                pass
            if time.time() > deadline:
                self.stop()
                raise RuntimeError(f"nginx did not pass /{SUB}/_stcore/health in {timeout:.0f} s: {self.error_log()}")
            time.sleep(0.2)

    def error_log(self) -> str:
        path = self.dir / "error.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def http_get(url: str, headers: dict | None = None) -> Reply:
    """One GET without following redirects; the body as sent (still compressed if it was)."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=10) as r:
            return Reply(r.status, {k.lower(): v for k, v in r.headers.items()}, r.read())
    except urllib.error.HTTPError as e:
        return Reply(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())


# ----------------------------------------------------------------------------------------------
# Fixtures: one app server and one nginx for the module, one browser that resolves PUBLIC_HOST


@pytest.fixture(scope="module")
def app():
    s = serve()
    yield s
    s.stop()


@pytest.fixture(scope="module")
def proxy(app, nginx):
    n = Nginx(app.port)
    yield n
    n.stop()


@pytest.fixture(scope="module")
def pbrowser(playwright_session, nginx):
    b = playwright_session.chromium.launch(executable_path=chromium_path(),
                                           args=[*TEST_CHROMIUM_ARGS, f"--host-resolver-rules=MAP {PUBLIC_HOST} 127.0.0.1"])
    yield b
    b.close()


@pytest.fixture(scope="module")
def wire():
    """Bytes on the wire per deep link, printed as a table at the end of the run (conftest.report_lines: under
    parallel workers a worker's own terminal output is not shown)."""
    rows: dict[str, dict] = {}
    yield rows
    if not rows:
        return
    lines = ["Through nginx (gzip), first visit in a fresh browser: HTTP = every response (transfer "
             "incl. headers) vs uncompressed; JS = the JavaScript alone; ws = websocket KB received",
             "| deep link | HTTP wire KB | HTTP uncompressed KB | JS wire KB | JS uncompressed KB | ws KB |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for link, r in rows.items():
        lines.append(f"| `{link}` | {r['wire'] / 1024:,.0f} | {r['decoded'] / 1024:,.0f} | "
                     f"{r['js_wire'] / 1024:,.0f} | {r['js_decoded'] / 1024:,.0f} | {r['ws'] / 1024:,.1f} |")
    report_lines("proxy-wire", lines)

# ----------------------------------------------------------------------------------------------
# What a page visit through the proxy must show


class ProxiedPage(Watched):
    """A Watched page that also records response headers, websockets and what they carried."""

    def __init__(self, page):
        super().__init__(page)
        self.encodings: dict[str, str | None] = {}
        self.sockets: list[str] = []
        self.ws_bytes = 0
        self.refused: list[str] = []  # every response >= 400, Streamlit's own probes included
        page.add_init_script("performance.setResourceTimingBufferSize(5000)")
        page.on("response", lambda r: self.encodings.__setitem__(r.url, r.headers.get("content-encoding")))
        page.on("websocket", self._socket)
        page.on("response", lambda r: self.refused.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def _socket(self, ws):
        self.sockets.append(ws.url)
        ws.on("framereceived", lambda payload: setattr(self, "ws_bytes", self.ws_bytes + len(payload)))

    def transfer(self) -> dict:
        """Sizes from the browser's Resource Timing: what crossed the wire and what it unpacked to."""
        return self.page.evaluate("""() => {
          const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
          const sum = (es, k) => es.reduce((s, e) => s + e[k], 0);
          const js = all.filter(e => new URL(e.name).pathname.endsWith('.js'));
          return {wire: sum(all, 'transferSize'), decoded: sum(all, 'decodedBodySize'),
                  js_wire: sum(js, 'transferSize'), js_decoded: sum(js, 'decodedBodySize'),
                  js: js.map(e => [e.name, e.decodedBodySize, e.encodedBodySize])};
        }""")


def app_links(page) -> list[str]:
    """The address of every link the app draws (resolved, as the browser would follow it), in-page
    anchors (#heading) left out. Add QR-code and slide addresses here when they exist."""
    return page.evaluate("""() => [...document.querySelectorAll('[data-testid="stApp"] a[href]')]
        .filter(a => !a.getAttribute('href').startsWith('#')).map(a => a.href)""")


def assert_public(urls: list[str], origin: str, upstream_port: int) -> None:
    """Every address the app hands out that points at the app is the proxied one, sub-path included:
    links to our own host start with origin + /zhenhai/; none points at the app server behind nginx."""
    prefix = f"{origin}/{SUB}/"
    own = [u for u in urls if u.startswith(origin)]
    assert all(u.startswith(prefix) for u in own), [u for u in own if not u.startswith(prefix)]
    leaked = [u for u in urls if f":{upstream_port}" in u or "localhost" in u or "127.0.0.1" in u]
    assert not leaked, leaked


def wait_drawn(page, key: str, present: bool) -> None:
    """Every Plotly chart on or near the screen has drawn its SVG (one further down waits until it is scrolled
    near) and the map is there (drawn, or a zoomable map's canvas). Chart pages must have charts in the reading view; presenter mode may show a part of the page (slides), so there
    only what is shown must be drawn."""
    expect = {"plotly": int(key in CHART_PAGES and not present), "map": int(key in MAP_PAGES and not present)}
    page.wait_for_function(
        """(exp) => {
          const plots = [...document.querySelectorAll('[data-testid="stPlotlyChart"], .zh-plotly')];
          const decks = [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')];
          const drawn = document.querySelectorAll('.zh-map-frame svg').length ? 1 : 0;
          return plots.length >= exp.plotly && decks.length + drawn >= exp.map
            && plots.every(p => p.dataset.state === 'waiting' || p.querySelector('svg.main-svg'))
            && decks.every(d => { const c = d.querySelector('canvas'); return c && c.width > 0 && c.height > 0; });
        }""", arg=expect, timeout=60000)


def check_page(w: ProxiedPage, proxy: Nginx, app: Server, key: str, lang: str, present: bool) -> dict:
    """The checks every proxied page view passes; returns its transfer sizes."""
    page = w.page
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0
    h1 = page.locator("h1").first.inner_text()
    # Meeting mode opens the home page on its title slide, which carries the dashboard's name.
    assert t("common.app.title" if (key, present) == ("home", True) else f"{key}.title", lang) in h1, h1
    wait_drawn(page, key, present)
    assert page.get_by_text("Page not found").count() == 0
    # The live connection went through nginx under the sub-path (websocket upgrade works).
    assert w.sockets and all(s == f"ws://{PUBLIC_HOST}:{proxy.port}/{SUB}/_stcore/stream" for s in w.sockets), w.sockets
    assert_public(app_links(page), proxy.origin, app.port)
    sizes = w.transfer()
    # Every JavaScript file big enough for gzip (nginx's gzip_min_length 1024) arrived compressed.
    js = [(url, decoded) for url, decoded, _ in sizes.pop("js") if decoded >= 1024]
    assert js, "no JavaScript loaded?"
    plain = [url for url, _ in js if w.encodings.get(url) != "gzip"]
    assert not plain, f"JavaScript not gzipped: {plain[:5]}"
    assert sizes["js_wire"] < 0.5 * sizes["js_decoded"], sizes
    # Not even Streamlit's probes of the page's own path (<page>/_stcore/health): the config names the app's
    # address in the page (window.__streamlit), so nothing is asked for at a wrong one.
    assert w.refused == []
    assert w.errors == []
    return {**sizes, "ws": w.ws_bytes}


def visit(pbrowser, proxy: Nginx, path: str) -> tuple[ProxiedPage, object]:
    ctx = pbrowser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", accept_downloads=True)
    w = ProxiedPage(ctx.new_page())
    w.open(proxy.origin, path, timeout=90000)
    return w, ctx


# ----------------------------------------------------------------------------------------------
# Tests


def test_shipped_config_changes_only_the_marked_ports():
    shipped = NGINX_CONF.read_text(encoding="utf-8").splitlines()
    used = site_config(18080, 18501).splitlines()
    changed = [(a, b) for a, b in zip(shipped, used) if a != b]
    assert len(shipped) == len(used) and len(changed) == 2, changed
    assert all("# ADAPT" in a for a, _ in changed)


def test_health_redirect_cache_and_gzip_over_http(app, proxy):
    """What a monitor, a bare /zhenhai link and a browser cache see, read with plain HTTP."""
    assert http_get(proxy.local + f"/{SUB}/_stcore/health").body == b"ok"
    # No trailing slash: nginx's own redirect to the sub-path, the query kept.
    r = http_get(proxy.local + f"/{SUB}?lang=en")
    assert (r.status, r.headers["location"]) == (301, f"/{SUB}/?lang=en"), (r.status, r.headers)
    page = http_get(proxy.local + f"/{SUB}/city?lang=en", {"Accept-Encoding": "gzip"})
    assert page.status == 200 and page.headers.get("content-encoding") == "gzip"
    assert "no-cache" in page.headers.get("cache-control", "")  # the HTML must not be cached: it names the hashed files
    import gzip

    html = gzip.decompress(page.body).decode()
    script = re.search(r'src="\./(static/js/index\.[\w-]+\.js)"', html).group(1)
    js = http_get(proxy.local + f"/{SUB}/{script}", {"Accept-Encoding": "gzip"})
    assert js.status == 200 and js.headers["content-encoding"] == "gzip"
    assert js.headers["cache-control"] == "public, max-age=31536000, immutable"
    direct = http_get(app.url + f"/{script}")
    assert gzip.decompress(js.body) == direct.body
    assert len(js.body) < 0.5 * len(direct.body)


def test_app_static_cache_and_the_named_address(app, proxy):
    """The vendored plotly.js asked for by version is kept for a year, without a version it is asked for again;
    every page's HTML names the app's address for Streamlit's code (window.__streamlit)."""
    import gzip

    from components import plotly_web

    versioned = http_get(proxy.local + f"/{SUB}/{plotly_web.BUNDLE_URL}", {"Accept-Encoding": "gzip"})
    assert versioned.status == 200 and versioned.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert versioned.headers.get("content-encoding") == "gzip"
    assert gzip.decompress(versioned.body) == plotly_web.BUNDLE_FILE.read_bytes()
    bare = http_get(proxy.local + f"/{SUB}/{plotly_web.BUNDLE_URL.split('?')[0]}")
    assert bare.status == 200 and bare.headers["cache-control"] == "no-cache"
    for path in ("/", "/city?lang=en"):
        page = http_get(proxy.local + f"/{SUB}{path}", {"Accept-Encoding": "gzip"})
        assert page.headers.get("content-encoding") == "gzip"
        html = gzip.decompress(page.body).decode()
        assert f'BACKEND_BASE_URL:location.origin+"/{SUB}"' in html and html.index("__streamlit") < html.index("index."), path
    # Streamlit's own answers are untouched.
    assert http_get(proxy.local + f"/{SUB}/_stcore/host-config").status == 200


def test_first_visit_on_a_fresh_server(pbrowser, nginx, wire):
    """The first visitor after a start follows a deep link through the proxy (like a restart or a wake)."""
    fresh = serve()
    nginx = None
    try:
        nginx = Nginx(fresh.port)
        w, ctx = visit(pbrowser, nginx, f"/{SUB}/city")
        try:
            wire[f"/{SUB}/city (first visit, fresh server)"] = check_page(w, nginx, fresh, "city", "zh", present=False)
        finally:
            ctx.close()
    finally:
        if nginx:
            nginx.stop()
        fresh.stop()


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("key", list(URLS))
def test_deep_link_through_the_proxy(pbrowser, app, proxy, wire, key, variant):
    path = f"/{SUB}{URLS[key]}" + VARIANTS[variant]
    w, ctx = visit(pbrowser, proxy, path)
    try:
        lang = "en" if variant == "en" else "zh"
        wire[path] = check_page(w, proxy, app, key, lang, present=variant == "present")
        if variant == "present":
            assert "present=1" in w.page.url
    finally:
        ctx.close()


def wait_url(page, url_prefix: str) -> None:
    """Client-side page changes fire no load event: wait on location.href itself, then for the script."""
    page.wait_for_function("p => location.href.startsWith(p)", arg=url_prefix, timeout=30000)
    wait_idle(page)


def test_navigation_stays_under_the_sub_path(pbrowser, app, proxy):
    """Clicking the app's own links (navigation bar, language switch) lands on the right page under /zhenhai/."""
    w, ctx = visit(pbrowser, proxy, f"/{SUB}/?lang=en")
    try:
        page = w.page
        order = ["innovation", "investment", "city", "digital", "sources", "home"]
        for key in order:
            page.locator(".zh-nav").get_by_role(
                "link", name=t(f"common.nav.{key}", "en"), exact=True).click()
            target = f"{proxy.origin}/{SUB}/" + ("" if key == "home" else key)
            wait_url(page, target + "?")
            page.wait_for_function("t => document.querySelector('h1')?.textContent.includes(t)",
                                   arg=t(f"{key}.title", "en"), timeout=30000)
            assert page.get_by_text("Page not found").count() == 0
            assert_public(app_links(page), proxy.origin, app.port)
        # The language switch from a page keeps the page and the sub-path.
        page.locator(".zh-nav").get_by_role("link", name=t("common.nav.city", "en"), exact=True).click()
        wait_url(page, f"{proxy.origin}/{SUB}/city?")
        page.locator(".zh-nav").get_by_role("link", name=t("common.nav.switch_lang", "en")).click()
        wait_url(page, f"{proxy.origin}/{SUB}/city?")
        page.wait_for_function("() => location.search.includes('lang=zh')", timeout=30000)
        page.wait_for_function("t => document.querySelector('h1')?.textContent.includes(t)",
                               arg=t("city.title", "zh"), timeout=30000)
        assert w.errors == []
    finally:
        ctx.close()


def test_downloads_through_the_proxy(pbrowser, proxy):
    """Download buttons fetch the file from the app's media route, which must work under the sub-path."""
    w, ctx = visit(pbrowser, proxy, f"/{SUB}/sources?lang=en")
    try:
        page = w.page
        wait_idle(page)
        # A download reruns nothing (on_click="ignore"): count the runs that start from here on.
        page.evaluate("""() => { window.__runs = 0; const app = document.querySelector('[data-testid=stApp]');
            new MutationObserver(() => { if (app.getAttribute('data-test-script-state') === 'running') window.__runs++; })
              .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']}); }""")
        with page.expect_download() as dl:
            page.get_by_role("button", name=t("common.ui.download_csv", "en")).first.click()
        raw = Path(dl.value.path()).read_bytes()
        assert dl.value.url.startswith(f"{proxy.origin}/{SUB}/media/"), dl.value.url
        assert raw.startswith(b"\xef\xbb\xbf") and b"," in raw and raw.count(b"\n") > 10
        with page.expect_download() as dl:
            page.get_by_role("button", name=t("sources.zip", "en")).click()
        with zipfile.ZipFile(dl.value.path()) as z:
            assert z.testzip() is None and any(n.endswith(".csv") for n in z.namelist())
        assert page.evaluate("window.__runs") == 0
        assert w.errors == []
    finally:
        ctx.close()


def test_slides_and_qr_code_carry_the_proxied_address(pbrowser, app, proxy):
    """Presenter mode through the proxy: each step's URL, a step across pages, and the QR code of the
    slide (decoded from a screenshot) are the public address under /zhenhai/, never the upstream port."""
    import io

    import zxingcpp
    from PIL import Image

    w, ctx = visit(pbrowser, proxy, f"/{SUB}/investment?present=1&lang=en")
    try:
        page = w.page
        page.keyboard.press("PageDown")
        page.wait_for_function("() => location.search.includes('slide=2')", timeout=30000)
        assert page.url.startswith(f"{proxy.origin}/{SUB}/investment?"), page.url
        page.keyboard.press("End")  # the meeting's last slide, on another page
        wait_url(page, f"{proxy.origin}/{SUB}/digital?")
        page.wait_for_function("() => [...document.querySelectorAll('.st-key-slide_qr img')].some(i => i.complete"
                               " && i.naturalWidth > 0)", timeout=30000)
        codes = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(page.screenshot())))]
        assert codes == [f"{proxy.origin}/{SUB}/digital?lang=en"], codes
        assert_public(app_links(page) + [page.url] + codes, proxy.origin, app.port)
        assert w.errors == []
    finally:
        ctx.close()
