"""The commit point: the work copy replaces the published warehouse, then landing is filed.

The run's record (reports/runs/<run_id>.json) is written here, so a run started by `tipstat run`,
the landing sensor or the UI leaves the same summary.
"""

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from dagster_project.defs.dbt_assets import figures
from dagster_project.defs.estimation_assets import HIDDEN_VICTIMS_KEY
from dagster_project.defs.linkage_assets import CANDIDATES_KEY, ESTIMATE_KEY
from dagster_project.defs.resources import PipelineLock, TipstatHome
from tipstat import faults, progress, timings
from tipstat.warehouse import publish, read_published, run_lock

PUBLISHED_KEY = AssetKey(["published", "warehouse"])
PUBLISHED_MARTS = [key for key in figures.keys if key.path[0] == "reporting"] + [
    CANDIDATES_KEY,
    ESTIMATE_KEY,
    HIDDEN_VICTIMS_KEY,
]
STARTED_BY_TAG = "tipstat/started_by"


def started_by(tags: dict[str, str]) -> str:
    if STARTED_BY_TAG in tags:
        return tags[STARTED_BY_TAG]
    if "dagster/sensor_name" in tags:
        return f"sensor {tags['dagster/sensor_name']}"
    if "dagster/schedule_name" in tags:
        return f"schedule {tags['dagster/schedule_name']}"
    return "Dagster UI"


@asset(
    key=PUBLISHED_KEY,
    deps=PUBLISHED_MARTS,
    group_name="published",
    kinds={"duckdb"},
    description="warehouse.duckdb as readers see it: replaced whole, atomically, after a good build",
)
def published_warehouse(
    context: AssetExecutionContext, tipstat: TipstatHome, pipeline_lock: PipelineLock
) -> MaterializeResult:
    from tipstat.intake.filing import finish_filing
    from tipstat.operations.run_record import record_run

    home = tipstat.home
    run_id = context.run.run_id
    progress.start("publish", 1)
    with run_lock(home):
        with timings.stage(home, "publish"):
            published_at = publish(home, run_id)
        faults.point("after_publish")
        with timings.stage(home, "filing"), read_published(home) as con:
            filed = finish_filing(con, home)
            record = record_run(con, home, run_id, started_by(dict(context.run.tags)))
    progress.finish("publish")
    context.log.info(f"published at {published_at:%Y-%m-%d %H:%M:%S} UTC; landing filed: {filed}")
    return MaterializeResult(
        metadata={
            "published_at": published_at.isoformat(timespec="seconds"),
            "run_record": MetadataValue.path(str(record)),
        }
    )
