"""Who is looking and in which language: shared by main.py and every page."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, normalize_language
from tipstat.settings import statistician_mode

LANG_KEY = "lang"


@dataclass(frozen=True)
class ViewContext:
    lang: str
    public: bool


def sync_language() -> None:
    """The first run of a session takes the language from the URL (`?lang=en`), else Vietnamese."""
    if LANG_KEY not in st.session_state:
        wanted = st.query_params.get("lang")
        st.session_state[LANG_KEY] = wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE


def current() -> ViewContext:
    """Language from the sidebar selector; the mode from configuration only (never the URL)."""
    return ViewContext(
        lang=normalize_language(st.session_state.get(LANG_KEY)), public=not statistician_mode()
    )
