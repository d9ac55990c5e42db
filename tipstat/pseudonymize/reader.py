"""Reading a register extract (CSV or XLSX) in memory: no copy of it is ever written."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from tipstat.pseudonymize.errors import PseudonymizeError

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Register:
    """The extract as read: header names and rows of raw values (str, or typed XLSX cells)."""

    header: list[str]
    rows: list[list[object]]
    row_numbers: list[int]  # for each row, its number in the input (header row = 1)

    def __repr__(self) -> str:  # rows hold personal data: never show them
        return f"Register(columns={len(self.header)}, rows={len(self.rows)})"


def read_register(path: Path) -> Register:
    """Read the whole extract. Fully empty rows are skipped."""
    path = Path(path)
    if not path.is_file():
        raise PseudonymizeError(f"input {path} is not a file")
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _read_csv(path)
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path)
    raise PseudonymizeError(f"input {path.name}: only .csv and .xlsx registers are read")


def _header_name(value: object, position: int) -> str:
    text = "" if value is None else unicodedata.normalize("NFC", str(value)).strip()
    return text or f"<column {position}>"


def _is_empty(row: list[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def detect_delimiter(header_line: str) -> str:
    """Semicolon when the header line has more semicolons than commas, else comma."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _read_csv(path: Path) -> Register:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PseudonymizeError(f"input {path.name} is not UTF-8 text; save it as CSV UTF-8") from None
    except OSError as exc:
        raise PseudonymizeError(f"cannot read input {path.name}: {exc.strerror}") from None
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(first_line))
    try:
        records = list(reader)
    except csv.Error:
        raise PseudonymizeError(f"input {path.name} is not well-formed CSV") from None
    if not records:
        raise PseudonymizeError(f"input {path.name} is empty")
    header = [_header_name(v, i + 1) for i, v in enumerate(records[0])]
    rows: list[list[object]] = []
    numbers: list[int] = []
    for number, record in enumerate(records[1:], start=2):
        if _is_empty(record):
            continue
        if len(record) > len(header):
            raise PseudonymizeError(
                f"input {path.name} row {number}: {len(record)} fields for {len(header)} header columns"
            )
        rows.append(record + [""] * (len(header) - len(record)))
        numbers.append(number)
    return Register(header, rows, numbers)


def _read_xlsx(path: Path) -> Register:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds; none of their texts is shown
        raise PseudonymizeError(f"input {path.name} is not a readable XLSX workbook") from None
    try:
        sheet = workbook.worksheets[0]
        values = [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    offset = 0
    while values and _is_empty(values[0]):
        values.pop(0)
        offset += 1
    if not values:
        raise PseudonymizeError(f"input {path.name}: the first sheet is empty")
    header = [_header_name(v, i + 1) for i, v in enumerate(values[0])]
    while (
        header
        and header[-1].startswith("<column ")
        and all(len(r) < len(header) or r[len(header) - 1] is None for r in values)
    ):
        header.pop()  # trailing formatted-but-empty columns
    rows: list[list[object]] = []
    numbers: list[int] = []
    for number, record in enumerate(values[1:], start=offset + 2):
        record = list(record[: len(header)]) + [None] * max(0, len(header) - len(record))
        if not _is_empty(record):
            rows.append(record)
            numbers.append(number)
    return Register(header, rows, numbers)
