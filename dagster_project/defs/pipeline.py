"""The pipeline job: intake → dbt → publish, the one `tipstat run`, the sensor and the UI all run."""

from dagster import AssetSelection, define_asset_job

from dagster_project.defs.dbt_assets import figures
from dagster_project.defs.due_dates import due_date_checks
from dagster_project.defs.estimation_assets import hidden_victims_estimate
from dagster_project.defs.intake_assets import intake
from dagster_project.defs.linkage_assets import linkage
from dagster_project.defs.publish_assets import published_warehouse

PIPELINE_ASSETS = [intake, figures, linkage, hidden_victims_estimate, published_warehouse]
PIPELINE_JOB_NAME = "tipstat_run"

pipeline_job = define_asset_job(
    PIPELINE_JOB_NAME,
    selection=AssetSelection.assets(*PIPELINE_ASSETS) | AssetSelection.checks(due_date_checks),
    description="Register, validate and load new landing files, build the figures, link, estimate, publish",
)
