"""Digital-governance page: the adoption board, the graduate app and usage shown as not disclosed."""

from __future__ import annotations

import json
import re

import pytest
from conftest import (
    ARTICLE_SKIP,
    add_test_source,
    all_text,
    chart_specs,
    csv_line,
    edit_csv,
    html_bodies,
    kpis,
    need_article,
    run_page,
    section,
)
from shown_html import lines, parse

from components import data, plotly_web
from components.content.digital import board_rows
from components.figures.charts import build_figure, has_phone_figure
from components.i18n import t

NOT_DISCLOSED = {"zh": "未披露", "en": "not disclosed"}


def board_spec(at) -> dict:
    """The board's Plotly spec: the chart whose x axis carries the stage names."""
    for spec in chart_specs(at).values():
        ticks = spec["layout"].get("xaxis", {}).get("ticktext", [])
        if t("common.status.in_service", "en") in ticks or t("common.status.in_service", "zh") in ticks:
            return spec
    raise AssertionError("no adoption board on the page")


def stage_positions(spec: dict) -> dict[str, float]:
    """Initiative label -> x of its stage marker (1 = planned ... 4 = in service)."""
    labels = dict(zip(spec["layout"]["yaxis"]["tickvals"], spec["layout"]["yaxis"]["ticktext"]))
    out = {}
    for tr in spec["data"]:
        if tr.get("mode") == "markers" and tr.get("hovertext"):
            for x, y in zip(tr["x"], tr["y"]):
                out[labels[y]] = x
    return out


def usage_texts(spec: dict) -> dict[str, str]:
    labels = dict(zip(spec["layout"]["yaxis"]["tickvals"], spec["layout"]["yaxis"]["ticktext"]))
    tr = [tr for tr in spec["data"] if tr.get("mode") == "text"][0]
    return {labels[y]: text for y, text in zip(tr["y"], tr["text"])}


# The article's initiatives and the stage its wording puts each at, written out here (not derived from the
# board's own filter): the app and the terminal are in service, the talent reform is piloting, the four
# platforms and four domains are being rolled out, the governance programmes are planned.
ARTICLE_STAGES = {
    "dig_grad_app": "in_service", "dig_labour_terminal": "in_service", "dig_talent_reform": "piloting",
    "dig_pf_gov_services": "building", "dig_pf_office": "building", "dig_pf_enforcement": "building",
    "dig_pf_social": "building", "dig_dm_data": "building", "dig_dm_projects": "building",
    "dig_dm_network": "building", "dig_dm_security": "building", "dig_grassroots_4": "planned",
    "dig_one_team": "planned", "dig_party_led": "planned", "dig_party_building": "planned",
}
# The scale's steps as the page draws them: planned 1, being rolled out 2, piloting 3, in service 4.
STEP = {"planned": 1, "building": 2, "piloting": 3, "in_service": 4}
SLOGANS = {"zh": ["“最多跑一次”", "“一次都不跑”"], "en": ["“At most one trip”", "“No trip at all”"]}


def shown_parts(at, *classes: str) -> list[str]:
    """The text of every part of the page's HTML with one of these classes (render/html.py), in page order, as
    a reader sees it before opening a (?) mark."""
    return [lines(n.text(skip_help=True)) for b in html_bodies(at) for n in parse(b).find_all()
            if n.classes & set(classes)]


def board_items() -> list[dict]:
    items = data.load("items", fresh=True).set_index("id", drop=False)
    return [items.loc[i].to_dict() for i in ARTICLE_STAGES]


# ----------------------------------------------------------------------------------------------
# Pure figure


def test_board_has_every_initiative_at_its_data_stage():
    items, indicators = data.load("items", fresh=True), data.load("indicators", fresh=True)
    board = board_rows(items, indicators, "en")
    assert list(board["id"]) and set(board["id"]) == set(ARTICLE_STAGES)
    assert dict(zip(board["id"], board["stage"])) == ARTICLE_STAGES
    assert dict(zip(board["id"], board["step"])) == {i: STEP[s] for i, s in ARTICLE_STAGES.items()}
    # Most advanced first: the two in service, the pilot, the eight being rolled out, the four planned.
    assert list(board["step"]) == [4, 4, 3] + [2] * 8 + [1] * 4
    spec = json.loads(build_figure(section("digital.board", "en").visual, "en").to_json())
    assert list(spec["layout"]["xaxis"]["ticktext"][:4]) == ["Planned", "Being rolled out", "Piloting", "In service"]
    positions = stage_positions(spec)
    assert positions["“Graduates in Zhenhai” app"] == 4 and positions["AI labour-law service terminal"] == 4
    assert positions["“One matter” reform across a talent's whole career"] == 3
    assert positions["Integrated platform · Office collaboration"] == 2 and positions["Managed domain · Data"] == 2
    assert positions["“One team” law enforcement"] == 1
    assert len(positions) == len(ARTICLE_STAGES)


def test_board_says_not_disclosed_when_there_are_no_usage_rows():
    items, indicators = data.load("items", fresh=True), data.load("indicators", fresh=True)
    # The article gives no usage numbers; if a usage row ever lands in the data this test needs a look.
    assert not (indicators["unit"].isin(["users", "transactions"]) & (indicators["topic"] == "digital")).any()
    for lang in ("zh", "en"):
        texts = usage_texts(json.loads(build_figure(section("digital.board", lang).visual, lang).to_json()))
        assert texts and set(texts.values()) == {NOT_DISCLOSED[lang]}
    # A broken indicators file still gives a board, with usage not disclosed.
    board = board_rows(items, None, "zh")
    assert set(board["usage_text"]) == {NOT_DISCLOSED["zh"]}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_phone_drawing_has_the_same_rows_stages_and_usage(lang):
    """On a phone each row's name sits above its track (charts.py, _stages_phone): the same names in the same
    order, each marker at the same stage, the same usage words, the stage headings broken over lines, the same
    height (the element's is fixed); no name beside the tracks to squeeze them."""
    spec = section("digital.board", lang).visual
    assert has_phone_figure(spec)
    own = json.loads(build_figure(spec, lang).to_json())
    phone = json.loads(build_figure(spec, lang, phone=True).to_json())
    assert phone["layout"]["height"] == own["layout"]["height"]
    assert phone["layout"]["yaxis"]["showticklabels"] is False
    heads = [x.replace("<br>", " " if lang == "en" else "") for x in phone["layout"]["xaxis"]["ticktext"]]
    assert heads == own["layout"]["xaxis"]["ticktext"]
    names_tr, usage_tr = [tr for tr in phone["data"] if tr.get("mode") == "text"]
    row = {round(y): name for y, name in zip(names_tr["y"], names_tr["text"])}  # a name just above its row's middle
    assert list(row.values()) == own["layout"]["yaxis"]["ticktext"]
    assert all(y < r for r, y in zip(row, names_tr["y"]))
    positions = {}
    for tr in phone["data"]:
        if tr.get("mode") == "markers" and tr.get("hovertext"):
            positions.update({row[round(y)]: x for x, y in zip(tr["x"], tr["y"])})
    assert positions == stage_positions(own)
    assert {row[round(y)]: text for y, text in zip(usage_tr["y"], usage_tr["text"])} == usage_texts(own)


def test_the_page_sends_the_boards_phone_drawing():
    """The board's element carries its phone drawing, which plotly_web.js draws below PHONE_PX."""
    at = run_page("digital", "zh")
    payloads = {e.proto.id: json.loads(e.proto.json) for e in at.get("bidi_component")
                if e.proto.component_name == plotly_web.COMPONENT_NAME}
    boards = [d for d in payloads.values() if d.get("key", "").endswith("_chart_adoption_board")]
    assert len(boards) == 1 and boards[0]["phone"]["layout"]["yaxis"]["showticklabels"] is False
    assert boards[0]["phone_px"] == plotly_web.PHONE_PX


# ----------------------------------------------------------------------------------------------
# The page in AppTest


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_runs_and_shows_the_parts(lang):
    at = run_page("digital", lang)
    assert not at.exception, [e.value for e in at.exception]
    text = all_text(at)
    assert shown_parts(at, "zh-h1")[0] == t("digital.title", lang)
    for key in ("digital.board.heading", "digital.app.heading", "digital.promise.heading"):
        assert t(key, lang) in text, key
    # The two slogans are drawn as the cards' titles (from the goal's name in items.csv).
    titles = shown_parts(at, "zh-card-title")
    assert [name in titles for name in SLOGANS[lang]] == [True, True], titles
    # Usage: the cards where a reader would look for numbers say not disclosed.
    metrics = {k.label: k.value for k in kpis(at)}
    assert metrics[t("digital.kpi.users", lang)] == NOT_DISCLOSED[lang]
    assert metrics[t("digital.kpi.transactions", lang)] == NOT_DISCLOSED[lang]
    # The five named categories, from the data.
    items = data.load("items", fresh=True)
    for r in items[(items["parent"] == "dig_grad_app") & (items["group"] == "app_category")].to_dict("records"):
        assert r[f"name_{lang}"] in text
    assert t("digital.app.not_itemised", lang, items="10", cats="5") in text
    # Board present, with a takeaway, and every initiative's anchor in its hover.
    spec = board_spec(at)
    hover = " ".join(h for tr in spec["data"] for h in (tr.get("hovertext") or []))
    for r in board_items():
        assert r["anchor"] in hover, r["id"]
    assert t("common.ui.takeaway", lang) in text
    if lang == "en":
        # Our own strings are English; Chinese only inside quoted anchors of source lines.
        prose = shown_parts(at, "zh-h1", "zh-intro", "zh-card-title", "zh-card-line", "zh-tags", "zh-group-title",
                            "zh-takeaway")
        assert not [p for p in prose if re.search(r"[\u4e00-\u9fff]", p)]


def test_stage_and_counts_come_from_the_data(data_copy):
    edit_csv(data_copy / "items.csv", "dig_pf_office", "status", "piloting")
    edit_csv(data_copy / "indicators.csv", "dig_grad_items", "value", "12")
    at = run_page("digital", "en")
    assert not at.exception, [e.value for e in at.exception]
    positions = stage_positions(board_spec(at))
    assert positions["Integrated platform · Office collaboration"] == 3  # piloting
    assert positions["Integrated platform · Government services"] == 2  # still being rolled out
    text = all_text(at)
    assert t("digital.app.not_itemised", "en", items="12", cats="5") in text
    assert any(k.value.startswith("12 ") for k in kpis(at))


def _append(path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + line + "\n", encoding="utf-8")


def test_a_usage_row_in_the_data_appears_on_the_board(data_copy):
    """Real adoption figures are added as indicator rows, with no code change."""
    # From a second registered source: the article's text does not hold these (made-up) anchors.
    add_test_source(data_copy, "test_usage", "2021")
    _append(data_copy / "indicators.csv", csv_line(
        "indicators", id="dig_grad_app_users", topic="digital", label_zh="“大学生在镇海”用户数",
        label_en="“Graduates in Zhenhai” users", value="2345", unit="users", period="2021_now", kind="reported",
        item="dig_grad_app", source="test_usage", anchor="用户2345人"))
    _append(data_copy / "indicators.csv", csv_line(
        "indicators", id="dig_terminal_cases", topic="digital", label_zh="一体机办件量", label_en="Terminal cases",
        value="678", unit="transactions", period="2021_now", kind="reported", item="dig_labour_terminal",
        source="test_usage", anchor="办件678件"))
    assert data.main([str(data_copy)]) == 0, "the added rows must pass validation"
    at = run_page("digital", "en")
    assert not at.exception, [e.value for e in at.exception]
    usage = usage_texts(board_spec(at))
    assert usage["“Graduates in Zhenhai” app"] == "2,345 users"
    assert usage["AI labour-law service terminal"] == "678 transactions"
    assert usage["Managed domain · Data"] == NOT_DISCLOSED["en"]
    # The KPI card picks up the app's users; transactions for the app are still not disclosed.
    metrics = {k.label: k for k in kpis(at)}
    assert metrics[t("digital.kpi.users", "en")].value == "2,345 users"
    assert "用户2345人" in metrics[t("digital.kpi.users", "en")].help
    assert metrics[t("digital.kpi.transactions", "en")].value == NOT_DISCLOSED["en"]
    # Its source is cited, and the table behind the board carries it.
    text = all_text(at)
    assert "用户2345人" in text
    # The takeaway and the intro now say usage is given where the data has it (not that there is none).
    takeaways = [x for x in shown_parts(at, "zh-takeaway") if x.startswith("Takeaway: In service so far")]
    assert takeaways == ["Takeaway: In service so far: “Graduates in Zhenhai” app and AI labour-law service "
                         "terminal. The other 13: piloting 1, being rolled out 8, planned 4. Usage is shown only "
                         "where the data gives it; the rest is still not disclosed."], takeaways
    assert "not how many people use it" not in text and "Users or transactions are shown only where" in text


def test_broken_indicators_file_leaves_the_board_standing(data_copy):
    edit_csv(data_copy / "indicators.csv", "dig_platforms", "value", "four")
    at = run_page("digital", "zh")
    assert not at.exception, [e.value for e in at.exception]
    assert at.error, "the broken file must be reported"
    assert "indicators.csv" in at.error[0].value
    usage = usage_texts(board_spec(at))
    assert set(usage.values()) == {NOT_DISCLOSED["zh"]}


@pytest.mark.allowed_skip(ARTICLE_SKIP)
def test_digital_anchors_are_in_the_article():
    article = need_article()
    items = data.load("items", fresh=True)
    rows = items[items["topic"] == "digital"].to_dict("records")
    assert rows
    missing = [r["id"] for r in rows if r["anchor"] not in article]
    assert not missing, missing


@pytest.mark.allowed_skip(ARTICLE_SKIP)
def test_our_strings_do_not_copy_the_article():
    article = re.sub(r"\s", "", need_article())
    from components.i18n import strings

    window = 16
    for key, v in strings().items():
        if not key.startswith("digital."):
            continue
        s = re.sub(r"\s", "", v["zh"])
        runs = [s[i:i + window] for i in range(len(s) - window + 1) if s[i:i + window] in article]
        assert not runs, (key, runs)


# ----------------------------------------------------------------------------------------------
# Browser


# In a browser: run by tests/test_page_views.py on its one load of each view of this page (every language, mode
# and colour scheme), with the layout-shift, axe and error checks of that load.


def check_in_browser(page, lang: str, slide: int | None) -> None:
    """The page in normal mode and the board's slide (2): its title, "not disclosed", the board's stage names and
    usage column drawn; on the slide the whole board on screen at 1366x768."""
    if slide not in (None, 2):
        return
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator("h1").first.inner_text().strip() == t("digital.title", lang)
    body = page.locator('[data-testid="stMain"]').inner_text() + page.locator(".js-plotly-plot").first.inner_text()
    assert NOT_DISCLOSED[lang] in body
    # The board draws its stage names and usage column.
    svg = page.locator(".js-plotly-plot").first.inner_text()
    assert t("common.status.in_service", lang) in svg and t("digital.board.usage_col", lang) in svg
    if slide == 2:
        # The board's slide: the whole board is on screen at 1366x768.
        box = page.locator(".js-plotly-plot").first.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= 768, box
