"""Embargo times as statisticians type them: Viet Nam time unless they say otherwise.

Accepted: an ISO time with its offset (`2026-03-15T09:00+07:00`, `...Z`), a time followed by an
IANA zone name (`2026-03-15 09:00 Asia/Ho_Chi_Minh`), a time without a zone (read as Viet Nam
time, Asia/Ho_Chi_Minh, UTC+7), or `now`. Anything else, a misspelt zone included, is refused
with a message that says what was expected: an embargo must never be guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tipstat.releases.ids import BadInput

VIET_NAM = ZoneInfo("Asia/Ho_Chi_Minh")
_ALIASES = {"ICT": VIET_NAM, "VN": VIET_NAM, "UTC": UTC, "Z": UTC, "GMT": UTC}
_ZONE_SUFFIX = re.compile(r"^(?P<time>.*\d)\s+(?P<zone>[A-Za-z][A-Za-z0-9_+\-/]*)$")
_EXPECTED = 'like "2026-03-15T09:00+07:00" or "2026-03-15 09:00 Asia/Ho_Chi_Minh" (Viet Nam time)'


def parse_embargo(text: str, now: datetime) -> datetime:
    """The embargo as an aware UTC time; `now` returns `now`."""
    raw = text.strip()
    if raw.lower() == "now":
        return now.astimezone(UTC)
    zone = None
    match = _ZONE_SUFFIX.match(raw)
    if match:
        raw, name = match["time"].strip(), match["zone"]
        zone = _ALIASES.get(name.upper()) or _zone(name)
    try:
        value = datetime.fromisoformat(raw.replace(" ", "T", 1) if "T" not in raw else raw)
    except ValueError:
        raise BadInput(f"embargo time {text.strip()!r} cannot be read; write it {_EXPECTED}") from None
    if value.tzinfo is not None and zone is not None:
        raise BadInput(f"embargo time {text.strip()!r} gives both an offset and a zone; give one")
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone or VIET_NAM)
    offset = value.utcoffset() or timedelta(0)
    if abs(offset) > timedelta(hours=14):
        raise BadInput(
            f"embargo time {text.strip()!r} has an impossible offset {offset}; write it {_EXPECTED}"
        )
    return value.astimezone(UTC)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadInput(
            f"unknown time zone {name!r}; write Viet Nam time with Asia/Ho_Chi_Minh or +07:00"
        ) from None


def viet_nam_text(value: datetime) -> str:
    """How the embargo is shown back: Viet Nam time, with its offset."""
    return value.astimezone(VIET_NAM).isoformat(timespec="minutes")


def utc_text(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat(timespec="seconds")


def parse_stored(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text).astimezone(UTC)
