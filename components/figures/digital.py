"""Digital governance: the adoption board (stage per initiative, usage where the data has it)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..data import STAGES
from ..fmt import fmt_value
from ..i18n import pick, t
from . import PALETTE, style_figure

# Which items are initiatives on the board; app categories and goals are shown elsewhere on the page.
BOARD_GROUPS = ("service_app", "terminal", "gov_programme", "gov_platform", "gov_domain")
# Groups whose names only make sense with what they are a part of ("数据" -> "管理领域 · 数据").
PREFIXED_GROUPS = ("gov_platform", "gov_domain")
USAGE_UNITS = ("users", "transactions")
STAGE_COLOURS = {
    "planned": PALETTE["grey"],
    "building": PALETTE["orange"],
    "piloting": PALETTE["sky"],
    "in_service": PALETTE["green"],
}


def usage_rows(indicators: pd.DataFrame) -> pd.DataFrame:
    """Adoption figures: digital indicators counted in users or transactions and tied to an item."""
    ind = indicators
    mask = (ind["topic"] == "digital") & ind["unit"].isin(USAGE_UNITS) & (ind["item"] != "")
    return ind[mask]


def initiative_label(row: dict, lang: str) -> str:
    name = pick(row, "name", lang)
    if row["group"] in PREFIXED_GROUPS:
        return f"{t('digital.group.' + row['group'], lang)} · {name}"
    return name


def board_rows(items: pd.DataFrame, indicators: pd.DataFrame | None, lang: str) -> pd.DataFrame:
    """One row per initiative, most advanced first: label, stage, step 1-4 and its usage figures.

    indicators may be None (file broken): usage then reads as not disclosed, which is still true of
    what the page can show.
    """
    board = items[(items["topic"] == "digital") & items["group"].isin(BOARD_GROUPS) & items["status"].isin(STAGES)]
    usage = usage_rows(indicators) if indicators is not None else None
    out = []
    for order, r in enumerate(board.to_dict("records")):
        figures = [] if usage is None else usage[usage["item"] == r["id"]].to_dict("records")
        out.append({
            "id": r["id"],
            "order": order,
            "label": initiative_label(r, lang),
            "stage": r["status"],
            "step": STAGES.index(r["status"]) + 1,
            "stage_label": t("common.status." + r["status"], lang),
            "usage": figures,
            "usage_text": " · ".join(fmt_value(u["value"], u["unit"], lang) for u in figures)
            or t("common.app.not_disclosed", lang),
            "section": r["section"],
            "anchor": r["anchor"],
            "note": pick(r, "note", lang),
        })
    df = pd.DataFrame(out, columns=[
        "id", "order", "label", "stage", "step", "stage_label", "usage", "usage_text", "section", "anchor", "note",
    ])
    return df.sort_values(["step", "order"], ascending=[False, True], kind="stable").reset_index(drop=True)


def board_height(n_rows: int, present: bool) -> int:
    return 70 + n_rows * (31 if present else 30)


def build_board(board: pd.DataFrame, lang: str, present: bool = False, source_lines: list[str] | None = None) -> go.Figure:
    """The stage scale as columns, one track per initiative, and a usage column on the right.

    source_lines: one hover line per board row citing the article (same order as board).
    """
    n = len(board)
    tick = 17 if present else 14
    ys = list(range(n))
    usage_x = len(STAGES) + 1
    fig = go.Figure()
    # The full scale, faint, so the distance still to go is visible.
    track_x, track_y = [], []
    for y in ys:
        track_x += [1, len(STAGES), None]
        track_y += [y, y, None]
    fig.add_trace(go.Scatter(
        x=track_x, y=track_y, mode="lines", line=dict(color="rgba(140,140,140,0.25)", width=10),
        hoverinfo="skip", showlegend=False,
    ))
    fig.add_trace(go.Scatter(
        x=[s for _ in ys for s in range(1, len(STAGES) + 1)], y=[y for y in ys for _ in STAGES],
        mode="markers", marker=dict(color="rgba(140,140,140,0.55)", size=7),
        hoverinfo="skip", showlegend=False,
    ))
    stage_word = t("digital.board.hover_stage", lang)
    usage_word = t("digital.board.hover_usage", lang)
    for stage in STAGES:
        rows = board[board["stage"] == stage]
        if rows.empty:
            continue
        colour = STAGE_COLOURS[stage]
        lx, ly = [], []
        for r in rows.itertuples():
            lx += [1, r.step, None]
            ly += [r.Index, r.Index, None]
        fig.add_trace(go.Scatter(
            x=lx, y=ly, mode="lines", line=dict(color=colour, width=10), hoverinfo="skip", showlegend=False,
        ))
        hover = []
        for r in rows.itertuples():
            src = source_lines[r.Index] if source_lines else r.anchor
            hover.append(f"<b>{r.label}</b><br>{stage_word}: {r.stage_label}<br>{usage_word}: {r.usage_text}<br>{src}")
        fig.add_trace(go.Scatter(
            x=[int(v) for v in rows["step"]], y=[int(v) for v in rows.index], mode="markers", name=t("common.status." + stage, lang),
            marker=dict(color=colour, size=18 if present else 16, line=dict(color="white", width=2)),
            hovertext=hover, hoverinfo="text", showlegend=False,
        ))
    disclosed = board["usage"].map(bool)
    fig.add_trace(go.Scatter(
        x=[usage_x] * n, y=ys, mode="text", text=list(board["usage_text"]), textposition="middle center",
        textfont=dict(size=tick, color=[PALETTE["blue"] if d else PALETTE["grey"] for d in disclosed]),
        hoverinfo="skip", showlegend=False,
    ))
    stage_names = [t("common.status." + s, lang) for s in STAGES]
    fig.update_xaxes(
        side="top", range=[0.55, usage_x + 0.7], tickvals=list(range(1, usage_x + 1)),
        ticktext=stage_names + [f"<b>{t('digital.board.usage_col', lang)}</b>"],
        showgrid=False, zeroline=False, fixedrange=True, tickfont=dict(size=tick),
    )
    fig.update_yaxes(
        tickvals=ys, ticktext=list(board["label"]), autorange="reversed", showgrid=False, zeroline=False,
        fixedrange=True, automargin=True, tickfont=dict(size=tick),
    )
    style_figure(fig, present, height=board_height(n, present))
    fig.update_layout(margin=dict(l=10, r=10, t=50, b=10), plot_bgcolor="rgba(0,0,0,0)")
    # A faint rule between the stage scale and the usage column.
    fig.add_vline(x=len(STAGES) + 0.5, line=dict(color="rgba(140,140,140,0.4)", width=1, dash="dot"))
    return fig


def board_table(board: pd.DataFrame, lang: str, section_names: dict[str, str]) -> pd.DataFrame:
    """The board as a table: initiative, stage, step, usage and where in the article each is read."""
    def col(k: str) -> str:
        return t(k, lang)

    return pd.DataFrame({
        col("digital.col.initiative"): board["label"],
        col("digital.col.stage"): board["stage_label"],
        col("digital.col.stage_step"): board["step"],
        col("digital.col.usage"): board["usage_text"],
        col("common.col.note"): board["note"],
        col("common.col.section"): board["section"].map(lambda s: section_names.get(s, s)),
        col("common.col.anchor"): board["anchor"],
    })
