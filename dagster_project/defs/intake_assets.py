"""Dagster asset for the intake: every landing file registered, validated and loaded (or rejected).

One multi-asset materializes every raw table and the submissions registry, so the asset graph
shows the lineage from each raw table through dbt to the published tables. Each raw table carries
the `file_validation` check: the Great Expectations results of the run's files for that table
(file, status, rows, columns, and per broken rule the rows and columns that broke it; never a value).
"""

from datetime import UTC, datetime

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    MaterializeResult,
    MetadataValue,
    multi_asset,
)

from dagster_project.defs.resources import PipelineLock, TipstatHome
from tipstat.intake import tables
from tipstat.warehouse import open_work, prepare_work_copy, read_published, run_lock

RAW_KEYS = {table: AssetKey(["raw", table]) for table in sorted(tables.RAW_TABLES)}
RAW_COLUMNS = {table: len(spec.header) for table, spec in tables.RAW_TABLES.items()}
SUBMISSIONS_KEY = AssetKey(["intake", "submissions"])
DECISIONS_KEY = AssetKey(["linkage", "decisions"])
REJECTIONS_KEY = AssetKey(["intake", "rejections"])
FILE_VALIDATION = "file_validation"


def file_validation_result(table: str, files: list[dict]) -> AssetCheckResult:
    """The check result for one raw table from the run's files (tables.run_file_validation)."""
    from tipstat.intake.loading import redact

    shown = [
        {
            "file": redact(f["file_name"]),
            "quarter": f["period"],
            "version": f["version"],
            "status": f["status"],
            "rows": f["rows"],
            "columns": RAW_COLUMNS[table],
            "broken_rules": [dict(r) for r in f["rules"]],
        }
        for f in files
    ]
    rejected = [f for f in shown if f["status"] == "REJECTED"]
    lines = ["| file | status | rows | rule: rows, columns |", "|---|---|---|---|"]
    for f in shown:
        rules = "; ".join(f"{r['rule']}: {r['rows']} rows, {r['columns']} columns" for r in f["broken_rules"])
        lines.append(
            f"| {f['file']} | {f['status']} | {f['rows'] if f['rows'] is not None else ''} | {rules} |"
        )
    return AssetCheckResult(
        asset_key=RAW_KEYS[table],
        check_name=FILE_VALIDATION,
        passed=not rejected,
        # a rejected file leaves the table as it was: worth a look, not a broken table
        severity=AssetCheckSeverity.WARN,
        metadata={
            "files_this_run": len(shown),
            "accepted": sum(f["status"] in ("ACCEPTED", "SUPERSEDED") for f in shown),
            "rejected": len(rejected),
            "duplicates": sum(f["status"] == "DUPLICATE" for f in shown),
            "files": MetadataValue.json(shown),
            "results": MetadataValue.md("\n".join(lines) if shown else "no file for this table in this run"),
        },
    )


@multi_asset(
    name="intake",
    group_name="intake",
    specs=[
        *(
            AssetSpec(key, description=f"Rows of accepted `{table}` files, with provenance", kinds={"duckdb"})
            for table, key in RAW_KEYS.items()
        ),
        AssetSpec(SUBMISSIONS_KEY, description="Every file seen and its fate", kinds={"duckdb"}),
        AssetSpec(REJECTIONS_KEY, description="Why rejected files were rejected", kinds={"duckdb"}),
        AssetSpec(DECISIONS_KEY, description="Statisticians' linkage review decisions", kinds={"duckdb"}),
    ],
    check_specs=[
        AssetCheckSpec(
            FILE_VALIDATION,
            asset=key,
            description="Great Expectations results of this run's files: rule, rows, columns; no values",
        )
        for key in RAW_KEYS.values()
    ],
)
def intake(context: AssetExecutionContext, tipstat: TipstatHome, pipeline_lock: PipelineLock):
    """Register, validate (GX) and load every new landing file into the run's work copy."""
    from tipstat.intake.filing import finish_filing
    from tipstat.intake.pipeline import run_intake
    from tipstat.intake.tables import run_file_validation
    from tipstat.linkage.decisions import load_decisions
    from tipstat.operations.run_record import record_killed_run

    home = tipstat.home
    with run_lock(home):
        if home.warehouse.exists():
            # A run killed after its commit point left landing files to archive/quarantine.
            with read_published(home) as published:
                finish_filing(published, home)
                record_killed_run(published, home, context.run.run_id)
        prepare_work_copy(home)
        with open_work(home) as con:
            tables.ensure_schema(con)
            result = run_intake(con, home, context.run.run_id, datetime.now(UTC))
            # reviewed linkage decisions count from the run after they were made (linkage.md)
            decisions_loaded = load_decisions(con, home, context.run.run_id)
            counts = tables.status_counts(con, context.run.run_id)
            table_rows = {
                table: con.execute(f'SELECT count(*) FROM raw."{table}"').fetchone()[0] for table in RAW_KEYS
            }
            validated = run_file_validation(con, context.run.run_id)
    changed = set(result.changed_raw_tables)
    context.log.info(
        f"intake: {counts or 'nothing new'}; changed raw tables: {sorted(changed) or 'none'}; "
        f"review decisions loaded: {decisions_loaded}"
    )
    for table, key in RAW_KEYS.items():
        yield MaterializeResult(
            asset_key=key,
            metadata={"rows_stored": int(table_rows[table]), "changed_this_run": table in changed},
        )
        yield file_validation_result(table, [f for f in validated if f["raw_table"] == table])
    yield MaterializeResult(
        asset_key=SUBMISSIONS_KEY,
        metadata={f"new_{status.lower()}": int(n) for status, n in counts.items()},
    )
    yield MaterializeResult(asset_key=REJECTIONS_KEY)
    yield MaterializeResult(asset_key=DECISIONS_KEY, metadata={"loaded_this_run": decisions_loaded})
