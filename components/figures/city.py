"""City-quality figures: the milestone timeline and the Xiepu link's progress by section."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..fmt import fmt_date
from ..i18n import pick, t
from . import PALETTE, style_figure

TIMELINE_MILESTONES = ("ms_line2_open", "ms_bridge_open", "ms_1618_launch")
STEP_IDS = ("city_1618_step1", "city_1618_step2", "city_1618_step3")
XIEPU_LINK = "city_xiepu_link"


def timeline_rows(milestones: pd.DataFrame, indicators: pd.DataFrame | None, lang: str) -> list[dict]:
    """The events in date order, then the 1618 plan's steps, counted in years from the launch."""
    rows = []
    ms = milestones[milestones["id"].isin(TIMELINE_MILESTONES)].sort_values("date")
    for r in ms.to_dict("records"):
        rows.append({"id": r["id"], "when": fmt_date(r, lang), "label": pick(r, "label", lang), "kind": "event",
                     "row": r})
    if indicators is not None:
        for sid in STEP_IDS:
            hit = indicators[indicators["id"] == sid]
            if len(hit):
                r = hit.iloc[0].to_dict()
                rows.append({"id": sid, "when": t("city.timeline.after_launch", lang, n=f"{r['value']:g}"),
                             "label": pick(r, "label", lang), "kind": "target", "row": r})
    return rows


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


def build_timeline(rows: list[dict], lang: str, present: bool = False) -> go.Figure:
    """Milestones left to right in order (not to scale): events filled, plan steps open."""
    fig = go.Figure()
    xs = list(range(len(rows)))
    fig.add_trace(go.Scatter(x=xs, y=[0] * len(xs), mode="lines", line=dict(color=PALETTE["grey"], width=2),
                             hoverinfo="skip", showlegend=False))
    for kind, symbol, color in (("event", "circle", PALETTE["vermillion"]), ("target", "circle-open", PALETTE["blue"])):
        pick_rows = [(i, r) for i, r in enumerate(rows) if r["kind"] == kind]
        if not pick_rows:
            continue
        fig.add_trace(go.Scatter(
            x=[i for i, _ in pick_rows], y=[0] * len(pick_rows), mode="markers",
            marker=dict(symbol=symbol, size=22 if present else 18, color=color, line=dict(width=3, color=color)),
            name=t(f"city.timeline.{kind}", lang),
            customdata=[[r["when"], r["label"]] for _, r in pick_rows],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        ))
    width = 18 if present else 22
    for i, r in enumerate(rows):
        up = i % 2 == 0
        fig.add_annotation(x=i, y=0, yshift=26 if up else -26, yanchor="bottom" if up else "top",
                           text=f"<b>{r['when']}</b><br>{_wrap(r['label'], width)}", showarrow=False,
                           align="center")
    fig.update_xaxes(visible=False, range=[-0.6, len(rows) - 0.4])
    fig.update_yaxes(visible=False, range=[-1, 1])
    style_figure(fig, present, height=380 if present else 330)
    fig.update_layout(margin=dict(l=10, r=10, t=50, b=10), hovermode="closest")
    return fig


def timeline_table(rows: list[dict], lang: str, source) -> pd.DataFrame:
    return pd.DataFrame([{
        t("common.col.date", lang): r["when"], t("common.col.label", lang): r["label"],
        t("common.col.kind", lang): t(f"city.timeline.{r['kind']}", lang),
        t("common.col.anchor", lang): r["row"]["anchor"], t("common.source.label", lang): source(r["row"]),
    } for r in rows])


def xiepu_rows(items: pd.DataFrame, indicators: pd.DataFrame | None) -> list[dict]:
    """The link's sections in the article's order; a share done only where the article gives one."""
    secs = items[(items["parent"] == XIEPU_LINK) & (items["group"] == "road_section")]
    out = []
    for r in secs.to_dict("records"):
        share = None
        if indicators is not None:
            hit = indicators[(indicators["item"] == r["id"]) & (indicators["unit"] == "share")]
            if len(hit):
                share = hit.iloc[0].to_dict()
        out.append({"item": r, "share": share})
    return out


def build_xiepu_progress(rows: list[dict], lang: str, present: bool = False) -> go.Figure:
    """Bars for the sections with a reported share of works done; the status in words for the rest."""
    names = [pick(r["item"], "name", lang) for r in rows]
    fig = go.Figure()
    # Every section gets its row, also those with no bar (status only).
    fig.add_trace(go.Scatter(y=names, x=[0] * len(names), mode="markers", marker=dict(opacity=0),
                             hoverinfo="skip", showlegend=False))
    numeric = [(n, r) for n, r in zip(names, rows) if r["share"] is not None]
    track_x = [100] * len(numeric)  # the scale's end, 100 %, drawn as the empty track behind each bar
    fig.add_trace(go.Bar(y=[n for n, _ in numeric], x=track_x, orientation="h", marker_color="rgba(140,140,140,0.18)",
                         hoverinfo="skip", showlegend=False, width=0.55))
    fig.add_trace(go.Bar(
        y=[n for n, _ in numeric], x=[r["share"]["value"] for _, r in numeric], orientation="h",
        marker_color=PALETTE["blue"], width=0.55, name=t("city.xiepu.share", lang),
        text=[f"{r['share']['value']:g}%" for _, r in numeric], textposition="inside", insidetextanchor="end",
        textfont=dict(color="white"),
        hovertemplate="%{y}: %{x:g}%<extra></extra>",
    ))
    for n, r in zip(names, rows):
        status = t(f"common.status.{r['item']['status']}", lang) if r["item"]["status"] else ""
        if r["share"] is None:
            text = "● " + t("city.xiepu.status_only", lang, status=status)
            x = 0
        else:
            text = status
            x = 100
        fig.add_annotation(x=x, y=n, text=text, showarrow=False, xanchor="left", xshift=6,
                           font=dict(color=PALETTE["vermillion"] if r["share"] is None else PALETTE["grey"]))
    fig.update_layout(barmode="overlay")
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(names)), title=None)
    fig.update_xaxes(range=[0, 135], tickvals=[0, 25, 50, 75, 100], ticksuffix="%",
                     title=t("city.xiepu.axis", lang))
    style_figure(fig, present, height=360 if present else 320)
    fig.update_layout(showlegend=False, margin=dict(l=10, r=10, t=20, b=10))
    return fig


def xiepu_table(rows: list[dict], lang: str, source) -> pd.DataFrame:
    nd = t("common.app.not_disclosed", lang)
    return pd.DataFrame([{
        t("city.xiepu.col_section", lang): pick(r["item"], "name", lang),
        t("common.col.status", lang): t(f"common.status.{r['item']['status']}", lang) if r["item"]["status"] else "",
        t("city.xiepu.share", lang): f"{r['share']['value']:g}%" if r["share"] is not None else nd,
        t("common.col.anchor", lang): (r["share"] or r["item"])["anchor"],
        t("common.source.label", lang): source(r["share"] or r["item"]),
    } for r in rows])
