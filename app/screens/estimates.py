"""Hidden victims (estimate): layout only. Statistician mode only (estimation.md)."""

import streamlit as st

from app import blocks
from app.context import current
from app.i18n import t
from app.views import estimates

ESTIMATE_TABLES = ("hidden_victims_estimate", "capture_histories", "victims_detected")

ctx = current()
if ctx.public:
    # Not in the public navigation; public only through a release (releases.md).
    st.title(t("page_estimates", ctx.lang))
    st.info(t("est_not_public", ctx.lang))
    st.stop()

from app.layout import page_header  # noqa: E402

page_header(ctx, "page_estimates", ESTIMATE_TABLES)
st.warning(t("est_is_estimate", ctx.lang), icon=":material/info:")
status = st.radio(
    t("est_status", ctx.lang),
    estimates.STATUSES,
    format_func=lambda s: t(f"est_status_{s}", ctx.lang),
    horizontal=True,
    key="estimates_status",
)
view = estimates.build(ctx, status)
blocks.picture(view.figure, ctx.lang)
st.dataframe(view.table, hide_index=True, height="content")
st.caption(t("est_lists_used", ctx.lang, lists=", ".join(view.lists) or "–"))
st.subheader(t("est_caveats_title", ctx.lang))
st.markdown(t("est_caveats", ctx.lang))
