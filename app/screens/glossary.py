"""Definitions page: layout only."""

import streamlit as st

from app.context import current
from app.i18n import t
from app.views import glossary

ctx = current()
st.title(t("page_glossary", ctx.lang), anchor=False)
for term, definition in glossary.entries(ctx.lang):
    st.markdown(f"**{term}**  \n{definition}")
