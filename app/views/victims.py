"""Victims: sex × age group, form of exploitation, citizenship, presumed beside confirmed."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from app import charts, data, protect
from app.cache import per_version
from app.context import ViewContext
from app.i18n import code_labels, t
from app.views.common import code_labeler, confirmed, country_labeler
from tipstat.contract import EXPLOITATION_FORMS


@dataclass
class Victims:
    sex_age: pd.DataFrame
    sex_age_fig: charts.Chart
    form_sex: pd.DataFrame
    form_sex_fig: charts.Chart
    citizenship: pd.DataFrame
    citizenship_fig: charts.Chart
    status_form: pd.DataFrame
    status_form_fig: charts.Chart


@per_version  # the years of a table: read once per published version
def years(public: bool = False) -> list[int]:
    if public:
        return sorted({int(y) for y in protect.cat_frame("victims_form_sex_age")["year"]})
    return data.years("victims_detected")


def _tables(ctx: ViewContext, year: int):
    """sex x age, form x sex, citizenship, form x status: exact, or cut from the catalogue."""
    if ctx.public:
        fsa = "victims_form_sex_age"
        sex_age = protect.cat_table(
            fsa, {"year": year, "exploitation_form": "_T"}, "sex", "age_group", col_order=["CHILD", "ADULT"]
        )
        form_sex = protect.cat_table(
            fsa, {"year": year, "age_group": "_T"}, "exploitation_form", "sex", row_order=EXPLOITATION_FORMS
        )
        citizenship = protect.cat_table(
            "victims_citizenship_sex_age", {"year": year, "sex": "_T", "age_group": "_T"}, "citizenship", None
        )
        confirmed_form = protect.cat_frame(fsa, {"year": year, "sex": "_T", "age_group": "_T"})
        presumed_form = protect.cat_frame("presumed_form", {"year": year})
        both = pd.concat([confirmed_form.assign(status="CONFIRMED"), presumed_form.assign(status="PRESUMED")])
        status_form = protect.cat_long(
            both,
            "exploitation_form",
            "status",
            row_order=EXPLOITATION_FORMS,
            col_order=["CONFIRMED", "PRESUMED"],
        )
        return sex_age, form_sex, citizenship, status_form
    rows = data.table("victims_detected", "year = ?", (year,))
    detected = confirmed(rows)
    sex_age = protect.table(detected, "sex", "age_group", "victims", False, col_order=["CHILD", "ADULT"])
    form_sex = protect.table(
        detected, "exploitation_form", "sex", "victims", False, row_order=EXPLOITATION_FORMS
    )
    by_country = detected.groupby("citizenship")["victims"].sum().rename("victims")
    citizenship = protect.counts(by_country, False)
    status_form = protect.table(
        rows,
        "exploitation_form",
        "status",
        "victims",
        False,
        margins=False,
        row_order=EXPLOITATION_FORMS,
        col_order=["CONFIRMED", "PRESUMED"],
    )
    return sex_age, form_sex, citizenship, status_form


@per_version
def build(ctx: ViewContext, year: int) -> Victims:
    lang = ctx.lang
    sex_age, form_sex, citizenship, status_form = _tables(ctx, year)
    sex_age_fig = charts.grouped_bars(
        protect.chart_data(sex_age, lang, row="sex", col="age_group"),
        "age_group",
        "sex",
        lang,
        t("sex_by_age", lang),
        t("age_group", lang),
        t("victims", lang),
        group_labels=code_labels("sex", lang),
        x_labels=code_labels("age_group", lang),
    ).placed(charts.COLUMN)  # beside its table

    form_sex_fig = charts.grouped_bars(
        protect.chart_data(form_sex, lang, row="form", col="sex"),
        "form",
        "sex",
        lang,
        t("form_by_sex", lang),
        t("victims", lang),
        t("form", lang),
        group_labels=code_labels("sex", lang),
        x_labels=code_labels("form", lang),
        horizontal=True,
    )

    cit_data = protect.chart_data(citizenship, lang, row="citizenship")
    cit_data["label"] = [country_labeler(lang)(c) for c in cit_data["citizenship"]]
    citizenship_fig = charts.ranked_bars(
        cit_data, "label", t("by_citizenship", lang), t("victims", lang), lang
    ).placed(charts.COLUMN)

    status_fig = charts.grouped_bars(
        protect.chart_data(status_form, lang, row="form", col="status"),
        "form",
        "status",
        lang,
        t("presumed_beside", lang),
        t("victims", lang),
        t("form", lang),
        group_labels=code_labels("status", lang),
        x_labels=code_labels("form", lang),
        horizontal=True,
    )
    return Victims(
        sex_age=protect.display_frame(
            sex_age, lang, code_labeler("sex", lang), code_labeler("age_group", lang), t("sex", lang)
        ),
        sex_age_fig=sex_age_fig,
        form_sex=protect.display_frame(
            form_sex, lang, code_labeler("form", lang), code_labeler("sex", lang), t("form", lang)
        ),
        form_sex_fig=form_sex_fig,
        citizenship=protect.display_frame(
            citizenship, lang, country_labeler(lang), lambda _: t("victims", lang), t("citizenship", lang)
        ),
        citizenship_fig=citizenship_fig,
        status_form=protect.display_frame(
            status_form, lang, code_labeler("form", lang), code_labeler("status", lang), t("form", lang)
        ),
        status_form_fig=status_fig,
    )
