"""Definitions page: layout only (one element: a definition list, app.views.glossary)."""

import streamlit as st

from app.context import current
from app.i18n import t
from app.views import glossary

ctx = current()
st.title(t("page_glossary", ctx.lang), anchor=False)
st.html(glossary.definition_list(ctx.lang))
