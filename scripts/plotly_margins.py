"""Regenerate components/figures/plotly_margins.json: the margins each chart settles on when drawn, so that a
first visit draws it in one plotly pass (static/components/plotly_web.js, `seeded`).

Every page with charts is opened fresh in Chromium, in Chinese and in English, at 1366x768, 1536x864 and 1920x1080
(wide screens) and at 390x844 (a phone), every chart is brought on screen and drawn, and the margins plotly settled
on are read from the browser's margin memo (localStorage). Kept per chart, per figure (its words and numbers, as a
hash), type size and width class (a wide screen or a phone): the largest over the widths, plus SLACK, so that a
chart drawn at any of them needs no more room than its seed gives it, which is what spares plotly its second pass.
The cost is a few pixels of margin more than a chart needs at some widths. Run after changing a chart's words or
data:

    .venv/bin/python scripts/plotly_margins.py

A figure not in the table (changed since) is drawn as before: plotly's second pass finds its margins.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import CHROMIUM_ARGS, URLS, Server, chromium_path, draw_every_chart, wait_idle  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from components.plotly_web import MARGINS_FILE, PHONE_PX  # noqa: E402

PAGES = ["home", "innovation", "investment", "city", "digital"]
VIEWPORTS = [(1366, 768), (1536, 864), (1920, 1080), (390, 844)]
# Added to every side: a chart given more room than it asked for can ask for a pixel or two more (plotly redraws
# only for more than 1 px).
SLACK = 2
MEMO = "zh-plotly-margins-v1"


def collect(base: str) -> dict[str, dict[str, dict[str, int]]]:
    """{chart key: {"hash:size:full:class": {l, r, t, b}}} over every page, language and viewport."""
    table: dict[str, dict[str, dict[str, int]]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for key in PAGES:
            for lang in ("zh", "en"):
                for width, height in VIEWPORTS:
                    ctx = browser.new_context(viewport={"width": width, "height": height})
                    page = ctx.new_page()
                    page.goto(f"{base}{URLS[key]}?lang={lang}")
                    wait_idle(page, 60000)
                    draw_every_chart(page)
                    memo = page.evaluate(f"() => JSON.parse(localStorage.getItem({MEMO!r}) || '{{}}')")
                    ctx.close()
                    cls = "p" if width <= PHONE_PX else "w"
                    for memo_key, m in memo.items():
                        chart, fig_hash, _width, size, full = memo_key.rsplit(":", 4)
                        seeds = table.setdefault(chart, {})
                        seed_key = f"{fig_hash}:{size}:{full}:{cls}"
                        old = seeds.get(seed_key)
                        m = {s: m[s] + SLACK for s in "lrtb"}
                        seeds[seed_key] = m if old is None else {s: max(old[s], m[s]) for s in "lrtb"}
                    print(f"{key} {lang} {width}x{height}: {len(memo)} charts", flush=True)
        browser.close()
    return table


def main() -> None:
    server = Server(timeout=90)
    try:
        table = collect(server.url)
    finally:
        server.stop()
    text = json.dumps({k: dict(sorted(v.items())) for k, v in sorted(table.items())}, indent=1, sort_keys=False)
    MARGINS_FILE.write_text(text + "\n", encoding="utf-8")
    print(f"{MARGINS_FILE.relative_to(ROOT)}: {sum(len(v) for v in table.values())} seeds for {len(table)} charts")


if __name__ == "__main__":
    main()
