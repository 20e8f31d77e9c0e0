"""Periods: one function reads a code (2022, 2022_plan, 2022_now, 2021_2025, on_completion), one labels it,
one sorts it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n import strings, t

# Period forms: a year (2022), a plan year (2022_plan), a point in a year (2022_now), a range of years
# (2021_2025), and on_completion. Years outside this span are typos.
PERIOD_FORMS = ("year", "plan", "now", "range", "on_completion")
YEAR_SPAN = (1949, 2100)


@dataclass(frozen=True)
class Period:
    code: str
    form: str             # one of PERIOD_FORMS
    start: int | None     # first year (None for on_completion)
    end: int | None       # last year


_PERIOD_RE = re.compile(r"^(\d{4})(?:_(plan|now|\d{4}))?$")


def parse_period(code: str) -> Period | None:
    """'2022' / '2022_plan' / '2022_now' / '2021_2025' / 'on_completion' -> Period; anything else -> None."""
    if code == "on_completion":
        return Period(code, "on_completion", None, None)
    m = _PERIOD_RE.match(code or "")
    if not m:
        return None
    y = int(m.group(1))
    rest = m.group(2)
    if not YEAR_SPAN[0] <= y <= YEAR_SPAN[1]:
        return None
    if rest is None:
        return Period(code, "year", y, y)
    if rest in ("plan", "now"):
        return Period(code, rest, y, y)
    end = int(rest)
    if not y < end <= YEAR_SPAN[1]:
        return None
    return Period(code, "range", y, end)


def period_label(code: str, lang: str) -> str:
    """The period in words: 2022 -> 2022年 / 2022; 2022_plan -> 2022年计划 / 2022 plan; 2022_now -> 2022年进展 /
    Progress, 2022; 2021_2025 -> 2021—2025年 / 2021–2025. Codes with a wording of their own in
    common.toml's [period] (2021_now: 2021年初进展, on_completion) keep it. Unknown codes come back as they are."""
    key = f"common.period.{code}"
    if key in strings():
        return t(key, lang)
    p = parse_period(code)
    if p is None:
        return code
    if p.form == "range":
        return t("common.period_form.range", lang, a=p.start, b=p.end)
    return t(f"common.period_form.{p.form}", lang, y=p.start)


# Within one year: a point in the year, then the year's result, then its plan ("plan after reported for the
# same year"); a range sorts at its last year, after that year's own figures; on_completion last of all.
_PERIOD_RANK = {"now": 0, "year": 1, "plan": 2, "range": 3}


def period_sort_key(code: str) -> tuple[int, int, int]:
    """A key that puts periods in time order: 2019 < 2020 < 2021_now < 2021 < 2021_plan < 2019_2021 <
    2021_2025 < on_completion; unknown codes last."""
    p = parse_period(code)
    if p is None:
        return (10**6, 0, 0)
    if p.form == "on_completion":
        return (10**5, 0, 0)
    return (p.end, _PERIOD_RANK[p.form], p.start)

