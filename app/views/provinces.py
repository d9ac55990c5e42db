"""Provinces: detected victims per province of residence (34 units) and year, and the rate per
100,000 residents where the year has a population file (`reporting.population_by_province`).

A rate whose count is suppressed is suppressed too (counting.md, Disclosure control).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from app import charts, data, protect
from app.context import ViewContext
from app.i18n import fmt_decimal, t
from app.views.common import confirmed, province_labeler, province_order
from tipstat.disclosure import suppress_rate


@dataclass
class Provinces:
    ranked_fig: go.Figure
    by_year: pd.DataFrame
    rates: pd.DataFrame | None  # None when the year has no population figures


def years(public: bool = False) -> list[int]:
    if public:
        return sorted({int(y) for y in protect.cat_frame("victims_province_country")["year"]})
    return data.years("victims_detected")


def build(ctx: ViewContext, year: int) -> Provinces:
    lang, public = ctx.lang, ctx.public
    if public:
        pt = protect.cat_table(
            "victims_province_country",
            {"exploitation_country": "_T"},
            "residence_province",
            "year",
            row_order=province_order(),
            margins=False,
        )
    else:
        detected = confirmed(data.table("victims_detected"))
        pt = protect.table(
            detected, "residence_province", "year", "victims", False, row_order=province_order()
        )
    names = province_labeler(lang)
    long = protect.chart_data(pt, lang, row="province", col="year")
    one_year = long[long["year"] == year].copy()
    one_year["label"] = [names(c) for c in one_year["province"]]
    fig = charts.ranked_bars(
        one_year, "label", t("provinces_ranked", lang, year=year), t("victims", lang), lang
    )
    table = protect.display_frame(pt, lang, names, str, t("province", lang))
    return Provinces(fig, table, _rates(one_year, year, lang, public))


def _rates(one_year: pd.DataFrame, year: int, lang: str, public: bool) -> pd.DataFrame | None:
    """Victims per 100,000 residents by province for one year; suppressed with their count."""
    if public:  # the catalogue's population table (NSO figures, not protected)
        pop = protect.cat_frame("population", {"year": year})
        population = (
            pop.groupby("residence_province", as_index=False)["value"]
            .sum()
            .rename(columns={"residence_province": "province", "value": "population"})
        )
    else:
        population = data.query(
            "SELECT province, sum(population) AS population FROM reporting.population_by_province "
            "WHERE year = ? GROUP BY province",
            (year,),
        )
    if population.empty:
        return None
    residents = dict(zip(population["province"], population["population"], strict=True))
    records = []
    for row in one_year.itertuples(index=False):
        people = residents.get(row.province)
        if not people:
            continue
        rate = suppress_rate(None if row.suppressed else row.value * 100_000 / people, bool(row.suppressed))
        records.append(
            {
                t("province", lang): row.label,
                t("victims", lang): row.text,
                t("rate_per_100k", lang): "–" if rate is None else fmt_decimal(rate, lang, 2),
                "_sort": -1.0 if rate is None else rate,
            }
        )
    frame = pd.DataFrame.from_records(records)
    return frame.sort_values("_sort", ascending=False).drop(columns="_sort") if records else None
