"""Validating one landing file against its contract: parse (readers.py), run the file kind's
GX suite (expectations/*.json) in bounded chunks, and check the rules that span chunks in DuckDB.

Findings name the row (`_row_number`, as the sender sees it), the column and a rule id, and never
the offending value: GX's unexpected values are dropped and only `_row_number` is kept.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from dagster_project.contract import AGE_GROUPS, ALL_SPECS, SEXES, FileSpec, province_codes
from dagster_project.intake.gx_suites import load_suite_dict
from dagster_project.intake.naming import FileName, Period
from dagster_project.intake.readers import ROW_NUMBER, ParseError, read_file
from dagster_project.settings import EXPECTATIONS_DIR

CHUNK_ROWS = 250_000
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
def _suite(key: str, directory: Path, columns_only: bool) -> Any:
    import great_expectations as gx

    spec_json = load_suite_dict(ALL_SPECS[key], directory)
    if columns_only:
        spec_json = {
            **spec_json,
            "expectations": [e for e in spec_json["expectations"] if e["meta"]["rule"] == COLUMNS_RULE],
        }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # GX warns on every row_condition it loads
        return gx.ExpectationSuite(**spec_json)


def suite_parameters(spec: FileSpec, period: Period) -> dict[str, Any]:
    """The per-file values the suites refer to with {"$PARAMETER": ...}."""
    days = [period.start + timedelta(days=i) for i in range((period.end - period.start).days + 1)]
    return {
        "quarter_days": [d.strftime(spec.date_format) for d in days],
        "birth_years": [str(y) for y in range(1900, period.year + 1)],
        "file_year": [str(period.year)],
    }


_RESULT_FORMAT = {
    "result_format": "SUMMARY",
    "partial_unexpected_count": MAX_ROW_FINDINGS,
    "unexpected_index_column_names": [ROW_NUMBER],
    "exclude_unexpected_values": True,
    "return_unexpected_index_query": False,
}


def _run_suite(suite: Any, frame: Any, params: dict[str, Any]) -> list[Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        batch = _gx_batch_definition().get_batch(batch_parameters={"dataframe": frame})
        return batch.validate(suite, expectation_parameters=params, result_format=_RESULT_FORMAT).results


def _unexpected_rows(index_list: list[dict[str, Any]]) -> list[int]:
    """Only `_row_number` from GX's index list (the offending values are never kept). With
    exclude_unexpected_values GX gives [{"_row_number": [2, 5, ...]}]; otherwise one dict a row."""
    rows: list[int] = []
    for item in index_list:
        value = item.get(ROW_NUMBER)
        if isinstance(value, list | tuple):
            rows.extend(int(v) for v in value)
        elif value is not None:
            rows.append(int(value))
    return rows


def _collect(results: list[Any], findings: _Findings, period: Period) -> None:
    for res in results:
        if res.success:
            continue
        meta = res.expectation_config.meta or {}
        rule, column, message = meta.get("rule", "gx"), meta.get("column"), meta.get("message", "")
        if rule.startswith("in_quarter:"):
            message = f"{message} {period.label} ({period.start.isoformat()} to {period.end.isoformat()})"
        if res.exception_info and res.exception_info.get("raised_exception"):
            # GX's exception text can quote data: keep only that the check could not run
            findings.add(f"check_failed:{rule}", column, "this check could not run on the file", [], 1)
            continue
        result = res.result or {}
        rows = _unexpected_rows(result.get("partial_unexpected_index_list") or [])
        count = int(result.get("unexpected_count") or len(rows) or 1)
        findings.add(rule, column, message, rows, count)


# ---------------------------------------------------------------- rules across chunks (DuckDB)
def _unique_rules(con: duckdb.DuckDBPyConnection, spec: FileSpec, findings: _Findings) -> None:
    for col in spec.columns:
        if not col.unique:
            continue
        quoted = '"' + col.name.replace('"', '""') + '"'
        rows = con.execute(
            f"""
            SELECT {ROW_NUMBER}, first_row, count(*) OVER () AS total FROM (
                SELECT {ROW_NUMBER}, min({ROW_NUMBER}) OVER (PARTITION BY {quoted}) AS first_row
                FROM landing WHERE {quoted} IS NOT NULL
            ) WHERE {ROW_NUMBER} <> first_row ORDER BY {ROW_NUMBER} LIMIT {MAX_ROW_FINDINGS}
            """
        ).fetchall()
        if rows:
            findings.add(
                f"unique:{col.canonical}",
                col.name,
                f"{col.name} must be unique within the file",
                [int(r[0]) for r in rows],
                int(rows[0][2]),
                [f"{col.name} repeats the value of row {r[1]}; it must be unique in the file" for r in rows],
            )


def _population_rules(con: duckdb.DuckDBPyConnection, findings: _Findings) -> None:
    dup = con.execute(
        f"""
        SELECT {ROW_NUMBER}, first_row, count(*) OVER () FROM (
            SELECT {ROW_NUMBER}, min({ROW_NUMBER}) OVER (PARTITION BY province, sex, age_group) AS first_row
            FROM landing
        ) WHERE {ROW_NUMBER} <> first_row ORDER BY {ROW_NUMBER} LIMIT {MAX_ROW_FINDINGS}
        """
    ).fetchall()
    if dup:
        findings.add(
            "unique:province_sex_age_group",
            None,
            "one row per (province, sex, age_group) combination",
            [int(r[0]) for r in dup],
            int(dup[0][2]),
            [f"this (province, sex, age_group) combination already appears in row {r[1]}" for r in dup],
        )
    missing = con.execute(
        """
        SELECT p.code, s.sex, a.age_group
        FROM unnest($provinces) AS p(code), unnest($sexes) AS s(sex), unnest($ages) AS a(age_group)
        ANTI JOIN landing l ON l.province = p.code AND l.sex = s.sex AND l.age_group = a.age_group
        ORDER BY 1, 2, 3
        """,
        {"provinces": list(province_codes("VN34")), "sexes": list(SEXES), "ages": list(AGE_GROUPS)},
    ).fetchall()
    if missing:
        first = ", ".join(f"{p}/{s}/{a}" for p, s, a in missing[:10])
        findings.add(
            "population:missing_combination",
            None,
            f"{len(missing)} (province, sex, age_group) combination(s) have no row, e.g. {first}",
            [],
            len(missing),
        )


# ---------------------------------------------------------------- entry point
def _column_message(found: list[str], spec: FileSpec) -> str:
    from dagster_project.intake.readers import _safe_name

    missing = [c for c in spec.header if c not in found]
    extra = [c for c in found if c not in spec.header and c != ROW_NUMBER]
    parts = []
    if missing:
        parts.append("missing: " + ", ".join(missing))
    if extra:
        parts.append(f"{len(extra)} not in the contract: " + ", ".join(_safe_name(c) for c in extra[:10]))
    hint = " (a single column usually means the wrong delimiter)" if len(found) == 2 else ""
    return "the file does not have exactly the contract's columns: " + "; ".join(parts) + hint


def validate_file(
    path: Path, file_name: FileName, expectations_dir: Path = EXPECTATIONS_DIR
) -> ValidationOutcome:
    """Parse and validate one landing file. Never raises for a bad file: ok=False with findings."""
    spec, period = file_name.spec, file_name.period
    try:
        table = read_file(Path(path), spec)
    except ParseError as exc:
        return ValidationOutcome(False, 0, [Finding(exc.row, None, "parse", str(exc))], None, {"parse": 1})

    findings = _Findings()
    params = suite_parameters(spec, period)
    if sorted(table.column_names) != sorted([*spec.header, ROW_NUMBER]):
        results = _run_suite(_suite(spec.key, expectations_dir, True), table.slice(0, 1).to_pandas(), params)
        _collect(results, findings, period)
        message = _column_message(table.column_names, spec)
        for f in findings.items:
            if f.rule == COLUMNS_RULE:
                f.message = message
        if COLUMNS_RULE not in findings.counts:  # never accept a file whose columns differ
            findings.add(COLUMNS_RULE, None, message, [], 1)
        return ValidationOutcome(False, table.num_rows, findings.result(), None, findings.counts)

    table = table.select([*spec.header, ROW_NUMBER])
    suite = _suite(spec.key, expectations_dir, False)
    for offset in range(0, max(table.num_rows, 1), CHUNK_ROWS):
        frame = table.slice(offset, CHUNK_ROWS).to_pandas()
        _collect(_run_suite(suite, frame, params), findings, period)

    con = duckdb.connect()
    try:
        con.register("landing", table)
        _unique_rules(con, spec, findings)
        if spec.feed == "population":
            _population_rules(con, findings)
    finally:
        con.close()

    result = findings.result()
    ok = not result
    return ValidationOutcome(ok, table.num_rows, result, table if ok else None, findings.counts)
