"""Normalizing the 12-digit personal identification number (số định danh cá nhân)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from tipstat.contract import PERSONAL_DATA_STRIP_RE

ID_DIGITS = 12
# Tried in this order when --id-column is not given (compared case-insensitively, NFC, trimmed).
DEFAULT_ID_COLUMNS = ("national_id", "personal_id", "so_dinh_danh", "Số định danh")

_STRIP = re.compile(PERSONAL_DATA_STRIP_RE)
_TWELVE_DIGITS = re.compile(r"[0-9]{12}", re.ASCII)
# A number cell (XLSX) loses the leading zeros of IDs that start with province 001-096.
_NUMBER_CELL_DIGITS = (10, 11, 12)


class IdStatus(Enum):
    OK = "ok"
    EMPTY = "empty"
    BAD = "bad"


@dataclass(frozen=True)
class NormalizedId:
    status: IdStatus
    digits: str | None = None  # the 12 digits when status is OK

    def __repr__(self) -> str:  # never show the digits, even in a debugger or a traceback
        return f"NormalizedId({self.status.value})"


def normalize_id(value: object) -> NormalizedId:
    """12 ASCII digits after removing spaces, dots and dashes; else EMPTY or BAD.

    A spreadsheet number cell (int, or float without a fraction) of 10 to 12 digits is
    zero-padded to 12, since Excel drops the leading zeros of the province prefix. Text is
    never padded: a 10- or 11-digit text value is BAD.
    """
    if value is None:
        return NormalizedId(IdStatus.EMPTY)
    if isinstance(value, bool):
        return NormalizedId(IdStatus.BAD)
    if isinstance(value, float):
        if value != value or not value.is_integer() or value < 0:  # NaN, fraction, negative
            return NormalizedId(IdStatus.BAD)
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        if value < 0 or len(text) not in _NUMBER_CELL_DIGITS:
            return NormalizedId(IdStatus.BAD)
        return NormalizedId(IdStatus.OK, text.zfill(ID_DIGITS))
    text = unicodedata.normalize("NFC", str(value)).strip()
    if not text:
        return NormalizedId(IdStatus.EMPTY)
    digits = _STRIP.sub("", text)
    if _TWELVE_DIGITS.fullmatch(digits):
        return NormalizedId(IdStatus.OK, digits)
    return NormalizedId(IdStatus.BAD)
