"""Reading one landing file into a table of strings (shared/spec/exports.md, "Feeds").

`read_file` only checks that a file can be parsed as its format promises: encoding, byte-order
mark, field counts, quoting, JSON shape, one plain `victims` sheet. Whether the values follow the
contract is `validation.py`'s job. A ParseError message never quotes content from the file.

Readings chosen (docs/validation.md):
- consular files must start with a UTF-8 BOM; a UTF-8 BOM on any other file is tolerated (it
  carries no data). UTF-16 (with or without BOM), NUL bytes and invalid UTF-8 are rejected.
- a header with no data rows is a legitimate empty quarter: 0 rows, not an error.
- blank lines at the very end of a CSV/JSON Lines file are ignored; a blank line inside is an error.
- a double quote inside a value is an error (no contract value contains one; it betrays a stray
  or unbalanced quote).
- XLSX: the workbook must hold exactly one sheet, named `victims` (another sheet is not part of
  the contract and could carry personal data); formula cells and merged cells are rejected.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from tipstat.contract import FileSpec
from tipstat.render import REDACTED, has_personal_data, safe_text

ROW_NUMBER = "_row_number"
MAX_FIELD_CHARS = 1000  # no contract value comes near this; a longer field is not contract data
UTF8_BOM = b"\xef\xbb\xbf"
_CSV_BLOCK_SIZE = 16 << 20


class ParseError(Exception):
    """The file cannot even be parsed; str(e) is a clear reason (never a value from the file)."""

    def __init__(self, message: str, row: int | None = None, rule: str = "parse"):
        super().__init__(message if row is None else f"row {row}: {message}")
        self.reason = message
        self.row = row
        self.rule = rule  # stable code (docs/validation.md); "parse" unless a more precise one


def read_file(path: Path, spec: FileSpec) -> pa.Table:
    """All columns as NFC-trimmed strings ('' -> null) under their NFC-trimmed header names,
    plus `_row_number` (CSV/XLSX: header is row 1; JSON Lines: first line is row 1)."""
    path = Path(path)
    if spec.ext == "csv":
        names, columns, first_row, may_quote = _read_csv(path, spec)
        return _finish(names, columns, first_row, may_quote)
    if spec.ext == "jsonl":
        names, columns, first_row = _read_jsonl(path, spec)
    elif spec.ext == "xlsx":
        names, columns, first_row = _read_xlsx(path, spec)
    else:  # pragma: no cover - the contract has no other format
        raise ParseError(f"unsupported file format .{spec.ext}")
    return _finish(names, columns, first_row)


# ---------------------------------------------------------------- shared
def normalize_text(array: pa.Array | pa.ChunkedArray) -> pa.ChunkedArray | pa.Array:
    """NFC, trim surrounding white space, '' -> null (vectorized)."""
    if pc.all(pc.string_is_ascii(array)).as_py() is False:  # NFC is the identity on ASCII
        array = pc.utf8_normalize(array, "NFC")
    text = pc.utf8_trim_whitespace(array)
    return pc.if_else(pc.equal(pc.binary_length(text), 0), pa.scalar(None, pa.string()), text)


def _first_true(mask: pa.ChunkedArray | pa.Array) -> int | None:
    mask = pc.fill_null(mask, False)
    if not pc.any(mask).as_py():
        return None
    return int(pc.index(mask, True).as_py())


def _finish(
    names: list[str], columns: list[pa.Array | pa.ChunkedArray], first_row: int, may_quote: bool = True
) -> pa.Table:
    """Header checks, value normalization and bounds; `may_quote` False when the file has no '"'."""
    clean = [normalize_text(pa.array([n], pa.string()))[0].as_py() or "" for n in names]
    if any(name == "" for name in clean):
        raise ParseError(f"the header has an empty column name (column {clean.index('') + 1})", row=1)
    if len(set(clean)) != len(clean):
        seen: set[str] = set()
        dup = next(n for n in clean if n in seen or seen.add(n))
        raise ParseError(f"the header names column '{_safe_name(dup)}' more than once", row=1)
    if ROW_NUMBER in clean:
        raise ParseError(f"the header uses the reserved name {ROW_NUMBER}", row=1)
    rows = len(columns[0]) if columns else 0
    out: dict[str, pa.Array | pa.ChunkedArray] = {}
    for name, column in zip(clean, columns, strict=True):
        values = normalize_text(column.cast(pa.string()))
        longest = pc.max(pc.binary_length(values)).as_py() if rows else None
        if longest is not None and longest > MAX_FIELD_CHARS:  # bytes >= characters: cheap pre-check
            too_long = _first_true(pc.greater(pc.utf8_length(values), MAX_FIELD_CHARS))
            if too_long is not None:
                raise ParseError(
                    f"column '{_safe_name(name)}' has a value longer than {MAX_FIELD_CHARS} characters",
                    row=too_long + first_row,
                )
        if rows and may_quote:
            quote = _first_true(pc.match_substring(values, '"'))
            if quote is not None:
                raise ParseError(
                    f"column '{_safe_name(name)}' contains a double quote (stray or unbalanced quoting)",
                    row=quote + first_row,
                )
        out[name] = values
    if rows and out:
        empty = _first_true(_all_null(list(out.values())))
        if empty is not None:
            raise ParseError("the row is empty (a blank line inside the file)", row=empty + first_row)
    out[ROW_NUMBER] = pa.array(range(first_row, first_row + rows), pa.int64())
    return pa.table(out)


def _all_null(columns: list[pa.Array | pa.ChunkedArray]) -> pa.Array | pa.ChunkedArray:
    mask = pc.is_null(columns[0])
    for column in columns[1:]:
        mask = pc.and_(mask, pc.is_null(column))
    return mask


_PERSONAL_LIKE = re.compile(r"\d{6,}")  # Unicode digits: no header or sheet name needs six


def _safe_name(name: str) -> str:
    """A header, key or sheet name for a message (`render.safe_text`): names are structure, but
    a long number or an address is never echoed, nor a long text."""
    if _PERSONAL_LIKE.search(name) or has_personal_data(name) or len(name) > 60:
        return REDACTED
    return safe_text(name)


def _check_bytes(data: bytes, spec: FileSpec) -> bytes:
    """Encoding-level checks shared by the text formats; returns the data without a BOM."""
    if not data:
        raise ParseError("the file is empty (0 bytes)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParseError("the file is UTF-16; the contract requires UTF-8")
    has_bom = data.startswith(UTF8_BOM)
    if spec.bom and not has_bom:
        raise ParseError("the file must start with a UTF-8 byte-order mark (BOM)")
    if has_bom:
        data = data[len(UTF8_BOM) :]
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ParseError(
            "the file contains NUL bytes (binary data or UTF-16, not UTF-8 text)", row=_line_of(data, nul)
        )
    if not _is_utf8(data):
        raise ParseError(
            "the file is not valid UTF-8 (Windows-1258 or another encoding?)", row=_utf8_error_line(data)
        )
    return data


def _is_utf8(data: bytes) -> bool:
    """UTF-8 check by Arrow's vectorized validator, without copying the bytes into a str."""
    offsets = pa.array([0, len(data)], pa.int64()).buffers()[1]
    whole = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        whole.cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _utf8_error_line(data: bytes) -> int | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _line_of(data, exc.start)
    return None


def _content_end(data: bytes) -> int:
    """Length without trailing line breaks (blank lines at the end of a file are ignored)."""
    end = len(data)
    while end and data[end - 1] in b"\r\n":
        end -= 1
    return end


# ---------------------------------------------------------------- CSV
def _read_csv(path: Path, spec: FileSpec) -> tuple[list[str], list[pa.ChunkedArray], int, bool]:
    data = _check_bytes(path.read_bytes(), spec)
    end = _content_end(data)
    if end == 0:
        raise ParseError("the file has no header row")
    body = pa.py_buffer(memoryview(data)[:end])
    newline = data.find(b"\n", 0, min(end, MAX_LINE_BYTES + 1))
    if newline < 0 and end > MAX_LINE_BYTES:  # a header of a gigabyte is never decoded
        raise ParseError(
            f"the header line is longer than {MAX_LINE_BYTES >> 20} MB", row=1, rule="parse:line_too_long"
        )
    header_bytes = data[: newline if newline >= 0 else end].rstrip(b"\r")
    try:
        header_line = header_bytes.decode("utf-8")
    except UnicodeDecodeError:
        raise ParseError("the header is not valid UTF-8 (Windows-1258 or another encoding?)", row=1) from None
    try:
        names = next(csv.reader([header_line], delimiter=spec.delimiter, strict=True))
    except (csv.Error, StopIteration):
        raise ParseError("the header row cannot be parsed as CSV", row=1) from None
    if newline < 0:  # a header and nothing else: an empty quarter
        return names, [pa.chunked_array([], pa.string()) for _ in names], 2, False
    internal = [f"c{i}" for i in range(len(names))]
    invalid: list[tuple[int | None, int, int]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        invalid.append((row.number, row.expected_columns, row.actual_columns))
        return "skip"

    def parse(use_threads: bool) -> pa.Table:
        return pacsv.read_csv(
            pa.BufferReader(body),
            read_options=pacsv.ReadOptions(
                skip_rows=1, column_names=internal, use_threads=use_threads, block_size=_CSV_BLOCK_SIZE
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=spec.delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=False,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in internal},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=True,
            ),
        )

    try:
        table = parse(use_threads=True)
        if invalid and any(number is None for number, _, _ in invalid):
            invalid.clear()
            table = parse(use_threads=False)  # the serial reader knows the line numbers
    except pa.ArrowInvalid as exc:
        text = str(exc)
        if "UTF8" in text or "UTF-8" in text:
            raise ParseError(
                "the file is not valid UTF-8 (Windows-1258 or another encoding?)", row=_utf8_error_line(data)
            ) from None
        if "straddl" in text or "block" in text:
            raise ParseError(f"a row is longer than {_CSV_BLOCK_SIZE >> 20} MB") from None
        raise ParseError("the file cannot be parsed as CSV") from None  # pyarrow's text may hold values
    if invalid:
        number, expected, actual = min(invalid, key=lambda r: r[0] or 0)
        raise ParseError(
            f"the row has {actual} field(s) but the header has {expected} "
            "(wrong delimiter, truncated line, blank line or unbalanced quote)",
            row=number,
        )
    return names, [table.column(c) for c in internal], 2, data.find(b'"', newline) >= 0


# ---------------------------------------------------------------- JSON Lines
def _read_jsonl(path: Path, spec: FileSpec) -> tuple[list[str], list[pa.ChunkedArray], int]:
    raw = path.read_bytes()
    names = spec.header
    if not raw.strip(b" \t\r\n"):  # 0 bytes or blank lines only: a quarter with no records
        return names, [pa.chunked_array([], pa.string()) for _ in names], 1
    data = _check_bytes(raw, spec)
    end = _content_end(data)
    _check_line_length(data, end)
    lines = pa.array(memoryview(data)[:end].tobytes().split(b"\n"), pa.binary())
    try:
        text = lines.cast(pa.string())
    except pa.ArrowInvalid:
        raise ParseError(
            "the file is not valid UTF-8 (Windows-1258 or another encoding?)", row=_utf8_error_line(data)
        ) from None
    table = pa.table({"line": text, "n": pa.array(range(1, len(text) + 1), pa.int64())})
    expected = sorted(names)
    paths = "[" + ", ".join(sql_text("$." + '"' + name.replace('"', '\\"') + '"') for name in names) + "]"
    con = duckdb.connect()
    try:
        con.register("raw_lines", table)
        con.execute("CREATE TEMP TABLE l AS SELECT n, rtrim(line, chr(13)) AS line FROM raw_lines")
        # DuckDB parses a line again for every JSON function: parse each line as few times as
        # possible (validity once, then type, keys, value types and values once each)
        empty, invalid = con.execute(
            "SELECT min(n) FILTER (WHERE trim(line) = ''), "
            "min(n) FILTER (WHERE trim(line) <> '' AND NOT json_valid(line)) FROM l"
        ).fetchone()
        if empty is not None:
            raise ParseError("the line is empty", row=int(empty))
        if invalid is not None:
            raise ParseError("the line is not valid JSON", row=int(invalid))
        con.execute(
            "CREATE TEMP TABLE j AS SELECT n, json_type(line) AS t, json_keys(line) AS k, "
            f"json_type(line, {paths}) AS types, json_extract_string(line, {paths}) AS vals FROM l"
        )
        problems = [  # each check runs only once the previous ones hold for every line
            ("t <> 'OBJECT'", "the line is not a JSON object"),
            ("len(k) <> len(list_distinct(k))", "the object repeats a key"),
            ("list_sort(k) <> $keys", "keys"),
            (
                "list_has_any(types, ['OBJECT', 'ARRAY'])",
                "a value is a JSON object or array; the contract allows only plain values",
            ),
        ]
        for condition, message in problems:
            keys = "list_sort(k)" if message == "keys" else "NULL"
            hit = con.execute(
                f"SELECT n, {keys} FROM j WHERE {condition} ORDER BY n LIMIT 1",
                {"keys": expected} if "$keys" in condition else {},
            ).fetchone()
            if hit is not None:
                if message == "keys":
                    message = _keys_message(names, hit[1] or [])
                raise ParseError(message, row=int(hit[0]))
        select = ", ".join(
            f"CASE WHEN types[{i + 1}] = 'NULL' THEN NULL ELSE vals[{i + 1}] END AS c{i}"
            for i in range(len(names))
        )
        out = con.sql(f"SELECT {select} FROM j ORDER BY n").to_arrow_table()
    finally:
        con.close()
    return names, [out.column(f"c{i}") for i in range(len(names))], 1


MAX_LINE_BYTES = 1 << 20  # a contract object is a few hundred bytes


def _check_line_length(data: bytes, end: int) -> None:
    """Reject a line longer than MAX_LINE_BYTES before the lines are split (bounded memory)."""
    start = 0
    while start < end:
        newline = data.find(b"\n", start, end)
        stop = end if newline < 0 else newline
        if stop - start > MAX_LINE_BYTES:
            raise ParseError(
                f"the line is longer than {MAX_LINE_BYTES >> 20} MB",
                row=_line_of(data, start),
                rule="parse:line_too_long",
            )
        start = stop + 1


def sql_text(value: str) -> str:
    """A SQL string literal (DuckDB takes backslashes literally; only quotes are doubled)."""
    return "'" + value.replace("'", "''") + "'"


def _keys_message(names: list[str], found: list[str]) -> str:
    missing = [n for n in names if n not in found]
    extra = [k for k in found if k not in names]
    parts = []
    if missing:
        parts.append("missing key(s) " + ", ".join(missing))
    if extra:
        shown = ", ".join(_safe_name(k) for k in extra[:5])
        parts.append(f"{len(extra)} key(s) not in the contract: {shown}")
    return "the object's keys differ from the contract: " + "; ".join(parts)


# ---------------------------------------------------------------- XLSX
def _read_xlsx(path: Path, spec: FileSpec) -> tuple[list[str], list[pa.Array], int]:
    from python_calamine import CalamineError, CalamineWorkbook

    from tipstat.intake.xlsx_guard import inspect_xlsx

    if path.stat().st_size == 0:
        raise ParseError("the file is empty (0 bytes)")
    inspect_xlsx(path)  # bounds, formulas, error cells, comments: before the library allocates
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, ValueError, OSError):
        raise ParseError("the file is not a readable XLSX workbook") from None
    try:
        wanted = spec.sheet_name or "victims"
        sheet_names = list(workbook.sheet_names)
        if sheet_names != [wanted]:
            shown = ", ".join(f"'{_safe_name(s)}'" for s in sheet_names[:5])
            raise ParseError(
                f"the workbook must hold exactly one sheet named '{wanted}'; "
                f"it holds {len(sheet_names)}: {shown}"
            )
        sheet = workbook.get_sheet_by_name(wanted)
        merged = sheet.merged_cell_ranges or []
        if merged:
            raise ParseError(
                "the sheet has merged cells; the contract allows one value per cell",
                row=min(r[0][0] for r in merged) + 1,
            )
        grid = sheet.to_python(skip_empty_area=False)
    except CalamineError:
        raise ParseError("the sheet cannot be read (corrupt XLSX)") from None
    finally:
        workbook.close()
    return _grid_to_columns(grid)


def _cell_text(value: object) -> str:
    if type(value) is str:  # most cells: skip the checks below
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _grid_to_columns(grid: list[list[object]]) -> tuple[list[str], list[pa.Array], int]:
    """Cells -> text columns. The XLSX path is the one per-cell loop: border files are small."""
    while grid and all(_cell_text(v).strip() == "" for v in grid[-1]):
        grid.pop()  # formatted but empty rows at the end
    if not grid:
        raise ParseError("the sheet is empty (no header row)")
    header = [_cell_text(v) for v in grid[0]]
    for r, row in enumerate(grid[1:], start=2):
        for c, v in enumerate(row):
            if isinstance(v, dt.datetime) and v.time() != dt.time(0):
                from tipstat.intake.xlsx_guard import column_letters

                raise ParseError(
                    f"cell {column_letters(c + 1)}{r} is a date with a time of day; the contract's "
                    "dates are whole days",
                    row=r,
                    rule="parse:xlsx_datetime",
                )
    body = [[v if type(v) is str else _cell_text(v) for v in row] for row in grid[1:]]
    width = len(header)
    keep = [
        i for i in range(width) if header[i].strip() or any(i < len(r) and r[i].strip() for r in body)
    ]  # a column with neither header nor data is formatting, not a column
    names = [header[i] for i in keep]
    columns = [pa.array([r[i] if i < len(r) else "" for r in body], pa.string()) for i in keep]
    return names, columns, 2
