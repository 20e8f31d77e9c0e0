"""Through the proxy (make bench, issue #17): bytes on the wire and deep-link time per page, nginx with gzip vs direct.

One app server started as `make serve` starts it (scripts/serve.sh, under /zhenhai) and one nginx with the
shipped deploy/nginx.conf in front of it (the helpers of tests/test_proxy.py). Each page is opened by deep
link in a fresh browser context (empty cache), once through nginx and once straight from the app server,
interleaved, on two networks: loopback (no limit: what compression costs in CPU) and an emulated office
link (Chromium's network emulation, which throttles the bytes as received, i.e. compressed).

  wire KB   sum of the Resource Timing transferSize of the document and every file (headers included;
            the websocket is not in it and is the same both ways: Streamlit does not compress it)
  ms        performance.now() at the first animation frame where the page is drawn (run.py's DRAWN_JS)
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from test_proxy import SUB, Nginx, serve

OFFICE_MBPS = 20.0  # emulated link: 20 Mbit/s down, 10 up, 20 ms round trip
OFFICE_RTT_MS = 20.0
NETS = {"loopback": None, "office": (OFFICE_MBPS, OFFICE_RTT_MS)}

SIZES_JS = """() => {
  const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  const sum = (es, k) => es.reduce((s, e) => s + e[k], 0);
  const js = all.filter(e => new URL(e.name).pathname.endsWith('.js'));
  return {wire: sum(all, 'transferSize'), decoded: sum(all, 'decodedBodySize'),
          js_wire: sum(js, 'transferSize'), js_decoded: sum(js, 'decodedBodySize')};
}"""


@dataclass
class ProxyRow:
    key: str
    url: str
    wire: dict = field(default_factory=dict)  # "direct"/"nginx" -> bytes (last run; identical runs to runs)
    sizes: dict = field(default_factory=dict)  # "direct"/"nginx" -> the Resource Timing sums
    ms: dict = field(default_factory=dict)  # (net, "direct"/"nginx") -> [ms]

    def med(self, net: str, via: str) -> float:
        vals = self.ms.get((net, via), [])
        return statistics.median(vals) if vals else float("nan")


def _visit(browser, base: str, url: str, expect: dict, drawn_js: str, net) -> tuple[float, dict]:
    """One deep link in a fresh context: ms to drawn and the transfer sizes."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        page = ctx.new_page()
        page.add_init_script("performance.setResourceTimingBufferSize(5000)")
        if net:
            mbps, rtt = net
            cdp = ctx.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", {
                "offline": False, "latency": rtt,
                "downloadThroughput": mbps * 1e6 / 8, "uploadThroughput": mbps * 1e6 / 16})
        page.goto(base + url, wait_until="commit")
        handle = page.wait_for_function(f"(exp) => ({drawn_js})(exp)", arg=expect, timeout=180000, polling="raf")
        return float(handle.json_value()), page.evaluate(SIZES_JS)
    finally:
        ctx.close()


def measure_proxy(browser, pages: list[tuple[str, str, dict]], runs: int, drawn_js: str) -> list[ProxyRow]:
    """pages: (key, URL path as in run.py, expectation for drawn_js). Returns one row per page."""
    app = serve()
    nginx = None
    try:
        nginx = Nginx(app.port)
        bases = {"direct": app.url, "nginx": nginx.local + f"/{SUB}"}
        rows = [ProxyRow(key, url) for key, url, _ in pages]
        for (_, url, expect) in pages:  # warm: imports, caches, the first Plotly import
            for base in bases.values():
                _visit(browser, base, url, expect, drawn_js, None)
        for _ in range(runs):  # interleaved, so other load on the machine spreads over every cell
            for row, (_, url, expect) in zip(rows, pages):
                for net, cond in NETS.items():
                    for via, base in bases.items():
                        ms, sizes = _visit(browser, base, url, expect, drawn_js, cond)
                        row.ms.setdefault((net, via), []).append(ms)
                        row.sizes[via] = sizes
        return rows
    finally:
        if nginx:
            nginx.stop()
        app.stop()


def _kb(v: float) -> str:
    return f"{v / 1024:,.0f}"


def proxy_table(rows: list[ProxyRow], runs: int) -> str:
    """The markdown section for bench/results/latest.md."""
    lines = [
        "",
        "## Through the proxy (nginx with gzip, `deploy/nginx.conf`) vs direct",
        "",
        f"Deep link in a fresh browser context (nothing cached), the app started by `scripts/serve.sh` under "
        f"`/{SUB}`; median of {runs}. **wire KB**: every HTTP response's transferSize (Resource Timing, headers "
        f"included, websocket not included: it is the same both ways). **ms**: deep link to drawn, on loopback and "
        f"on an emulated office link ({OFFICE_MBPS:g} Mbit/s down, {OFFICE_RTT_MS:g} ms round trip; Chromium "
        f"throttles the bytes as received, i.e. compressed).",
        "",
        "| page | wire KB direct | wire KB nginx | ÷ | JS KB direct → nginx | ms loopback direct | ms loopback nginx "
        f"| ms {OFFICE_MBPS:g} Mbit/s direct | ms {OFFICE_MBPS:g} Mbit/s nginx |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        d, n = r.sizes.get("direct", {}), r.sizes.get("nginx", {})
        ratio = d.get("wire", 0) / n["wire"] if n.get("wire") else float("nan")
        lines.append(
            f"| `{r.url}` | {_kb(d.get('wire', 0))} | {_kb(n.get('wire', 0))} | {ratio:.1f} | "
            f"{_kb(d.get('js_wire', 0))} → {_kb(n.get('js_wire', 0))} | "
            f"{r.med('loopback', 'direct'):,.0f} | {r.med('loopback', 'nginx'):,.0f} | "
            f"{r.med('office', 'direct'):,.0f} | {r.med('office', 'nginx'):,.0f} |")
    lines.append("")
    lines.append("Raw ms: " + "; ".join(
        f"{r.key} " + ", ".join(f"{net}/{via} {[round(x) for x in v]}" for (net, via), v in r.ms.items()) for r in rows))
    return "\n".join(lines) + "\n"
