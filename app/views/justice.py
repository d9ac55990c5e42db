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


def years(public: bool = False) -> list[int]:
    if public:
        return sorted({int(y) for y in protect.cat_frame("offenders_suspected")["year"]})
    return data.years("justice_funnel")


def _stages(fixed: dict[str, object]):
    """The three stage tables of the catalogue (three universes) side by side."""
    import pandas as pd

    frames = [protect.cat_frame(f"offenders_{s.lower()}", fixed).assign(stage=s) for s in STAGES]
    return pd.concat(frames)


def build(ctx: ViewContext, year: int) -> Justice:
    lang, public = ctx.lang, ctx.public
    if public:
        pt = protect.cat_long(
            _stages({"sex": "_T", "age_group": "_T", "citizenship": "_T"}), "year", "stage", col_order=STAGES
        )
        sex = protect.cat_long(
            _stages({"year": year, "age_group": "_T", "citizenship": "_T"}), "stage", "sex", row_order=STAGES
        )
    else:
        rows = data.table("justice_funnel")
        pt = protect.table(rows, "year", "stage", "persons", False, col_order=STAGES)
        sex = protect.table(rows[rows["year"] == year], "stage", "sex", "persons", False, row_order=STAGES)
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
