"""The city map as vector shapes in the web map's own projection (maps.fit_view, maps.to_screen)."""

from __future__ import annotations

from dataclasses import dataclass

from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE

from ... import maps
from ...content.model import MapSpec
from .base import PX, Box, Deck, E, fill_shape, outline, plain_shape, rect, text_box
from .cards import largest_scale
from .colours import PANEL, RULE, TEXT
from .text import half_points, line_height, measure, para, text_width

# ----------------------------------------------------------------------------------------------
# The map: every layer as vector shapes, in one Web Mercator projection fitted to the focus view


@dataclass(frozen=True)
class Projection:
    """lon/lat -> slide points: the web map's own projection (maps.fit_view picks the centre and zoom for the
    view, maps.to_screen places a point in pixels from the centre), one dashboard pixel being PX points."""

    box: Box
    view: dict

    @classmethod
    def fit(cls, points, box: Box) -> Projection:
        return cls(box, maps.fit_view(points, width_px=round(box.w / PX), height_px=round(box.h / PX)))

    def __call__(self, p) -> tuple[float, float]:
        dx, dy = maps.to_screen(p, self.view)
        return self.box.x + self.box.w / 2 + dx * PX, self.box.y + self.box.h / 2 + dy * PX


def clip_polygon(pts: list[tuple[float, float]], box: Box) -> list[tuple[float, float]]:
    """Sutherland–Hodgman: the part of a polygon inside the box."""
    def clip(points, inside, cross):
        out = []
        for i, cur in enumerate(points):
            prev = points[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
        return out

    def at_x(x):
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_y(y):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    out = list(pts)
    for inside, cross in ((lambda p: p[0] >= box.x, at_x(box.x)), (lambda p: p[0] <= box.right, at_x(box.right)),
                          (lambda p: p[1] >= box.y, at_y(box.y)), (lambda p: p[1] <= box.bottom, at_y(box.bottom))):
        if not out:
            break
        out = clip(out, inside, cross)
    return out


def clip_path(pts: list[tuple[float, float]], box: Box) -> list[list[tuple[float, float]]]:
    """Liang–Barsky on each segment: the pieces of a line inside the box."""
    pieces: list[list[tuple[float, float]]] = []
    cur: list[tuple[float, float]] = []
    for a, b in zip(pts, pts[1:]):
        dx, dy = b[0] - a[0], b[1] - a[1]
        t0, t1, ok = 0.0, 1.0, True
        for p, q in ((-dx, a[0] - box.x), (dx, box.right - a[0]), (-dy, a[1] - box.y), (dy, box.bottom - a[1])):
            if p == 0:
                if q < 0:
                    ok = False
                    break
                continue
            r = q / p
            if p < 0:
                t0 = max(t0, r)
            else:
                t1 = min(t1, r)
            if t0 > t1:
                ok = False
                break
        if not ok:
            if len(cur) > 1:
                pieces.append(cur)
            cur = []
            continue
        start = (a[0] + t0 * dx, a[1] + t0 * dy)
        end = (a[0] + t1 * dx, a[1] + t1 * dy)
        if not cur or cur[-1] != start:
            if len(cur) > 1:
                pieces.append(cur)
            cur = [start]
        cur.append(end)
        if t1 < 1:
            pieces.append(cur)
            cur = []
    if len(cur) > 1:
        pieces.append(cur)
    return pieces


def _freeform(sl, pts: list[tuple[float, float]], closed: bool, name: str):
    fb = sl.shapes.build_freeform(E(pts[0][0]), E(pts[0][1]), scale=1.0)
    fb.add_line_segments([(E(x), E(y)) for x, y in pts[1:]], close=closed)
    shape = plain_shape(fb.convert_to_shape())
    shape.name = name
    return shape


def _rgb(c: list[int]) -> tuple[str, float]:
    return "".join(f"{v:02X}" for v in c[:3]), (c[3] / 255 if len(c) > 3 else 1.0)


def _map_path(sl, proj: Projection, clip: Box, path, colour: list[int], width_px: float, name: str) -> int:
    colour_hex, alpha = _rgb(colour)
    n = 0
    for piece in clip_path([proj(p) for p in path], clip):
        shape = _freeform(sl, piece, False, name)
        fill_shape(shape, None)
        outline(shape, colour_hex, width_px * PX, alpha, rounded=True)
        n += 1
    return n


def _map_polygon(sl, proj: Projection, clip: Box, ring, fill: list[int], line: list[int], width_px: float, name: str) -> None:
    pts = clip_polygon([proj(p) for p in ring], clip)
    if len(pts) < 3:
        return
    shape = _freeform(sl, pts, True, name)
    fill_hex, fill_alpha = _rgb(fill)
    fill_shape(shape, fill_hex, fill_alpha)
    line_hex, line_alpha = _rgb(line)
    outline(shape, line_hex, width_px * PX, line_alpha, rounded=True)


def _dot(sl, xy, radius: float, fill: list[int] | str, line: list[int] | str, width: float, name: str):
    fill_hex, fill_alpha = _rgb(fill) if isinstance(fill, list) else (fill, 1.0)
    line_hex, line_alpha = _rgb(line) if isinstance(line, list) else (line, 1.0)
    s = plain_shape(sl.shapes.add_shape(MSO_SHAPE.OVAL, E(xy[0] - radius), E(xy[1] - radius), E(2 * radius), E(2 * radius)))
    fill_shape(s, fill_hex, fill_alpha)
    outline(s, line_hex, width, line_alpha)
    s.name = name
    return s


def draw_map(deck: Deck, sl, spec: MapSpec, focus: str, box: Box) -> None:
    """The city map as shapes: outline, river, north bank, Xiepu link, Line 2 by section with its
    stations, the bridge, the places and the labels, in the order (and colours) of maps.build_city_deck."""
    f = spec.features
    legend_w = min(230.0, box.w * 0.26)
    area = Box(box.x, box.y, box.w - legend_w - 12, box.h)
    frame = rect(sl, area, PANEL, RULE, 0.75)
    frame.name = "map_frame"
    proj = Projection.fit(maps.focus_points(f, focus), area)
    clip = Box(area.x + 1, area.y + 1, area.w - 2, area.h - 2)
    c = maps.COLORS
    for o in f.get("outline", []):
        _map_polygon(sl, proj, clip, o["polygon"], c["outline_fill"], c["outline"], 1.5, "map:outline")
    for o in f.get("river", []):
        _map_path(sl, proj, clip, o["path"], c["river"], 7, "map:river")
    for o in f.get("north_bank", []):
        _map_polygon(sl, proj, clip, o["polygon"], c["north_bank_fill"], c["north_bank_line"], 2, "map:north_bank")
    for o in f.get("xiepu", []):
        _map_path(sl, proj, clip, o["path"], c["xiepu_band"], 18, "map:xiepu_band")
        _map_path(sl, proj, clip, o["path"], c["xiepu"], 3, "map:xiepu")
    for group, colour, width in (("phase1", c["phase1"], 4), ("phase2_later", c["later"], 4), ("phase2_first", c["first"], 8)):
        for o in f.get(group, []):
            _map_path(sl, proj, clip, o["path"], colour, width, f"map:{group}")
    section_colour = {"phase2_first": c["first"], "phase2_later": c["later"]}
    for s in f.get("stations", []):
        xy = proj(s["position"])
        if _inside(xy, clip, 4):
            _dot(sl, xy, 4.5 * PX, "FFFFFF", section_colour.get(s["section"], c["phase1"]), 2.5 * PX, "map:station")
    for o in f.get("bridge", []):
        _map_path(sl, proj, clip, o["path"], c["bridge"], 9, "map:bridge")
    for p in f.get("places", []):
        xy = proj(p["position"])
        if not _inside(xy, clip, 9):
            continue
        if p["confidence"] in maps.APPROX:
            _dot(sl, xy, 11 * PX, c["place"][:3] + [40], c["place"], 2.5 * PX, "map:place_approx")
        else:
            _dot(sl, xy, 8 * PX, c["place"], "FFFFFF", 2 * PX, "map:place")
    sizes = {"big": 15.0, "mid": 10.5, "small": 9.5}
    for lb in f.get("labels", []):
        if focus == "all" and lb["zoomed"]:
            continue
        x, y = proj(lb["position"])
        if not _inside((x, y), clip, 0):
            continue
        size = sizes.get(lb["size"], 10.5)
        lines = lb["text"].split("\n")
        w = max(text_width(line, size, True) for line in lines) + 8
        h = sum(line_height(line, size) for line in lines) + 2
        dx, dy = lb["offset"][0] * PX, lb["offset"][1] * PX
        left = {"start": x + dx, "end": x + dx - w}.get(lb["anchor"], x + dx - w / 2)
        top = y + dy - h / 2
        left = min(max(left, clip.x + 2), clip.right - w - 2)
        top = min(max(top, clip.y + 2), clip.bottom - h - 2)
        text_box(deck, sl, Box(left, top, w, h), [para(lb["text"], size, bold=True, colour=TEXT, align="c")],
                 scale=1.0, margins=(3, 1, 3, 1), name="map:label", fill="FFFFFF", fill_alpha=0.84)
    _map_legend(deck, sl, spec, Box(box.right - legend_w, box.y, legend_w, box.h))


def _inside(xy, box: Box, margin: float) -> bool:
    return box.x + margin <= xy[0] <= box.right - margin and box.y + margin <= xy[1] <= box.bottom - margin


def _map_legend(deck: Deck, sl, spec: MapSpec, box: Box) -> None:
    """Swatches drawn like their layers, and the map's legend words."""
    c = maps.COLORS
    sw = 24.0
    text_w = box.w - sw - 8
    entries = [para(words, 10.5) for _, words in spec.legend]
    title = [para(deck.meta.legend, 11, bold=True)]
    title_h = measure(title, box.w) + 4
    scale = largest_scale(lambda s: sum(measure([e], text_w, s) + 5 for e in entries) <= box.h - title_h, 0.7)
    text_box(deck, sl, Box(box.x, box.y, box.w, title_h), title, name="legend")
    y = box.y + title_h
    for (code, _), entry in zip(spec.legend, entries):
        h = measure([entry], text_w, scale)
        mid = y + min(h, line_height("中", half_points(10.5 * scale))) / 2
        if code in ("outline", "north_bank"):
            fill, line = (c["outline_fill"], c["outline"]) if code == "outline" else (c["north_bank_fill"], c["north_bank_line"])
            fh, fa = _rgb(fill)
            lh, la = _rgb(line)
            s = plain_shape(sl.shapes.add_shape(MSO_SHAPE.RECTANGLE, E(box.x + 2), E(mid - 6), E(sw - 4), E(12)))
            fill_shape(s, fh, fa)
            outline(s, lh, 1.5, la)
            s.name = "legend"
        elif code == "place":
            _dot(sl, (box.x + sw / 2, mid), 8 * PX, c["place"], "FFFFFF", 2 * PX, "legend")
        elif code == "approx":
            _dot(sl, (box.x + sw / 2, mid), 8 * PX, c["place"][:3] + [40], c["place"], 2.5 * PX, "legend")
        else:
            colour, width = {"river": (c["river"], 7), "phase1": (c["phase1"], 4), "first": (c["first"], 8),
                             "later": (c["later"], 4), "bridge": (c["bridge"], 9),
                             "xiepu": (c["xiepu"], 3)}.get(code, (c["outline"], 3))
            if code == "xiepu":
                band = plain_shape(sl.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, E(box.x + 2), E(mid), E(box.x + sw - 2), E(mid)))
                band_hex, band_alpha = _rgb(c["xiepu_band"])
                outline(band, band_hex, 18 * PX, band_alpha)
                band.name = "legend"
            ln = plain_shape(sl.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, E(box.x + 2), E(mid), E(box.x + sw - 2), E(mid)))
            hx, a = _rgb(colour)
            outline(ln, hx, width * PX, a, rounded=True)
            ln.name = "legend"
        text_box(deck, sl, Box(box.x + sw + 8, y, text_w, h), [entry], scale=scale, name="legend")
        y += h + 5 * scale

