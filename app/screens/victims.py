"""Victims page: layout only."""

import streamlit as st

from app.context import current
from app.i18n import t
from app.layout import page_header, year_selector
from app.views import victims

VICTIMS_TABLES = ("victims_detected",)

ctx = current()
page_header(ctx, "page_victims", VICTIMS_TABLES)
year = year_selector(victims.years(), "victims_year", ctx.lang)
if year is not None:
    view = victims.build(ctx, year)
    left, right = st.columns(2)
    left.plotly_chart(view.sex_age_fig, key="victims_sex_age")
    right.subheader(t("sex_by_age", ctx.lang))
    right.dataframe(view.sex_age, hide_index=True, height="content")
    st.plotly_chart(view.form_sex_fig, key="victims_form_sex")
    st.dataframe(view.form_sex, hide_index=True, height="content")
    left, right = st.columns(2)
    left.plotly_chart(view.citizenship_fig, key="victims_citizenship")
    right.subheader(t("by_citizenship", ctx.lang))
    right.dataframe(view.citizenship, hide_index=True, height="content")
    st.plotly_chart(view.status_form_fig, key="victims_status")
    st.dataframe(view.status_form, hide_index=True, height="content")
