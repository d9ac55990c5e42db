"""Dagster resources: which TIPSTAT_HOME a run works on, and dbt pointed at its work copy."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dagster import ConfigurableResource
from dagster_dbt import DbtCliResource

from dagster_project.settings import DBT_PROJECT_DIR, Home


class TipstatHome(ConfigurableResource):
    """The home a run works on (`--home`, else TIPSTAT_HOME, else ./data)."""

    root: str

    @property
    def home(self) -> Home:
        return Home.resolve(self.root)


def dbt_resource(home: Home) -> DbtCliResource:
    """dbt writes into the run's private work copy, never into the published file."""
    os.environ["TIPSTAT_WAREHOUSE_PATH"] = str(home.work_warehouse)
    return DbtCliResource(
        project_dir=str(DBT_PROJECT_DIR),
        profiles_dir=str(DBT_PROJECT_DIR),
        # the dbt of this environment, also when the venv is not activated (no PATH entry)
        dbt_executable=str(Path(sys.executable).parent / "dbt"),
    )
