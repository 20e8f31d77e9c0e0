"""Series over time: every period of a series as columns (a period with no row left as a gap and said so), and
the small multiples that put each series a section shows over time beside its figures."""

from __future__ import annotations

import ast

from .. import data
from ..fmt import fmt_value
from .base import Ctx, formula_words, kind_text, num, period_label, source_short, value_text
from .model import Annotation, ChartSpec, Point

# Period forms that belong to one year (the rest, ranges and on_completion, have no place between years).
YEAR_FORMS = ("year", "now", "plan")


def _unrounded(row: dict, values: dict[str, float]) -> float:
    """What a derived figure's formula gives before its outer round(), so a reader sees what was rounded."""
    tree = ast.parse(row["formula"], mode="eval").body
    if isinstance(tree, ast.Call) and getattr(tree.func, "id", "") == "round" and tree.args:
        return data.evaluate_formula(ast.unparse(tree.args[0]), values)
    return row["value"]


def gap_years(rows: list[dict]) -> list[int]:
    """The years between the series' first and last year that have no row at all (of any kind)."""
    years = {p.start for r in rows if (p := data.parse_period(r["period"])) and p.form in YEAR_FORMS}
    if len(years) < 2:
        return []
    return [y for y in range(min(years), max(years) + 1) if y not in years]


def _wrapped(name: str, lang: str) -> str:
    """A source's short name broken over lines for an axis label (so labels sit level, none turned)."""
    import textwrap

    width = 7 if lang == "zh" else 13
    return "<br>".join(textwrap.wrap(name, width)) if lang == "en" else \
        "<br>".join(name[i:i + width] for i in range(0, len(name), width))


def _point(ctx: Ctx, r: dict, rate: dict | None, sourced: bool = True) -> Point:
    period, kind = period_label(r["period"], ctx.lang), r["kind"]
    value = fmt_value(r["value"], r["unit"], ctx.lang)
    hover = f"<b>{ctx.pick(r, 'label')}</b><br>{period} · {kind_text(ctx, r)}: " + ("≈ " if kind == "derived" else "") + value
    if kind == "derived" and r.get("formula"):
        hover += "<br>" + ctx.t("common.series.hover_formula", formula=formula_words(r, ctx.ind, ctx.lang),
                               exact=f"{_unrounded(r, ctx.values):.2f}")
    if rate is not None:
        hover += "<br>" + ctx.t("common.series.hover_rate", rate=value_text(rate, ctx.lang),
                               source=source_short(ctx, rate, dated=False))
    text = num(r["value"]) if kind == "reported" else ctx.t(f"common.series.bar_{kind}", value=num(r["value"]))
    category = ctx.t("common.series.x_reported", period=period, source=_wrapped(source_short(ctx, r, dated=False), ctx.lang)) \
        if kind == "reported" and sourced else period if kind == "reported" else ctx.t(f"common.series.x_{kind}", period=period)
    return Point(category, r["value"], kind, text, hover)


def series_points(ctx: Ctx, rows: list[dict], rates: dict[str, dict] | None = None,
                  sourced: bool = True) -> list[tuple[Point, dict | None]]:
    """The series' points in time order with (point, row); a year with no row between the first and the last is
    a gap point (no value, its words say it was not entered), placed where that year's result would stand."""
    rates = rates or {}
    keyed = [(data.period_sort_key(r["period"]), _point(ctx, r, rates.get(r["period"]), sourced), r) for r in rows]
    for y in gap_years(rows):
        label = period_label(str(y), ctx.lang)
        gap = Point(label, None, "gap", ctx.t("common.series.gap"), ctx.t("common.series.gap_hover", period=label))
        keyed.append((data.period_sort_key(str(y)), gap, None))
    return [(p, r) for _, p, r in sorted(keyed, key=lambda k: k[0])]


def series_chart(ctx: Ctx, series_id: str, name: str, axis: str, rate_series: str = "", title: str = "",
                 sourced: bool = True) -> ChartSpec | None:
    """Every period of a series as columns, in time order: reported solid, derived hatched (its formula in
    words on hover), plans and targets hatched in the lighter colour, a year with no row a gap. Where the data
    gives the growth rate of a reported year (a row of `rate_series` for that period) and the year before is
    on the chart, it is drawn as an arrow from the year before. sourced: a reported bar's category names its
    source under the period (a small chart of several leaves it to the tooltip)."""
    if "indicators" not in ctx.tables:
        return None
    rows = data.series_rows(ctx.tables["indicators"], series_id)
    if not rows:
        return None
    rates = {r["period"]: r for r in data.series_rows(ctx.tables["indicators"], rate_series)} if rate_series else {}
    pairs = series_points(ctx, rows, rates, sourced)
    points = tuple(p for p, _ in pairs)
    annotations = []
    for i, (_, r) in enumerate(pairs):
        if i and r is not None and r["kind"] == "reported" and r["period"] in rates and pairs[i - 1][0].style != "gap":
            rate = rates[r["period"]]
            annotations.append(Annotation("change", ctx.t("common.series.arrow", rate=f"{rate['value']:+g}%",
                                                          source=source_short(ctx, rate, dated=False)), i - 1, i))
    legend = {style: ctx.t(f"common.series.legend_{style}") for style in dict.fromkeys(p.style for p in points)
              if style != "gap"}
    return ChartSpec("columns", name, points, axis=axis, legend=legend, annotations=tuple(annotations),
                     title=title, series=series_id)


def gap_note(ctx: Ctx, series_id: str) -> str:
    """"高新技术企业：2021年、2022年未录入", or "" when the series has no gap."""
    rows = data.series_rows(ctx.tables["indicators"], series_id) if "indicators" in ctx.tables else []
    gaps = gap_years(rows)
    if not gaps:
        return ""
    periods = ctx.t("common.ui.list_sep").join(period_label(str(y), ctx.lang) for y in gaps)
    return ctx.t("common.series.gaps", measure=ctx.series_label(series_id, rows), periods=periods)


def trend_takeaway(ctx: Ctx, spec: ChartSpec) -> str:
    """Each series of a section's time charts from its first figure to its latest, in words: "高新技术企业：
    2019年约154家，2024年592家" (plans and targets named as such by their period)."""
    parts = []
    for panel in spec.panels:
        rows = data.series_rows(ctx.tables["indicators"], panel.series)
        if len(rows) < 2:
            continue
        first, last = rows[0], rows[-1]
        parts.append(ctx.t("common.series.trend_line", measure=ctx.series_label(panel.series, rows),
                           first_period=period_label(first["period"], ctx.lang), first=value_text(first, ctx.lang),
                           last_period=period_label(last["period"], ctx.lang), last=value_text(last, ctx.lang)))
    return ctx.t("common.series.trend_sep").join(parts) + (ctx.t("common.series.trend_end") if parts else "")


def trend_spec(ctx: Ctx, rows, name: str, skip: set[str] = frozenset()) -> tuple[ChartSpec | None, tuple[str, ...]]:
    """Small multiples of every series among the rows that the data holds more than one period of (a section's
    figures over time), leaving out the series in `skip` (already drawn over time); and a note per series that
    has a gap. (None, ()) when there is none."""
    if "indicators" not in ctx.tables:
        return None, ()
    ind = ctx.tables["indicators"]
    series = [s for s in dict.fromkeys(r.get("series") for r in rows if r and r.get("series")) if s not in skip]
    panels, notes = [], []
    for sid in series:
        srows = data.series_rows(ind, sid)
        if len({r["period"] for r in srows}) < 2:
            continue
        unit = ctx.t(f"common.unit.{srows[-1]['unit']}")  # the bars' numbers are in the data's own unit
        name_ = ctx.series_label(sid, srows)
        title = name_ + (f"（{unit}）" if ctx.lang == "zh" and unit else f" ({unit})" if unit else "")
        spec = series_chart(ctx, sid, f"{name}_{sid}", "", title=title, sourced=False)
        if spec is not None:
            panels.append(spec)
            note = gap_note(ctx, sid)
            if note:
                notes.append(note)
    if not panels:
        return None, ()
    legend = {}
    for p in panels:
        legend.update(p.legend)
    return ChartSpec("multiples", name, (), legend=legend, panels=tuple(panels),
                     title=ctx.t("common.series.trends_title")), tuple(notes)
