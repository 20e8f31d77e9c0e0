"""A page's sections, assembled: each part built (or a notice where a file it needs is broken), then given what
every section owes its reader whatever its topic: the series it shows over time, and the plans it shows held
against their outcomes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from .. import data
from .base import Ctx, cite, indicator_table, outcome_lines, outcomes_summary, source_short, source_text
from .model import Cards, ChartSpec, Section, TableView
from .trends import gap_note, trend_spec, trend_takeaway


@dataclass(frozen=True)
class Part:
    """One section of a page: how to build it and which data files it cannot do without."""

    key: str
    title: str  # string key of its title, for the notice shown when it cannot be built
    needs: tuple[str, ...]
    build: Callable[[Ctx], Section | None]


def build_sections(ctx: Ctx, parts: list[Part]) -> tuple[Section, ...]:
    """Each part's section, or a short notice in its place when a file it needs could not be read."""
    out = []
    for part in parts:
        missing = [n for n in part.needs if n not in ctx.tables]
        if missing:
            files = "、".join if ctx.lang == "zh" else ", ".join
            names = files(sorted({data.TABLES[n].file if n in data.TABLES else data.GEOJSON_FILES[n] for n in missing}))
            out.append(Section(part.key, ctx.t(part.title), error=ctx.t("common.ui.section_unavailable", files=names)))
            continue
        section = part.build(ctx)
        if section is not None:
            out.append(finish(ctx, section))
    return tuple(out)


def _sources_short(ctx: Ctx, rows: list[dict]) -> str:
    """The sources of some rows by short name and date, each once, in one line ("来源：原文；区科技局总结（…）")."""
    if not rows:
        return ""
    sep = "；" if ctx.lang == "zh" else "; "
    names = dict.fromkeys(source_short(ctx, r) for r in rows if r.get("kind") != "derived")
    return ctx.t("common.source.short_list", sources=sep.join(names))


def _kpi_rows(s: Section) -> list[dict]:
    kpis = list(s.kpis)
    if isinstance(s.visual, Cards):
        kpis += [k for g in s.visual.groups for c in g.cards for k in c.kpis]
    return [k.row for k in kpis if k.row is not None]


def finish(ctx: Ctx, s: Section) -> Section:
    """What no section may lack, for any topic: every figure its cards show is cited (a card shows a series'
    latest figure, which may not be the row the section named); every series it shows a figure of, when the
    data holds more than one period of it, is also drawn over time (Section.trends) unless its main chart
    already is that series; and every plan it shows has its outcome beside it (Section.outcomes)."""
    if s.error or s.kind == "title":
        return s
    cited = {c.row["id"] for c in s.cites if c.row and "id" in c.row}
    extra = tuple(cite(ctx, r) for r in dict((r["id"], r) for r in _kpi_rows(s) if r["id"] not in cited).values())
    cites = s.cites + extra
    rows = [c.row for c in cites if c.row]
    skip = {s.visual.series} if isinstance(s.visual, ChartSpec) and s.visual.series else set()
    name = s.key.replace(".", "_") + "_trends"
    trends, gap_notes = trend_spec(ctx, rows, name, skip)
    main_gaps = tuple(n for n in (gap_note(ctx, sid) for sid in skip) if n)
    lines = s.outcomes or outcome_lines(ctx, rows)
    trend_rows = [r for p in trends.panels for r in data.series_rows(ctx.tables["indicators"], p.series)] if trends else []
    return replace(s, cites=cites + tuple(cite(ctx, r) for r in trend_rows if r["id"] not in cited | {c.row["id"] for c in extra}),
                   trends=trends, trends_takeaway=trend_takeaway(ctx, trends) if trends else "",
                   trends_table=TableView(name, indicator_table(ctx, trend_rows)) if trends else None,
                   trends_sources=tuple(dict.fromkeys(source_text(ctx, r) for r in trend_rows)),
                   trends_sources_short=_sources_short(ctx, trend_rows),
                   notes=s.notes + tuple(n for n in main_gaps if n not in s.notes), trends_notes=gap_notes,
                   outcomes=lines, outcomes_summary=s.outcomes_summary or outcomes_summary(ctx, lines))
