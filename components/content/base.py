"""What every topic's content builder shares: the data context, KPI cards, source lines, formulas in words."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from .. import data
from ..data import outcomes
from ..fmt import fmt_date, fmt_number, fmt_value
from ..i18n import pick, t
from .model import Cite, Kpi, OutcomeLine


@dataclass
class Ctx:
    """The data a page is built from, in one language. tables holds what loaded; errors what did not."""

    lang: str
    tables: dict[str, object]
    errors: dict[str, data.DataError] = field(default_factory=dict)

    def t(self, key: str, **fmt) -> str:
        return t(key, self.lang, **fmt)

    def has(self, *names: str) -> bool:
        return all(n in self.tables for n in names)

    def frame(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    @cached_property
    def ind(self) -> dict[str, dict]:
        return data.by_id(self.tables["indicators"]) if "indicators" in self.tables else {}

    @cached_property
    def items(self) -> dict[str, dict]:
        return data.by_id(self.tables["items"]) if "items" in self.tables else {}

    @cached_property
    def ms(self) -> dict[str, dict]:
        return data.by_id(self.tables["milestones"]) if "milestones" in self.tables else {}

    @cached_property
    def source_rows(self) -> dict[str, dict]:
        """sources.csv as {id: row}, made once (every source line names its source)."""
        return data.by_id(self.tables["sources"]) if "sources" in self.tables else {}

    @cached_property
    def section_rows(self) -> dict[str, dict]:
        return data.by_id(self.tables["sections"]) if "sections" in self.tables else {}

    @cached_property
    def headings(self) -> dict[str, str]:
        if "sections" not in self.tables:
            return {}
        return {r["id"]: pick(r, "heading", self.lang) for r in self.tables["sections"].to_dict("records")}

    @cached_property
    def values(self) -> dict[str, float]:
        return {k: r["value"] for k, r in self.ind.items()}

    @cached_property
    def series_names(self) -> dict[str, dict]:
        """series.csv as {series id: row}: a series' own name for the charts that show it over time."""
        return data.by_id(self.tables["series"]) if "series" in self.tables else {}

    def series_label(self, series_id: str, rows: list[dict]) -> str:
        """A series' name: its row in series.csv, else the label of its latest reported (or last) row."""
        named = self.series_names.get(series_id)
        if named:
            return self.pick(named, "label")
        reported = [r for r in rows if r["kind"] == "reported"]
        return self.pick((reported or rows)[-1], "label")

    @cached_property
    def outcomes(self) -> dict[str, outcomes.Outcome]:
        """Every plan in the loaded tables with its status (data/outcomes.py), made once per page build."""
        return outcomes.outcomes(self.tables)

    @property
    def nd(self) -> str:
        return self.t("common.app.not_disclosed")

    def pick(self, row: dict, field_: str) -> str:
        return pick(row, field_, self.lang)


Loader = Callable[[str], object]


def make_ctx(lang: str, names: tuple[str, ...], load: Loader) -> Ctx:
    """Load each table a page needs; a table that fails to load is left out and its error kept."""
    tables, errors = {}, {}
    for name in names:
        try:
            tables[name] = load(name)
        except data.DataError as e:
            errors[name] = e
    return Ctx(lang, tables, errors)


def page_errors(ctx: Ctx) -> tuple[str, ...]:
    """Every located problem of the files this page could not read, once each."""
    return tuple(dict.fromkeys(p.text(ctx.lang) for e in ctx.errors.values() for p in e.problems))


# ----------------------------------------------------------------------------------------------
# Words for figures


def period_label(code: str, lang: str) -> str:
    """Any period code in words (2022年计划 / 2022 plan), from the data layer's one labeller."""
    return data.period_label(code, lang)


def span_label(rows, lang: str) -> str:
    """The years a set of rows covers, in words: 2020—2023年 / 2020–2023, or one year."""
    ps = [p for r in rows if (p := data.parse_period(r["period"])) and p.start is not None]
    if not ps:
        return ""
    first, last = min(p.start for p in ps), max(p.end for p in ps)
    return t("common.period_form.range", lang, a=first, b=last) if first != last else \
        t("common.period_form.year", lang, y=first)


def kind_label(code: str, lang: str) -> str:
    return t(f"common.kind.{code}", lang)


def num(v: float) -> str:
    """A count or rate as people write it: 227, 5,000, 16.8."""
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.{len(f'{v:g}'.split('.')[1])}f}"


def lower_first(text: str, lang: str) -> str:
    """An English label set inside a sentence: 'A high-level district' -> 'a high-level district'."""
    if lang != "en" or not text or (len(text) > 1 and text[1].isupper()):
        return text
    return text[0].lower() + text[1:]


def value_text(row: dict, lang: str) -> str:
    """'227 家' / '16.8%' / '≈ 2.13 亿元': the figure with its unit, marked when derived."""
    n, unit = fmt_number(row["value"], row["unit"], lang)
    text = f"{n}%" if unit == "%" else f"{n} {unit}".strip()
    return ("≈ " + text) if row["kind"] == "derived" else text


_OPS = {ast.Add: (" + ", 1), ast.Sub: (" − ", 1), ast.Mult: (" × ", 2), ast.Div: (" ÷ ", 2)}


def formula_words(row: dict, rows: dict[str, dict], lang: str) -> str:
    """A derived figure's formula as arithmetic on labelled figures: '307 亿元 ÷ 144 个 ≈ 2.13 亿元'.

    Each indicator id becomes its value with its unit; a rate divided by 100 reads as the rate itself
    ('1 + 47%'); an outer round() becomes '≈' when it changed the value, '=' when it did not."""
    tree = ast.parse(row["formula"], mode="eval").body
    inner = tree
    if isinstance(tree, ast.Call) and getattr(tree.func, "id", "") == "round" and tree.args:
        inner = tree.args[0]

    def words(node, outer: int = 0) -> str:
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "round" and node.args:
            return words(node.args[0], outer)
        if (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and isinstance(node.left, ast.Name)
                and node.left.id in rows and rows[node.left.id]["unit"] in ("percent", "share")
                and isinstance(node.right, ast.Constant) and node.right.value == 100):
            return fmt_value(rows[node.left.id]["value"], rows[node.left.id]["unit"], lang)
        if isinstance(node, ast.Name):
            r = rows[node.id]
            return fmt_value(r["value"], r["unit"], lang)
        if isinstance(node, ast.Constant):
            return f"{node.value:g}"
        if isinstance(node, ast.UnaryOp):
            return "−" + words(node.operand, 3)
        if isinstance(node, ast.BinOp):
            sym, prec = _OPS[type(node.op)]
            # The right operand of − and ÷ needs brackets at equal precedence: a − (b − c).
            text = words(node.left, prec) + sym + words(node.right, prec + (type(node.op) in (ast.Sub, ast.Div)))
            return f"({text})" if prec < outer else text
        return ast.unparse(node)

    exact = data.evaluate_formula(ast.unparse(inner), {k: r["value"] for k, r in rows.items()})
    sign = "=" if abs(exact - row["value"]) < 1e-9 else "≈"
    return f"{words(inner)} {sign} {fmt_value(row['value'], row['unit'], lang)}"


def source_text(ctx: Ctx, row: dict, formula: bool = True) -> str:
    """'来源：《…》（2021年），“…”一节，“anchor”': the source by name (sources.csv), its section and anchor;
    for a derived figure, the formula in words."""
    text = data.source_line(row, ctx.lang, ctx.source_rows, ctx.section_rows)
    if formula and row.get("kind") == "derived" and row.get("formula"):
        text += " · " + ctx.t("common.source.formula", formula=formula_words(row, ctx.ind, ctx.lang))
    return text


def source_short(ctx: Ctx, row: dict, dated: bool = True) -> str:
    """A row's source by its short name (sources.csv short_zh / short_en), with its date for any source but
    the article: "原文"; "区科技局工作总结（2025年3月）"."""
    src = ctx.source_rows.get(row.get("source", ""))
    if src is None:
        return row.get("source", "")
    short = ctx.pick(src, "short")
    date = data.published_label(src.get("published", ""), ctx.lang) if dated and src["id"] != data.ARTICLE else ""
    return ctx.t("common.source.dated", short=short, date=date) if date else short


def kind_text(ctx: Ctx, row: dict) -> str:
    """How the figure was arrived at, naming its source by its short name: 原文报道 (the article's),
    据区科技局总结, 推算 (derived: its formula says from what), 计划; the source's title and date are in its
    source line (a card's hover, the section's sources)."""
    kind = row["kind"]
    if kind == "derived" or row.get("source") == data.ARTICLE or row.get("source") not in ctx.source_rows:
        return kind_label(kind, ctx.lang)
    return ctx.t(f"common.kind.{kind}_by", source=source_short(ctx, row, dated=False))


def outcome_line(ctx: Ctx, found: outcomes.Outcome) -> OutcomeLine:
    """A plan, what became of it and on whose word, in this language."""
    plan, row = found.plan, found.plan.row
    if plan.table == "indicators":
        what = ctx.t("common.outcome.plan_figure", label=ctx.pick(row, "label"), value=value_text(row, ctx.lang),
                     period=period_label(row["period"], ctx.lang))
    elif plan.table == "milestones":
        what = ctx.t("common.outcome.plan_dated", label=ctx.pick(row, "label"), date=fmt_date(row, ctx.lang))
    else:
        status = row.get("status")
        what = ctx.t("common.outcome.plan_item", name=ctx.pick(row, "name"), status=t(f"common.status.{status}", ctx.lang)) \
            if status else ctx.t("common.outcome.plan_item_plain", name=ctx.pick(row, "name"))
    latest, result, source = found.latest, "", ""
    if latest is not None and "period" in latest:  # a figure
        result = ctx.t("common.outcome.result_figure", period=period_label(latest["period"], ctx.lang),
                       value=value_text(latest, ctx.lang), source=source_short(ctx, latest, dated=False))
        if found.ratio is not None and latest["unit"] == row["unit"]:
            result += ctx.t("common.ui.list_sep") + ctx.t("common.outcome.result_share", share=f"{found.ratio:.0%}")
        source = source_text(ctx, latest)
    elif latest is not None:
        result = ctx.t("common.outcome.result_event", date=fmt_date(latest, ctx.lang), label=ctx.pick(latest, "label"),
                       source=source_short(ctx, latest, dated=False)) + (ctx.t("common.outcome.result_late") if found.late else "")
        source = source_text(ctx, latest)
    elif found.not_found:
        # The status says nothing was found; the small print says where it was looked for, and when.
        nf = found.not_found[-1]
        source = ctx.t("common.outcome.result_not_found", where=ctx.pick(nf, "where"),
                       checked=data.published_label(nf["checked"], ctx.lang))
    else:
        source = source_text(ctx, row)
    return OutcomeLine(plan.id, plan.topic, found.status, ctx.t(f"common.outcome.{found.status}"), what, result, source)


def outcome_lines(ctx: Ctx, rows) -> tuple[OutcomeLine, ...]:
    """The plans among the rows (by id), each against its outcome, once each, in the rows' order."""
    ids = list(dict.fromkeys(r["id"] for r in rows if r and r.get("id") in ctx.outcomes))
    return tuple(outcome_line(ctx, ctx.outcomes[i]) for i in ids)


def outcomes_summary(ctx: Ctx, lines: tuple[OutcomeLine, ...]) -> str:
    """"计划与结果：5 项 — 达成 1，未见公开报道 4": the lines counted by status, in the statuses' order."""
    if not lines:
        return ""
    counts = [ctx.t("common.outcome.summary_count", status=ctx.t(f"common.outcome.{s}"), n=n)
              for s in outcomes.STATUSES if (n := sum(1 for x in lines if x.status == s))]
    return ctx.t("common.outcome.summary", n=len(lines), counts=ctx.t("common.outcome.summary_sep").join(counts))


def grouped_sources(ctx: Ctx, rows: list[dict]) -> tuple[str, ...]:
    """One source line per source and section with its anchors joined, rather than one line per figure."""
    groups: dict[tuple, list[str]] = {}
    for r in rows:
        groups.setdefault((r.get("source", ""), r.get("section", "")), []).append(r["anchor"])
    return tuple(source_text(ctx, {"source": src, "section": sec, "anchor": " / ".join(dict.fromkeys(a))})
                 for (src, sec), a in groups.items())


# ----------------------------------------------------------------------------------------------
# Series: the same measure across periods. A card or chart names one row; when the data has newer rows
# of its series, they are what is shown, with no code change.


RESULT_KINDS = ("reported", "derived")


def current(ctx: Ctx, row: dict | None) -> dict | None:
    """The row to show for `row`: the latest row of its series of the same sort, a result for a result (a new
    year's figure replaces last year's, and a reported figure a worked-out one of the same period), a plan or
    target for a plan; a row with no series stands for itself."""
    if not row or not row.get("series") or "indicators" not in ctx.tables:
        return row
    sort = RESULT_KINDS if row["kind"] in RESULT_KINDS else (row["kind"],)
    same = [r for r in data.series_rows(ctx.tables["indicators"], row["series"]) if r["kind"] in sort]
    # Of two results for one period, the reported one (series_rows keeps file order within a period).
    same.sort(key=lambda r: (data.period_sort_key(r["period"]), r["kind"] == "reported"))
    return same[-1] if same else row


def change_text(ctx: Ctx, row: dict) -> str:
    """'较2019年（推算）+73 家' against the previous reported or derived figure of the series, or ''."""
    if row["kind"] != "reported" or not row.get("series"):
        return ""
    ch = data.change(row, data.previous(ctx.tables["indicators"], row["series"], row))
    if ch is None:
        return ""
    n = fmt_value(abs(ch.difference), ch.unit, ctx.lang)
    sign = "+" if ch.difference > 0 else "−" if ch.difference < 0 else "±"
    return ctx.t("common.kpi.change", period=period_label(ch.old["period"], ctx.lang),
                 estimate=ctx.t("common.kpi.estimate") if ch.estimate else "", value=("≈" if ch.estimate else "") + sign + n)


def kpi(ctx: Ctx, row: dict | None, label: str | None = None) -> Kpi:
    """A KPI card's words: the series' latest value and unit, its period and its source (原文报道, or the later
    report by name and date), the change against the previous figure when there is one, a plan's outcome, and
    on hover the note and the source line."""
    row = current(ctx, row)
    if row is None:
        return Kpi(label or "", ctx.nd, ctx.t("common.app.not_disclosed_long"), ctx.t("common.app.not_disclosed_long"))
    period, kind = period_label(row["period"], ctx.lang), kind_text(ctx, row)
    note = ctx.pick(row, "note")
    outcome = ""
    if row["id"] in ctx.outcomes:
        found = ctx.outcomes[row["id"]]
        line = outcome_line(ctx, found)
        # On the card the status, with the result when there is one; where it was looked for is in the help.
        outcome = ctx.t("common.kpi.outcome_detail", status=line.status_text, result=line.result) \
            if found.evidence else ctx.t("common.kpi.outcome", status=line.status_text)
        if found.not_found:  # where it was looked for, on hover
            note = " · ".join(x for x in (note, line.source) if x)
    help_text = f"{period} · {kind}" + (f" · {note}" if note else "") + (f"\n\n{outcome}" if outcome else "") \
        + "\n\n" + source_text(ctx, row)
    # "2021年计划 · 计划" says it twice: a plan period's label already says plan (a later source's plan still
    # names its source: "2022年计划 · 据区政府工作计划").
    plain_plan = row["kind"] == "plan" and kind == kind_label("plan", ctx.lang)
    detail = period if plain_plan and data.parse_period(row["period"]).form == "plan" else f"{period} · {kind}"
    return Kpi(label or ctx.pick(row, "label"), value_text(row, ctx.lang), detail, help_text, row,
               change_text(ctx, row), outcome)


def cite(ctx: Ctx, row: dict, what: str | None = None) -> Cite:
    """A figure or a named thing with its source, for the speaker notes and the sources list."""
    if what is None:
        if "value" in row and "unit" in row:
            what = f"{ctx.pick(row, 'label')}：{value_text(row, ctx.lang)}" if ctx.lang == "zh" else \
                f"{ctx.pick(row, 'label')}: {value_text(row, ctx.lang)}"
        else:
            what = ctx.pick(row, "name") if f"name_{ctx.lang}" in row else ctx.pick(row, "label")
    formula = formula_words(row, ctx.ind, ctx.lang) if row.get("kind") == "derived" and row.get("formula") else ""
    return Cite(what, source_text(ctx, row, formula=False), formula, row)


def cites(ctx: Ctx, rows) -> tuple[Cite, ...]:
    return tuple(cite(ctx, r) for r in rows if r)


def sources_table(ctx: Ctx) -> pd.DataFrame:
    """Every registered source: id, name, publisher and date, address, what it gives, licence, confidence."""
    c = ctx.t
    return pd.DataFrame([{
        c("common.col.id"): r["id"],
        c("sources.col.source"): data.source_label(r, ctx.lang),
        c("sources.col.url"): r.get("url", ""),
        c("sources.col.what"): ctx.pick(r, "what"),
        c("sources.col.licence"): ctx.pick(r, "licence"),
        c("sources.col.confidence"): ctx.pick(r, "confidence_note"),
    } for r in ctx.tables["sources"].to_dict("records")])


def indicator_table(ctx: Ctx, rows: list[dict]) -> pd.DataFrame:
    """The standard table behind a chart: label, value, unit, period, kind, source and formula in words."""
    c = ctx.t
    return pd.DataFrame([
        {
            c("common.col.label"): ctx.pick(r, "label"),
            c("common.col.value"): r["value"],
            c("common.col.unit"): fmt_value(r["value"], r["unit"], ctx.lang),
            c("common.col.period"): period_label(r["period"], ctx.lang),
            c("common.col.kind"): kind_text(ctx, r),
            c("common.col.source"): data.source_label(r.get("source", ""), ctx.lang, ctx.source_rows, short=True),
            c("common.col.section"): ctx.headings.get(r["section"], r["section"]),
            c("common.col.anchor"): r["anchor"],
            c("common.col.formula"): formula_words(r, ctx.ind, ctx.lang) if r.get("formula") else "",
        }
        for r in rows
    ])
