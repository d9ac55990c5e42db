"""Small helpers shared by the page computations."""

from __future__ import annotations

import pandas as pd

from app import data
from app.i18n import code_label, country_name


def confirmed(df: pd.DataFrame) -> pd.DataFrame:
    """Detected victims are the CONFIRMED persons (counting.md); presumed ones stand beside them."""
    return df[df["status"] == "CONFIRMED"]


def incomplete_years(periods: list[str]) -> list[str]:
    return sorted({p[:4] for p in periods})


def code_labeler(code_list: str, lang: str):
    return lambda code: code_label(code_list, code, lang)


def country_labeler(lang: str):
    return lambda code: country_name(code, lang)


def province_labeler(lang: str):
    names = data.province_names()
    unknown = "Không rõ" if lang == "vi" else "Unknown"
    return lambda code: names.get(str(code), unknown if str(code) == "UNK" else str(code))


def province_order() -> list[str]:
    return sorted(data.province_names())
