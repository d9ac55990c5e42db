"""Support and repatriation page: layout only."""

import streamlit as st

from app import blocks
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
year = year_selector(support.years(ctx.public), "support_year", ctx.lang)
if year is not None:
    view = support.build(ctx, year)
    left, right = st.columns(2)
    blocks.chart(view.assistance_fig, "support_assisted", ctx.lang, view.assistance, container=left)
    right.subheader(t("assistance_by_year", ctx.lang), anchor=False)
    blocks.table(view.assistance, container=right)
    incomplete_note(ctx.lang)
    left, right = st.columns(2)
    blocks.chart(view.services_fig, "support_services", ctx.lang, view.services, container=left)
    blocks.chart(
        view.repatriations_fig, "support_repatriations", ctx.lang, view.repatriations, container=right
    )
    left, right = st.columns(2)
    left.subheader(t("repatriations_table", ctx.lang), anchor=False)
    blocks.table(view.repatriations, container=left)
    if not view.by_status.empty:  # public: the status breakdown is outside the catalogue
        right.subheader(t("repatriation_status", ctx.lang), anchor=False)
        blocks.table(view.by_status, container=right)
