"""Who is looking and in which language: shared by main.py and every page."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from app.i18n import normalize_language
from tipstat.settings import statistician_mode

LANG_KEY = "lang"


@dataclass(frozen=True)
class ViewContext:
    lang: str
    public: bool


def current() -> ViewContext:
    """Language from the sidebar selector; the mode from configuration only (never the URL)."""
    return ViewContext(
        lang=normalize_language(st.session_state.get(LANG_KEY)), public=not statistician_mode()
    )
