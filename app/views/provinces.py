"""Provinces: detected victims per province of residence (34 units) and year, on a map, with the
rate per 100,000 residents where the year has a population file (`reporting.population_by_province`).

Every year is shown on the 34-unit geography (counting.md: earlier codes are mapped through
`codes/provinces.csv`). The unknown province (`UNK`) is not a place: it is shown apart, not
ranked among the provinces. A rate whose count is suppressed is suppressed too.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from app import data, maps, periods, protect
from app.cache import per_version
from app.context import ViewContext
from app.i18n import fmt_decimal, t
from app.views.common import confirmed, province_labeler, province_order
from tipstat.disclosure import suppress_rate


@dataclass
class Provinces:
    map_fig: maps.ProvinceMap
    rate_fig: maps.ProvinceMap | None  # None when the year has no population figures
    unknown: str  # victims with no known province, as shown (`<5` when hidden)
    by_year: pd.DataFrame
    rates: pd.DataFrame | None
    one_year: pd.DataFrame


@per_version  # the years of a table: read once per published version
def years(public: bool = False) -> list[int]:
    if public:
        return sorted({int(y) for y in protect.cat_frame("victims_province_country")["year"]})
    return data.years("victims_detected")


@per_version
def build(ctx: ViewContext, year: int) -> Provinces:
    lang, public = ctx.lang, ctx.public
    coverage = periods.coverage()
    if public:  # the release's public catalogue only (disclosure.md)
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
        detected = detected[detected["year"].isin(coverage.years(sorted(detected["year"].unique())))]
        pt = protect.table(
            detected, "residence_province", "year", "victims", False, row_order=province_order()
        )
    names = province_labeler(lang)
    long = protect.chart_data(pt, lang, row="province", col="year")
    one_year = long[long["year"] == year].copy()
    one_year["label"] = [names(c) for c in one_year["province"]]
    unknown_row = one_year[one_year["province"] == "UNK"]
    unknown = unknown_row["text"].iloc[0] if len(unknown_row) else "0"
    places = one_year[one_year["province"] != "UNK"]
    span = coverage.year_label(year, lang)
    map_fig = maps.province_map(
        places, lang, t("map_victims", lang, year=span), t("victims", lang), key="victims"
    )
    rates = _rates(places, year, lang, public)
    rate_fig = None
    if rates is not None:
        rate_fig = maps.province_map(
            rates, lang, t("map_rates", lang, year=span), t("rate_per_100k", lang), decimals=2, key="rates"
        )
    table = protect.display_frame(
        pt, lang, names, lambda y: coverage.year_label(y, lang), t("province", lang)
    )
    shown = pd.DataFrame(
        {
            t("province", lang): list(one_year["label"]),
            t("victims", lang): list(one_year["text"]),
        }
    )
    if rates is not None:
        rate_text = dict(zip(rates["province"], rates["rate_text"], strict=True))
        shown[t("rate_per_100k", lang)] = [rate_text.get(p, "–") for p in one_year["province"]]
    return Provinces(map_fig, rate_fig, unknown, table, rates, shown)


def _rates(places: pd.DataFrame, year: int, lang: str, public: bool) -> pd.DataFrame | None:
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
    for row in places.itertuples(index=False):
        people = residents.get(row.province)
        if not people:
            continue
        hidden = bool(row.suppressed)
        rate = suppress_rate(None if hidden else row.value * 100_000 / people, hidden)
        text = row.text if hidden else ("–" if rate is None else fmt_decimal(rate, lang, 2))
        records.append(
            {
                "province": row.province,
                "label": row.label,
                "value": float("nan") if rate is None else rate,
                "text": text,
                "rate_text": text,
                "suppressed": hidden,
            }
        )
    return pd.DataFrame.from_records(records) if records else None
