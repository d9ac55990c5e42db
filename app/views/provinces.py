"""Provinces: detected victims per province of residence (34 units) and year.

Counts only: no published table holds population by province, so no rate per 100,000 here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from app import charts, data, protect
from app.context import ViewContext
from app.i18n import t
from app.views.common import confirmed, province_labeler, province_order


@dataclass
class Provinces:
    ranked_fig: go.Figure
    by_year: pd.DataFrame


def years() -> list[int]:
    return data.years("victims_detected")


def build(ctx: ViewContext, year: int) -> Provinces:
    lang, public = ctx.lang, ctx.public
    detected = confirmed(data.table("victims_detected"))
    pt = protect.table(detected, "residence_province", "year", "victims", public, row_order=province_order())
    names = province_labeler(lang)
    long = protect.chart_data(pt, lang, row="province", col="year")
    one_year = long[long["year"] == year].copy()
    one_year["label"] = [names(c) for c in one_year["province"]]
    fig = charts.ranked_bars(
        one_year, "label", t("provinces_ranked", lang, year=year), t("victims", lang), lang
    )
    table = protect.display_frame(pt, lang, names, str, t("province", lang))
    return Provinces(fig, table)
