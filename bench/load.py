"""Benchmark: the app under load, two ways that were tests until `make test` had to fit in ten minutes.

- **20 concurrent sessions**: twenty browser sessions at once on a fresh server, each a deep link to one page
  (sessions start on different pages, half in English) and then the navigation bar's links through all the
  others: no exception, no error box on any page, no traceback in the server's log, the server alive. (Was
  tests/test_quality.py::test_twenty_concurrent_sessions_visit_every_page; `make test` keeps four sessions,
  test_quality.py::test_concurrent_sessions_visit_every_page.)
- **Auto-play over the real meeting, three loops**: `?present=1&play=1` (1 s a slide, by the test-only floor) on
  a fresh server at 1920x1080: the page's DOM size and the server's memory after the third loop within 10 % of
  those after the first; no reconnect, no exception, no error box. (Was tests/test_slides.py's auto-play test;
  `make test` keeps one loop of the real meeting and the three-loop check on a short deck,
  tests/test_deck_keys.py::test_three_loops_of_auto_play_grow_nothing.)

Run alone: `python bench/load.py [--sessions 20] [--loops 3]`; `make bench` (bench/run.py) adds the table.
Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

GROWTH_LIMIT = 0.10  # after the third loop, within 10 % of after the first


@dataclass
class Load:
    sessions: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    loops: dict[int, dict] = field(default_factory=dict)  # loop -> {"dom", "rss_mb"}
    loop_problems: list[str] = field(default_factory=list)
    slides: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and not self.loop_problems


def measure_sessions(sessions: int) -> tuple[float, list[str]]:
    """(seconds, problems) for `sessions` concurrent visitors through every page on a fresh server."""
    from test_quality import visit_every_page

    started = time.monotonic()
    problems, log = visit_every_page(sessions)
    if "Traceback" in log:
        problems.append("traceback in the server log: " + log[log.index("Traceback"):][:600])
    return time.monotonic() - started, problems


def measure_autoplay(browser, loops: int = 3) -> tuple[dict[int, dict], list[str], int]:
    """Auto-play the real meeting for `loops` loops: ({loop: {dom, rss_mb}}, problems, slides in the meeting)."""
    import re

    from conftest import Server, Watched, build, wait_idle
    from test_slides import LOOP_PROBE

    from components.i18n import t
    from components.sitemap import MEETING_ORDER

    total = sum(len(build(k).slides) for k in MEETING_ORDER)
    server = Server(env={"ZHENHAI_TEST_PLAY_MIN_SECONDS": "1"}, timeout=90)
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    figures, problems = {}, []
    try:
        w = Watched(ctx.new_page())
        page = w.open(server.url, "/?present=1&play=1&lang=zh")
        page.evaluate(LOOP_PROBE, t("common.app.title", "zh"))
        for loop in range(1, loops + 1):
            page.wait_for_function(f"() => window.__loops >= {loop}", timeout=600000)
            wait_idle(page)
            figures[loop] = {"dom": page.evaluate("() => document.getElementsByTagName('*').length"),
                             "rss_mb": round(server.rss_mb(), 1)}
        for what in ("dom", "rss_mb"):
            first, last = figures[1][what], figures[loops][what]
            if abs(last - first) > GROWTH_LIMIT * first:
                problems.append(f"{what} grew from {first} after loop 1 to {last} after loop {loops}")
        if "DISCONNECTED" in page.evaluate("() => window.__states"):
            problems.append("the page lost its connection")
        bg = page.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")
        if sum(int(v) for v in re.findall(r"\d+", bg)[:3]) >= 150:
            problems.append(f"auto-play not dark: {bg}")
        if page.locator('[data-testid="stException"]').count() or page.locator('[data-testid="stAlert"]').count():
            problems.append("an exception or an alert on the page")
        problems += w.errors
        if "Traceback" in server.log():
            problems.append("traceback in the server log")
    finally:
        ctx.close()
        server.stop()
    return figures, problems, total


def measure_load(browser, sessions: int = 20, loops: int = 3) -> Load:
    out = Load(sessions=sessions)
    out.seconds, out.problems = measure_sessions(sessions)
    out.loops, out.loop_problems, out.slides = measure_autoplay(browser, loops)
    return out


def load_table(r: Load) -> str:
    ok = lambda good: "✅" if good else "❌"  # noqa: E731
    loops = sorted(r.loops)
    lines = [
        "\n## Under load (bench/load.py)\n",
        f"{r.sessions} browser sessions at once on a fresh server, each through every page (deep link, then the "
        "navigation bar): exception or error box on a page, traceback in the server log.\n",
        "| sessions | wall s | problems |",
        "| ---: | ---: | --- |",
        f"| {r.sessions} | {r.seconds:,.0f} | {ok(not r.problems)} {len(r.problems)}"
        + (": " + "; ".join(r.problems[:5]) if r.problems else "") + " |",
        "",
        f"Auto-play over the real meeting ({r.slides} slides, 1 s each, 1920x1080, fresh server), {len(loops)} loops: "
        f"DOM elements and server RSS after each loop; target: after the last within {GROWTH_LIMIT:.0%} of after "
        "the first, no reconnect, no exception or alert.\n",
        "| loop | DOM elements | server RSS MB |",
        "| ---: | ---: | ---: |",
        *(f"| {n} | {r.loops[n]['dom']:,} | {r.loops[n]['rss_mb']:,.1f} |" for n in loops),
        "",
        f"{ok(not r.loop_problems)} " + ("; ".join(r.loop_problems) if r.loop_problems else "nothing grew"),
        "",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    from conftest import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--loops", type=int, default=3)
    args = ap.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(shell=False), args=CHROMIUM_ARGS)
        try:
            result = measure_load(browser, args.sessions, args.loops)
        finally:
            browser.close()
    print(load_table(result))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
