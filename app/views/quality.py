"""Data quality: which feed delivered which quarter and when, what was rejected and why, linkage."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from app import charts, data, protect
from app.context import ViewContext
from app.i18n import code_label, code_labels, fmt_datetime, t

STATUSES = ("ON_TIME", "LATE", "REJECTED", "MISSING")
LINKAGE_LABELS = {
    "records": "records",
    "persons": "persons",
    "keyless_records": "keyless",
    "ambiguous_links": "ambiguous",
}


@dataclass
class Quality:
    grid_fig: go.Figure | None
    rejected: pd.DataFrame
    linkage: pd.DataFrame


def _feed_label(feed: str, entity: str, lang: str) -> str:
    return f"{code_label('feed', feed, lang)} · {code_label('entity', entity, lang)}"


def _grid(lang: str) -> go.Figure | None:
    comp = data.table("completeness")
    if comp.empty:
        return None
    comp = comp.assign(
        row=[_feed_label(f, e, lang) for f, e in zip(comp["feed"], comp["entity"], strict=True)]
    )
    grid = comp.pivot_table(index="row", columns="period", values="status", aggfunc="first")
    grid = grid.reindex(columns=sorted(grid.columns))
    return charts.completeness_grid(
        grid, STATUSES, code_labels("completeness", lang), t("delivery_grid", lang), t("quarter", lang)
    )


def _rejected(lang: str) -> pd.DataFrame:
    subs = data.table("submissions", "status = ?", ("REJECTED",)).sort_values(["received_at", "file_name"])
    return pd.DataFrame(
        {
            t("file_name", lang): subs["file_name"].astype(str),
            t("feed", lang): ["–" if pd.isna(f) else code_label("feed", f, lang) for f in subs["feed"]],
            t("period", lang): ["–" if pd.isna(p) else str(p) for p in subs["period"]],
            t("received_at", lang): [
                "" if pd.isna(v) else fmt_datetime(pd.Timestamp(v).to_pydatetime(), lang)
                for v in subs["received_at"]
            ],
            t("reason", lang): subs["reason"].fillna("").astype(str),
        }
    )


def _linkage(ctx: ViewContext) -> pd.DataFrame:
    if ctx.public:  # counts of persons outside the public catalogue are not shown (disclosure.md)
        return pd.DataFrame()
    lq = data.table("linkage_quality").sort_values("year").set_index("year")
    out = pd.DataFrame(index=[str(y) for y in lq.index])
    out.index.name = t("year", ctx.lang)
    for column in lq.columns:
        series = pd.to_numeric(lq[column], errors="coerce").fillna(0).astype("int64").rename(column)
        frame = protect.display_frame(protect.counts(series, ctx.public, total=False), ctx.lang)
        header = t(LINKAGE_LABELS[column], ctx.lang) if column in LINKAGE_LABELS else column
        out[header] = list(frame.iloc[:, 0])
    return out.reset_index()


def build(ctx: ViewContext) -> Quality:
    return Quality(_grid(ctx.lang), _rejected(ctx.lang), _linkage(ctx))
