"""Landing file names: `<feed>_<entity>_<YYYY>Q<n>[_v<k>].<ext>` and `population_<YYYY>[_v<k>].csv`."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from tipstat.contract import (
    DUE_DAYS,
    FILE_NAME_RE,
    FILE_SPECS,
    POPULATION_NAME_RE,
    POPULATION_SPEC,
    FileSpec,
)


@dataclass(frozen=True)
class Period:
    """A quarter (`2025Q3`) or, for population files, a year (`2025`)."""

    year: int
    quarter: int | None = None

    @property
    def label(self) -> str:
        return f"{self.year}Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def start(self) -> date:
        return date(self.year, 3 * (self.quarter - 1) + 1, 1) if self.quarter else date(self.year, 1, 1)

    @property
    def end(self) -> date:
        """Last day of the period."""
        if not self.quarter or self.quarter == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.quarter + 1, 1) - timedelta(days=1)

    @property
    def due_date(self) -> date | None:
        """Feeds are due 30 days after the quarter ends; population files have no due date."""
        return self.end + timedelta(days=DUE_DAYS) if self.quarter else None

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @classmethod
    def parse(cls, label: str) -> Period:
        if "Q" in label:
            year, quarter = label.split("Q")
            return cls(int(year), int(quarter))
        return cls(int(label))


@dataclass(frozen=True)
class FileName:
    """A landing file name that follows the contract."""

    name: str
    spec: FileSpec
    period: Period
    version: int

    @property
    def feed(self) -> str:
        return self.spec.feed

    @property
    def entity(self) -> str:
        return self.spec.entity

    @property
    def slot(self) -> tuple[str, str, str]:
        """What versions replace each other: feed, entity and period."""
        return (self.spec.feed, self.spec.entity, self.period.label)


class BadFileName(ValueError):
    """The name does not follow the contract; the message says why."""


def parse_file_name(name: str) -> FileName:
    """Parse a landing file name, or raise BadFileName with the reason."""
    if name != unicodedata.normalize("NFC", name) or not name.isascii():
        raise BadFileName("file name has characters outside the contract's pattern (ASCII only)")
    if "/" in name or "\\" in name:
        raise BadFileName("file name contains a path separator")
    if m := FILE_NAME_RE.match(name):
        key = f"{m['feed']}__{m['entity']}"
        spec = FILE_SPECS.get(key)
        if spec is None:
            raise BadFileName(f"feed '{m['feed']}' has no entity '{m['entity']}'")
        if m["ext"] != spec.ext:
            raise BadFileName(f"{key.replace('__', '_')} files must be .{spec.ext}, not .{m['ext']}")
        return FileName(name, spec, Period(int(m["year"]), int(m["quarter"])), int(m["version"] or 1))
    if m := POPULATION_NAME_RE.match(name):
        return FileName(name, POPULATION_SPEC, Period(int(m["year"])), int(m["version"] or 1))
    raise BadFileName(
        "file name does not follow <feed>_<entity>_<YYYY>Q<n>[_v<k>].<ext> or population_<YYYY>[_v<k>].csv"
    )
