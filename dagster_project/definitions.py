"""Assembles the Dagster definitions (`dagster dev -m dagster_project.definitions`); nothing else."""

from __future__ import annotations

from dagster import Definitions

from dagster_project.defs.dbt_assets import figures
from dagster_project.defs.intake_assets import intake
from dagster_project.defs.linkage_assets import linkage
from dagster_project.defs.publish_assets import published_warehouse
from dagster_project.defs.release_assets import approved_releases_intact, releases
from dagster_project.defs.resources import TipstatHome, dbt_resource
from tipstat.settings import Home

ASSETS = [intake, figures, linkage, published_warehouse]


def build_resources(home: Home) -> dict:
    return {"tipstat": TipstatHome(root=str(home.root)), "dbt": dbt_resource(home)}


# made by statisticians (`tipstat release`), not by a run: in the UI, not in `tipstat run`
RELEASE_ASSETS = [releases]

defs = Definitions(
    assets=ASSETS + RELEASE_ASSETS,
    asset_checks=[approved_releases_intact],
    resources=build_resources(Home.resolve()),
)
