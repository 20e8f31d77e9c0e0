"""Industry core: key projects from plan to delivery, investment growth, the Transfar centre, strategy."""

import pandas as pd
import streamlit as st

from components import ui
from components.figures import investment as figs
from components.fmt import fmt_number, fmt_value
from components.i18n import pick
from components.page import meeting_nav, page_setup

page = page_setup("investment")
t = page.t
lang = page.lang

HEADLINE = ("inv_fai_growth_2020", "inv_2020_key_completion", "inv_2021_key_projects", "inv_2021_investment")
FAI_FACTS = ("inv_fai_lead_pp_2020", "inv_fai_double_digit_months_2020", "inv_fai_first_years")
st.title(t("investment.title"))
if not page.present:
    st.write(t("investment.intro"))

indicators = ui.load(page, "indicators")
items = ui.load(page, "items")
milestones = ui.load(page, "milestones")
ind = ui.by_id(indicators) if indicators is not None else {}
itm = ui.by_id(items) if items is not None else {}


def grouped_sources(rows: list[dict]) -> list[str]:
    """One source line per article section, its anchors joined, instead of one line per figure."""
    by_section: dict[str, list[str]] = {}
    for r in rows:
        by_section.setdefault(r["section"], []).append(r["anchor"])
    return [ui.source_text(page, {"section": sec, "anchor": " / ".join(dict.fromkeys(a))})
            for sec, a in by_section.items()]


def show_headline() -> None:
    for col, key in zip(st.columns([1, 1, 1, 1.4]), HEADLINE):
        with col:
            ui.kpi(page, ind.get(key), t(f"investment.kpi.{key}"))
    avg = ind.get("inv_2021_avg_per_project")
    total, n = ind.get("inv_2021_investment"), ind.get("inv_2021_key_projects")
    card, formula = st.columns([1, 3], vertical_alignment="center")
    with card:
        ui.kpi(page, avg, t("investment.kpi.inv_2021_avg_per_project"))
    if avg and total and n:
        with formula:
            st.markdown(t("investment.avg_formula", total=fmt_value(total["value"], total["unit"], lang),
                          n=fmt_value(n["value"], n["unit"], lang), avg=fmt_value(avg["value"], avg["unit"], lang)))
            st.caption(ui.source_text(page, avg))


def pipeline_table(tiers: pd.DataFrame) -> pd.DataFrame:
    nd = t("common.app.not_disclosed")
    out = []
    for r in tiers.to_dict("records"):
        ids = [r[c] for c in ("projects_id", "investment_id", "completion_id") if r[c]]
        out.append({
            t("investment.col.tier"): pick(r, "name", lang),
            t("common.col.period"): t(f"common.period.{r['period']}") if r["period"] else nd,
            t("common.col.kind"): t(f"common.kind.{r['kind']}") if r["kind"] else nd,
            t("investment.col.projects"): nd if pd.isna(r["projects"]) else fmt_value(r["projects"], "projects", lang),
            t("investment.col.investment"): nd if pd.isna(r["investment"]) else fmt_value(r["investment"], "yi_yuan", lang),
            t("investment.col.completion"): nd if pd.isna(r["completion"]) else fmt_value(r["completion"], "percent", lang),
            t("investment.col.startup"): t(f"common.status.{r['status']}") if r["status"] else nd,
            t("common.col.anchor"): " / ".join(dict.fromkeys(ind[i]["anchor"] for i in ids)),
        })
    return pd.DataFrame(out)


def tier_rows(tiers: pd.DataFrame, cols: tuple[str, ...]) -> list[dict]:
    return [ind[r[c]] for r in tiers.to_dict("records") for c in cols if r[c]]


def show_pipeline(tiers: pd.DataFrame) -> None:
    st.header(t("investment.pipeline.title"))
    st.caption(t("investment.pipeline.note"))
    by = ui.by_id(tiers)
    plan, done = by.get("tier_2021_key"), by.get("tier_2020_key")
    if plan and done and not (pd.isna(plan["projects"]) or pd.isna(done["projects"])):
        takeaway = t("investment.pipeline.takeaway", plan=fmt_number(plan["projects"], "projects", lang)[0],
                     done=fmt_number(done["projects"], "projects", lang)[0])
    else:
        takeaway = t("investment.pipeline.takeaway_short")
    ui.show_chart(page, figs.build_pipeline(tiers, lang, page.present), "pipeline", pipeline_table(tiers),
                  grouped_sources(tier_rows(tiers, ("projects_id", "investment_id", "completion_id"))), takeaway)


def show_completion(tiers: pd.DataFrame) -> None:
    st.header(t("investment.completion.title"))
    st.caption(t("investment.completion.note"))
    done = tiers[tiers["completion"].notna()]
    if done.empty:
        st.caption(t("common.app.not_disclosed_long"))
        return
    best = done.loc[done["completion"].idxmax()].to_dict()
    takeaway = t("investment.completion.takeaway", over=int((done["completion"] >= 100).sum()), total=len(done),
                 top=pick(best, "name", lang), value=fmt_value(best["completion"], "percent", lang))
    rows = tier_rows(done, ("completion_id",))
    ui.show_chart(page, figs.build_completion(tiers, lang, page.present), "completion",
                  ui.indicator_table(page, rows), grouped_sources(rows), takeaway)


def show_fai() -> None:
    st.header(t("investment.fai.title"))
    zhenhai, city, lead = (ind.get(k) for k in ("inv_fai_growth_2020", "inv_fai_city_avg_2020", "inv_fai_lead_pp_2020"))
    if not (zhenhai and city and lead):
        st.caption(t("common.app.not_disclosed_long"))
        return
    st.caption(t("investment.fai.formula", zhenhai=fmt_value(zhenhai["value"], "percent", lang),
                 lead=fmt_value(lead["value"], "pp", lang), city=fmt_value(city["value"], "percent", lang)))
    first = ind.get("inv_fai_first_years")
    takeaway = t("investment.fai.takeaway", lead=fmt_value(lead["value"], "pp", lang),
                 years=fmt_value(first["value"], "years", lang) if first else t("common.app.not_disclosed"))
    rows = [r for r in (zhenhai, city, *(ind.get(k) for k in FAI_FACTS)) if r]
    ui.show_chart(page, figs.build_fai_growth(zhenhai, city, lead, lang, page.present), "fai_growth",
                  ui.indicator_table(page, rows), grouped_sources(rows), takeaway)


def show_fai_facts() -> None:
    for col, key in zip(st.columns(len(FAI_FACTS)), FAI_FACTS):
        with col:
            ui.kpi(page, ind.get(key), t(f"investment.kpi.{key}"))


def _badges(rows: list[dict], colour: str) -> str:
    return " ".join(f":{colour}-badge[{pick(r, 'name', lang)}]" for r in rows)


def show_milestone(row: dict | None, label: str) -> None:
    if row is None:
        st.markdown(t("investment.tc.milestone_nd", label=label, nd=t("common.app.not_disclosed")))
        return
    words = pick(row, "date_text", lang) if row["precision"] == "described" else ""
    detail = " · ".join(x for x in (t(f"investment.ms_kind.{row['kind']}"), words) if x)
    st.markdown(t("investment.tc.milestone", label=label, date=figs.fmt_milestone(row, lang), detail=detail),
                help=pick(row, "label", lang) + "\n\n" + ui.source_text(page, row))


def show_transfar() -> None:
    proj = itm.get("proj_transfar")
    if proj is None:
        return
    st.header(t("investment.tc.title", name=pick(proj, "name", lang)))
    status = t(f"common.status.{proj['status']}") if proj["status"] else ""
    st.caption(" · ".join(x for x in (status, pick(proj, "note", lang)) if x) + " · " + ui.source_text(page, proj))
    for col, key in zip(st.columns(3), ("firms", "jobs", "platform")):
        with col:
            ui.kpi(page, ind.get(f"inv_tc_{key}_target"), t(f"investment.tc.{key}"))
    ms = ui.by_id(milestones) if milestones is not None else {}
    kids = [r for r in itm.values() if r["parent"] == "proj_transfar"]
    when, fn_col, svc_col = st.columns([1, 1, 1], gap="large")
    with when:
        st.markdown(f"**{t('investment.tc.timeline')}**")
        show_milestone(ms.get("ms_transfar_start"), t("investment.tc.start"))
        show_milestone(ms.get("ms_transfar_due"), t("investment.tc.due"))
    for col, group, key, colour in ((fn_col, "tc_function", "functions", "blue"),
                                    (svc_col, "tc_service", "services", "green")):
        rows = [r for r in kids if r["group"] == group]
        with col:
            st.markdown(f"**{t(f'investment.tc.{key}', n=len(rows))}**")
            if rows:
                st.markdown(_badges(rows, colour))
                for line in grouped_sources(rows):
                    st.caption(line)
            else:
                st.caption(t("common.app.not_disclosed_long"))


def show_strategy() -> None:
    st.header(t("investment.strategy.title"))
    st.caption(t("investment.strategy.note"))
    linked = {r["item"]: r for r in ind.values() if r["item"]}
    for group, per_row in (("cluster", 4), ("strategy", 4)):
        rows = [r for r in itm.values() if r["topic"] == "investment" and r["group"] == group]
        if not rows:
            continue
        st.markdown(f"**{t(f'investment.strategy.{group}')}**")
        for start in range(0, len(rows), per_row):
            for col, r in zip(st.columns(per_row), rows[start:start + per_row]):
                with col, st.container(border=True):
                    fig = linked.get(r["id"])
                    head = f"**{pick(r, 'name', lang)}**"
                    if fig is not None:
                        head += f" · {fmt_value(fig['value'], fig['unit'], lang)}"
                    # The source sits behind the ? so a dozen cards stay compact.
                    st.markdown(head, help=ui.source_text(page, fig if fig is not None else r))
                    status = t(f"common.status.{r['status']}") if r["status"] else ""
                    note = pick(r, "note", lang)
                    if status or note:
                        st.caption(" · ".join(x for x in (status, note) if x))


if indicators is not None:
    show_headline()
    if items is not None:
        tiers = figs.tier_frame(indicators, items)
        show_pipeline(tiers)
        left, right = st.columns(2, gap="large")
        with left:
            show_completion(tiers)
        with right:
            show_fai()
    else:
        show_fai()
    show_fai_facts()
if items is not None:
    show_transfar()
    show_strategy()

meeting_nav(page)
