"""Routes: province of residence → country of exploitation, and recruitment channels over time."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from app import charts, data, periods, protect
from app.cache import per_version
from app.context import ViewContext
from app.i18n import code_labels, t
from app.views.common import confirmed, country_labeler, province_labeler
from tipstat.contract import RECRUITMENT_CHANNELS
from tipstat.disclosure import TOTAL

TOP_ROUTES = 15  # routes drawn (largest first); the flow table lists every route


@dataclass
class Routes:
    top_routes: charts.Chart
    hidden_flows: int
    flows: pd.DataFrame
    channels_fig: charts.Chart
    channels: pd.DataFrame


@per_version  # the years of a table: read once per published version
def years(public: bool = False) -> list[int]:
    if public:
        return sorted({int(y) for y in protect.cat_frame("victims_province_country")["year"]})
    return data.years("victim_routes")


@per_version
def build(ctx: ViewContext, year: int) -> Routes:
    lang, public = ctx.lang, ctx.public
    if public:
        pt = protect.cat_table(
            "victims_province_country", {"year": year}, "residence_province", "exploitation_country"
        )
    else:
        routes = confirmed(data.table("victim_routes", "year = ?", (year,)))
        pt = protect.table(routes, "residence_province", "exploitation_country", "victims", False)
    long = protect.chart_data(pt, lang, row="source", col="target")
    shown = long[(~long["suppressed"]) & (long["value"] > 0)]
    hidden = int(long["suppressed"].sum())
    province, country = province_labeler(lang), country_labeler(lang)
    fig = charts.route_bars(
        shown,
        {c: province(c) for c in shown["source"]},
        {c: country(c) for c in shown["target"]},
        t("routes_top", lang, year=periods.coverage().year_label(year, lang), n=TOP_ROUTES),
        t("victims", lang),
        TOP_ROUTES,
        lang,
    )
    flows = protect.display_frame(pt, lang, province, country, t("province", lang))

    last = periods.coverage().last_period
    if public:  # the release's public catalogue only (disclosure.md)
        frame = protect.cat_frame("cases_quarter_channel_article", {"article": "_T"})
        frame = frame[frame["quarter"] != TOTAL]
        frame = frame.assign(period=frame["year"].astype(str) + frame["quarter"].astype(str))
        if last is not None:
            frame = frame[frame["period"] <= last]
        ch = protect.cat_long(frame, "period", "recruitment_channel", col_order=RECRUITMENT_CHANNELS)
    else:
        cases = data.table("cases_quarterly")
        if last is not None:
            cases = cases[cases["period"] <= last]
        ch = protect.table(
            cases, "period", "recruitment_channel", "cases", False, col_order=RECRUITMENT_CHANNELS
        )
    ch_long = protect.chart_data(ch, lang, row="period", col="channel")
    channels_fig = charts.channel_lines(
        ch_long,
        data.incomplete_periods(),
        lang,
        code_labels("channel", lang),
        t("channels", lang),
        t("quarter", lang),
        t("cases", lang),
    )
    channels = protect.display_frame(ch, lang, str, code_labels("channel", lang).get, t("period", lang))
    return Routes(fig, hidden, flows, channels_fig, channels)
