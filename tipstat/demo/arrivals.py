"""Simulated arrival times (file modification times), derived from the seed and the quarter only.

Most files arrive 3 to 27 days after the quarter ends, during office hours in Ha Noi; about one in
25 arrives 33 to 75 days after (late: due is quarter end + 30 days). Every time is kept before
`today` (00:00 UTC), so a demo generated today never has files from the future.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from tipstat.intake.naming import Period

UTC = dt.UTC
HANOI = dt.timezone(dt.timedelta(hours=7), "Asia/Ho_Chi_Minh")  # no daylight saving time
LATE_SHARE = 0.04


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=UTC)


def before_today(when: dt.datetime, today: dt.date, floor: dt.datetime, fraction: float) -> dt.datetime:
    """`when` if it is before today; else a point between `floor` and today chosen by `fraction`."""
    limit = _midnight(today) - dt.timedelta(minutes=1)
    if when <= limit:
        return when
    if floor >= limit:
        return limit
    return floor + (limit - floor) * (0.5 + 0.5 * fraction)


def feed_arrival(
    seed: int, period: Period, slot: int, today: dt.date, late: bool | None = None
) -> dt.datetime:
    """Arrival of the first version of one feed file; `late` forces (True) or forbids (False) lateness."""
    rng = np.random.default_rng([seed, period.year, period.quarter or 0, slot, 17])
    is_late = bool(rng.random() < LATE_SHARE) if late is None else late
    days = int(rng.integers(33, 76) if is_late else rng.integers(3, 28))
    seconds = int(rng.integers(3600, 10 * 3600))  # 08:00-17:00 in Ha Noi
    when = _midnight(period.end) + dt.timedelta(days=days, seconds=seconds)
    return before_today(when, today, _midnight(period.end) + dt.timedelta(days=1), float(rng.random()))


def later_arrival(
    seed: int, base: dt.datetime, salt: int, today: dt.date, low: int = 2, high: int = 12
) -> dt.datetime:
    """A later delivery (a correction or a re-send): some days after `base`, still before today."""
    rng = np.random.default_rng([seed, salt, 23])
    when = base + dt.timedelta(days=int(rng.integers(low, high + 1)), seconds=int(rng.integers(600, 20000)))
    out = before_today(when, today, base + dt.timedelta(seconds=1), float(rng.random()))
    return out if out > base else base + dt.timedelta(seconds=1)


def population_arrival(year: int, today: dt.date) -> dt.datetime:
    """Population estimates of a year arrive in March of that year."""
    when = dt.datetime(year, 3, 20, 3, 0, tzinfo=UTC)
    return before_today(when, today, _midnight(dt.date(year, 1, 1)), 0.5)


def on_time(period: Period, arrived: dt.datetime) -> bool:
    due = period.due_date
    assert due is not None
    return arrived.astimezone(HANOI).date() <= due
