"""Lighthouse 12 on every page and the reference pages (issue #16, part 5): `make bench`, or alone:
`python bench/lighthouse.py [--pages home,city] [--runs 2]`.

Lighthouse is installed from npm into bench/node_modules (ignored by git) on first use; Chromium is the
tests' (`CHROME_PATH`, default /usr/bin/chromium). Desktop preset, no throttling (the browser runs on
this machine against a local server), so the scores say what the page costs here, not on a phone.
Each report's JSON is kept in bench/results/lighthouse/ (ignored) for a closer look.

--mobile (issue #21, item 4): what a phone that scanned a slide's QR code gets. Lighthouse's default preset
(mobile form factor and screen, simulated slow 4G and 4x CPU slowdown) on the pages the QR codes open and on
the bare page: `python bench/lighthouse.py --mobile [--pages home,city] [--runs 1]`; `make bench` runs it as
its `lighthouse-mobile` part.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from conftest import APP_SERVER, CHROMIUM_ARGS, URLS, Server, wait_idle  # noqa: E402

LIGHTHOUSE = "lighthouse@12.8.2"
BIN = BENCH / "node_modules" / ".bin" / "lighthouse"
OUT = BENCH / "results" / "lighthouse"
REFS = {"bare": "bench/bare_app.py", "bare_plotly": "bench/bare_plotly_app.py", "bare_light": "bench/bare_light_app.py"}
NAMES = {"bare": "bare", "bare_plotly": "bare + st.plotly_chart", "bare_light": "bare + light renderer"}
# Targets (issue #21 item 5, desktop): performance 85, /city (the map page) 75; issue #16's for the rest.
TARGETS = {"performance": 85, "accessibility": 100, "best-practices": 100, "cls": 0.1}  # issue #21: 85
PERF_TARGET = {"city": 75}  # issue #21: the map page 75
# The pages a slide's QR code opens: that slide's page in normal mode (components/render/slides.py `_qr`,
# components/qr.py `view_url`). Every page has a presenter mode with the code in its footer, so every page.
QR_PAGES = tuple(URLS)
MOBILE_REF = "bare"  # the mobile run's reference: the bare Streamlit page (REFS["bare"])


def ensure_lighthouse() -> Path:
    """bench/node_modules/.bin/lighthouse, installed with npm when missing."""
    if not BIN.exists():
        npm = shutil.which("npm")
        if not npm:
            raise RuntimeError("Lighthouse needs Node.js and npm (apt-get install -y nodejs npm)")
        subprocess.run([npm, "install", "--prefix", str(BENCH), "--no-save", "--no-audit", "--no-fund",
                        "--loglevel=error", LIGHTHOUSE], check=True)
    return BIN


def chrome_path() -> str:
    return os.environ.get("CHROME_PATH") or os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") \
        or "/usr/bin/chromium"


def run_lighthouse(url: str, out: Path, mobile: bool = False) -> dict:
    """One Lighthouse run: the desktop preset without throttling, or with mobile Lighthouse's own default
    (phone screen, simulated slow 4G and 4x CPU slowdown; performance only)."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])  # the tests' flags: deck.gl needs SwiftShader's WebGL
    preset = [] if mobile else ["--form-factor=desktop", "--screenEmulation.disabled", "--throttling-method=provided"]
    categories = "performance" if mobile else "performance,accessibility,best-practices"
    cmd = [str(ensure_lighthouse()), url, f"--chrome-flags={flags}", *preset, "--output=json",
           f"--output-path={out}", f"--only-categories={categories}", "--quiet"]
    subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": chrome_path()}, timeout=600,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return json.loads(out.read_text(encoding="utf-8"))


def summarise(report: dict) -> dict:
    """The figures the benchmark reports, from one Lighthouse JSON."""
    a = report["audits"]
    cats = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
    failing = {
        k: sorted(ref["id"] for ref in c["auditRefs"]
                  if ref.get("weight", 0) > 0 and a[ref["id"]].get("score") is not None and a[ref["id"]]["score"] < 1)
        for k, c in report["categories"].items() if k != "performance"
    }
    requests = a["network-requests"]["details"]["items"]
    scripts = [r for r in requests if r.get("resourceType") == "Script"]
    boot = {i["url"]: i for i in a["bootup-time"]["details"]["items"]} if a["bootup-time"].get("details") else {}
    js = sorted(({"name": r["url"].split("/")[-1].split("?")[0], "kb": r.get("resourceSize", 0) / 1024,
                  "transfer_kb": r.get("transferSize", 0) / 1024,
                  "ms": boot.get(r["url"], {}).get("total", 0.0)} for r in scripts), key=lambda j: -j["ms"])
    shifts = [(i["node"].get("selector", "?"), i.get("score", 0)) for i in
              (a["layout-shifts"].get("details") or {}).get("items", [])]
    return {
        **cats,
        "cls": a["cumulative-layout-shift"]["numericValue"],
        "tbt": a["total-blocking-time"]["numericValue"],
        "fcp": a["first-contentful-paint"]["numericValue"],
        "lcp": a["largest-contentful-paint"]["numericValue"],
        "kb": a["total-byte-weight"]["numericValue"] / 1024,
        "failing": failing,
        "js": js,
        "shifts": shifts,
        "details": {k: [json.dumps(i.get("node", {}).get("selector") or i.get("url") or i.get("description", ""))[:90]
                        for i in (a[k].get("details") or {}).get("items", [])[:3]]
                    for ids in failing.values() for k in ids},
    }


def _warm(base: str, paths: list[str]) -> None:
    """Visit every page once (imports, caches) so Lighthouse times a warm server, as the browser figures do."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chrome_path(), args=CHROMIUM_ARGS)
        try:
            page = b.new_page(viewport={"width": 1366, "height": 768})
            for path in paths:
                page.goto(base + path)
                wait_idle(page, 120000)
                page.wait_for_function("() => !document.querySelector('.zh-plotly[data-state=loading]')",
                                       timeout=120000)
        finally:
            b.close()


VIA = "@nginx"  # a result key's suffix: the page through deploy/nginx.conf under /zhenhai (make serve's way)


def measure(keys: list[str], runs: int = 1, lang: str = "zh", proxy: bool = True,
            mobile: bool = False) -> dict[str, list[dict]]:
    """{page or reference key: [summary per run]}; runs interleave pages, like the browser figures. With
    proxy, every page is measured a second time through nginx with the shipped config (key + VIA). mobile:
    Lighthouse's mobile default (run_lighthouse) and the bare page alone as reference."""
    ensure_lighthouse()
    OUT.mkdir(parents=True, exist_ok=True)
    query = "" if lang == "zh" else f"?lang={lang}"
    refs = {MOBILE_REF: REFS[MOBILE_REF]} if mobile else REFS
    targets = [(k, APP_SERVER, URLS[k] + query) for k in keys] + [(k, script, "/") for k, script in refs.items()]
    servers = {script: Server(script=script, timeout=90) for script in dict.fromkeys(s for _, s, _ in targets)}
    bases = {script: server.url for script, server in servers.items()}
    nginx = None
    if proxy:
        from test_proxy import SUB, Nginx, serve

        servers["proxied"] = serve()
        nginx = Nginx(servers["proxied"].port)
        bases["proxied"] = f"{nginx.local}/{SUB}"
        targets += [(k + VIA, "proxied", URLS[k] + query) for k in keys]
    results: dict[str, list[dict]] = {k: [] for k, _, _ in targets}
    try:
        for script in servers:
            _warm(bases[script], [path for _, s, path in targets if s == script])
        for n in range(runs):
            for key, script, path in targets:
                print(f"lighthouse{' mobile' if mobile else ''} {key} ({n + 1}/{runs}) …", flush=True)
                with tempfile.TemporaryDirectory() as tmp:
                    report = run_lighthouse(bases[script] + path, Path(tmp) / "lh.json", mobile)
                (OUT / f"{key}{'.mobile' if mobile else ''}.json").write_text(json.dumps(report), encoding="utf-8")
                results[key].append(summarise(report))
    finally:
        if nginx:
            nginx.stop()
        for server in servers.values():
            server.stop()
    return results


def _name(key: str) -> str:
    if key in REFS:
        return NAMES[key]
    if key.endswith(VIA):
        return f"`/zhenhai{URLS[key[:-len(VIA)]]}` via nginx"
    return f"`{URLS[key]}`"


def _med(runs: list[dict], k: str) -> float:
    return statistics.median(r[k] for r in runs)


def section(results: dict[str, list[dict]]) -> tuple[str, list[str]]:
    """Markdown for bench/results/latest.md, and the targets missed."""
    misses: list[str] = []
    n = max(len(v) for v in results.values())
    lines = ["", "## Lighthouse", "",
             f"Lighthouse 12 ({LIGHTHOUSE}), desktop preset, no throttling, Chromium as for the tests, warm server; "
             f"median of {n} run(s); each page straight from the app server (and, unless --skip proxy, through nginx with "
             f"`deploy/nginx.conf`, as an office serves it). Targets (issue #21): performance ≥ {TARGETS['performance']} "
             f"(`/city` ≥ {PERF_TARGET['city']}); issue #16: accessibility 100, best "
             "practices 100, CLS ≤ 0.1. TBT = total blocking time; KB = total bytes transferred.", "",
             "| page | performance | accessibility | best practices | CLS | TBT ms | FCP ms | LCP ms | KB |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for key, runs in results.items():
        if not runs:
            continue
        perf, a11y, bp, cls = (_med(runs, k) for k in ("performance", "accessibility", "best-practices", "cls"))
        if key in REFS:
            name, marks = f"*reference:* {NAMES[key]} (`{REFS[key]}`)", ("", "", "", "")
        else:
            name = _name(key)
            goal = PERF_TARGET.get(key.removesuffix(VIA), TARGETS["performance"])
            oks = (perf >= goal, a11y >= TARGETS["accessibility"], bp >= TARGETS["best-practices"], cls <= TARGETS["cls"])
            marks = tuple("✅ " if ok else "❌ " for ok in oks)
            for ok, what in zip(oks, (f"performance {perf:.0f} < {goal}", f"accessibility {a11y:.0f} < 100",
                                      f"best practices {bp:.0f} < 100", f"CLS {cls:.3f} > 0.1")):
                if not ok:
                    misses.append(f"{_name(key)}: Lighthouse {what}")
        lines.append(f"| {name} | {marks[0]}{perf:.0f} | {marks[1]}{a11y:.0f} | {marks[2]}{bp:.0f} | {marks[3]}{cls:.3f} | "
                     f"{_med(runs, 'tbt'):,.0f} | {_med(runs, 'fcp'):,.0f} | {_med(runs, 'lcp'):,.0f} | {_med(runs, 'kb'):,.0f} |")
    lines += ["", "What keeps a score below 100 (last run), and the largest layout shift:", ""]
    for key, runs in results.items():
        last = runs[-1]
        failing = "; ".join(f"{cat}: " + ", ".join(f"`{i}`" + (f" ({', '.join(last['details'].get(i, []))})"
                                                                if last["details"].get(i) else "") for i in ids)
                            for cat, ids in last["failing"].items() if ids) or "nothing"
        shift = max(last["shifts"], key=lambda s: s[1]) if last["shifts"] else None
        lines.append(f"- {_name(key)}: {failing}"
                     + (f" · largest shift {shift[1]:.3f} `{shift[0][:80]}`" if shift else ""))
    lines += ["", "JavaScript each page loads (last run): files, size (decoded / on the wire) and main-thread time "
              "(Lighthouse `bootup-time`: evaluation + parse); the five costliest files:", "",
              "| page | JS files | JS KB | on the wire KB | main-thread ms | costliest (ms, KB) |",
              "| --- | ---: | ---: | ---: | ---: | --- |"]
    for key, runs in results.items():
        js = runs[-1]["js"]
        top = ", ".join(f"{j['name']} {j['ms']:,.0f} ms / {j['kb']:,.0f} KB" for j in js[:5] if j["ms"] >= 1)
        lines.append(f"| {_name(key)} | {len(js)} | {sum(j['kb'] for j in js):,.0f} | "
                     f"{sum(j['transfer_kb'] for j in js):,.0f} | {sum(j['ms'] for j in js):,.0f} | {top} |")
    return "\n".join(lines) + "\n", misses


def mobile_section(results: dict[str, list[dict]]) -> tuple[str, list[str]]:
    """Markdown for the mobile run (measure(..., mobile=True)), and the targets missed: none yet (issue #21
    item 4 asks for the figures, not a bar)."""
    n = max(len(v) for v in results.values())
    bare = statistics.median(r["lcp"] for r in results[MOBILE_REF]) if results.get(MOBILE_REF) else float("nan")
    lines = ["", "## Lighthouse, mobile (the pages a slide's QR code opens)", "",
             f"Lighthouse 12 ({LIGHTHOUSE}), its default mobile preset: phone screen, simulated slow 4G and 4x CPU "
             f"slowdown (issue #21, item 4); Chromium as for the tests, warm server, straight from the app server; "
             f"median of {n} run(s). The pages are the ones a slide's QR code opens (each page in normal mode). "
             "LCP = largest contentful paint; × bare = LCP over the bare page's; KB = total bytes transferred.", "",
             "| page | performance | FCP ms | LCP ms | × bare LCP | TBT ms | KB |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for key, runs in results.items():
        if not runs:
            continue
        name = f"*reference:* {NAMES[key]} (`{REFS[key]}`)" if key in REFS else _name(key)
        lcp = _med(runs, "lcp")
        lines.append(f"| {name} | {_med(runs, 'performance'):.0f} | {_med(runs, 'fcp'):,.0f} | {lcp:,.0f} | "
                     f"{lcp / bare:.2f} | {_med(runs, 'tbt'):,.0f} | {_med(runs, 'kb'):,.0f} |")
    return "\n".join(lines) + "\n", []


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", default=",".join(URLS), help="comma-separated page keys (default: all)")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--lang", default="zh", choices=("zh", "en"))
    ap.add_argument("--no-proxy", action="store_true", help="skip the pages through nginx")
    ap.add_argument("--mobile", action="store_true",
                    help="Lighthouse's mobile default on the pages the QR codes open and the bare page (no nginx)")
    args = ap.parse_args()
    keys = [k for k in args.pages.split(",") if k]
    if args.mobile:
        text, misses = mobile_section(measure([k for k in keys if k in QR_PAGES], args.runs, args.lang, proxy=False,
                                              mobile=True))
    else:
        text, misses = section(measure(keys, args.runs, args.lang, not args.no_proxy))
    print(text)
    print("Targets missed: " + ("none" if not misses else "; ".join(misses)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
