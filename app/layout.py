"""Layout pieces several pages share."""

from __future__ import annotations

import streamlit as st

from app import data
from app.context import ViewContext
from app.i18n import fmt_datetime, t
from tipstat.disclosure import suppressed_label
from tipstat.settings import disclosure_threshold


def page_header(ctx: ViewContext, title_key: str, needs: tuple[str, ...] = ()) -> None:
    """Title, statistician banner (configuration only), data as-of time, suppression note.

    Stops the page with a bilingual message when the published warehouse lacks a table in `needs`.
    """
    if not ctx.public:
        st.error(
            f"**{t('statistician_banner', 'vi')}**  \n**{t('statistician_banner', 'en')}**",
            icon=":material/lock:",
        )
    st.title(t(title_key, ctx.lang))
    as_of = data.published_at()
    note = f"{t('as_of', ctx.lang)}: {fmt_datetime(as_of, ctx.lang) if as_of else '–'}"
    if ctx.public:
        note += " · " + t("public_note", ctx.lang, label=suppressed_label(), top=disclosure_threshold() - 1)
    st.caption(note)
    if ctx.public:
        release_caption(ctx.lang)
    missing = data.missing_tables(needs)
    if missing:
        st.error(
            f"{t('outdated_warehouse', 'vi')}  \n{t('outdated_warehouse', 'en')}", icon=":material/database:"
        )
        st.caption(", ".join(f"reporting.{name}" for name in missing))
        st.stop()


def release_caption(lang: str) -> None:
    """Which release the public is looking at; and, when a newer one was withdrawn, that it
    falls back to this one."""
    view = data.shown_release()
    if view.release is None:
        return
    text = t("release_shown", lang, id=view.release.id, through=view.release.through)
    if view.release.previous:  # a count only: which figures moved is shown with the figures themselves
        text += " " + t("release_revised", lang, n=view.release.revisions, previous=view.release.previous)
    st.caption(text)
    if view.withdrawn is not None:
        st.warning(t("release_fallback", lang, withdrawn=view.withdrawn.id, id=view.release.id))


def year_selector(years: list[int], key: str, lang: str) -> int | None:
    """A year picker, latest year first; None (with a note) when there is no data."""
    if not years:
        st.info(t("no_data", lang))
        return None
    return st.selectbox(t("select_year", lang), sorted(years, reverse=True), key=key)


def incomplete_note(lang: str) -> None:
    periods = data.incomplete_periods()
    if periods:
        st.caption(t("incomplete_quarters", lang, periods=", ".join(periods)))
    else:
        st.caption(t("all_complete", lang))
