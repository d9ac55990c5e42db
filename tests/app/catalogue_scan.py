"""What the public catalogue of a release holds, as numbers a page may show (disclosure.md: the
public dashboard shows only numbers from the catalogue)."""

from __future__ import annotations

import pandas as pd

from tipstat.disclosure.catalogue import Catalogue


def held_numbers(cat: Catalogue) -> set[float]:
    """Every published value of every table (hidden cells have none), and the years."""
    found: set[float] = set()
    for frame in cat.frames.values():
        shown = frame[frame["flag"] == ""]["value"].dropna()
        found.update(float(v) for v in pd.to_numeric(shown))
        found.update(float(y) for y in frame["year"])
    return found


def province_rates(cat: Catalogue, year: int) -> set[float]:
    """Victims per 100,000 residents by province in `year` (2 decimals), from published counts
    and the catalogue's population only."""
    counts = cat.frames["victims_province_country"]
    counts = counts[
        (counts["exploitation_country"] == "_T") & (counts["flag"] == "") & (counts["year"] == year)
    ]
    pop = cat.frames["population"]
    people = pop[pop["year"] == year].groupby("residence_province")["value"].sum()
    found = set()
    for province, value in zip(counts["residence_province"], counts["value"], strict=True):
        n = people.get(str(province))
        if n:
            found.add(round(int(value) * 100_000 / float(n), 2))
    return found


def parse_decimal(text: str, lang: str) -> float | None:
    """`1.234,56` (vi) or `1,234.56` (en) as a number; None for anything else."""
    plain = text.strip().replace(".", "").replace(",", ".") if lang == "vi" else text.strip().replace(",", "")
    try:
        return float(plain)
    except ValueError:
        return None
