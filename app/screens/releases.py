"""Releases page (statistician mode only): layout only."""

import streamlit as st

from app.context import current
from app.i18n import t
from app.layout import page_header
from app.views import releases

ctx = current()
page_header(ctx, "page_releases")
st.write(t("releases_intro", ctx.lang))
view = releases.build()
if view.public_id:
    st.success(t("releases_public_now", ctx.lang, id=view.public_id))
else:
    st.info(t("releases_public_none", ctx.lang))
if not view.releases:
    st.info(t("releases_none", ctx.lang))
    st.stop()
st.dataframe(view.summary, hide_index=True, height="content")

ids = [r.id for r in reversed(view.releases)]
chosen_id = st.selectbox(t("release_select", ctx.lang), ids, key="release_select")
chosen = next(r for r in view.releases if r.id == chosen_id)
st.subheader(t("release_note", ctx.lang))
st.code(releases.note(chosen), language=None)
st.subheader(t("release_flags", ctx.lang))
flags = releases.flags_frame(chosen)
if flags.empty:
    st.success(t("release_no_flags", ctx.lang))
else:
    st.dataframe(flags, hide_index=True, height="content")
st.subheader(t("release_revisions", ctx.lang))
revised = releases.revisions_frame(chosen)
if revised.empty:
    st.success(t("release_no_revisions", ctx.lang))
else:
    st.caption(t("release_revisions_count", ctx.lang, n=chosen.revisions))
    st.dataframe(revised, hide_index=True, height="content")

if view.last is not None:
    st.subheader(t("release_working_diff", ctx.lang, id=view.last.id))
    diff = releases.working_diff(view.last)
    if diff.empty:
        st.success(t("release_working_same", ctx.lang, id=view.last.id))
    else:
        st.caption(t("release_revisions_count", ctx.lang, n=len(diff)))
        st.dataframe(diff.head(releases.MAX_ROWS), hide_index=True, height="content", key="working_diff")
