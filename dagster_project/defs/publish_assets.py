"""The commit point: the work copy replaces the published warehouse, then landing is filed."""

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, asset

from dagster_project.defs.dbt_assets import figures
from dagster_project.defs.linkage_assets import CANDIDATES_KEY, ESTIMATE_KEY
from dagster_project.defs.resources import TipstatHome
from tipstat import faults, timings
from tipstat.warehouse import publish, read_published, run_lock

PUBLISHED_MARTS = [key for key in figures.keys if key.path[0] == "reporting"] + [CANDIDATES_KEY, ESTIMATE_KEY]


@asset(
    key=AssetKey(["published", "warehouse"]),
    deps=PUBLISHED_MARTS,
    group_name="published",
    kinds={"duckdb"},
    description="warehouse.duckdb as readers see it: replaced whole, atomically, after a good build",
)
def published_warehouse(context: AssetExecutionContext, tipstat: TipstatHome) -> MaterializeResult:
    from tipstat.intake.filing import finish_filing

    home = tipstat.home
    with run_lock(home):
        with timings.stage(home, "publish"):
            published_at = publish(home, context.run.run_id)
        faults.point("after_publish")
        with timings.stage(home, "filing"), read_published(home) as con:
            filed = finish_filing(con, home)
    context.log.info(f"published at {published_at:%Y-%m-%d %H:%M:%S} UTC; landing filed: {filed}")
    return MaterializeResult(metadata={"published_at": published_at.isoformat(timespec="seconds")})
