"""Support and repatriation: victims assisted, median days to support, services, repatriations."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from app import charts, data, periods, protect
from app.cache import per_version
from app.context import ViewContext
from app.i18n import code_labels, fmt_decimal, fmt_int, t
from app.views.common import code_labeler, country_labeler, incomplete_years
from tipstat.disclosure import TOTAL, suppress_rate


@dataclass
class Support:
    assistance: pd.DataFrame
    assistance_fig: charts.Chart
    services_fig: charts.Chart
    repatriations_fig: charts.Chart
    repatriations: pd.DataFrame
    by_status: pd.DataFrame
    services: pd.DataFrame | None = None


@per_version  # the years of a table: read once per published version
def years(public: bool = False) -> list[int]:
    if public:
        found = set(protect.cat_frame("assistance")["year"])
        found |= set(protect.cat_frame("repatriations_country_sex_age")["year"])
        return sorted(int(y) for y in found)
    return sorted(set(data.years("assistance")) | set(data.years("repatriations")))


def _assistance(ctx: ViewContext) -> tuple[pd.DataFrame, charts.Chart]:
    lang = ctx.lang
    coverage = periods.coverage()
    if ctx.public:  # the release's public catalogue only (disclosure.md)
        assisted = protect.cat_frame("assistance").sort_values("year")
        assisted = assisted[assisted["year"].isin(coverage.years(list(assisted["year"])))]
        pt = protect.cat_series(assisted, "year", "victims_assisted")
        med = protect.cat_frame("assistance_median_days")
        medians = pd.Series(med["value"].to_numpy(), index=med["year"]).reindex(pt.values.index)
        shown_years = [int(y) for y in assisted["year"]]
    else:
        rows = data.table("assistance").sort_values("year")
        rows = rows[rows["year"].isin(coverage.years(list(rows["year"])))]
        pt = protect.counts(rows.set_index("year")["victims_assisted"], False)
        medians = rows.set_index("year")["median_days_to_support"]
        shown_years = [int(y) for y in rows["year"]]
    records = []
    for year in pt.values.index:
        if year == TOTAL:
            continue
        hidden = bool(pt.suppressed.loc[year, "victims_assisted"])
        median = suppress_rate(None if pd.isna(medians[year]) else float(medians[year]), hidden)
        records.append(
            {
                t("year", lang): coverage.year_label(year, lang),
                t("victims_assisted", lang): str(pt.display.loc[year].iloc[0])
                if hidden
                else fmt_int(int(pt.values.loc[year].iloc[0]), lang),
                t("median_days", lang): "–" if median is None else fmt_decimal(median, lang),
            }
        )
    fig = charts.trend_bars(
        protect.chart_data(pt, lang, row="year"),
        "year",
        sorted(
            set(incomplete_years(data.incomplete_periods()))
            | {str(y) for y in shown_years if coverage.is_partial(y)}
        ),
        lang,
        t("victims_assisted", lang),
        t("year", lang),
        t("victims", lang),
        x_labels={str(y): coverage.year_label(y, lang) for y in shown_years},
    ).placed(charts.COLUMN)
    return pd.DataFrame.from_records(records), fig


@per_version
def build(ctx: ViewContext, year: int) -> Support:
    lang, public = ctx.lang, ctx.public
    assistance, assistance_fig = _assistance(ctx)

    if public:
        sv = protect.cat_series(protect.cat_frame("assistance_services", {"year": year}), "service")
    else:
        services = data.table("assistance_services", "year = ?", (year,))
        sv = protect.counts(
            services.groupby("service")["victims"].sum().rename("victims"), False, total=False
        )
    sv_long = protect.chart_data(sv, lang, row="service")
    sv_long["label"] = [code_labels("service", lang).get(s, s) for s in sv_long["service"]]
    services_fig = charts.ranked_bars(
        sv_long,
        "label",
        t("services", lang, year=periods.coverage().year_label(year, lang)),
        t("victims", lang),
        lang,
    ).placed(charts.COLUMN)

    if public:
        rp = protect.cat_table(
            "repatriations_country_sex_age",
            {"year": year, "sex": "_T", "age_group": "_T"},
            "returned_from",
            None,
        )
    else:
        rep = data.table("repatriations", "year = ?", (year,))
        rp = protect.counts(rep.groupby("returned_from")["victims"].sum().rename("victims"), False)
    rp_long = protect.chart_data(rp, lang, row="country")
    rp_long["label"] = [country_labeler(lang)(c) for c in rp_long["country"]]
    rep_fig = charts.ranked_bars(
        rp_long,
        "label",
        t("repatriations", lang, year=periods.coverage().year_label(year, lang)),
        t("victims", lang),
        lang,
    ).placed(charts.COLUMN)

    if public:  # not in the public catalogue: one cut fewer to protect
        by_status_frame = pd.DataFrame()
    else:
        by_status = data.table("repatriations_by_status", "year = ?", (year,))
        bs = protect.table(
            by_status, "returned_from", "status", "victims", False, col_order=["CONFIRMED", "PRESUMED"]
        )
        by_status_frame = protect.display_frame(
            bs, lang, country_labeler(lang), code_labeler("status", lang), t("returned_from", lang)
        )
    return Support(
        assistance=assistance,
        assistance_fig=assistance_fig,
        services_fig=services_fig,
        repatriations_fig=rep_fig,
        repatriations=protect.display_frame(
            rp, lang, country_labeler(lang), lambda _: t("victims", lang), t("returned_from", lang)
        ),
        services=protect.display_frame(
            sv, lang, code_labeler("service", lang), lambda _: t("victims", lang), t("service", lang)
        ),
        by_status=by_status_frame,
    )
