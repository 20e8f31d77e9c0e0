"""The dashboard's data: read and checked (schema, read, geojson), periods and series, sources, the one
loader load() with the last valid version (store), and the command line (cli). No Streamlit here."""

from .cli import main
from .diff import changes_since_commit
from .formulas import FormulaError, evaluate_formula, formula_ids
from .messages import Both, DataError, Problem, excel_column
from .periods import PERIOD_FORMS, YEAR_SPAN, Period, parse_period, period_label, period_sort_key
from .read import check_anchors, check_references, parse_table, read_all, resolve_unit
from .schema import (
    ANCHOR_MAX,
    CONFIDENCES,
    COUNT_UNITS,
    DATA_DIR_ENV,
    DEFAULT_DATA_DIR,
    GEOJSON_FILES,
    GROUPS,
    ID_RE,
    KINDS,
    LAT_RANGE,
    LON_RANGE,
    MILESTONE_KINDS,
    PRECISIONS,
    STAGES,
    STATION_SECTIONS,
    STATUSES,
    TABLES,
    TOPICS,
    UNIT_ALIASES,
    UNITS,
    Table,
    by_id,
    data_dir,
)
from .series import RATIO_UNITS, Change, change, funnel_years, latest_change, latest_reported, previous, series_rows
from .sources import ARTICLE, published_label, source_label, source_line, source_text_path
from .store import Stale, all_files_stamp, clear_store, load, stale, stale_all, table_stamp

__all__ = [
    "ARTICLE", "ANCHOR_MAX", "CONFIDENCES", "COUNT_UNITS", "DATA_DIR_ENV", "DEFAULT_DATA_DIR", "GEOJSON_FILES", "GROUPS", "ID_RE",
    "KINDS", "LAT_RANGE", "LON_RANGE", "MILESTONE_KINDS", "PERIOD_FORMS", "PRECISIONS", "RATIO_UNITS", "STAGES",
    "STATION_SECTIONS", "STATUSES", "TABLES", "TOPICS", "UNITS", "UNIT_ALIASES", "YEAR_SPAN",
    "Both", "Change", "DataError", "FormulaError", "Period", "Problem", "Stale", "Table",
    "all_files_stamp", "by_id", "change", "changes_since_commit", "check_anchors", "check_references", "clear_store",
    "data_dir", "evaluate_formula", "excel_column", "formula_ids", "funnel_years", "latest_change",
    "latest_reported", "load", "main", "parse_period", "parse_table", "period_label", "period_sort_key", "previous",
    "published_label", "read_all", "resolve_unit", "series_rows", "source_label", "source_line",
    "source_text_path", "stale", "stale_all", "table_stamp",
]
