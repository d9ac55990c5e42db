"""Hidden victims by multiple systems estimation: a step of the run between dbt and publish."""

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, asset

from dagster_project.defs.resources import TipstatHome
from tipstat import timings
from tipstat.warehouse import open_work

HIDDEN_VICTIMS_KEY = AssetKey(["reporting", "hidden_victims_estimate"])


@asset(
    key=HIDDEN_VICTIMS_KEY,
    deps=[AssetKey(["reporting", "capture_histories"])],
    group_name="reporting",
    kinds={"python", "duckdb"},
    description=(
        "Estimated total victims per year (observed + none of the lists found), by multiple systems "
        "estimation over the capture histories (estimation.md); written into the work copy"
    ),
)
def hidden_victims_estimate(context: AssetExecutionContext, tipstat: TipstatHome) -> MaterializeResult:
    from tipstat.estimates.warehouse_table import has_capture_histories, rebuild_estimates_table

    home = tipstat.home
    with timings.stage(home, "estimation"), open_work(home) as con:
        if not has_capture_histories(con):
            context.log.info("no reporting.capture_histories in the work copy: nothing to estimate")
            return MaterializeResult(metadata={"rows": 0})
        rows = rebuild_estimates_table(con)
        estimable = con.execute(
            "SELECT count(*) FILTER (WHERE estimable) FROM reporting.hidden_victims_estimate"
        ).fetchone()[0]
    return MaterializeResult(metadata={"rows": rows, "estimable": int(estimable)})
