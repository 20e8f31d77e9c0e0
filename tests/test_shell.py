"""The app shell: every page runs in zh/en and presenter mode; strings complete; deploy files agree."""

from __future__ import annotations

import html
import re
import tomllib

import pytest
from conftest import PAGE_SCRIPTS, ROOT, all_text, html_bodies, kpis, run_page
from shown_html import lines, parse

from components.i18n import LANGS, strings, t

TITLES = {k: f"common.nav.{k}" for k in PAGE_SCRIPTS}


@pytest.mark.parametrize("present", [False, True], ids=["normal", "present"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("key", list(PAGE_SCRIPTS))
def test_page_runs(key, lang, present):
    at = run_page(key, lang, present)
    assert not at.exception, [e.value for e in at.exception]
    text = all_text(at)
    # No raw string key ("common.nav.home", "innovation.kpi.x") reaches the screen.
    raw = re.findall(r"\b(?:common|home|innovation|investment|city|digital|sources)\.[a-z_]+\.[a-z0-9_.]+\b", text)
    assert not raw, raw
    titles = _titles(at.main)
    assert titles, "page has no title"
    # In presenter mode the home page opens on the title slide, which carries the dashboard's name.
    expected = t("common.app.title", lang) if (key, present) == ("home", True) else t(f"{key}.title", lang)
    assert titles[0] == expected
    if lang == "en":
        # English pages carry no Chinese outside names quoted from the data.
        assert titles[0] and not re.search(r"[\u4e00-\u9fff]", titles[0])
    else:
        assert re.search(r"[\u4e00-\u9fff]", titles[0])


def _titles(node) -> list[str]:
    """The text of every h1 in page order: st.title, and the h1 of an st.html element (render/web.py draws a
    page's title as HTML)."""
    from streamlit.testing.v1.element_tree import Block

    if isinstance(node, Block):
        return [x for child in node.children.values() for x in _titles(child)]
    if node.type == "title":
        return [str(node.value)]
    if node.type == "html":
        return [lines(n.text(skip_help=True)) for n in parse(node.proto.body).find_all(tag="h1")]
    return []


def test_every_string_has_both_languages():
    missing = [k for k, v in strings().items() for lang in LANGS if not v.get(lang, "").strip()]
    assert not missing, missing
    extra = [k for k, v in strings().items() if set(v) - set(LANGS)]
    assert not extra, extra


def test_every_string_key_used_in_code_exists():
    keys = set(strings())
    used = set()
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "components").rglob("*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""", path.read_text(encoding="utf-8")))
    assert used, "found no t('...') calls: the scan is broken"
    assert not used - keys, sorted(used - keys)


def test_format_placeholders_match_between_languages():
    for key, v in strings().items():
        zh = set(re.findall(r"{(\w+)}", v["zh"]))
        en = set(re.findall(r"{(\w+)}", v["en"]))
        assert zh == en, (key, zh, en)


def test_t_raises_for_unknown_key():
    with pytest.raises(KeyError):
        t("common.no_such_key", "zh")


def _reqs(lines) -> dict[str, str]:
    out = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            name = re.split(r"[<>=!~\[ ]", line, maxsplit=1)[0].lower()
            out[name] = line.replace(" ", "")
    return out


def test_requirements_pin_versions_inside_the_pyproject_ranges():
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deploy = _reqs((ROOT / "requirements.txt").read_text().splitlines())
    dev = _reqs((ROOT / "requirements-dev.txt").read_text().splitlines())
    ranges = _reqs(project["dependencies"])
    dev_ranges = _reqs(project["optional-dependencies"]["dev"])
    # The same packages in both places ...
    assert deploy.keys() == ranges.keys()
    assert dev.keys() == dev_ranges.keys()
    for pins, bounds in ((deploy, ranges), (dev, dev_ranges)):
        for name, pin in pins.items():
            # ... requirements files pin the exact tested version (what Cloud installs) ...
            req = Requirement(pin)
            assert len(req.specifier) == 1 and next(iter(req.specifier)).operator == "==", pin
            version = next(iter(req.specifier)).version
            # ... and pyproject.toml bounds it above and below, so a deploy cannot jump a major version.
            spec = Requirement(bounds[name]).specifier
            assert {s.operator for s in spec} == {">=", "<"}, bounds[name]
            assert spec.contains(version, prereleases=True), f"{pin} is outside {bounds[name]}"


def test_the_pins_are_the_installed_versions():
    """What the tests run on is what the deploy installs (make install installs the pins)."""
    from importlib.metadata import version

    for line in [*(ROOT / "requirements.txt").read_text().splitlines(),
                 *(ROOT / "requirements-dev.txt").read_text().splitlines()]:
        line = line.split("#")[0].strip()
        if "==" in line:
            name, pinned = line.split("==")
            assert version(name) == pinned, name


def test_config_hides_builtin_nav_and_keeps_xsrf():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["client"]["showSidebarNavigation"] is False
    assert cfg["server"].get("enableXsrfProtection", True) is True


def test_no_st_navigation_with_pages_folder():
    # Measured: pages/ together with st.navigation breaks the first deep link after a start.
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "components").rglob("*.py")]:
        assert "st.navigation" not in path.read_text(encoding="utf-8"), path


def _strip_quoted(text: str) -> str:
    """Remove “quoted” spans, innermost first: anchors are quoted from the Chinese article."""
    while True:
        stripped = re.sub(r"“[^“”]*”", "", text)
        if stripped == text:
            return text
        text = stripped


@pytest.mark.parametrize("present", [False, True], ids=["normal", "present"])
@pytest.mark.parametrize("key", list(PAGE_SCRIPTS))
def test_english_pages_are_complete(key, present):
    """In English, Chinese appears only inside quoted anchor phrases (the article's own words)."""
    at = run_page(key, "en", present)
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "success"):
        texts += [str(e.value) for e in at.get(kind) if "zh-map-svg" not in str(e.value)]
    # The drawn map: what it shows and says (labels, legend, its name); its tooltips name each object in Chinese
    # first, then in English, as the zoomable map's do.
    for m in (e for e in at.markdown if "zh-map-svg" in e.value):
        texts += [html.unescape(x) for x in re.findall(r"<tspan[^>]*>(.*?)</tspan>", m.value)]
        texts += [html.unescape(x) for x in re.findall(r'aria-label="([^"]*)"', m.value)]
        texts += [html.unescape(x) for x in re.findall(r"<span>([^<]*)</span>", m.value)]
        texts += [line for x in re.findall(r"<title>(.*?)</title>", m.value, re.S) for line in html.unescape(x).split("\n")[1:]]
    for k in kpis(at):
        texts += [k.label, k.value, k.delta]
    # Everything else render/html.py draws (headings, notes, cards, takeaways, sources, plans), a block a line,
    # as shown before a (?) mark is opened.
    # (The language switch names Chinese in Chinese, marked lang="zh" for screen readers: not untranslated.)
    texts += [x for b in html_bodies(at) for x in lines(parse(b).text(skip_help=True, skip_lang="zh")).splitlines()]
    texts += [str(e.label) for e in at.get("expander")] + [str(e.label) for e in at.get("tab")]
    texts += [str(w.label) for kind in ("toggle", "selectbox", "segmented_control", "pills", "radio",
                                          "multiselect", "text_input", "button") for w in at.get(kind)]
    untranslated = [s for s in texts if re.search(r"[\u4e00-\u9fff]", _strip_quoted(s))]
    assert not untranslated, untranslated


def test_home_figures_and_dates_come_from_data(article_copy):
    from conftest import edit_csv

    data_copy = article_copy  # the article's rows alone: its 2020 growth is the card's latest
    edit_csv(data_copy / "indicators.csv", "inv_fai_growth_2020", "value", "17.2")
    edit_csv(data_copy / "indicators.csv", "inv_fai_city_avg_2020", "value", "5.9")  # its derived partner
    edit_csv(data_copy / "milestones.csv", "ms_bridge_open", "date", "2020-09-28")
    edit_csv(data_copy / "milestones.csv", "ms_plenum_decision", "date", "2020-08")
    at = run_page("home", "zh")
    text = all_text(at)
    values = [k.value for k in kpis(at)]
    assert "17.2%" in values and "16.8%" not in values  # (the anchor phrase still quotes the article)
    assert "2020年9月28日" in text and "2020年9月27日" not in text
    assert "由2020年8月区委全会" in text


def test_a_table_as_html_keeps_every_cell_and_escapes_it():
    """The Sources page's tables (render/html.py table_html): every row and cell, a header cell per column read as
    such, data never becoming markup, addresses as links, whole numbers without ".0", ids broken only after their
    underscores, empty cells empty, and the scroll region named for screen readers and reachable by Tab."""
    import pandas as pd

    from components.render.html import table_html

    frame = pd.DataFrame({"ID": ["a<b>", "zh_gov_2024"], "Address": ["https://x.example/p?q=1&r=2", ""],
                          "Rows": [52, 3], "Lat": [29.9512, float("nan")], "Text": ["长" * 90, "短"]})
    doc = parse(table_html(frame, "来源 <表>"))
    wrap = doc.find_all("zh-table-wrap")[0]
    assert (wrap.attrs["role"], wrap.attrs["aria-label"], wrap.attrs["tabindex"]) == ("region", "来源 <表>", "0")
    markup = str(table_html(frame, "来源 <表>"))
    assert "<b>" not in markup and "a&lt;b&gt;" in markup and "来源 &lt;表&gt;" in markup
    assert markup.count('<th scope="col">') == 5 and markup.count("<tr>") == 3
    assert '<a href="https://x.example/p?q=1&amp;r=2" target="_blank" rel="noopener noreferrer">' in markup
    cells = re.findall(r"<td[^>]*>(.*?)</td>", markup)
    assert cells[2] == "52" and cells[3] == "29.9512" and cells[8] == "" and cells[6] == ""
    assert re.findall(r'<td class="zh-num">', markup).__len__() == 3  # 52, 3 and 29.9512 (NaN is no number)
    # An id breaks only after its underscores (a narrow column would cut "metromap" as "metrom ap").
    assert '<td class="zh-id">zh_<wbr>gov_<wbr>2024</td>' in markup
    # The long texts' column gets the largest share of the width.
    widths = [float(w) for w in re.findall(r'<col style="width:([\d.]+)%">', markup)]
    assert len(widths) == 5 and max(widths) == widths[4] and abs(sum(widths) - 100) < 0.5
