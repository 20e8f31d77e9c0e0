"""The city map: data rows -> map features -> a pydeck Deck that reads without basemap tiles."""

from __future__ import annotations

import math
import os
import threading
import time
import urllib.request

import pandas as pd
import pydeck as pdk

from . import tokens
from .data import by_id, period_label
from .fmt import fmt_date, fmt_number
from .i18n import pick, t
from .settings import BASEMAP_ENV

# Focus views (stable codes, also the values of ?focus=) and layer groups (the toggles).
FOCI = ("all", "line2", "bridge", "north_bank", "xiepu")
LAYER_GROUPS = ("base", "line2", "bridge", "north_bank", "places", "xiepu", "labels")
APPROX = ("approximate", "low", "schematic")
# Each label font a Chinese reader's machine is likely to have; deck.gl draws text into a canvas
# atlas with these, so they must cover CJK.
FONT_FAMILY = tokens.MAP_FONT
# Every object a tooltip can land on carries these fields; the template names only them.
TOOLTIP_FIELDS = ("name_zh", "name_en", "detail", "conf")


# The basemap under our layers. The map reads without one (it draws its own outline, river, lines and areas);
# Carto's tiles add streets and place names where the browser reaches Carto, and where it does not (no internet,
# many networks in mainland China, strict office proxies) every tile is a failed request and an error in the
# browser's console, and deck.gl keeps trying. ZHENHAI_BASEMAP chooses:
#   auto  (default) Carto's tiles when this server reaches Carto (checked at most once an hour), else none
#   carto Carto's tiles, light or dark with the page (Streamlit picks the style), whatever the network
#   none  no basemap and no request to any tile server
BASEMAPS = ("auto", "carto", "none")
CARTO_PROBE_URL = "https://basemaps.cartocdn.com/gl/positron-gl-style/style.json"
_PROBE_TTL_S, _PROBE_TIMEOUT_S = 3600.0, 2.0
_probe: dict[str, float | bool] = {}
_probe_lock = threading.Lock()


def carto_reachable() -> bool:
    """Whether this server reaches Carto's basemap service (the answer kept for an hour): on the same network
    as the office's browsers, the best guess of whether theirs do."""
    with _probe_lock:
        if time.monotonic() - _probe.get("at", -_PROBE_TTL_S - 1) <= _PROBE_TTL_S:
            return bool(_probe["ok"])
        try:
            req = urllib.request.Request(CARTO_PROBE_URL, method="HEAD")
            with urllib.request.urlopen(req, timeout=_PROBE_TIMEOUT_S) as r:
                ok = 200 <= r.status < 400
        except (OSError, ValueError):
            ok = False
        _probe.update(at=time.monotonic(), ok=ok)
        return ok


def basemap(setting: str | None = None) -> str:
    """ "carto" or "none": the setting given, else ZHENHAI_BASEMAP (auto when unset or unknown), auto resolved."""
    value = (setting if setting is not None else os.environ.get(BASEMAP_ENV, "auto")).strip().lower()
    if value not in BASEMAPS:
        value = "auto"
    if value == "auto":
        return "carto" if carto_reachable() else "none"
    return value


rgb = tokens.rgb  # [r, g, b, a] from a palette name


COLORS = {
    "outline": [90, 90, 90, 255],
    "outline_fill": [140, 140, 140, 22],
    "river": rgb("sky", 230),
    "phase1": [150, 150, 150, 255],
    "first": rgb("vermillion"),
    "later": rgb("purple"),
    "bridge": rgb("green"),
    "north_bank_fill": rgb("yellow", 110),
    "north_bank_line": rgb("orange", 255),
    "xiepu_band": rgb("blue", 60),
    "xiepu": rgb("blue", 230),
    "place": rgb("blue"),
    "text": [25, 25, 25, 255],
    "text_bg": [255, 255, 255, 215],
}
# On a dark page (?theme=dark, a lobby screen): light outlines and light labels on dark boxes; the
# Okabe-Ito colours of the lines and areas read on both.
DARK = {
    "outline": [200, 200, 200, 255],
    "outline_fill": [200, 200, 200, 20],
    "phase1": [170, 170, 170, 255],
    "text": [240, 240, 240, 255],
    "text_bg": [22, 26, 33, 220],
}


def colours(dark: bool = False) -> dict:
    return {**COLORS, **DARK} if dark else COLORS


def _conf(code: str, lang: str) -> str:
    return t(f"common.confidence.{code}", lang)


def _obj(row: dict, lang: str, detail: str, conf: str, **geom) -> dict:
    """One map object with the tooltip's fields; names in both languages, the rest in lang."""
    return {"id": row["id"], "name_zh": row["name_zh"], "name_en": row["name_en"], "detail": detail,
            "conf": _conf(conf, lang), "confidence": conf, **geom}


def _schematic(schematic: dict, fid: str) -> dict | None:
    for f in schematic.get("features", []):
        if f.get("properties", {}).get("id") == fid:
            return f
    return None


def _ms(milestones: pd.DataFrame | None, mid: str) -> dict | None:
    if milestones is None:
        return None
    hit = milestones[milestones["id"] == mid]
    return hit.iloc[0].to_dict() if len(hit) else None


def _ind(indicators: pd.DataFrame | None, iid: str) -> dict | None:
    if indicators is None:
        return None
    hit = indicators[indicators["id"] == iid]
    return hit.iloc[0].to_dict() if len(hit) else None


def build_features(stations: pd.DataFrame, places: pd.DataFrame, boundary: dict, river: dict,
                   schematic: dict, indicators: pd.DataFrame | None, milestones: pd.DataFrame | None,
                   lang: str) -> dict[str, list[dict]]:
    """Every object the map draws, grouped by kind, each with bilingual names and its confidence."""
    out: dict[str, list[dict]] = {}
    b = boundary["features"][0]
    out["outline"] = [_obj(
        {"id": "boundary", **b["properties"]}, lang, t("city.map.outline_detail", lang), "medium",
        polygon=b["geometry"]["coordinates"][0],
    )]
    r = river["features"][0]
    out["river"] = [_obj(
        {"id": "river", **r["properties"]}, lang, t("city.map.river_detail", lang), "schematic",
        path=r["geometry"]["coordinates"],
    )]

    l2 = stations[stations["line"] == "2"].sort_values("seq")
    pts = {s: [float(x), float(y)] for s, x, y in zip(l2["station_zh"], l2["lon"], l2["lat"])}
    secs = list(l2["section"])
    names = list(l2["station_zh"])
    coords = [pts[n] for n in names]

    def span(section: str) -> list[list[float]]:
        """The section's stations plus the station before it, so the line joins up."""
        idx = [i for i, s in enumerate(secs) if s == section]
        if not idx:
            return []
        return coords[max(idx[0] - 1, 0): idx[-1] + 1]

    opened = _ms(milestones, "ms_line2_open")
    opened_text = fmt_date(opened, lang) if opened else t("common.app.not_disclosed", lang)
    line_rows = {
        "phase1": ({"id": "line2_phase1", "name_zh": t("city.map.l2_phase1", "zh"),
                    "name_en": t("city.map.l2_phase1", "en")}, t("city.map.l2_phase1_detail", lang)),
        "phase2_first": ({"id": "line2_first", "name_zh": t("city.map.l2_first", "zh"),
                          "name_en": t("city.map.l2_first", "en")},
                         t("city.map.l2_first_detail", lang, date=opened_text)),
        "phase2_later": ({"id": "line2_later", "name_zh": t("city.map.l2_later", "zh"),
                          "name_en": t("city.map.l2_later", "en")}, t("city.map.l2_later_detail", lang)),
    }
    for section, (row, detail) in line_rows.items():
        path = coords[: secs.index("phase2_first")] if section == "phase1" and "phase2_first" in secs else span(section)
        out[section] = [_obj(row, lang, detail, "high", path=path)] if len(path) > 1 else []
    out["stations"] = [
        _obj({"id": f"station_{int(s.seq)}", "name_zh": s.station_zh, "name_en": s.station_en}, lang,
             t(f"city.map.station_{s.section}", lang), s.confidence, position=[float(s.lon), float(s.lat)],
             section=s.section)
        for s in l2.itertuples()
    ]

    pl = by_id(places)
    bridge_ids = [i for i in ("bridge_south", "bridge_crossing", "bridge_north") if i in pl]
    bridge_ms = _ms(milestones, "ms_bridge_open")
    bridge_date = fmt_date(bridge_ms, lang) if bridge_ms else t("common.app.not_disclosed", lang)
    out["bridge"] = [_obj(
        {"id": "bridge", "name_zh": t("city.map.bridge", "zh"), "name_en": t("city.map.bridge", "en")}, lang,
        t("city.map.bridge_detail", lang, date=bridge_date), "approximate",
        path=[[float(pl[i]["lon"]), float(pl[i]["lat"])] for i in bridge_ids],
    )] if len(bridge_ids) > 1 else []

    nb = _schematic(schematic, "north_bank")
    out["north_bank"] = [_obj(nb["properties"], lang, t("city.map.north_bank_detail", lang),
                              nb["properties"]["confidence"], polygon=nb["geometry"]["coordinates"][0])] if nb else []

    xl = _schematic(schematic, "xiepu_link")
    out["xiepu"] = [_obj(xl["properties"], lang, t("city.map.xiepu_detail", lang), xl["properties"]["confidence"],
                         path=xl["geometry"]["coordinates"])] if xl else []

    zs = _ind(indicators, "city_zhuangshi_projects_2021")
    zs_num, zs_unit = fmt_number(zs["value"], zs["unit"], lang) if zs else (t("common.app.not_disclosed", lang), "")
    zs_period = period_label(zs["period"], lang) if zs else ""
    place_rows = []
    zp = _schematic(schematic, "zhuangshi")
    if zp:
        place_rows.append(_obj(zp["properties"], lang, t("city.map.zhuangshi_detail", lang, num=zs_num, unit=zs_unit, period=zs_period),
                               zp["properties"]["confidence"], position=zp["geometry"]["coordinates"],
                               short=pick(zp["properties"], "name", lang) + t("city.map.approx_suffix", lang) + "\n"
                               + t("city.map.zhuangshi_label", lang, num=zs_num, unit=zs_unit)))
    for pid, key in (("yongjiang_lab", "lab"), ("nbu_science_park", "park"), ("old_town", "old_town")):
        if pid in pl:
            p = pl[pid]
            place_rows.append(_obj(p, lang, t(f"city.map.{key}_detail", lang), p["confidence"],
                                   position=[float(p["lon"]), float(p["lat"])]))
    out["places"] = place_rows
    out["labels"] = _labels(out, places, lang)
    return out


def _centroid(ring: list[list[float]]) -> list[float]:
    pts = ring[:-1] if ring[0] == ring[-1] else ring
    return [sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)]


def _label(text: str, position, size: str, offset=(0, 0), anchor: str = "middle", group: str = "labels",
           zoomed: bool = False) -> dict:
    return {"text": text, "position": list(position), "size": size, "offset": list(offset), "anchor": anchor,
            "group": group, "zoomed": zoomed}


def _labels(f: dict, places: pd.DataFrame, lang: str) -> list[dict]:
    """A few labels, placed beside their objects so they don't overlap at the district view."""
    approx = t("city.map.approx_suffix", lang)
    schem = t("city.map.schematic_suffix", lang)
    out = []
    pl = by_id(places)
    if "district_centroid" in pl:
        c = pl["district_centroid"]
        out.append(_label(pick(f["outline"][0], "name", lang), [c["lon"], c["lat"]], "big", group="base"))
    if f["river"]:
        # Under the middle of the river's longest straight reach, away from the crowded bridge area.
        path = f["river"][0]["path"]
        a, b = max(zip(path, path[1:]), key=lambda s: (s[1][0] - s[0][0]) ** 2 + (s[1][1] - s[0][1]) ** 2)
        out.append(_label(pick(f["river"][0], "name", lang), [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], "mid",
                          (0, 16), group="base"))
    first_idx = [i for i, s in enumerate(f["stations"]) if s["section"] == "phase2_first"]
    if first_idx:
        # The first section's stations and the one it runs from. The line climbs north-east then turns
        # east, so labels go left of the climb and above the turn; the later stations sit right of it.
        # Only the two ends are labelled in the overview ("zoomed" labels show in a focus view).
        around = [((-9, 0), "end"), ((9, 4), "start"), ((-8, -12), "end"), ((-4, -14), "middle")]
        ids = [first_idx[0] - 1, *first_idx]
        for n, ((offset, anchor), i) in enumerate(zip(around, ids)):
            if 0 <= i < len(f["stations"]):
                s = f["stations"][i]
                out.append(_label(pick(s, "name", lang), s["position"], "small", offset, anchor, group="line2",
                                  zoomed=n not in (0, len(ids) - 1)))
    for s in f["stations"]:
        if s["section"] == "phase2_later":
            out.append(_label(pick(s, "name", lang), s["position"], "small", (9, 4), "start", group="line2",
                              zoomed=True))
    if f["bridge"]:
        mid = f["bridge"][0]["path"][len(f["bridge"][0]["path"]) // 2]
        out.append(_label(pick(f["bridge"][0], "name", lang) + approx, mid, "mid", (-10, 0), "end", group="bridge"))
    if f["north_bank"]:
        nb = f["north_bank"][0]
        out.append(_label(pick(nb, "name", lang) + schem, _centroid(nb["polygon"]), "mid", (40, 22), "start",
                          group="north_bank"))
    if f["xiepu"]:
        x = f["xiepu"][0]
        out.append(_label(pick(x, "name", lang) + schem, x["path"][len(x["path"]) // 2], "mid", (12, 0), "start",
                          group="xiepu"))
    for p in f["places"]:
        text = p.get("short") or pick(p, "name", lang) + (approx if p["confidence"] in APPROX else "")
        if p["id"] == "nbu_science_park":
            continue  # part of Zhuangshi; its tooltip says so, a label would sit on the lab's
        offset, anchor = {"zhuangshi": ((-10, -14), "end"), "yongjiang_lab": ((-10, 4), "end"),
                          "old_town": ((0, -34), "middle")}.get(p["id"], ((10, 0), "start"))
        out.append(_label(text, p["position"], "mid", offset, anchor, group="places"))
    return out


def feature_table(f: dict[str, list[dict]], lang: str) -> pd.DataFrame:
    """One row per map object: names, what it is, how sure its position is, and where it lies."""
    rows = []
    for group in ("outline", "river", "phase1", "phase2_first", "phase2_later", "stations", "bridge",
                  "north_bank", "xiepu", "places"):
        for o in f.get(group, []):
            if "position" in o:
                where = f"{o['position'][1]:.5f}, {o['position'][0]:.5f}"
            else:
                pts = o.get("path") or o.get("polygon") or []
                where = t("city.table.points", lang, n=len(pts))
            rows.append({
                t("city.table.name_zh", lang): o["name_zh"], t("city.table.name_en", lang): o["name_en"],
                t("city.table.what", lang): o["detail"], t("city.table.confidence", lang): o["conf"],
                t("city.table.where", lang): where,
            })
    return pd.DataFrame(rows)


def all_points(f: dict[str, list[dict]]) -> list[list[float]]:
    pts = []
    for objs in f.values():
        for o in objs:
            if "position" in o:
                pts.append(o["position"])
            pts += o.get("path", []) + o.get("polygon", [])
    return pts


def _bbox(points) -> tuple[float, float, float, float]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _merc_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def fit_view(points, width_px: int = 900, height_px: int = 520, pad: float = 0.08, max_zoom: float = 14.5) -> dict:
    """Centre and zoom that fit the points in a map of the given size (deck.gl: the world is 512 px at zoom 0)."""
    x0, y0, x1, y1 = _bbox(points)
    dx = max(x1 - x0, 1e-4) * (1 + 2 * pad)
    dy = max(_merc_y(y1) - _merc_y(y0), 1e-4) * (1 + 2 * pad)
    zx = math.log2(width_px * 360 / (512 * dx))
    zy = math.log2(height_px * 2 * math.pi / (512 * dy))
    lat = math.degrees(math.atan(math.sinh((_merc_y(y0) + _merc_y(y1)) / 2)))
    return {"longitude": (x0 + x1) / 2, "latitude": lat, "zoom": round(min(zx, zy, max_zoom), 2)}


def focus_points(f: dict[str, list[dict]], focus: str) -> list[list[float]]:
    """The objects a focus view frames; all the map's own geometry for 'all'."""
    if focus == "line2":
        pts = [p for o in f["phase2_first"] + f["phase2_later"] for p in o["path"]]
    elif focus == "bridge":
        pts = [p for o in f["bridge"] for p in o["path"]] + [
            o["position"] for o in f["places"] if o["id"] in ("yongjiang_lab", "nbu_science_park")]
    elif focus == "north_bank":
        pts = [p for o in f["north_bank"] for p in o["polygon"]]
    elif focus == "xiepu":
        # Its course is schematic: frame it with the known places, never zoomed in as if exact.
        pts = [p for o in f["xiepu"] for p in o["path"]] + [o["position"] for o in f["places"]]
    else:
        # Where the change is: the river, the new lines, the bridge, the areas and places (not the
        # district's empty industrial north-west corner, nor phase 1's run to the airport).
        pts = [p for g in ("river", "phase2_first", "phase2_later", "bridge", "xiepu") for o in f[g] for p in o["path"]]
        pts += [p for o in f["north_bank"] for p in o["polygon"]] + [o["position"] for o in f["places"]]
    return pts or all_points(f)


# ----------------------------------------------------------------------------------------------
# Labels that never overlap: placed in screen pixels at the view's zoom (deck.gl's Web Mercator: the
# world is 512 px wide at zoom 0), most important first, each trying a few sides of its point.

LABEL_PX = {"big": 20, "mid": 14, "small": 13}
ZOOMED_LABELS_FROM = 12.5  # station names between the ends show only this close in
LABEL_GAP = 3  # px of air between two label boxes (the label background is drawn edge to edge)
# Who wins a contested spot: named places and stations before areas, areas before the river and district.
PRIORITY = {"places": 0, "line2": 1, "bridge": 2, "xiepu": 2, "north_bank": 3, "base": 4, "labels": 4}
FOCUS_GROUP = {"line2": "line2", "bridge": "bridge", "north_bank": "north_bank", "xiepu": "xiepu"}


def _world(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    w = 512 * 2 ** zoom
    return (lon + 180) / 360 * w, (1 - _merc_y(lat) / math.pi) / 2 * w


def to_screen(position, view: dict) -> tuple[float, float]:
    """A [lon, lat] point in pixels from the canvas centre, at the view's zoom."""
    x, y = _world(position[0], position[1], view["zoom"])
    cx, cy = _world(view["longitude"], view["latitude"], view["zoom"])
    return x - cx, y - cy


def text_size(text: str, px: float) -> tuple[float, float]:
    """A label's width and height in pixels: CJK glyphs are square, Latin ones about 0.6 em in the
    semi-bold weight (a little generous, so a real font never spills past the estimate)."""
    lines = text.split("\n")
    width = max(sum(px if ord(c) > 0x2E7F else 0.6 * px for c in line) for line in lines)
    return width + 4, len(lines) * px * 1.2


def label_box(label: dict, view: dict, offset=None, anchor=None) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) in pixels from the canvas centre, as deck.gl's TextLayer draws it
    (text-anchor start/middle/end, vertically centred, then the pixel offset)."""
    x, y = to_screen(label["position"], view)
    dx, dy = offset if offset is not None else label["offset"]
    w, h = text_size(label["text"], label["px"])
    left = {"start": 0, "middle": -w / 2, "end": -w}[anchor or label["anchor"]]
    return x + dx + left, y + dy - h / 2, x + dx + left + w, y + dy + h / 2


def _overlap(a, b, gap: float = LABEL_GAP) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def _inside(box, size) -> bool:
    w, h = size[0] / 2 - 2, size[1] / 2 - 2
    return box[0] >= -w and box[2] <= w and box[1] >= -h and box[3] <= h


def place_labels(labels: list[dict], view: dict, size: tuple[int, int], first: str | None = None,
                 avoid=()) -> list[dict]:
    """Labels that fit: each keeps its preferred side if free, else tries right, left, above and below
    its point; one that fits nowhere is left out (its object keeps its tooltip). The focus's own
    labels (group `first`) are placed before all others. avoid: boxes (left, top, right, bottom, in pixels from
    the canvas centre) that something else covers (the web map's legend), kept free like placed labels."""
    placed, boxes = [], [tuple(b) for b in avoid]
    for lb in sorted(labels, key=lambda lb: -1 if lb["group"] == first else PRIORITY.get(lb["group"], 5)):
        h = text_size(lb["text"], lb["px"])[1]
        sides = [(tuple(lb["offset"]), lb["anchor"]), ((10, 0), "start"), ((-10, 0), "end"),
                 ((0, -(h / 2 + 10)), "middle"), ((0, h / 2 + 10), "middle")]
        for offset, anchor in sides:
            box = label_box(lb, view, offset, anchor)
            if _inside(box, size) and not any(_overlap(box, b) for b in boxes):
                placed.append(dict(lb, offset=list(offset), anchor=anchor))
                boxes.append(box)
                break
    return placed


def _zoom_to_fit(labels: list[dict], view: dict, size: tuple[int, int]) -> float:
    """The zoom at which every placed label would sit inside the canvas (the view's own when they do)."""
    need = 1.0
    for lb in labels:
        left, top, right, bottom = label_box(lb, view)
        need = max(need, abs(left) / (size[0] / 2 - 2), abs(right) / (size[0] / 2 - 2),
                   abs(top) / (size[1] / 2 - 2), abs(bottom) / (size[1] / 2 - 2))
    return round(view["zoom"] - math.log2(need), 2) if need > 1 else view["zoom"]


def frame(f: dict[str, list[dict]], layers, focus: str, size: tuple[int, int], present: bool = False, avoid=()
          ) -> tuple[dict, list[dict]]:
    """The view of a focus and the labels that fit it (each with its size in pixels, px): the view first, since the
    labels are placed for its zoom, widened until the focus's own labels fit the canvas. Shared by the deck.gl map
    and the drawn one (render/mapsvg.py), so both show the same view and the same labels."""
    on = set(layers)
    k = 1.25 if present else 1.0
    candidates = [dict(lb, px=LABEL_PX[lb["size"]] * k) for lb in f["labels"]
                  if (lb["group"] in on or lb["group"] == "labels")] if "labels" in on else []
    view = fit_view(focus_points(f, focus), *size)
    subject = FOCUS_GROUP.get(focus)
    for _ in range(4):
        visible = [lb for lb in candidates if not lb["zoomed"] or view["zoom"] >= ZOOMED_LABELS_FROM]
        # The focus's own labels must be on the canvas: widen the view until their boxes fit.
        wider = _zoom_to_fit([lb for lb in visible if lb["group"] == subject], view, size)
        if wider >= view["zoom"]:
            break
        view = dict(view, zoom=wider)
    return view, place_labels(visible, view, size, first=subject, avoid=avoid)


def tooltip(lang: str) -> dict:
    """Our own template: field names only, never text from the data (Streamlit escapes the values)."""
    html = ("<div style='font-weight:600'>{name_zh}</div><div>{name_en}</div>"
            "<div style='margin-top:4px'>{detail}</div><div style='opacity:.8;font-size:.85em'>"
            + t("city.map.tooltip_conf", lang) + " {conf}</div>")
    return {"html": html, "style": {"backgroundColor": "rgba(255,255,255,0.96)", "color": "#1a1a1a",
                                    "fontFamily": FONT_FAMILY, "fontSize": "13px", "maxWidth": "320px",
                                    "border": "1px solid #999"}}


def _s(value: str):
    """A literal string prop (pydeck would otherwise turn it into an accessor expression)."""
    return pdk.types.String(value)


class Deck(pdk.Deck):
    """A pydeck Deck that works out its JSON once: Streamlit asks for it on every rerun that shows the map, and a
    kept deck (render/mapview.py) gives the same text back without walking its layers again."""

    def to_json(self) -> str:
        text = self.__dict__.get("_json_text")
        if text is None:
            text = super().to_json()
            self._json_text = text
        return text


def build_city_deck(f: dict[str, list[dict]], lang: str, present: bool = False,
                    layers: tuple[str, ...] | list[str] = LAYER_GROUPS, focus: str = "all",
                    size: tuple[int, int] = (900, 520), dark: bool = False, tiles: str | None = None,
                    avoid=()) -> Deck:
    """The map: our own outline, river, lines and areas (readable with no tiles), labels on top (clear of the avoid
    boxes: frame). tiles: "carto" or "none" (default: basemap(), from ZHENHAI_BASEMAP)."""
    on = set(layers)
    C = colours(dark)
    k = 1.25 if present else 1.0
    out: list[pdk.Layer] = []

    def path_layer(lid: str, data, color, width, **kw):
        return pdk.Layer("PathLayer", data, id=lid, get_path="path", get_color=color, get_width=width * k,
                         width_units=_s("pixels"), cap_rounded=True, joint_rounded=True, pickable=True, **kw)

    if "base" in on:
        out.append(pdk.Layer("PolygonLayer", f["outline"], id="outline", get_polygon="polygon",
                             get_fill_color=C["outline_fill"], get_line_color=C["outline"],
                             get_line_width=1.5 * k, line_width_units=_s("pixels"), stroked=True, filled=True,
                             pickable=False))
        out.append(path_layer("river", f["river"], C["river"], 7))
    if "north_bank" in on:
        out.append(pdk.Layer("PolygonLayer", f["north_bank"], id="north_bank", get_polygon="polygon",
                             get_fill_color=C["north_bank_fill"], get_line_color=C["north_bank_line"],
                             get_line_width=2 * k, line_width_units=_s("pixels"), stroked=True, filled=True,
                             pickable=True))
    if "xiepu" in on:
        # A wide pale band under a thin line: the course is schematic, the band says "about here".
        out.append(path_layer("xiepu_band", f["xiepu"], C["xiepu_band"], 18))
        out.append(path_layer("xiepu", f["xiepu"], C["xiepu"], 3))
    if "line2" in on:
        out.append(path_layer("line2_phase1", f["phase1"], C["phase1"], 4))
        out.append(path_layer("line2_later", f["phase2_later"], C["later"], 4))
        out.append(path_layer("line2_first", f["phase2_first"], C["first"], 8))
        stations = [dict(s, color=C["first"] if s["section"] == "phase2_first" else
                         C["later"] if s["section"] == "phase2_later" else C["phase1"])
                    for s in f["stations"]]
        out.append(pdk.Layer("ScatterplotLayer", stations, id="stations", get_position="position",
                             get_radius=4.5 * k, radius_units=_s("pixels"), get_fill_color=[255, 255, 255, 255],
                             get_line_color="color", get_line_width=2.5 * k, line_width_units=_s("pixels"),
                             stroked=True, filled=True, pickable=True))
    if "bridge" in on:
        out.append(path_layer("bridge", f["bridge"], C["bridge"], 9))
    if "places" in on:
        sure = [p for p in f["places"] if p["confidence"] not in APPROX]
        approx = [p for p in f["places"] if p["confidence"] in APPROX]
        out.append(pdk.Layer("ScatterplotLayer", sure, id="places", get_position="position", get_radius=8 * k,
                             radius_units=_s("pixels"), get_fill_color=C["place"],
                             get_line_color=[255, 255, 255, 255], get_line_width=2, line_width_units=_s("pixels"),
                             stroked=True, filled=True, pickable=True))
        # Approximate places: an open ring, never a solid dot, so nobody reads them as exact.
        out.append(pdk.Layer("ScatterplotLayer", approx, id="places_approx", get_position="position",
                             get_radius=11 * k, radius_units=_s("pixels"), get_fill_color=C["place"][:3] + [40],
                             get_line_color=C["place"], get_line_width=2.5 * k, line_width_units=_s("pixels"),
                             stroked=True, filled=True, pickable=True))
    view, shown = frame(f, layers, focus, size, present, avoid)
    if "labels" in on:
        out.append(pdk.Layer(
            "TextLayer", shown, id="labels", get_position="position", get_text="text", get_size="px",
            size_units=_s("pixels"), get_color=C["text"], get_pixel_offset="offset",
            get_text_anchor="anchor", get_alignment_baseline=_s("center"),
            character_set=_s("auto"), font_family=_s(FONT_FAMILY), font_weight=600,
            background=True, get_background_color=C["text_bg"], pickable=False,
        ))
    # map_style=None: Streamlit picks Carto's light or dark style with the theme. map_provider=None with the default
    # map_style: no basemap at all (pydeck sends its "__MAP_STYLE__" placeholder, which Streamlit leaves unfilled;
    # map_style=None there would bring Carto back).
    base = {"map_style": None} if (tiles or basemap()) == "carto" else {"map_provider": None}
    return Deck(
        layers=out, initial_view_state=pdk.ViewState(**view, pitch=0, bearing=0), tooltip=tooltip(lang), **base,
    )
