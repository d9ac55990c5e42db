"""The definitions behind every figure, in the viewer's language (counting.md, disclosure.md)."""

from __future__ import annotations

import html

from app.i18n import t

TERMS = (
    ("victims", "help_detected"),
    ("kpi_presumed_term", "help_presumed"),
    ("term_person", "def_person"),
    ("age_group", "help_children"),
    ("form", "help_form"),
    ("province", "help_province_map"),
    ("rate_per_100k", "help_rate"),
    ("cases", "help_cases"),
    ("stage", "help_funnel"),
    ("victims_assisted", "help_assisted"),
    ("median_days", "def_median_days"),
    ("term_repatriated", "help_repatriated"),
    ("term_partial_year", "def_partial_year"),
    ("incomplete_marker", "def_incomplete"),
    ("term_suppressed", "def_suppressed"),
    ("term_rejected", "def_rejected"),
)


def entries(lang: str) -> list[tuple[str, str]]:
    return [(t(term, lang), t(definition, lang)) for term, definition in TERMS]


def definition_list(lang: str) -> str:
    """Every term and its definition as one HTML definition list (escaped: `<5` stays text)."""
    items = "".join(f"<dt>{html.escape(term)}</dt><dd>{html.escape(say)}</dd>" for term, say in entries(lang))
    return f'<dl class="tipstat-glossary">{items}</dl>'
