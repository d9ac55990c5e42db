"""Quarters as integers (year*4 + quarter-1) and vectorized date helpers."""

from __future__ import annotations

from datetime import date

import numpy as np

from tipstat.intake.naming import Period

REFORM_DATE = np.datetime64("2025-07-01")  # VN63 before, VN34 from this day


def qindex(period: Period) -> int:
    assert period.quarter is not None
    return period.year * 4 + period.quarter - 1


def qperiod(index: int) -> Period:
    return Period(index // 4, index % 4 + 1)


def quarter_of(dates: np.ndarray) -> np.ndarray:
    """Quarter index of each datetime64[D] value."""
    months = dates.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    return (months // 12 + 1970) * 4 + (months % 12) // 3


def year_of(dates: np.ndarray) -> np.ndarray:
    return dates.astype("datetime64[Y]").astype(np.int64) + 1970


def np_day(day: date) -> np.datetime64:
    return np.datetime64(day.isoformat(), "D")


def last_full_quarter(today: date) -> Period:
    index = today.year * 4 + (today.month - 1) // 3 - 1
    return qperiod(index)
