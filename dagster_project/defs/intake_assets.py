"""Dagster asset for the intake: every landing file registered, validated and loaded (or rejected).

One multi-asset materializes every raw table and the submissions registry, so the asset graph
shows the lineage from each raw table through dbt to the published tables.
"""

from datetime import UTC, datetime

from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, multi_asset

from dagster_project.defs.resources import TipstatHome
from tipstat.contract import ALL_SPECS
from tipstat.warehouse import open_work, prepare_work_copy, read_published, run_lock

RAW_TABLES = tuple(sorted(spec.raw_table for spec in ALL_SPECS.values()))
RAW_KEYS = {table: AssetKey(["raw", table]) for table in RAW_TABLES}
SUBMISSIONS_KEY = AssetKey(["intake", "submissions"])
DECISIONS_KEY = AssetKey(["linkage", "decisions"])
REJECTIONS_KEY = AssetKey(["intake", "rejections"])


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
)
def intake(context: AssetExecutionContext, tipstat: TipstatHome):
    """Register, validate (GX) and load every new landing file into the run's work copy."""
    from tipstat.intake.filing import finish_filing
    from tipstat.intake.pipeline import ensure_schema, run_intake
    from tipstat.linkage.decisions import load_decisions

    home = tipstat.home
    with run_lock(home):
        if home.warehouse.exists():
            # A run killed after its commit point left landing files to archive/quarantine.
            with read_published(home) as published:
                finish_filing(published, home)
        prepare_work_copy(home)
        with open_work(home) as con:
            ensure_schema(con)
            result = run_intake(con, home, context.run.run_id, datetime.now(UTC))
            # reviewed linkage decisions count from the run after they were made (linkage.md)
            decisions_loaded = load_decisions(con, home, context.run.run_id)
            counts = dict(
                con.execute(
                    "SELECT status, count(*) FROM intake.submissions WHERE run_id = ? GROUP BY status",
                    [context.run.run_id],
                ).fetchall()
            )
            table_rows = {
                table: con.execute(f'SELECT count(*) FROM raw."{table}"').fetchone()[0]
                for table in RAW_TABLES
            }
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
    yield MaterializeResult(
        asset_key=SUBMISSIONS_KEY,
        metadata={f"new_{status.lower()}": int(n) for status, n in counts.items()},
    )
    yield MaterializeResult(asset_key=REJECTIONS_KEY)
    yield MaterializeResult(asset_key=DECISIONS_KEY, metadata={"loaded_this_run": decisions_loaded})
