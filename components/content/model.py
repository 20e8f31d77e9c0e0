"""The content model: a page is an ordered list of sections, each renderer-neutral (web page, slides, PPTX)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

# How a value was arrived at: drawn apart by every renderer (solid / hatched / pale); "gap": a period of a
# series with no row at all (nothing drawn, the words say it was not entered).
Style = Literal["reported", "derived", "plan", "target", "gap"]


@dataclass(frozen=True)
class Kpi:
    """A headline figure: its words are ready to show; row is the data row (None = not disclosed)."""

    label: str
    value: str  # "227 家", "≈ 2.13 亿元", "未披露"
    detail: str  # "2020年 · 原文报道" (period · kind), or the reason it is missing
    help: str  # period, kind, note and source (with the formula in words for a derived figure)
    row: dict | None = None
    change: str = ""  # against the previous value of the same series, when both exist
    outcome: str = ""  # a plan or target: what became of it ("结果：达成 · …"), else ""


@dataclass(frozen=True)
class Point:
    """One value of a chart: a bar, a row of a progress chart, a stage."""

    category: str
    value: float | None
    style: Style = "reported"
    text: str = ""  # drawn on or beside the mark
    hover: str = ""
    status: str = ""  # words for a row that has no value (progress), or beside it


@dataclass(frozen=True)
class Annotation:
    """Something drawn on a chart besides its marks. kind:
    change  an arrow from point a to point b with text (a growth rate);
    gap     a bracket between the tops of points a and b with text (a lead in percentage points);
    line    a reference line at value with text (the plan, 100 %)."""

    kind: Literal["change", "gap", "line"]
    text: str
    a: int = 0
    b: int = 1
    value: float = 0.0


@dataclass(frozen=True)
class Segment:
    """One part of every bar of a stacked chart: its key (a colour code), its words and a value per point."""

    key: str
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartSpec:
    """A chart as data, not as a drawing. kind:
    columns   vertical bars, one per point, styled by how each value was arrived at;
    bars      horizontal bars from zero, one per point;
    progress  each point against a reference (100 %): a track, the value, words where there is none;
    timeline  points in order (value unused), style reported = happened, target = plan step;
    stages    rows placed on an ordered scale (value = step 1..n), with a usage column (extra);
    funnel    stages of one year, widest first;
    multiples small charts side by side, each a `columns` chart of its own (panels), each with its own unit;
    stacked   horizontal bars, one per point, cut into segments (stack: each segment's values by point)."""

    kind: Literal["columns", "bars", "progress", "timeline", "stages", "funnel", "multiples", "stacked"]
    name: str  # stable, file-safe: keys, downloads
    points: tuple[Point, ...]
    unit: str = ""  # axis unit suffix, e.g. "%"
    axis: str = ""  # value axis title
    legend: dict[str, str] = field(default_factory=dict)  # style -> legend entry; empty: no legend
    annotations: tuple[Annotation, ...] = ()
    reference: float | None = None  # progress: the value a row is measured against
    colour_by_reference: bool = False  # progress: reached / not reached in two colours
    scale: tuple[str, ...] = ()  # stages: the names of the steps, in order
    extra: dict = field(default_factory=dict)  # kind-specific: stages' usage column, etc.
    title: str = ""  # a panel's own title (multiples)
    panels: tuple[ChartSpec, ...] = ()  # multiples: the small charts
    stack: tuple[Segment, ...] = ()  # stacked: the segments, in drawing order
    series: str = ""  # the series a time chart shows (a section's other time charts leave it out)

    @property
    def values(self) -> list[float | None]:
        return [p.value for p in self.points]


@dataclass(frozen=True)
class MapSpec:
    """The city map: the objects to draw (maps.build_features) and the focus views a deck steps through."""

    features: dict
    foci: tuple[str, ...]
    focus_titles: dict[str, str]
    legend: tuple[tuple[str, str], ...]  # (swatch code, words)
    focus_notes: dict[str, str] = field(default_factory=dict)  # one line about what a focus view shows


@dataclass(frozen=True)
class Card:
    title: str
    lines: tuple[str, ...] = ()  # plain text, one paragraph each
    kpis: tuple[Kpi, ...] = ()
    tags: tuple[str, ...] = ()  # short names shown as badges
    badge: tuple[str, str] | None = None  # (text, colour code: green / blue / orange / grey)
    captions: tuple[str, ...] = ()  # small print: dates, sources
    slide_captions: tuple[str, ...] | None = None  # the small print a slide has room for (None: all of it)
    help: str = ""  # shown on hover (the source)
    link: str = ""  # a page key this card opens


@dataclass(frozen=True)
class CardGroup:
    title: str
    cards: tuple[Card, ...]


@dataclass(frozen=True)
class Cards:
    """Cards in groups. arrangement: columns = one column per group; row = every card side by side;
    grid = each group a titled grid; arrow = two cards with an arrow between (before -> after)."""

    groups: tuple[CardGroup, ...]
    arrangement: Literal["columns", "row", "grid", "arrow"] = "row"


@dataclass(frozen=True)
class Tables:
    """Tables that are the visual themselves (the Sources page)."""

    frames: tuple[tuple[str, str, pd.DataFrame], ...]  # (name, title, frame)


Visual = ChartSpec | MapSpec | Cards | Tables | None


@dataclass(frozen=True)
class TableView:
    """The figures behind a visual, shown as a table with a CSV download."""

    name: str
    frame: pd.DataFrame


@dataclass(frozen=True)
class Cite:
    """One figure or fact shown in a section with where it comes from (speaker notes, source lists)."""

    what: str  # "高新技术企业：227 家"
    source: str  # the source line
    formula: str = ""  # derived: the formula in words
    row: dict | None = None  # the data row, so a section can find the series and plans it shows


@dataclass(frozen=True)
class OutcomeLine:
    """A plan held against what became of it, in words, with its status (data/outcomes.py)."""

    plan_id: str
    topic: str
    status: str  # beaten, met, partly, missed, not_found, not_entered
    status_text: str  # 超额, 达成, 部分完成, 未达成, 未见公开报道, 未录入
    plan: str  # what was planned: "2021年重点项目 144 个（2021年计划）"
    result: str = ""  # what the record says: "2021年：150 个（据…）", or where it was looked for
    source: str = ""  # the source line of the result (or of the plan, when there is no result)

    @property
    def text(self) -> str:
        return " — ".join(x for x in (self.plan, self.result) if x)

@dataclass(frozen=True)
class Section:
    """One screen's worth of content: on the page in order, one slide in presenter mode, one PPTX slide."""

    key: str  # unique across the meeting, e.g. "innovation.growth"
    title: str
    takeaway: str = ""
    kpis: tuple[Kpi, ...] = ()
    visual: Visual = None
    notes: tuple[str, ...] = ()  # explanations in our words, shown near the visual
    sources: tuple[str, ...] = ()  # source lines shown under the visual
    table: TableView | None = None
    cites: tuple[Cite, ...] = ()  # every figure shown, with its source: speaker notes
    missing: tuple[str, ...] = ()  # what the section would show but the data lacks (未披露)
    error: str = ""  # a data file needed here could not be read: the renderer shows a short notice
    layout: Literal["full", "half"] = "full"  # a web-page hint: two half sections may share a row
    on_slides: bool = True  # False: the web page only (e.g. licence tables)
    on_page: bool = True  # False: slides and decks only (the title slide)
    kind: Literal["content", "title"] = "content"  # a title slide: big title, a subtitle line, the cards
    trends: ChartSpec | None = None  # the series this section shows figures of, over time (multiples)
    trends_takeaway: str = ""  # each of those series from its first period to its last, in words
    trends_table: TableView | None = None  # their rows, as a table with a CSV download
    trends_notes: tuple[str, ...] = ()  # the periods with no row ("高新技术企业：2021年、2022年未录入")
    trends_sources: tuple[str, ...] = ()  # the source line of every figure in the time charts, each once
    trends_sources_short: str = ""  # the same sources by short name and date, in one line (a slide's small print)
    outcomes: tuple[OutcomeLine, ...] = ()  # the plans this section shows, each against its outcome
    outcomes_summary: str = ""  # the same in one line (a slide with no room for every line)

    @property
    def trends_apart(self) -> bool:
        """On slides the time charts get a screen of their own when the section has a visual too: one
        chart per screen, read from the back of the room (side by side neither fitted at 1366×768)."""
        return self.trends is not None and self.visual is not None


TRENDS = "trends"  # the part of a slide that shows a section's figures over time


@dataclass(frozen=True)
class Slide:
    """One screen in meeting mode: a section, or one focus view of a map section."""

    section: Section
    part: str = ""  # a map section's focus view, one table of several, or TRENDS ("" for other sections)
    title: str = ""  # the section's title, with the focus view's name for a map

    @property
    def key(self) -> str:
        return self.section.key + (f".{self.part}" if self.part else "")

    @property
    def over_time(self) -> bool:
        """The slide of a section's time charts (its figures over time), after the section's own slide."""
        return self.part == TRENDS

    @property
    def takeaway(self) -> str:
        """The slide's words under its title: the time charts' takeaway, a map view's note, or the section's."""
        s = self.section
        if self.over_time:
            return s.trends_takeaway
        if isinstance(s.visual, MapSpec):
            return s.visual.focus_notes.get(self.part, s.takeaway)
        return s.takeaway

    @property
    def kpis(self) -> tuple[Kpi, ...]:
        """The figures in its KPI row (none on a time-charts slide: they are on the section's own)."""
        return () if self.over_time else self.section.kpis


@dataclass(frozen=True)
class PageContent:
    key: str
    title: str
    intro: str
    sections: tuple[Section, ...]
    errors: tuple[str, ...] = ()  # located data problems, shown once at the top
    notes: tuple[str, ...] = ()  # small print under the intro (the Sources page's reading of the article's dates)

    @property
    def page_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.on_page)

    @property
    def slides(self) -> tuple[Slide, ...]:
        """The meeting's screens for this page: every section meant for slides; a map section once per
        focus view, so a presenter steps through the views like slides."""
        out = []
        for s in self.sections:
            if not s.on_slides:
                continue
            if isinstance(s.visual, MapSpec):
                out += [Slide(s, f, f"{s.title} · {s.visual.focus_titles[f]}") for f in s.visual.foci]
            elif isinstance(s.visual, Tables) and len(s.visual.frames) > 1:
                # One table per screen: a table needs the height to be read.
                out += [Slide(s, name, title) for name, title, _ in s.visual.frames]
            else:
                out.append(Slide(s, "", s.title))
            if s.trends_apart:
                out.append(Slide(s, TRENDS, f"{s.title} · {s.trends.title}" if s.trends.title else s.title))
        return tuple(out)
