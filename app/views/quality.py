"""Data quality: which feed delivered which quarter and when, what was rejected and why, linkage."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from app import charts, data, periods, protect, reasons
from app.cache import per_version
from app.context import ViewContext
from app.i18n import code_label, code_labels, t
from app.periods import local_time
from tipstat.render import safe_text

STATUSES = ("ON_TIME", "LATE", "REJECTED", "MISSING")
LINKAGE_TABLES = ("linkage_estimate", "linkage_candidates")  # published since counting rules 2
LINKAGE_LABELS = {
    "records": "records",
    "persons": "persons",
    "keyless_records": "keyless",
    "ambiguous_links": "ambiguous",
}


@dataclass
class Quality:
    grid_fig: charts.Chart | None
    rejected: pd.DataFrame
    linkage: pd.DataFrame
    rejected_csv: pd.DataFrame | None = None  # the same rows with the intake's English line
    grid_table: pd.DataFrame | None = None
    # statistician mode only (linkage.md): None for the public
    duplicates: pd.DataFrame | None = None
    queue: pd.DataFrame | None = None
    threshold: float | None = None


def _feed_label(feed: str, entity: str, lang: str) -> str:
    return f"{code_label('feed', feed, lang)} · {code_label('entity', entity, lang)}"


def _grid(lang: str) -> tuple[charts.Chart | None, pd.DataFrame | None]:
    """Quarters down, feeds across: on a phone the grid grows in length, not in width."""
    comp = data.table("completeness")
    if comp.empty:
        return None, None
    comp = comp.assign(
        col=[_feed_label(f, e, lang) for f, e in zip(comp["feed"], comp["entity"], strict=True)]
    )
    grid = comp.pivot_table(index="period", columns="col", values="status", aggfunc="first")
    grid = grid.sort_index(ascending=False)
    labels = code_labels("completeness", lang)
    fig = charts.completeness_grid(grid, STATUSES, labels, t("delivery_grid", lang))
    table = grid.map(lambda v: "" if pd.isna(v) else labels.get(v, v))
    table.index.name = t("quarter", lang)
    return fig, table.reset_index()


def _rejected(lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    subs = data.table("submissions", "status = ?", ("REJECTED",)).sort_values(["received_at", "file_name"])
    said = [reasons.translate(None if pd.isna(r) else str(r), lang) for r in subs["reason"]]
    shown = pd.DataFrame(
        {
            t("file_name", lang): [safe_text(v) for v in subs["file_name"].astype(str)],
            t("reason", lang): [safe_text(r.text) for r in said],
            t("rule_code", lang): [r.codes for r in said],
            t("feed", lang): ["–" if pd.isna(f) else code_label("feed", f, lang) for f in subs["feed"]],
            t("period", lang): ["–" if pd.isna(p) else str(p) for p in subs["period"]],
            t("received_at", lang): [
                "" if pd.isna(v) else local_time(pd.Timestamp(v).to_pydatetime(), lang)
                for v in subs["received_at"]
            ],
        }
    )
    csv = shown.assign(reason_en=[r.english for r in said])
    return shown, csv


def _linkage(ctx: ViewContext) -> pd.DataFrame:
    if ctx.public:  # counts of persons outside the public catalogue are not shown (disclosure.md)
        return pd.DataFrame()
    lq = data.table("linkage_quality").sort_values("year").set_index("year")
    coverage = periods.coverage()
    out = pd.DataFrame(index=[coverage.year_label(y, ctx.lang) for y in lq.index])
    out.index.name = t("year", ctx.lang)
    for column in lq.columns:
        series = pd.to_numeric(lq[column], errors="coerce").fillna(0).astype("int64").rename(column)
        frame = protect.display_frame(protect.counts(series, ctx.public, total=False), ctx.lang)
        header = t(LINKAGE_LABELS[column], ctx.lang) if column in LINKAGE_LABELS else column
        out[header] = list(frame.iloc[:, 0])
    return out.reset_index()


def _duplicates(lang: str) -> tuple[pd.DataFrame, float | None]:
    """Persons by the rules and if linked, per year and status (exact: statisticians only)."""
    est = data.table("linkage_estimate").sort_values(["year", "status"])
    threshold = float(est["threshold"].iloc[0]) if len(est) else None
    frame = pd.DataFrame(
        {
            t("year", lang): est["year"].astype(str),
            t("status", lang): [code_label("status", s, lang) for s in est["status"]],
            t("persons_by_rules", lang): est["persons_by_rules"].astype("int64"),
            t("persons_linked", lang): est["persons_linked"].astype("int64"),
            t("persons_split", lang): (est["persons_by_rules"] - est["persons_linked"]).astype("int64"),
            t("pairs_used", lang): est["pairs_used"].astype("int64"),
        }
    )
    return frame, threshold


def _queue(lang: str, limit: int = 200) -> pd.DataFrame:
    """The review queue as `tipstat linkage candidates` shows it: ids, feeds, compared attributes."""
    q = data.table("linkage_candidates").sort_values("probability", ascending=False).head(limit)
    for column in ("identified_date_a", "identified_date_b"):
        q[column] = [None if pd.isna(d) else pd.Timestamp(d).date().isoformat() for d in q[column]]

    def pair(a: str, b: str) -> list[str]:
        return [
            f"{'–' if pd.isna(x) else x} / {'–' if pd.isna(y) else y}"
            for x, y in zip(q[a], q[b], strict=True)
        ]

    return pd.DataFrame(
        {
            t("probability", lang): q["probability"].astype(float).round(3),
            t("record_a", lang): (q["feed_a"] + ":" + q["record_a"]).astype(str),
            t("record_b", lang): (q["feed_b"] + ":" + q["record_b"]).astype(str),
            t("dates", lang): pair("identified_date_a", "identified_date_b"),
            t("sex", lang): pair("sex_a", "sex_b"),
            t("birth_year", lang): pair("birth_year_a", "birth_year_b"),
            t("province", lang): pair("province_a", "province_b"),
            t("case_ref_agreement", lang): [t(f"case_{a}", lang) for a in q["case_ref_agreement"]],
        }
    )


@per_version
def build(ctx: ViewContext) -> Quality:
    grid_fig, grid_table = _grid(ctx.lang)
    rejected, rejected_csv = _rejected(ctx.lang)
    view = Quality(grid_fig, rejected, _linkage(ctx), rejected_csv, grid_table)
    if not ctx.public and not data.missing_tables(LINKAGE_TABLES):
        view.duplicates, view.threshold = _duplicates(ctx.lang)
        view.queue = _queue(ctx.lang)
    return view
