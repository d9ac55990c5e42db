"""Provinces page: layout only."""

import streamlit as st

from app.context import current
from app.i18n import t
from app.layout import page_header, year_selector
from app.views import provinces

PROVINCES_TABLES = ("victims_detected", "provinces")

ctx = current()
page_header(ctx, "page_provinces", PROVINCES_TABLES)
st.caption(t("provinces_no_rate", ctx.lang))
year = year_selector(provinces.years(), "provinces_year", ctx.lang)
if year is not None:
    view = provinces.build(ctx, year)
    st.plotly_chart(view.ranked_fig, key="provinces_ranked")
    st.subheader(t("provinces_by_year", ctx.lang))
    st.dataframe(view.by_year, hide_index=True, height="content")
