"""Dagster resources: which TIPSTAT_HOME a run works on, and dbt pointed at its work copy."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path

from dagster import ConfigurableResource, InitResourceContext
from dagster_dbt import DbtCliResource
from packaging.version import Version

from tipstat.settings import DBT_PROJECT_DIR, Home
from tipstat.warehouse import run_lock


class TipstatHome(ConfigurableResource):
    """The home a run works on (`--home`, else TIPSTAT_HOME, else ./data)."""

    root: str

    @property
    def home(self) -> Home:
        return Home.resolve(self.root)


class PipelineLock(ConfigurableResource):
    """The home's run lock (the one `tipstat run` takes), held from the start of a pipeline run to
    its end, whoever started it: a run from the UI or the sensor fails at once, changing nothing,
    when another run holds the home. Needs the in-process executor (one process per run), which
    the definitions set."""

    root: str

    @contextlib.contextmanager
    def yield_for_execution(self, context: InitResourceContext) -> Iterator[PipelineLock]:
        with run_lock(Home.resolve(self.root)):
            yield self


class TipstatDbtCliResource(DbtCliResource):
    """dagster-dbt's dbt CLI resource without two start-up steps a run does not use.

    Before every `dbt` command dagster-dbt (0.29) runs `dbt --version` in a subprocess, which also
    asks PyPI for the latest release (3-5 s), and loads the project's profile and macros in this
    process for an adapter it only uses to fetch row counts and column metadata, which the runs do
    not ask for (1.5-3.5 s). The dbt executable is this environment's, so its version is the
    installed dbt-core's.
    """

    @cached_property
    def _cli_version(self) -> Version:
        return Version(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


def dbt_resource() -> DbtCliResource:
    """dbt of this environment on this checkout's project. Which file it builds (the run's private
    work copy, never the published file) is `settings.dbt_env`, set when the asset starts dbt."""
    return TipstatDbtCliResource(
        project_dir=str(DBT_PROJECT_DIR),
        profiles_dir=str(DBT_PROJECT_DIR),
        # dbt.log in the run's target without dbt's debug lines (every SQL statement): writing
        # them costs about 1 s of a run; results, warnings and errors stay
        global_config_flags=["--log-level-file", "info"],
        # the dbt of this environment, also when the venv is not activated (no PATH entry)
        dbt_executable=str(Path(sys.executable).parent / "dbt"),
    )
