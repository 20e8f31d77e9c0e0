"""Reading and checking the CSV tables: every cell, the rules across rows, the references between tables and the
anchors against the sources' texts."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .formulas import check_formulas
from .geojson import read_geojson
from .messages import DataError, Problem, choices, excel_column, located, rows
from .outcomes import EVENT_KINDS, OUTCOME_KINDS, answerable, plan_index
from .periods import parse_period
from .schema import COUNT_UNITS, GEOJSON_FILES, TABLES, UNIT_ALIASES, UNITS, Table, data_dir, date_error, decode
from .sources import ARTICLE, source_text_path


def read_table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Read one table, check every cell, and return it with typed columns; raises DataError."""
    table = TABLES[name]
    folder = folder or data_dir()
    return parse_table(name, decode(folder / table.file, table.file))


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
    if not body and not table.allow_empty:
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
        recs = df.to_dict("records")
        for col, fn in table.derived.items():
            df.insert(len(df.columns) - 1, col, [fn(r) for r in recs])
    return df


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
    for i, r in zip(df.index, rows(df)):
        if r.unit in UNITS:
            continue
        code, candidates = resolve_unit(r.unit, known.get(r.series, ()) if r.series else ())
        if code:
            df.at[i, "unit"] = code
        else:
            out.append(located(table, df, r._line, "unit", r.unit, "unit_ambiguous",
                                choices=choices(candidates, "unit"), codes=" / ".join(candidates)))
    return out


def _table_rules(name: str, table: Table, df: pd.DataFrame) -> list[Problem]:
    """Rules that span cells of one row or rows of one table."""
    out: list[Problem] = []
    if name == "indicators":
        out += _resolve_units(table, df)
        if out:
            return out
        for r in rows(df):
            if r.unit in COUNT_UNITS and r.value < 0:
                out.append(located(table, df, r._line, "value", r.value, "count_negative", unit=r.unit))
            if r.unit == "share" and not 0 <= r.value <= 100:
                out.append(located(table, df, r._line, "value", r.value, "share_range"))
            if r.unit == "percent" and not -100 <= r.value <= 1000:
                out.append(located(table, df, r._line, "value", r.value, "percent_range"))
            if (r.kind == "derived") != bool(r.formula):
                out.append(located(table, df, r._line, "formula", r.formula, "formula_presence"))
        out += check_formulas(table, df)
        out += _check_series(table, df)
        out += _check_funnel(table, df)
    if name == "milestones":
        for r in rows(df):
            err = date_error(r.date, r.precision)
            if err:
                out.append(located(table, df, r._line, "date", r.date, err.code, **dict(err.params)))
            if r.precision == "described" and not (r.date_text_zh and r.date_text_en):
                out.append(located(table, df, r._line, "date_text_zh", r.date_text_zh, "date_text_missing"))
    if name == "funnel_stages":
        seen: dict[int, int] = {}
        for r in rows(df):
            if r.order in seen:
                out.append(located(table, df, r._line, "order", r.order, "order_duplicate", other=seen[r.order]))
            seen.setdefault(r.order, r._line)
    return out


def _check_series(table: Table, df: pd.DataFrame) -> list[Problem]:
    """Rows of one series share a unit and have one row per period."""
    out = []
    first: dict[str, object] = {}
    periods: dict[tuple[str, str], int] = {}
    for r in rows(df):
        if not r.series:
            continue
        head = first.setdefault(r.series, r)
        if r.unit != head.unit:
            out.append(located(table, df, r._line, "unit", r.unit, "series_unit", series=r.series, unit=head.unit,
                                other=head._line))
        k = (r.series, r.period)
        if k in periods:
            out.append(located(table, df, r._line, "period", r.period, "series_period", series=r.series,
                                period=r.period, other=periods[k]))
        periods.setdefault(k, r._line)
    return out


def _check_funnel(table: Table, df: pd.DataFrame) -> list[Problem]:
    """Funnel counts: numbers of projects, reported or derived, for one year; one per stage and year."""
    out = []
    seen: dict[tuple[str, int], int] = {}
    for r in rows(df):
        if not r.funnel_stage:
            continue
        p = parse_period(r.period)
        if r.unit != "projects":
            out.append(located(table, df, r._line, "unit", r.unit, "funnel_unit"))
        if r.kind not in ("reported", "derived"):
            out.append(located(table, df, r._line, "kind", r.kind, "funnel_kind"))
        if p is None or p.form not in ("year", "now"):
            out.append(located(table, df, r._line, "period", r.period, "funnel_period"))
            continue
        k = (r.funnel_stage, p.start)
        if k in seen:
            out.append(located(table, df, r._line, "period", r.period, "funnel_duplicate", stage=r.funnel_stage,
                                year=p.start, other=seen[k]))
        seen.setdefault(k, r._line)
    return out


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
            for r in rows(df):
                v = getattr(r, col)
                if v and v not in ids:
                    out.append(located(table, df, r._line, col, v, "ref_missing", target=TABLES[target].file))
        if table.refs.get("section") == "sections" and "sections" in tables:
            owner = dict(zip(tables["sections"]["id"], tables["sections"]["source"]))
            for r in rows(df):
                if r.section in owner and owner[r.section] != r.source:
                    out.append(located(table, df, r._line, "source", r.source, "section_source", section=r.section,
                                        owner=owner[r.section]))
    out += check_answers(tables)
    out += _check_series_names(tables)
    out += _check_search_sources(tables)
    out += _check_anchor_figures(tables)
    return out


# Tables whose rows may answer a plan, and the tables a plan may stand in.
ANSWERING = ("indicators", "milestones", "not_found")
NEEDED_FOR_ANSWERS = ("indicators", "milestones", "items")


def check_answers(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Each `answers` cell names a plan, and the row can answer it: a result (reported or derived) answers a
    planned figure, in its unit or as a percentage of it; an event or a step may answer any plan (a dated plan,
    an item's, or a planned figure whose outcome is a thing done rather than a number); so may a not_found row."""
    if not all(n in tables for n in NEEDED_FOR_ANSWERS):
        return []  # a file it needs did not load: that file's own problems are reported
    known = answerable(tables)
    plan_ids = plan_index(tables)
    out = []
    for name in ANSWERING:
        if name not in tables:
            continue
        table, df = TABLES[name], tables[name]
        for r in rows(df):
            target = r.answers
            if not target:
                continue
            if target not in known:
                out.append(located(table, df, r._line, "answers", target, "answers_missing"))
                continue
            if target not in plan_ids:
                out.append(located(table, df, r._line, "answers", target, "answers_not_plan",
                                   file_of=TABLES[known[target][0]].file))
                continue
            plan = plan_ids[target]
            if name == "indicators":
                if r.kind not in OUTCOME_KINDS:
                    out.append(located(table, df, r._line, "kind", r.kind, "answers_kind_figure"))
                elif plan.table != "indicators":
                    out.append(located(table, df, r._line, "answers", target, "answers_figure_for_event",
                                       file_of=TABLES[plan.table].file))
                elif r.unit != plan.row["unit"] and r.unit != "percent":
                    out.append(located(table, df, r._line, "unit", r.unit, "answers_unit",
                                       unit=plan.row["unit"], plan=target))
            elif name == "milestones" and r.kind not in EVENT_KINDS:
                out.append(located(table, df, r._line, "kind", r.kind, "answers_kind_event"))
    return out


def _check_series_names(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """A name in series.csv is for a series the indicators use (a typo would name nothing)."""
    if "series" not in tables or "indicators" not in tables:
        return []
    used = set(tables["indicators"]["series"]) - {""}
    table, df = TABLES["series"], tables["series"]
    return [located(table, df, r._line, "id", r.id, "series_unknown") for r in rows(df) if r.id not in used]


def _check_search_sources(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """The sources a not_found row says were read are registered."""
    if "not_found" not in tables or "sources" not in tables:
        return []
    ids = set(tables["sources"]["id"])
    table, df = TABLES["not_found"], tables["not_found"]
    return [located(table, df, r._line, "sources", s, "ref_missing", target=TABLES["sources"].file)
            for r in rows(df) for s in r.sources.split(";") if s and s not in ids]


def figure_in(anchor: str, value: float) -> bool:
    """Whether the anchor writes the figure (227, 22.6, 1,662.9; full-width digits too)."""
    text = unicodedata.normalize("NFKC", anchor).replace(",", "")
    want = f"{value:g}"
    return re.search(rf"(?<![\d.]){re.escape(want)}(?![\d]|\.\d)", text) is not None


def _check_anchor_figures(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """A figure from any source but the article: its anchor must write the figure, so a reader's Ctrl+F on the
    source lands on the number itself (the article's anchors are checked word for word against its text, and
    some of its figures are written in words)."""
    if "indicators" not in tables or "sources" not in tables:
        return []
    table, df = TABLES["indicators"], tables["indicators"]
    return [located(table, df, r._line, "anchor", r.anchor, "anchor_figure", figure=f"{r.value:g}")
            for r in rows(df) if r.source != ARTICLE and r.kind != "derived" and not figure_in(r.anchor, r.value)]


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
        for r in rows(df):
            text = texts.get(r.source)
            if text is not None and getattr(r, column) not in text:
                out.append(located(TABLES[name], df, r._line, column, getattr(r, column), code, source=r.source,
                                    text_file=text_files[r.source]))
    return out, missing


def read_all(folder: Path | None = None) -> tuple[dict[str, object], list[Problem]]:
    """Read every table and GeoJSON file; return what loaded and every problem found (anchors included)."""
    loaded, problems, _ = read_folder(folder)
    return loaded, problems


def read_folder(folder: Path | None = None) -> tuple[dict[str, object], list[Problem], list[dict]]:
    """read_all, and the sources whose full text was not found (their anchors checked for length only)."""
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
    needed = set(TABLES[name].refs.values())
    if "answers" in TABLES[name].columns:
        needed |= set(NEEDED_FOR_ANSWERS) | {"sources"}
    if name == "series":
        needed.add("indicators")
    for target in needed - {name}:
        try:
            others[target] = read_table(target, folder)
        except DataError:
            pass  # that file's own error is reported where it is used
    problems = check_references({name: df, **others})
    problems = [p for p in problems if p.file == TABLES[name].file]
    if problems:
        raise DataError(problems)
    return df
