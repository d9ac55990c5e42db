"""Data quality page: layout only."""

import streamlit as st

from app import blocks
from app.context import current
from app.i18n import t
from app.layout import incomplete_note, page_header
from app.views import quality

QUALITY_TABLES = ("completeness", "submissions", "linkage_quality")

ctx = current()
page_header(ctx, "page_quality", QUALITY_TABLES)
view = quality.build(ctx)
if view.grid_fig is not None:
    blocks.chart(view.grid_fig, "quality_grid", ctx.lang, view.grid_table)
incomplete_note(ctx.lang)
if view.rejected.empty:
    st.subheader(t("rejected_files", ctx.lang), anchor=False)
    st.success(t("no_rejected", ctx.lang))
else:
    blocks.table(view.rejected, title=t("rejected_files", ctx.lang))
    st.caption(t("rule_code_note", ctx.lang))
    st.download_button(
        t("download_data", ctx.lang),
        data=blocks.csv_bytes(view.rejected_csv, ctx.lang),
        file_name="tipstat_rejected_files.csv",
        mime="text/csv",
        key="csv_rejected",
        on_click="ignore",
        icon=":material/download:",
        type="tertiary",
    )
if not view.linkage.empty:  # statistician mode only (disclosure.md)
    st.subheader(t("linkage", ctx.lang), anchor=False)
    st.dataframe(view.linkage, hide_index=True, height="content")
if view.duplicates is not None:
    st.subheader(t("probable_duplicates", ctx.lang), anchor=False)
    st.caption(t("probable_duplicates_help", ctx.lang, threshold=view.threshold))
    st.dataframe(view.duplicates, hide_index=True, height="content")
if view.queue is not None:
    st.subheader(t("review_queue", ctx.lang), anchor=False)
    st.caption(t("review_queue_help", ctx.lang))
    st.dataframe(view.queue, hide_index=True, height=400)
