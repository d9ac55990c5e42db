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
    blocks.chart(
        view.assistance_fig,
        "support_assisted",
        ctx.lang,
        view.assistance,
        with_table="beside",
        table_title=t("assistance_by_year", ctx.lang),
    )
    incomplete_note(ctx.lang)
    left, right = st.columns(2)
    blocks.chart(view.services_fig, "support_services", ctx.lang, view.services, container=left)
    blocks.chart(
        view.repatriations_fig,
        "support_repatriations",
        ctx.lang,
        view.repatriations,
        container=right,
        with_table="below",
        table_title=t("repatriations_table", ctx.lang),
    )
    if not view.by_status.empty:  # public: the status breakdown is outside the catalogue
        blocks.table(view.by_status, container=right, title=t("repatriation_status", ctx.lang))
