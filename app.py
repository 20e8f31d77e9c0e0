"""Home: the four hard cores at a glance, with the period's goals."""

import streamlit as st

from components import ui
from components.fmt import fmt_date
from components.i18n import pick
from components.page import SCRIPT, meeting_nav, page_setup

page = page_setup("home")
t = page.t

CARDS = {
    "innovation": ["inn_hightech_2020", "inn_hightech_growth_2020"],
    "investment": ["inv_fai_growth_2020", "inv_2020_key_completion"],
    "city": ["city_zhuangshi_projects_2021", "city_xiepu_p1s1_progress"],
    "digital": ["dig_grad_items", "dig_platforms"],
}
OPENINGS = ("ms_line2_open", "ms_bridge_open")  # 2020's "one line, one bridge"


def openings_caption(milestones, items) -> str | None:
    """'Opened: <line> (<date>) and <bridge> (<date>)', names and dates from the data."""
    ms, it = ui.by_id(milestones), ui.by_id(items)
    rows = [ms.get(i) for i in OPENINGS]
    if not all(rows) or not all(r["item"] in it for r in rows):
        return None
    (a, b), names = rows, [pick(it[r["item"]], "name", page.lang) for r in rows]
    return t("home.card.city.opened", line2=names[0], d1=fmt_date(a, page.lang), bridge=names[1],
             d2=fmt_date(b, page.lang))


st.title(t("home.title"))
if not page.present:
    st.write(t("home.intro"))

indicators = ui.load(page, "indicators")
milestones = ui.load(page, "milestones")
items = ui.load(page, "items")
if indicators is not None:
    ind = ui.by_id(indicators)
    cards_row = st.container(key="compact_home_cards")
    for col, (topic, ids) in zip(cards_row.columns(4, gap="medium"), CARDS.items()):
        with col, st.container(border=True):
            st.header(t(f"home.card.{topic}.title"))
            for i in ids:
                ui.kpi(page, ind.get(i))
            if topic == "city" and milestones is not None and items is not None:
                caption = openings_caption(milestones, items)
                if caption:
                    st.caption(caption)
            st.markdown(t(f"home.card.{topic}.takeaway"))
            st.page_link(SCRIPT[topic], label=t("home.open"), query_params=page.params)

    st.header(t("home.goals"))
    ms = ui.by_id(milestones) if milestones is not None else {}
    g1, g2, g3 = st.columns(3, gap="medium")
    with g1, st.container(border=True):
        horizon = ind["ov_rebuild_horizon"]
        st.markdown(f"**{t('home.goal_rebuild')}**")
        st.caption(t("home.goal_rebuild_text", period=t(f"common.period.{horizon['period']}")))
        st.caption(ui.source_text(page, horizon))
    with g2, st.container(border=True):
        target, plenum = ms.get("ms_innovation_2025"), ms.get("ms_plenum_decision")
        if target and plenum:
            st.markdown(f"**{t('home.goal_2025', date=fmt_date(target, page.lang))}**")
            st.caption(t("home.goal_2025_text", date=fmt_date(plenum, page.lang)))
            st.caption(ui.source_text(page, target))
    with g3, st.container(border=True):
        steps = [ind[f"city_1618_step{n}"] for n in (1, 2, 3)]
        st.markdown(f"**{t('home.goal_steps')}**")
        st.caption(t("home.goal_steps_text", a=f"{steps[0]['value']:g}", b=f"{steps[1]['value']:g}",
                     c=f"{steps[2]['value']:g}"))
        st.caption(ui.source_text(page, steps[0]))

meeting_nav(page)
