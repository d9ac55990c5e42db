"""Justice: persons suspected → prosecuted → convicted per year, and by sex."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from app import charts, data, periods, protect
from app.cache import per_version
from app.context import ViewContext
from app.i18n import code_labels, t
from app.views.common import code_labeler, incomplete_years

STAGES = ("SUSPECTED", "PROSECUTED", "CONVICTED")


@dataclass
class Justice:
    funnel_fig: go.Figure
    funnel: pd.DataFrame
    by_sex_fig: go.Figure
    by_sex: pd.DataFrame


def years() -> list[int]:
    return data.years("justice_funnel")


@per_version
def build(ctx: ViewContext, year: int) -> Justice:
    lang, public = ctx.lang, ctx.public
    coverage = periods.coverage()
    rows = data.table("justice_funnel")
    rows = rows[rows["year"].isin(coverage.years(sorted(rows["year"].unique())))]
    # No total across stages: the same person can be suspected, prosecuted and convicted.
    pt = protect.table(rows, "year", "stage", "persons", public, margins=False, col_order=STAGES)
    partial = [str(y) for y in sorted(rows["year"].unique()) if coverage.is_partial(int(y))]
    funnel_fig = charts.grouped_bars(
        protect.chart_data(pt, lang, row="year", col="stage"),
        "year",
        "stage",
        lang,
        t("funnel", lang),
        t("year", lang),
        t("persons", lang),
        group_labels=code_labels("stage", lang),
        incomplete=sorted(set(incomplete_years(data.incomplete_periods())) | set(partial)),
    )
    funnel_fig.update_xaxes(type="category")
    charts.label_years(funnel_fig, sorted(rows["year"].unique()), lambda y: coverage.year_label(y, lang))
    one = rows[rows["year"] == year]
    sex = protect.table(one, "stage", "sex", "persons", public, row_order=STAGES)
    # Each stage's total over the sexes is kept (one person, one sex); the total over stages is not.
    sex = _without_total_row(sex)
    by_sex_fig = charts.grouped_bars(
        protect.chart_data(sex, lang, row="stage", col="sex"),
        "stage",
        "sex",
        lang,
        t("funnel_by_sex", lang, year=periods.coverage().year_label(year, lang)),
        t("stage", lang),
        t("persons", lang),
        group_labels=code_labels("sex", lang),
        x_labels=code_labels("stage", lang),
    )
    return Justice(
        funnel_fig,
        protect.display_frame(
            pt, lang, lambda y: coverage.year_label(y, lang), code_labeler("stage", lang), t("year", lang)
        ),
        by_sex_fig,
        protect.display_frame(
            sex, lang, code_labeler("stage", lang), code_labeler("sex", lang), t("stage", lang)
        ),
    )


def _without_total_row(pt):
    """The table without its total-over-stages row (the same person is in several stages)."""
    from tipstat.disclosure import TOTAL, ProtectedTable

    keep = [r for r in pt.values.index if r != TOTAL]
    return ProtectedTable(
        values=pt.values.loc[keep],
        suppressed=pt.suppressed.loc[keep],
        display=pt.display.loc[keep],
        threshold=pt.threshold,
    )
