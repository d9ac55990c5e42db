"""Disclosure control: the public catalogue, its protection and its audit (disclosure.md), and
the per-table suppression the exact layouts still use (`tables`)."""

from tipstat.disclosure.tables import (
    SUPPRESSED_LABEL,
    TOTAL,
    ProtectedTable,
    label,
    protect_cells,
    protect_counts,
    protect_grouped_table,
    protect_table,
    protect_with_margins,
    suppress_rate,
    suppressed_label,
)

__all__ = [
    "SUPPRESSED_LABEL",
    "TOTAL",
    "ProtectedTable",
    "label",
    "protect_cells",
    "protect_counts",
    "protect_grouped_table",
    "protect_table",
    "protect_with_margins",
    "suppress_rate",
    "suppressed_label",
]
