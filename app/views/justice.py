"""Justice: persons suspected → prosecuted → convicted per year, and by sex."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from app import charts, data, protect
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


def build(ctx: ViewContext, year: int) -> Justice:
    lang, public = ctx.lang, ctx.public
    rows = data.table("justice_funnel")
    pt = protect.table(rows, "year", "stage", "persons", public, col_order=STAGES)
    funnel_fig = charts.grouped_bars(
        protect.chart_data(pt, lang, row="year", col="stage"),
        "year",
        "stage",
        lang,
        t("funnel", lang),
        t("year", lang),
        t("persons", lang),
        group_labels=code_labels("stage", lang),
        incomplete=incomplete_years(data.incomplete_periods()),
    )
    funnel_fig.update_xaxes(type="category")
    one = rows[rows["year"] == year]
    sex = protect.table(one, "stage", "sex", "persons", public, row_order=STAGES)
    by_sex_fig = charts.grouped_bars(
        protect.chart_data(sex, lang, row="stage", col="sex"),
        "stage",
        "sex",
        lang,
        t("funnel_by_sex", lang, year=year),
        t("stage", lang),
        t("persons", lang),
        group_labels=code_labels("sex", lang),
        x_labels=code_labels("stage", lang),
    )
    return Justice(
        funnel_fig,
        protect.display_frame(pt, lang, str, code_labeler("stage", lang), t("year", lang)),
        by_sex_fig,
        protect.display_frame(
            sex, lang, code_labeler("stage", lang), code_labeler("sex", lang), t("stage", lang)
        ),
    )
