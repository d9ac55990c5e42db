"""Validating landing files against their contract: parse (readers.py), run the file kind's GX
suite (expectations/*.json), and check the rules that span chunks in DuckDB.

`validate_files` validates MANY files with as few GX calls as possible: the rows of every file of
one feed and entity whose columns are the contract's are concatenated (with `_file_index`) and the
suite runs once per chunk of up to CHUNK_ROWS rows, not once per file. Per-file values (the quarter,
the file's year) are derived columns added in DuckDB before GX runs (gx_suites.py), and every
finding is mapped back to its file through `unexpected_index_column_names`
(`_file_index`, `_row_number`). `validate_file` is the one-file case.

Findings name the row (`_row_number`, as the sender sees it), the column and a rule id, and never
the offending value: GX's unexpected values are excluded and only the index columns are read.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import numpy as np
import pyarrow as pa

from tipstat.contract import AGE_GROUPS, ALL_SPECS, LOCAL_TIMEZONE, SEXES, FileSpec, province_codes
from tipstat.intake.gx_suites import (
    BIRTH_YEAR_OUT_OF_RANGE,
    FILE_INDEX,
    FILE_YEAR,
    PERIOD,
    load_suite_dict,
    not_a_date_column,
    personal_data_column,
    personal_data_regex,
    quarter_column,
    year_column,
)
from tipstat.intake.naming import FileName, Period
from tipstat.intake.readers import ROW_NUMBER, ParseError, read_file, sql_text
from tipstat.settings import EXPECTATIONS_DIR

BATCH_BYTES = 32 << 20  # landing bytes of one kind read and validated together (bounds memory)
CHUNK_ROWS = 100_000  # rows per GX call; small files are packed together, a big file is split
MAX_ROW_FINDINGS = 200  # row-level findings kept per file; every broken rule also gets a count
COLUMNS_RULE = "columns:exact_set"


@dataclass
class Finding:
    row: int | None
    column: str | None
    rule: str
    message: str  # never the offending value


@dataclass
class ValidationOutcome:
    ok: bool
    rows: int
    findings: list[Finding] = field(default_factory=list)
    table: pa.Table | None = None  # contract columns + _row_number, ready to load; None unless ok
    counts: dict[str, int] = field(default_factory=dict)  # rule -> rows breaking it (uncapped)
    table_path: Path | None = None  # instead of `table` when validate_files spilled it to disk

    def load_table(self) -> pa.Table | None:
        """The validated table: in memory, or memory-mapped from its spill file."""
        if self.table is not None or self.table_path is None:
            return self.table
        with pa.memory_map(str(self.table_path)) as source:
            return pa.ipc.open_file(source).read_all()


class _Findings:
    """Collects findings: at most MAX_ROW_FINDINGS row-level ones, and a count per rule."""

    def __init__(self) -> None:
        self.items: list[Finding] = []
        self.counts: dict[str, int] = {}
        self._row_items = 0
        self._listed: dict[str, int] = {}
        self._first: dict[str, tuple[str | None, str]] = {}

    def add(
        self,
        rule: str,
        column: str | None,
        message: str,
        rows: list[int],
        count: int,
        messages: list[str] | None = None,
    ) -> None:
        """`rows` breaking `rule` (possibly only the first few of `count`); no rows: file-level."""
        self.counts[rule] = self.counts.get(rule, 0) + count
        self._first.setdefault(rule, (column, message))
        if not rows:
            if rule not in self._listed:
                self.items.append(Finding(None, column, rule, message))
                self._listed[rule] = 0
            self._listed[rule] = self.counts[rule]
            return
        room = max(MAX_ROW_FINDINGS - self._row_items, 0)
        for i, row in enumerate(rows[:room]):
            self.items.append(Finding(row, column, rule, messages[i] if messages else message))
            self._row_items += 1
            self._listed[rule] = self._listed.get(rule, 0) + 1

    def result(self) -> list[Finding]:
        out = sorted(self.items, key=lambda f: (f.row is None, f.row or 0, f.rule))
        for rule, count in self.counts.items():
            listed = self._listed.get(rule, 0)
            if count > listed:
                column, message = self._first[rule]
                total = f"{count} row(s) in total ({listed} listed): {message}"
                out.append(Finding(None, column, rule, total))
        return out


# ---------------------------------------------------------------- GX plumbing (lazy, cached)
@cache
def _gx_batch_definition() -> Any:
    """One ephemeral GX context per process with one pandas dataframe asset."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    source = context.data_sources.add_pandas("tipstat_landing")
    asset = source.add_dataframe_asset("landing_file")
    return asset.add_batch_definition_whole_dataframe("whole_file")


@cache
def _suite(key: str, directory: Path, rules: tuple[tuple[Any, ...], ...] | None = None) -> Any:
    """The file kind's suite without `columns:exact_set` (checked per file before batching);
    with `rules`, only the expectations whose (rule, column, message) is listed."""
    import great_expectations as gx

    spec_json = load_suite_dict(ALL_SPECS[key], directory)
    expectations = [e for e in spec_json["expectations"] if e["meta"]["rule"] != COLUMNS_RULE]
    if rules is not None:
        expectations = [e for e in expectations if _meta_key(e["meta"]) in rules]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # GX warns on every row_condition it loads
        return gx.ExpectationSuite(**{**spec_json, "expectations": expectations})


def _result_format(complete: bool) -> dict[str, Any]:
    """Only the index columns come back, never values. A chunk of one file needs only the first
    MAX_ROW_FINDINGS rows and GX's count; a chunk of several files needs every unexpected row's
    index to count per file."""
    return {
        "result_format": "COMPLETE" if complete else "SUMMARY",
        "partial_unexpected_count": MAX_ROW_FINDINGS,
        "unexpected_index_column_names": [FILE_INDEX, ROW_NUMBER],
        "exclude_unexpected_values": True,
        "return_unexpected_index_query": False,
    }


def _run_suite(suite: Any, frame: Any, complete: bool) -> list[Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        batch = _gx_batch_definition().get_batch(batch_parameters={"dataframe": frame})
        return batch.validate(suite, result_format=_result_format(complete)).results


def _failing_rules(key: str, directory: Path, frame: Any) -> tuple[tuple[Any, ...], ...]:
    """First pass: the whole suite with BOOLEAN_ONLY (GX computes no unexpected lists or
    indexes, about half the cost of a SUMMARY run). Only what fails (or raised) runs again."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        batch = _gx_batch_definition().get_batch(batch_parameters={"dataframe": frame})
        results = batch.validate(_suite(key, directory), result_format={"result_format": "BOOLEAN_ONLY"})
    failing = {_meta_key(r.expectation_config.meta) for r in results.results if not r.success}
    return tuple(sorted(failing, key=repr))


def _unexpected_index(index_list: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    """(`_file_index`, `_row_number`) arrays from GX's index list (the values are never kept).
    With exclude_unexpected_values GX gives [{"_file_index": [...], "_row_number": [...]}];
    otherwise one dict a row."""
    files: list[Any] = []
    rows: list[Any] = []
    for item in index_list:
        f, r = item.get(FILE_INDEX), item.get(ROW_NUMBER)
        if isinstance(r, list | tuple | np.ndarray):
            files.extend(f)
            rows.extend(r)
        elif r is not None:
            files.append(f)
            rows.append(r)
    return np.asarray(files, dtype=np.int64), np.asarray(rows, dtype=np.int64)


def _meta_key(meta: dict[str, Any] | None) -> tuple[Any, ...]:
    meta = meta or {}
    return (meta.get("rule", "gx"), meta.get("column"), meta.get("message", ""))


_positions: dict[tuple[Any, ...], int] = {}


def _position(meta: dict[str, Any] | None) -> int:
    """A stable number per expectation (GX may return results in another order than the suite's)."""
    return _positions.setdefault(_meta_key(meta), len(_positions))


@dataclass
class _Hits:
    """One expectation's result for one file, accumulated over chunks."""

    rows: list[int] = field(default_factory=list)  # first MAX_ROW_FINDINGS rows
    count: int = 0
    failed: bool = False  # GX raised: the check could not run


def _collect(
    results: list[Any], files_in_chunk: list[int], hits: dict[int, dict[int, _Hits]], complete: bool
) -> None:
    """Spread one chunk's results over the files in it: hits[file][expectation]."""
    for res in results:
        if res.success:
            continue
        e = _position(res.expectation_config.meta)
        if res.exception_info and res.exception_info.get("raised_exception"):
            for f in files_in_chunk:
                hits[f].setdefault(e, _Hits()).failed = True
            continue
        result = res.result or {}
        key = "unexpected_index_list" if complete else "partial_unexpected_index_list"
        file_idx, row_numbers = _unexpected_index(result.get(key) or [])
        if not complete:  # one file in the chunk: GX's count is the file's
            f = files_in_chunk[0]
            h = hits[f].setdefault(e, _Hits())
            h.count += int(result.get("unexpected_count") or len(row_numbers) or 1)
            h.rows.extend(int(r) for r in row_numbers[: max(MAX_ROW_FINDINGS - len(h.rows), 0)])
            continue
        if not len(row_numbers):  # a failure without rows (not a row rule): every file in the chunk
            for f in files_in_chunk:
                h = hits[f].setdefault(e, _Hits())
                h.count += int(result.get("unexpected_count") or 1)
            continue
        order = np.lexsort((row_numbers, file_idx))
        file_idx, row_numbers = file_idx[order], row_numbers[order]
        uniq, starts, counts = np.unique(file_idx, return_index=True, return_counts=True)
        for f, start, n in zip(uniq.tolist(), starts.tolist(), counts.tolist(), strict=True):
            h = hits[f].setdefault(e, _Hits())
            h.count += n
            room = max(MAX_ROW_FINDINGS - len(h.rows), 0)
            h.rows.extend(row_numbers[start : start + min(n, room)].tolist())


def _report(suite: Any, file_hits: dict[int, _Hits], findings: _Findings, period: Period) -> None:
    """Turn one file's accumulated hits into findings, in suite order."""
    for expectation in suite.expectations:
        h = file_hits.get(_position(expectation.meta))
        if h is None:
            continue
        rule, column, message = _meta_key(expectation.meta)
        if rule.startswith("in_quarter:"):
            message = f"{message} {period.label} ({period.start.isoformat()} to {period.end.isoformat()})"
        if h.failed:
            # GX's exception text can quote data: keep only that the check could not run
            findings.add(f"check_failed:{rule}", column, "this check could not run on the file", [], 1)
            continue
        if h.count:
            findings.add(rule, column, message, h.rows, h.count)


# ---------------------------------------------------------------- derived columns (DuckDB)
def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _derived_sql(spec: FileSpec) -> str:
    """SELECT list of the derived row-level columns (see gx_suites.py), after the two index columns
    (which let the caller check that DuckDB kept the rows in order)."""
    fmt = spec.date_format.replace("'", "''")
    personal_data = sql_text(personal_data_regex())  # built on first use (0.4 s), not at import
    parts = [FILE_INDEX, ROW_NUMBER]
    for col in spec.columns:
        c = _quote(col.name)
        if col.in_quarter:
            parsed = f"try_strptime({c}, '{fmt}')"
            parts.append(
                f"CASE WHEN {c} IS NULL THEN {PERIOD} "
                f"WHEN strftime({parsed}, '{fmt}') = {c} "
                f"THEN year({parsed})::VARCHAR || 'Q' || quarter({parsed})::VARCHAR END "
                f"AS {_quote(quarter_column(col.canonical))}"
            )
        if col.kind == "date" and not col.in_quarter:
            parts.append(
                f"CASE WHEN {c} IS NOT NULL AND try_strptime({c}, '{fmt}') IS NULL THEN true END "
                f"AS {_quote(not_a_date_column(col.canonical))}"
            )
        if spec.feed != "population":  # exports.md: the personal-data rule does not apply there
            parts.append(
                f"CASE WHEN regexp_matches({c}, {personal_data}) THEN true END "
                f"AS {_quote(personal_data_column(col.canonical))}"
            )
        if col.canonical == "birth_year":
            parts.append(
                f"CASE WHEN {c} IS NULL THEN NULL "
                f"WHEN regexp_full_match({c}, '[0-9]{{4}}') AND TRY_CAST({c} AS BIGINT) >= 1900 "
                f"THEN TRY_CAST({c} AS BIGINT) "
                f"ELSE {BIRTH_YEAR_OUT_OF_RANGE} END AS {_quote(year_column(col.canonical))}"
            )
    return ", ".join(parts)


def _constant(value: Any, n: int, type_: pa.DataType) -> pa.Array:
    return pa.array([value], type_).take(pa.array(np.zeros(n, dtype=np.int64)))


# ---------------------------------------------------------------- rules across chunks (DuckDB)
def _unique_rules(con: duckdb.DuckDBPyConnection, spec: FileSpec, findings: dict[int, _Findings]) -> None:
    for col in spec.columns:
        if not col.unique:
            continue
        quoted = _quote(col.name)
        rows = con.execute(
            f"""
            SELECT {FILE_INDEX}, {ROW_NUMBER}, first_row, total FROM (
                SELECT *, row_number() OVER (PARTITION BY {FILE_INDEX} ORDER BY {ROW_NUMBER}) AS n,
                       count(*) OVER (PARTITION BY {FILE_INDEX}) AS total
                FROM (
                    SELECT {FILE_INDEX}, {ROW_NUMBER},
                           min({ROW_NUMBER}) OVER (PARTITION BY {FILE_INDEX}, {quoted}) AS first_row
                    FROM landing WHERE {quoted} IS NOT NULL
                ) WHERE {ROW_NUMBER} <> first_row
            ) WHERE n <= {MAX_ROW_FINDINGS} ORDER BY {FILE_INDEX}, {ROW_NUMBER}
            """
        ).fetchall()
        by_file: dict[int, list[tuple[int, int, int]]] = {}
        for f, row, first, total in rows:
            by_file.setdefault(int(f), []).append((int(row), int(first), int(total)))
        for f, hits in by_file.items():
            findings[f].add(
                f"unique:{col.canonical}",
                col.name,
                f"{col.name} must be unique within the file",
                [r for r, _, _ in hits],
                hits[0][2],
                [f"{col.name} repeats the value of row {h[1]}; it must be unique in the file" for h in hits],
            )


def arrival_day(path: Path) -> date | None:
    """The file's arrival (its modification time) as a calendar date in Viet Nam."""
    try:
        mtime = Path(path).stat().st_mtime
    except OSError:
        return None
    return datetime.fromtimestamp(mtime, ZoneInfo(LOCAL_TIMEZONE)).date()


def _after_arrival_rules(
    con: duckdb.DuckDBPyConnection,
    spec: FileSpec,
    findings: dict[int, _Findings],
    arrivals: dict[int, date | None],
) -> None:
    """exports.md, "Edge cases": no date may be later than the file's arrival."""
    known = {i: day for i, day in arrivals.items() if day is not None}
    dates = [c for c in spec.columns if c.kind == "date"]
    if not known or not dates:
        return
    fmt = spec.date_format.replace("'", "''")
    con.register(
        "arrivals", pa.table({"i": list(known), "arrived": pa.array(list(known.values()), pa.date32())})
    )
    try:
        for col in dates:
            quoted = _quote(col.name)
            rows = con.execute(
                f"""
                SELECT {FILE_INDEX}, {ROW_NUMBER}, arrived, total FROM (
                    SELECT l.{FILE_INDEX}, l.{ROW_NUMBER}, a.arrived,
                           row_number() OVER (PARTITION BY l.{FILE_INDEX} ORDER BY l.{ROW_NUMBER}) AS n,
                           count(*) OVER (PARTITION BY l.{FILE_INDEX}) AS total
                    FROM landing l JOIN arrivals a ON a.i = l.{FILE_INDEX}
                    WHERE try_strptime(l.{quoted}, '{fmt}')::DATE > a.arrived
                ) WHERE n <= {MAX_ROW_FINDINGS} ORDER BY 1, 2
                """
            ).fetchall()
            by_file: dict[int, list[tuple[int, date, int]]] = {}
            for f, row, arrived, total in rows:
                by_file.setdefault(int(f), []).append((int(row), arrived, int(total)))
            for f, hits in by_file.items():
                findings[f].add(
                    f"after_arrival:{col.canonical}",
                    col.name,
                    f"{col.name} is later than the file's arrival ({hits[0][1].isoformat()})",
                    [r for r, _, _ in hits],
                    hits[0][2],
                )
    finally:
        con.unregister("arrivals")


def _population_rules(con: duckdb.DuckDBPyConnection, findings: dict[int, _Findings]) -> None:
    dup = con.execute(
        f"""
        SELECT {FILE_INDEX}, {ROW_NUMBER}, first_row, total FROM (
            SELECT *, row_number() OVER (PARTITION BY {FILE_INDEX} ORDER BY {ROW_NUMBER}) AS n,
                   count(*) OVER (PARTITION BY {FILE_INDEX}) AS total
            FROM (
                SELECT {FILE_INDEX}, {ROW_NUMBER}, min({ROW_NUMBER})
                       OVER (PARTITION BY {FILE_INDEX}, province, sex, age_group) AS first_row
                FROM landing
            ) WHERE {ROW_NUMBER} <> first_row
        ) WHERE n <= {MAX_ROW_FINDINGS} ORDER BY {FILE_INDEX}, {ROW_NUMBER}
        """
    ).fetchall()
    by_file: dict[int, list[tuple[int, int, int]]] = {}
    for f, row, first, total in dup:
        by_file.setdefault(int(f), []).append((int(row), int(first), int(total)))
    for f, hits in by_file.items():
        findings[f].add(
            "unique:province_sex_age_group",
            None,
            "one row per (province, sex, age_group) combination",
            [r for r, _, _ in hits],
            hits[0][2],
            [f"this (province, sex, age_group) combination already appears in row {h[1]}" for h in hits],
        )
    missing = con.execute(
        f"""
        SELECT f.i, p.code, s.sex, a.age_group
        FROM unnest($files) AS f(i), unnest($provinces) AS p(code), unnest($sexes) AS s(sex),
             unnest($ages) AS a(age_group)
        ANTI JOIN landing l ON l.{FILE_INDEX} = f.i AND l.province = p.code AND l.sex = s.sex
            AND l.age_group = a.age_group
        ORDER BY 1, 2, 3, 4
        """,
        {
            "files": sorted(findings),
            "provinces": list(province_codes("VN34")),
            "sexes": list(SEXES),
            "ages": list(AGE_GROUPS),
        },
    ).fetchall()
    by_missing: dict[int, list[tuple[str, str, str]]] = {}
    for f, p, s, a in missing:
        by_missing.setdefault(int(f), []).append((p, s, a))
    for f, combos in by_missing.items():
        first = ", ".join(f"{p}/{s}/{a}" for p, s, a in combos[:10])
        findings[f].add(
            "population:missing_combination",
            None,
            f"{len(combos)} (province, sex, age_group) combination(s) have no row, e.g. {first}",
            [],
            len(combos),
        )


# ---------------------------------------------------------------- entry points
def _column_message(found: list[str], spec: FileSpec) -> str:
    from tipstat.intake.readers import _safe_name

    missing = [c for c in spec.header if c not in found]
    extra = [c for c in found if c not in spec.header and c != ROW_NUMBER]
    parts = []
    if missing:
        parts.append("missing: " + ", ".join(missing))
    if extra:
        parts.append(f"{len(extra)} not in the contract: " + ", ".join(_safe_name(c) for c in extra[:10]))
    hint = " (a single column usually means the wrong delimiter)" if len(found) == 2 else ""
    return "the file does not have exactly the contract's columns: " + "; ".join(parts) + hint


def _chunks(sizes: list[int]) -> Iterable[tuple[int, int, list[int]]]:
    """(offset, length, member positions) over the concatenated rows: files are packed whole into
    chunks of up to CHUNK_ROWS rows; a bigger file gets chunks of its own, cut at its own
    multiples of CHUNK_ROWS (so a file is chunked the same alone and in a batch)."""
    offset, start, members, length = 0, 0, [], 0
    for pos, n in enumerate(sizes):
        if members and length + n > CHUNK_ROWS:
            yield start, length, members
            start, members, length = offset, [], 0
        if n > CHUNK_ROWS:
            for piece in range(0, n, CHUNK_ROWS):
                yield offset + piece, min(CHUNK_ROWS, n - piece), [pos]
            offset += n
            start = offset
            continue
        members.append(pos)
        length += n
        offset += n
    if members:
        yield start, length, members


def _validate_group(
    spec: FileSpec,
    members: list[tuple[int, FileName, pa.Table]],
    expectations_dir: Path,
    paths: dict[int, Path],
) -> dict[int, _Findings]:
    """Run one file kind's suite over every member file (index, name, table) at once."""
    findings = {i: _Findings() for i, _, _ in members}
    sizes = [t.num_rows for _, _, t in members]
    starts = np.concatenate([[0], np.cumsum(sizes)]).tolist()
    # the rules across chunks need few columns: zero-copy selections of every file, concatenated
    keep = [c.name for c in spec.columns if c.unique or c.kind == "date"]
    keep += ["province", "sex", "age_group"] if spec.feed == "population" else []
    landing = pa.concat_tables(
        [
            t.select([*keep, ROW_NUMBER]).append_column(FILE_INDEX, _constant(i, t.num_rows, pa.int64()))
            for i, _, t in members
        ]
    )
    con = duckdb.connect()
    try:
        con.register("landing", landing)
        derived = _derived_sql(spec)
        suite = _suite(spec.key, expectations_dir)
        hits: dict[int, dict[int, _Hits]] = {i: {} for i, _, _ in members}
        for offset, length, positions in _chunks(sizes):
            pieces = []
            for p in positions:  # the part of each member file inside [offset, offset + length)
                i, fname, table = members[p]
                a = max(offset, starts[p]) - starts[p]
                n = min(offset + length, starts[p + 1]) - starts[p] - a
                pieces.append(
                    table.slice(a, n)
                    .append_column(FILE_INDEX, _constant(i, n, pa.int64()))
                    .append_column(PERIOD, _constant(fname.period.label, n, pa.string()))
                    .append_column(FILE_YEAR, _constant(fname.period.year, n, pa.int64()))
                )
            chunk = pa.concat_tables(pieces)
            if chunk.column(0).num_chunks > 4:  # many small files: one Arrow chunk, so pandas runs
                chunk = chunk.combine_chunks()  # each kernel (a regex: compiled each time) once
            con.register("chunk", chunk)
            extra = con.sql(f"SELECT {derived} FROM chunk").to_arrow_table()
            con.unregister("chunk")
            for index in (FILE_INDEX, ROW_NUMBER):  # DuckDB keeps insertion order; make sure
                if not extra.column(index).equals(chunk.column(index)):  # pragma: no cover
                    raise RuntimeError("derived columns came back in another row order")
            for name in extra.column_names[2:]:
                chunk = chunk.append_column(name, extra.column(name))
            del extra
            files_in_chunk = [members[p][0] for p in positions]
            complete = len(files_in_chunk) > 1
            frame = chunk.to_pandas()
            del chunk
            failing = _failing_rules(spec.key, expectations_dir, frame)
            if failing:  # second pass, only the expectations that failed: which rows, which files
                results = _run_suite(_suite(spec.key, expectations_dir, failing), frame, complete)
                _collect(results, files_in_chunk, hits, complete)
            del frame
        for i, fname, _ in members:
            _report(suite, hits[i], findings[i], fname.period)
        _unique_rules(con, spec, findings)
        _after_arrival_rules(con, spec, findings, {i: arrival_day(paths[i]) for i, _, _ in members})
        if spec.feed == "population":
            _population_rules(con, findings)
    finally:
        con.close()
    return findings


def kind_batches(items: list[tuple[Path, FileName]], batch_bytes: int = BATCH_BYTES) -> list[list[int]]:
    """Positions in `items`, grouped by file kind (in order of first appearance) and cut into
    batches of consecutive files of up to `batch_bytes` landing bytes (at least one file each)."""
    by_kind: dict[str, list[int]] = {}
    for i, (_, file_name) in enumerate(items):
        by_kind.setdefault(file_name.spec.key, []).append(i)
    out: list[list[int]] = []
    for positions in by_kind.values():
        batch: list[int] = []
        size = 0
        for i in positions:
            n = landing_size(items[i][0])
            if batch and size + n > batch_bytes:
                out.append(batch)
                batch, size = [], 0
            batch.append(i)
            size += n
        out.append(batch)
    return out


def landing_size(path: Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


def _spill(table: pa.Table, spill_dir: Path, index: int) -> Path:
    """Write a validated table as an Arrow IPC file; loading maps it back without a copy."""
    path = spill_dir / f"{index:06d}.arrow"
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return path


def validate_files(
    items: list[tuple[Path, FileName]],
    expectations_dir: Path = EXPECTATIONS_DIR,
    *,
    spill_dir: Path | None = None,
    spill_offset: int = 0,
    batch_bytes: int = BATCH_BYTES,
) -> dict[Path, ValidationOutcome]:
    """Parse and validate many landing files with one GX call per file kind and chunk.

    Files are read and validated kind by kind, in batches of up to `batch_bytes` landing bytes, so
    memory stays bounded whatever the volume. With `spill_dir`, the table of every file that
    passed is written there (Arrow IPC, named after `spill_offset` + the file's position in
    `items`) and the outcome holds its path instead of the table.
    Never raises for a bad file: its outcome is ok=False with findings. Each file's outcome is
    exactly what validating it alone gives."""
    outcomes: dict[Path, ValidationOutcome] = {}
    for positions in kind_batches(items, batch_bytes):
        spec = items[positions[0]][1].spec
        members: list[tuple[int, FileName, pa.Table]] = []
        paths: dict[int, Path] = {}
        for i in positions:
            path, file_name = Path(items[i][0]), items[i][1]
            outcome, table = _read_checked(path, spec)
            if outcome is not None:
                outcomes[path] = outcome
                continue
            paths[i] = path
            members.append((i, file_name, table))
        if not members:
            continue
        try:
            findings = _validate_group(spec, members, expectations_dir, paths)
        except Exception as exc:  # one file must not fail its batch: try each alone
            if len(members) == 1:
                i = members[0][0]
                outcomes[paths[i]] = _failed(
                    "check_failed", f"the checks could not run ({type(exc).__name__})"
                )
                continue
            findings = {}
            for member in members:
                try:
                    findings.update(_validate_group(spec, [member], expectations_dir, paths))
                except Exception as alone:
                    outcomes[paths[member[0]]] = _failed(
                        "check_failed", f"the checks could not run ({type(alone).__name__})"
                    )
            members = [m for m in members if m[0] in findings]
        for i, _, table in members:
            result = findings[i].result()
            ok = not result
            counts = findings[i].counts
            outcome = ValidationOutcome(ok, table.num_rows, result, table if ok else None, counts)
            if ok and spill_dir is not None:
                outcome.table_path = _spill(table, spill_dir, spill_offset + i)
                outcome.table = None
            outcomes[paths[i]] = outcome
        members.clear()  # the tables live on only in the outcomes (or files) of files that passed
        pa.default_memory_pool().release_unused()
    return outcomes


def _failed(rule: str, message: str) -> ValidationOutcome:
    """A file-level failure; `message` never holds the file's contents."""
    return ValidationOutcome(False, 0, [Finding(None, None, rule, message)], None, {rule: 1})


def _read_checked(path: Path, spec: FileSpec) -> tuple[ValidationOutcome | None, pa.Table | None]:
    """The file's contract columns (+ _row_number), or the outcome of a file that fails on reading
    or on its set of columns."""
    try:
        table = read_file(path, spec)
    except ParseError as exc:
        finding = Finding(exc.row, None, exc.rule, str(exc))
        return ValidationOutcome(False, 0, [finding], None, {exc.rule: 1}), None
    except (MemoryError, RecursionError, OSError, ValueError, ArithmeticError, LookupError) as exc:
        return _failed("parse:unreadable", f"the file could not be read ({type(exc).__name__})"), None
    if sorted(table.column_names) != sorted([*spec.header, ROW_NUMBER]):
        # the suite's `columns:exact_set` (expect_table_columns_to_match_set, exact), checked
        # here: a file with other columns cannot join a batch, and it fails on this alone
        message = _column_message(table.column_names, spec)
        findings = [Finding(None, None, COLUMNS_RULE, message)]
        return ValidationOutcome(False, table.num_rows, findings, None, {COLUMNS_RULE: 1}), None
    pa.default_memory_pool().release_unused()  # the reader's temporaries: back to the OS
    return None, table.select([*spec.header, ROW_NUMBER])


def validate_file(
    path: Path, file_name: FileName, expectations_dir: Path = EXPECTATIONS_DIR
) -> ValidationOutcome:
    """Parse and validate one landing file. Never raises for a bad file: ok=False with findings."""
    return validate_files([(Path(path), file_name)], expectations_dir)[Path(path)]
