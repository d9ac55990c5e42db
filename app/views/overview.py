"""Overview: headline figures with honest comparisons, and the trends by quarter and year.

A partial latest year (e.g. 2026 = Q1-Q3) is compared with the same quarters of the year before,
never with a whole year. Figures only published per year (convictions) are shown for the latest
complete year, against the year before it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from app import charts, data, periods, protect
from app.cache import per_version
from app.context import ViewContext
from app.i18n import fmt_decimal, fmt_int, t
from app.protect import Figure
from app.views.common import confirmed, incomplete_years
from tipstat.disclosure import TOTAL


@dataclass
class Kpi:
    label: str
    figure: Figure
    delta: str | None  # "+12 (+3,4 %) so với quý 1–3/2025"; None when not comparable
    help: str


@dataclass
class Overview:
    year: int | None
    kpis: list[Kpi]
    by_quarter: charts.Chart | None
    by_year: charts.Chart | None
    incomplete_periods: list[str]
    quarter_table: pd.DataFrame | None = None
    year_table: pd.DataFrame | None = None


def _cell(pt, row, col, lang: str) -> Figure:
    if row not in pt.values.index or col not in pt.values.columns:
        return Figure(0.0, "0", False)
    hidden = bool(pt.suppressed.loc[row, col])
    value = int(pt.values.loc[row, col])
    return Figure(None if hidden else float(value), pt.label if hidden else fmt_int(value, lang), hidden)


def _quarter_sum(frame: pd.DataFrame, year: int, quarters: tuple[int, ...], lang: str) -> Figure:
    """The sum of some quarters of a year from catalogue rows (`year`, `quarter`, `value`,
    `flag`): the year's own total cell when those are all the quarters it has (a partial year's
    total is the sum of its published quarters); otherwise a number only when every one of those
    cells is published, else not comparable."""
    year_rows = frame[frame["year"] == year]
    members = year_rows[year_rows["quarter"] != TOTAL]
    numbers = [int(str(q).lstrip("Q")) for q in members["quarter"]]
    if numbers and set(numbers) <= set(quarters):  # every quarter the year has: its total cell
        cells, wanted = year_rows[year_rows["quarter"] == TOTAL], 1
    else:
        cells, wanted = members[[n in quarters for n in numbers]], len(quarters)
    if len(cells) != wanted or cells["flag"].isin([protect.PRIMARY, protect.SECONDARY]).any():
        return Figure(None, "–", True)
    value = int(cells["value"].sum())
    return Figure(float(value), fmt_int(value, lang), False)


def _public(ctx: ViewContext) -> Overview:
    """The same page from the release's public catalogue only (disclosure.md). Annual tables stop
    at the last whole year; a part year after it is published by quarter only, so its headline is
    detected victims and cases against the same quarters of the year before (only where the
    catalogue publishes every one of those quarters), and the shares (a cut by sex and age) are
    those of the last whole year. No figure is shown twice."""
    lang = ctx.lang
    coverage = periods.coverage()
    incomplete = data.incomplete_periods()
    totals = {"exploitation_form": "_T", "sex": "_T", "age_group": "_T"}
    by_year = protect.cat_table("victims_form_sex_age", totals, "year", None)
    years = coverage.years(sorted(int(y) for y in by_year.values.index if y != TOTAL))
    if not years:
        return Overview(None, [], None, None, incomplete)
    year = years[-1]
    quarters = coverage.quarters.get(year) or (1, 2, 3, 4)
    partial_now = coverage.is_partial(year)
    span_now = coverage.quarter_span(year, lang)
    span_before = periods.Coverage({year - 1: quarters}).quarter_span(year - 1, lang)

    def year_figures(y: int) -> tuple[Figure, Figure, Figure]:
        sex_age = protect.cat_table(
            "victims_form_sex_age", {"exploitation_form": "_T", "year": y}, "sex", "age_group"
        )
        total = protect.cat_figure(sex_age, TOTAL, TOTAL, lang)
        children = protect.share(protect.cat_figure(sex_age, TOTAL, "CHILD", lang), total, lang)
        women = protect.share(protect.cat_figure(sex_age, "F", TOTAL, lang), total, lang)
        return total, children, women

    not_comparable = Figure(None, "–", True)
    victims_q = protect.cat_frame("victims_quarter")
    cases_q = protect.cat_frame(
        "cases_quarter_channel_article", {"recruitment_channel": "_T", "article": "_T"}
    )
    convicted = protect.cat_table(
        "offenders_convicted",
        {"sex": "_T", "age_group": "_T", "citizenship": "_T"},
        "year",
        None,
        measure="persons",
    )

    def convicted_in(y: int) -> Figure | None:
        return protect.cat_figure(convicted, y, "persons", lang) if y in convicted.values.index else None

    kpis: list[Kpi] = []
    # A part year after the annual tables (they stop at the last whole year, docs/releases.md) is
    # published by quarter only: its headline is the quarterly counts, against the same quarters
    # of the year before; the shares need a cut by sex and age, published per whole year only.
    part_year = coverage.last_year if coverage.last_year is not None and coverage.last_year > year else None
    if part_year is not None:
        part_quarters = coverage.quarters.get(part_year) or (1, 2, 3, 4)
        kpis += _part_year(
            lang,
            coverage.quarter_span(part_year, lang),
            periods.Coverage({part_year - 1: part_quarters}).quarter_span(part_year - 1, lang),
            (
                _quarter_sum(victims_q, part_year, part_quarters, lang),
                _quarter_sum(cases_q, part_year, part_quarters, lang),
            ),
            (
                _quarter_sum(victims_q, part_year - 1, part_quarters, lang),
                _quarter_sum(cases_q, part_year - 1, part_quarters, lang),
            ),
        )
    total_now, children_now, women_now = year_figures(year)
    if partial_now:
        total_before = _quarter_sum(victims_q, year - 1, quarters, lang)
        children_before = women_before = not_comparable
        cases_now = _quarter_sum(cases_q, year, quarters, lang)
        cases_before = _quarter_sum(cases_q, year - 1, quarters, lang)
    elif year - 1 in years:
        total_before, children_before, women_before = year_figures(year - 1)
        cases_now = _quarter_sum(cases_q, year, (1, 2, 3, 4), lang)
        cases_before = _quarter_sum(cases_q, year - 1, (1, 2, 3, 4), lang)
    else:
        total_before = children_before = women_before = not_comparable
        cases_now = _quarter_sum(cases_q, year, quarters, lang)
        cases_before = not_comparable
    full = [y for y in years if not coverage.is_partial(y)]
    if part_year is not None:
        # The part year's detected and cases are above; the whole year follows: its detected,
        # its shares (against the year before) and its convictions (two rows of three).
        has_before = year - 1 in years
        whole = (
            ("kpi_detected_year", "help_detected", _change, total_now, total_before, {"year": year}),
            ("kpi_children", "help_children", _points, children_now, children_before, {"period": span_now}),
            ("kpi_women", "help_women", _points, women_now, women_before, {"period": span_now}),
        )
        kpis += [
            _kpi(label, help_key, compare, now, then if has_before else None, lang, str(year - 1), **args)
            for label, help_key, compare, now, then, args in whole
        ]
        kpis += _whole_year(lang, year, None, (convicted_in(year) or not_comparable, convicted_in(year - 1)))
    else:
        kpis += _headline(
            lang,
            span_now,
            span_before,
            (total_now, children_now, women_now, cases_now),
            (total_before, children_before, women_before, cases_before),
            None if partial_now else year,
        )
        if full:
            last_full = full[-1]
            kpis += _whole_year(
                lang,
                last_full,
                (
                    protect.cat_figure(by_year, last_full, "victims", lang),
                    protect.cat_figure(by_year, last_full - 1, "victims", lang)
                    if last_full - 1 in years
                    else None,
                ),
                (convicted_in(last_full) or not_comparable, convicted_in(last_full - 1)),
                headline_year=year,
            )

    quarters_frame = victims_q[victims_q["quarter"] != TOTAL]
    quarters_frame = quarters_frame.assign(
        period=quarters_frame["year"].astype(str) + quarters_frame["quarter"].astype(str)
    )
    last = coverage.last_period
    if last is not None:
        quarters_frame = quarters_frame[quarters_frame["period"] <= last]
    per_quarter = protect.cat_series(quarters_frame, "period")
    q_fig, y_fig, quarter_table, year_table = _trends(per_quarter, by_year, years, incomplete, coverage, lang)
    return Overview(year, kpis, q_fig, y_fig, incomplete, quarter_table, year_table)


def _headline(
    lang: str,
    span_now: str,
    span_before: str,
    now: tuple[Figure, ...],
    before: tuple[Figure, ...],
    whole_year: int | None = None,
) -> list[Kpi]:
    """Detected, share of children, share of women, cases: this period against the same quarters
    of the year before. `whole_year`: the period is that whole year, and detected victims say so
    (the same label as the whole-year figure shown when the headline is a part year)."""
    rows = (
        ("kpi_detected", "help_detected", _change),
        ("kpi_children", "help_children", _points),
        ("kpi_women", "help_women", _points),
        ("kpi_cases", "help_cases", _change),
    )
    kpis = [
        _kpi(label, help_key, compare, n, b, lang, span_before, period=span_now)
        for (label, help_key, compare), n, b in zip(rows, now, before, strict=True)
    ]
    if whole_year is not None:
        kpis[0].label = t("kpi_detected_year", lang, year=whole_year)
    return kpis


def _kpi(
    label: str,
    help_key: str,
    compare: Callable[[Figure, Figure, str, str], str | None],
    now: Figure,
    before: Figure | None,
    lang: str,
    versus: str,
    **label_args: object,
) -> Kpi:
    """One headline figure against `before` (None: nothing to compare with)."""
    delta = None if before is None else compare(now, before, versus, lang)
    return Kpi(t(label, lang, **label_args), now, delta, t(help_key, lang))


def _part_year(
    lang: str, span_now: str, span_before: str, now: tuple[Figure, Figure], before: tuple[Figure, Figure]
) -> list[Kpi]:
    """Detected victims and cases of a part year published by quarter only, against the same
    quarters of the year before."""
    return [
        _kpi("kpi_detected", "help_detected", _change, now[0], before[0], lang, span_before, period=span_now),
        _kpi("kpi_cases", "help_cases", _change, now[1], before[1], lang, span_before, period=span_now),
    ]


def _whole_year(
    lang: str,
    year: int,
    detected: tuple[Figure, Figure | None] | None,
    convicted: tuple[Figure, Figure | None],
    headline_year: int | None = None,
) -> list[Kpi]:
    """Figures published per year only, for the latest whole year against the one before (None:
    no year before). Detected victims are left out when `detected` is None or the headline above
    is that whole year already (`headline_year`)."""
    versus = str(year - 1)
    kpis = []
    if detected is not None and year != headline_year:
        kpis.append(_kpi("kpi_detected_year", "help_detected", _change, *detected, lang, versus, year=year))
    kpis.append(_kpi("kpi_convicted", "help_convicted", _change, *convicted, lang, versus, year=year))
    return kpis


def _trends(
    per_quarter, by_year, years: list[int], incomplete: list[str], coverage: periods.Coverage, lang: str
) -> tuple[charts.Chart, charts.Chart, pd.DataFrame, pd.DataFrame]:
    """The charts and tables of victims by quarter and by year (part years marked)."""
    q_fig = charts.trend_bars(
        protect.chart_data(per_quarter, lang, row="period"),
        "period",
        incomplete,
        lang,
        t("trend_quarter", lang),
        t("quarter", lang),
        t("victims", lang),
    )
    partial = [str(y) for y in years if coverage.is_partial(y)]
    y_fig = charts.trend_bars(
        protect.chart_data(by_year, lang, row="year"),
        "year",
        sorted(set(incomplete_years(incomplete)) | set(partial)),
        lang,
        t("trend_year", lang),
        t("year", lang),
        t("victims", lang),
        x_labels={str(y): coverage.year_label(y, lang) for y in years},
        incomplete_label=t("partial_or_incomplete", lang),
    )
    quarter_table = protect.display_frame(
        per_quarter, lang, str, lambda _: t("victims", lang), t("quarter", lang)
    )
    year_table = protect.display_frame(
        by_year, lang, lambda y: coverage.year_label(y, lang), lambda _: t("victims", lang), t("year", lang)
    )
    return q_fig, y_fig, quarter_table, year_table


def _change(now: Figure, before: Figure, versus: str, lang: str) -> str | None:
    if now.value is None or before.value is None:
        return None
    diff = int(now.value - before.value)
    sign = "+" if diff > 0 else ("-" if diff < 0 else "±")
    text = f"{sign}{fmt_int(abs(diff), lang)}"
    if before.value:
        pct = (now.value - before.value) / before.value * 100
        text += f" ({'+' if pct > 0 else '-' if pct < 0 else '±'}{fmt_decimal(abs(pct), lang)} %)"
    return f"{text} {t('versus', lang, period=versus)}"


def _points(now: Figure, before: Figure, versus: str, lang: str) -> str | None:
    if now.value is None or before.value is None:
        return None
    diff = (now.value - before.value) * 100
    sign = "+" if diff > 0 else ("-" if diff < 0 else "±")
    return f"{sign}{fmt_decimal(abs(diff), lang)} {t('points', lang)} {t('versus', lang, period=versus)}"


def _period_sum(frame: pd.DataFrame, year: int, quarters: tuple[int, ...]) -> pd.DataFrame:
    return frame[(frame["year"] == year) & (frame["quarter"].isin(quarters))]


@per_version
def build(ctx: ViewContext) -> Overview:
    if ctx.public:
        return _public(ctx)
    lang, public = ctx.lang, ctx.public
    coverage = periods.coverage()
    incomplete = data.incomplete_periods()
    quarterly = confirmed(data.table("victims_quarterly"))
    quarterly = quarterly[quarterly["year"].isin(coverage.years(sorted(quarterly["year"].unique())))]
    years = sorted(int(y) for y in quarterly["year"].unique())
    if not years:
        return Overview(None, [], None, None, incomplete)
    year = years[-1]
    quarters = coverage.quarters.get(year) or tuple(
        sorted(int(q) for q in quarterly.loc[quarterly["year"] == year, "quarter"].unique())
    )
    span_now = coverage.quarter_span(year, lang)
    span_before = periods.Coverage({year - 1: quarters}).quarter_span(year - 1, lang)

    # Same quarters, this year and the year before.
    def period_figures(y: int) -> tuple[Figure, Figure, Figure]:
        part = _period_sum(quarterly, y, quarters)
        pt = protect.table(part, "sex", "age_group", "victims", public)
        total = _cell(pt, TOTAL, TOTAL, lang)
        children = protect.share(_cell(pt, TOTAL, "CHILD", lang), total, lang)
        women = protect.share(_cell(pt, "F", TOTAL, lang), total, lang)
        return total, children, women

    total_now, children_now, women_now = period_figures(year)
    total_before, children_before, women_before = period_figures(year - 1)

    cases_q = data.table("cases_quarterly")
    cases_pt = protect.counts(
        pd.Series(
            [int(_period_sum(cases_q, y, quarters)["cases"].sum()) for y in (year, year - 1)],
            index=[year, year - 1],
            name="cases",
        ),
        public,
        total=False,
    )
    cases_now, cases_before = _cell(cases_pt, year, "cases", lang), _cell(cases_pt, year - 1, "cases", lang)

    # Yearly-only figures: the latest complete year.
    full = [y for y in years if not coverage.is_partial(y)]
    last_full = full[-1] if full else None
    by_year = protect.counts(quarterly.groupby("year")["victims"].sum().rename("victims"), public)
    kpis = _headline(
        lang,
        span_now,
        span_before,
        (total_now, children_now, women_now, cases_now),
        (total_before, children_before, women_before, cases_before),
        None if coverage.is_partial(year) else year,
    )
    if last_full is not None:
        funnel = data.table("justice_funnel")
        stages = protect.table(funnel, "year", "stage", "persons", public)
        kpis += _whole_year(
            lang,
            last_full,
            (
                _cell(by_year, last_full, "victims", lang),
                _cell(by_year, last_full - 1, "victims", lang) if last_full - 1 in years else None,
            ),
            (
                _cell(stages, last_full, "CONVICTED", lang),
                _cell(stages, last_full - 1, "CONVICTED", lang)
                if last_full - 1 in stages.values.index
                else None,
            ),
            headline_year=year,
        )

    per_quarter = protect.counts(quarterly.groupby("period")["victims"].sum().rename("victims"), public)
    q_fig, y_fig, quarter_table, year_table = _trends(per_quarter, by_year, years, incomplete, coverage, lang)
    return Overview(year, kpis, q_fig, y_fig, incomplete, quarter_table, year_table)


def incomplete_text(periods_: list[str], lang: str, coverage: periods.Coverage) -> str:
    if not periods_:
        last = coverage.last_year
        span = "–" if last is None else periods.quarter_name(last, max(coverage.quarters[last]), lang)
        return t("all_complete_to", lang, last=span)
    return t("incomplete_quarters", lang, periods=", ".join(periods_))
