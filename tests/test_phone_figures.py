"""Phone drawings (components/figures/charts.py, _PHONE_BUILDERS): a chart whose words would not fit beside it at a
phone's width has a second drawing that plotly_web.js draws there. It must say everything the chart's own drawing
says, only laid out for the width. In a browser, at 390 px, every word of every chart inside its figure:
tests/test_phone.py."""

from __future__ import annotations

import json
import re

import pytest
from conftest import build

from components.content.model import ChartSpec
from components.figures.built import figure_json, phone_figure_json
from components.figures.charts import has_phone_figure, phone_height
from components.sitemap import CHART_PAGES


def page_charts(lang: str) -> list[ChartSpec]:
    return [c for key in CHART_PAGES for s in build(key, lang).page_sections for c in (s.visual, s.trends)
            if isinstance(c, ChartSpec)]


def _norm(text: str) -> str:
    """A text as read: without line breaks, bold or spaces."""
    return re.sub(r"<br>|</?b>|\s", "", text)


def words(fig: dict) -> set[str]:
    """Every word a drawing shows or tells on hover: names written on it, tick labels, titles, legend entries,
    annotations, category names."""
    out: list[str] = []
    for tr in fig["data"]:
        for field in ("text", "hovertext", "x", "y"):
            v = tr.get(field)
            out += [x for x in (v if isinstance(v, list) else [v]) if isinstance(x, str)]
        out += [x for row in tr.get("customdata") or [] for x in row if isinstance(x, str)]
        if tr.get("showlegend", True) and tr.get("name"):
            out.append(tr["name"])
    layout = fig["layout"]
    out += [a.get("text", "") for a in layout.get("annotations", [])]
    for k, axis in layout.items():
        if re.fullmatch(r"[xy]axis\d*", k):
            out += [x for x in axis.get("ticktext") or [] if isinstance(x, str)]
            title = axis.get("title")
            out.append(title.get("text", "") if isinstance(title, dict) else title or "")
    return {_norm(x) for x in out} - {""}


CHARTS = [(lang, c) for lang in ("zh", "en") for c in page_charts(lang) if has_phone_figure(c)]


@pytest.mark.parametrize("lang, spec", CHARTS, ids=[f"{c.name}-{lang}" for lang, c in CHARTS])
def test_a_phone_drawing_says_what_the_charts_own_says(lang, spec):
    own, phone = figure_json(spec, lang), phone_figure_json(spec, lang)
    missing = words(own) - words(phone)
    assert not missing, f"{spec.name} ({lang}): the phone drawing leaves out {sorted(missing)}"
    assert phone["layout"]["height"] == phone_height(spec, lang)
    # Numbers drawn as marks: the same values, in the same order within each kind of mark.
    def values(fig):
        return sorted(v for tr in fig["data"] if tr.get("type") == "bar"
                      for v in (tr["x"] if tr.get("orientation") == "h" else tr["y"]) if isinstance(v, (int, float)))
    assert values(phone) == values(own)


def test_every_kind_with_long_words_beside_it_has_a_phone_drawing():
    """The kinds whose names or words sit beside the marks (at 390 px they ran off the figure, before phone drawings)
    have one; those that already fit (a stacked bar's counts inside it; a columns chart without words beside it)
    send none."""
    kinds = {c.kind: has_phone_figure(c) for _, c in CHARTS}
    assert {"bars", "progress", "stages", "timeline", "multiples"} <= set(kinds)
    stacked = [c for c in page_charts("zh") if c.kind == "stacked"]
    assert stacked and not any(has_phone_figure(c) for c in stacked)
    plain = [c for c in page_charts("zh") if c.kind == "columns" and not c.annotations]
    assert plain and not any(has_phone_figure(c) for c in plain)
    assert all(phone_figure_json(c, "zh") is None for c in plain + stacked)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_small_charts_go_one_to_a_row_on_a_phone(lang):
    """A section's figures over time: side by side on a wide screen, one under another at the full width on a
    phone, each with its title; the phone drawing is as tall as that takes."""
    for spec in (c for c in page_charts(lang) if c.kind == "multiples" and len(c.panels) > 1):
        phone = json.loads(json.dumps(phone_figure_json(spec, lang)))
        xs = [v for k, v in phone["layout"].items() if re.fullmatch(r"xaxis\d*", k)]
        assert len(xs) == len(spec.panels)
        assert all(x["domain"][0] == 0 and x["domain"][1] == 1 for x in xs), spec.name
        assert phone["layout"]["height"] > figure_json(spec, lang)["layout"]["height"]
