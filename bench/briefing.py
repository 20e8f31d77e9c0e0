"""Benchmark: building the PowerPoint briefing (issue #13: at most 2 s a deck), both languages.

Each language: one cold build (the first in this process: python-pptx, lxml and XlsxWriter imported,
templates parsed) and then the median of N warm builds, the way the download button builds it on click
(every table read from disk and validated, all slides, charts with their workbooks, serialised to bytes).
Wall-clock and CPU time; the machine's other load disturbs the wall-clock figures, CPU much less.

Run alone: `python bench/briefing.py [--runs N]`; `make bench` (bench/run.py) adds the table to its report.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 2000.0
LANGS = ("zh", "en")


@dataclass
class DeckTiming:
    lang: str
    cold_ms: float = 0.0
    wall_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    size_kb: float = 0.0
    slides: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.wall_ms)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpu_ms)


def measure_briefing(runs: int = 5) -> list[DeckTiming]:
    import io

    from pptx import Presentation

    from components.briefing import build_deck

    out = []
    for lang in LANGS:
        r = DeckTiming(lang)
        t0 = time.perf_counter()
        blob = build_deck(lang)
        r.cold_ms = (time.perf_counter() - t0) * 1000
        for _ in range(runs):
            c0, t0 = time.process_time(), time.perf_counter()
            blob = build_deck(lang)
            r.wall_ms.append((time.perf_counter() - t0) * 1000)
            r.cpu_ms.append((time.process_time() - c0) * 1000)
        r.size_kb = len(blob) / 1024
        r.slides = len(Presentation(io.BytesIO(blob)).slides)
        out.append(r)
    return out


def briefing_table(rows: list[DeckTiming]) -> str:
    lines = ["", "## Briefing (PPTX) build", "",
             f"`components.briefing.build_deck` from the CSV files to the .pptx bytes; cold = the first build in the "
             f"process (imports included; the first language only), then the median of {len(rows[0].wall_ms)} warm "
             f"builds. Target: ≤ {TARGET_MS:,.0f} ms a deck. ✅ met, ❌ missed.", "",
             "| language | slides | size KB | cold ms | warm ms (median) | CPU ms (median) | warm samples ms |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in rows:
        mark = "✅" if r.median <= TARGET_MS else "❌"
        lines.append(f"| {r.lang} | {r.slides} | {r.size_kb:,.0f} | {r.cold_ms:,.0f} | {mark} {r.median:,.0f} | "
                     f"{r.cpu:,.0f} | {[round(x) for x in r.wall_ms]} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="warm builds per language (median)")
    args = ap.parse_args()
    rows = measure_briefing(args.runs)
    print(briefing_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
