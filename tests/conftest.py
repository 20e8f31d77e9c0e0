"""Shared fixtures: a copy of the data to edit, AppTest runs of any page, and a real browser."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from components.sitemap import SCRIPT, URL_PATH

ROOT = Path(__file__).resolve().parent.parent
# What the app's server runs (`make run`, scripts/serve.sh, Community Cloud): app.py behind its AppAddress middleware.
APP_SERVER = "streamlit_app.py"
ARTICLE = ROOT.parent / "shared" / "source" / "000_891c527d1a4fcf40.txt"
# The app's own site map (components/sitemap.py): every page's script and URL path.
PAGE_SCRIPTS = dict(SCRIPT)
URLS = dict(URL_PATH)
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]'
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
    "--ignore-gpu-blocklist",
]
# The tests' browser composites its frames in software: with SwiftShader doing the compositing as well (the
# benchmark's flags above, closer to a real GPU's path) its GPU process took a quarter of the CPU the page tests
# used (measured: 22.6 s of 85 s over 12 page views, 6.9 s with this flag). Pages, layout, WebGL (deck.gl's map,
# still on SwiftShader) and screenshots are the same; the benchmark's timings keep CHROMIUM_ARGS.
TEST_CHROMIUM_ARGS = [*CHROMIUM_ARGS, "--disable-gpu-compositing"]
# Requests the page may make that fail here without anything being wrong: basemap tiles (no internet).
TILE_HOSTS = ("cartocdn", "basemaps", "mapbox", "tile")


# ----------------------------------------------------------------------------------------------
# Skips: a skipped test hides whatever it would have found, so any skip fails the run unless the test is
# marked @pytest.mark.allowed_skip(reason) and the reason holds (the article's text is the one case today).

SHARED = ROOT.parent / "shared"
ARTICLE_SKIP = ("the article's text is not shipped with the project; it is in ../shared/source on the team's "
                "machines and in CI, and absent on GitHub's runners")


def pytest_collection_modifyitems(config, items):
    for item in items:
        marker = item.get_closest_marker("allowed_skip")
        if marker is not None and not (marker.args or marker.kwargs.get("reason")):
            raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.allowed_skip needs its reason")
        tier_marks(item)
    xdist_groups(config, items)
    # Tests marked slow (tens of seconds each) first: parallel workers hand out tests in this order, and a long
    # test handed out last would leave one worker running alone at the end.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


# ----------------------------------------------------------------------------------------------
# Tiers: `make test-fast` runs `-m "not browser and not office and not proxy and not slow"`. A test's tier
# follows from the fixtures it uses (their whole closure), so a new test cannot land in the fast tier by
# forgetting a mark: a browser or a server makes it `browser`, LibreOffice or poppler `office`, nginx `proxy`.
# A Server started by hand checks the same at run time (Server.__init__).

TIER_FIXTURES = {
    "browser": ("browser", "playwright_session", "server", "servers", "watched"),
    "office": ("office",),
    "proxy": ("nginx",),
}
SLOW_TIERS = ("browser", "office", "proxy", "slow")
FAST_EXPRESSION = " and ".join(f"not {m}" for m in SLOW_TIERS)


def xdist_groups(config, items) -> None:
    """Keep each xdist_group on one worker. pytest-xdist 3.8's --dist loadgroup tells the controller a test's group
    by renaming the test on the worker ("...@group", through item._nodeid), which pytest 9 no longer reads (a node's
    id is item._id): without this the tests of a group are spread over the workers, each starting the group's
    servers. Does nothing where the rename worked, and outside a loadgroup worker."""
    if not (hasattr(config, "workerinput") and getattr(config.option, "loadgroup", False)):
        return
    for item in items:
        names = {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")}
        if names and "@" not in item.nodeid.rsplit("]", 1)[-1]:
            from _pytest.nodeid import NodeId

            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(sorted(names))}")


def tier_marks(item) -> None:
    names = set(getattr(item, "fixturenames", ()))
    for mark, fixtures in TIER_FIXTURES.items():
        if names & set(fixtures) and item.get_closest_marker(mark) is None:
            item.add_marker(mark)


# ----------------------------------------------------------------------------------------------
# Tables a test prints for people (e.g. bytes through the proxy): written to files by whichever process ran the
# test and shown once, at the end of the run, by the process that reports (under pytest-xdist the workers'
# own terminal output is not shown).

REPORT_DIR_ENV = "ZHENHAI_TEST_REPORT_DIR"


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # the controller, or a run without workers: they inherit the folder
        os.environ[REPORT_DIR_ENV] = tempfile.mkdtemp(prefix="zhenhai-test-report-")


def report_lines(name: str, lines: list[str]) -> None:
    folder = os.environ.get(REPORT_DIR_ENV)
    if folder:
        with tempfile.NamedTemporaryFile("w", dir=folder, prefix=name + "-", suffix=".txt", delete=False,
                                         encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


def pytest_terminal_summary(terminalreporter, config):
    folder = os.environ.get(REPORT_DIR_ENV)
    if hasattr(config, "workerinput") or not folder or not Path(folder).is_dir():
        return
    for path in sorted(Path(folder).glob("*.txt")):
        terminalreporter.write_line("")
        for line in path.read_text(encoding="utf-8").splitlines():
            terminalreporter.write_line(line)
    shutil.rmtree(folder, ignore_errors=True)


_current: list = []  # the test being set up or run (a Server started outside a slow tier fails it)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    _current[:] = [item]
    yield


def _check_tier(what: str) -> None:
    item = _current[0] if _current else None
    if item is not None and not any(item.get_closest_marker(m) for m in SLOW_TIERS):
        pytest.fail(f"{item.nodeid} starts {what} but is in the fast tier: use the `server`/`servers`/`browser` "
                    "fixtures (which mark it `browser`) or mark it @pytest.mark.browser")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail") and item.get_closest_marker("allowed_skip") is None:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = (f"skipped ({reason}), and a skip hides a failure: make the test run here, or mark it "
                           "@pytest.mark.allowed_skip(reason) if skipping is right on some machines")


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    report = outcome.get_result()
    if report.skipped:  # a whole module skipped at import: the same rule
        report.outcome = "failed"
        report.longrepr = f"{collector.nodeid} skipped at collection ({report.longrepr}): a skip hides a failure"


def need_article() -> str:
    """The article's text, for tests checked against it. Where the shared folder is, the article must be
    too (a missing file there is a failure, not a skip); only a machine without it (GitHub's runners) skips,
    and only tests marked allowed_skip(ARTICLE_SKIP) may."""
    if ARTICLE.exists():
        return ARTICLE.read_text(encoding="utf-8")
    if SHARED.exists():
        pytest.fail(f"{SHARED} is here but the article is not at {ARTICLE}")
    pytest.skip(f"{ARTICLE_SKIP} (expected at {ARTICLE})")


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of data/ that the app reads instead (ZHENHAI_DATA_DIR)."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    monkeypatch.setenv("ZHENHAI_DATA_DIR", str(target))
    return target


def strip_later_sources(folder: Path) -> set[str]:
    """Turn a copy of data/ into the article's rows alone: every source that later figures, events or searches
    cite is dropped with those rows (the map's sources stay); returns the sources dropped."""
    import csv
    import io

    def rows(name):
        return list(csv.DictReader(io.StringIO((folder / name).read_text(encoding="utf-8"))))

    def write(name, header, kept):
        out = io.StringIO()
        w = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(kept)
        (folder / name).write_text(out.getvalue(), encoding="utf-8")

    later = {r["source"] for n in ("indicators.csv", "milestones.csv") for r in rows(n)} - {"article"}
    later |= {s for r in rows("not_found.csv") for s in r["sources"].split(";") if s}
    for name in ("indicators.csv", "milestones.csv"):
        all_rows = rows(name)
        write(name, list(all_rows[0]), [r for r in all_rows if r["source"] not in later])
    sources = rows("sources.csv")
    write("sources.csv", list(sources[0]), [r for r in sources if r["id"] not in later])
    header = (folder / "not_found.csv").read_text(encoding="utf-8").splitlines()[0]
    (folder / "not_found.csv").write_text(header + "\n", encoding="utf-8")
    return later


@pytest.fixture
def article_copy(data_copy) -> Path:
    """A private copy of data/ with the article's rows alone (no later report), that the app reads instead."""
    strip_later_sources(data_copy)
    return data_copy


def edit_csv(path: Path, row_id: str, column: str, value: str) -> None:
    """Change one cell of a CSV in place (by its id column), keeping everything else byte for byte."""
    import csv
    import io

    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    col = rows[0].index(column)
    hit = [r for r in rows[1:] if r and r[0] == row_id]
    assert hit, f"{row_id} not in {path.name}"
    hit[0][col] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def csv_line(table: str, **cells) -> str:
    """One line of a data file from named cells (the rest empty), in the file's own column order, so a test's
    row keeps fitting when a column is added."""
    import csv
    import io

    from components.data import TABLES

    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([cells.get(c, "") for c in TABLES[table].columns])
    return out.getvalue()


def append_line(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + line + "\n", encoding="utf-8")


def add_test_source(folder: Path, sid: str = "report_2022", published: str = "2022-03", **cells) -> None:
    """Register a made-up later source in a copy of the data (sources.csv)."""
    row = dict(id=sid, title_zh="测试报告", title_en="Test report", short_zh="测试报告", short_en="test report",
               publisher_zh="测试单位", publisher_en="Test office", published=published, what_zh="测试数字",
               what_en="Test figures", licence_zh="仅供测试", licence_en="Test only")
    row.update(cells)
    append_line(folder / "sources.csv", csv_line("sources", **row))


def run_page(key: str, lang: str = "zh", present: bool = False, timeout: int = 60, **params):
    """Run a page in AppTest the way a deep link opens it; returns the finished AppTest."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if key != "home":
        at.switch_page(PAGE_SCRIPTS[key])
    at.query_params["lang"] = lang
    if present:
        at.query_params["present"] = "1"
    for k, v in params.items():
        at.query_params[k] = str(v)
    return at.run()


def open_table_views(at):
    """Open every expander that draws its tables only once opened (ui.table_view's "View as table", the map's
    sources) as a click in the browser does, through its state in session state under its key; rerun and
    return the AppTest."""
    for e in at.get("expander"):
        if e.proto.id:  # a stateful expander: "$$ID-<hash>-<key>"
            at.session_state[e.proto.id.split("-", 2)[-1]] = True
    return at.run()


def chart_spec(at, name: str) -> dict:
    specs = chart_specs(at)
    hits = [s for k, s in specs.items() if k == name or k.endswith(name)]
    assert hits, f"no chart {name!r} among {list(specs)}"
    return hits[0]


_BUILT: dict[tuple, object] = {}


def build(key: str, lang: str = "zh", folder=None):
    """A page's content (its sections), read straight from data/ or from a folder (no Streamlit). The project's
    own data is built once per page and language while its files are unchanged (their stamp is in the key);
    a folder a test made is read afresh every time."""
    from components import data
    from components.content import build_page, fresh_loader

    if folder is not None:
        return build_page(key, lang, fresh_loader(folder))
    where = data.data_dir()
    k = (key, lang, str(where), data.all_files_stamp(where))
    if k not in _BUILT:
        _BUILT[k] = build_page(key, lang, fresh_loader(None))
    return _BUILT[k]


def section(key: str, lang: str = "zh", folder=None):
    """One section by its key ('innovation.growth')."""
    page = build(key.split(".")[0], lang, folder)
    hits = [s for s in page.sections if s.key == key]
    assert hits, f"no section {key!r} among {[s.key for s in page.sections]}"
    return hits[0]


def html_bodies(at) -> list[str]:
    """The markup of every st.html element the page sent, in page order."""
    return [e.proto.body for e in at.get("html")]


def html_text(at) -> str:
    """The text of every st.html element (style and script left out), one block per line."""
    from shown_html import lines, parse

    return "\n".join(lines(parse(b).text()) for b in html_bodies(at))


def kpis(at):
    """Every KPI card the page drew (shown_html.ShownKpi: label, value, details, help, delta), in page order."""
    from shown_html import kpis_in

    return [k for b in html_bodies(at) for k in kpis_in(b)]


def all_text(at) -> str:
    """Every piece of text the page put on screen, for 'is it shown' checks (help texts included)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "error", "warning", "info", "success"):
        parts += [str(e.value) for e in at.get(kind)]
    parts.append(html_text(at))
    for e in at.get("expander"):
        parts.append(str(e.label))
    return "\n".join(parts)


def chart_elements(at) -> list[dict]:
    """Every Plotly figure the page shows, in page order, whichever renderer drew it: our light one
    (components/plotly_web.py, a components-v2 element whose data carries the figure) or the
    st.plotly_chart fallback. Each is {"data", "layout", "key" (the element key the page gave it),
    "renderer" ("light" or "plotly_chart")}."""
    from streamlit.testing.v1.element_tree import Block

    from components.plotly_web import spec_from_element

    out: list[dict] = []

    def walk(node) -> None:
        if isinstance(node, Block):
            for child in node.children.values():
                walk(child)
            return
        spec = spec_from_element(node)
        if spec is not None:
            # Streamlit's element ids read "$$ID-<hash>-<user key>".
            out.append({**spec, "key": node.proto.id.split("-", 2)[-1],
                        "renderer": "plotly_chart" if node.type == "plotly_chart" else "light"})

    walk(at.main)
    walk(at.sidebar)
    return out


def slide_text(slide) -> str:
    """The words of a deck slide: every text frame and table cell, a line each."""
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [c.text for row in shape.table.rows for c in row.cells]
    return "\n".join(parts)


def chart_specs(at) -> dict[str, dict]:
    """Each chart on an AppTest page by its name ({name: {data, layout, ...}}): the element key is
    <page>_chart_<name> (ui.show_chart)."""
    return {e["key"].rsplit("_chart_", 1)[-1]: e for e in chart_elements(at)}


# ----------------------------------------------------------------------------------------------
# Browser


# The tests' browser, first choice: Chromium's headless shell (Debian's chromium-headless-shell; playwright's own
# download uses its copy by itself), the same Blink and V8 as the browser without the browser's own UI layer. Measured
# here: a bare Streamlit page 1.1 s of CPU against 2.0 s, a chart page 3.9 against 4.6, and `make test` 11 min 29 s
# against 13 min 26 s. The benchmark keeps the full browser (shell=False), what people open the app in.
HEADLESS_SHELL = ("chromium-headless-shell",)


def chromium_path(shell: bool = True) -> str | None:
    env = os.environ.get("CHROMIUM_PATH")
    if env:
        return env
    for name in (*(HEADLESS_SHELL if shell else ()), "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None  # playwright's own download (make test installs it when there is no system one)


class PortTaken(RuntimeError):
    """The server could not bind its port: another process took it first."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A streamlit server on a free port, started fresh; waits on /_stcore/health. Its output goes to
    a file (a pipe nobody reads would fill up and stall a long-running server)."""

    def __init__(self, env: dict | None = None, script: str = APP_SERVER, timeout: float = 60,
                 cmd: list[str] | None = None, port: int | None = None, base_path: str = ""):
        # cmd replaces the streamlit command (it must listen on 127.0.0.1:port under base_path);
        # url then includes the base path, e.g. http://127.0.0.1:PORT/zhenhai.
        _check_tier(f"a server ({script})")
        self.script = script
        # With parallel workers another process may take a free port between free_port() and the server's bind:
        # a port chosen here is tried again with a new one when the server says it is taken.
        for attempt in range(3):
            try:
                self._start(env, script, timeout, cmd, port or free_port(), base_path)
                return
            except PortTaken:
                if port is not None or attempt == 2:
                    raise

    def _start(self, env, script, timeout, cmd, port, base_path) -> None:
        self.port = port
        base = base_path.strip("/")
        self.url = f"http://127.0.0.1:{self.port}" + (f"/{base}" if base else "")
        self._log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        command = [c.replace("{port}", str(port)) for c in cmd] if cmd else [
            sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
            "--server.port", str(self.port), "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
            "--server.baseUrlPath", base]
        env = {**os.environ, **(env or {})}
        env = {k: v.replace("{port}", str(port)) for k, v in env.items()}
        self.proc = subprocess.Popen(command, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT, text=True,
                                     env=env)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                log = self.log()
                if "already in use" in log:
                    raise PortTaken(log)
                raise RuntimeError(f"streamlit {script} exited: {log}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)  # polling the health endpoint: there is no event to wait on
        self.stop()
        raise RuntimeError(f"streamlit {script} did not become healthy in {timeout:.0f} s")

    def rss_mb(self) -> float:
        """Resident memory of the server process and all its descendants, from /proc."""
        children: dict[int, list[int]] = {}
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    stat = (d / "stat").read_text()
                except OSError:
                    continue
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(d.name))
        total, todo = 0, [self.proc.pid]
        while todo:
            pid = todo.pop()
            todo += children.get(pid, [])
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total / 1024

    def log(self) -> str:
        """Everything the server has printed so far."""
        self._log.flush()
        self._log.seek(0)
        return self._log.read()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_fresh(n: int, **kw) -> list[Server]:
    """n fresh servers started at once, so that their start-ups overlap; each is for one first visit (a cold start),
    and its test stops it."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(n) as pool:
        futures = [pool.submit(Server, **kw) for _ in range(n)]
        started = [f.result() for f in futures if f.exception() is None]
        if len(started) < n:
            for s in started:
                s.stop()
            raise next(f.exception() for f in futures if f.exception() is not None)
        return started


@pytest.fixture(scope="session")
def servers():
    """One server per configuration for the whole run (per worker under pytest-xdist): servers(script=...,
    env={...}, base_path=...) starts it the first time it is asked for and hands back the same one after that.
    Tests that must be a server's first visitor (a cold start) start their own Server instead."""
    started: dict[tuple, Server] = {}

    def get(script: str = APP_SERVER, env: dict | None = None, base_path: str = "", **kw) -> Server:
        key = (script, tuple(sorted((env or {}).items())), base_path.strip("/"), tuple(sorted(kw.items())))
        if key not in started:
            started[key] = Server(env=env, script=script, base_path=base_path, **kw)
        return started[key]

    yield get
    for s in started.values():
        s.stop()


@pytest.fixture(scope="session")
def server(servers):
    return servers()


@pytest.fixture(scope="session")
def office() -> str:
    """LibreOffice's soffice, with poppler's pdftotext, pdftoppm and pdffonts beside it: a test that asks for it
    is in the `office` tier."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found and Path("/usr/lib/libreoffice/program/soffice").exists():
        found = "/usr/lib/libreoffice/program/soffice"
    assert found, "LibreOffice is missing: run `make test` (scripts/ensure_office.sh installs it)"
    missing = [t for t in ("pdftotext", "pdftoppm", "pdffonts") if not shutil.which(t)]
    assert not missing, f"poppler-utils missing ({missing}): run scripts/ensure_office.sh"
    return found


@pytest.fixture(scope="session")
def playwright_session():
    """One Playwright for the whole run: a second sync_playwright() in the same process fails
    ("Sync API inside the asyncio loop"), so every browser is launched from this one."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_session):
    b = playwright_session.chromium.launch(executable_path=chromium_path(), args=TEST_CHROMIUM_ARGS)
    yield b
    b.close()


class Watched:
    """A browser page with its console errors, page errors and failed requests collected."""

    def __init__(self, page, probe_404: bool = False):
        # probe_404: the page comes from a test app started without streamlit_app.py's AppAddress (tests/apps/), so
        # a deep link's client asks the page's own address for the server first and gets a 404: expected there.
        self.page = page
        self.probe_404 = probe_404
        self.errors: list[str] = []
        self.tile_failures = 0
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append("pageerror: " + str(e)[:200]))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, msg):
        text = msg.text or ""
        # Failed loads are judged from the requests themselves (below); deck.gl reports a failed
        # basemap fetch as "Failed to fetch".
        if msg.type == "error" and "Failed to load resource" not in text and "Failed to fetch" not in text:
            self.errors.append(text[:200])

    def _failed(self, req):
        if any(h in req.url for h in TILE_HOSTS):
            self.tile_failures += 1
        elif req.url.startswith("blob:") or (req.failure or "").startswith("net::ERR_ABORTED"):
            pass  # cancelled because the test moved on to the next page, not a failure of this one
        else:
            self.errors.append("request failed: " + req.url[:160])

    def _response(self, resp):
        # Every failed response counts, Streamlit's own included: a deep link no longer probes <page>/_stcore/ first
        # (components/app_address.py), so a 404 there is a failure too.
        if resp.status >= 400 and not (self.probe_404 and resp.status == 404 and "/_stcore/" in resp.url):
            self.errors.append(f"HTTP {resp.status} {resp.url[:160]}")

    def open(self, base: str, path: str, timeout: int = 45000, title: str | None = None):
        """Go to a URL and wait until the page's title is drawn (that exact title, when given) and the script
        is idle."""
        self.page.goto(base + path)
        if title is None:
            self.page.wait_for_selector("h1", timeout=timeout)
        else:
            wait_title(self.page, title, timeout)
        wait_idle(self.page, timeout)
        # The slides' keys listen once the keys component's module has run, which can come after the script is
        # idle (its code arrives on its own): a key pressed before then does nothing. Pages without the
        # component (not presenter mode, the tests' own small apps) have nothing to wait for.
        self.page.wait_for_function("() => !!window.__zhDeck || !document.querySelector('.st-key-deck_keys')",
                                    timeout=timeout)
        return self.page


def draw_every_chart(page, timeout: int = 60000) -> None:
    """Bring every chart of the page on screen in turn, as a reader scrolling down does, and wait until each is drawn
    (or has said it failed): a chart far from the screen waits until it comes near (static/components/plotly_web.js).
    Then back to the top. Charts in a closed expander or tab are left alone."""
    n = page.evaluate("() => document.querySelectorAll('.zh-plotly').length")
    for i in range(n):
        page.evaluate("""i => { const b = document.querySelectorAll('.zh-plotly')[i];
                                if (b && b.getClientRects().length) b.scrollIntoView({block: 'center'}); }""", i)
        page.wait_for_function("""i => { const b = document.querySelectorAll('.zh-plotly')[i];
            return !b || !b.getClientRects().length || b.dataset.state === 'drawn' || b.dataset.state === 'error'; }""",
                               arg=i, timeout=timeout)
    page.evaluate("""() => { for (let n = document.querySelector('.zh-plotly'); n; n = n.parentElement)
                               if (n.scrollTop) n.scrollTop = 0; }""")


def wait_title(page, title: str, timeout: int = 45000) -> None:
    """Wait until the page's <h1> reads exactly `title` (the title of the page that should be on screen)."""
    page.wait_for_function("t => document.querySelector('h1')?.textContent.trim() === t", arg=title,
                           timeout=timeout)


def wait_idle(page, timeout: int = 45000) -> None:
    """Wait until the script has finished and the app is connected (no sleeping)."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        """() => { const a = document.querySelector('[data-testid="stApp"]');
                   return a && a.getAttribute('data-test-script-state') === 'notRunning'
                     && a.getAttribute('data-test-connection-state') === 'CONNECTED'
                     && !document.querySelector('[data-testid="stSkeleton"]')
                     // The page is shown (components/page.py holds it back until drawn), not only in the DOM.
                     && (!document.querySelector('.st-key-page')
                         || document.documentElement.hasAttribute('data-zh-drawn')); }""",
        timeout=timeout,
    )


@pytest.fixture
def watched(browser):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    w = Watched(ctx.new_page())
    yield w
    ctx.close()
