"""Capture histories: which combination of lists each person is on, and how many persons."""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import numpy as np


class EstimateInputError(ValueError):
    """A capture-history table that cannot be estimated from, with a one-line reason."""


@dataclass(frozen=True)
class CaptureTable:
    """Counts over all 2^t - 1 observable histories (unlisted histories count 0).

    `histories[i, j]` is 1 when history i includes list j; `counts[i]` persons have it.
    """

    lists: tuple[str, ...]
    histories: np.ndarray  # (2^t - 1, t) of 0/1
    counts: np.ndarray  # (2^t - 1,) of int

    @classmethod
    def from_rows(cls, lists: list[str] | tuple[str, ...], rows: dict[tuple[int, ...], int]) -> CaptureTable:
        """Build from {history tuple: persons}; histories not given count 0."""
        t = len(lists)
        histories = all_histories(t)
        counts = np.array([int(rows.get(tuple(int(v) for v in h), 0)) for h in histories], dtype=np.int64)
        return cls(tuple(lists), histories, counts)

    @property
    def observed(self) -> int:
        return int(self.counts.sum())

    def list_totals(self) -> dict[str, int]:
        totals = self.histories.T @ self.counts
        return {name: int(total) for name, total in zip(self.lists, totals, strict=True)}

    def drop_empty_lists(self) -> tuple[CaptureTable, list[str]]:
        """The table without lists that hold no person (spec: such a list is dropped)."""
        totals = self.list_totals()
        keep = [j for j, name in enumerate(self.lists) if totals[name] > 0]
        dropped = [name for name in self.lists if totals[name] == 0]
        if not dropped:
            return self, []
        rows: dict[tuple[int, ...], int] = {}
        for h, n in zip(self.histories, self.counts, strict=True):
            key = tuple(int(h[j]) for j in keep)
            if any(key) and n:
                rows[key] = rows.get(key, 0) + int(n)
        return CaptureTable.from_rows([self.lists[j] for j in keep], rows), dropped

    def with_counts(self, counts: np.ndarray) -> CaptureTable:
        return CaptureTable(self.lists, self.histories, np.asarray(counts, dtype=np.int64))


@functools.lru_cache(maxsize=32)
def all_histories(t: int) -> np.ndarray:
    """Every history but the all-zero one, in a fixed order (lexicographic on 0/1 tuples)."""
    histories = np.array([h for h in itertools.product((0, 1), repeat=t) if any(h)], dtype=np.int8)
    histories.setflags(write=False)
    return histories
