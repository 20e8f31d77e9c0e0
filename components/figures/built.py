"""Each chart's drawing worked out once, not on every rerun: the figure as JSON-ready {data, layout}.

Building a Plotly figure and turning it to JSON was most of a chart page's server time on each rerun (investment,
eight charts: about 70 ms of a rerun's 80). The drawing is kept beside its chart spec (components/kept.py).
"""

from __future__ import annotations

import json

import plotly.io as pio

from ..content.model import ChartSpec
from ..kept import Kept
from .charts import build_figure, has_phone_figure

# Every chart of every page and slide, in both languages, is about 120.
_kept: Kept[dict] = Kept(256)


def figure_spec(fig) -> dict:
    """The figure as JSON-ready {data, layout}, without its template: the browser supplies one in the
    page's colours (the template Streamlit sets by default carries placeholder colours only its own
    Plotly chunk knows how to fill)."""
    spec = json.loads(pio.to_json(fig, validate=False))
    layout = spec.get("layout", {})
    layout.pop("template", None)
    return {"data": spec.get("data", []), "layout": layout}


def figure_json(spec: ChartSpec, lang: str, present: bool = False, height: int | None = None,
                phone: bool = False) -> dict:
    """build_figure(spec, lang, present, height, phone) as JSON-ready {data, layout}, built once per spec object.
    The dict is shared by every session: read it, never change it."""
    return _kept.get(spec, (lang, present, height, phone),
                     lambda: figure_spec(build_figure(spec, lang, present, height, phone)))


def phone_figure_json(spec: ChartSpec, lang: str) -> dict | None:
    """The page chart's drawing for a phone's width, when its kind has one (else None: the same drawing fits)."""
    return figure_json(spec, lang, False, None, True) if has_phone_figure(spec) else None
