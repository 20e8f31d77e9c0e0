"""The data files and their columns: allowed values, a check per column type, and where the folder is."""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from ..i18n import t
from ..settings import DATA_DIR_ENV
from .messages import Both, DataError, Problem, choices
from .periods import parse_period

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"

TOPICS = ("overview", "innovation", "investment", "city", "digital")
KINDS = ("reported", "derived", "plan", "target")
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
# event: it happened (a completion, an opening); progress: a dated step on the way, not the end of it.
MILESTONE_KINDS = ("event", "progress", "plan", "target")
CONFIDENCES = ("high", "medium", "approximate", "low", "schematic")
STATION_SECTIONS = ("phase1", "phase2_first", "phase2_later", "line5")
# The Ningbo area, generously: anything outside is a typo or a GCJ/BD datum mix-up.
LAT_RANGE = (28.8, 30.6)
LON_RANGE = (120.8, 122.5)
ANCHOR_MAX = 20
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")

# Dates: the forms a date may take at each precision.
DATE_FORMS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}", "described": r"\d{4}"}
_DATE_FORM_TEXT = {
    "day": Both("YYYY-MM-DD", "YYYY-MM-DD"), "month": Both("YYYY-MM", "YYYY-MM"), "year": Both("YYYY", "YYYY"),
    "described": Both("YYYY（年份），具体说法写在 date_text 列", "YYYY (the year) with the words in date_text"),
}


def date_error(value: str, precision: str) -> Expect | None:
    if not re.fullmatch(DATE_FORMS[precision], value):
        return _e("date_form", form=_DATE_FORM_TEXT[precision], precision=precision)
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        return _e("date_real")
    return None


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
    listed = choices(allowed, column, optional)

    def check(raw: str):
        if (optional and raw == "") or raw in allowed:
            return raw, None
        return raw, _e("enum", choices=listed)
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
        if re.fullmatch(DATE_FORMS[precision], raw):
            return (raw, None) if date_error(raw, precision) is None else (raw, _e("published"))
    return raw, _e("published")


def _checked(raw: str):
    """A required date, at the precision one knows: YYYY, YYYY-MM or YYYY-MM-DD."""
    return (raw, _e("checked")) if raw == "" else _published(raw) if _published(raw)[1] is None else (raw, _e("checked"))


def _id_list(raw: str):
    """Ids separated by ';' (the sources a search read); may be empty."""
    parts = [p.strip() for p in raw.split(";") if p.strip()]
    return (";".join(parts), None) if all(ID_RE.match(p) for p in parts) else (raw, _e("id_list"))


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
    allow_empty: bool = False  # a file with its header and no rows is valid (nothing entered yet)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "sources", "sources.csv",
            {
                "id": _ident, "title_zh": _required, "title_en": _required, "short_zh": _required,
                "short_en": _required, "publisher_zh": _text, "publisher_en": _text, "published": _published,
                "url": _url, "text_file": _text, "what_zh": _required, "what_en": _required, "licence_zh": _required,
                "licence_en": _required, "confidence_note_zh": _text, "confidence_note_en": _text,
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
                "note_zh": _text, "note_en": _text, "answers": _optional_ident,
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
                "answers": _optional_ident,
            },
            refs={"item": "items", "source": "sources", "section": "sections"},
        ),
        Table(
            # A series' name for the charts that show it over time (a row's own label names one period).
            "series", "series.csv",
            {"id": _ident, "label_zh": _required, "label_en": _required},
            allow_empty=True,
        ),
        Table(
            # A plan or target looked for in the public record and not found: where, when and by whom.
            "not_found", "not_found.csv",
            {
                "id": _ident, "answers": _ident, "sources": _id_list, "where_zh": _required, "where_en": _required,
                "checked": _checked, "note_zh": _text, "note_en": _text,
            },
            allow_empty=True,
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
                "basis_zh": _required, "basis_en": _required,
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
# Reading a file's text


def decode(path: Path, file: str) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(file, code="file_missing", params=(("folder", str(path.parent)),))]) from None
    except OSError as e:
        raise DataError([Problem(file, code="file_unreadable", params=(("reason", e.strerror or str(e)),))]) from None
    return decode_bytes(raw, file)


def decode_bytes(raw: bytes, file: str) -> str:
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
