"""The disclosure policy: built once from settings and passed down (never read again below)."""

from __future__ import annotations

from dataclasses import dataclass

PRIMARY = "P"  # hidden: a count from 1 to threshold - 1
SECONDARY = "S"  # hidden to protect another cell
PERTURBED = "N"  # shown after perturbation (cell-key; not used by suppression)
SUPPRESSION = "suppression"
CELL_KEY = "cell-key"


@dataclass(frozen=True)
class DisclosurePolicy:
    """What the public may see: counts 1..threshold-1 are never shown nor derivable.

    `primary_symbol` (`<5`) is shown only on a count from 1 to threshold - 1; `secondary_symbol`
    (`x`) on a cell hidden so that such a count cannot be worked out. They are never mixed.
    """

    threshold: int = 5
    secondary_symbol: str = "x"
    method: str = SUPPRESSION
    max_perturbation: int = 0

    def __post_init__(self) -> None:
        if self.threshold < 1:
            raise ValueError(f"disclosure threshold must be at least 1, not {self.threshold}")

    @property
    def primary_symbol(self) -> str:
        return f"<{self.threshold}"

    def is_primary(self, value: int) -> bool:
        """A count from 1 to threshold - 1 (primary suppression)."""
        return 0 < value < self.threshold

    def symbol(self, flag: str) -> str:
        """How a hidden cell is shown: `<5` for P, `x` for S."""
        if flag == PRIMARY:
            return self.primary_symbol
        if flag == SECONDARY:
            return self.secondary_symbol
        raise ValueError(f"not a hidden flag: {flag!r}")

    @classmethod
    def from_settings(cls) -> DisclosurePolicy:
        from tipstat.settings import disclosure_threshold

        return cls(threshold=disclosure_threshold())
