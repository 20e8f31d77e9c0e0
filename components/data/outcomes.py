"""Plans and their outcomes: which rows are plans, which later rows answer them (their `answers` column, or a
not_found row), and each plan's status, worked out from the data alone.

A plan is an indicator of kind plan or target, a milestone of kind plan or target, or an item still in one of
the article's unfinished states (PLAN_STATUSES) that is not a part of another item and has no plan figure or
dated plan of its own (then those stand for it). An outcome is an indicator (a result, for an indicator plan),
a milestone (an event or a step on the way, for a milestone or item plan), or a not_found row (looked for,
nothing published)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .frames import records
from .periods import parse_period, period_sort_key

PLAN_KINDS = ("plan", "target")
OUTCOME_KINDS = ("reported", "derived")  # indicators that can answer a figure
EVENT_KINDS = ("event", "progress")  # milestones that can answer a dated plan or an item
# Item states that are a plan rather than a result (the article's 谋划, 推进, 建设中 ...).
PLAN_STATUSES = ("planned", "laying_out", "advancing", "building", "piloting", "started", "in_progress",
                 "preparing", "review_done")
# In words (common.toml [outcome]): beaten 超额, met 达成, partly 部分完成, missed 未达成, not_found 未见公开报道,
# not_entered 未录入. Ordered from good to unknown, for tallies.
STATUSES = ("beaten", "met", "partly", "missed", "not_found", "not_entered")
PLAN_TABLES = ("indicators", "milestones", "items")


@dataclass(frozen=True)
class Plan:
    id: str
    table: str  # indicators, milestones or items
    row: dict
    topic: str


@dataclass(frozen=True)
class Outcome:
    """A plan's status and the rows it rests on (latest first for evidence)."""

    plan: Plan
    status: str
    evidence: tuple[dict, ...] = ()  # the answering indicator or milestone rows, latest first
    not_found: tuple[dict, ...] = ()  # the not_found rows naming the plan
    late: bool = False  # done, but after the plan's date
    ratio: float | None = None  # an indicator plan: the latest result against the plan (1.0 = exactly the plan)

    @property
    def latest(self) -> dict | None:
        return self.evidence[0] if self.evidence else None


_records = records


def plans(tables: dict) -> list[Plan]:
    """Every plan in the data, in the order of the files (indicators, milestones, items). An item an outcome
    row names (its `answers`) is a plan whatever its status: what was planned for it is what is answered."""
    ind, ms, items = (_records(tables.get(n)) for n in PLAN_TABLES)
    out = [Plan(r["id"], "indicators", r, r["topic"]) for r in ind if r["kind"] in PLAN_KINDS]
    out += [Plan(r["id"], "milestones", r, r["topic"]) for r in ms if r["kind"] in PLAN_KINDS]
    # An item whose plan is given as a figure or a dated plan is represented by those rows.
    represented = {r.get("item") for r in ind + ms if r["kind"] in PLAN_KINDS and r.get("item")}
    answered = {r.get("answers") for name in ("indicators", "milestones", "not_found")
                for r in _records(tables.get(name)) if r.get("answers")}
    out += [Plan(r["id"], "items", r, r["topic"]) for r in items
            if r["id"] in answered or (r.get("status") in PLAN_STATUSES and not r.get("parent")
                                       and r["id"] not in represented)]
    return out


def plan_index(tables: dict) -> dict[str, Plan]:
    return {p.id: p for p in plans(tables)}


def answerable(tables: dict) -> dict[str, tuple[str, dict]]:
    """Every row an `answers` cell may name, plan or not: {id: (table, row)} (the validator's look-up)."""
    out: dict[str, tuple[str, dict]] = {}
    for name in PLAN_TABLES:
        for r in _records(tables.get(name)):
            out.setdefault(r["id"], (name, r))
    return out


def _end(row: dict) -> tuple[int, int, int] | None:
    """The last day a dated milestone allows, as (y, m, d): 2021 (year or described) -> (2021, 12, 31)."""
    parts = [int(p) for p in str(row.get("date", "")).split("-") if p.isdigit()]
    if not parts:
        return None
    y = parts[0]
    if row.get("precision") in ("year", "described") or len(parts) == 1:
        return (y, 12, 31)
    if row.get("precision") == "month" or len(parts) == 2:
        return (y, parts[1], 31)
    return (y, parts[1], parts[2])


def _start(row: dict) -> tuple[int, int, int]:
    """The first day a dated milestone may mean: 2023 -> (2023, 1, 1)."""
    parts = [int(p) for p in str(row.get("date", "")).split("-") if p.isdigit()] + [1, 1]
    return (parts[0], parts[1], parts[2])


def milestone_key(row: dict) -> tuple[int, int, int]:
    return _start(row)


def _plan_value(plan: Plan) -> float | None:
    return float(plan.row["value"]) if plan.table == "indicators" else None


def status_of(plan: Plan, evidence: list[dict], not_found: list[dict]) -> Outcome:
    """The plan's status from its outcome rows (see the module's docstring and data/README.md)."""
    if plan.table == "indicators":
        found = sorted((r for r in evidence if r.get("kind") in OUTCOME_KINDS and "period" in r),
                       key=lambda r: period_sort_key(r["period"]), reverse=True)
        if found:
            latest = found[0]
            value, target = float(latest["value"]), _plan_value(plan)
            # A share of the plan done (完成计划的112%) answers a plan in another unit; else like for like.
            ratio = value / 100 if latest["unit"] == "percent" and plan.row["unit"] != "percent" else \
                (value / target if target else None)
            p = parse_period(latest["period"])
            within_year = p is not None and p.form == "now"
            if ratio is None:
                status = "met" if value >= (target or 0) else "missed"
            elif abs(ratio - 1) < 1e-9:
                status = "met"
            elif ratio > 1:
                status = "beaten"
            else:  # below the plan: at a point within the year it is still on its way
                status = "partly" if within_year else "missed"
            return Outcome(plan, status, tuple(found), tuple(not_found), ratio=ratio)
    # A dated plan or an item's, or a planned figure answered by things done rather than a number.
    found = sorted((r for r in evidence if r.get("kind") in EVENT_KINDS and "date" in r), key=milestone_key,
                   reverse=True)
    if found:
        done = [r for r in found if r["kind"] == "event"]
        if not done:
            return Outcome(plan, "partly", tuple(found), tuple(not_found))
        first_done = min(done, key=milestone_key)
        deadline = _end(plan.row) if plan.table == "milestones" else None
        late = deadline is not None and _start(first_done) > deadline
        return Outcome(plan, "partly" if late else "met", tuple(found), tuple(not_found), late=late)
    if not_found:
        return Outcome(plan, "not_found", (), tuple(not_found))
    return Outcome(plan, "not_entered")


def outcomes(tables: dict) -> dict[str, Outcome]:
    """{plan id: Outcome} for every plan in the data, in plans() order."""
    by_plan: dict[str, list[dict]] = {}
    for name in ("indicators", "milestones"):
        for r in _records(tables.get(name)):
            if r.get("answers"):
                by_plan.setdefault(r["answers"], []).append(r)
    missing: dict[str, list[dict]] = {}
    for r in _records(tables.get("not_found")):
        missing.setdefault(r["answers"], []).append(r)
    return {p.id: status_of(p, by_plan.get(p.id, []), missing.get(p.id, [])) for p in plans(tables)}


@dataclass(frozen=True)
class Tally:
    """How many plans of a topic stand at each status."""

    topic: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def tally(found: dict[str, Outcome], topics: tuple[str, ...]) -> list[Tally]:
    return [Tally(topic, {s: sum(1 for o in found.values() if o.plan.topic == topic and o.status == s)
                          for s in STATUSES}) for topic in topics]
