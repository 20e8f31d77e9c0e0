"""Series (rows that measure the same thing across periods), the change between two of their figures, and the
project funnel's counts per year."""

from __future__ import annotations

from dataclasses import dataclass

from .frames import records
from .periods import parse_period, period_sort_key
from .schema import COUNT_UNITS

_records = records


def series_rows(indicators, series_id: str) -> list[dict]:
    """Every row of the series, in period order (reported, derived, plan and target alike)."""
    rows = [r for r in _records(indicators) if r.get("series") == series_id and series_id]
    return sorted(rows, key=lambda r: period_sort_key(r["period"]))


def latest_reported(indicators, series_id: str) -> dict | None:
    """The series' reported row with the latest period (its period is in row['period']); None if none."""
    rows = [r for r in series_rows(indicators, series_id) if r["kind"] == "reported"]
    return rows[-1] if rows else None


def previous(indicators, series_id: str, row: dict | None = None) -> dict | None:
    """The reported or derived row of the same series just before `row` (default: the latest reported);
    plans and targets are not results, so they are never "the previous one"."""
    row = row if row is not None else latest_reported(indicators, series_id)
    if row is None:
        return None
    key = period_sort_key(row["period"])
    before = [r for r in series_rows(indicators, series_id)
              if r["kind"] in ("reported", "derived") and period_sort_key(r["period"]) < key]
    return before[-1] if before else None


@dataclass(frozen=True)
class Change:
    """The change from one figure of a series to the next.

    difference: new - old, in `unit` (percentage points, "pp", when the figures are % rates or shares);
    ratio: new / old - 1 (0.47 = +47 %), only for counts and amounts with old > 0, else None (a ratio of
    rates or of durations would mislead); estimate: True when either figure is derived.
    """

    old: dict
    new: dict
    difference: float
    unit: str
    ratio: float | None
    estimate: bool


RATIO_UNITS = COUNT_UNITS + ("yi_yuan",)


def change(new: dict | None, old: dict | None) -> Change | None:
    """The change between two rows of a series, or None when either is missing."""
    if new is None or old is None:
        return None
    diff = float(new["value"]) - float(old["value"])
    unit = "pp" if new["unit"] in ("percent", "share") else new["unit"]
    ratio = float(new["value"]) / float(old["value"]) - 1 if new["unit"] in RATIO_UNITS and old["value"] > 0 else None
    return Change(old, new, diff, unit, ratio, "derived" in (new["kind"], old["kind"]))


def latest_change(indicators, series_id: str) -> Change | None:
    """Latest reported value against the previous reported or derived one, when both exist."""
    new = latest_reported(indicators, series_id)
    return change(new, previous(indicators, series_id, new))


# ----------------------------------------------------------------------------------------------
# The project funnel: counts per stage and year, when staff have entered them.


def funnel_years(indicators, stages) -> dict[int, list[tuple[dict, dict]]]:
    """{year: [(stage row, indicator row), ...]} in stage order, for years with counts for two or more stages.

    Counts are indicator rows with a funnel_stage, a reported or derived kind and a one-year period
    (2022 or 2022_now; when a year has both for a stage, the later in time wins).
    """
    order = {s["id"]: s for s in sorted(_records(stages), key=lambda s: s["order"])}
    found: dict[int, dict[str, dict]] = {}
    for r in sorted(_records(indicators), key=lambda r: period_sort_key(r["period"])):
        stage = r.get("funnel_stage")
        p = parse_period(r["period"])
        if not stage or stage not in order or r["kind"] not in ("reported", "derived"):
            continue
        if p is None or p.form not in ("year", "now"):
            continue
        found.setdefault(p.start, {})[stage] = r
    return {
        y: [(order[s], by_stage[s]) for s in order if s in by_stage]
        for y, by_stage in sorted(found.items()) if len(by_stage) >= 2
    }

