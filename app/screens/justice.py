"""Justice page: layout only."""

from app import blocks
from app.context import current
from app.layout import incomplete_note, page_header, year_selector
from app.views import justice

JUSTICE_TABLES = ("justice_funnel", "completeness")

ctx = current()
page_header(ctx, "page_justice", JUSTICE_TABLES)
year = year_selector(justice.years(ctx.public), "justice_year", ctx.lang)
if year is not None:
    view = justice.build(ctx, year)
    blocks.chart(view.funnel_fig, "justice_funnel", ctx.lang, view.funnel, with_table="below")
    incomplete_note(ctx.lang)
    blocks.chart(view.by_sex_fig, "justice_by_sex", ctx.lang, view.by_sex, with_table="below")
