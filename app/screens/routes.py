"""Routes page: layout only."""

import streamlit as st

from app import blocks
from app.context import current
from app.i18n import t
from app.layout import incomplete_note, page_header, year_selector
from app.views import routes

ROUTES_TABLES = ("victim_routes", "cases_quarterly", "completeness", "provinces")

ctx = current()
page_header(ctx, "page_routes", ROUTES_TABLES)
year = year_selector(routes.years(ctx.public), "routes_year", ctx.lang)
if year is not None:
    view = routes.build(ctx, year)
    blocks.chart(view.top_routes, "routes_top", ctx.lang, view.flows)
    if view.hidden_flows:
        st.caption(t("routes_hidden", ctx.lang, n=view.hidden_flows))
    with st.expander(t("routes_table", ctx.lang)):
        blocks.table(view.flows)
    blocks.chart(view.channels_fig, "routes_channels", ctx.lang, view.channels, with_table="below")
    st.caption(t("online_note", ctx.lang))
    incomplete_note(ctx.lang)
