"""Whatever a data file holds, reading it either works or raises DataError: never anything else."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components import data as D
from components.data import DataError

FILES = {name: t.file for name, t in D.TABLES.items()} | dict(D.GEOJSON_FILES)
ORIGINAL = {name: (ROOT / "data" / f).read_bytes() for name, f in FILES.items()}
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", target)
        yield target


def read(name: str, folder: Path):
    if name in D.GEOJSON_FILES:
        return D.load(name, folder, fresh=True)
    return D.load(name, folder, fresh=True)


def load_or_data_error(name: str, content: bytes, folder: Path) -> None:
    path = folder / FILES[name]
    path.write_bytes(content)
    try:
        try:
            got = read(name, folder)
        except DataError as e:
            assert e.problems and all(p.file and p.expected for p in e.problems)
            return
        assert isinstance(got, pd.DataFrame if name in D.TABLES else dict)
        # read_all reports, never raises
        _, problems = D.read_all(folder)
        assert isinstance(problems, list)
    finally:
        path.write_bytes(ORIGINAL[name])


names = st.sampled_from(sorted(FILES))
# Text pieces a person could type into a cell, plus CSV and JSON syntax.
pieces = st.one_of(
    st.text(max_size=12),
    st.sampled_from([",", '"', "\n", "\r\n", "\r", "\x00", "\ufeff", "-", "1e999", "nan", "inf", "1_000",
                     "9" * 400, "(" * 300, "round(", "/0", "[", "]", "{", "}", "NaN", "2020-02-30", "十九", "，"]),
)


@SETTINGS
@given(name=names, content=st.binary(max_size=2000))
def test_arbitrary_bytes_load_or_raise_data_error(folder, name, content):
    load_or_data_error(name, content, folder)


@SETTINGS
@given(name=names, data=st.data())
def test_arbitrary_edits_of_the_real_files_load_or_raise_data_error(folder, name, data):
    text = ORIGINAL[name].decode("utf-8")
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        start = data.draw(st.integers(0, len(text)), label="start")
        end = data.draw(st.integers(start, min(len(text), start + 40)), label="end")
        text = text[:start] + data.draw(pieces, label="insert") + text[end:]
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk"]), label="encoding")
    content = text.encode(encoding, errors="replace")
    load_or_data_error(name, content, folder)


@SETTINGS
@given(formula=st.text(max_size=60) | st.from_regex(r"[a-z_0-9+\-*/(). ,]{0,60}", fullmatch=True))
def test_arbitrary_formulas_evaluate_or_raise_value_error(formula):
    try:
        v = D.evaluate_formula(formula, {"a": 1.0, "b": 0.0, "inn_hightech_2020": 227.0})
    except ValueError:
        return
    assert isinstance(v, float)


HOSTILE = {
    "overflow": "round(1e308 * 10)", "nan": "1e308 * 10 - 1e308 * 10", "nesting": "(" * 1000 + "1" + ")" * 1000,
    "long_sum": "+".join(["1"] * 5000), "nul": "a\x00", "call": "__import__('os')", "attribute": "a.b", "power": "a ** 2",
    "modulo": "a % 2", "unary_plus": "+a", "not": "not a",
}


@pytest.mark.parametrize("formula", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_formulas_are_value_errors(formula):
    with pytest.raises(ValueError):
        D.evaluate_formula(formula, {"a": 1.0})


def test_a_text_file_name_too_long_for_the_system_is_no_file(folder):
    """Found by the test above (hypothesis, CI of 2026-12-05): a sources.csv edit that made one text_file name
    thousands of characters long raised OSError (file name too long) out of read_all instead of a reported
    problem."""
    import csv
    import io

    from components.data.sources import source_text_path

    assert source_text_path({"text_file": "9" * 5000 + ".txt"}, folder) is None
    original = (folder / FILES["sources"]).read_bytes()
    try:
        rows = list(csv.reader(io.StringIO(original.decode("utf-8-sig"))))
        col = rows[0].index("text_file")
        assert rows[1][col].endswith(".txt")  # the article's row names its text
        rows[1][col] = "9" * 5000 + rows[1][col]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        (folder / FILES["sources"]).write_text(out.getvalue(), encoding="utf-8")
        _, problems = D.read_all(folder)
        assert isinstance(problems, list)
    finally:
        (folder / FILES["sources"]).write_bytes(original)
