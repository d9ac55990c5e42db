"""Data quality page: layout only."""

import streamlit as st

from app.context import current
from app.i18n import t
from app.layout import incomplete_note, page_header
from app.views import quality

QUALITY_TABLES = ("completeness", "submissions", "linkage_quality")

ctx = current()
page_header(ctx, "page_quality", QUALITY_TABLES)
view = quality.build(ctx)
if view.grid_fig is not None:
    st.plotly_chart(view.grid_fig, key="quality_grid")
incomplete_note(ctx.lang)
st.subheader(t("rejected_files", ctx.lang))
if view.rejected.empty:
    st.success(t("no_rejected", ctx.lang))
else:
    st.dataframe(view.rejected, hide_index=True, height="content")
st.subheader(t("linkage", ctx.lang))
st.dataframe(view.linkage, hide_index=True, height="content")
if view.duplicates is not None:
    st.subheader(t("probable_duplicates", ctx.lang))
    st.caption(t("probable_duplicates_help", ctx.lang, threshold=view.threshold))
    st.dataframe(view.duplicates, hide_index=True, height="content")
if view.queue is not None:
    st.subheader(t("review_queue", ctx.lang))
    st.caption(t("review_queue_help", ctx.lang))
    st.dataframe(view.queue, hide_index=True, height=400)
