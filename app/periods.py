"""Which period the published data cover, and how a year is labelled when it is not complete.

The covered quarters are the quarterly periods the delivery calendar expects
(`reporting.completeness`), or, in an older warehouse without it, the quarters that hold victims.
A year is *partial* when some of its quarters are not covered yet (e.g. 2026 = Q1-Q3): every label
of that year says so, comparisons use the same quarters of the previous year, and no year after
the last covered quarter is offered (a date in the future is a data error, not a new year).
Times are stored in UTC and shown in Viet Nam's time (Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pandas as pd
from babel.dates import format_datetime

from app import data
from app.cache import per_version
from app.i18n import normalize_language, t

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Coverage:
    quarters: dict[int, tuple[int, ...]] = field(default_factory=dict)  # year -> covered quarters
    received_by: datetime | None = None  # latest accepted file, UTC (naive in the warehouse)

    @property
    def last_year(self) -> int | None:
        return max(self.quarters) if self.quarters else None

    @property
    def last_period(self) -> str | None:
        year = self.last_year
        return None if year is None else f"{year}Q{max(self.quarters[year])}"

    def years(self, offered: list[int]) -> list[int]:
        """The years of `offered` that the data cover (never one after the last covered quarter)."""
        last = self.last_year
        return [int(y) for y in offered if last is None or int(y) <= last]

    def is_partial(self, year: int) -> bool:
        return year in self.quarters and len(self.quarters[year]) < 4

    def quarter_span(self, year: int, lang: str) -> str:
        """`Q1-Q3 2026` / `quý 1–3/2026` for a partial year, else the year."""
        qs = self.quarters.get(year, ())
        if not self.is_partial(year):
            return str(year)
        lo, hi = min(qs), max(qs)
        if normalize_language(lang) == "vi":
            return f"quý {lo}/{year}" if lo == hi else f"quý {lo}–{hi}/{year}"
        return f"Q{lo} {year}" if lo == hi else f"Q{lo}–Q{hi} {year}"

    def year_label(self, year: object, lang: str) -> str:
        """`2026 (Q1–Q3)` for a partial year; the plain year otherwise."""
        y = int(year)  # type: ignore[arg-type]
        if not self.is_partial(y):
            return str(y)
        qs = self.quarters[y]
        lo, hi = min(qs), max(qs)
        span = f"Q{lo}" if lo == hi else f"Q{lo}–Q{hi}"
        return t("partial_year_label", lang, year=y, span=span)

    def statement(self, lang: str) -> str:
        """`Số liệu: quý 1/2019 – quý 3/2026; nhận đến 30/11/2026 06:39 (giờ Việt Nam)`."""
        if not self.quarters:
            return t("coverage_none", lang)
        first_year = min(self.quarters)
        first = (first_year, min(self.quarters[first_year]))
        last = (self.last_year, max(self.quarters[self.last_year]))
        text = t("coverage_period", lang, first=_quarter(first, lang), last=_quarter(last, lang))
        if self.received_by is not None:
            text += "; " + t("coverage_received", lang, when=local_time(self.received_by, lang))
        return text


def quarter_name(year: int, q: int, lang: str) -> str:
    return _quarter((year, q), lang)


def _quarter(yq: tuple[int, int], lang: str) -> str:
    year, q = yq
    return f"quý {q}/{year}" if normalize_language(lang) == "vi" else f"Q{q} {year}"


def local_time(value: datetime, lang: str) -> str:
    """A UTC time (naive = UTC) in Viet Nam's time, to the minute, with the zone named."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    local = aware.astimezone(LOCAL_TZ)
    pattern = "dd/MM/yyyy HH:mm" if normalize_language(lang) == "vi" else "d MMM yyyy, HH:mm"
    return f"{format_datetime(local, pattern, locale=normalize_language(lang))} ({t('local_zone', lang)})"


@per_version
def coverage() -> Coverage:
    """The published data's coverage (cached per file version)."""
    present = set(
        data.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'reporting'")[
            "table_name"
        ]
    )
    source = "completeness" if "completeness" in present else "victims_quarterly"
    if source not in present:
        return Coverage()
    periods = data.query(
        f"SELECT DISTINCT year, quarter FROM reporting.{source} "
        "WHERE quarter IS NOT NULL AND year IS NOT NULL ORDER BY year, quarter"
    )
    quarters: dict[int, list[int]] = {}
    for year, quarter in zip(periods["year"], periods["quarter"], strict=True):
        quarters.setdefault(int(year), []).append(int(quarter))
    received = None
    if "submissions" in present:
        df = data.query("SELECT max(received_at) AS r FROM reporting.submissions WHERE status = 'ACCEPTED'")
        value = df["r"].iloc[0] if len(df) else None
        received = None if value is None or pd.isna(value) else pd.Timestamp(value).to_pydatetime()
    return Coverage({y: tuple(qs) for y, qs in quarters.items()}, received)
