"""Landing file names: `<feed>_<entity>_<YYYY>Q<n>[_v<k>].<ext>` and `population_<YYYY>[_v<k>].csv`."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from tipstat.contract import (
    DUE_DAYS,
    FILE_NAME_RE,
    FILE_SPECS,
    FIRST_YEAR,
    MAX_NAME_BYTES,
    MAX_VERSION,
    POPULATION_NAME_RE,
    POPULATION_SPEC,
    FileSpec,
)
from tipstat.render import has_personal_data


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
    """The name does not follow the contract; the message says why, `rule` is a stable code."""

    def __init__(self, message: str, rule: str = "name:pattern") -> None:
        super().__init__(message)
        self.rule = rule


# What the name says once the pattern is relaxed, to tell a year or a version out of range from
# a name that is not even close.
_LOOSE_RE = re.compile(
    r"^(?P<feed>[a-z]+)_(?P<entity>[a-z]+)_(?P<year>[0-9]+)Q(?P<quarter>[0-9]+)"
    r"(?:_v(?P<version>[0-9]+))?\.(?P<ext>[A-Za-z0-9]+)$"
)
_LOOSE_POPULATION_RE = re.compile(
    r"^population_(?P<year>[0-9]+)(?:_v(?P<version>[0-9]+))?\.(?P<ext>[A-Za-z0-9]+)$"
)


def name_bytes(name: str) -> bytes:
    """The name as the file system holds it (undecodable bytes come back as they were)."""
    return name.encode("utf-8", "surrogateescape")


def check_name_text(name: str) -> None:
    """What every landing name must be, whatever it names: UTF-8, short, no personal data,
    no path separator. Raises BadFileName."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise BadFileName(
            "file name is not valid UTF-8 (Windows-1258 or another encoding?)", "name:not_utf8"
        ) from None
    if len(name_bytes(name)) > MAX_NAME_BYTES:
        raise BadFileName(f"file name is longer than {MAX_NAME_BYTES} bytes", "name:too_long")
    if "/" in name or "\\" in name:
        raise BadFileName("file name contains a path separator", "name:path_separator")
    loose = _LOOSE_RE.match(name) or _LOOSE_POPULATION_RE.match(name)
    if loose is not None:
        _check_ranges(loose)
    if has_personal_data(name):
        raise BadFileName(
            "file name holds what looks like personal data (an ID or phone number or an e-mail "
            "address); it is not repeated",
            "name:personal_data",
        )


def _check_ranges(m: re.Match[str]) -> None:
    year = m["year"]
    if len(year) != 4 or int(year) < FIRST_YEAR:
        raise BadFileName(
            f"year {year[:8]} is out of range (the contract's years run from {FIRST_YEAR})", "name:year"
        )
    if "quarter" in m.groupdict() and m["quarter"] not in ("1", "2", "3", "4"):
        raise BadFileName(f"quarter Q{m['quarter'][:8]} does not exist (Q1 to Q4)", "name:quarter")
    version = m["version"]
    if version is not None and (version.startswith("0") or len(version) > len(str(MAX_VERSION))):
        raise BadFileName(
            f"version _v{version[:8]}{'…' if len(version) > 8 else ''} is out of range "
            f"(_v1 to _v{MAX_VERSION}, no leading zero)",
            "name:version",
        )


def parse_file_name(name: str) -> FileName:
    """Parse a landing file name, or raise BadFileName with the reason and its rule code.
    A year after the current one is left to the caller (it is a quarter that has not ended)."""
    check_name_text(name)
    if name != unicodedata.normalize("NFC", name) or not name.isascii():
        raise BadFileName(
            "file name has characters outside the contract's pattern (ASCII only)", "name:characters"
        )
    loose = _LOOSE_RE.match(name) or _LOOSE_POPULATION_RE.match(name)
    if m := FILE_NAME_RE.match(name):
        key = f"{m['feed']}__{m['entity']}"
        spec = FILE_SPECS.get(key)
        if spec is None:
            raise BadFileName(f"feed '{m['feed']}' has no entity '{m['entity']}'", "name:entity")
        if m["ext"] != spec.ext:
            raise BadFileName(
                f"{key.replace('__', '_')} files must be .{spec.ext}, not .{m['ext']}", "name:extension"
            )
        return FileName(name, spec, Period(int(m["year"]), int(m["quarter"])), int(m["version"] or 1))
    if m := POPULATION_NAME_RE.match(name):
        return FileName(name, POPULATION_SPEC, Period(int(m["year"])), int(m["version"] or 1))
    if loose is not None and loose["ext"] != loose["ext"].lower():
        raise BadFileName("file name extension must be lower case (.csv, .xlsx, .jsonl)", "name:extension")
    if loose is not None and loose.re is _LOOSE_POPULATION_RE:
        raise BadFileName(f"population files must be .csv, not .{loose['ext']}", "name:extension")
    raise BadFileName(
        "file name does not follow <feed>_<entity>_<YYYY>Q<n>[_v<k>].<ext> or population_<YYYY>[_v<k>].csv"
    )
