"""Sources: every figure, named item and milestone in one table each, and the outside sources."""

from __future__ import annotations

import pandas as pd

from .. import data
from ..fmt import fmt_date, fmt_value
from .assemble import Part, build_sections
from .base import Ctx, formula_words, kind_text, outcome_line, page_errors, period_label, sources_table, value_text
from .model import PageContent, Section, Tables

ARTICLE = "article"  # the source whose text says "last year" and "this year"


def indicators_table(ctx: Ctx, df: pd.DataFrame) -> pd.DataFrame:
    c = lambda k: ctx.t(f"common.col.{k}")  # noqa: E731
    return pd.DataFrame({
        c("id"): df["id"],
        c("topic"): df["topic"].map(lambda v: ctx.t(f"common.topic.{v}")),
        c("label"): df[f"label_{ctx.lang}"],
        c("value"): df["value"],
        c("unit"): [fmt_value(v, u, ctx.lang) for v, u in zip(df["value"], df["unit"])],
        c("period"): df["period"].map(lambda v: period_label(v, ctx.lang)),
        c("kind"): [kind_text(ctx, r) for r in df.to_dict("records")],
        c("source"): [data.source_label(s, ctx.lang, ctx.source_rows, short=True) for s in df["source"]],
        c("section"): df["section"].map(lambda v: ctx.headings.get(v, v)),
        c("anchor"): df["anchor"],
        # Here both: the formula as the data writes it, and in words.
        c("formula"): df["formula"],
        c("formula_words"): [formula_words(r, ctx.ind, ctx.lang) if r["formula"] else ""
                             for r in df.to_dict("records")],
        c("note"): df[f"note_{ctx.lang}"],
        ctx.t("sources.col.answers"): df["answers"],
    })


def items_table(ctx: Ctx, df: pd.DataFrame) -> pd.DataFrame:
    c = lambda k: ctx.t(f"common.col.{k}")  # noqa: E731
    return pd.DataFrame({
        c("id"): df["id"],
        c("topic"): df["topic"].map(lambda v: ctx.t(f"common.topic.{v}")),
        ctx.t("sources.col.group"): df["group"],
        c("name"): df[f"name_{ctx.lang}"],
        c("status"): df["status"].map(lambda v: ctx.t(f"common.status.{v}") if v else ""),
        c("section"): df["section"].map(lambda v: ctx.headings.get(v, v)),
        c("anchor"): df["anchor"],
        c("note"): df[f"note_{ctx.lang}"],
    })


def milestones_table(ctx: Ctx, df: pd.DataFrame) -> pd.DataFrame:
    c = lambda k: ctx.t(f"common.col.{k}")  # noqa: E731
    return pd.DataFrame({
        c("id"): df["id"],
        c("date"): [d + (f" ({ctx.pick(r, 'date_text')})" if p == "described" else "")
                    for d, p, r in zip(df["date"], df["precision"], df.to_dict("records"))],
        ctx.t("sources.col.precision"): df["precision"].map(lambda v: ctx.t(f"sources.precision.{v}")),
        c("label"): df[f"label_{ctx.lang}"],
        c("kind"): df["kind"],
        c("source"): [data.source_label(s, ctx.lang, ctx.source_rows, short=True) for s in df["source"]],
        c("section"): df["section"].map(lambda v: ctx.headings.get(v, v)),
        c("anchor"): df["anchor"],
        ctx.t("sources.col.answers"): df["answers"],
    })


def sources_gave_table(ctx: Ctx, df: pd.DataFrame) -> pd.DataFrame:
    """Every source with what it gave: the figures and events each row of the data takes from it, and the
    plans it was read for and found nothing on."""
    sep = ctx.t("common.ui.list_sep")
    gave: dict[str, list[str]] = {}
    for r in ctx.ind.values():
        gave.setdefault(r["source"], []).append(f"{ctx.pick(r, 'label')} {value_text(r, ctx.lang)}（{period_label(r['period'], ctx.lang)}）"
                                                if ctx.lang == "zh" else
                                                f"{ctx.pick(r, 'label')} {value_text(r, ctx.lang)} ({period_label(r['period'], ctx.lang)})")
    for r in ctx.ms.values():
        gave.setdefault(r["source"], []).append(f"{fmt_date(r, ctx.lang)} {ctx.pick(r, 'label')}")
    searched: dict[str, int] = {}
    if "not_found" in ctx.tables:
        for r in ctx.tables["not_found"].to_dict("records"):
            for s in filter(None, r["sources"].split(";")):
                searched[s] = searched.get(s, 0) + 1
    return pd.DataFrame([{
        ctx.t("common.col.id"): r["id"],
        ctx.t("sources.col.source"): data.source_label(r, ctx.lang),
        ctx.t("sources.col.url"): r.get("url", ""),
        ctx.t("sources.col.gave"): sep.join(gave.get(r["id"], [])) or ctx.pick(r, "what"),
        ctx.t("sources.col.n_gave"): len(gave.get(r["id"], [])),
        ctx.t("sources.col.n_searched"): searched.get(r["id"], 0),
        ctx.t("sources.col.confidence"): ctx.pick(r, "confidence_note"),
    } for r in df.to_dict("records")])


def not_found_table(ctx: Ctx, df: pd.DataFrame) -> pd.DataFrame:
    """Every plan looked for in later reports with nothing found: the plan, where and when it was looked for."""
    return pd.DataFrame({
        ctx.t("common.col.id"): df["id"],
        ctx.t("sources.col.plan"): [outcome_line(ctx, ctx.outcomes[a]).plan if a in ctx.outcomes else a
                                    for a in df["answers"]],
        ctx.t("sources.col.where"): df[f"where_{ctx.lang}"],
        ctx.t("sources.col.checked"): [data.published_label(v, ctx.lang) for v in df["checked"]],
        ctx.t("sources.col.read"): [ctx.t("common.ui.list_sep").join(
            data.source_label(s, ctx.lang, ctx.source_rows, short=True) for s in filter(None, v.split(";")))
            for v in df["sources"]],
        ctx.t("common.col.note"): df[f"note_{ctx.lang}"],
    })


def geo_tables(ctx: Ctx) -> list[tuple[str, str, pd.DataFrame]]:
    t = ctx.t
    out = []
    if "sources" in ctx.tables:
        out.append(("geo_sources", t("sources.table.geo_sources"), sources_table(ctx)))
    if "places" in ctx.tables:
        places = ctx.tables["places"]
        out.append(("places", t("sources.table.places"), pd.DataFrame({
            t("common.col.name"): places[f"name_{ctx.lang}"], t("sources.col.lat"): places["lat"],
            t("sources.col.lon"): places["lon"],
            t("sources.col.confidence"): places["confidence"].map(lambda v: t(f"common.confidence.{v}")),
            t("sources.col.source"): places["source"], t("sources.col.basis"): places[f"basis_{ctx.lang}"],
        })))
    if "stations" in ctx.tables:
        st = ctx.tables["stations"]
        out.append(("stations", t("sources.table.stations"), pd.DataFrame({
            t("sources.col.line"): st["line"], t("sources.col.station"): st[f"station_{ctx.lang}"],
            t("sources.col.lat"): st["lat"], t("sources.col.lon"): st["lon"],
            t("sources.col.confidence"): st["confidence"].map(lambda v: t(f"common.confidence.{v}")),
            t("sources.col.source"): st["source"],
        })))
    return out


def _table_part(name: str, build_table):
    def build(ctx: Ctx) -> Section:
        return Section(f"sources.{name}", ctx.t(f"sources.tab_{name}"),
                       visual=Tables(((name, ctx.t(f"sources.tab_{name}"), build_table(ctx, ctx.tables[name])),)))
    return build


def geo(ctx: Ctx) -> Section:
    return Section("sources.geo", ctx.t("sources.tab_geo"), notes=(ctx.t("sources.outside"),),
                   visual=Tables(tuple(geo_tables(ctx))))


PARTS = [
    Part("sources.sources", "sources.tab_sources", ("sources",), _table_part("sources", sources_gave_table)),
    Part("sources.indicators", "sources.tab_indicators", ("indicators",), _table_part("indicators", indicators_table)),
    Part("sources.items", "sources.tab_items", ("items",), _table_part("items", items_table)),
    Part("sources.milestones", "sources.tab_milestones", ("milestones",), _table_part("milestones", milestones_table)),
    Part("sources.not_found", "sources.tab_not_found", ("not_found",), _table_part("not_found", not_found_table)),
    Part("sources.geo", "sources.tab_geo", (), geo),
]
TABLES = ("sections", "indicators", "items", "milestones", "sources", "places", "stations", "not_found", "series")


def article_note(ctx: Ctx) -> str:
    """How to read the article's "last year" and "this year": from its publication year in sources.csv."""
    if "sources" not in ctx.tables:
        return ""
    row = next((r for r in ctx.tables["sources"].to_dict("records") if r["id"] == ARTICLE), None)
    year = str(row.get("published", ""))[:4] if row else ""
    return ctx.t("sources.article_note", year=year, last=int(year) - 1) if year.isdigit() else ""


def build(ctx: Ctx) -> PageContent:
    note = article_note(ctx)
    return PageContent("sources", ctx.t("sources.title"), ctx.t("sources.intro"), build_sections(ctx, PARTS),
                       page_errors(ctx), notes=(note,) if note else ())
