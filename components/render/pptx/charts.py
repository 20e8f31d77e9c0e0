"""Native PowerPoint charts whose numbers sit in the embedded workbook, one function per chart kind."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.dml import MSO_LINE, MSO_PATTERN
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Pt

from ... import tokens
from ...content.layout import multiples_grid
from ...content.model import ChartSpec, Point
from .base import Box, Deck, E, outline, plain_shape, rect, set_fonts, text_box, write_text
from .colours import (
    BLUE,
    GREEN,
    GREY,
    MUTED,
    ORANGE,
    OUTCOME_COLOURS,
    PALE_BLUE,
    RULE,
    SKY,
    STAGE_COLOURS,
    TEXT,
    TRACK,
    VERMILLION,
)
from .tables import CELL_BORDER, CELL_PAD, LINE_CELL, cell_border, cell_text, no_table_style, tint
from .text import Para, fit_scale, half_points, markup, measure, para, text_width

# ----------------------------------------------------------------------------------------------
# Charts: native PowerPoint charts whose numbers sit in the embedded workbook


def _decimals(values: Sequence[float]) -> int:
    return max((len(f"{v:g}".split(".")[1]) if "." in f"{v:g}" else 0) for v in values) if values else 0


def _number_format(decimals: int, unit: str) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "") + (f'"{unit}"' if unit else "")


def _formatted(v: float, decimals: int, unit: str) -> str:
    return f"{v:,.{decimals}f}{unit}"


def _plain_text(text: str) -> str:
    return "".join(r.text for r in markup(text))


def category_text(p: Point) -> str:
    """A category as a chart or table shows it: one line of plain text (line breaks are the app's own)."""
    return " ".join(_plain_text(p.category).split())


def _chart_fonts(chart, lang: str, size: float) -> None:
    chart.font.size = Pt(size)
    chart.font.color.rgb = RGBColor.from_string(TEXT)
    set_fonts(chart.font._rPr, lang)


def _manual_layout(chart, x: float, y: float, w: float, h: float) -> None:
    """Place the plot area (without its axis labels) at fractions of the chart frame, so that what is
    drawn over the chart (arrows, reference lines, words) lands where the bars are."""
    plot_area = chart._chartSpace.chart.plotArea
    layout = plot_area.find(qn("c:layout"))
    if layout is None:
        layout = etree.Element(qn("c:layout"))
        plot_area.insert(0, layout)
    for child in list(layout):
        layout.remove(child)
    ml = etree.SubElement(layout, qn("c:manualLayout"))
    for tag, val in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge"), ("x", x), ("y", y), ("w", w), ("h", h)):
        etree.SubElement(ml, qn(f"c:{tag}"), val=f"{val:.4f}" if isinstance(val, float) else val)


def _style_points(series_fill, line, style: str) -> None:
    """Reported solid blue; derived pale with blue hatching and a dashed outline; plans and targets sky
    with blue hatching and a dashed outline (the dashboard's three looks)."""
    if style == "reported":
        series_fill.solid()
        series_fill.fore_color.rgb = RGBColor.from_string(BLUE)
        line.color.rgb = RGBColor.from_string(BLUE)
        line.width = Pt(1.5)
        return
    series_fill.patterned()
    series_fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
    series_fill.fore_color.rgb = RGBColor.from_string(BLUE)
    series_fill.back_color.rgb = RGBColor.from_string(PALE_BLUE if style == "derived" else SKY)
    line.color.rgb = RGBColor.from_string(BLUE)
    line.width = Pt(1.5)
    line.dash_style = MSO_LINE.DASH


def _series_name(deck: Deck, spec: ChartSpec, style: str) -> str:
    return spec.legend.get(style) or deck.t(f"common.kind.{style}")


def _axis_style(axis, number_format: str | None = None, gridlines: bool = False, visible: bool = True) -> None:
    axis.format.line.color.rgb = RGBColor.from_string(RULE)
    axis.has_major_gridlines = gridlines
    if gridlines:
        axis.major_gridlines.format.line.color.rgb = RGBColor.from_string("E6E6E6")
    if number_format:
        axis.tick_labels.number_format = number_format
        axis.tick_labels.number_format_is_linked = False
    if not visible:
        axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE


def _custom(p: Point, decimals: int, unit: str) -> bool:
    """Whether a value's label says more than its number (≈, derived, plan): it is written, not formatted."""
    text = _plain_text(p.text)
    return p.value is not None and bool(text) and text != _formatted(p.value, decimals, unit)


def _labels(deck: Deck, plot, series_points: list[tuple[object, int, Point]], decimals: int, unit: str, size: float,
            colour: str = TEXT) -> None:
    """Values labelled: from the workbook (so an edited number relabels itself) where the dashboard's
    label is just the number; the dashboard's own words where it says more (≈, derived, plan)."""
    plot.has_data_labels = True
    dl = plot.data_labels
    dl.show_value = True
    dl.number_format = _number_format(decimals, unit)
    dl.number_format_is_linked = False
    dl.position = XL_LABEL_POSITION.OUTSIDE_END
    dl.font.size = Pt(size)
    dl.font.bold = True
    dl.font.color.rgb = RGBColor.from_string(colour)
    set_fonts(dl.font._rPr, deck.lang)
    # A series given a label of its own gets its own label settings (c:dLbls in c:ser), which PowerPoint and
    # LibreOffice read in place of the plot's: the same settings again, or its other values lose their labels.
    for series in dict.fromkeys(x[0] for x in series_points if _custom(x[2], decimals, unit)):
        sdl = series.data_labels
        sdl.show_value = True
        sdl.number_format = _number_format(decimals, unit)
        sdl.number_format_is_linked = False
        sdl.position = XL_LABEL_POSITION.OUTSIDE_END
        sdl.font.size = Pt(size)
        sdl.font.bold = True
        sdl.font.color.rgb = RGBColor.from_string(colour)
        set_fonts(sdl.font._rPr, deck.lang)
    for series, i, p in series_points:
        if not _custom(p, decimals, unit):
            continue
        label = series.points[i].data_label
        write_text(label.text_frame, [Para(markup(p.text), size, True, colour, "c")], 1.0, deck.lang)
        label.position = XL_LABEL_POSITION.OUTSIDE_END


def _style_series(chart, spec: ChartSpec, styles: list[str]) -> list:
    out = []
    for series, style in zip(chart.plots[0].series, styles):
        _style_points(series.format.fill, series.format.line, style)
        series.invert_if_negative = False
        out.append(series)
    return out


def _chart_frame(sl, kind, data, box: Box, name: str):
    gf = sl.shapes.add_chart(kind, E(box.x), E(box.y), E(box.w), E(box.h), data)
    gf.name = f"chart:{name}"
    chart = gf.chart
    chart.has_title = False
    return chart


def _value_axis_below(chart) -> None:
    """With the categories top to bottom, the value axis crosses at the last category: below the bars."""
    for crosses in chart._chartSpace.xpath(".//c:valAx/c:crosses"):
        crosses.set("val", "max")


def _legend(chart, show: bool, position=XL_LEGEND_POSITION.BOTTOM) -> None:
    chart.has_legend = show
    if show:
        chart.legend.position = position
        chart.legend.include_in_layout = False


def _columns(deck: Deck, sl, spec: ChartSpec, box: Box, compact: bool = False) -> None:
    """Vertical bars, one series per way a value was arrived at (so the legend explains the looks). A gap (a
    period with no figure) keeps its category with no bar, its words ("未录入") at its foot. compact: a small
    chart of several side by side (smaller type, no legend, as wide as its box)."""
    pts = list(spec.points)
    styles = [s for s in dict.fromkeys(p.style for p in pts) if s != "gap"]
    values = [p.value for p in pts if p.value is not None]
    top = max(values) if values else 1.0
    decimals = _decimals(values)
    gap_ann = [a for a in spec.annotations if a.kind == "gap"]
    ymax = top * (1.3 if gap_ann else 1.25)
    size = 9.0 if compact else 12.0
    data = CategoryChartData(number_format=_number_format(decimals, ""))
    data.categories = [category_text(p) for p in pts]
    for style in styles:
        data.add_series(_series_name(deck, spec, style), [p.value if p.style == style else None for p in pts])
    # A chart of two or three bars need not be as wide as the slide.
    notes_w = max((text_width(line, 13) for a in gap_ann for line in _plain_text(a.text).split("\n")), default=0.0)
    w = box.w if compact else min(box.w, 210 * len(pts) + 200 + notes_w)
    frame = Box(box.x + (box.w - w) / 2, box.y, w, box.h)
    chart = _chart_frame(sl, XL_CHART_TYPE.COLUMN_CLUSTERED, data, frame, spec.name)
    _chart_fonts(chart, deck.lang, size)
    plot = chart.plots[0]
    plot.overlap, plot.gap_width = 100, 90
    series = _style_series(chart, spec, styles)
    _labels(deck, plot, [(series[styles.index(p.style)], i, p) for i, p in enumerate(pts) if p.style != "gap"],
            decimals, spec.unit, size + 1)
    va = chart.value_axis
    va.minimum_scale, va.maximum_scale = 0, ymax
    _axis_style(va, _number_format(decimals if decimals else 0, spec.unit), gridlines=True)
    if spec.axis:
        va.has_title = True
        write_text(va.axis_title.text_frame, [para(spec.axis, 11, colour=MUTED)], 1.0, deck.lang)
    _axis_style(chart.category_axis)
    _legend(chart, bool(spec.legend) and not compact)
    # The plot area: left for the axis labels and title, below for categories (and the legend), right
    # for the words of a gap bracket.
    left = (20 if compact else 34) + (22 if spec.axis else 0) + text_width(_formatted(ymax, 0, spec.unit), size)
    bottom = (30 if compact else 34) + (26 if spec.legend and not compact else 0)
    right = notes_w + 40 if gap_ann else 12
    inner = Box(frame.x + left, frame.y + 10, frame.w - left - right, frame.h - 10 - bottom)
    _manual_layout(chart, left / frame.w, 10 / frame.h, inner.w / frame.w, inner.h / frame.h)
    n = len(pts)

    def cx(i: float) -> float:
        return inner.x + (i + 0.5) * inner.w / n

    def cy(v: float) -> float:
        return inner.y + inner.h * (1 - v / ymax)

    step = inner.w / n
    for i, p in enumerate(pts):
        if p.style == "gap":  # said where its bar would stand
            words = [para(_plain_text(p.text), size, colour=GREY, align="c")]
            text_box(deck, sl, Box(cx(i) - step / 2, inner.bottom - measure(words, step) - 2, step, measure(words, step)),
                     words, name="gap")
    for a in spec.annotations:
        va_, vb_ = pts[a.a].value, pts[a.b].value
        if va_ is None or vb_ is None:
            continue
        words = [para(markup(a.text), 13, colour=VERMILLION, align="c")]
        if a.kind == "change":
            # An arrow from one bar's top to the other's, its words above the middle.
            x1, y1, x2, y2 = cx(a.a) + 0.22 * step, cy(va_) - 8, cx(a.b) - 0.22 * step, cy(vb_) - 8
            conn = plain_shape(sl.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, E(x1), E(y1), E(x2), E(y2)))
            outline(conn, VERMILLION, 2.25, arrow=True)
            conn.name = "annotation"
            tw = max(text_width(line, 13, True) for line in _plain_text(a.text).split("\n")) + 8
            th = measure(words, tw)
            mx, my = (x1 + x2) / 2, (y1 + y2) / 2
            text_box(deck, sl, Box(mx - tw / 2 - 0.18 * step, my - th - 14, tw, th), words, name="annotation")
        elif a.kind == "gap":
            # A dotted level from the higher bar across, and a bracket down to the lower bar's top.
            hi, lo = max(va_, vb_), min(va_, vb_)
            x = cx(max(a.a, a.b)) + 0.32 * step
            lvl = plain_shape(sl.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, E(cx(min(a.a, a.b)) + 0.25 * step), E(cy(hi)),
                                                 E(x), E(cy(hi))))
            outline(lvl, GREY, 1.25, dash="sysDot")
            br = plain_shape(sl.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, E(x), E(cy(lo)), E(x), E(cy(hi))))
            outline(br, VERMILLION, 3)
            words = [para(markup(a.text), 13, colour=VERMILLION)]
            th = measure(words, notes_w + 8)
            text_box(deck, sl, Box(x + 6, (cy(hi) + cy(lo)) / 2 - th / 2, notes_w + 8, th), words, name="annotation")
        elif a.kind == "line":
            ln = plain_shape(sl.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, E(inner.x), E(cy(a.value)), E(inner.right),
                                                E(cy(a.value))))
            outline(ln, VERMILLION, 2, dash="dash")


def bars(deck: Deck, sl, spec: ChartSpec, box: Box) -> None:
    """Horizontal bars from zero, top to bottom in the spec's order, labelled with the dashboard's words."""
    pts = [p for p in spec.points if p.value is not None]
    styles = list(dict.fromkeys(p.style for p in pts))
    values = [p.value for p in pts]
    decimals = _decimals(values)
    top = max(values, default=1.0)
    data = CategoryChartData(number_format=_number_format(decimals, ""))
    data.categories = [category_text(p) for p in pts]
    for style in styles:
        data.add_series(_series_name(deck, spec, style), [p.value if p.style == style else None for p in pts])
    chart = _chart_frame(sl, XL_CHART_TYPE.BAR_CLUSTERED, data, box, spec.name)
    _chart_fonts(chart, deck.lang, 12)
    plot = chart.plots[0]
    plot.overlap, plot.gap_width = 100, 45
    series = _style_series(chart, spec, styles)
    _labels(deck, plot, [(series[styles.index(p.style)], i, p) for i, p in enumerate(pts)], decimals, spec.unit, 12)
    va = chart.value_axis
    longest = max((text_width(_plain_text(p.text), 12, True) for p in pts), default=0.0)
    label_w = min(max(text_width(category_text(p), 12) for p in pts) + 14, box.w * 0.38) if pts else 40
    bottom = 40 + (22 if spec.axis else 0)
    inner_w = box.w - label_w - 16
    # Room on the right for the words beside the longest bar.
    ymax = top * max(1.25, 1 / max(0.05, 1 - (longest + 16) / inner_w))
    va.minimum_scale, va.maximum_scale = 0, ymax
    _axis_style(va, _number_format(0, spec.unit), gridlines=True)
    va.tick_labels.font.size = Pt(11)
    if spec.axis:
        va.has_title = True
        write_text(va.axis_title.text_frame, [para(spec.axis, 11, colour=MUTED)], 1.0, deck.lang)
    ca = chart.category_axis
    ca.reverse_order = True  # the first point on top, as on the dashboard
    _value_axis_below(chart)  # ... with the value axis still below
    _axis_style(ca)
    _legend(chart, bool(spec.legend), XL_LEGEND_POSITION.TOP)
    top_pad = 26 if spec.legend else 8
    _manual_layout(chart, label_w / box.w, top_pad / box.h, inner_w / box.w, (box.h - top_pad - bottom) / box.h)


def _progress(deck: Deck, sl, spec: ChartSpec, box: Box) -> None:
    """Each row against its reference: a grey track to 100 %, the value over it, words where the article
    gives a state but no number (drawn over the chart at the row)."""
    ref = spec.reference if spec.reference is not None else 100.0
    pts = list(spec.points)
    valued = [p for p in pts if p.value is not None]
    decimals = _decimals([p.value for p in valued])
    has_status = any(p.status for p in pts)
    top = max([p.value for p in valued] + [ref])
    data = CategoryChartData(number_format=_number_format(decimals, ""))
    data.categories = [category_text(p) for p in pts]
    data.add_series(spec.legend.get("track") or deck.t("briefing.chart.track"),
                    [ref if p.value is not None else None for p in pts])
    data.add_series(spec.legend.get("value") or deck.t("briefing.chart.value"), [p.value for p in pts])
    chart = _chart_frame(sl, XL_CHART_TYPE.BAR_CLUSTERED, data, box, spec.name)
    _chart_fonts(chart, deck.lang, 12)
    plot = chart.plots[0]
    plot.overlap, plot.gap_width = 100, 70
    track, value = plot.series
    track.format.fill.solid()
    track.format.fill.fore_color.rgb = RGBColor.from_string(TRACK)
    track.format.line.fill.background()
    value.format.fill.solid()
    value.format.fill.fore_color.rgb = RGBColor.from_string(BLUE)
    value.format.line.fill.background()
    for i, p in enumerate(pts):
        if p.value is not None and spec.colour_by_reference:
            fill = value.points[i].format.fill
            fill.solid()
            fill.fore_color.rgb = RGBColor.from_string(GREEN if p.value >= ref else ORANGE)
    # Values labelled on the value series only.
    value_dl = value.data_labels
    value_dl.show_value = True
    value_dl.number_format = _number_format(decimals, spec.unit)
    value_dl.number_format_is_linked = False
    value_dl.position = XL_LABEL_POSITION.INSIDE_END
    value_dl.font.size = Pt(12)
    value_dl.font.bold = True
    value_dl.font.color.rgb = RGBColor.from_string("FFFFFF")
    set_fonts(value_dl.font._rPr, deck.lang)
    for i, p in enumerate(pts):
        text = _plain_text(p.text)
        if p.value is not None and text and text != _formatted(p.value, decimals, spec.unit):
            write_text(value.points[i].data_label.text_frame, [para(text, 12, True, "FFFFFF", "c")], 1.0, deck.lang)
    xmax = top * (1.45 if has_status else 1.2)
    va = chart.value_axis
    va.minimum_scale, va.maximum_scale = 0, xmax
    _axis_style(va, _number_format(0, spec.unit), gridlines=False)
    va.tick_labels.font.size = Pt(11)
    if spec.axis:
        va.has_title = True
        write_text(va.axis_title.text_frame, [para(spec.axis, 11, colour=MUTED)], 1.0, deck.lang)
    ca = chart.category_axis
    ca.reverse_order = True
    _value_axis_below(chart)
    _axis_style(ca)
    _legend(chart, False)
    label_w = min(max(text_width(category_text(p), 12) for p in pts) + 14, box.w * 0.38)
    top_pad = 26 if spec.annotations else 8
    bottom = 34 + (22 if spec.axis else 0)
    inner = Box(box.x + label_w, box.y + top_pad, box.w - label_w - 16, box.h - top_pad - bottom)
    _manual_layout(chart, label_w / box.w, top_pad / box.h, inner.w / box.w, inner.h / box.h)
    n = len(pts)

    def px_(v: float) -> float:
        return inner.x + inner.w * v / xmax

    for i, p in enumerate(pts):
        yc = inner.y + (i + 0.5) * inner.h / n
        if p.value is None:
            words = "● " + (p.status or deck.t("common.app.not_disclosed"))
            x0, colour = px_(0) + 6, VERMILLION
        elif p.status:
            words, x0, colour = p.status, px_(max(ref, p.value)) + 10, GREY
        else:
            continue
        w = inner.right - x0
        paras = [para(words, 12, colour=colour)]
        h = measure(paras, w)
        text_box(deck, sl, Box(x0, yc - h / 2, w, h), paras, name="status")
    for a in spec.annotations:
        if a.kind == "line":
            x = px_(a.value)
            ln = plain_shape(sl.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, E(x), E(inner.y - 4), E(x), E(inner.bottom)))
            outline(ln, VERMILLION, 2, dash="dash")
            ln.name = "annotation"
            words = [para(_plain_text(a.text), 12, colour=VERMILLION, align="c")]
            w = text_width(_plain_text(a.text), 12) + 8
            text_box(deck, sl, Box(x - w / 2, inner.y - 22, w, 18), words, name="annotation")


def _timeline(deck: Deck, sl, spec: ChartSpec, box: Box) -> None:
    """Milestones left to right in order (not to scale): events filled, plan steps open; words above and
    below in turn, as on the dashboard."""
    pts = list(spec.points)
    n = len(pts)
    legend_h = 20.0 if spec.legend else 0.0
    if spec.legend:
        x = box.x
        for style, filled, colour in (("reported", True, VERMILLION), ("target", False, BLUE)):
            if style not in spec.legend or not any(p.style == style for p in pts):
                continue
            dot = rect(sl, Box(x, box.y + 4, 10, 10), colour if filled else "FFFFFF", colour, 2, MSO_SHAPE.OVAL)
            dot.name = "legend"
            words = spec.legend[style]
            w = text_width(words, 11) + 6
            text_box(deck, sl, Box(x + 14, box.y + 1, w, 16), [para(words, 11, colour=MUTED)], name="legend")
            x += 14 + w + 16
    area = Box(box.x, box.y + legend_h, box.w, box.h - legend_h)
    axis_y = area.y + area.h / 2
    slot = area.w / max(n, 1)
    line = plain_shape(sl.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, E(area.x + slot * 0.2), E(axis_y),
                                          E(area.right - slot * 0.2), E(axis_y)))
    outline(line, GREY, 2)
    r = 8.0
    half = area.h / 2 - r - 10
    paras_all = [[para(category_text(p), 12, bold=True, align="c", after=2), para(markup(p.text), 12, align="c")] for p in pts]
    # Words centred on their milestone, as wide as the gap to the next words on the same side allows
    # (narrower at the slide's edges).
    centres = [area.x + (i + 0.5) * slot for i in range(n)]
    widths = [min(slot * 1.9, 260.0, 2 * (xc - box.x), 2 * (box.right - xc)) for xc in centres]
    scale = min((fit_scale(ps, w - 4, half, 0.6, 1.3) or 0.6) for ps, w in zip(paras_all, widths))
    for i, (p, ps) in enumerate(zip(pts, paras_all)):
        xc, width = centres[i], widths[i]
        filled = p.style == "reported"
        colour = VERMILLION if filled else BLUE
        dot = rect(sl, Box(xc - r, axis_y - r, 2 * r, 2 * r), colour if filled else "FFFFFF", colour, 2.5, MSO_SHAPE.OVAL)
        dot.name = "milestone"
        x0 = xc - width / 2
        up = i % 2 == 0
        h = measure(ps, width - 4, scale) + 2
        y0 = axis_y - r - 8 - h if up else axis_y + r + 8
        text_box(deck, sl, Box(x0, y0, width, h), ps, scale=scale, anchor="b" if up else "t", name="milestone_text")


def _stages(deck: Deck, sl, spec: ChartSpec, box: Box) -> None:
    """The adoption board as a native table: one row per initiative, the stage scale as columns (filled
    up to where it stands, a dot at that stage), and the usage column."""
    pts = list(spec.points)
    steps = list(spec.scale)
    disclosed = list(spec.extra.get("disclosed", [False] * len(pts)))
    usage_title = spec.extra.get("usage_title", "")
    n_rows, n_cols = len(pts) + 1, len(steps) + 2
    row_h = min(30.0, box.h / n_rows)
    size = min(13.0, half_points((row_h - 2 * CELL_PAD[1]) / LINE_CELL))
    cat_w = min(max(text_width(category_text(p), size) for p in pts) + 12, box.w * 0.42)
    while size > 7 and max(text_width(category_text(p), size) for p in pts) + 12 > cat_w:
        size -= 0.5
    usage_w = max(text_width(usage_title, size, True), max((text_width(p.text, size) for p in pts), default=0)) + 16
    step_w = (box.w - cat_w - usage_w) / max(len(steps), 1)
    head_size = size
    while head_size > 7 and max(text_width(s, head_size, True) for s in steps) + 8 > step_w:
        head_size -= 0.5
    gf = sl.shapes.add_table(n_rows, n_cols, E(box.x), E(box.y), E(box.w), E(row_h * n_rows))
    gf.name = f"table:{spec.name}"
    table = gf.table
    no_table_style(table)
    for j, w in enumerate([cat_w] + [step_w] * len(steps) + [usage_w]):
        table.columns[j].width = E(w)
    for i in range(n_rows):
        table.rows[i].height = E(row_h - CELL_BORDER)

    def cell(i, j, text, bold=False, colour=TEXT, fill=None, align="l", sz=size):
        c = table.cell(i, j)
        cell_border(c)
        if fill:
            c.fill.solid()
            c.fill.fore_color.rgb = RGBColor.from_string(fill)
        else:
            c.fill.background()
        cell_text(c, [para(text, sz, bold, colour, align)], deck.lang)

    cell(0, 0, "", bold=True)
    for j, s in enumerate(steps, 1):
        cell(0, j, s, bold=True, align="c", sz=head_size)
    cell(0, n_cols - 1, usage_title, bold=True, align="c")
    for i, p in enumerate(pts, 1):
        colour = STAGE_COLOURS.get(p.status, BLUE)
        at = int(p.value or 0)
        cell(i, 0, category_text(p))
        for j in range(1, len(steps) + 1):
            if j < at:
                cell(i, j, "", fill=tint(colour, 0.35))
            elif j == at:
                cell(i, j, "", fill=colour)
            else:
                cell(i, j, "", fill="F2F2F2")
        shown = disclosed[i - 1] if i - 1 < len(disclosed) else False
        cell(i, n_cols - 1, p.text, colour=BLUE if shown else GREY, align="c")




def multiples(deck: Deck, sl, spec: ChartSpec, box: Box) -> None:
    """Small column charts, each its own series with its title above, in the page's grid (layout.multiples_grid)."""
    n = len(spec.panels)
    if not n:
        return
    rows, cols = multiples_grid(n)
    gap = 10.0
    w, h = (box.w - gap * (cols - 1)) / cols, (box.h - gap * (rows - 1)) / rows
    for i, panel in enumerate(spec.panels):
        x, y = box.x + (i % cols) * (w + gap), box.y + (i // cols) * (h + gap)
        title = [para(panel.title, 10.5, bold=True)]
        th = min(measure(title, w), 30.0)
        text_box(deck, sl, Box(x, y, w, th), title, name="panel_title")
        _columns(deck, sl, panel, Box(x, y + th + 2, w, h - th - 2), compact=True)


def stacked(deck: Deck, sl, spec: ChartSpec, box: Box) -> None:
    """Horizontal bars cut into segments (each core's plans by status), counts written inside, legend above."""
    cats = [category_text(p) for p in spec.points]
    data = CategoryChartData(number_format="0")
    data.categories = cats
    for seg in spec.stack:
        data.add_series(seg.name, [v if v else None for v in seg.values])
    chart = _chart_frame(sl, XL_CHART_TYPE.BAR_STACKED, data, box, spec.name)
    _chart_fonts(chart, deck.lang, 12)
    plot = chart.plots[0]
    plot.overlap, plot.gap_width = 100, 45
    for series, seg in zip(plot.series, spec.stack):
        fill = series.format.fill
        fill.solid()
        fill.fore_color.rgb = RGBColor.from_string(OUTCOME_COLOURS.get(seg.key, GREY))
        series.invert_if_negative = False
        dl = series.data_labels
        dl.show_value, dl.number_format, dl.number_format_is_linked = True, "0", False
        dl.position = XL_LABEL_POSITION.CENTER
        dl.font.size, dl.font.bold = Pt(11), True
        dl.font.color.rgb = RGBColor.from_string(TEXT if seg.key in tokens.LIGHT_OUTCOMES else "FFFFFF")
        set_fonts(dl.font._rPr, deck.lang)
    _axis_style(chart.value_axis, "0", gridlines=True)
    ca = chart.category_axis
    ca.reverse_order = True
    _value_axis_below(chart)
    _axis_style(ca)
    _legend(chart, True, XL_LEGEND_POSITION.TOP)


CHARTS: dict[str, Callable] = {"columns": _columns, "bars": bars, "progress": _progress, "timeline": _timeline,
                               "stages": _stages, "funnel": bars, "multiples": multiples, "stacked": stacked}
