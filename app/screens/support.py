"""Support and repatriation page: layout only."""

import streamlit as st

from app.context import current
from app.i18n import t
from app.layout import incomplete_note, page_header, year_selector
from app.views import support

SUPPORT_TABLES = (
    "assistance",
    "assistance_services",
    "repatriations",
    "repatriations_by_status",
    "completeness",
)

ctx = current()
page_header(ctx, "page_support", SUPPORT_TABLES)
year = year_selector(support.years(), "support_year", ctx.lang)
if year is not None:
    view = support.build(ctx, year)
    left, right = st.columns(2)
    left.plotly_chart(view.assistance_fig, key="support_assisted")
    right.subheader(t("assistance_by_year", ctx.lang))
    right.dataframe(view.assistance, hide_index=True, height="content")
    incomplete_note(ctx.lang)
    left, right = st.columns(2)
    left.plotly_chart(view.services_fig, key="support_services")
    right.plotly_chart(view.repatriations_fig, key="support_repatriations")
    left, right = st.columns(2)
    left.dataframe(view.repatriations, hide_index=True, height="content")
    right.subheader(t("repatriation_status", ctx.lang))
    right.dataframe(view.by_status, hide_index=True, height="content")
