"""Provinces page: layout only."""

import streamlit as st

from app import blocks
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
    left, right = st.columns(2)
    blocks.province_map(view.map_fig, "provinces_map", ctx.lang, view.one_year, container=left)
    if view.rate_fig is None:
        right.subheader(t("rate_per_100k", ctx.lang), anchor=False)
        right.info(t("provinces_no_rate", ctx.lang))
    else:
        blocks.province_map(view.rate_fig, "provinces_rate_map", ctx.lang, container=right)
    st.metric(t("unknown_province", ctx.lang), view.unknown, help=t("help_unknown_province", ctx.lang))
    st.caption(t("reform_note", ctx.lang))
    blocks.table(view.by_year, title=t("provinces_by_year", ctx.lang))
