"""Writing the export in the format of its feed (contract.FILE_SPECS): CSV, XLSX or JSON Lines."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tipstat.contract import FileSpec

Row = dict[str, str]  # contract header name -> contract text ('' = missing)


def write_export(path: Path, spec: FileSpec, rows: list[Row]) -> None:
    """Write `rows` to `path` with exactly the header, delimiter, encoding and layout of `spec`."""
    if spec.ext == "csv":
        _write_csv(path, spec, rows)
    elif spec.ext == "xlsx":
        _write_xlsx(path, spec, rows)
    elif spec.ext == "jsonl":
        _write_jsonl(path, spec, rows)
    else:  # pragma: no cover - the contract has no other format
        raise ValueError(f"no writer for .{spec.ext}")


def _write_csv(path: Path, spec: FileSpec, rows: list[Row]) -> None:
    encoding = "utf-8-sig" if spec.bom else "utf-8"
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=spec.delimiter, lineterminator="\n")
        writer.writerow(spec.header)
        for row in rows:
            writer.writerow([row.get(name, "") for name in spec.header])


def _write_xlsx(path: Path, spec: FileSpec, rows: list[Row]) -> None:
    """One sheet named as the contract says; every cell is text (dates as `yyyy-mm-dd` text)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(spec.sheet_name or spec.entity)
    sheet.append(spec.header)
    for row in rows:
        sheet.append([row.get(name, "") or None for name in spec.header])
    workbook.save(path)


def _json_value(value: str, kind: str) -> str | int | None:
    if value == "":
        return None
    if kind == "integer" and value.isascii() and value.isdigit():
        return int(value)
    return value


def _write_jsonl(path: Path, spec: FileSpec, rows: list[Row]) -> None:
    """One object a line with every contract key; missing values are null."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        for row in rows:
            record = {c.name: _json_value(row.get(c.name, ""), c.kind) for c in spec.columns}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
