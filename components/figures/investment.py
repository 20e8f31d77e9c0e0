"""Investment page figures: project tiers side by side, plan completion, investment growth; pure builders."""

from __future__ import annotations

import calendar
import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from ..fmt import fmt_number, fmt_value
from ..i18n import pick, t
from . import PALETTE, style_figure

KIND_COLOUR = {"plan": PALETTE["sky"], "target": PALETTE["sky"], "reported": PALETTE["blue"], "derived": PALETTE["grey"]}


def _s(key: str, lang: str, **fmt) -> str:
    return t(f"investment.fig.{key}", lang, **fmt)


def _label(row: dict, lang: str, width: int = 26) -> str:
    """A tier's name for an axis: long English names broken over lines so the plot keeps its width."""
    return "<br>".join(textwrap.wrap(pick(row, "name", lang), width)) if lang == "en" else pick(row, "name", lang)


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def tier_frame(indicators: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """One row per project tier (items of group project_tier, in file order) with the figures linked to it.

    Columns: id, name_zh, name_en, status, period, kind, projects, completion, investment and the ids of
    the indicator rows they came from (projects_id, completion_id, investment_id; '' when absent).
    """
    rows = []
    for tier in items[items["group"] == "project_tier"].to_dict("records"):
        linked = indicators[indicators["item"] == tier["id"]]
        rec = {k: tier[k] for k in ("id", "name_zh", "name_en", "status")}
        rec.update(period="", kind="")
        for col, unit in (("projects", "projects"), ("completion", "percent"), ("investment", "yi_yuan")):
            hit = linked[linked["unit"] == unit]
            first = hit.iloc[0] if len(hit) else None
            rec[col] = float(first["value"]) if first is not None else float("nan")
            rec[f"{col}_id"] = first["id"] if first is not None else ""
            if first is not None and not rec["period"]:
                rec["period"], rec["kind"] = first["period"], first["kind"]
        rows.append(rec)
    return pd.DataFrame(rows, columns=[
        "id", "name_zh", "name_en", "status", "period", "kind", "projects", "completion", "investment",
        "projects_id", "completion_id", "investment_id",
    ])


def tier_detail(row: dict, lang: str) -> str:
    """What the article says a tier achieved (or plans), in one short phrase."""
    if not _missing(row["investment"]):
        return _s("detail_investment", lang, value=fmt_value(row["investment"], "yi_yuan", lang))
    if not _missing(row["completion"]):
        return _s("detail_completion", lang, value=fmt_value(row["completion"], "percent", lang))
    if row["status"]:
        return t(f"common.status.{row['status']}", lang)
    return t("common.app.not_disclosed", lang)


def build_pipeline(tiers: pd.DataFrame, lang: str, present: bool = False) -> go.Figure:
    """Every tier as its own bar from zero: the tiers are reported separately, so no funnel, no rates."""
    tiers = tiers[tiers["projects"].notna()]
    fig = go.Figure()
    for kind, legend_key in (("plan", "legend_plan"), ("reported", "legend_reported")):
        part = tiers[tiers["kind"] == kind]
        if part.empty:
            continue
        recs = part.to_dict("records")
        names = [_label(r, lang) for r in recs]
        details = [tier_detail(r, lang) for r in recs]
        counts = [fmt_value(r["projects"], "projects", lang) for r in recs]
        fig.add_bar(
            y=names, x=part["projects"].tolist(), orientation="h", name=_s(legend_key, lang),
            marker=dict(color=KIND_COLOUR[kind], pattern=dict(shape="/" if kind == "plan" else "")),
            text=[f"{fmt_number(r['projects'], 'projects', lang)[0]} · {d}" for r, d in zip(recs, details)],
            textposition="outside", cliponaxis=False, constraintext="none",
            customdata=list(zip(counts, details, [t(f"common.period.{r['period']}", lang) for r in recs])),
            hovertemplate="<b>%{y}</b><br>%{customdata[0]} · %{customdata[1]}<br>%{customdata[2]}<extra></extra>",
        )
    top = float(tiers["projects"].max()) if len(tiers) else 1.0
    fig.update_layout(barmode="relative", bargap=0.35, showlegend=True)
    # Room on the right for the labels that sit outside the longest bar.
    fig.update_xaxes(title_text=_s("axis_projects", lang), range=[0, top * 1.6], rangemode="tozero")
    fig.update_yaxes(autorange="reversed", categoryorder="array",
                     categoryarray=[_label(r, lang) for r in tiers.to_dict("records")])
    return style_figure(fig, present, height=(440 if present else 380))


def build_completion(tiers: pd.DataFrame, lang: str, present: bool = False) -> go.Figure:
    """Bullet-style: each tier's completion over a band that ends at its plan (100 %), the line at 100."""
    tiers = tiers[tiers["completion"].notna()]
    recs = tiers.to_dict("records")
    names = [_label(r, lang, 20) for r in recs]
    values = [float(r["completion"]) for r in recs]
    fig = go.Figure()
    fig.add_bar(
        y=names, x=[100] * len(names), orientation="h", width=0.75, name=_s("plan_band", lang),
        marker=dict(color="rgba(140,140,140,0.25)"), hoverinfo="skip",
    )
    fig.add_bar(
        y=names, x=values, orientation="h", width=0.35, name=_s("completed", lang),
        marker=dict(color=[PALETTE["green"] if v >= 100 else PALETTE["orange"] for v in values]),
        text=[fmt_value(v, "percent", lang) for v in values], textposition="outside", cliponaxis=False,
        constraintext="none",
        hovertemplate="<b>%{y}</b><br>" + _s("completed", lang) + ": %{x}%<extra></extra>",
    )
    fig.add_vline(x=100, line=dict(color=PALETTE["vermillion"], width=2, dash="dash"))
    fig.add_annotation(x=100, y=1, yref="paper", yanchor="bottom", text=_s("plan_line", lang), showarrow=False,
                       font=dict(color=PALETTE["vermillion"]))
    top = max(values + [100.0])
    fig.update_layout(barmode="overlay", showlegend=False, margin=dict(t=50))
    fig.update_xaxes(title_text=_s("axis_completion", lang), range=[0, top * 1.2], ticksuffix="%")
    fig.update_yaxes(autorange="reversed")
    return style_figure(fig, present, height=(330 if present else 280))


def build_fai_growth(zhenhai: dict, city: dict, lead: dict, lang: str, present: bool = False) -> go.Figure:
    """Zhenhai's growth next to the city average it implies, with the lead drawn between the two tops."""
    recs = [zhenhai, city]
    names = [_s("fai_zhenhai", lang), _s("fai_city", lang)]
    values = [float(r["value"]) for r in recs]
    derived = [r["kind"] == "derived" for r in recs]
    labels = [("≈ " if d else "") + fmt_value(v, "percent", lang) + (f" ({t('common.ui.derived_mark', lang)})" if d else "")
              for v, d in zip(values, derived)]
    fig = go.Figure()
    fig.add_bar(
        x=names, y=values, width=0.5,
        marker=dict(color=[KIND_COLOUR[r["kind"]] for r in recs],
                    pattern=dict(shape=["/" if d else "" for d in derived])),
        text=labels, textposition="outside", cliponaxis=False, constraintext="none",
        customdata=[t(f"common.kind.{r['kind']}", lang) + (" · " + r["formula"] if r["kind"] == "derived" else "")
                    for r in recs],
        hovertemplate="<b>%{x}</b>: %{y}%<br>%{customdata}<extra></extra>",
    )
    hi, lo = values
    # The gap: a dotted level from Zhenhai's bar across to the city bar, and a bracket down to its top.
    fig.add_shape(type="line", x0=0.25, x1=1.32, y0=hi, y1=hi, line=dict(color=PALETTE["grey"], dash="dot"))
    fig.add_shape(type="line", x0=1.32, x1=1.32, y0=lo, y1=hi, line=dict(color=PALETTE["vermillion"], width=3))
    num, unit = fmt_number(float(lead["value"]), "pp", lang)
    fig.add_annotation(
        x=1.36, y=(hi + lo) / 2, xanchor="left", align="left", showarrow=False, font=dict(color=PALETTE["vermillion"]),
        text=_s("fai_lead", lang, value=num, unit=unit),
    )
    fig.update_layout(showlegend=False)
    fig.update_xaxes(range=[-0.5, 2.4])
    fig.update_yaxes(title_text=_s("axis_growth", lang), ticksuffix="%", range=[0, max(values) * 1.3], rangemode="tozero")
    return style_figure(fig, present, height=(340 if present else 300))


def fmt_milestone(row: dict, lang: str) -> str:
    """A milestone's date at the precision the article gives: year and month, day; a described date by its year."""
    parts = str(row["date"]).split("-")
    if row["precision"] in ("year", "described"):
        return t("investment.date.year", lang, year=parts[0])
    month = int(parts[1]) if lang == "zh" else calendar.month_abbr[int(parts[1])]
    if row["precision"] == "month":
        return t("investment.date.month", lang, year=parts[0], month=month)
    return t("investment.date.day", lang, year=parts[0], month=month, day=int(parts[2]))
