"""Layout pieces several pages share."""

from __future__ import annotations

import streamlit as st

from app import data, periods, protect
from app.context import ViewContext
from app.i18n import t

YEAR_PARAM = "year"
_CHOSEN_YEAR = "chosen_year"


def page_header(ctx: ViewContext, title_key: str, needs: tuple[str, ...] = ()) -> None:
    """Title, statistician banner (configuration only), the period the data cover, suppression note.

    Stops the page with a message in the viewer's language when the published warehouse lacks a
    table in `needs` (the missing names are for the operator: they go to the log, not the page).
    """
    if not ctx.public:
        st.error(
            f"**{t('statistician_banner', 'vi')}**  \n**{t('statistician_banner', 'en')}**",
            icon=":material/lock:",
        )
    st.title(t(title_key, ctx.lang), anchor=False)
    note = periods.coverage().statement(ctx.lang)
    if ctx.public:
        pol = protect.policy()
        note += " · " + t(
            "public_symbols",
            ctx.lang,
            primary=pol.primary_symbol,
            secondary=pol.secondary_symbol,
            top=pol.threshold - 1,
        )
    st.caption(note)
    if ctx.public:
        release_caption(ctx.lang)
    missing = data.missing_tables(needs)
    if missing:
        st.warning(t("outdated_warehouse", ctx.lang), icon=":material/database:")
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
    """A year picker, latest first, kept in the URL (`?year=`) and across pages.

    Only years the data cover are offered (a date after the last covered quarter is a data error);
    a partial year is labelled with its quarters. None (with a note) when there is no data.
    """
    coverage = periods.coverage()
    offered = sorted(coverage.years(years), reverse=True)
    if not offered:
        st.info(t("no_data", lang))
        return None
    if key not in st.session_state:
        wanted = st.query_params.get(YEAR_PARAM) or st.session_state.get(_CHOSEN_YEAR)
        try:
            choice = int(wanted) if wanted is not None else offered[0]
        except ValueError:
            choice = offered[0]
        st.session_state[key] = choice if choice in offered else offered[0]
    year = st.selectbox(
        t("select_year", lang), offered, key=key, format_func=lambda y: coverage.year_label(y, lang)
    )
    st.session_state[_CHOSEN_YEAR] = year
    st.query_params[YEAR_PARAM] = str(year)
    if coverage.is_partial(year):
        st.caption(t("partial_year_note", lang, span=coverage.quarter_span(year, lang)))
    return year


def incomplete_note(lang: str) -> None:
    periods_ = data.incomplete_periods()
    if periods_:
        st.caption(t("incomplete_quarters", lang, periods=", ".join(periods_)))
        return
    coverage = periods.coverage()
    last = coverage.last_year
    if last is not None:
        span = periods.quarter_name(last, max(coverage.quarters[last]), lang)
        st.caption(t("all_complete_to", lang, last=span))
