"""Read and validate the dashboard's data files; pure functions plus cached loaders for the pages."""

from __future__ import annotations

import ast
import csv
import io
import json
import math
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATA_DIR_ENV = "ZHENHAI_DATA_DIR"

TOPICS = ("overview", "innovation", "investment", "city", "digital")
KINDS = ("reported", "derived", "plan", "target")
PERIODS = (
    "2019", "2020", "2021_plan", "2021_now", "2019_2020", "2021_2025", "on_completion",
)
# Units: the number's kind decides what range is plausible.
COUNT_UNITS = (
    "enterprises", "people", "projects", "firms", "jobs", "categories", "service_items",
    "platforms", "domains", "industries", "actions", "highlands", "areas", "users", "transactions",
)
UNITS = COUNT_UNITS + ("percent", "share", "pp", "yi_yuan", "months", "years")
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


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file, located so a person can find and fix it."""

    file: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    expected: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column '{self.column}'"
        got = "" if self.value is None else f": found {self.value!r}"
        return f"{where}{got}; expected {self.expected}"


class DataError(Exception):
    """A data file could not be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def files(self) -> list[str]:
        return sorted({p.file for p in self.problems})


# ----------------------------------------------------------------------------------------------
# Column types. Each check returns (parsed value, error text or None).

Check = Callable[[str], tuple[object, str | None]]


def _text(raw: str):
    return raw, None


def _required(raw: str):
    return (raw, None) if raw else (raw, "a value (this column may not be empty)")


def _ident(raw: str):
    if ID_RE.match(raw):
        return raw, None
    return raw, "an id of lower-case letters, digits and _ starting with a letter"


def _optional_ident(raw: str):
    return (raw, None) if raw == "" else _ident(raw)


def _number(raw: str):
    try:
        v = float(raw.replace(",", ""))
    except ValueError:
        return raw, "a number, such as 227 or 16.8"
    if not math.isfinite(v):
        return raw, "a finite number"
    return v, None


def _enum(allowed: tuple[str, ...], optional: bool = False) -> Check:
    def check(raw: str):
        if optional and raw == "":
            return raw, None
        if raw in allowed:
            return raw, None
        return raw, "one of " + ", ".join(allowed) + (" (or empty)" if optional else "")
    return check


def _anchor(raw: str):
    if not raw:
        return raw, "an anchor phrase copied from the article"
    if len(raw) > ANCHOR_MAX:
        return raw, f"an anchor phrase of at most {ANCHOR_MAX} characters (this one has {len(raw)})"
    return raw, None


def _coord(lo: float, hi: float) -> Check:
    def check(raw: str):
        v, err = _number(raw)
        if err:
            return v, err
        if not lo <= v <= hi:
            return raw, f"a WGS-84 coordinate in the Ningbo area, between {lo} and {hi}"
        return v, None
    return check


def _int(raw: str):
    v, err = _number(raw)
    if err or v != int(v) or v < 0:
        return raw, "a whole number of 0 or more"
    return int(v), None


@dataclass(frozen=True)
class Table:
    name: str
    file: str
    columns: dict[str, Check]
    key: str | None = "id"
    refs: dict[str, str] = field(default_factory=dict)  # column -> table whose ids it names


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("sections", "sections.csv", {"id": _ident, "heading_zh": _required, "heading_en": _required}),
        Table(
            "indicators", "indicators.csv",
            {
                "id": _ident, "topic": _enum(TOPICS), "label_zh": _required, "label_en": _required,
                "value": _number, "unit": _enum(UNITS), "period": _enum(PERIODS), "kind": _enum(KINDS),
                "formula": _text, "inputs": _text, "item": _optional_ident, "section": _ident,
                "anchor": _anchor, "note_zh": _text, "note_en": _text,
            },
            refs={"item": "items", "section": "sections"},
        ),
        Table(
            "items", "items.csv",
            {
                "id": _ident, "topic": _enum(TOPICS), "group": _enum(GROUPS), "name_zh": _required,
                "name_en": _required, "status": _enum(STATUSES, optional=True),
                "parent": _optional_ident, "section": _ident, "anchor": _anchor,
                "note_zh": _text, "note_en": _text,
            },
            refs={"parent": "items", "section": "sections"},
        ),
        Table(
            "milestones", "milestones.csv",
            {
                "id": _ident, "topic": _enum(TOPICS), "date": _required, "precision": _enum(PRECISIONS),
                "date_text_zh": _text, "date_text_en": _text, "label_zh": _required,
                "label_en": _required, "kind": _enum(MILESTONE_KINDS), "item": _optional_ident,
                "section": _ident, "anchor": _anchor,
            },
            refs={"item": "items", "section": "sections"},
        ),
        Table(
            "stations", "geo/stations.csv",
            {
                "line": _enum(("2", "5")), "seq": _int, "station_zh": _required, "station_en": _required,
                "section": _enum(STATION_SECTIONS), "lat": _coord(*LAT_RANGE), "lon": _coord(*LON_RANGE),
                "confidence": _enum(CONFIDENCES), "source": _ident,
            },
            key=None,
            refs={"source": "sources"},
        ),
        Table(
            "places", "geo/places.csv",
            {
                "id": _ident, "name_zh": _required, "name_en": _required, "lat": _coord(*LAT_RANGE),
                "lon": _coord(*LON_RANGE), "confidence": _enum(CONFIDENCES), "source": _ident,
                "basis_en": _required,
            },
            refs={"source": "sources"},
        ),
        Table(
            "sources", "geo/sources.csv",
            {"id": _ident, "name": _required, "what": _required, "licence": _required, "confidence_note": _text},
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
# Reading


def _decode(path: Path, file: str) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(file, expected=f"the file to exist in {path.parent}")]) from None
    except OSError as e:
        raise DataError([Problem(file, expected=f"a readable file ({e.strerror})")]) from None
    if raw.startswith(b"\xef\xbb\xbf"):  # Excel's "CSV UTF-8" writes a BOM
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        # GBK/ANSI files are rejected, not guessed at: a wrong guess would silently garble names.
        raise DataError([Problem(
            file, line=line, value=raw[e.start:e.start + 2].hex(" "),
            expected="UTF-8 text: in Excel or WPS choose 'Save as' > 'CSV UTF-8' (this file looks like GBK/ANSI)",
        )]) from None
    if not text.strip():
        raise DataError([Problem(file, line=1, expected="a header row and at least one data row (the file is empty)")])
    return text


def read_table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Read one table, check every cell, and return it with typed columns; raises DataError."""
    table = TABLES[name]
    folder = folder or data_dir()
    text = _decode(folder / table.file, table.file)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, starts = [], []
    try:
        for row in reader:
            starts.append(reader.line_num - sum(c.count("\n") for c in row))
            rows.append(row)
    except csv.Error as e:
        raise DataError([Problem(table.file, line=reader.line_num, expected=f"well-formed CSV ({e})")]) from None
    header = [h.strip() for h in rows[0]]
    problems: list[Problem] = []
    expected_cols = list(table.columns)
    for col in expected_cols:
        if col not in header:
            problems.append(Problem(table.file, 1, col, None, "this column in the header row"))
    for col in header:
        if col not in table.columns:
            problems.append(Problem(
                table.file, 1, col or "(blank)", None,
                "only the columns " + ", ".join(expected_cols) + " (see data/README.md)",
            ))
    if len(set(header)) != len(header):
        dup = sorted({h for h in header if header.count(h) > 1})
        problems.append(Problem(table.file, 1, dup[0], None, "each column name once"))
    if problems:
        raise DataError(problems)
    body = [(line, r) for line, r in zip(starts[1:], rows[1:]) if any(c.strip() for c in r)]
    if not body:
        raise DataError([Problem(table.file, 2, expected="at least one data row (only the header is there)")])

    records = []
    seen: dict[str, int] = {}
    for line, r in body:
        if len(r) != len(header):
            problems.append(Problem(table.file, line, None, None, f"{len(header)} cells, found {len(r)}"))
            continue
        rec = {}
        for col, raw in zip(header, r):
            value, err = table.columns[col](raw.strip())
            if err:
                problems.append(Problem(table.file, line, col, raw, err))
            rec[col] = value
        rec["_line"] = line
        if table.key:
            key = rec[table.key]
            if key in seen:
                problems.append(Problem(table.file, line, table.key, key, f"a unique id (also on line {seen[key]})"))
            else:
                seen[key] = line
        records.append(rec)
    if problems:
        raise DataError(problems)
    df = pd.DataFrame.from_records(records, columns=expected_cols + ["_line"])
    problems = _table_rules(name, table, df)
    if problems:
        raise DataError(problems)
    return df


def _rows(df: pd.DataFrame):
    """Rows as objects with attribute access (itertuples would rename the '_line' column)."""
    for rec in df.to_dict("records"):
        yield SimpleNamespace(**rec)


def _table_rules(name: str, table: Table, df: pd.DataFrame) -> list[Problem]:
    """Rules that span cells of one row or rows of one table."""
    out: list[Problem] = []
    if name == "indicators":
        for r in _rows(df):
            if r.unit in COUNT_UNITS and r.value < 0:
                out.append(Problem(table.file, r._line, "value", str(r.value), f"a count of 0 or more ({r.unit})"))
            if r.unit == "share" and not 0 <= r.value <= 100:
                out.append(Problem(table.file, r._line, "value", str(r.value), "a share between 0 and 100 (%)"))
            if r.unit == "percent" and not -100 <= r.value <= 1000:
                out.append(Problem(table.file, r._line, "value", str(r.value), "a percentage between -100 and 1000"))
            if (r.kind == "derived") != bool(r.formula):
                out.append(Problem(
                    table.file, r._line, "formula", r.formula,
                    "a formula for a derived figure, and none for others",
                ))
        out += _check_formulas(table.file, df)
    if name == "milestones":
        for r in _rows(df):
            err = _date_error(r.date, r.precision)
            if err:
                out.append(Problem(table.file, r._line, "date", r.date, err))
            if r.precision == "described" and not (r.date_text_zh and r.date_text_en):
                out.append(Problem(
                    table.file, r._line, "date_text_zh", r.date_text_zh,
                    "date_text_zh and date_text_en describing the date when precision is 'described'",
                ))
    return out


_DATE_FORMS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}", "described": r"\d{4}"}


def _date_error(value: str, precision: str) -> str | None:
    if not re.fullmatch(_DATE_FORMS[precision], value):
        form = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY", "described": "YYYY (the year) with the words in date_text"}
        return f"a date written {form[precision]} to match precision '{precision}'"
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        return "a real calendar date"
    return None


# ----------------------------------------------------------------------------------------------
# Derived figures: a formula names other indicators and uses + - * / ( ) and round().

_ALLOWED_NODES = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub,
    ast.Constant, ast.Name, ast.Call, ast.Load,
)


def evaluate_formula(formula: str, values: dict[str, float]) -> float:
    """Evaluate a derived figure's formula against other indicators; raises ValueError when it can't."""
    try:
        tree = ast.parse(formula, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise ValueError("a formula of indicator ids, numbers, + - * / ( ) and round(x, digits)") from None

    def ev(node):
        if not isinstance(node, _ALLOWED_NODES):
            raise ValueError("only indicator ids, numbers, + - * / ( ) and round(x, digits)")
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in values:
                raise ValueError(f"'{node.id}' to be the id of an indicator")
            return values[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            a, b = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Div) and b == 0:
                raise ValueError("no division by zero")
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
                raise ValueError("round(x) or round(x, digits)")
            return float(round(args[0], int(args[1]) if len(args) == 2 else None))
        raise ValueError("only indicator ids, numbers, + - * / ( ) and round(x, digits)")

    try:
        result = ev(tree)
    except (OverflowError, RecursionError):
        raise ValueError("a formula that gives a finite number") from None
    if not math.isfinite(result):
        raise ValueError("a formula that gives a finite number")
    return result


def formula_ids(formula: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(formula, mode="eval")) if isinstance(n, ast.Name)} - {"round"}


def _check_formulas(file: str, df: pd.DataFrame) -> list[Problem]:
    out = []
    values = dict(zip(df["id"], df["value"]))
    for r in _rows(df[df["kind"] == "derived"]):
        try:
            result = evaluate_formula(r.formula, values)
        except ValueError as e:
            out.append(Problem(file, r._line, "formula", r.formula, str(e)))
            continue
        inputs = {s.strip() for s in r.inputs.split(";") if s.strip()}
        if inputs != formula_ids(r.formula):
            out.append(Problem(
                file, r._line, "inputs", r.inputs,
                "the ids the formula uses, separated by ';': " + ";".join(sorted(formula_ids(r.formula))),
            ))
        if abs(result - r.value) > 1e-9:
            out.append(Problem(
                file, r._line, "value", f"{r.value:g}",
                f"{result:g}, what the formula {r.formula} gives from its inputs now",
            ))
    return out


# ----------------------------------------------------------------------------------------------
# GeoJSON


def read_geojson(name: str, folder: Path | None = None) -> dict:
    """Read a GeoJSON file and check every coordinate is a WGS-84 point in the Ningbo area."""
    file = GEOJSON_FILES[name]
    text = _decode((folder or data_dir()) / file, file)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise DataError([Problem(file, e.lineno, None, None, f"valid JSON ({e.msg})")]) from None
    except (ValueError, RecursionError) as e:
        raise DataError([Problem(file, None, None, None, f"valid GeoJSON ({type(e).__name__})")]) from None
    feats = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(feats, list) or not feats:
        raise DataError([Problem(file, expected="a GeoJSON FeatureCollection with at least one feature")])
    problems = []
    for i, f in enumerate(feats):
        try:
            points = list(_points(f["geometry"]["coordinates"]))
        except (KeyError, TypeError, RecursionError):
            problems.append(Problem(file, None, f"features[{i}]", None, "a feature with geometry.coordinates"))
            continue
        for lon, lat in points:
            if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
                problems.append(Problem(
                    file, None, f"features[{i}]", f"{lon}, {lat}",
                    "[lon, lat] in WGS-84 inside the Ningbo area",
                ))
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
    """Every id a row names (item, parent, section, source, formula input) must exist."""
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
                    out.append(Problem(table.file, r._line, col, v, f"the id of a row in {TABLES[target].file}"))
    return out


def read_all(folder: Path | None = None) -> tuple[dict[str, object], list[Problem]]:
    """Read every table and GeoJSON file; return what loaded and every problem found."""
    loaded: dict[str, object] = {}
    problems: list[Problem] = []
    for name in TABLES:
        try:
            loaded[name] = read_table(name, folder)
        except DataError as e:
            problems += e.problems
    problems += check_references({k: v for k, v in loaded.items() if isinstance(v, pd.DataFrame)})
    for name in GEOJSON_FILES:
        try:
            loaded[name] = read_geojson(name, folder)
        except DataError as e:
            problems += e.problems
    return loaded, problems


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
# Cached loaders for the pages. The key includes each file's mtime so an edited file is picked up
# on the next rerun without a server restart.


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
    return [TABLES[name].file] + [TABLES[t].file for t in TABLES[name].refs.values()]


def _read_table_for_cache(name: str, folder: str, stamp: tuple) -> pd.DataFrame:
    return read_checked(name, Path(folder))


def _read_geojson_for_cache(name: str, folder: str, stamp: tuple) -> dict:
    return read_geojson(name, Path(folder))


_CACHED: dict[str, Callable] = {}


def _cached(fn: Callable) -> Callable:
    """Wrap with st.cache_data on first use, so the validation command runs without Streamlit."""
    if fn.__name__ not in _CACHED:
        import streamlit as st

        _CACHED[fn.__name__] = st.cache_data(show_spinner=False, max_entries=64)(fn)
    return _CACHED[fn.__name__]


def load_table(name: str) -> pd.DataFrame:
    """The table for a page: validated, cached, re-read when its file changes. Raises DataError."""
    folder = data_dir()
    return _cached(_read_table_for_cache)(name, str(folder), _stamp(_files_for(name), folder))


def load_geojson(name: str) -> dict:
    folder = data_dir()
    return _cached(_read_geojson_for_cache)(name, str(folder), _stamp(_files_for(name), folder))


# ----------------------------------------------------------------------------------------------
# Command line: python -m components.data [folder]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0]) if argv else data_dir()
    loaded, problems = read_all(folder)
    if problems:
        print(f"{len(problems)} problem(s) in {folder}:")
        for p in problems:
            print("  - " + str(p))
        return 1
    counts = ", ".join(f"{k}: {len(v)}" for k, v in loaded.items() if isinstance(v, pd.DataFrame))
    print(f"OK: every file in {folder} is valid ({counts}; {len(GEOJSON_FILES)} GeoJSON files).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
