"""Home: the four hard cores at a glance, with the period's goals."""

import streamlit as st

from components import ui
from components.page import SCRIPT, meeting_nav, page_setup

page = page_setup("home")
t = page.t

st.title(t("home.title"))
if not page.present:
    st.write(t("home.intro"))

indicators = ui.load(page, "indicators")
if indicators is not None:
    ind = ui.by_id(indicators)
    cards = {
        "innovation": ["inn_hightech_2020", "inn_hightech_growth_2020"],
        "investment": ["inv_fai_growth_2020", "inv_2020_key_completion"],
        "city": ["city_zhuangshi_projects_2021", "city_xiepu_p1s1_progress"],
        "digital": ["dig_grad_items", "dig_platforms"],
    }
    cards_row = st.container(key="compact_home_cards")
    for col, (topic, ids) in zip(cards_row.columns(4, gap="medium"), cards.items()):
        with col, st.container(border=True):
            st.subheader(t(f"home.card.{topic}.title"))
            for i in ids:
                ui.kpi(page, ind.get(i))
            if topic == "city":
                st.caption(t("home.card.city.opened"))
            st.markdown(t(f"home.card.{topic}.takeaway"))
            st.page_link(SCRIPT[topic], label=t("home.open"), query_params=page.params)

    st.subheader(t("home.goals"))
    g1, g2, g3 = st.columns(3, gap="medium")
    with g1, st.container(border=True):
        st.markdown(f"**{t('home.goal_rebuild')}**")
        st.caption(t("home.goal_rebuild_text"))
        st.caption(ui.source_text(page, ind["ov_rebuild_horizon"]))
    with g2, st.container(border=True):
        st.markdown(f"**{t('home.goal_2025')}**")
        st.caption(t("home.goal_2025_text"))
        milestones = ui.load(page, "milestones")
        if milestones is not None:
            st.caption(ui.source_text(page, ui.by_id(milestones)["ms_innovation_2025"]))
    with g3, st.container(border=True):
        steps = [ind[f"city_1618_step{n}"] for n in (1, 2, 3)]
        st.markdown(f"**{t('home.goal_steps')}**")
        st.caption(t("home.goal_steps_text", a=f"{steps[0]['value']:g}", b=f"{steps[1]['value']:g}",
                     c=f"{steps[2]['value']:g}"))
        st.caption(ui.source_text(page, steps[0]))

meeting_nav(page)
