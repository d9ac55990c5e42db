"""Encode a canonical record table as the bytes of one landing file, exactly as exports.md says.

Input tables use the contract's canonical column names with typed values (date32, int64,
strings, nulls for missing). Output is deterministic: the same table gives the same bytes
(XLSX included: fixed zip entry times).
"""

from __future__ import annotations

import io
import json

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from tipstat.contract import SOCIAL_SEX_VALUES, SOCIAL_STATUS_VALUES, FileSpec
from tipstat.demo.xlsx import xlsx_bytes as write_xlsx

UTF8_BOM = b"\xef\xbb\xbf"
_SOCIAL_VALUES = {
    "victim_status": {v: k for k, v in SOCIAL_STATUS_VALUES.items()},
    "sex": {v: k for k, v in SOCIAL_SEX_VALUES.items()},
}


def _as_text(array: pa.ChunkedArray, date_format: str) -> pa.ChunkedArray:
    if pa.types.is_date32(array.type):
        if date_format == "%Y-%m-%d":
            return pc.cast(array, pa.string())
        return pc.strftime(pc.cast(array, pa.timestamp("s")), format=date_format)
    return pc.cast(array, pa.string())


def _map(array: pa.ChunkedArray, mapping: dict[str, str]) -> pa.ChunkedArray:
    out = array
    for code, label in mapping.items():
        out = pc.if_else(pc.equal(array, code), pa.scalar(label), out)
    return out


def text_table(spec: FileSpec, table: pa.Table) -> pa.Table:
    """The file's columns (header names, contract order) as text; social values in Vietnamese."""
    columns = {}
    for column in spec.columns:
        values = _as_text(table[column.canonical], spec.date_format)
        if spec.feed == "social" and column.canonical in _SOCIAL_VALUES:
            values = _map(values, _SOCIAL_VALUES[column.canonical])
        columns[column.name] = values
    return pa.table(columns)


def csv_bytes(spec: FileSpec, table: pa.Table, header: list[str] | None = None) -> bytes:
    text = text_table(spec, table) if header is None else table
    names = header or spec.header
    buffer = io.BytesIO()
    buffer.write((spec.delimiter.join(names) + "\n").encode("utf-8"))
    if text.num_rows:
        options = pacsv.WriteOptions(include_header=False, delimiter=spec.delimiter, quoting_style="none")
        pacsv.write_csv(text, buffer, options)
    data = buffer.getvalue()
    return UTF8_BOM + data if spec.bom else data


def _json_value(values: pa.ChunkedArray, date_format: str) -> pa.ChunkedArray:
    """JSON text of each value: integers as numbers, the rest as strings, null when missing.
    Contract values are codes, keys and dates, so only quotes and backslashes need escaping."""
    if pa.types.is_integer(values.type):
        text = pc.cast(values, pa.string())
    else:
        text = _as_text(values, date_format)
        text = pc.replace_substring(pc.replace_substring(text, "\\", "\\\\"), '"', '\\"')
        text = pc.binary_join_element_wise('"', text, '"', "")
    return pc.fill_null(text, "null")


def jsonl_bytes(spec: FileSpec, table: pa.Table) -> bytes:
    """JSON Lines: one object a line, every key in every object (null when missing)."""
    if table.num_rows == 0:
        return b"\n"  # nothing to report this quarter (a 0-byte file reads as a broken delivery)
    pieces: list[pa.ChunkedArray | str] = []
    for i, column in enumerate(spec.columns):
        pieces.append(("{" if i == 0 else ",") + json.dumps(column.name, ensure_ascii=False) + ":")
        pieces.append(_json_value(table[column.canonical], spec.date_format))
    pieces.append("}\n")
    lines = pc.binary_join_element_wise(*pieces, "")
    return "".join(lines.to_pylist()).encode("utf-8")


def xlsx_bytes(spec: FileSpec, table: pa.Table) -> bytes:
    """One sheet named as the spec says; dates as date cells, birth_year as a number."""
    ordered = pa.table({c.name: table[c.canonical] for c in spec.columns})
    return write_xlsx(spec.sheet_name or "victims", spec.header, ordered)


def file_bytes(spec: FileSpec, table: pa.Table) -> bytes:
    if spec.ext == "csv":
        return csv_bytes(spec, table)
    if spec.ext == "jsonl":
        return jsonl_bytes(spec, table)
    if spec.ext == "xlsx":
        return xlsx_bytes(spec, table)
    raise ValueError(f"unsupported format {spec.ext}")
