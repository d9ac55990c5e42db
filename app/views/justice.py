"""Justice: persons suspected → prosecuted → convicted per year, and by sex."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from app import charts, data, periods, protect
from app.cache import per_version
from app.context import ViewContext
from app.i18n import code_labels, t
from app.views.common import code_labeler, incomplete_years

STAGES = ("SUSPECTED", "PROSECUTED", "CONVICTED")


@dataclass
class Justice:
    funnel_fig: charts.Chart
    funnel: pd.DataFrame
    by_sex_fig: charts.Chart
    by_sex: pd.DataFrame


@per_version  # the years of a table: read once per published version
def years(public: bool = False) -> list[int]:
    if public:
        return sorted({int(y) for y in protect.cat_frame("offenders_suspected")["year"]})
    return data.years("justice_funnel")


def _stages(fixed: dict[str, object]) -> pd.DataFrame:
    """The three stage tables of the catalogue (three universes) side by side."""
    frames = [protect.cat_frame(f"offenders_{s.lower()}", fixed).assign(stage=s) for s in STAGES]
    return pd.concat(frames)


@per_version
def build(ctx: ViewContext, year: int) -> Justice:
    lang, public = ctx.lang, ctx.public
    coverage = periods.coverage()
    # No total across stages: the same person can be suspected, prosecuted and convicted.
    if public:  # the release's public catalogue only (disclosure.md)
        totals = {"sex": "_T", "age_group": "_T", "citizenship": "_T"}
        pt = protect.cat_long(_stages(totals), "year", "stage", col_order=STAGES)
        sex = protect.cat_long(
            _stages({"year": year, "age_group": "_T", "citizenship": "_T"}),
            "stage",
            "sex",
            row_order=STAGES,
            col_total=True,  # one person, one sex: each stage's total is sound
        )
        shown_years = sorted(int(y) for y in pt.values.index)
    else:
        rows = data.table("justice_funnel")
        rows = rows[rows["year"].isin(coverage.years(sorted(rows["year"].unique())))]
        pt = protect.table(rows, "year", "stage", "persons", False, margins=False, col_order=STAGES)
        one = rows[rows["year"] == year]
        sex = protect.table(one, "stage", "sex", "persons", False, row_order=STAGES)
        shown_years = sorted(int(y) for y in rows["year"].unique())
    # Each stage's total over the sexes is kept (one person, one sex); the total over stages is not.
    sex = _without_total_row(sex)
    partial = [str(y) for y in shown_years if coverage.is_partial(y)]
    funnel_fig = charts.grouped_bars(
        protect.chart_data(pt, lang, row="year", col="stage"),
        "year",
        "stage",
        lang,
        t("funnel", lang),
        t("year", lang),
        t("persons", lang),
        group_labels=code_labels("stage", lang),
        x_labels={y: coverage.year_label(y, lang) for y in shown_years},
        incomplete=sorted(set(incomplete_years(data.incomplete_periods())) | set(partial)),
    )
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
