"""Victims page: layout only."""

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
    table_of = t("table_of", ctx.lang)
    for fig, key, frame, title_key, place in (
        (view.sex_age_fig, "victims_sex_age", view.sex_age, "sex_by_age", "beside"),
        (view.form_sex_fig, "victims_form_sex", view.form_sex, "form_by_sex", "below"),
        (view.citizenship_fig, "victims_citizenship", view.citizenship, "by_citizenship", "beside"),
        (view.status_form_fig, "victims_status", view.status_form, "presumed_beside", "below"),
    ):
        title = f"{t(title_key, ctx.lang)}, {when}"
        blocks.chart(fig, key, ctx.lang, frame, title=title, with_table=place, table_title=table_of)
