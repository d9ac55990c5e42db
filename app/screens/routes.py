"""Routes page: layout only."""

import streamlit as st

from app.context import current
from app.i18n import t
from app.layout import incomplete_note, page_header, year_selector
from app.views import routes

ROUTES_TABLES = ("victim_routes", "cases_quarterly", "completeness", "provinces")

ctx = current()
page_header(ctx, "page_routes", ROUTES_TABLES)
year = year_selector(routes.years(), "routes_year", ctx.lang)
if year is not None:
    view = routes.build(ctx, year)
    st.plotly_chart(view.sankey, key="routes_sankey")
    if view.hidden_flows:
        st.caption(t("routes_hidden", ctx.lang, n=view.hidden_flows))
    with st.expander(t("routes_table", ctx.lang)):
        st.dataframe(view.flows, hide_index=True, height="content")
    st.plotly_chart(view.channels_fig, key="routes_channels")
    st.caption(t("online_note", ctx.lang))
    incomplete_note(ctx.lang)
    st.dataframe(view.channels, hide_index=True, height="content")
