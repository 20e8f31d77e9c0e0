"""Shared look for every Plotly figure: palette, fonts, layout; pages' build_* functions live beside it."""

from __future__ import annotations

import plotly.graph_objects as go

# Okabe–Ito: distinguishable with the common colour-vision deficiencies, and mid-toned enough to
# read on both the light and the dark theme.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "sky": "#56B4E9",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "grey": "#8C8C8C",
}
SEQUENCE = [PALETTE[k] for k in ("blue", "orange", "green", "sky", "vermillion", "purple", "grey")]
FONT_FAMILY = '"Source Sans", "Source Sans 3", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'


def style_figure(fig: go.Figure, present: bool = False, height: int | None = None) -> go.Figure:
    """Apply the house style; presenter mode gets larger type."""
    size = 18 if present else 14
    fig.update_layout(
        font=dict(family=FONT_FAMILY, size=size),
        colorway=SEQUENCE,
        margin=dict(l=10, r=10, t=40, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=size)),
    )
    if height:
        fig.update_layout(height=height)
    return fig
