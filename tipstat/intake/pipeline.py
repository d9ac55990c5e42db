"""The intake entry point the Dagster asset calls (docs/architecture.md, "One run", step 4).

`run_intake` registers every landing file, decides its fate, validates and loads it into the
work copy of the warehouse. It never moves a landing file: `filing.finish_filing` does that after
the publish (the commit point).
"""

from __future__ import annotations

import contextlib
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import duckdb

from tipstat import faults, progress, timings
from tipstat.intake import tables
from tipstat.intake.loading import FindingRow, record_submission
from tipstat.intake.naming import parse_file_name
from tipstat.intake.registry import (
    ACCEPTED,
    REJECTED,
    STATUSES,
    SUPERSEDED,
    Decision,
    Ledger,
    LeftFile,
    SeenFile,
    decide,
    guess_slot,
    local_date,
    scan_landing,
    still_same,
)
from tipstat.intake.tables import SubmissionRow, ensure_schema
from tipstat.render import safe_or_none
from tipstat.settings import Home, validation_workers

__all__ = ["IntakeResult", "ensure_schema", "run_intake", "stored_path"]

SUMMARIZED_FINDINGS = 3


@dataclass
class IntakeResult:
    """What one intake did. `changed_raw_tables` holds raw table names without schema
    (`police__victims`, `population`), as `tables.RAW_TABLES` lists them."""

    run_id: str
    new_submissions: list[dict[str, Any]] = field(default_factory=list)
    changed_raw_tables: set[str] = field(default_factory=set)
    submissions_changed: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    files_left_for_next_run: list[LeftFile] = field(default_factory=list)
    superseded_earlier: list[tuple[str, str]] = field(default_factory=list)  # (old file, by file)
    already_registered: list[str] = field(default_factory=list)  # in landing, waiting for filing

    @property
    def changed(self) -> bool:
        return self.submissions_changed or bool(self.changed_raw_tables)


QUARANTINE_NAME_BYTES = 150  # the shown name's share of a quarantine entry's name


def _shorten(name: str, limit: int) -> str:
    """At most `limit` bytes of UTF-8, cut on a character boundary."""
    data = name.encode("utf-8")
    return name if len(data) <= limit else data[:limit].decode("utf-8", "ignore") + "…"


def stored_path(status: str, feed: str | None, file_name: str, sha256: str, submission_id: str = "") -> str:
    """Where the file will be kept, relative to TIPSTAT_HOME. `file_name` is the shown (safe)
    name. A quarantined entry's name starts with the submission id (unique per name, bytes and
    arrival), so no delivery, not even one named `X.csv.report.txt` holding X.csv's bytes, can
    take the place of another's file or report (`<entry>.report.txt` / `.report.json`)."""
    if status in (ACCEPTED, SUPERSEDED) and feed:
        return f"archive/{feed}/{file_name}"
    prefix = submission_id or sha256[:12]
    return f"quarantine/{prefix}__{_shorten(file_name, QUARANTINE_NAME_BYTES)}"


def summarize_findings(findings: list[FindingRow], totals: dict[str, int] | None = None) -> str:
    """The first broken rules, each with its column, first rows and row count (never a value)."""
    if not findings:
        return "failed validation"
    groups: dict[tuple[str, str | None], list[int]] = {}
    file_level: dict[tuple[str, str | None], str] = {}
    for f in findings:
        rows = groups.setdefault((f.rule, f.column), [])
        if f.row is not None:
            rows.append(f.row)
        if f.message and (f.row is None or _is_parse(f.rule)):
            file_level.setdefault((f.rule, f.column), f.message)
    parts = []
    for (rule, column), rows in list(groups.items())[:SUMMARIZED_FINDINGS]:
        where = f" in column {column}" if column else ""
        shown = sorted(set(rows))[:SUMMARIZED_FINDINGS]
        at = ""
        if shown:
            at = f" at row{'s' if len(shown) > 1 else ''} " + ", ".join(map(str, shown))
            total = max((totals or {}).get(rule, 0), len(set(rows)))
            if total > len(shown):
                at += f" ({total} rows)"
        # a finding about the whole file (cannot parse, wrong columns) says what is wrong
        said = ""
        if (rule, column) in file_level and (not shown or _is_parse(rule)):
            said = f": {file_level[(rule, column)]}"
        parts.append(f"{rule}{where}{at}{said}")
    more = len(groups) - SUMMARIZED_FINDINGS
    tail = f"; and {more} more rule(s)" if more > 0 else ""
    return "; ".join(parts) + tail


def _is_parse(rule: str) -> bool:
    """Findings of the reader (`parse`, `parse:<what>`): their message is the reason itself."""
    return rule.split(":", 1)[0] == "parse"


def _utc_naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _join(*reasons: str | None) -> str | None:
    text = "; ".join(r for r in reasons if r)
    return text or None


def _row(
    seen: SeenFile,
    decision: Decision,
    status: str,
    reason: str | None,
    rows: int | None,
    run_id: str,
    now: datetime,
) -> SubmissionRow:
    fname = decision.file_name
    if fname is not None:
        feed, entity, period, version = fname.feed, fname.entity, fname.period.label, fname.version
        due = fname.period.due_date
    else:
        feed, entity, period, version = guess_slot(seen.name, local_date(now)) or (None, None, None, None)
        due = None
    received = seen.received_at
    return SubmissionRow(
        submission_id=seen.submission_id,
        feed=feed,
        entity=entity,
        period=period,
        version=version,
        file_name=seen.name,
        sha256=seen.sha256,
        received_at=received,
        status=status,
        rows=rows,
        due_date=due,
        on_time=(local_date(received) <= due) if due else None,
        reason=safe_or_none(reason),
        size_bytes=seen.size_bytes,
        mtime_ns=seen.mtime_ns,
        stored_path=stored_path(status, feed, seen.name, seen.sha256, seen.submission_id),
        registered_at=now,
        run_id=run_id,
    )


class _Clock:
    """Seconds per stage, summed in memory and added to `.work/timings.json` once per run
    (timings.stage writes the file on every exit; the loop enters stages once per file)."""

    def __init__(self, home: Home) -> None:
        self.home = home
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

    def flush(self) -> None:
        for name, seconds in self.seconds.items():
            timings.record(self.home, name, seconds)
        self.seconds.clear()


def _prevalidate(
    scan_files: list[SeenFile], ledger: Ledger, clock: _Clock, home: Home, run_id: str
) -> dict[Any, Any]:
    """Validate up front, kind by kind and in byte-bounded batches, every landing file whose name
    parses and that is not registered yet (a file that turns out DUPLICATE is validated for
    nothing, which is harmless). The tables of the files that passed are spilled to
    `.work/validated/` and loaded from there one file at a time, so memory stays bounded."""
    from tipstat.intake.parallel import validate_in_parallel

    items = []
    for seen in scan_files:
        if seen.kind != "file" or seen.submission_id in ledger.registered:
            continue
        try:
            items.append((seen.path, parse_file_name(seen.path.name)))
        except Exception:  # BadFileName and anything else: decide() rejects the name
            continue
    if not items:
        return {}
    spill_root = home.work_dir / "validated"
    shutil.rmtree(spill_root, ignore_errors=True)  # a killed run's leftovers
    spill_dir = spill_root / run_id  # a worker a killed run left behind cannot write in here
    spill_dir.mkdir(parents=True)
    progress.start("validation", len(items))
    with clock.stage("validation"):
        outcomes = dict(validate_in_parallel(items, spill_dir, validation_workers()))
    progress.finish("validation")
    return outcomes


def _discard(outcome: Any) -> None:
    path = getattr(outcome, "table_path", None)
    if path is not None:
        path.unlink(missing_ok=True)


def run_intake(con: duckdb.DuckDBPyConnection, home: Home, run_id: str, now: datetime) -> IntakeResult:
    """Register, validate and load every new landing file into `con` (the work copy). Seconds per
    stage (registration, validation, load) are added to `.work/timings.json`."""
    clock = _Clock(home)
    try:
        return _run_intake(con, home, run_id, now, clock)
    finally:
        clock.flush()


def _run_intake(
    con: duckdb.DuckDBPyConnection, home: Home, run_id: str, now: datetime, clock: _Clock
) -> IntakeResult:
    ensure_schema(con)
    # one checkpoint when the work copy is closed, not one per loaded file (DuckDB's default
    # threshold is 16 MB of WAL); the work copy is discarded anyway if the run is killed
    con.execute("SET checkpoint_threshold = '1GB'")
    now_utc = _utc_naive(now)
    today = local_date(now_utc)
    with clock.stage("registration"):
        ledger = Ledger.load(con)
        scan = scan_landing(home.landing)
    result = IntakeResult(run_id=run_id, files_left_for_next_run=list(scan.left))
    new_ids: list[str] = []
    validated = _prevalidate(scan.files, ledger, clock, home, run_id)

    progress.start("load", len(scan.files))
    for seen in scan.files:
        progress.advance("load")
        if seen.submission_id in ledger.registered:
            result.already_registered.append(seen.name)
            continue
        try:
            done = _one_file(con, seen, ledger, validated, clock, result, run_id, now_utc, today)
        except Exception as exc:  # no file may stop the run: whatever broke, it is REJECTED
            if isinstance(exc, duckdb.Error) and not _connection_usable(con):
                raise
            done = _record_failure(con, seen, run_id, now_utc, today, exc, clock)
        if done is None:
            continue
        row, superseded, table_kind = done
        faults.point("after_load")
        with clock.stage("registration"):
            slot = (row.feed, row.entity, row.period) if row.feed and row.period else None
            ledger.record(
                row.submission_id, row.file_name, row.sha256, row.status, slot, row.version, row.rows
            )
        new_ids.append(row.submission_id)
        result.submissions_changed = True
        if table_kind is not None:
            result.changed_raw_tables.add(table_kind)
        earlier = [name for sid, name in superseded if sid not in new_ids]
        result.superseded_earlier += [(name, row.file_name) for name in earlier]

    progress.finish("load")
    for leftover in validated.values():  # validated, then not processed (e.g. changed meanwhile)
        _discard(leftover)
    if new_ids:
        result.new_submissions = tables.rows_by_id(con, new_ids)
    result.counts = dict(Counter(r["status"] for r in result.new_submissions))
    for status in STATUSES:
        result.counts.setdefault(status, 0)
    return result


def _one_file(
    con: duckdb.DuckDBPyConnection,
    seen: SeenFile,
    ledger: Ledger,
    validated: dict[Any, Any],
    clock: _Clock,
    result: IntakeResult,
    run_id: str,
    now_utc: datetime,
    today: date,
) -> tuple[SubmissionRow, list[tuple[str, str]], str | None] | None:
    """Decide, validate and record one landing entry; None when it is left for the next run."""
    from tipstat.intake.readers import ParseError
    from tipstat.intake.validation import validate_file

    with clock.stage("registration"):
        decision = decide(seen, ledger, today)
    status, reason, rows = decision.status, decision.reason, None
    findings: list[FindingRow] = []
    if status == REJECTED and decision.rule:  # a rejection before reading: its rule code
        findings = [FindingRow(None, None, decision.rule, reason or "")]
    table = outcome = None
    if decision.validate:
        assert decision.file_name is not None
        totals: dict[str, int] = {}
        try:
            outcome = validated.pop(seen.path, None)
            if outcome is None:
                with clock.stage("validation"):
                    outcome = validate_file(seen.path, decision.file_name)
            ok, rows, table = outcome.ok, outcome.rows, outcome.load_table()
            findings = [FindingRow(f.row, f.column, f.rule, f.message) for f in outcome.findings]
            totals = dict(getattr(outcome, "counts", None) or {})  # rule -> rows breaking it
        except ParseError as exc:  # validate_file should report these itself; be safe anyway
            ok, findings = False, [FindingRow(getattr(exc, "row", None), None, exc.rule, str(exc))]
        if not still_same(seen):
            _discard(outcome)
            result.files_left_for_next_run.append(LeftFile(seen.name, "changed while being validated"))
            return None
        if ok:
            status = decision.status_if_valid
        else:
            status, table = REJECTED, None
            reason = _join(
                decision.reason if decision.status_if_valid == SUPERSEDED else None,
                summarize_findings(findings, totals),
            )
    else:
        _discard(validated.pop(seen.path, None))  # e.g. DUPLICATE: its table is not needed
    assert status in STATUSES
    row = _row(seen, decision, status, reason, rows, run_id, now_utc)
    spec = decision.file_name.spec if decision.file_name is not None else None
    try:
        with clock.stage("load"):
            superseded = record_submission(con, row, spec=spec, table=table, findings=findings)
    finally:
        _discard(outcome)
    kind = spec.raw_table if table is not None and spec is not None else None
    return row, superseded, kind


def _connection_usable(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        con.execute("SELECT 1").fetchall()
    except duckdb.Error:
        return False
    return True


def _record_failure(
    con: duckdb.DuckDBPyConnection,
    seen: SeenFile,
    run_id: str,
    now_utc: datetime,
    today: date,
    exc: BaseException,
    clock: _Clock,
) -> tuple[SubmissionRow, list[tuple[str, str]], str | None]:
    """REJECTED with rule `intake:error`: the exception's type is named, never its text (it may
    quote the file's contents)."""
    reason = f"the file could not be processed ({type(exc).__name__}); nothing of it was loaded"
    decision = Decision(REJECTED, reason, None, rule="intake:error")
    row = _row(seen, decision, REJECTED, reason, None, run_id, now_utc)
    with clock.stage("load"):
        record_submission(con, row, findings=[FindingRow(None, None, "intake:error", reason)])
    return row, [], None
