"""Which rows of a reporting table a release covers (`--through 2025Q4`).

- A row with a quarter is covered when its quarter is not after `through`.
- A row with only a year (annual figures) is covered when the whole year is: `through` is that
  year's Q4 or later. An annual figure with quarters after `through` in it would publish those
  quarters early, so 2025's annual tables enter with `--through 2025Q4`, not before.
- Population (a stock, not events) and annual population files are covered up to `through`'s year.
- Tables without a year (the province list, the publication stamp) are copied whole.
"""

from __future__ import annotations

from tipstat.releases.ids import Quarter

STOCK_TABLES = frozenset({"population_by_province"})
_QUARTER_PERIOD = r"'^\d{4}Q[1-4]$'"


def row_filter(table: str, columns: list[str], through: Quarter) -> str:
    """A SQL condition on the table's own columns (no alias)."""
    y, index = through.year, through.index
    whole_year = f"year <= {y}" if through.quarter == 4 else f"year < {y}"
    stock = f"year <= {y}"
    if "quarter" in columns and "year" in columns:
        return f"(CASE WHEN quarter IS NULL THEN {stock} ELSE year * 4 + quarter - 1 <= {index} END)"
    if "period" in columns and "year" not in columns:
        return (
            f"(CASE WHEN regexp_matches(period, {_QUARTER_PERIOD}) "
            f"THEN CAST(left(period, 4) AS INTEGER) * 4 + CAST(right(period, 1) AS INTEGER) - 1 <= {index} "
            f"ELSE TRY_CAST(left(period, 4) AS INTEGER) <= {y} END)"
        )
    if "year" in columns:
        return stock if table in STOCK_TABLES else whole_year
    return "TRUE"
