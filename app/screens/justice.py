"""Justice page: layout only."""

import streamlit as st

from app.context import current
from app.layout import incomplete_note, page_header, year_selector
from app.views import justice

JUSTICE_TABLES = ("justice_funnel", "completeness")

ctx = current()
page_header(ctx, "page_justice", JUSTICE_TABLES)
year = year_selector(justice.years(), "justice_year", ctx.lang)
if year is not None:
    view = justice.build(ctx, year)
    st.plotly_chart(view.funnel_fig, key="justice_funnel")
    incomplete_note(ctx.lang)
    st.dataframe(view.funnel, hide_index=True, height="content")
    st.plotly_chart(view.by_sex_fig, key="justice_by_sex")
    st.dataframe(view.by_sex, hide_index=True, height="content")
