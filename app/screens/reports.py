"""Reports page: layout only (the international exports, prepared on request, then downloaded)."""

import streamlit as st

from app.context import current
from app.i18n import t
from app.layout import page_header, year_selector
from app.views import reports

REPORTS_TABLES = ("victims_detected",)

ctx = current()
page_header(ctx, "page_reports", REPORTS_TABLES)
st.write(t("reports_intro", ctx.lang))
year = year_selector(reports.years(), "reports_year", ctx.lang)
if year is not None:
    # Public viewers get the public edition only; the exact edition needs statistician mode.
    editions = [True] if ctx.public else [True, False]
    for kind in reports.EXPORTS:
        st.subheader(t(kind.title_key, ctx.lang))
        available = reports.exporter(kind) is not None
        if not available:
            # HOOK: the module tipstat.exports.<kind> is missing; its buttons appear once it exists.
            st.info(t("exports_missing", ctx.lang))
        for public in editions:
            name = reports.file_name(kind, year, public)
            st.code(reports.command(kind, year, public), language="bash")
            if not available:
                continue
            ready_key = f"export_{name}"
            if st.button(f"{t('prepare', ctx.lang)}: {name}", key=f"prepare_{name}"):
                try:
                    st.session_state[ready_key] = reports.produce(kind, year, public)
                except Exception as exc:  # the export's message is meant for the user
                    st.session_state.pop(ready_key, None)
                    st.error(t("export_failed", ctx.lang, error=exc))
            if ready_key in st.session_state:
                st.download_button(
                    f"{t('download', ctx.lang)}: {name}",
                    data=st.session_state[ready_key],
                    file_name=name,
                    mime=kind.mime,
                    key=f"download_{name}",
                    on_click="ignore",
                    type="primary",
                )
