"""What a card and a KPI card show, in order, as parts each renderer draws in its own medium (the web page,
the slides, the deck): one description, so the three never disagree about what a card holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..i18n import t
from .model import Card, Kpi, Section


@dataclass(frozen=True)
class Part:
    """One piece of a card. kind:
    title    the card's heading (help: its source, shown on hover where the medium can);
    badge    a status word with a colour code (green / blue / orange / grey / red / violet);
    kpi      a headline figure (kpi);
    line     a paragraph of plain text;
    tags     short names shown together (items);
    caption  small print: a date, a source;
    link     the page the card opens (text: the page key)."""

    kind: Literal["title", "badge", "kpi", "line", "tags", "caption", "link"]
    text: str = ""
    colour: str = ""
    items: tuple[str, ...] = ()
    kpi: Kpi | None = None
    help: str = ""


def card_parts(card: Card, slide: bool = False) -> tuple[Part, ...]:
    """A card's parts in the order every medium shows them: title, badge, figures, lines, tags, small print,
    and the link to its page; on a slide (and a deck slide) the small print it has room for."""
    out: list[Part] = []
    if card.title:
        out.append(Part("title", card.title, help=card.help))
    if card.badge:
        out.append(Part("badge", card.badge[0], colour=card.badge[1]))
    out += [Part("kpi", kpi=k) for k in card.kpis]
    out += [Part("line", line) for line in card.lines]
    if card.tags:
        out.append(Part("tags", items=tuple(card.tags)))
    captions = card.slide_captions if slide and card.slide_captions is not None else card.captions
    out += [Part("caption", c) for c in captions]
    if card.link:
        out.append(Part("link", card.link))
    return tuple(out)


@dataclass(frozen=True)
class KpiLines:
    """A KPI card's words in order: its label, the value (big), and the small lines under it (period and
    source, the change on the previous figure, the outcome of a plan); help is the hover text."""

    label: str
    value: str
    disclosed: bool
    details: tuple[str, ...]
    help: str


SLIDE_OUTCOME_LINES = 2  # more plans than this on one slide: one line counting them, each in the speaker notes


def slide_outcome_lines(s: Section, lang: str) -> list[str]:
    """The plans a slide shows, in the small print under its sources: each in a line when they are few, else
    counted in one line (the page lists them all, and so do the deck's speaker notes)."""
    if not s.outcomes:
        return []
    if len(s.outcomes) <= SLIDE_OUTCOME_LINES:
        sep = "：" if lang == "zh" else ": "
        return [f"{t('common.outcome.heading', lang)}{sep}{x.status_text} · {x.text}" for x in s.outcomes]
    return [s.outcomes_summary + t("common.outcome.summary_more", lang)]


MULTIPLES_PER_ROW = 3  # small time charts in one row, at most


def multiples_grid(n: int) -> tuple[int, int]:
    """(rows, columns) for n small charts, at most MULTIPLES_PER_ROW a row, the rows as even as they can be
    (four are two by two, not three and one): the same on the page, the slides and the deck."""
    rows = -(-n // MULTIPLES_PER_ROW) if n else 1
    return rows, max(1, -(-n // rows))


SLIDE_SOURCE_LINES = 4  # a time-chart slide with more sources than this names them in one line


def slide_source_lines(s: Section, trends: bool, lang: str) -> list[str]:
    """The small print of a slide: its source lines and its plans' outcomes; for the slide of a section's
    time charts, the charts' sources (each line when they are few, else their short names in one line)."""
    over_time = list(s.trends_sources) if len(s.trends_sources) <= SLIDE_SOURCE_LINES else [s.trends_sources_short]
    if trends:
        return over_time
    if s.trends is None or s.trends_apart:  # (no time charts on this slide)
        over_time = []
    lines = list(dict.fromkeys(s.sources))
    return lines + [x for x in over_time if x not in lines] + slide_outcome_lines(s, lang)


def kpi_lines(k: Kpi) -> KpiLines:
    details = tuple(x for x in (k.detail, k.change, k.outcome) if x) if k.row is not None else ()
    return KpiLines(k.label, k.value, k.row is not None, details, k.help)
