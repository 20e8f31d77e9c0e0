"""No figure lives in a sentence: the strings hold no data, and every claim a page makes is worded from the
data, so editing a figure changes the words (issue #15)."""

from __future__ import annotations

import csv
import fnmatch
import json
import re

import pytest
from conftest import ROOT, add_test_source, append_line, build, csv_line, edit_csv, html_bodies, section
from shown_html import lines as squeeze
from shown_html import parse

from components.i18n import strings

# ----------------------------------------------------------------------------------------------
# The guard: every string file, both languages, scanned for what would restate the data.

DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
ZH_QUANTITY = re.compile(r"[一二三四五六七八九十百千万亿两半]|全部|所有|每|都|均|首|多数|大多|大部分|过半|近")
EN_QUANTITY = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand|million|billion"
    r"|half|every|all|both|none|first|second|third|most|majority|twice|double|single)\b", re.IGNORECASE)
NAME_COLUMN = re.compile(r"^(?:name|label|heading|station|title|publisher)(?:_zh|_en)?$")

# Words built on a numeral or a quantity word that count nothing, and the project's own names. A flagged word
# inside one of these is fine anywhere. Each was read in every string that uses it.
IDIOMS = {
    # Chinese words that contain a numeral but are not a number of anything.
    r"上一|下一|这一|同一|逐一|一律|一览|一节": "'previous/next', 'this', 'the same', 'one by one', 'without "
    "exception', 'at a glance', 'a section of': words, not counts",
    r"首页|页首|二维码|百分比|百分点|百分数|亿元": "'home page', 'top of the page', 'QR code', 'percentage', "
    "'percentage point', '100 million yuan': words and units, not counts",
    r"都没有": "'none at all': a negation, not a quantity",
    r"平均(?:每个)?": "'average (per)': the kind of figure, not a count",
    # English idioms with a number word.
    r"(?i)\bone of\b|\bat most\b": "'one of', 'at most' (a limit): not a count",
    # The project's own names: the article's title and the dashboard's four topic pages (content/home.py TOPICS).
    r"四大硬核|(?i:four (?:hard )?cores)": "the article's own title (sources.csv: 锻造四大硬核) and the app's four "
    "topic pages, fixed in code: a name, not a figure",
    r"镇海区?|Zhenhai(?: District)?": "the district the whole dashboard is about",
    r"UTF-8|WGS-84|GCJ-02|BD-09|present=1": "names of encodings, datums and a URL parameter",
}

# Strings where a flagged word is right for a reviewed reason; `words` is a regex of what may appear.
KEYS = {
    # Claims chosen from the data: the builder picks the variant (test below flips each).
    "home.card.investment.tiers_all": (r"都|all", "chosen only when every tier with a rate reached 100 % "
                                       "(test_home_cards_follow_the_data)"),
    "home.card.investment.tiers_none": (r"都|none", "chosen only when no tier reached 100 %"),
    "investment.completion.takeaway_all": (r"全部|都|(?i:all)", "chosen only when every tier reached 100 % "
                                           "(test_completion_takeaway_follows_the_rates)"),
    "investment.completion.takeaway_none": (r"都|(?i:none)", "chosen only when no tier reached 100 %"),
    "home.plans.takeaway_none": (r"尚无一项|(?i:no outcome)", "chosen only when no plan has an outcome row "
                                 "(test_home_plans_takeaway_follows_the_outcomes)"),
    "home.plans.note": (r"每项|(?i:at all)", "the rule each status follows (data/outcomes.py), not a figure"),
    "investment.fai.first": (r"第一|first", "said only when the data's years-first-in-the-city row is there "
                             "(test_fai_takeaway_follows_the_lead)"),
    "investment.kpi.inv_fai_first_years": (r"第一|First", "names the measure (years ranked first), as its "
                                           "data label does; the value is the data's"),
    "investment.kpi.inv_fai_double_digit_months_2020": (r"两|Double", "names the measure (months of double-digit "
                                                        "growth), as its data label does; the value is the data's"),
    # 100 % is what a completion rate is measured against: the plan, by definition, not a data value.
    "investment.completion.note": (r"100", "the plan line: a completion rate is measured against 100 %"),
    "investment.fig.plan_line": (r"100", "the plan line: a completion rate is measured against 100 %"),
    "briefing.chart.track": (r"100", "the plan line: a completion rate is measured against 100 %"),
    # Units, months, status codes and period codes: the words a code is shown as.
    "common.unit.yi_yuan": (r"100|million", "the unit 亿元 in English"),
    "common.unit.pp": (r"百", "the unit 个百分点"),
    "common.money.*": (r"十|百|万|billion|million", "the money formatter's unit words (components/fmt.py)"),
    "sources.*": (r"全部|所有|每|都|(?i:every|all)", "the Sources page's tables hold every row of the data files "
                  "(content/sources.py reads whole tables): 'all' describes the page, not a figure"),
    "common.month.*": (r"\d+", "month names"),
    "common.status.all_started": (r"全部|All", "the name of the status code all_started, which a row carries"),
    "common.period.2021_now": (r"2021", "the wording of the period code 2021_now (data/README.md)"),
    "validation.*": (rf"{DIGITS.pattern}|{ZH_QUANTITY.pattern}|(?i:{EN_QUANTITY.pattern})", "messages on how to write a cell: their numbers are examples, limits and ranges, "
                     "and their quantity words describe the file; no figure of the data is claimed "
                     "(data names are still checked)"),
    # Names of things a slot is wired to by id in code: shown also when the row is missing (未披露).
    "innovation.kpi.hightech": (r"高新技术企业|High-tech enterprises", "the card wired to inn_hightech_2020"),
    "innovation.growth.heading": (r"高新技术企业|High-tech enterprises", "the chart wired to the inn_hightech series"),
    "innovation.goals.highlands": (r"科创高地", "the card wired to inn_highlands"),
    "digital.kpi.platforms": (r"一体化应用平台|一|Integrated application platforms", "the card wired to dig_platforms"),
    "digital.kpi.domains": (r"加强管理的领域", "the card wired to dig_domains"),
    "digital.group.gov_platform": (r"一", "一体化: 'integrated', the group's name"),
    "digital.app.heading": (r"大学生在镇海|Graduates in Zhenhai", "the section wired to the app dig_grad_app"),
    # The map's fixed objects (components/maps.py: its views, layers, legend and drawn objects), drawn from
    # data/geo: Line 2's phases are the section codes of stations.csv, the bridge the places.csv points.
    "city.focus.*": (r"2|三官堂大桥|三官堂|甬江北岸", "a view of the map (maps.FOCI), named for what it frames"),
    "city.layer.*": (r"2", "a layer toggle of the map (maps.LAYER_GROUPS)"),
    "city.legend.*": (r"[125]|[一二]期|首段|first|三官堂大桥|三官堂|Sanguantang Bridge|甬江北岸|Yong River|"
                      r"镇海区|Zhenhai District", "a legend line naming a drawn object"),
    "city.map.l2_*": (r"[12]|[一二]期|首段|first", "the name or note of a Line 2 section drawn on the map"),
    "city.map.station_*": (r"[125]|[一二]期|首段|first", "the kind of a station drawn on the map"),
    "city.map.bridge": (r"三官堂大桥|三官堂|Sanguantang Bridge", "the bridge drawn on the map (places.csv bridge_*)"),
    "city.table.where": (r"84", "WGS-84, the datum"),
}

# Data files whose names are not things the data claims: series.csv names measures (重点项目, Key projects)
# as the charts over time title them, the same words a heading uses for its subject.
NOT_NAMES = {"series.csv": "the names of measures, not of things or figures"}

# String keys whose text carries no claim at all and is scanned for nothing (none today).
SKIP: dict[str, str] = {}


def data_names() -> dict[str, str]:
    """Every name and label in data/ (CSV name/label/heading/title columns, GeoJSON names), with where it is;
    quoted parts of a name count too. Short words (two Chinese characters, one English word) are left out:
    they are ordinary words ('数据', 'Data') more often than names."""
    out: dict[str, str] = {}

    def add(value: str, where: str) -> None:
        for part in [value.strip().strip("“”\"")] + re.findall(r"“([^”]+)”", value):
            cjk = len(re.findall(r"[\u4e00-\u9fff]", part))
            if cjk >= 3 or (cjk == 0 and len(part.split()) >= 2) or re.fullmatch(r"\d{3,}", part):
                out.setdefault(part, where)

    for path in sorted((ROOT / "data").rglob("*.csv")):
        if path.name in NOT_NAMES:
            continue
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                for col, value in row.items():
                    if NAME_COLUMN.match(col or "") and value:
                        add(value, f"{path.relative_to(ROOT)}:{col}")
    for path in sorted((ROOT / "data").rglob("*.geojson")):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            for col in ("name_zh", "name_en"):
                if feature["properties"].get(col):
                    add(feature["properties"][col], f"{path.relative_to(ROOT)}:{col}")
    return out


def _allowed_spans(key: str, text: str) -> list[tuple[int, int, str]]:
    spans = [(*m.span(), "idiom " + pattern) for pattern in IDIOMS for m in re.finditer(pattern, text)]
    for pattern, (words, _reason) in KEYS.items():
        if fnmatch.fnmatchcase(key, pattern):
            spans += [(*m.span(), "key " + pattern) for m in re.finditer(words, text)]
    return spans


def scan(key: str, text: str, names: dict[str, str]) -> tuple[list[str], set[str]]:
    """What in one string restates data and is not allowed (each as 'word' with a little context), and
    which allow-list entries let something through."""
    text = re.sub(r"\{[^{}]*\}", "\0", text)  # placeholders are filled from the data: fine
    hits = [m.span() for pattern in (DIGITS, ZH_QUANTITY, EN_QUANTITY) for m in pattern.finditer(text)]
    hits += [m.span() for name in names for m in re.finditer(re.escape(name), text)]
    allowed = _allowed_spans(key, text)
    out, used = [], set()
    for a, b in hits:
        cover = [entry for x, y, entry in allowed if x <= a and b <= y]
        used.update(cover)
        if not cover:
            out.append(f"{text[a:b]!r} in …{text[max(a - 8, 0):b + 8]}…")
    return out, used


def flagged(key: str, text: str, names: dict[str, str]) -> list[str]:
    return scan(key, text, names)[0]


def test_no_string_restates_the_data():
    names = data_names()
    assert len(names) > 100, "the data's names were not read"
    problems = []
    for key, both in strings().items():
        if key in SKIP:
            continue
        for lang, text in both.items():
            problems += [f"{key} [{lang}]: {hit}" for hit in flagged(key, text, names)]
    assert not problems, "strings that restate the data (word it from the data in components/content/, " \
        "or add a reviewed entry to IDIOMS / KEYS with its reason):\n" + "\n".join(problems)


@pytest.mark.parametrize("key, text, word", [
    ("home.x", "近一半的层级都完成了计划", "一"),
    ("home.x", "Almost half of the tiers beat the plan", "half"),
    ("home.x", "Every tier beat its annual plan", "Every"),
    ("home.x", "分三步：一年、三年、五年", "三"),
    ("home.x", "数据：2020年实绩", "2020"),
    ("home.x", "“1618”计划", "1618"),
    ("city.x", "澥浦连接线过半", "过半"),
    ("digital.x", "我要转档、我要落户", "我要转档"),
    ("city.x", "甬江北岸的开发", "甬江北岸"),
    ("investment.x", "四大行动", "四"),
    ("city.title", "一轨一桥", "一"),
])
def test_the_guard_catches_figures_names_and_quantity_words(key, text, word):
    hits = flagged(key, text, data_names())
    assert any(h.startswith(repr(word)) for h in hits), hits


def test_every_allow_list_entry_is_used_and_says_why():
    """An entry that lets nothing through any more is taken out, so the list stays short and true."""
    names = data_names()
    used = set()
    for key, both in strings().items():
        for text in both.values():
            used |= scan(key, text, names)[1]
    unused = [p for p in IDIOMS if "idiom " + p not in used] + [p for p in KEYS if "key " + p not in used]
    assert not unused, unused
    assert all(len(r) > 20 for r in IDIOMS.values()) and all(len(r) > 10 for _, r in KEYS.values())


# ----------------------------------------------------------------------------------------------
# Every claim follows its figures: edit the figure in a copy of the data, the words change with it.


def valid(folder) -> None:
    """The edited copy still passes the validator, so the page shows it (not a data error)."""
    from components.data import read_all

    problems = read_all(folder)[1]
    assert not problems, [p.text("en") for p in problems]


def delete_row(path, row_id: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [ln for ln in lines if not ln.startswith(row_id + ",")]
    assert len(kept) == len(lines) - 1, row_id
    path.write_text("".join(kept), encoding="utf-8")


def card_line(folder, topic: str, lang: str = "en") -> str:
    """The one line a home-page card says about its core."""
    cards = section("home.cores", lang, folder).visual.groups[0].cards
    card = next(c for c in cards if c.link == topic)
    return card.lines[0] if card.lines else ""


def test_home_innovation_card_follows_growth_and_institutes(article_copy):
    data_copy = article_copy  # the article's rows alone: the wording of its own figures
    ind = data_copy / "indicators.csv"
    assert card_line(data_copy, "innovation") == \
        "High-tech enterprises grew 47% year on year in 2020, and 3 research institutes have moved in."
    assert card_line(data_copy, "innovation", "zh") == "2020年高新技术企业同比增长47%，3家科研院所已经落户。"
    # No growth: the count held level (its derived 2019 figure and net increase follow).
    edit_csv(ind, "inn_hightech_growth_2020", "value", "0")
    edit_csv(ind, "inn_hightech_2019_est", "value", "227")
    edit_csv(ind, "inn_hightech_added_est", "value", "0")
    edit_csv(data_copy / "items.csv", "inn_tju_zhejiang", "status", "advancing")
    valid(data_copy)
    assert card_line(data_copy, "innovation") == \
        "High-tech enterprises held level with the year before in 2020, and 2 research institutes have moved in."
    # A fall, and no institute that has moved in: no word of growth, none of institutes.
    edit_csv(ind, "inn_hightech_growth_2020", "value", "-5")
    edit_csv(ind, "inn_hightech_2019_est", "value", "239")
    delete_row(ind, "inn_hightech_added_est")
    for i in ("inn_ucas_materials", "inn_sinopec_materials"):
        edit_csv(data_copy / "items.csv", i, "status", "advancing")
    valid(data_copy)
    assert card_line(data_copy, "innovation") == "High-tech enterprises fell 5% year on year in 2020."
    assert card_line(data_copy, "innovation", "zh") == "2020年高新技术企业同比下降5%。"


def test_home_investment_card_follows_the_lead_and_the_tiers(article_copy):
    data_copy = article_copy  # the article's rows alone: the wording of its own figures
    ind = data_copy / "indicators.csv"
    assert card_line(data_copy, "investment") == ("In 2020 investment growth ran 11.3 percentage points ahead of the city "
                                                  "average; all 3 tiers with a completion rate met their annual plan.")
    edit_csv(ind, "inv_prov_key_completion", "value", "95")
    edit_csv(ind, "inv_fai_lead_pp_2020", "value", "-2")
    edit_csv(ind, "inv_fai_city_avg_2020", "value", "18.8")
    valid(data_copy)
    assert card_line(data_copy, "investment") == ("In 2020 investment growth ran 2 percentage points behind the city "
                                                  "average; 2 of the 3 tiers with a completion rate met their annual plan.")
    assert card_line(data_copy, "investment", "zh") == "2020年投资增速低于全市平均2 个百分点；有完成率的3个层级中2个完成了年度计划。"
    for i in ("inv_2020_key_completion", "inv_city_key_completion"):
        edit_csv(ind, i, "value", "99.5")
    edit_csv(ind, "inv_fai_lead_pp_2020", "value", "0")
    edit_csv(ind, "inv_fai_city_avg_2020", "value", "16.8")
    valid(data_copy)
    assert card_line(data_copy, "investment") == ("In 2020 investment growth matched the city average; none of the 3 tiers "
                                                  "with a completion rate met its annual plan.")


def test_home_city_card_follows_the_plan_and_the_openings(article_copy):
    data_copy = article_copy  # the article's rows alone: the wording of its own figures
    def caption():
        cards = section("home.cores", "en", data_copy).visual.groups[0].cards
        return next(c for c in cards if c.link == "city").captions

    assert card_line(data_copy, "city").endswith("in 3 steps.")
    assert caption() == ("Opened: Metro Line 2 phase 2: first section (30 May 2020) and Sanguantang Bridge "
                         "(27 September 2020)",)
    delete_row(data_copy / "indicators.csv", "city_1618_step3")
    edit_csv(data_copy / "milestones.csv", "ms_bridge_open", "kind", "plan")
    valid(data_copy)
    assert card_line(data_copy, "city").endswith("in 2 steps.")
    assert caption() == (), "a bridge whose opening is still a plan is not 'opened'"


def test_home_digital_card_follows_labels_stages_and_usage(data_copy):
    assert card_line(data_copy, "digital") == ("“Graduates in Zhenhai” app: in service; Integrated application "
                                               "platforms (4): being rolled out; users: not disclosed.")
    edit_csv(data_copy / "indicators.csv", "dig_platforms", "label_en", "Joined-up platforms")
    edit_csv(data_copy / "items.csv", "dig_pf_office", "status", "piloting")
    add_test_source(data_copy, "test_usage", "2021")
    append_line(data_copy / "indicators.csv", csv_line(
        "indicators", id="dig_grad_app_users", topic="digital", label_zh="用户数", label_en="Users", value="2345",
        unit="users", period="2021_now", kind="reported", item="dig_grad_app", source="test_usage",
        anchor="用户2345人"))
    valid(data_copy)
    assert card_line(data_copy, "digital") == ("“Graduates in Zhenhai” app: in service; Joined-up platforms (4): "
                                               "piloting, being rolled out; users: 2,345 users.")


def test_home_goal_slogan_comes_from_the_data(data_copy):
    def titles():
        return [c.title for c in section("home.goals", "zh", data_copy).visual.groups[0].cards]

    assert titles()[0] == "5年“再造一个镇海”"
    edit_csv(data_copy / "indicators.csv", "ov_rebuild_horizon", "label_zh", "“再造一个新镇海”目标期限")
    edit_csv(data_copy / "indicators.csv", "ov_rebuild_horizon", "value", "6")
    valid(data_copy)
    assert titles()[0] == "6年“再造一个新镇海”"


def test_innovation_growth_takeaway_rises_holds_or_falls_with_the_counts(article_copy):
    data_copy = article_copy  # the article's rows alone: the wording of its own figures
    ind = data_copy / "indicators.csv"
    take = lambda lang="en": section("innovation.growth", lang, data_copy).takeaway  # noqa: E731
    assert take() == ("High-tech enterprises rose from about 154 in 2019 to 227 in 2020, about 73 more; the 2019 "
                      "figure is an estimate worked back from the growth rate.")
    edit_csv(ind, "inn_hightech_growth_2020", "value", "0")
    edit_csv(ind, "inn_hightech_2019_est", "value", "227")
    edit_csv(ind, "inn_hightech_added_est", "value", "0")
    valid(data_copy)
    assert take().startswith("High-tech enterprises held level: about 227 in 2019, 227 in 2020;")
    edit_csv(ind, "inn_hightech_growth_2020", "value", "-5")
    edit_csv(ind, "inn_hightech_2019_est", "value", "239")
    delete_row(ind, "inn_hightech_added_est")
    valid(data_copy)
    assert take().startswith("High-tech enterprises fell from about 239 in 2019 to 227 in 2020;")
    assert take("zh").startswith("高新技术企业从2019年的约239家减至2020年的227家；")


def test_innovation_board_takeaway_counts_what_the_board_holds(data_copy):
    items = data_copy / "items.csv"
    take = lambda: section("innovation.board", "en", data_copy).takeaway  # noqa: E731
    assert take() == ("4 institutes and parks are already in place, the Yongjiang Laboratory is under construction, "
                      "and 4 more platforms are on the agenda.")
    edit_csv(items, "inn_yongjiang_lab", "status", "in_use")
    for i in ("inn_new_university", "inn_materials_platform", "inn_industry_institutes", "inn_ic_park"):
        edit_csv(items, i, "status", "landed")
    valid(data_copy)
    assert take() == "9 institutes and parks are already in place."


def test_completion_takeaway_follows_the_rates(article_copy):
    data_copy = article_copy  # the article's rows alone: the wording of its own figures
    ind = data_copy / "indicators.csv"
    take = lambda: section("investment.completion", "en", data_copy).takeaway  # noqa: E731
    assert take() == "In 2020 all 3 tiers met or beat their annual plan; Municipal key engineering projects went furthest, at 171%."
    edit_csv(ind, "inv_city_key_completion", "value", "90")
    valid(data_copy)
    assert take() == "In 2020, 2 of 3 tiers met or beat their annual plan; Provincial key construction projects went furthest, at 109%."
    edit_csv(ind, "inv_prov_key_completion", "value", "80")
    edit_csv(ind, "inv_2020_key_completion", "value", "99")
    valid(data_copy)
    assert take() == "In 2020 none of the 3 tiers met its annual plan; 2020 key projects came closest, at 99%."


def test_fai_takeaway_follows_the_lead(article_copy):
    data_copy = article_copy  # the article's rows alone: the wording of its own figures
    ind = data_copy / "indicators.csv"
    take = lambda lang="en": section("investment.fai", lang, data_copy).takeaway  # noqa: E731
    assert take() == ("In 2020 Zhenhai's investment grew 11.3 percentage points faster than the city's, and its annual "
                      "growth has ranked first in the city for 2 years in a row.")
    edit_csv(ind, "inv_fai_first_years", "value", "3")
    valid(data_copy)
    assert take().endswith("for 3 years in a row.")
    edit_csv(ind, "inv_fai_lead_pp_2020", "value", "-2")
    edit_csv(ind, "inv_fai_city_avg_2020", "value", "18.8")
    valid(data_copy)
    # Behind the city: no ranking claimed.
    assert take() == "In 2020 Zhenhai's investment grew 2 percentage points more slowly than the city's."
    assert take("zh") == "2020年，镇海投资增速比全市慢2 个百分点。"
    edit_csv(ind, "inv_fai_lead_pp_2020", "value", "1")
    edit_csv(ind, "inv_fai_city_avg_2020", "value", "15.8")
    delete_row(ind, "inv_fai_first_years")
    valid(data_copy)
    assert take() == "In 2020 Zhenhai's investment grew 1 percentage points faster than the city's."


def test_city_map_takeaway_follows_each_status(data_copy):
    items = data_copy / "items.csv"
    take = lambda: section("city.map", "en", data_copy).takeaway  # noqa: E731
    assert take() == ("Open: Metro Line 2 phase 2: first section and Sanguantang Bridge; Being built or prepared: "
                      "Xiepu interchange link road of the second Hangzhou–Ningbo expressway; Key development areas: "
                      "Yongjiang north bank and Zhuangshi subdistrict.")
    edit_csv(items, "city_xiepu_link", "status", "done")
    edit_csv(items, "place_north_bank", "status", "in_progress")
    valid(data_copy)
    assert take() == ("Open: Metro Line 2 phase 2: first section and Sanguantang Bridge; Completed: Xiepu interchange "
                      "link road of the second Hangzhou–Ningbo expressway; Being built or prepared: Yongjiang north "
                      "bank; Key development areas: Zhuangshi subdistrict.")


def test_xiepu_takeaway_follows_the_sections(data_copy):
    items = data_copy / "items.csv"
    take = lambda: section("city.xiepu", "en", data_copy).takeaway  # noqa: E731
    assert take().endswith("the link as a whole is still being built.")
    for i in ("road_p1s1", "road_p2s2", "road_p2", "road_p3"):
        edit_csv(items, i, "status", "done")
    valid(data_copy)
    assert take().endswith("the link as a whole is finished.")


def test_digital_board_takeaway_and_intro_follow_stages_and_usage(data_copy):
    items = data_copy / "items.csv"
    take = lambda lang="en": section("digital.board", lang, data_copy).takeaway  # noqa: E731
    intro = lambda: build("digital", "en", data_copy).intro  # noqa: E731
    assert take() == ("In service so far: “Graduates in Zhenhai” app and AI labour-law service terminal. The other 13: "
                      "piloting 1, being rolled out 8, planned 4. The report speaks of stages only and gives no user "
                      "or transaction numbers.")
    assert "not how many people use it" in intro()
    edit_csv(items, "dig_labour_terminal", "status", "building")
    edit_csv(items, "dig_one_team", "status", "piloting")
    valid(data_copy)
    assert take() == ("In service so far: “Graduates in Zhenhai” app. The other 14: piloting 2, being rolled out 9, "
                      "planned 3. The report speaks of stages only and gives no user or transaction numbers.")
    assert take("zh") == ("目前已上线服务的：“大学生在镇海”应用系统。其余14项：先行试点2项、推进落地9项、谋划推进3项。"
                          "报道只讲阶段，没有给出使用人数或办件量。")
    edit_csv(items, "dig_grad_app", "status", "piloting")
    add_test_source(data_copy, "test_usage", "2021")
    append_line(data_copy / "indicators.csv", csv_line(
        "indicators", id="dig_grad_app_users", topic="digital", label_zh="用户数", label_en="Users", value="2345",
        unit="users", period="2021_now", kind="reported", item="dig_grad_app", source="test_usage",
        anchor="用户2345人"))
    valid(data_copy)
    assert take() == ("No initiative has reached the “In service” stage yet. The other 15: piloting 3, being rolled out 9, "
                      "planned 3. Usage is shown only where the data gives it; the rest is still not disclosed.")
    assert "not how many people use it" not in intro() and "shown only where the data gives them" in intro()


def test_digital_app_and_promise_come_from_the_rows(data_copy):
    items = data_copy / "items.csv"
    app = lambda: section("digital.app", "en", data_copy)  # noqa: E731
    assert app().takeaway.startswith("The app sorts what graduates often need into 5 kinds:")
    assert "the article names the 5 categories below" in app().notes[0]
    delete_row(items, "dig_cat_startup")
    edit_csv(items, "dig_goal_no_trip", "name_en", "From “two trips” to “one trip”")
    valid(data_copy)
    assert app().takeaway.startswith("The app sorts what graduates often need into 4 kinds:")
    assert "the article names the 4 categories below" in app().notes[0]
    cards = section("digital.promise", "en", data_copy).visual.groups[0].cards
    assert [c.title for c in cards] == ["“Two trips”", "“One trip”"]


def test_sources_note_reads_the_articles_year(data_copy):
    note = lambda: build("sources", "en", data_copy).notes  # noqa: E731
    assert note() == ("The article was published in 2021: its “last year” is 2020 and “this year” is 2021. The "
                      "article itself is not shipped with the dashboard.",)
    edit_csv(data_copy / "sources.csv", "article", "published", "2022-01")
    valid(data_copy)
    assert note()[0].startswith("The article was published in 2022: its “last year” is 2021")


def test_the_home_page_shows_the_worded_claims(article_copy):
    """The flipped wording reaches the page itself (AppTest), not only the content model."""
    data_copy = article_copy  # the article's rows alone: the wording of its own figures
    from conftest import run_page

    edit_csv(data_copy / "indicators.csv", "inv_city_key_completion", "value", "90")
    valid(data_copy)
    at = run_page("home", "en")
    assert not at.exception, [e.value for e in at.exception]
    # The claim is a card's line (render/html.py draws cards as HTML).
    lines = [squeeze(n.text(skip_help=True)) for b in html_bodies(at) for n in parse(b).find_all("zh-card-line")]
    assert ("In 2020 investment growth ran 11.3 percentage points ahead of the city average; 2 of the 3 tiers with "
            "a completion rate met their annual plan.") in lines, lines
