"""The city map drawn on the server as SVG: what the page, its slides and paper show first.

The same objects, colours, widths, view and labels as the deck.gl map (maps.frame, maps.colours), in the same Web
Mercator pixels (maps.to_screen), so the two look alike and a label that fits one fits the other. It needs no
JavaScript and no tiles: the page is drawn without deck.gl's 2.9 MB, which the zoomable map loads only when asked
(render/web.py). Each object carries its tooltip as an SVG <title> (the browser shows it on hover); the map as a
whole is one image with a name, and the table view under it lists every object for keyboards and screen readers.

Streamlit's st.html sanitises with DOMPurify's HTML profile, which removes SVG; st.markdown with unsafe_allow_html
keeps it (components/streamlit_dom.BEHAVIOURS). Every text in the markup is escaped here.
"""

from __future__ import annotations

import html

from .. import maps
from ..i18n import t


def _n(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _rgb(c: list[int]) -> str:
    return f"rgb({c[0]},{c[1]},{c[2]})"


def _alpha(c: list[int]) -> str:
    return f"{c[3] / 255 if len(c) > 3 else 1.0:.3f}".rstrip("0").rstrip(".")


def _one_line(text) -> str:
    """A text on one line, its runs of white space one space: st.markdown reads the map as one HTML block, which a
    blank line from the data would end (the rest then read as Markdown: $ as maths, * as emphasis)."""
    return " ".join(str(text).split())


def _d(points, view: dict, closed: bool = False) -> str:
    xy = [maps.to_screen(p, view) for p in points]
    d = "M" + "L".join(f"{_n(x)} {_n(y)}" for x, y in xy)
    return d + "Z" if closed else d


def _title(o: dict, lang: str) -> str:
    """The tooltip: both names, what it is, how sure its position is; a line each (a character reference, so the
    markup itself has no line break)."""
    words = [_one_line(w) for w in (o["name_zh"], o["name_en"], o["detail"],
                                    f"{t('city.map.tooltip_conf', lang)} {o['conf']}")]
    return "<title>" + "&#10;".join(html.escape(w) for w in words if w) + "</title>"


def _path(o: dict, view: dict, colour: list[int], width: float, lang: str, name: str) -> str:
    return (f'<g data-map="{name}">{_title(o, lang)}<path d="{_d(o["path"], view)}" fill="none" stroke="{_rgb(colour)}" '
            f'stroke-opacity="{_alpha(colour)}" stroke-width="{_n(width)}" stroke-linecap="round" '
            f'stroke-linejoin="round"/></g>')


def _polygon(o: dict, view: dict, fill: list[int], line: list[int], width: float, lang: str, name: str,
             titled: bool = True) -> str:
    return (f'<g data-map="{name}">{_title(o, lang) if titled else ""}<path d="{_d(o["polygon"], view, True)}" '
            f'fill="{_rgb(fill)}" fill-opacity="{_alpha(fill)}" stroke="{_rgb(line)}" stroke-opacity="{_alpha(line)}" '
            f'stroke-width="{_n(width)}" stroke-linejoin="round"/></g>')


def _dot(o: dict, view: dict, r: float, fill: list[int], line: list[int], width: float, lang: str, name: str) -> str:
    x, y = maps.to_screen(o["position"], view)
    return (f'<g data-map="{name}">{_title(o, lang)}<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{_rgb(fill)}" '
            f'fill-opacity="{_alpha(fill)}" stroke="{_rgb(line)}" stroke-opacity="{_alpha(line)}" '
            f'stroke-width="{_n(width)}"/></g>')


def _label(lb: dict, view: dict, colours: dict) -> str:
    """A label as deck.gl's TextLayer draws ours: semi-bold text on the background colour (here a halo around the
    glyphs, as tight as deck.gl's box), placed by maps.label_box, the box the labels were kept apart by."""
    left, top, right, bottom = maps.label_box(lb, view)
    lines = [x for x in (_one_line(line) for line in lb["text"].splitlines()) if x] or [""]
    px = lb["px"]
    # Anchored on the side deck.gl anchors it (the estimated box is a little wider than the words).
    anchor = lb["anchor"]
    x = {"start": left + 2, "end": right - 2}.get(anchor, (left + right) / 2)
    first = (top + bottom) / 2 - (len(lines) - 1) * px * 1.2 / 2
    spans = "".join(f'<tspan x="{_n(x)}" y="{_n(first + i * px * 1.2)}">{html.escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    bg, fg = colours["text_bg"], colours["text"]
    return (f'<text data-map="label" font-size="{_n(px)}" font-weight="600" text-anchor="{html.escape(anchor)}" '
            f'dominant-baseline="central" fill="{_rgb(fg)}" stroke="{_rgb(bg)}" stroke-opacity="{_alpha(bg)}" '
            f'stroke-width="{_n(px * 0.4)}" stroke-linejoin="round" paint-order="stroke">{spans}</text>')


def map_svg(f: dict[str, list[dict]], lang: str, label: str, layers=maps.LAYER_GROUPS, focus: str = "all",
            size: tuple[int, int] = (900, 520), present: bool = False, dark: bool = False, avoid=()) -> str:
    """One <svg> of the map: its view box is `size` centred on the view (the labels fit inside it, clear of the
    `avoid` boxes: maps.frame); whatever lies beyond shows too where the box it is placed in is wider (CSS clips it
    there: styles.py .zh-map-svg)."""
    on = set(layers)
    C = maps.colours(dark)
    k = 1.25 if present else 1.0
    view, shown = maps.frame(f, layers, focus, size, present, avoid)
    out: list[str] = []
    if "base" in on:
        out += [_polygon(o, view, C["outline_fill"], C["outline"], 1.5 * k, lang, "outline", titled=False) for o in f["outline"]]
        out += [_path(o, view, C["river"], 7 * k, lang, "river") for o in f["river"]]
    if "north_bank" in on:
        out += [_polygon(o, view, C["north_bank_fill"], C["north_bank_line"], 2 * k, lang, "north_bank")
                for o in f["north_bank"]]
    if "xiepu" in on:
        for o in f["xiepu"]:
            out.append(_path(o, view, C["xiepu_band"], 18 * k, lang, "xiepu_band"))
            out.append(_path(o, view, C["xiepu"], 3 * k, lang, "xiepu"))
    if "line2" in on:
        for group, colour, width in (("phase1", C["phase1"], 4), ("phase2_later", C["later"], 4),
                                     ("phase2_first", C["first"], 8)):
            out += [_path(o, view, colour, width * k, lang, group) for o in f[group]]
        ring = {"phase2_first": C["first"], "phase2_later": C["later"]}
        out += [_dot(s, view, 4.5 * k, [255, 255, 255, 255], ring.get(s["section"], C["phase1"]), 2.5 * k, lang, "station")
                for s in f["stations"]]
    if "bridge" in on:
        out += [_path(o, view, C["bridge"], 9 * k, lang, "bridge") for o in f["bridge"]]
    if "places" in on:
        out += [_dot(p, view, 8 * k, C["place"], [255, 255, 255, 255], 2, lang, "place")
                for p in f["places"] if p["confidence"] not in maps.APPROX]
        # Approximate places: an open ring, never a solid dot, so nobody reads them as exact.
        out += [_dot(p, view, 11 * k, C["place"][:3] + [40], C["place"], 2.5 * k, lang, "place_approx")
                for p in f["places"] if p["confidence"] in maps.APPROX]
    if "labels" in on:
        out += [_label(lb, view, C) for lb in shown]
    w, h = size
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_n(-w / 2)} {_n(-h / 2)} {w} {h}" width="100%" '
            f'height="100%" preserveAspectRatio="xMidYMid meet" role="img" aria-label="{html.escape(_one_line(label))}" '
            f'data-focus="{html.escape(focus)}" style="font-family:{html.escape(maps.FONT_FAMILY)}">'
            + "".join(out) + "</svg>")
