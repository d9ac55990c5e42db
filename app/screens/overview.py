"""Overview page: layout only."""

import streamlit as st

from app import blocks, periods
from app.context import current
from app.i18n import t
from app.layout import page_header
from app.views import overview

OVERVIEW_TABLES = ("victims_detected", "victims_quarterly", "cases", "justice_funnel", "completeness")

ctx = current()
page_header(ctx, "page_overview", OVERVIEW_TABLES)
view = overview.build(ctx)
if view.year is None:
    st.info(t("no_data", ctx.lang))
    st.stop()
blocks.kpi_cards([(k.label, k.figure.text, k.delta, k.help) for k in view.kpis], ctx.lang)
blocks.chart(view.by_quarter, "overview_quarter", ctx.lang, view.quarter_table)
st.caption(overview.incomplete_text(view.incomplete_periods, ctx.lang, periods.coverage()))
blocks.chart(view.by_year, "overview_year", ctx.lang, view.year_table)
