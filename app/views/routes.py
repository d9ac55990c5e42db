"""Routes: province of residence → country of exploitation, and recruitment channels over time."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from app import charts, data, periods, protect
from app.cache import per_version
from app.context import ViewContext
from app.i18n import code_labels, t
from app.views.common import confirmed, country_labeler, province_labeler
from tipstat.contract import RECRUITMENT_CHANNELS


@dataclass
class Routes:
    sankey: go.Figure
    hidden_flows: int
    flows: pd.DataFrame
    channels_fig: go.Figure
    channels: pd.DataFrame


def years() -> list[int]:
    return data.years("victim_routes")


@per_version
def build(ctx: ViewContext, year: int) -> Routes:
    lang, public = ctx.lang, ctx.public
    routes = confirmed(data.table("victim_routes", "year = ?", (year,)))
    pt = protect.table(routes, "residence_province", "exploitation_country", "victims", public)
    long = protect.chart_data(pt, lang, row="source", col="target")
    shown = long[(~long["suppressed"]) & (long["value"] > 0)]
    hidden = int(long["suppressed"].sum())
    fig = charts.sankey(
        shown,
        {c: province_labeler(lang)(c) for c in shown["source"]},
        {c: country_labeler(lang)(c) for c in shown["target"]},
        t("routes_sankey", lang, year=periods.coverage().year_label(year, lang)),
    )
    flows = protect.display_frame(
        pt, lang, province_labeler(lang), country_labeler(lang), t("province", lang)
    )

    cases = data.table("cases_quarterly")
    last = periods.coverage().last_period
    if last is not None:
        cases = cases[cases["period"] <= last]
    ch = protect.table(
        cases, "period", "recruitment_channel", "cases", public, col_order=RECRUITMENT_CHANNELS
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
