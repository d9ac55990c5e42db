"""Overview: headline figures of the latest year and the trends by quarter and year."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from app import charts, data, protect
from app.context import ViewContext
from app.i18n import fmt_int, t
from app.protect import Figure
from app.views.common import confirmed, incomplete_years
from tipstat.disclosure import TOTAL


@dataclass
class Overview:
    year: int | None
    kpis: list[tuple[str, Figure]]
    by_quarter: go.Figure | None
    by_year: go.Figure | None
    incomplete_periods: list[str]


def _cell(pt, row, col, lang: str) -> Figure:
    if row not in pt.values.index or col not in pt.values.columns:
        return Figure(0.0, "0", False)
    hidden = bool(pt.suppressed.loc[row, col])
    value = int(pt.values.loc[row, col])
    return Figure(None if hidden else float(value), pt.label if hidden else fmt_int(value, lang), hidden)


def _public(ctx: ViewContext) -> Overview:
    """The same page from the public catalogue only (disclosure.md)."""
    lang = ctx.lang
    incomplete = data.incomplete_periods()
    totals = {"exploitation_form": "_T", "sex": "_T", "age_group": "_T"}
    by_year = protect.cat_table("victims_form_sex_age", totals, "year", None)
    years = sorted(int(y) for y in by_year.values.index if y != TOTAL)
    if not years:
        return Overview(None, [], None, None, incomplete)
    year = years[-1]
    sex_age = protect.cat_table(
        "victims_form_sex_age", {"exploitation_form": "_T", "year": year}, "sex", "age_group"
    )
    total = protect.cat_figure(sex_age, TOTAL, TOTAL, lang)
    children = protect.cat_figure(sex_age, TOTAL, "CHILD", lang)
    women = protect.cat_figure(sex_age, "F", TOTAL, lang)
    cases = protect.cat_table(
        "cases_quarter_channel_article",
        {"quarter": "_T", "recruitment_channel": "_T", "article": "_T"},
        "year",
        None,
        measure="cases",
    )
    convicted = protect.cat_table(
        "offenders_convicted",
        {"sex": "_T", "age_group": "_T", "citizenship": "_T"},
        "year",
        None,
        measure="persons",
    )
    kpis = [
        (t("detected_this_year", lang, year=year), protect.cat_figure(by_year, year, "victims", lang)),
        (
            t("detected_last_year", lang, year=year - 1),
            protect.cat_figure(by_year, year - 1, "victims", lang),
        ),
        (t("share_children", lang), protect.share(children, total, lang)),
        (t("share_women", lang), protect.share(women, total, lang)),
        (t("cases_year", lang, year=year), protect.cat_figure(cases, year, "cases", lang)),
        (t("convictions_year", lang, year=year), protect.cat_figure(convicted, year, "persons", lang)),
    ]
    quarters = protect.cat_frame("victims_quarter")
    quarters = quarters[quarters["quarter"] != TOTAL]
    quarters = quarters.assign(period=quarters["year"].astype(str) + quarters["quarter"].astype(str))
    per_quarter = protect.cat_series(quarters, "period")
    q_fig = charts.trend_bars(
        protect.chart_data(per_quarter, lang, row="period"),
        "period",
        incomplete,
        lang,
        t("trend_quarter", lang),
        t("quarter", lang),
        t("victims", lang),
    )
    y_fig = charts.trend_bars(
        protect.chart_data(by_year, lang, row="year"),
        "year",
        incomplete_years(incomplete),
        lang,
        t("trend_year", lang),
        t("year", lang),
        t("victims", lang),
    )
    return Overview(year, kpis, q_fig, y_fig, incomplete)


def build(ctx: ViewContext) -> Overview:
    if ctx.public:
        return _public(ctx)
    lang, public = ctx.lang, ctx.public
    victims = confirmed(data.table("victims_detected"))
    incomplete = data.incomplete_periods()
    years = sorted(int(y) for y in victims["year"].unique())
    if not years:
        return Overview(None, [], None, None, incomplete)
    year = years[-1]

    by_year = protect.counts(victims.groupby("year")["victims"].sum().rename("victims"), public)
    this = confirmed(victims[victims["year"] == year])
    sex_age = protect.table(this, "sex", "age_group", "victims", public)
    total = _cell(sex_age, TOTAL, TOTAL, lang)
    children = _cell(sex_age, TOTAL, "CHILD", lang)
    women = _cell(sex_age, "F", TOTAL, lang)

    cases = data.table("cases")
    cases_by_year = protect.counts(cases.groupby("year")["cases"].sum().rename("cases"), public)
    funnel = data.table("justice_funnel")
    stages = protect.table(funnel, "year", "stage", "persons", public)

    kpis = [
        (t("detected_this_year", lang, year=year), _cell(by_year, year, "victims", lang)),
        (t("detected_last_year", lang, year=year - 1), _cell(by_year, year - 1, "victims", lang)),
        (t("share_children", lang), protect.share(children, total, lang)),
        (t("share_women", lang), protect.share(women, total, lang)),
        (t("cases_year", lang, year=year), _cell(cases_by_year, year, "cases", lang)),
        (t("convictions_year", lang, year=year), _cell(stages, year, "CONVICTED", lang)),
    ]

    quarterly = confirmed(data.table("victims_quarterly"))
    per_quarter = protect.counts(quarterly.groupby("period")["victims"].sum().rename("victims"), public)
    q_fig = charts.trend_bars(
        protect.chart_data(per_quarter, lang, row="period"),
        "period",
        incomplete,
        lang,
        t("trend_quarter", lang),
        t("quarter", lang),
        t("victims", lang),
    )
    y_fig = charts.trend_bars(
        protect.chart_data(by_year, lang, row="year"),
        "year",
        incomplete_years(incomplete),
        lang,
        t("trend_year", lang),
        t("year", lang),
        t("victims", lang),
    )
    return Overview(year, kpis, q_fig, y_fig, incomplete)


def incomplete_text(periods: list[str], lang: str) -> str:
    if not periods:
        return t("all_complete", lang)
    return t("incomplete_quarters", lang, periods=", ".join(periods))
