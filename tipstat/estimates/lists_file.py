"""Reading a capture-history table (`tipstat estimate --lists FILE.csv`).

One 0/1 column per list, named by the header, and a last column with the number of persons
having that history (comma-separated; a semicolon or tab is accepted when the header has no
comma). Histories not in the file count 0. Every rule broken gives one line naming the file, the
row (the header is row 1) and the rule.
"""

from __future__ import annotations

import csv
from pathlib import Path

from tipstat.estimates.estimate import MIN_LISTS
from tipstat.estimates.histories import CaptureTable, EstimateInputError

MAX_LISTS = 15  # 2^15 - 1 histories: far beyond any published study


def read_lists_file(path: Path) -> CaptureTable:
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise EstimateInputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EstimateInputError(f"{path}: cannot be read as UTF-8 text ({exc.__class__.__name__})") from None
    lines = text.splitlines()
    rows = [
        row for row in csv.reader(lines, delimiter=_delimiter(lines)) if any(cell.strip() for cell in row)
    ]
    if not rows:
        raise EstimateInputError(
            f"{name}: the file is empty; expected a header (one column per list, then the count)"
        )
    header = [cell.strip() for cell in rows[0]]
    if any(not cell for cell in header):
        raise EstimateInputError(f"{name} row 1: a column has no name")
    duplicates = sorted({cell for cell in header if header.count(cell) > 1})
    if duplicates:
        raise EstimateInputError(f"{name} row 1: column names repeat ({', '.join(duplicates)})")
    lists, count_column = header[:-1], header[-1] if header else ""
    if len(lists) < MIN_LISTS:
        raise EstimateInputError(
            f"{name} row 1: {len(lists)} list column(s) before the count column '{count_column}'; "
            f"multiple systems estimation needs at least {MIN_LISTS} lists"
        )
    if len(lists) > MAX_LISTS:
        raise EstimateInputError(f"{name} row 1: {len(lists)} lists; at most {MAX_LISTS} are supported")
    counts: dict[tuple[int, ...], int] = {}
    first_row: dict[tuple[int, ...], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = [cell.strip() for cell in row]
        if len(cells) != len(header):
            raise EstimateInputError(
                f"{name} row {number}: {len(cells)} column(s), the header has {len(header)} "
                f"({', '.join(header)})"
            )
        history = []
        for column, cell in zip(lists, cells[:-1], strict=True):
            if cell not in ("0", "1"):
                raise EstimateInputError(
                    f"{name} row {number}: column '{column}' must be 0 or 1, not '{cell}'"
                )
            history.append(int(cell))
        key = tuple(history)
        if not any(key):
            raise EstimateInputError(
                f"{name} row {number}: the history is on no list (all zeros); persons no list found "
                "are what is estimated, they cannot be given"
            )
        if key in first_row:
            raise EstimateInputError(
                f"{name} row {number}: the same history as row {first_row[key]}; give each history once"
            )
        counts[key] = _count(name, number, count_column, cells[-1])
        first_row[key] = number
    if not counts:
        raise EstimateInputError(f"{name}: no history rows under the header")
    return CaptureTable.from_rows(lists, counts)


def _delimiter(lines: list[str]) -> str:
    """Comma, or the semicolon or tab a spreadsheet in another locale writes (read from the header)."""
    header = next((line for line in lines if line.strip()), "")
    if "," not in header:
        for candidate in (";", "\t"):
            if candidate in header:
                return candidate
    return ","


def _count(name: str, number: int, column: str, cell: str) -> int:
    if cell.isdigit() and cell.isascii():
        return int(cell)
    if cell.startswith("-") and cell[1:].replace(".", "", 1).isdigit():
        raise EstimateInputError(f"{name} row {number}: the count '{column}' is negative ({cell})")
    raise EstimateInputError(
        f"{name} row {number}: the count '{column}' must be a whole number of persons, not '{cell}'"
    )
