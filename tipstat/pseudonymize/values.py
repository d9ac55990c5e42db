"""Turning register values into the contract's text for one column.

Values that cannot be converted are passed on as trimmed text: the warehouse's validation
then names the row, column and rule (never the value) and the export is refused.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

from tipstat.contract import (
    PROVINCE_RE,
    SOCIAL_SEX_VALUES,
    SOCIAL_STATUS_VALUES,
    Column,
    FileSpec,
)

EXCEL_EPOCH = date(1899, 12, 30)
# Excel serial numbers from 1 January 1900 to 31 December 2199 are read as dates.
_SERIAL_RANGE = (2, 109574)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", re.ASCII)
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: .*)?", re.ASCII)
_INTEGRAL_TEXT = re.compile(r"[0-9]+(?:\.0+)?", re.ASCII)

# Vietnamese social values <-> English contract codes, both directions.
_TO_ENGLISH = {**SOCIAL_STATUS_VALUES, **SOCIAL_SEX_VALUES}
_TO_VIETNAMESE = {v: k for k, v in _TO_ENGLISH.items()}


def text(value: object) -> str:
    """Any cell as trimmed NFC text; whole floats lose their `.0`; None is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def parse_date(value: object) -> date | None:
    """ISO `yyyy-mm-dd`, `dd/mm/yyyy` (also with `.` or `-`), a date cell or an Excel serial."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return EXCEL_EPOCH + timedelta(days=int(value))
        return None
    raw = text(value)
    try:
        if m := _ISO.fullmatch(raw):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.fullmatch(raw):
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def _code(raw: str, column: Column) -> str:
    if not raw or column.values is None:
        return raw
    folded = raw.casefold()
    for allowed in column.values:
        if allowed.casefold() == folded:
            return allowed
    # the other language's spelling of the same code (CONFIRMED <-> Nạn nhân, F <-> Nữ)
    for source, target in (*_TO_ENGLISH.items(), *_TO_VIETNAMESE.items()):
        if source.casefold() == folded and target in column.values:
            return target
    return raw


def format_value(value: object, column: Column, spec: FileSpec) -> str:
    """The contract text of one register value for `column` of `spec` ('' when missing)."""
    if column.kind == "date":
        day = parse_date(value)
        return day.strftime(spec.date_format) if day else text(value)
    raw = text(value)
    if column.kind == "integer" and _INTEGRAL_TEXT.fullmatch(raw):
        return str(int(float(raw)))
    if column.kind == "boolean":
        return raw.casefold() if raw.casefold() in ("true", "false") else raw
    if column.kind == "codes":
        parts = [p.strip().upper() for p in re.split(r"[|,;]", raw) if p.strip()]
        return "|".join(parts)
    if column.pattern == PROVINCE_RE and raw.isascii() and raw.isdigit() and len(raw) == 1:
        return raw.zfill(2)
    if column.kind == "code":
        code = _code(raw, column)
        if column.values is None and code.isascii():
            return code.upper()  # ISO alpha-3 and the like
        return code
    return raw
