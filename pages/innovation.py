"""Innovation: how fast the innovation base grew in 2020, what has been built, and what is coming."""

import pandas as pd
import streamlit as st

from components import ui
from components.figures.innovation import (
    GROWTH_IDS,
    STAGES,
    board_rows,
    build_growth,
    fill_formula,
    growth_rows,
    missing_growth_ids,
)
from components.fmt import fmt_date, fmt_number
from components.i18n import pick
from components.page import meeting_nav, page_setup

page = page_setup("innovation")
t = page.t

# (indicator id, label key): the 2020 results an official should see first.
KPIS = (
    ("inn_hightech_2020", "hightech"),
    ("inn_hightech_growth_2020", "growth"),
    ("inn_top_talent_2020", "top_talent"),
    ("inn_talent_applicants_2020", "applicants"),
    ("inn_talent_projects_2020", "projects"),
)
STAGE_COLOUR = {"in_place": "green", "building": "blue", "next": "orange"}
# Five cards share a row: each column is as wide as its value needs (English units are long), the values a
# little smaller than the shell's so "227 enterprises" fits whole (the shell wraps what still does not), and
# labels share a height so the cards line up.
KPI_CSS = """<style>
[data-testid="stMetricLabel"] { min-height: 2.7em; align-items: flex-start; }
</style>"""
KPI_SIZE_CSS = "<style>[data-testid='stMetricValue'] {{ font-size: {size} !important; }}</style>"

def _n(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def _dated_lines(row: dict | None, heading_key: str) -> None:
    """A milestone as date · heading, its label and its source; not disclosed when the row is missing."""
    if row:
        st.markdown(f"**{fmt_date(row, page.lang)}** · {t(heading_key)}")
        st.markdown(pick(row, "label", page.lang))
        st.caption(ui.source_text(page, row))
    else:
        st.markdown(f"**{t(heading_key)}**")
        st.caption(t("common.app.not_disclosed"))


def _takeaway(text: str) -> None:
    # Written as ui.show_chart writes the takeaway under a chart, so all three read alike.
    sep = "：" if page.lang == "zh" else ":"
    st.markdown(f"**{t('common.ui.takeaway')}{sep}** {text}")


def show_kpis(ind: dict) -> None:
    st.html(KPI_CSS + KPI_SIZE_CSS.format(size="1.8rem" if page.present else "1.7rem"))
    widths = []
    for iid, _ in KPIS:
        row = ind.get(iid)
        shown = " ".join(fmt_number(row["value"], row["unit"], page.lang)) if row else t("common.app.not_disclosed")
        widths.append(4 + max(len(shown), 8))
    for col, (iid, key) in zip(st.columns(widths, gap="small"), KPIS):
        with col:
            ui.kpi(page, ind.get(iid), label=t(f"innovation.kpi.{key}"))


def show_growth(indicators: pd.DataFrame, ind: dict) -> None:
    missing = missing_growth_ids(indicators)
    if missing:
        st.warning(t("innovation.growth.missing", ids=", ".join(missing)))
        return
    before, after, added = (ind[GROWTH_IDS[k]] for k in ("before", "after", "added"))
    st.header(t("innovation.growth.heading"))
    rows = growth_rows(indicators)
    values = dict(zip(indicators["id"], indicators["value"]))
    table = ui.indicator_table(page, rows)
    table[t("innovation.growth.col_filled")] = [fill_formula(r["formula"], values) if r["formula"] else "" for r in rows]
    ui.show_chart(
        page, build_growth(indicators, page.lang, page.present), "hightech_growth", table,
        [ui.source_text(page, r) for r in rows],
        t("innovation.growth.takeaway", before=_n(before["value"]), after=_n(after["value"]), added=_n(added["value"])),
    )


def show_board(items: pd.DataFrame, milestones: pd.DataFrame | None) -> None:
    st.header(t("innovation.board.heading"))
    rows = board_rows(items, milestones, page.lang)
    for stage, col in zip(STAGES, st.columns(len(STAGES), gap="small")):
        with col:
            st.markdown(f"**{t(f'innovation.board.{stage}')}**")
            for r in (r for r in rows if r["stage"] == stage):
                with st.container(border=True):
                    st.markdown(f"**{pick(r, 'name', page.lang)}**")
                    st.badge(r["status_text"], color=STAGE_COLOUR[stage])
                    for m in r["milestones"]:
                        st.caption(m)
                    # The lab's note restates its dated milestone; show a note only where there is none.
                    note = pick(r, "note", page.lang)
                    if note and not r["milestones"]:
                        st.caption(note)
                    # The anchor is the article's own wording; section and anchor together on hover.
                    st.caption(t("innovation.board.quote", anchor=r["anchor"]), help=ui.source_text(page, r))
    by_stage = {s: [r for r in rows if r["stage"] == s] for s in STAGES}
    lab = next((r for r in by_stage["building"] if r["group"] == "lab"), None)
    _takeaway(t("innovation.board.takeaway", in_place=len(by_stage["in_place"]), coming=len(by_stage["next"]),
                lab=pick(lab, "name", page.lang) if lab else t("innovation.board.empty")))
    ui.table_view(page, pd.DataFrame([
        {
            t("common.col.name"): pick(r, "name", page.lang),
            t("innovation.board.col_group"): t(f"innovation.group.{r['group']}"),
            t("innovation.board.col_stage"): t(f"innovation.board.{r['stage']}"),
            t("common.col.status"): r["status_text"],
            t("innovation.board.col_milestone"): "; ".join(r["milestones"]),
            t("common.col.note"): pick(r, "note", page.lang),
            t("common.col.section"): ui.source_text(page, r),
            t("common.col.anchor"): r["anchor"],
        }
        for r in rows
    ]), "platforms")


def show_goals(ind: dict, items: pd.DataFrame | None, milestones: pd.DataFrame | None) -> None:
    st.header(t("innovation.goals.heading"))
    ms = ui.by_id(milestones) if milestones is not None else {}
    its = ui.by_id(items) if items is not None else {}
    plenum, target = ms.get("ms_plenum_decision"), ms.get("ms_innovation_2025")
    # Stacked in time order: the decision, the goal it set, and the two fields it named.
    with st.container(border=True):
        _dated_lines(plenum, "innovation.goals.plenum")
    with st.container(border=True):
        _dated_lines(target, "innovation.goals.target")
        corridor = its.get("inn_corridor")
        if corridor and pick(corridor, "note", page.lang):
            st.caption(t("innovation.goals.corridor", corridor=pick(corridor, "name", page.lang),
                         role=pick(corridor, "note", page.lang)), help=ui.source_text(page, corridor))
    with st.container(border=True):
        count = ind.get("inn_highlands")
        n = f"{count['value']:g}" if count else t("common.app.not_disclosed")
        st.markdown(f"**{t('innovation.goals.highlands', n=n)}**")
        for r in (r for r in its.values() if r["group"] == "highland"):
            st.markdown(f"- {pick(r, 'name', page.lang)}")
        if count:
            st.caption(ui.source_text(page, count))
    if plenum and target:
        _takeaway(t("innovation.goals.takeaway", decided=fmt_date(plenum, page.lang),
                    target=target["date"][:4]))


st.title(t("innovation.title"))
if not page.present:
    st.write(t("innovation.intro"))

indicators = ui.load(page, "indicators")
items = ui.load(page, "items")
milestones = ui.load(page, "milestones")
ind = ui.by_id(indicators) if indicators is not None else {}

if indicators is not None:
    show_kpis(ind)
left, right = st.columns([5, 4], gap="large")
if indicators is not None:
    with left:
        show_growth(indicators, ind)
with right:
    show_goals(ind, items, milestones)
if items is not None:
    show_board(items, milestones)

meeting_nav(page)
