"""The city map's basemap (components/maps.py, ZHENHAI_BASEMAP): Carto's tiles, or none and no tile request."""

from __future__ import annotations

import json

import pytest
from conftest import TILE_HOSTS, Watched, build, wait_idle

from components import maps


def _deck_json(tiles: str) -> dict:
    visual = next(s.visual for s in build("city", "en").sections if s.key == "city.map")
    return json.loads(maps.build_city_deck(visual.features, "en", tiles=tiles).to_json())


def test_no_basemap_sends_the_placeholder_streamlit_leaves_empty():
    spec = _deck_json("none")
    # pydeck's "__MAP_STYLE__" with no provider: Streamlit 1.67's map element deletes it and adds no Carto style
    # (a null mapStyle, by contrast, is where it puts Carto's).
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec


def test_carto_basemap_lets_streamlit_pick_the_style():
    spec = _deck_json("carto")
    assert spec["mapProvider"] == "carto" and spec.get("mapStyle") is None
    assert {layer["id"] for layer in spec["layers"]} == {layer["id"] for layer in _deck_json("none")["layers"]}


@pytest.mark.parametrize("env, reachable, expected", [
    ("none", True, "none"), ("carto", False, "carto"), ("auto", True, "carto"), ("auto", False, "none"),
    ("", False, "none"), ("mapbox", True, "carto"),  # unknown: auto
])
def test_the_setting_and_auto(monkeypatch, env, reachable, expected):
    monkeypatch.setenv("ZHENHAI_BASEMAP", env)
    monkeypatch.setattr(maps, "carto_reachable", lambda: reachable)
    assert maps.basemap() == expected


def test_reachability_is_checked_once_an_hour(monkeypatch):
    calls = []

    def urlopen(req, timeout):
        calls.append((req.full_url, req.get_method(), timeout))
        raise OSError("no route")

    monkeypatch.setattr(maps.urllib.request, "urlopen", urlopen)
    monkeypatch.setattr(maps, "_probe", {})
    assert maps.carto_reachable() is False and maps.carto_reachable() is False
    assert calls == [(maps.CARTO_PROBE_URL, "HEAD", maps._PROBE_TIMEOUT_S)]
    now = maps.time.monotonic()
    monkeypatch.setattr(maps.time, "monotonic", lambda: now + maps._PROBE_TTL_S + 1)
    maps.carto_reachable()
    assert len(calls) == 2


@pytest.mark.browser
@pytest.mark.parametrize("setting", ["none", "carto"])
def test_the_page_asks_a_tile_server_only_with_a_basemap(servers, browser, setting):
    """With no basemap the city page's zoomable map (drawn) makes no request to any tile server; with Carto it does."""
    server = servers(env={"ZHENHAI_BASEMAP": setting})
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        page = ctx.new_page()
        tiles = []
        page.on("request", lambda r: tiles.append(r.url) if any(h in r.url for h in TILE_HOSTS) else None)
        w = Watched(page)
        # The drawn map asks no tile server, whatever the setting.
        w.open(server.url, "/city?lang=en")
        page.locator(".zh-map-wide svg").wait_for(timeout=60000)
        wait_idle(page)
        assert tiles == [], tiles
        w.open(server.url, "/city?lang=en&map=zoom")  # the zoomable map
        page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas')]
                                  .some(c => c.width > 0 && c.height > 0)""", timeout=60000)
        if setting == "none":
            assert tiles == [] and w.tile_failures == 0
            assert w.errors == []
        else:
            page.wait_for_function("() => performance.getEntriesByType('resource')"
                                   ".some(e => e.name.includes('cartocdn'))", timeout=30000)
    finally:
        ctx.close()
