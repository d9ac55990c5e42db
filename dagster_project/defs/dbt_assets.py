"""dbt models as Dagster assets (dagster-dbt), dbt tests as asset checks, and the parse they come from.

Models are keyed `<schema>/<model>` (e.g. `reporting/victims_detected`); sources carry their
Dagster key in dbt meta (`raw/<table>`, `intake/submissions`), which links them to the intake.

The manifest Dagster reads to build the asset graph is parsed again when the project changes.
The same `dbt parse` leaves target/partial_parse.msgpack, which every run starts from (see
`seed_partial_parse`): dbt then parses only the files changed since, if any, instead of the whole
project (3-5 s per run). dbt reuses a parse only when the profile's connection settings and the
`--vars` are the same: the profile is the same for every home (see profiles.yml), and a run passes
no vars (its date is the env var TIPSTAT_AS_OF_DATE, read by completeness.sql only at run time).
"""

import contextlib
import fcntl
import shutil
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetKey
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from dagster_project.defs.resources import PipelineLock, TipstatHome
from tipstat import progress, timings
from tipstat.engines import spark
from tipstat.runs import changes_this_run
from tipstat.settings import DBT_PROJECT_DIR, Home, dbt_env, dbt_environment, engine
from tipstat.warehouse import open_work

MANIFEST_TARGET = DBT_PROJECT_DIR / "target"
MANIFEST_PATH = MANIFEST_TARGET / "manifest.json"
PARTIAL_PARSE_PATH = MANIFEST_TARGET / "partial_parse.msgpack"
PARSED_FOR_PATH = MANIFEST_TARGET / "parsed_for_project_dir.txt"
# The file name of a run's work copy names the database in the profile: the parse must use it too
# for the runs to reuse the parse.
WORK_WAREHOUSE_NAME = Home(DBT_PROJECT_DIR).work_warehouse.name
_SOURCES = ("models", "macros", "seeds", "tests", "snapshots", "analyses")


def _newest_source_mtime() -> float:
    newest = max((DBT_PROJECT_DIR / name).stat().st_mtime for name in ("dbt_project.yml", "profiles.yml"))
    for folder in _SOURCES:
        root = DBT_PROJECT_DIR / folder
        if root.exists():
            for path in root.rglob("*"):
                if path.is_file():
                    newest = max(newest, path.stat().st_mtime)
    return newest


def _parsed_here() -> bool:
    """The parse was made for this checkout: dbt keeps the project's path in it (seeds are read
    from there), and a partial parse does not update it, so a moved project needs a new parse."""
    try:
        return PARSED_FOR_PATH.read_text(encoding="utf-8") == str(DBT_PROJECT_DIR)
    except OSError:
        return False


def _manifest_fresh(parsed_here: bool) -> bool:
    return (
        parsed_here
        and MANIFEST_PATH.exists()
        and PARTIAL_PARSE_PATH.exists()
        and MANIFEST_PATH.stat().st_mtime >= _newest_source_mtime()
    )


def ensure_manifest() -> Path:
    """Return target/manifest.json, running `dbt parse` first if it is missing or stale.

    Processes that load the definitions at once (test workers, `dagster dev` beside a run) parse
    one at a time: the others wait, then find the parse fresh."""
    if _manifest_fresh(_parsed_here()):
        return MANIFEST_PATH
    MANIFEST_TARGET.mkdir(parents=True, exist_ok=True)
    with open(MANIFEST_TARGET / ".parse.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        parsed_here = _parsed_here()
        if not _manifest_fresh(parsed_here):
            _parse(parsed_here)
    return MANIFEST_PATH


def _parse(parsed_here: bool) -> None:
    from dbt.cli.main import dbtRunner

    # No connection is opened: the path only gives the profile the runs' database name.
    with dbt_environment(dbt_env(MANIFEST_TARGET / WORK_WAREHOUSE_NAME)):
        result = dbtRunner().invoke(
            [
                "parse",
                "--project-dir",
                str(DBT_PROJECT_DIR),
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
                "--target-path",
                str(MANIFEST_TARGET),
                "--quiet",
                *([] if parsed_here else ["--no-partial-parse"]),
            ]
        )
    if not result.success or not MANIFEST_PATH.exists():
        raise RuntimeError(f"dbt parse failed: {result.exception}")
    PARSED_FOR_PATH.write_text(str(DBT_PROJECT_DIR), encoding="utf-8")


def seed_partial_parse(target_path: Path) -> None:
    """Start a run's dbt from this checkout's parse of the project, replacing the one its target
    kept from the home's last run (which may come from another checkout or an older project). A
    missing or unusable file only costs dbt a full parse."""
    with contextlib.suppress(OSError):
        target_path.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PARTIAL_PARSE_PATH, target_path / PARTIAL_PARSE_PATH.name)


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
def figures(
    context: AssetExecutionContext, dbt: DbtCliResource, tipstat: TipstatHome, pipeline_lock: PipelineLock
):
    """Build staging, intermediate and the published marts on the run's work copy."""
    home = tipstat.home
    with open_work(home) as con:
        registered = changes_this_run(con, context.run.run_id)
    if registered == 0 and home.warehouse.exists():
        context.log.info("nothing new in landing: the published figures stay as they are")
        return
    target_path = home.work_dir / "dbt_target"
    # `build` of the selector above (dagster-dbt adds `--selector pipeline`): no unit tests, which
    # prove the rules in CI (tests/dbt); a production run builds and data-tests only
    args = ["build"]
    env = dbt_env(home.work_warehouse, as_of=date.today())
    on_spark = engine() == "spark"
    if on_spark:
        # docs/scale-out.md: the sources go to Spark as Parquet, dbt builds on the Spark target
        # (same project and manifest, so the same assets), and Spark's tables come back below
        spark.require_spark()
        with timings.stage(home, "spark_export"), open_work(home) as con:
            spark.export_sources(con, home)
        args += spark.dbt_args()
        env |= spark.dbt_env(home)
    with timings.stage(home, "dbt_build"):
        seed_partial_parse(target_path)
        # dbt builds the run's work copy; the run's date is reporting.completeness's as-of date
        progress.start("dbt", len(context.selected_asset_keys) + len(context.selected_asset_check_keys))
        with dbt_environment(env):
            invocation = dbt.cli(args, context=context, target_path=target_path)  # starts dbt
        for event in invocation.stream():
            progress.advance("dbt")
            yield event
        progress.finish("dbt")
    if on_spark:
        with timings.stage(home, "spark_import"), open_work(home) as con:
            imported = spark.import_tables(con, home)
        context.log.info(f"brought {len(imported)} tables back from Spark into the work copy")
