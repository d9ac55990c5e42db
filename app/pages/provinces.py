"""Provinces page: layout only."""

import streamlit as st

from app.context import current
from app.i18n import t
from app.layout import page_header, year_selector
from app.views import provinces

PROVINCES_TABLES = ("victims_detected", "provinces", "population_by_province")

ctx = current()
page_header(ctx, "page_provinces", PROVINCES_TABLES)
year = year_selector(provinces.years(ctx.public), "provinces_year", ctx.lang)
if year is not None:
    view = provinces.build(ctx, year)
    st.plotly_chart(view.ranked_fig, key="provinces_ranked")
    st.subheader(t("provinces_rates", ctx.lang, year=year))
    if view.rates is None:
        st.caption(t("provinces_no_rate", ctx.lang))
    else:
        st.dataframe(view.rates, hide_index=True, height="content")
    st.subheader(t("provinces_by_year", ctx.lang))
    st.dataframe(view.by_year, hide_index=True, height="content")
