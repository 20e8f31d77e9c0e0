"""Read and validate the dashboard's data files; periods, series, funnel and sources; last-good loaders."""

from __future__ import annotations

import argparse
import ast
import copy
import csv
import io
import json
import math
import os
import re
import subprocess
import sys
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from .i18n import DEFAULT_LANG, LANGS, strings, t

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATA_DIR_ENV = "ZHENHAI_DATA_DIR"

TOPICS = ("overview", "innovation", "investment", "city", "digital")
KINDS = ("reported", "derived", "plan", "target")
# Period forms: a year (2022), a plan year (2022_plan), a point in a year (2022_now), a range of years
# (2021_2025), and on_completion. Years outside this span are typos.
PERIOD_FORMS = ("year", "plan", "now", "range", "on_completion")
YEAR_SPAN = (1949, 2100)
# Units: the number's kind decides what range is plausible.
COUNT_UNITS = (
    "enterprises", "people", "projects", "firms", "jobs", "categories", "service_items",
    "platforms", "domains", "industries", "actions", "highlands", "areas", "users", "transactions",
)
UNITS = COUNT_UNITS + ("percent", "share", "pp", "yi_yuan", "months", "years")
# The Chinese forms staff type, as aliases of the codes. A form with one code is always that code; a form
# with several (家, 人, 个, 件, %) takes the code the rest of the row's series uses, and is refused with the
# list of codes when the series does not settle it (see resolve_unit).
UNIT_ALIASES: dict[str, tuple[str, ...]] = {
    "家": ("enterprises", "firms"),
    "人": ("people", "users"),
    "名": ("people",),
    "个": ("projects", "jobs", "platforms", "domains", "industries", "highlands", "areas"),
    "类": ("categories",),
    "件": ("service_items", "transactions"),
    "项": ("actions",),
    "%": ("percent", "share"),
    "％": ("percent", "share"),
    "个百分点": ("pp",),
    "百分点": ("pp",),
    "亿元": ("yi_yuan",),
    "亿": ("yi_yuan",),
    "月": ("months",),
    "个月": ("months",),
    "年": ("years",),
}
STATUSES = (
    "landed", "in_use", "advancing", "planned", "started", "all_started", "opened", "done",
    "in_progress", "preparing", "review_done", "building", "piloting", "in_service", "laying_out",
)
# The digital-governance adoption scale, in order.
STAGES = ("planned", "building", "piloting", "in_service")
GROUPS = (
    "lab", "institute", "park", "planned_platform", "highland", "talent_programme", "corridor",
    "project_tier", "project", "tc_function", "tc_service", "strategy", "cluster",
    "transport", "road_section", "area", "plan", "goal",
    "service_app", "app_category", "gov_programme", "terminal", "gov_platform", "gov_domain",
    "shorthand", "photo",
)
PRECISIONS = ("day", "month", "year", "described")
MILESTONE_KINDS = ("event", "plan", "target")
CONFIDENCES = ("high", "medium", "approximate", "low", "schematic")
STATION_SECTIONS = ("phase1", "phase2_first", "phase2_later", "line5")
# The Ningbo area, generously: anything outside is a typo or a GCJ/BD datum mix-up.
LAT_RANGE = (28.8, 30.6)
LON_RANGE = (120.8, 122.5)
ANCHOR_MAX = 20
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# Labels shown beside codes in "one of ..." messages, where the strings have them.
_CODE_LABELS = {"topic": "common.topic", "kind": "common.kind", "status": "common.status",
                "unit": "validation.unit_name", "confidence": "common.confidence"}


# ----------------------------------------------------------------------------------------------
# Problems: located, structured, rendered in either language


@dataclass(frozen=True)
class Both:
    """A message parameter that differs by language (a list of codes with their Chinese names)."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file, located so a person can find and fix it.

    `code` names the message (components/strings/validation.toml: expected.<code>, fix.<code>), `params`
    fill it in, `cell` is the Excel column letter. `text(lang)` is the message; str() is the English one.
    """

    file: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    code: str = ""
    params: tuple[tuple[str, object], ...] = ()
    cell: str | None = None
    fix_code: str | None = None  # a more specific fix than the code's own (e.g. "227家" -> 227)

    def _fmt(self, lang: str) -> dict:
        out = {"file": self.file, "line": self.line, "column": self.column, "value": self.value, "cell": self.cell}
        out.update({k: (v.get(lang) if isinstance(v, Both) else v) for k, v in self.params})
        return out

    def expected_text(self, lang: str = DEFAULT_LANG) -> str:
        return t(f"validation.expected.{self.code}", lang, **self._fmt(lang))

    def fix_text(self, lang: str = DEFAULT_LANG) -> str:
        key = f"validation.fix.{self.fix_code or self.code}"
        return t(key, lang, **self._fmt(lang)) if key in strings() else ""

    @property
    def expected(self) -> str:
        """What was expected, in English (kept for callers written before messages had two languages)."""
        return self.expected_text("en")

    def where(self, lang: str = DEFAULT_LANG) -> str:
        if self.line is not None and self.column is not None:
            key = "line_column_cell" if self.cell else "line_column"
        elif self.line is not None:
            key = "line"
        elif self.column is not None:
            key = "column_cell" if self.cell else "column"
        else:
            key = "file"
        return t(f"validation.where.{key}", lang, **self._fmt(lang))

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The whole message: where, what was found, what was expected, how to fix it."""
        out = self.where(lang)
        if self.value is not None:
            out += t("validation.form.found", lang, value=_shown(self.value))
            out += t("validation.form.expected", lang, expected=self.expected_text(lang))
        else:
            out += t("validation.form.expected_only", lang, expected=self.expected_text(lang))
        fix = self.fix_text(lang)
        out += t("validation.form.fix", lang, fix=fix) if fix else t("validation.form.end", lang)
        return out

    def __str__(self) -> str:
        return self.text("en")


def _shown(value: str) -> str:
    """A found value as a person can read it: control characters escaped, long values cut."""
    text = value.encode("unicode_escape").decode("ascii") if any(unicodedata.category(c)[0] == "C" for c in value) else value
    return text if len(text) <= 80 else text[:77] + "…"


class DataError(Exception):
    """A data file could not be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def files(self) -> list[str]:
        return sorted({p.file for p in self.problems})

    def text(self, lang: str = DEFAULT_LANG) -> str:
        return "\n".join(p.text(lang) for p in self.problems)


def _both(key_zh: Callable[[str], str]) -> Both:
    return Both(key_zh("zh"), key_zh("en"))


def _choices(codes: Iterable[str], column: str | None = None, optional: bool = False) -> Both:
    """'reported（原文报道）、derived（推算）' / 'reported, derived': codes, with their names in Chinese."""
    codes = list(codes)
    prefix = _CODE_LABELS.get(column or "")

    def render(lang: str) -> str:
        parts = []
        for c in codes:
            key = f"{prefix}.{c}" if prefix else ""
            parts.append(f"{c}（{t(key, 'zh')}）" if lang == "zh" and key in strings() else c)
        text = t("validation.form.list_sep", lang).join(parts)
        return text + (t("validation.form.or_empty", lang) if optional else "")

    return _both(render)


def excel_column(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the letter Excel shows above a column."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


# ----------------------------------------------------------------------------------------------
# Column types. Each check returns (parsed value, None) or (raw, Expect) naming the message.


@dataclass(frozen=True)
class Expect:
    code: str
    params: tuple[tuple[str, object], ...] = ()
    fix_code: str | None = None


def _e(code: str, fix_code: str | None = None, **params) -> Expect:
    return Expect(code, tuple(params.items()), fix_code)


Check = Callable[[str], tuple[object, Expect | None]]


def _text(raw: str):
    return raw, None


def _required(raw: str):
    return (raw, None) if raw else (raw, _e("required"))


def _ident(raw: str):
    return (raw, None) if ID_RE.match(raw) else (raw, _e("ident"))


def _optional_ident(raw: str):
    return (raw, None) if raw == "" else _ident(raw)


_NUMBER_WITH_UNIT = re.compile(r"^([+-]?\d[\d,]*(?:\.\d+)?)\s*([^\d\s.,].*)$")
_CHINESE_NUMERALS = set("零〇一二两三四五六七八九十百千万亿")


def _number(raw: str):
    # Full-width digits and signs from a Chinese input method are the same number (NFKC: "２２７" -> "227").
    text = unicodedata.normalize("NFKC", raw).strip()
    try:
        v = float(text.replace(",", ""))
    except ValueError:
        m = _NUMBER_WITH_UNIT.match(text)
        if m:
            return raw, _e("number", "number_with_unit", number=m.group(1).replace(",", ""))
        if text and all(c in _CHINESE_NUMERALS for c in text):
            return raw, _e("number", "number_words")
        return raw, _e("number")
    if not math.isfinite(v):
        return raw, _e("finite")
    return v, None


def _enum(allowed: tuple[str, ...], column: str, optional: bool = False) -> Check:
    choices = _choices(allowed, column, optional)

    def check(raw: str):
        if (optional and raw == "") or raw in allowed:
            return raw, None
        return raw, _e("enum", choices=choices)
    return check


def _unit(raw: str):
    """A unit code, or a Chinese form (resolved to a code once the series is known: resolve_unit)."""
    if raw in UNITS or raw in UNIT_ALIASES:
        return raw, None
    listed = Both(
        "、".join(f"{c}（{t('validation.unit_name.' + c, 'zh')}）" for c in UNITS) + "；中文写法："
        + " ".join(UNIT_ALIASES),
        ", ".join(UNITS) + " (Chinese forms: " + " ".join(f"“{a}”" for a in UNIT_ALIASES) + ")",
    )
    return raw, _e("unit", choices=listed)


def _anchor(raw: str):
    if not raw:
        return raw, _e("anchor_empty")
    if len(raw) > ANCHOR_MAX:
        return raw, _e("anchor_long", max=ANCHOR_MAX, n=len(raw))
    return raw, None


def _coord(lo: float, hi: float) -> Check:
    def check(raw: str):
        v, err = _number(raw)
        if err:
            return v, err
        if not lo <= v <= hi:
            return raw, _e("coord", lo=lo, hi=hi)
        return v, None
    return check


def _int(raw: str):
    v, err = _number(raw)
    if err or v != int(v) or v < 0:
        return raw, _e("whole_number")
    return int(v), None


def _period(raw: str):
    return (raw, None) if parse_period(raw) else (raw, _e("period"))


def _published(raw: str):
    if raw == "":
        return raw, None
    for precision in ("day", "month", "year"):
        if re.fullmatch(_DATE_FORMS[precision], raw):
            return (raw, None) if _date_error(raw, precision) is None else (raw, _e("published"))
    return raw, _e("published")


def _url(raw: str):
    return (raw, None) if raw == "" or re.match(r"^https?://\S+$", raw) else (raw, _e("url"))


@dataclass(frozen=True)
class Table:
    name: str
    file: str
    columns: dict[str, Check]
    key: str | None = "id"
    refs: dict[str, str] = field(default_factory=dict)  # column -> table whose ids it names
    # Columns worked out from a valid row and added after the file's own (a file may carry them, as a
    # download of the table does; they are recomputed, never read).
    derived: dict[str, Callable[[dict], object]] = field(default_factory=dict)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "sources", "sources.csv",
            {
                "id": _ident, "title_zh": _required, "title_en": _required, "publisher_zh": _text,
                "publisher_en": _text, "published": _published, "url": _url, "text_file": _text,
                "what": _required, "licence": _required, "confidence_note": _text,
            },
            # `name`: what pages written before the registry had two titles read; new code uses source_label().
            derived={"name": lambda r: r["title_en"]},
        ),
        Table(
            "sections", "sections.csv",
            {"id": _ident, "source": _ident, "heading_zh": _required, "heading_en": _required},
            refs={"source": "sources"},
        ),
        Table(
            "funnel_stages", "funnel_stages.csv",
            {"id": _ident, "order": _int, "name_zh": _required, "name_en": _required, "note_zh": _text,
             "note_en": _text},
        ),
        Table(
            "indicators", "indicators.csv",
            {
                "id": _ident, "series": _optional_ident, "topic": _enum(TOPICS, "topic"), "label_zh": _required,
                "label_en": _required, "value": _number, "unit": _unit, "period": _period,
                "kind": _enum(KINDS, "kind"), "formula": _text, "inputs": _text, "item": _optional_ident,
                "funnel_stage": _optional_ident, "source": _ident, "section": _optional_ident, "anchor": _anchor,
                "note_zh": _text, "note_en": _text,
            },
            refs={"item": "items", "funnel_stage": "funnel_stages", "source": "sources", "section": "sections"},
        ),
        Table(
            "items", "items.csv",
            {
                "id": _ident, "topic": _enum(TOPICS, "topic"), "group": _enum(GROUPS, "group"),
                "name_zh": _required, "name_en": _required,
                "status": _enum(STATUSES, "status", optional=True), "parent": _optional_ident, "source": _ident,
                "section": _optional_ident, "anchor": _anchor, "note_zh": _text, "note_en": _text,
            },
            refs={"parent": "items", "source": "sources", "section": "sections"},
        ),
        Table(
            "milestones", "milestones.csv",
            {
                "id": _ident, "topic": _enum(TOPICS, "topic"), "date": _required,
                "precision": _enum(PRECISIONS, "precision"), "date_text_zh": _text, "date_text_en": _text,
                "label_zh": _required, "label_en": _required, "kind": _enum(MILESTONE_KINDS, "kind"),
                "item": _optional_ident, "source": _ident, "section": _optional_ident, "anchor": _anchor,
            },
            refs={"item": "items", "source": "sources", "section": "sections"},
        ),
        Table(
            "stations", "geo/stations.csv",
            {
                "line": _enum(("2", "5"), "line"), "seq": _int, "station_zh": _required, "station_en": _required,
                "section": _enum(STATION_SECTIONS, "section"), "lat": _coord(*LAT_RANGE),
                "lon": _coord(*LON_RANGE), "confidence": _enum(CONFIDENCES, "confidence"), "source": _ident,
            },
            key=None,
            refs={"source": "sources"},
        ),
        Table(
            "places", "geo/places.csv",
            {
                "id": _ident, "name_zh": _required, "name_en": _required, "lat": _coord(*LAT_RANGE),
                "lon": _coord(*LON_RANGE), "confidence": _enum(CONFIDENCES, "confidence"), "source": _ident,
                "basis_en": _required,
            },
            refs={"source": "sources"},
        ),
    )
}
# schematic: the city page's own drawn areas, points and lines where no public geometry exists.
GEOJSON_FILES = {
    "boundary": "geo/boundary.geojson", "river": "geo/river.geojson", "schematic": "geo/schematic.geojson",
}


def by_id(df: pd.DataFrame) -> dict[str, dict]:
    """A table's rows as {id: row}."""
    return {r["id"]: r for r in df.to_dict("records")}


def data_dir() -> Path:
    """The folder the data is read from: $ZHENHAI_DATA_DIR when set, else the project's data/."""
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env) if env else DEFAULT_DATA_DIR


# ----------------------------------------------------------------------------------------------
# Periods: one function reads a code, one labels it, one sorts it.


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


# ----------------------------------------------------------------------------------------------
# Series: rows that measure the same thing across periods.


def _records(rows) -> list[dict]:
    return rows.to_dict("records") if isinstance(rows, pd.DataFrame) else [dict(r) for r in rows]


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


# ----------------------------------------------------------------------------------------------
# Sources


def source_label(source, lang: str, registry=None, short: bool = False) -> str:
    """A source's name for a source line: 《锻造四大硬核 彰显雄镇担当》（2021年） / “Forge the four hard cores,
    show Zhenhai's commitment” (2021). `source` is a sources.csv row, or its id with `registry` (the sources
    table or {id: row}); an unknown id comes back as it is. short=True gives the title alone."""
    row = source
    if isinstance(source, str):
        rows = by_id(registry) if isinstance(registry, pd.DataFrame) else (registry or {})
        row = rows.get(source)
        if row is None:
            return source
    title = t("common.source.title", lang, title=row[f"title_{lang}"])
    if short:
        return title
    details = [d for d in (row.get(f"publisher_{lang}", ""), published_label(row.get("published", ""), lang)) if d]
    if not details:
        return title
    return t("common.source.with_details", lang, title=title, details=t("common.source.details_sep", lang).join(details))


def published_label(published: str, lang: str) -> str:
    """2021 -> 2021年 / 2021; 2022-03 -> 2022年3月 / March 2022; '' -> ''."""
    from .fmt import fmt_date

    for precision in ("day", "month", "year"):
        if published and re.fullmatch(_DATE_FORMS[precision], published) and not _date_error(published, precision):
            return fmt_date({"date": published, "precision": precision}, lang)
    return published or ""


def source_line(row: Mapping, lang: str, registry=None, sections=None) -> str:
    """'来源：《…》（2021年），“…”一节，“anchor”' for a data row, naming its source (and section when it has one)."""
    name = source_label(row.get("source", ""), lang, registry)
    heading = ""
    if row.get("section"):
        rows = by_id(sections) if isinstance(sections, pd.DataFrame) else (sections or {})
        sec = rows.get(row["section"])
        heading = sec[f"heading_{lang}"] if sec else row["section"]
    if heading:
        return t("common.source.note_named", lang, source=name, section=heading, anchor=row["anchor"])
    return t("common.source.note_named_plain", lang, source=name, anchor=row["anchor"])


def source_text_path(row: Mapping, folder: Path | None = None) -> Path | None:
    """Where a source's full text is, when its text_file names one that exists: the path is taken relative to
    the data folder, then to the project's own data/ (so a copy of the folder still finds the article)."""
    name = (row.get("text_file") or "").strip()
    if not name:
        return None
    path = Path(name)
    candidates = [path] if path.is_absolute() else [(folder or data_dir()) / path, DEFAULT_DATA_DIR / path]
    for c in candidates:
        if c.is_file():
            return c
    return None


# ----------------------------------------------------------------------------------------------
# Reading


def _decode(path: Path, file: str) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(file, code="file_missing", params=(("folder", str(path.parent)),))]) from None
    except OSError as e:
        raise DataError([Problem(file, code="file_unreadable", params=(("reason", e.strerror or str(e)),))]) from None
    return _decode_bytes(raw, file)


def _decode_bytes(raw: bytes, file: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):  # Excel's "CSV UTF-8" writes a BOM
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        # GBK/ANSI files are rejected, not guessed at: a wrong guess would silently garble names.
        raise DataError([Problem(file, line=line, value=raw[e.start:e.start + 2].hex(" "), code="not_utf8")]) from None
    if not text.strip():
        raise DataError([Problem(file, line=1, code="file_empty")])
    return text


def read_table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Read one table, check every cell, and return it with typed columns; raises DataError."""
    table = TABLES[name]
    folder = folder or data_dir()
    return parse_table(name, _decode(folder / table.file, table.file))


def parse_table(name: str, text: str) -> pd.DataFrame:
    """Check a table's text (as read from its file) and return it typed; raises DataError."""
    table = TABLES[name]
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, starts = [], []
    try:
        for row in reader:
            starts.append(reader.line_num - sum(c.count("\n") for c in row))
            rows.append(row)
    except csv.Error as e:
        raise DataError([Problem(table.file, line=reader.line_num, code="csv_malformed",
                                 params=(("detail", str(e)),))]) from None
    header = [h.strip() for h in rows[0]]
    letters = {h: excel_column(i) for i, h in reversed(list(enumerate(header)))}
    problems: list[Problem] = []
    expected_cols = list(table.columns)
    for col in expected_cols:
        if col not in header:
            problems.append(Problem(table.file, 1, col, None, "column_missing"))
    for col in header:
        if col not in table.columns and col not in table.derived:
            problems.append(Problem(table.file, 1, col or "(blank)", None, "column_unknown",
                                    (("columns", ", ".join(expected_cols)),), letters.get(col)))
    if len(set(header)) != len(header):
        dup = sorted({h for h in header if header.count(h) > 1})
        problems.append(Problem(table.file, 1, dup[0], None, "column_duplicate", cell=letters.get(dup[0])))
    if problems:
        raise DataError(problems)
    body = [(line, r) for line, r in zip(starts[1:], rows[1:]) if any(c.strip() for c in r)]
    if not body:
        raise DataError([Problem(table.file, 2, code="no_rows")])

    records = []
    seen: dict[str, int] = {}
    for line, r in body:
        if len(r) != len(header):
            problems.append(Problem(table.file, line, None, None, "cell_count", (("n", len(header)), ("found", len(r)))))
            continue
        rec = {}
        for col, raw in zip(header, r):
            if col in table.derived:
                continue
            value, err = table.columns[col](raw.strip())
            if err:
                problems.append(Problem(table.file, line, col, raw, err.code, err.params, letters[col], err.fix_code))
            rec[col] = value
        rec["_line"] = line
        if table.key:
            key = rec[table.key]
            if key in seen:
                problems.append(Problem(table.file, line, table.key, key, "id_duplicate", (("other", seen[key]),),
                                        letters[table.key]))
            else:
                seen[key] = line
        records.append(rec)
    if problems:
        raise DataError(problems)
    df = pd.DataFrame.from_records(records, columns=expected_cols + ["_line"])
    df.attrs["letters"] = letters
    problems = _table_rules(name, table, df)
    if problems:
        raise DataError(problems)
    if table.derived:
        rows = df.to_dict("records")
        for col, fn in table.derived.items():
            df.insert(len(df.columns) - 1, col, [fn(r) for r in rows])
    return df


def _rows(df: pd.DataFrame):
    """Rows as objects with attribute access (itertuples would rename the '_line' column)."""
    for rec in df.to_dict("records"):
        yield SimpleNamespace(**rec)


def _problem(table: Table, df: pd.DataFrame, line: int | None, column: str | None, value, code: str,
             fix_code: str | None = None, **params) -> Problem:
    cell = df.attrs.get("letters", {}).get(column) if column else None
    return Problem(table.file, line, column, None if value is None else str(value), code, tuple(params.items()),
                   cell, fix_code)


def resolve_unit(alias: str, series_units: Iterable[str]) -> tuple[str | None, tuple[str, ...]]:
    """A unit cell -> (code, candidates). A code is itself; a Chinese form with one meaning is that code;
    one with several (家: enterprises or firms) is the one the rest of its series uses, else (None, candidates)."""
    if alias in UNITS:
        return alias, (alias,)
    candidates = UNIT_ALIASES.get(alias, ())
    if len(candidates) == 1:
        return candidates[0], candidates
    settled = {u for u in series_units if u in candidates}
    return (settled.pop(), candidates) if len(settled) == 1 else (None, candidates)


def _resolve_units(table: Table, df: pd.DataFrame) -> list[Problem]:
    """Replace Chinese unit forms by codes, in place; an ambiguous form the series cannot settle is a problem."""
    out = []
    known: dict[str, set[str]] = {}
    for s, u in zip(df["series"], df["unit"]):
        if s:
            code, _ = resolve_unit(u, ())
            if code:
                known.setdefault(s, set()).add(code)
    for i, r in zip(df.index, _rows(df)):
        if r.unit in UNITS:
            continue
        code, candidates = resolve_unit(r.unit, known.get(r.series, ()) if r.series else ())
        if code:
            df.at[i, "unit"] = code
        else:
            out.append(_problem(table, df, r._line, "unit", r.unit, "unit_ambiguous",
                                choices=_choices(candidates, "unit"), codes=" / ".join(candidates)))
    return out


def _table_rules(name: str, table: Table, df: pd.DataFrame) -> list[Problem]:
    """Rules that span cells of one row or rows of one table."""
    out: list[Problem] = []
    if name == "indicators":
        out += _resolve_units(table, df)
        if out:
            return out
        for r in _rows(df):
            if r.unit in COUNT_UNITS and r.value < 0:
                out.append(_problem(table, df, r._line, "value", r.value, "count_negative", unit=r.unit))
            if r.unit == "share" and not 0 <= r.value <= 100:
                out.append(_problem(table, df, r._line, "value", r.value, "share_range"))
            if r.unit == "percent" and not -100 <= r.value <= 1000:
                out.append(_problem(table, df, r._line, "value", r.value, "percent_range"))
            if (r.kind == "derived") != bool(r.formula):
                out.append(_problem(table, df, r._line, "formula", r.formula, "formula_presence"))
        out += _check_formulas(table, df)
        out += _check_series(table, df)
        out += _check_funnel(table, df)
    if name == "milestones":
        for r in _rows(df):
            err = _date_error(r.date, r.precision)
            if err:
                out.append(_problem(table, df, r._line, "date", r.date, err.code, **dict(err.params)))
            if r.precision == "described" and not (r.date_text_zh and r.date_text_en):
                out.append(_problem(table, df, r._line, "date_text_zh", r.date_text_zh, "date_text_missing"))
    if name == "funnel_stages":
        seen: dict[int, int] = {}
        for r in _rows(df):
            if r.order in seen:
                out.append(_problem(table, df, r._line, "order", r.order, "order_duplicate", other=seen[r.order]))
            seen.setdefault(r.order, r._line)
    return out


def _check_series(table: Table, df: pd.DataFrame) -> list[Problem]:
    """Rows of one series share a unit and have one row per period."""
    out = []
    first: dict[str, SimpleNamespace] = {}
    periods: dict[tuple[str, str], int] = {}
    for r in _rows(df):
        if not r.series:
            continue
        head = first.setdefault(r.series, r)
        if r.unit != head.unit:
            out.append(_problem(table, df, r._line, "unit", r.unit, "series_unit", series=r.series, unit=head.unit,
                                other=head._line))
        k = (r.series, r.period)
        if k in periods:
            out.append(_problem(table, df, r._line, "period", r.period, "series_period", series=r.series,
                                period=r.period, other=periods[k]))
        periods.setdefault(k, r._line)
    return out


def _check_funnel(table: Table, df: pd.DataFrame) -> list[Problem]:
    """Funnel counts: numbers of projects, reported or derived, for one year; one per stage and year."""
    out = []
    seen: dict[tuple[str, int], int] = {}
    for r in _rows(df):
        if not r.funnel_stage:
            continue
        p = parse_period(r.period)
        if r.unit != "projects":
            out.append(_problem(table, df, r._line, "unit", r.unit, "funnel_unit"))
        if r.kind not in ("reported", "derived"):
            out.append(_problem(table, df, r._line, "kind", r.kind, "funnel_kind"))
        if p is None or p.form not in ("year", "now"):
            out.append(_problem(table, df, r._line, "period", r.period, "funnel_period"))
            continue
        k = (r.funnel_stage, p.start)
        if k in seen:
            out.append(_problem(table, df, r._line, "period", r.period, "funnel_duplicate", stage=r.funnel_stage,
                                year=p.start, other=seen[k]))
        seen.setdefault(k, r._line)
    return out


_DATE_FORMS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}", "described": r"\d{4}"}
_DATE_FORM_TEXT = {
    "day": Both("YYYY-MM-DD", "YYYY-MM-DD"), "month": Both("YYYY-MM", "YYYY-MM"), "year": Both("YYYY", "YYYY"),
    "described": Both("YYYY（年份），具体说法写在 date_text 列", "YYYY (the year) with the words in date_text"),
}


def _date_error(value: str, precision: str) -> Expect | None:
    if not re.fullmatch(_DATE_FORMS[precision], value):
        return _e("date_form", form=_DATE_FORM_TEXT[precision], precision=precision)
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        return _e("date_real")
    return None


# ----------------------------------------------------------------------------------------------
# Derived figures: a formula names other indicators and uses + - * / ( ) and round().

_ALLOWED_NODES = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub,
    ast.Constant, ast.Name, ast.Call, ast.Load,
)


class FormulaError(ValueError):
    """A formula that cannot be evaluated; str() is the English expectation, code/params the message."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = tuple(params.items())
        super().__init__(t(f"validation.expected.{code}", "en", **params))


def evaluate_formula(formula: str, values: dict[str, float]) -> float:
    """Evaluate a derived figure's formula against other indicators; raises FormulaError (a ValueError)."""
    try:
        tree = ast.parse(formula, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise FormulaError("formula_syntax") from None

    def ev(node):
        if not isinstance(node, _ALLOWED_NODES):
            raise FormulaError("formula_only")
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in values:
                raise FormulaError("formula_unknown_id", name=node.id)
            return values[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            a, b = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Div) and b == 0:
                raise FormulaError("formula_div0")
            if isinstance(node.op, ast.Add):
                return a + b
            if isinstance(node.op, ast.Sub):
                return a - b
            if isinstance(node.op, ast.Mult):
                return a * b
            return a / b
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "round":
            args = [ev(a) for a in node.args]
            if len(args) not in (1, 2) or node.keywords:
                raise FormulaError("formula_round")
            return float(round(args[0], int(args[1]) if len(args) == 2 else None))
        raise FormulaError("formula_only")

    try:
        result = ev(tree)
    except (OverflowError, RecursionError):
        raise FormulaError("formula_nonfinite") from None
    if not math.isfinite(result):
        raise FormulaError("formula_nonfinite")
    return result


def formula_ids(formula: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(formula, mode="eval")) if isinstance(n, ast.Name)} - {"round"}


def _check_formulas(table: Table, df: pd.DataFrame) -> list[Problem]:
    out = []
    values = dict(zip(df["id"], df["value"]))
    for r in _rows(df[df["kind"] == "derived"]):
        try:
            result = evaluate_formula(r.formula, values)
        except FormulaError as e:
            out.append(_problem(table, df, r._line, "formula", r.formula, e.code, **dict(e.params)))
            continue
        inputs = {s.strip() for s in r.inputs.split(";") if s.strip()}
        if inputs != formula_ids(r.formula):
            out.append(_problem(table, df, r._line, "inputs", r.inputs, "inputs_mismatch",
                                ids=";".join(sorted(formula_ids(r.formula)))))
        if abs(result - r.value) > 1e-9:
            out.append(_problem(table, df, r._line, "value", f"{r.value:g}", "derived_value", want=f"{result:g}",
                                formula=r.formula))
    return out


# ----------------------------------------------------------------------------------------------
# GeoJSON


def read_geojson(name: str, folder: Path | None = None) -> dict:
    """Read a GeoJSON file and check every coordinate is a WGS-84 point in the Ningbo area."""
    file = GEOJSON_FILES[name]
    return parse_geojson(name, _decode((folder or data_dir()) / file, file))


def parse_geojson(name: str, text: str) -> dict:
    file = GEOJSON_FILES[name]
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise DataError([Problem(file, e.lineno, None, None, "json_invalid", (("detail", e.msg),))]) from None
    except (ValueError, RecursionError) as e:
        raise DataError([Problem(file, code="geojson_invalid", params=(("detail", type(e).__name__),))]) from None
    feats = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(feats, list) or not feats:
        raise DataError([Problem(file, code="geojson_empty")])
    problems = []
    for i, f in enumerate(feats):
        try:
            points = list(_points(f["geometry"]["coordinates"]))
        except (KeyError, TypeError, RecursionError):
            problems.append(Problem(file, None, f"features[{i}]", None, "geojson_feature"))
            continue
        for lon, lat in points:
            if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
                problems.append(Problem(file, None, f"features[{i}]", f"{lon}, {lat}", "geojson_outside"))
                break
    if problems:
        raise DataError(problems)
    return doc


def _points(coords):
    if isinstance(coords, (list, tuple)) and len(coords) >= 2 and all(isinstance(c, (int, float)) for c in coords[:2]):
        yield float(coords[0]), float(coords[1])
        return
    if not isinstance(coords, (list, tuple)):
        raise TypeError("not a coordinate list")
    for c in coords:
        yield from _points(c)


# ----------------------------------------------------------------------------------------------
# Whole-folder checks


def check_references(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every id a row names (item, parent, section, source, stage) must exist, and a row's section must be
    a section of the row's own source."""
    out = []
    for name, df in tables.items():
        table = TABLES[name]
        for col, target in table.refs.items():
            if target not in tables:
                continue
            ids = set(tables[target]["id"])
            for r in _rows(df):
                v = getattr(r, col)
                if v and v not in ids:
                    out.append(_problem(table, df, r._line, col, v, "ref_missing", target=TABLES[target].file))
        if table.refs.get("section") == "sections" and "sections" in tables:
            owner = dict(zip(tables["sections"]["id"], tables["sections"]["source"]))
            for r in _rows(df):
                if r.section in owner and owner[r.section] != r.source:
                    out.append(_problem(table, df, r._line, "source", r.source, "section_source", section=r.section,
                                        owner=owner[r.section]))
    return out


def check_anchors(tables: dict[str, pd.DataFrame], folder: Path | None = None) -> tuple[list[Problem], list[dict]]:
    """Anchors (and section headings) checked word for word against each source's full text where it is
    available; returns the problems and the sources whose text was not found (their anchors are only
    checked for being there and short)."""
    if "sources" not in tables:
        return [], []
    texts: dict[str, str] = {}
    missing = []
    for src in tables["sources"].to_dict("records"):
        path = source_text_path(src, folder)
        if path is not None:
            try:
                texts[src["id"]] = path.read_text(encoding="utf-8")
                continue
            except (OSError, UnicodeDecodeError):
                pass
        if src.get("text_file"):
            missing.append(src)
    text_files = dict(zip(tables["sources"]["id"], tables["sources"]["text_file"]))
    out = []
    for name, column, code in (("indicators", "anchor", "anchor_not_in_text"), ("items", "anchor", "anchor_not_in_text"),
                               ("milestones", "anchor", "anchor_not_in_text"), ("sections", "heading_zh", "heading_not_in_text")):
        if name not in tables:
            continue
        df = tables[name]
        for r in _rows(df):
            text = texts.get(r.source)
            if text is not None and getattr(r, column) not in text:
                out.append(_problem(TABLES[name], df, r._line, column, getattr(r, column), code, source=r.source,
                                    text_file=text_files[r.source]))
    return out, missing


def read_all(folder: Path | None = None) -> tuple[dict[str, object], list[Problem]]:
    """Read every table and GeoJSON file; return what loaded and every problem found (anchors included)."""
    loaded, problems, _ = _read_all(folder)
    return loaded, problems


def _read_all(folder: Path | None = None):
    loaded: dict[str, object] = {}
    problems: list[Problem] = []
    for name in TABLES:
        try:
            loaded[name] = read_table(name, folder)
        except DataError as e:
            problems += e.problems
    frames = {k: v for k, v in loaded.items() if isinstance(v, pd.DataFrame)}
    problems += check_references(frames)
    anchor_problems, no_text = check_anchors(frames, folder)
    problems += anchor_problems
    for name in GEOJSON_FILES:
        try:
            loaded[name] = read_geojson(name, folder)
        except DataError as e:
            problems += e.problems
    return loaded, problems, no_text


def read_checked(name: str, folder: Path | None = None) -> pd.DataFrame:
    """read_table plus the references this table makes to tables that themselves load."""
    df = read_table(name, folder)
    others = {}
    for target in set(TABLES[name].refs.values()) - {name}:
        try:
            others[target] = read_table(target, folder)
        except DataError:
            pass  # that file's own error is reported where it is used
    problems = check_references({name: df, **others})
    problems = [p for p in problems if p.file == TABLES[name].file]
    if problems:
        raise DataError(problems)
    return df


# ----------------------------------------------------------------------------------------------
# Loaders for the pages, with the last known good version.
#
# Each (folder, table) has one entry per process, shared by every session (Streamlit runs sessions in
# threads). A table is re-read when the size or mtime of one of its files changes. A file that changed
# within SETTLE seconds may still be being written, so the read waits until its stamp has been still that
# long and is the same before and after the read; a read that never settles within a few tries keeps the
# last good version. When the new version is invalid, pages get the last good version and stale() says
# so; with no good version yet (a cold start) the DataError goes to the page, as a located error.

SETTLE = 0.3
SETTLE_TRIES = 8
_STORE_MAX = 64
_clock = time.time
_sleep = time.sleep


def _stamp(files: list[str], folder: Path) -> tuple:
    out = []
    for f in files:
        try:
            s = (folder / f).stat()
            out.append((f, s.st_mtime_ns, s.st_size))
        except OSError:
            out.append((f, None, None))
    return tuple(out)


def table_stamp(name: str, folder: Path | None = None) -> tuple:
    """A fingerprint of the files a table is read from (mtime and size), for caches built on it."""
    folder = folder or data_dir()
    return _stamp(_files_for(name), folder)


def all_files_stamp(folder: Path | None = None) -> tuple:
    """A fingerprint of every data file, for caches of things built from all of them."""
    folder = folder or data_dir()
    return _stamp([t.file for t in TABLES.values()] + list(GEOJSON_FILES.values()), folder)


def _files_for(name: str) -> list[str]:
    if name in GEOJSON_FILES:
        return [GEOJSON_FILES[name]]
    return list(dict.fromkeys([TABLES[name].file] + [TABLES[t].file for t in TABLES[name].refs.values()]))


def _newest(stamp: tuple) -> float | None:
    times = [m for _, m, _ in stamp if m is not None]
    return max(times) / 1e9 if times else None


@dataclass(frozen=True)
class Stale:
    """A table whose files are invalid now, while pages show its last valid version."""

    table: str
    problems: tuple[Problem, ...]
    valid_at: datetime     # when the version being shown was saved (the newest mtime of its files)
    broken_at: datetime    # when the invalid version was saved

    @property
    def files(self) -> list[str]:
        return sorted({p.file for p in self.problems})


@dataclass
class _Entry:
    stamp: tuple
    value: object = None               # this stamp's data when valid
    error: DataError | None = None     # this stamp's problems when invalid
    good: object = None                # the last valid data
    good_stamp: tuple | None = None


_STORE: OrderedDict[tuple[str, str], _Entry] = OrderedDict()
_STORE_LOCK = threading.Lock()
_KEY_LOCKS: dict[tuple[str, str], threading.Lock] = {}


def _key_lock(key: tuple[str, str]) -> threading.Lock:
    with _STORE_LOCK:
        return _KEY_LOCKS.setdefault(key, threading.Lock())


def _settled_read(read: Callable[[], object], files: list[str], folder: Path) -> tuple[tuple, object, bool]:
    """(stamp, data or DataError, settled): read once the files have been still for SETTLE seconds and are
    unchanged across the read."""
    for _ in range(SETTLE_TRIES):
        before = _stamp(files, folder)
        newest = _newest(before)
        age = _clock() - newest if newest is not None else SETTLE
        if age < SETTLE:
            _sleep(min(SETTLE, SETTLE - age))  # a save may be in progress: give it time to finish
            continue
        try:
            result = read()
        except DataError as e:
            result = e
        if _stamp(files, folder) == before:
            return before, result, True
    try:
        result = read()
    except DataError as e:
        result = e
    return _stamp(files, folder), result, False


def _load(kind: str, name: str, folder: Path | None = None):
    folder = folder or data_dir()
    key = (str(folder), name)
    files = _files_for(name)
    read = (lambda: read_geojson(name, folder)) if kind == "geojson" else (lambda: read_checked(name, folder))
    with _key_lock(key):
        with _STORE_LOCK:
            entry = _STORE.get(key)
            if entry is not None:
                _STORE.move_to_end(key)
        if entry is None or entry.stamp != _stamp(files, folder):
            stamp, result, settled = _settled_read(read, files, folder)
            if not settled and entry is not None and entry.good is not None:
                return entry.good  # still being written: keep what we had, look again next time
            good = entry.good if entry is not None else None
            good_stamp = entry.good_stamp if entry is not None else None
            if isinstance(result, DataError):
                entry = _Entry(stamp, None, result, good, good_stamp)
            else:
                entry = _Entry(stamp, result, None, result, stamp)
            with _STORE_LOCK:
                _STORE[key] = entry
                while len(_STORE) > _STORE_MAX:
                    _STORE.popitem(last=False)
        if entry.error is None:
            return entry.value
        if entry.good is not None:
            return entry.good
        raise entry.error


def load_table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """The table for a page: validated, re-read when its file changes, and the last valid version while the
    file is invalid (stale() says so). Raises DataError when it has never been valid in this process."""
    return _load("table", name, folder).copy()  # a copy: pages may add columns; other sessions share the store


def load_geojson(name: str, folder: Path | None = None) -> dict:
    """A GeoJSON file for a page, with the same last-good behaviour as load_table."""
    return copy.deepcopy(_load("geojson", name, folder))


def stale(name: str, folder: Path | None = None) -> Stale | None:
    """Whether the table (or GeoJSON file) is being shown from its last valid version, and why."""
    folder = folder or data_dir()
    key = (str(folder), name)
    with _STORE_LOCK:
        entry = _STORE.get(key)
    if entry is None:
        return None
    if entry.stamp != _stamp(_files_for(name), folder):
        try:  # the files changed since the last load: look now, so a banner is never a page behind
            _load("geojson" if name in GEOJSON_FILES else "table", name, folder)
        except DataError:
            pass
        with _STORE_LOCK:
            entry = _STORE.get(key)
    if entry is None or entry.error is None or entry.good is None:
        return None
    return Stale(name, tuple(entry.error.problems), _as_time(_newest(entry.good_stamp)),
                 _as_time(_newest(entry.stamp)))


def stale_all(folder: Path | None = None) -> list[Stale]:
    """Every table of the folder that pages show from its last valid version, in TABLES order."""
    folder = folder or data_dir()
    with _STORE_LOCK:
        names = [n for f, n in _STORE if f == str(folder)]
    order = list(TABLES) + list(GEOJSON_FILES)
    found = [stale(n, folder) for n in sorted(names, key=order.index)]
    return [s for s in found if s is not None]


def clear_store() -> None:
    """Forget every loaded version (tests; a process starts empty)."""
    with _STORE_LOCK:
        _STORE.clear()


def _as_time(seconds: float | None) -> datetime:
    return datetime.fromtimestamp(seconds if seconds is not None else 0).astimezone()


# ----------------------------------------------------------------------------------------------
# What changed against the last commit


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None


def _csv_rows(text: str) -> tuple[list[str], list[list[str]]]:
    rows = [r for r in csv.reader(io.StringIO(text, newline="")) if any(c.strip() for c in r)]
    return ([h.strip() for h in rows[0]], rows[1:]) if rows else ([], [])


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return float(a.replace(",", "")) == float(b.replace(",", ""))
    except ValueError:
        return False


def changes_since_commit(folder: Path | None = None, lang: str = DEFAULT_LANG) -> list[str] | None:
    """Each edit to the CSV files against git HEAD, one line each ('indicators.csv：inn_x 的 value：227 -> 228');
    None when the folder is not in a git checkout."""
    folder = (folder or data_dir()).resolve()
    top = _git(["rev-parse", "--show-toplevel"], folder if folder.is_dir() else folder.parent)
    if top is None or top.returncode != 0:
        return None
    root = Path(top.stdout.decode().strip())
    out: list[str] = []
    for table in TABLES.values():
        path = folder / table.file
        if not path.exists():
            continue
        try:
            rel = path.resolve().relative_to(root).as_posix()
        except ValueError:
            continue
        old = _git(["show", f"HEAD:{rel}"], root)
        if old is None or old.returncode != 0:
            out.append(t("validation.cli.new_file", lang, file=table.file))
            continue
        try:
            old_h, old_rows = _csv_rows(_decode_bytes(old.stdout, table.file))
            new_h, new_rows = _csv_rows(_decode(path, table.file))
        except (DataError, csv.Error, IndexError):
            out.append(t("validation.cli.unreadable", lang, file=table.file))
            continue
        out += _diff_table(table, old_h, old_rows, new_h, new_rows, lang)
    return out


def _diff_table(table: Table, old_h, old_rows, new_h, new_rows, lang: str) -> list[str]:
    out = []
    added_cols = [c for c in new_h if c not in old_h]
    removed_cols = [c for c in old_h if c not in new_h]
    if added_cols:
        out.append(t("validation.cli.columns_added", lang, file=table.file, columns=", ".join(added_cols)))
    if removed_cols:
        out.append(t("validation.cli.columns_removed", lang, file=table.file, columns=", ".join(removed_cols)))
    key_cols = [table.key] if table.key else [c for c in ("line", "seq") if c in new_h and c in old_h]

    def keyed(header, rows):
        if not all(k in header for k in key_cols) or not key_cols:
            return {}
        idx = [header.index(k) for k in key_cols]
        out = {}
        for r in rows:
            rec = dict(zip(header, r))
            out.setdefault("/".join(r[i] if i < len(r) else "" for i in idx), rec)
        return out

    old, new = keyed(old_h, old_rows), keyed(new_h, new_rows)
    empty = t("validation.cli.empty", lang)
    common = [c for c in new_h if c in old_h and c not in key_cols]
    for k, rec in new.items():
        if k not in old:
            out.append(t("validation.cli.added", lang, file=table.file, id=k, desc=_describe(rec, lang)))
            continue
        for c in common:
            a, b = old[k].get(c, ""), rec.get(c, "")
            if not _same(a, b):
                out.append(t("validation.cli.changed", lang, file=table.file, id=k, column=c, old=a or empty,
                             new=b or empty))
    for k, rec in old.items():
        if k not in new:
            out.append(t("validation.cli.removed", lang, file=table.file, id=k, desc=_describe(rec, lang)))
    return out


def _describe(rec: dict, lang: str) -> str:
    """' (高新技术企业 · 2021 · 250 enterprises)': what an added or removed row was, in a few words."""
    parts = [rec.get(f"label_{lang}") or rec.get(f"name_{lang}") or rec.get(f"title_{lang}") or ""]
    if rec.get("period"):
        parts.append(period_label(rec["period"], lang))
    if rec.get("value"):
        parts.append(f"{rec['value']} {rec.get('unit', '')}".strip())
    parts = [p for p in parts if p]
    if not parts:
        return ""
    return "（" + " · ".join(parts) + "）" if lang == "zh" else " (" + " · ".join(parts) + ")"


# ----------------------------------------------------------------------------------------------
# Command line: python -m components.data [folder] [--lang zh|en]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m components.data",
                                     description="Check every data file (messages in Chinese; --lang en for English).")
    parser.add_argument("folder", nargs="?", help="the data folder (default: $ZHENHAI_DATA_DIR or data/)")
    parser.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    lang = args.lang
    folder = Path(args.folder) if args.folder else data_dir()
    loaded, problems, no_text = _read_all(folder)
    if problems:
        print(t("validation.cli.problems", lang, folder=folder, n=len(problems)))
        for p in problems:
            print("  - " + p.text(lang))
        code = 1
    else:
        counts = ", ".join(f"{k}: {len(v)}" for k, v in loaded.items() if isinstance(v, pd.DataFrame))
        print(t("validation.cli.ok", lang, folder=folder, counts=counts, geojson=len(GEOJSON_FILES)))
        code = 0
    for src in no_text:
        print(t("validation.cli.note_no_text", lang, source=src["id"], text_file=src["text_file"]))
    changes = changes_since_commit(folder, lang)
    if changes is None:
        print(t("validation.cli.not_git", lang, folder=folder))
    elif changes:
        print(t("validation.cli.changes", lang))
        for line in changes:
            print("  " + line)
    else:
        print(t("validation.cli.no_changes", lang))
    return code


if __name__ == "__main__":
    sys.exit(main())
