"""Victims page: layout only."""

import streamlit as st

from app import blocks, periods
from app.context import current
from app.i18n import t
from app.layout import page_header, year_selector
from app.views import victims

VICTIMS_TABLES = ("victims_detected",)

ctx = current()
page_header(ctx, "page_victims", VICTIMS_TABLES)
year = year_selector(victims.years(ctx.public), "victims_year", ctx.lang)
if year is not None:
    view = victims.build(ctx, year)
    when = periods.coverage().year_label(year, ctx.lang)
    left, right = st.columns(2)
    blocks.chart(
        view.sex_age_fig,
        "victims_sex_age",
        ctx.lang,
        view.sex_age,
        container=left,
        title=f"{t('sex_by_age', ctx.lang)}, {when}",
    )
    right.subheader(t("table_of", ctx.lang), anchor=False)
    blocks.table(view.sex_age, container=right)
    blocks.chart(
        view.form_sex_fig,
        "victims_form_sex",
        ctx.lang,
        view.form_sex,
        title=f"{t('form_by_sex', ctx.lang)}, {when}",
    )
    blocks.table(view.form_sex)
    left, right = st.columns(2)
    blocks.chart(
        view.citizenship_fig,
        "victims_citizenship",
        ctx.lang,
        view.citizenship,
        container=left,
        title=f"{t('by_citizenship', ctx.lang)}, {when}",
    )
    right.subheader(t("table_of", ctx.lang), anchor=False)
    blocks.table(view.citizenship, container=right)
    blocks.chart(
        view.status_form_fig,
        "victims_status",
        ctx.lang,
        view.status_form,
        title=f"{t('presumed_beside', ctx.lang)}, {when}",
    )
    blocks.table(view.status_form)
