"""Shared look for every Plotly figure: palette, fonts, layout; pages' build_* functions live beside it."""

from __future__ import annotations

import plotly.graph_objects as go

from ..tokens import CHART_FONT as FONT_FAMILY
from ..tokens import PALETTE, SEQUENCE

__all__ = ["FONT_FAMILY", "PALETTE", "SEQUENCE", "style_figure"]


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
