"""Release ids (`<YYYY>-<n>`) and reference periods (`2025Q4`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

RELEASE_ID = re.compile(r"^(?P<year>\d{4})-(?P<n>[1-9]\d*)$")
PERIOD = re.compile(r"^(?P<year>\d{4})Q(?P<quarter>[1-4])$")


class BadInput(ValueError):
    """A release id, period or time that cannot be read; the message says what was expected."""


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def index(self) -> int:
        """Quarters since year 0, so that `a.index <= b.index` compares periods."""
        return self.year * 4 + self.quarter - 1


def parse_quarter(text: str) -> Quarter:
    match = PERIOD.match(text.strip().upper())
    if not match:
        raise BadInput(f"--through {text!r} is not a quarter like 2025Q4")
    return Quarter(int(match["year"]), int(match["quarter"]))


def check_release_id(text: str) -> str:
    if not RELEASE_ID.match(text.strip()):
        raise BadInput(f"{text!r} is not a release id like 2026-1")
    return text.strip()


def release_sort_key(release_id: str) -> tuple[int, int]:
    match = RELEASE_ID.match(release_id)
    if not match:
        return (0, 0)
    return (int(match["year"]), int(match["n"]))


def next_release_id(year: int, existing: Iterable[str]) -> str:
    """`<year>-<n>`: n is 1 + the highest n already used that year (withdrawn ones included)."""
    used = [release_sort_key(r)[1] for r in existing if release_sort_key(r)[0] == year]
    return f"{year}-{max(used, default=0) + 1}"
