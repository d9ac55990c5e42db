"""Hidden victims (estimation.md): the estimate beside the detected count, per year.

Statistician mode only: the estimate is public only through a release (releases.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from app import charts, data
from app.context import ViewContext
from app.i18n import code_label, fmt_int, fmt_percent, t

STATUSES = ("all", "confirmed")


@dataclass
class Estimates:
    table: pd.DataFrame  # one row per year, labelled columns for display
    figure: charts.Chart
    lists: list[str]


def build(ctx: ViewContext, status: str) -> Estimates:
    lang = ctx.lang
    rows = data.table("hidden_victims_estimate", "status = ?", (status,)).sort_values("year")
    detected = data.query(
        "SELECT year, sum(victims)::BIGINT AS detected FROM reporting.victims_detected "
        "WHERE status = 'CONFIRMED' GROUP BY year",
    )
    keyless = data.query(
        "SELECT year, sum(keyless_persons)::BIGINT AS keyless, sum(persons)::BIGINT AS persons "
        "FROM reporting.capture_histories WHERE (? = 'all' OR status = 'CONFIRMED') GROUP BY year",
        (status,),
    )
    merged = rows.merge(detected, on="year", how="left").merge(keyless, on="year", how="left")
    lists: list[str] = []
    for value in rows["lists"]:
        lists += [name for name in (value if value is not None else []) if name not in lists]

    def feed(name: str) -> str:
        return code_label("feed", name, lang)

    def model(terms) -> str:
        pairs = [
            " × ".join(feed(name) for name in str(term).split(":"))
            for term in (terms if terms is not None else [])
        ]
        return t("est_main_effects", lang) + (" + " + ", ".join(pairs) if pairs else "")

    def number(value) -> str:
        return "–" if value is None or pd.isna(value) else fmt_int(round(float(value)), lang)

    table = pd.DataFrame(
        {
            t("year", lang): merged["year"].astype(int).astype(str),
            t("est_detected", lang): [number(v) for v in merged["detected"]],
            t("est_observed", lang): [number(v) for v in merged["observed"]],
            t("est_estimate", lang): [number(v) for v in merged["estimate"]],
            t("est_interval", lang): [
                f"{number(lo)} – {number(hi)}" if ok else "–"
                for lo, hi, ok in zip(merged["ci_low"], merged["ci_high"], merged["estimable"], strict=True)
            ],
            t("est_model", lang): [
                model(terms) if ok else "–"
                for terms, ok in zip(merged["terms"], merged["estimable"], strict=True)
            ],
            t("est_keyless", lang): [
                fmt_percent(k / p, lang) if p else "–"
                for k, p in zip(merged["keyless"].fillna(0), merged["persons"].fillna(0), strict=True)
            ],
            t("est_reason", lang): [
                "" if ok else (reason or "")
                for ok, reason in zip(merged["estimable"], merged["reason"], strict=True)
            ],
        }
    )
    return Estimates(table=table, figure=_figure(merged, lang), lists=[feed(name) for name in lists])


# The estimator's reasons (tipstat.estimates) are English sentences; these are the ones a year of
# the warehouse can give, by their start.
_REASONS = (
    ("no victim person was identified", "est_reason_no_persons"),
    ("fewer than 3 lists hold persons", "est_reason_few_lists"),
    ("main effects only:", "est_reason_no_model"),
)


def reason_text(reason: str | None, lang: str) -> str:
    for start, key in _REASONS:
        if reason and reason.startswith(start):
            return t(key, lang)
    return t("est_reason_other", lang, reason=reason or "")


def _figure(merged: pd.DataFrame, lang: str) -> charts.Chart:
    return charts.estimate_bars(merged, lang)
