"""ChartSpec -> Plotly figure: one builder per chart kind, knowing nothing of topics."""

from __future__ import annotations

from functools import partial

import plotly.graph_objects as go

from .. import tokens
from ..content.layout import multiples_grid
from ..content.model import ChartSpec, Point
from ..i18n import t
from . import PALETTE, style_figure

BLUE, SKY = PALETTE["blue"], PALETTE["sky"]
# How a value was arrived at, drawn apart: reported solid; derived pale and hatched; plans and targets
# hatched in the lighter blue. The same three looks on every chart and in the PPTX export.
STYLE_MARKER = {
    "reported": dict(color=BLUE, line=dict(color=BLUE, width=2)),
    "derived": dict(color=tokens.rgba("blue", tokens.DERIVED_ALPHA), line=dict(color=BLUE, width=2),
                    pattern=dict(shape="/", fgcolor=BLUE, size=10, solidity=0.25)),
    "plan": dict(color=SKY, line=dict(color=SKY, width=2), pattern=dict(shape="/", fgcolor=BLUE, size=10, solidity=0.2)),
    "target": dict(color=SKY, line=dict(color=SKY, width=2), pattern=dict(shape="/", fgcolor=BLUE, size=10, solidity=0.2)),
}
STAGE_COLOURS = {stage: tokens.colour(name) for stage, name in tokens.STAGE_COLOUR.items()}
TRACK = tokens.rgba("grey", tokens.TRACK_ALPHA)


def build_figure(spec: ChartSpec, lang: str, present: bool = False, height: int | None = None,
                 phone: bool = False) -> go.Figure:
    """The Plotly drawing of a chart spec. height None picks one that suits the kind and its rows; 0 leaves
    it to the container (a slide's chart takes the height the slide has left). phone: the drawing for a
    phone's width, for a kind that has one (has_phone_figure); the same height, so the browser can swap it in."""
    # The house style first, so each kind's own layout (margins, legend) has the last word.
    if height is None:
        height = phone_height(spec, lang) if phone else default_height(spec, present)
    fig = style_figure(go.Figure(), present, height=height)
    if phone:
        _PHONE_BUILDERS[spec.kind](fig, spec, lang, present)
    else:
        _BUILDERS[spec.kind](fig, spec, lang, present)
    return fig


def phone_height(spec: ChartSpec, lang: str) -> int:
    """A phone drawing's height: the page's for most kinds; small charts one to a row are a column of them."""
    if spec.kind in ("bars", "progress"):
        rows = len([p for p in spec.points if p.value is not None]) if spec.kind == "bars" else len(spec.points)
        return 110 + (36 if spec.legend or spec.annotations else 0) + rows * PHONE_ROW
    if spec.kind == "timeline":
        return 60 + sum(_timeline_blocks(spec, lang))
    if spec.kind == "multiples":
        n = len(spec.panels)
        extra = max((_title_lines(p.title, lang, 1, True).count("<br>") for p in spec.panels), default=0)
        return LEGEND_MARGIN + 30 + 20 * extra + n * PHONE_PANEL + (n - 1) * (PHONE_PANEL_GAP + 18 * extra) + 10
    return default_height(spec, False)


def has_phone_figure(spec: ChartSpec) -> bool:
    """Whether the chart is drawn differently on a phone (its words would not fit beside it there): a columns chart
    only when a gap's words have spaces to break at."""
    if spec.kind == "columns":
        return any(a.kind == "gap" and " " in a.text for a in spec.annotations)
    return spec.kind in _PHONE_BUILDERS


def default_height(spec: ChartSpec, present: bool) -> int:
    n = len(spec.points)
    if spec.kind in ("bars", "progress"):
        return 110 + n * (52 if present else 46)
    if spec.kind == "stages":
        return 70 + n * (31 if present else 34)  # 34: room for a row's name above its track on a phone
    if spec.kind == "timeline":
        return 380 if present else 330
    if spec.kind == "funnel":
        return 120 + n * 60
    if spec.kind == "multiples":
        return 100 + multiples_grid(len(spec.panels))[0] * (270 if present else 250)
    if spec.kind == "stacked":
        return 130 + n * (48 if present else 42)
    return 360 if present else 360




# A legend at the top of the figure (measured from the figure's edge, not the plot's), and the top margin
# that holds it.
LEGEND_TOP = dict(orientation="h", yref="container", yanchor="top", y=1, x=0)
LEGEND_MARGIN = 44


def _styles(points) -> list[str]:
    return list(dict.fromkeys(p.style for p in points))


def _columns(fig: go.Figure, spec: ChartSpec, lang: str, present: bool, phone: bool = False) -> go.Figure:
    """Vertical bars, one per point, each styled by how its value was arrived at; change arrows, gaps. On a phone
    a gap's words a word to a line, so they stay inside the figure's narrow right margin."""
    cats = [p.category for p in spec.points]
    _column_traces(fig, spec, bool(spec.legend))
    values = [p.value for p in spec.points if p.value is not None]
    top = max(values) if values else 1.0
    extra_right = 0.0
    for a in spec.annotations:
        va, vb = spec.points[a.a].value, spec.points[a.b].value
        if va is None or vb is None:
            continue
        if a.kind == "change":
            # An arrow from one bar's top to the other's, the change written above its middle.
            fig.add_annotation(x=a.b - 0.22, y=vb, ax=a.a + 0.22, ay=va, xref="x", yref="y", axref="x", ayref="y",
                               showarrow=True, arrowhead=3, arrowsize=1.3, arrowwidth=2,
                               arrowcolor=PALETTE["vermillion"], text="")
            fig.add_annotation(x=(a.a + a.b) / 2 - 0.1, y=(va + vb) / 2, yshift=20, yanchor="bottom", xref="x",
                               yref="y", showarrow=False, text=a.text, font=dict(color=PALETTE["vermillion"]))
        elif a.kind == "gap":
            # A dotted level from the higher bar across to the other, and a bracket down to its top.
            hi, lo = max(va, vb), min(va, vb)
            x = max(a.a, a.b) + 0.32
            fig.add_shape(type="line", x0=min(a.a, a.b) + 0.25, x1=x, y0=hi, y1=hi,
                          line=dict(color=PALETTE["grey"], dash="dot"))
            fig.add_shape(type="line", x0=x, x1=x, y0=lo, y1=hi, line=dict(color=PALETTE["vermillion"], width=3))
            fig.add_annotation(x=x + 0.04, y=(hi + lo) / 2, xanchor="left", align="left", showarrow=False,
                               font=dict(color=PALETTE["vermillion"]), text=a.text.replace(" ", "<br>") if phone else a.text)
            extra_right = 0.9
            top = max(top, hi)
        elif a.kind == "line":
            fig.add_hline(y=a.value, line=dict(color=PALETTE["vermillion"], width=2, dash="dash"))
    fig.update_layout(barmode="overlay", bargap=0.5, hovermode="closest", showlegend=bool(spec.legend))
    # Labels level (their lines are broken where they are long), never turned on their side.
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=cats, tickangle=0,
                     range=[-0.5, len(cats) - 0.5 + extra_right])
    fig.update_yaxes(title=spec.axis, range=[0, top * (1.3 if extra_right else 1.25)], ticksuffix=spec.unit)
    # The legend on top, in the figure's own margin: it never meets the axis labels, however many lines
    # they have and however short the figure is (below the axis, a share of the height could not be right
    # for both a page's chart and a slide's).
    fig.update_layout(legend=LEGEND_TOP, margin=dict(l=10, r=10, t=LEGEND_MARGIN if spec.legend else 20, b=10))
    return fig


def _column_traces(fig: go.Figure, spec: ChartSpec, legend: bool, row: int | None = None, col: int | None = None,
                   seen: set | None = None) -> None:
    """A columns chart's bars, one trace per look; a gap (a period with no figure) draws no bar, only its
    words at the foot of its place ("未录入"), and keeps its category on the axis."""
    where = dict(row=row, col=col) if row else {}
    seen = seen if seen is not None else set()
    for style in _styles(spec.points):
        if style == "gap":
            continue
        pts = [p for p in spec.points if p.style == style]
        fig.add_bar(
            name=spec.legend.get(style, ""), x=[p.category for p in pts], y=[p.value or 0 for p in pts],
            marker=STYLE_MARKER[style], text=[p.text for p in pts], textposition="outside", cliponaxis=False,
            constraintext="none", hovertext=[p.hover for p in pts], hoverinfo="text", legendgroup=style,
            showlegend=legend and style not in seen, **where,
        )
        seen.add(style)
    gaps = [p for p in spec.points if p.style == "gap"]
    if gaps:
        # An invisible marker holds each gap's place on the axis and carries its hover words.
        # Its words a word to a line ("not<br>entered"), so two gaps side by side in a small chart never meet.
        fig.add_scatter(x=[p.category for p in gaps], y=[0] * len(gaps), mode="markers+text",
                        text=[p.text.replace(" ", "<br>") for p in gaps],
                        textposition="top center", textfont=dict(color=PALETTE["grey"]), marker=dict(opacity=0),
                        hovertext=[p.hover for p in gaps], hoverinfo="text", showlegend=False, **where)


# Characters of a small chart's title in one line, by charts in a row (at the type size of a slide).
TITLE_CHARS = {"zh": {1: 40, 2: 26, 3: 17}, "en": {1: 90, 2: 58, 3: 38}}


# On a phone (one chart to a row, about 350 px wide).
PHONE_TITLE_CHARS = {"zh": 22, "en": 44}
PHONE_PANEL = 190  # a small chart's height on a phone
PHONE_PANEL_GAP = 70  # between two of them: the next one's title and the x labels above it


def _title_lines(title: str, lang: str, cols: int, phone: bool = False) -> str:
    """A small chart's title broken over lines to fit its width (Plotly would run it into its neighbour's)."""
    import textwrap

    width = PHONE_TITLE_CHARS[lang] if phone else TITLE_CHARS[lang][min(cols, 3)]
    if lang == "en":
        return "<br>".join(textwrap.wrap(title, width))
    return "<br>".join(title[i:i + width] for i in range(0, len(title), width))


def _multiples(fig: go.Figure, spec: ChartSpec, lang: str, present: bool, phone: bool = False) -> go.Figure:
    """Small column charts side by side, each its own series and unit (a section's figures over time). On a phone
    one to a row, the full width each (phone_height gives the figure the height for that)."""
    n = len(spec.panels)
    rows, cols = (n, 1) if phone else multiples_grid(n)
    titles = [_title_lines(p.title, lang, cols, phone) for p in spec.panels]
    if phone and rows > 1:
        # Between panels: room for the next panel's title lines and the axis labels above them.
        extra = max((x.count("<br>") for x in titles), default=0)
        plot = fig.layout.height - (LEGEND_MARGIN + 30 + 20 * extra) - 10
        spacing = (PHONE_PANEL_GAP + 18 * extra) / plot
    else:
        spacing = 0.3 if rows > 1 else 0.1
    fig.set_subplots(rows, cols, subplot_titles=titles, horizontal_spacing=0.08, vertical_spacing=spacing)
    seen: set[str] = set()
    for i, panel in enumerate(spec.panels):
        r, c = i // cols + 1, i % cols + 1
        _column_traces(fig, panel, True, r, c, seen)
        values = [p.value for p in panel.points if p.value is not None]
        fig.update_xaxes(type="category", categoryorder="array", categoryarray=[p.category for p in panel.points],
                         tickangle=0, row=r, col=c)
        # Headroom for the words over the bars: a second line ("144<br>计划") needs more.
        two_lines = any("<br>" in (p.text or "") for p in panel.points)
        fig.update_yaxes(range=[0, (max(values) if values else 1.0) * (1.5 if two_lines else 1.3)], row=r, col=c)
    # The legend on top, above the panels' titles (see _columns).
    extra = max((x.count("<br>") for x in titles), default=0)  # title lines past the first
    fig.update_layout(barmode="overlay", bargap=0.45, hovermode="closest", showlegend=True, legend=LEGEND_TOP,
                      margin=dict(l=10, r=10, t=LEGEND_MARGIN + 30 + 20 * extra, b=10))
    fig.update_annotations(font_size=13 if not present else 16)
    return fig


def _stacked(fig: go.Figure, spec: ChartSpec, lang: str, present: bool) -> go.Figure:
    """Horizontal bars cut into segments (e.g. each core's plans by status), counts written inside."""
    cats = [p.category for p in spec.points]
    for seg in spec.stack:
        fig.add_bar(y=cats, x=list(seg.values), orientation="h", name=seg.name,
                    marker=dict(color=tokens.colour(tokens.OUTCOME_COLOUR.get(seg.key, "grey"))),
                    text=[f"{v:g}" if v else "" for v in seg.values], textposition="inside", insidetextanchor="middle",
                    hovertext=[f"<b>{c}</b><br>{seg.name}: {v:g}" for c, v in zip(cats, seg.values)], hoverinfo="text")
    fig.update_layout(barmode="stack", bargap=0.35, showlegend=True,
                      legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0), margin=dict(t=56))
    fig.update_xaxes(title_text=spec.axis, rangemode="tozero")
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=cats)
    return fig


def _bars(fig: go.Figure, spec: ChartSpec, lang: str, present: bool) -> go.Figure:
    """Horizontal bars from zero, one per point: separate figures side by side, never a funnel."""
    shown = [p for p in spec.points if p.value is not None]
    for style in _styles(shown):
        pts = [p for p in shown if p.style == style]
        fig.add_bar(
            y=[p.category for p in pts], x=[p.value for p in pts], orientation="h", name=spec.legend.get(style, ""),
            marker=STYLE_MARKER[style], text=[p.text for p in pts], textposition="outside", cliponaxis=False,
            constraintext="none", hovertext=[p.hover for p in pts], hoverinfo="text", showlegend=bool(spec.legend),
        )
    top = max((p.value for p in shown), default=1.0)
    fig.update_layout(barmode="relative", bargap=0.35, showlegend=bool(spec.legend))
    # Room on the right for the labels that sit outside the longest bar.
    fig.update_xaxes(title_text=spec.axis, range=[0, top * 1.6], rangemode="tozero", ticksuffix=spec.unit)
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=[p.category for p in shown])
    if spec.legend:
        # Above the plot, inside the figure's own top margin (so it never rides over the text above).
        fig.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0), margin=dict(t=56))
    return fig


def _progress(fig: go.Figure, spec: ChartSpec, lang: str, present: bool) -> go.Figure:
    """Each row against a reference (100 %): a grey track, the value over it, words where no value is given."""
    ref = spec.reference if spec.reference is not None else 100.0
    cats = [p.category for p in spec.points]
    valued = [p for p in spec.points if p.value is not None]
    # Every row keeps its place, also those with no bar (status only).
    fig.add_trace(go.Scatter(y=cats, x=[0] * len(cats), mode="markers", marker=dict(opacity=0), hoverinfo="skip",
                             showlegend=False))
    fig.add_bar(y=[p.category for p in valued], x=[ref] * len(valued), orientation="h", width=0.75,
                name=spec.legend.get("track", ""), marker=dict(color=TRACK), hoverinfo="skip", showlegend=False)

    def colour(v: float) -> str:
        if spec.colour_by_reference:
            return PALETTE["green"] if v >= ref else PALETTE["orange"]
        return BLUE

    fig.add_bar(
        y=[p.category for p in valued], x=[p.value for p in valued], orientation="h", width=0.4,
        name=spec.legend.get("value", ""), marker=dict(color=[colour(p.value) for p in valued]),
        text=[p.text for p in valued], textposition="outside", cliponaxis=False, constraintext="none",
        hovertext=[p.hover for p in valued], hoverinfo="text", showlegend=False,
    )
    has_status = False
    for p in spec.points:
        if p.value is None:
            has_status = True
            fig.add_annotation(x=0, y=p.category, text="● " + (p.status or t("common.app.not_disclosed", lang)),
                               showarrow=False, xanchor="left", xshift=6, font=dict(color=PALETTE["vermillion"]))
        elif p.status:
            has_status = True
            fig.add_annotation(x=max(ref, p.value), y=p.category, text=p.status, showarrow=False, xanchor="left",
                               xshift=44, font=dict(color=PALETTE["grey"]))
    for a in spec.annotations:
        if a.kind == "line":
            fig.add_vline(x=a.value, line=dict(color=PALETTE["vermillion"], width=2, dash="dash"))
            fig.add_annotation(x=a.value, y=1, yref="paper", yanchor="bottom", text=a.text, showarrow=False,
                               font=dict(color=PALETTE["vermillion"]))
    top = max([p.value for p in valued] + [ref])
    fig.update_layout(barmode="overlay", showlegend=False, margin=dict(l=10, r=10, t=50 if spec.annotations else 20, b=10))
    fig.update_xaxes(title_text=spec.axis, range=[0, top * (1.45 if has_status else 1.2)], ticksuffix=spec.unit)
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(cats)), title=None)
    return fig


def _wrap(text: str, width: int) -> str:
    """Break a label for the chart: by words in English, by characters in Chinese."""
    if " " in text:
        lines, cur = [], ""
        for w in text.split():
            if cur and len(cur) + 1 + len(w) > width:
                lines.append(cur)
                cur = w
            else:
                cur = f"{cur} {w}".strip()
        return "<br>".join(lines + [cur])
    width = max(width * 2 // 3, 6)
    return "<br>".join(text[i:i + width] for i in range(0, len(text), width))


def _timeline(fig: go.Figure, spec: ChartSpec, lang: str, present: bool) -> go.Figure:
    """Milestones left to right in order (not to scale): events filled, plan steps open."""
    pts = spec.points
    xs = list(range(len(pts)))
    fig.add_trace(go.Scatter(x=xs, y=[0] * len(xs), mode="lines", line=dict(color=PALETTE["grey"], width=2),
                             hoverinfo="skip", showlegend=False))
    for style, symbol, color in (("reported", "circle", PALETTE["vermillion"]), ("target", "circle-open", BLUE)):
        chosen = [(i, p) for i, p in enumerate(pts) if p.style == style]
        if not chosen:
            continue
        fig.add_trace(go.Scatter(
            x=[i for i, _ in chosen], y=[0] * len(chosen), mode="markers",
            marker=dict(symbol=symbol, size=22 if present else 18, color=color, line=dict(width=3, color=color)),
            name=spec.legend.get(style, ""), customdata=[[p.category, p.text] for _, p in chosen],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        ))
    width = 18 if present else 22
    for i, p in enumerate(pts):
        up = i % 2 == 0
        fig.add_annotation(x=i, y=0, yshift=26 if up else -26, yanchor="bottom" if up else "top",
                           text=f"<b>{p.category}</b><br>{_wrap(p.text, width)}", showarrow=False, align="center")
    fig.update_xaxes(visible=False, range=[-0.6, len(pts) - 0.4])
    fig.update_yaxes(visible=False, range=[-1, 1])
    fig.update_layout(margin=dict(l=10, r=10, t=50, b=10), hovermode="closest",
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0))
    return fig


def _stages(fig: go.Figure, spec: ChartSpec, lang: str, present: bool) -> go.Figure:
    """The stage scale as columns, one track per row, and a usage column on the right."""
    pts = spec.points
    n, steps = len(pts), len(spec.scale)
    tick = 17 if present else 14
    ys = list(range(n))
    usage_x = steps + 1
    # The full scale, faint, so the distance still to go is visible.
    track_x, track_y = [], []
    for y in ys:
        track_x += [1, steps, None]
        track_y += [y, y, None]
    fig.add_trace(go.Scatter(x=track_x, y=track_y, mode="lines", line=dict(color=tokens.rgba("grey", 0.25), width=10),
                             hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scatter(x=[s for _ in ys for s in range(1, steps + 1)], y=[y for y in ys for _ in range(steps)],
                             mode="markers", marker=dict(color=tokens.rgba("grey", 0.55), size=7), hoverinfo="skip",
                             showlegend=False))
    codes = spec.extra.get("codes", ())
    for code in dict.fromkeys(p.status for p in pts):
        rows = [(y, p) for y, p in zip(ys, pts) if p.status == code]
        colour = STAGE_COLOURS.get(code, BLUE)
        lx, ly = [], []
        for y, p in rows:
            lx += [1, p.value, None]
            ly += [y, y, None]
        fig.add_trace(go.Scatter(x=lx, y=ly, mode="lines", line=dict(color=colour, width=10), hoverinfo="skip",
                                 showlegend=False))
        fig.add_trace(go.Scatter(
            x=[int(p.value) for _, p in rows], y=[y for y, _ in rows], mode="markers",
            name=spec.scale[codes.index(code)] if code in codes else code,
            marker=dict(color=colour, size=18 if present else 16, line=dict(color="white", width=2)),
            hovertext=[p.hover for _, p in rows], hoverinfo="text", showlegend=False,
        ))
    disclosed = spec.extra.get("disclosed", [False] * n)
    fig.add_trace(go.Scatter(
        x=[usage_x] * n, y=ys, mode="text", text=[p.text for p in pts], textposition="middle center",
        textfont=dict(size=tick, color=[BLUE if d else PALETTE["grey"] for d in disclosed]),
        hoverinfo="skip", showlegend=False,
    ))
    fig.update_xaxes(side="top", range=[0.55, usage_x + 0.7], tickvals=list(range(1, usage_x + 1)),
                     ticktext=list(spec.scale) + [f"<b>{spec.extra.get('usage_title', '')}</b>"], showgrid=False,
                     zeroline=False, fixedrange=True, tickfont=dict(size=tick))
    fig.update_yaxes(tickvals=ys, ticktext=[p.category for p in pts], autorange="reversed", showgrid=False,
                     zeroline=False, fixedrange=True, automargin=True, tickfont=dict(size=tick))
    fig.update_layout(margin=dict(l=10, r=10, t=50, b=10), plot_bgcolor="rgba(0,0,0,0)")
    # A faint rule between the stage scale and the usage column.
    fig.add_vline(x=steps + 0.5, line=dict(color=tokens.rgba("grey", 0.5), width=1, dash="dot"))
    return fig


def _stages_phone(fig: go.Figure, spec: ChartSpec, lang: str, present: bool) -> go.Figure:
    """The stage board at a phone's width (about 390 px): each row's name on a line of its own above its track,
    so the names do not squeeze the tracks and the usage column off the screen; the headings broken over lines.
    The same rows, stages, colours and height as _stages."""
    pts = spec.points
    n, steps = len(pts), len(spec.scale)
    tick = 14
    usage_x = steps + 1.25
    track = [y + 0.2 for y in range(n)]  # each track below its row's middle, its name above it, half a row apart
    names = [y - 0.3 for y in range(n)]
    tx, ty = [], []
    for y in track:
        tx += [1, steps, None]
        ty += [y, y, None]
    fig.add_trace(go.Scatter(x=tx, y=ty, mode="lines", line=dict(color=tokens.rgba("grey", 0.25), width=6),
                             hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scatter(x=[s for _ in track for s in range(1, steps + 1)], y=[y for y in track for _ in range(steps)],
                             mode="markers", marker=dict(color=tokens.rgba("grey", 0.55), size=5), hoverinfo="skip",
                             showlegend=False))
    codes = spec.extra.get("codes", ())
    for code in dict.fromkeys(p.status for p in pts):
        rows = [(y, p) for y, p in zip(track, pts) if p.status == code]
        colour = STAGE_COLOURS.get(code, BLUE)
        lx, ly = [], []
        for y, p in rows:
            lx += [1, p.value, None]
            ly += [y, y, None]
        fig.add_trace(go.Scatter(x=lx, y=ly, mode="lines", line=dict(color=colour, width=6), hoverinfo="skip",
                                 showlegend=False))
        fig.add_trace(go.Scatter(
            x=[int(p.value) for _, p in rows], y=[y for y, _ in rows], mode="markers",
            name=spec.scale[codes.index(code)] if code in codes else code,
            marker=dict(color=colour, size=11, line=dict(color="white", width=1.5)),
            hovertext=[p.hover for _, p in rows], hoverinfo="text", showlegend=False,
        ))
    fig.add_trace(go.Scatter(
        x=[0.5] * n, y=names, mode="text", text=[p.category for p in pts], textposition="middle right",
        textfont=dict(size=tick), hoverinfo="skip", showlegend=False,
    ))
    disclosed = spec.extra.get("disclosed", [False] * n)
    fig.add_trace(go.Scatter(
        x=[usage_x] * n, y=track, mode="text", text=[p.text for p in pts], textposition="middle center",
        textfont=dict(size=tick, color=[BLUE if d else PALETTE["grey"] for d in disclosed]),
        hoverinfo="skip", showlegend=False,
    ))
    heads = [_head_lines(x) for x in spec.scale] + [f"<b>{spec.extra.get('usage_title', '')}</b>"]
    fig.update_xaxes(side="top", range=[0.5, usage_x + 0.8], tickvals=list(range(1, steps + 1)) + [usage_x],
                     ticktext=heads, tickangle=0, showgrid=False, zeroline=False, fixedrange=True, tickfont=dict(size=tick))
    fig.update_yaxes(range=[n - 0.45, -0.75], showticklabels=False, showgrid=False, zeroline=False, fixedrange=True)
    fig.update_layout(margin=dict(l=4, r=4, t=50, b=4), plot_bgcolor="rgba(0,0,0,0)")
    fig.add_vline(x=steps + 0.5, line=dict(color=tokens.rgba("grey", 0.5), width=1, dash="dot"))
    return fig


def _head_lines(text: str) -> str:
    """A stage's name as a narrow column's heading: English by words, ten letters to a line; Chinese three
    characters to a line when it has more than four."""
    import textwrap

    if " " in text or text.isascii():
        return "<br>".join(textwrap.wrap(text, 10)) or text
    if len(text) <= 4:
        return text
    return "<br>".join(text[i:i + 3] for i in range(0, len(text), 3))


# On a phone, a row's name goes on a line of its own above its bar (PHONE_NAME_Y above the row's middle, the bar
# PHONE_BAR_Y below it), so long names leave the bars the screen's width.
PHONE_NAME_Y, PHONE_BAR_Y = -0.28, 0.2
PHONE_ROW = 58  # px a row on a phone: its name and its bar


def _phone_rows(fig: go.Figure, names: list[str], lang: str) -> list[float]:
    """Each row's name above where its bar goes, on one line (a name broken to sit beside the bars is joined again),
    left-aligned at the axis's start; the rows' bar positions."""
    n = len(names)
    names = [x.replace("<br>", " " if lang == "en" else "") for x in names]
    fig.add_trace(go.Scatter(x=[0] * n, y=[i + PHONE_NAME_Y for i in range(n)], mode="text", text=names,
                             textposition="middle right", hoverinfo="skip", showlegend=False, cliponaxis=False))
    fig.update_yaxes(range=[n - 0.5, -0.75], showticklabels=False, showgrid=False, zeroline=False, fixedrange=True)
    return [i + PHONE_BAR_Y for i in range(n)]


def _bars_phone(fig: go.Figure, spec: ChartSpec, lang: str, present: bool) -> go.Figure:
    """_bars on a phone: each name above its bar, the bars and the words beside them the screen's width."""
    shown = [p for p in spec.points if p.value is not None]
    ys = dict(zip((p.category for p in shown), _phone_rows(fig, [p.category for p in shown], lang)))
    for style in _styles(shown):
        pts = [p for p in shown if p.style == style]
        fig.add_bar(
            y=[ys[p.category] for p in pts], x=[p.value for p in pts], orientation="h", width=0.42,
            name=spec.legend.get(style, ""), marker=STYLE_MARKER[style], text=[p.text for p in pts],
            textposition="outside", cliponaxis=False, constraintext="none", hovertext=[p.hover for p in pts],
            hoverinfo="text", showlegend=bool(spec.legend),
        )
    top = max((p.value for p in shown), default=1.0)
    fig.update_layout(barmode="overlay", showlegend=bool(spec.legend))
    # Room on the right for the words beside the longest bar: about half the screen's width.
    fig.update_xaxes(title_text=spec.axis, range=[0, top * 2.3], rangemode="tozero", ticksuffix=spec.unit)
    if spec.legend:
        fig.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0), margin=dict(t=56))
    return fig


def _progress_phone(fig: go.Figure, spec: ChartSpec, lang: str, present: bool) -> go.Figure:
    """_progress on a phone: each name above its track with its status at the line's end, so the track has the
    screen's width; words where no value is given on the track's line."""
    ref = spec.reference if spec.reference is not None else 100.0
    pts = list(spec.points)
    ys = _phone_rows(fig, [p.category for p in pts], lang)
    valued = [(y, p) for y, p in zip(ys, pts) if p.value is not None]
    fig.add_bar(y=[y for y, _ in valued], x=[ref] * len(valued), orientation="h", width=0.5,
                marker=dict(color=TRACK), hoverinfo="skip", showlegend=False)

    def colour(v: float) -> str:
        if spec.colour_by_reference:
            return PALETTE["green"] if v >= ref else PALETTE["orange"]
        return BLUE

    fig.add_bar(
        y=[y for y, _ in valued], x=[p.value for _, p in valued], orientation="h", width=0.3,
        marker=dict(color=[colour(p.value) for _, p in valued]), text=[p.text for _, p in valued],
        textposition="outside", cliponaxis=False, constraintext="none", hovertext=[p.hover for _, p in valued],
        hoverinfo="text", showlegend=False,
    )
    top = max([p.value for _, p in valued] + [ref])
    for y, p in zip(ys, pts):
        if p.value is None:
            fig.add_annotation(x=0, y=y, text="● " + (p.status or t("common.app.not_disclosed", lang)),
                               showarrow=False, xanchor="left", xshift=6, font=dict(color=PALETTE["vermillion"]))
        elif p.status:
            fig.add_annotation(x=top * 1.12, y=y + PHONE_NAME_Y - PHONE_BAR_Y, text=p.status, showarrow=False,
                               xanchor="right", font=dict(color=PALETTE["grey"]))
    for a in spec.annotations:
        if a.kind == "line":
            fig.add_vline(x=a.value, line=dict(color=PALETTE["vermillion"], width=2, dash="dash"))
            fig.add_annotation(x=a.value, y=1, yref="paper", yanchor="bottom", text=a.text, showarrow=False,
                               font=dict(color=PALETTE["vermillion"]))
    fig.update_layout(barmode="overlay", showlegend=False, margin=dict(l=10, r=10, t=50 if spec.annotations else 20, b=10))
    fig.update_xaxes(title_text=spec.axis, range=[0, top * 1.12], ticksuffix=spec.unit)
    return fig


PHONE_LINE = 18  # px a line of a phone timeline's words


def _timeline_lines(spec: ChartSpec, lang: str) -> list[tuple[str, str]]:
    """Each milestone's date and words broken to a phone's width."""
    width = 38 if lang == "en" else 30  # _wrap's Chinese width is two thirds of this: 20 characters
    return [(_wrap(p.category, width), _wrap(p.text, width)) for p in spec.points]


def _timeline_blocks(spec: ChartSpec, lang: str) -> list[int]:
    """px each milestone takes on a phone: its lines and a gap."""
    return [(a.count("<br>") + b.count("<br>") + 2) * PHONE_LINE + 16 for a, b in _timeline_lines(spec, lang)]


def _timeline_phone(fig: go.Figure, spec: ChartSpec, lang: str, present: bool) -> go.Figure:
    """_timeline on a phone: the milestones top to bottom along a line at the left, each one's date and words
    beside it, the screen's width."""
    pts = spec.points
    blocks = _timeline_blocks(spec, lang)
    ys, at = [], 0.0
    for b in blocks:
        ys.append(at + b / 2)
        at += b
    fig.add_trace(go.Scatter(x=[0, 0], y=[ys[0], ys[-1]], mode="lines", line=dict(color=PALETTE["grey"], width=2),
                             hoverinfo="skip", showlegend=False))
    for style, symbol, color in (("reported", "circle", PALETTE["vermillion"]), ("target", "circle-open", BLUE)):
        chosen = [(i, p) for i, p in enumerate(pts) if p.style == style]
        if not chosen:
            continue
        fig.add_trace(go.Scatter(
            x=[0] * len(chosen), y=[ys[i] for i, _ in chosen], mode="markers",
            marker=dict(symbol=symbol, size=16, color=color, line=dict(width=3, color=color)),
            name=spec.legend.get(style, ""), customdata=[[p.category, p.text] for _, p in chosen],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        ))
    for y, (date, words) in zip(ys, _timeline_lines(spec, lang)):
        fig.add_annotation(x=0, y=y, xshift=18, xanchor="left", yanchor="middle", align="left", showarrow=False,
                           text=f"<b>{date}</b><br>{words}")
    fig.update_xaxes(visible=False, range=[-0.04, 1])
    fig.update_yaxes(visible=False, range=[at, 0])
    fig.update_layout(margin=dict(l=10, r=10, t=50, b=10), hovermode="closest",
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0))
    return fig


def _funnel(fig: go.Figure, spec: ChartSpec, lang: str, present: bool) -> go.Figure:
    """A year's project stages, widest first (only drawn when the data has counts for two or more)."""
    pts: list[Point] = list(spec.points)
    fig.add_trace(go.Funnel(
        y=[p.category for p in pts], x=[p.value for p in pts], text=[p.text for p in pts], textinfo="text",
        hovertext=[p.hover for p in pts], hoverinfo="text", marker=dict(color=BLUE),
    ))
    fig.update_layout(showlegend=False, margin=dict(l=10, r=10, t=20, b=10))
    return fig


_BUILDERS = {"columns": _columns, "bars": _bars, "progress": _progress, "timeline": _timeline, "stages": _stages,
             "funnel": _funnel, "multiples": _multiples, "stacked": _stacked}
# Kinds drawn differently at a phone's width (plotly_web.js swaps the drawing in below 500 px).
_PHONE_BUILDERS = {"stages": _stages_phone, "multiples": partial(_multiples, phone=True),
                   "columns": partial(_columns, phone=True), "bars": _bars_phone, "progress": _progress_phone,
                   "timeline": _timeline_phone}
