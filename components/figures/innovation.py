"""Figures and tables of the innovation page: high-tech growth chart and the platforms board (pure)."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from ..data import by_id
from ..fmt import fmt_date, fmt_value
from ..i18n import pick, t
from . import PALETTE, style_figure

# The growth chart's inputs: the reported 2020 count and growth, and the rows derived from them.
GROWTH_IDS = {
    "after": "inn_hightech_2020",
    "growth": "inn_hightech_growth_2020",
    "before": "inn_hightech_2019_est",
    "added": "inn_hightech_added_est",
}
BOARD_GROUPS = ("lab", "institute", "park", "planned_platform")
# Where each status puts a platform on the board; unknown statuses fall into "next" rather than vanish.
STAGE_OF = {"landed": "in_place", "in_use": "in_place", "advancing": "building", "planned": "next",
            "laying_out": "next"}
STAGES = ("in_place", "building", "next")


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def missing_growth_ids(indicators: pd.DataFrame) -> list[str]:
    return [i for i in GROWTH_IDS.values() if i not in set(indicators["id"])]


def _num(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def fill_formula(formula: str, values: dict[str, float]) -> str:
    """The formula with each indicator id replaced by its value, written for people (÷ ×)."""
    out = re.sub(r"\b[a-z][a-z0-9_]*\b", lambda m: f"{values[m.group(0)]:g}" if m.group(0) in values else m.group(0),
                 formula)
    return out.replace(" / ", " ÷ ").replace(" * ", " × ")


def _unrounded(formula: str, values: dict[str, float]) -> float:
    """What the formula gives before its outer round(), so a reader sees what was rounded."""
    from ..data import evaluate_formula

    inner = re.fullmatch(r"round\((.*)\)", formula.strip())
    return evaluate_formula(inner.group(1) if inner else formula, values)


def build_growth(indicators: pd.DataFrame, lang: str, present: bool = False) -> go.Figure:
    """Two bars: the derived earlier year (hatched, pale, labelled) next to the reported year (solid)."""
    rows = by_id(indicators)
    values = {r["id"]: r["value"] for r in rows.values()}
    after, growth, before = (rows[GROWTH_IDS[k]] for k in ("after", "growth", "before"))
    x_before = t("innovation.growth.x_derived", lang, year=before["period"])
    x_after = t("innovation.growth.x_reported", lang, year=after["period"])
    hover_before = t(
        "innovation.growth.hover_derived", lang, label=pick(before, "label", lang),
        value=fmt_value(before["value"], before["unit"], lang), formula=before["formula"],
        filled=fill_formula(before["formula"], values), exact=f"{_unrounded(before['formula'], values):.2f}",
    )
    hover_after = t(
        "innovation.growth.hover_reported", lang, label=pick(after, "label", lang),
        value=fmt_value(after["value"], after["unit"], lang), growth=f"{growth['value']:g}",
    )
    blue = PALETTE["blue"]
    fig = go.Figure()
    fig.add_bar(
        name=t("innovation.growth.legend_derived", lang, year=after["period"]), x=[x_before], y=[before["value"]],
        marker=dict(color=_rgba(blue, 0.22), line=dict(color=blue, width=2),
                    pattern=dict(shape="/", fgcolor=blue, size=10, solidity=0.25)),
        text=[t("innovation.growth.bar_derived", lang, value=_num(before["value"]))],
        textposition="outside", hovertext=[hover_before], hoverinfo="text",
    )
    fig.add_bar(
        name=t("innovation.growth.legend_reported", lang), x=[x_after], y=[after["value"]],
        marker=dict(color=blue, line=dict(color=blue, width=2)),
        text=[_num(after["value"])], textposition="outside", hovertext=[hover_after], hoverinfo="text",
    )
    top = max(before["value"], after["value"])
    # The reported growth rate on an arrow between the two bars' tops (bars span ±0.25 around 0 and 1).
    fig.add_annotation(x=0.78, y=after["value"], ax=0.22, ay=before["value"], xref="x", yref="y",
                       axref="x", ayref="y", showarrow=True, arrowhead=3, arrowsize=1.3, arrowwidth=2,
                       arrowcolor=PALETTE["vermillion"], text="")
    fig.add_annotation(x=0.4, y=(before["value"] + after["value"]) / 2, yshift=20, yanchor="bottom",
                       xref="x", yref="y",
                       showarrow=False, text=t("innovation.growth.arrow", lang, growth=f"{growth['value']:g}"),
                       font=dict(color=PALETTE["vermillion"]))
    fig.update_layout(barmode="overlay", bargap=0.5, showlegend=True, hovermode="closest")
    fig.update_yaxes(title=t("innovation.growth.axis", lang), range=[0, top * 1.25], rangemode="tozero")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=[x_before, x_after])
    style_figure(fig, present, height=330 if present else 380)
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.14, x=0), margin=dict(t=20, b=10))
    return fig


def growth_rows(indicators: pd.DataFrame) -> list[dict]:
    """The rows behind the growth chart, in reading order."""
    rows = by_id(indicators)
    return [rows[GROWTH_IDS[k]] for k in ("before", "after", "growth", "added") if GROWTH_IDS[k] in rows]


def board_rows(items: pd.DataFrame, milestones: pd.DataFrame | None, lang: str) -> list[dict]:
    """The innovation platforms with their stage, the article's status word and any dated milestone."""
    inn = items[(items["topic"] == "innovation") & items["group"].isin(BOARD_GROUPS)]
    order = {g: i for i, g in enumerate(BOARD_GROUPS)}
    inn = inn.assign(_order=inn["group"].map(order)).sort_values(["_order", "_line"])
    events: dict[str, list[dict]] = {}
    if milestones is not None:
        for m in milestones.sort_values("date").to_dict("records"):
            if m["item"]:
                events.setdefault(m["item"], []).append(m)
    out = []
    for r in inn.to_dict("records"):
        status = r["status"]
        ms = [
            t("innovation.board.milestone", lang, date=fmt_date(m, lang), label=pick(m, "label", lang))
            for m in events.get(r["id"], [])
        ]
        out.append({
            **r,
            "stage": STAGE_OF.get(status, "next"),
            "status_text": t(f"innovation.status.{status}", lang) if status in STAGE_OF else status,
            "milestones": ms,
            "milestone_rows": events.get(r["id"], []),
        })
    return out
