"""dbt models as Dagster assets (dagster-dbt), dbt tests as asset checks.

Models are keyed `<schema>/<model>` (e.g. `reporting/victims_detected`); sources carry their
Dagster key in dbt meta (`raw/<table>`, `intake/submissions`), which links them to the intake.
"""

import os
from collections.abc import Mapping
from datetime import date
from typing import Any

from dagster import AssetExecutionContext, AssetKey
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from dagster_project.defs.dbt_manifest import ensure_manifest, seed_partial_parse
from dagster_project.defs.resources import TipstatHome
from tipstat import timings
from tipstat.runs import changes_this_run
from tipstat.warehouse import open_work


class TipstatDbtTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props.get("resource_type") in ("model", "seed", "snapshot"):
            schema = dbt_resource_props.get("config", {}).get("schema") or "main"
            return AssetKey([schema, dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props.get("resource_type") == "model":
            return dbt_resource_props.get("config", {}).get("schema") or "models"
        return "reference"


# The run builds dbt's `pipeline` selector (dbt/selectors.yml: every seed, model and data test, no
# unit tests), its one definition: dagster-dbt makes these nodes the assets and checks and passes
# `--selector pipeline` to `dbt build`. (A subset picked in the Dagster UI is selected node by node
# by dagster-dbt instead, which also runs the unit tests of the models picked.)
PIPELINE_SELECTOR = "pipeline"


@dbt_assets(
    manifest=ensure_manifest(),
    selector=PIPELINE_SELECTOR,
    dagster_dbt_translator=TipstatDbtTranslator(),
    name="figures",
)
def figures(context: AssetExecutionContext, dbt: DbtCliResource, tipstat: TipstatHome):
    """Build staging, intermediate and the published marts on the run's work copy."""
    home = tipstat.home
    with open_work(home) as con:
        registered = changes_this_run(con, context.run.run_id)
    if registered == 0 and home.warehouse.exists():
        context.log.info("nothing new in landing: the published figures stay as they are")
        return
    # The run's date for reporting.completeness (completeness.sql reads it). An env var, not
    # `--vars`: dbt reuses the project's parse (seed_partial_parse) only for the same vars.
    os.environ["TIPSTAT_AS_OF_DATE"] = date.today().isoformat()
    target_path = home.work_dir / "dbt_target"
    # `build` of the selector above (dagster-dbt adds `--selector pipeline`): no unit tests, which
    # prove the rules in CI (tests/dbt); a production run builds and data-tests only
    args = ["build"]
    with timings.stage(home, "dbt_build"):
        seed_partial_parse(target_path)
        yield from dbt.cli(args, context=context, target_path=target_path).stream()
