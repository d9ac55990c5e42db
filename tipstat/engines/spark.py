"""The figures built on Apache Spark (docs/scale-out.md), around the same dbt project.

A Spark run keeps the intake and everything after dbt on DuckDB; only `dbt build` runs on Spark:
1. `export_sources`: every dbt source (the raw tables, intake.submissions, intake.rejections and
   linkage.decisions) from the run's DuckDB work copy to `<spark dir>/sources/<schema>/<table>.parquet`,
   one DuckDB `COPY ... (FORMAT parquet)` each. dbt/macros/sources.sql reads them there on Spark.
2. dbt builds on the target `settings.spark_target()`; Spark writes its tables as Parquet under
   `<spark dir>/warehouse/<schema>.db/<table>/` (dbt/profiles.yml: in-memory catalog, UTC, time
   stamps without time zone as DuckDB's TIMESTAMP, with time zone as TIMESTAMPTZ).
3. `import_tables`: every table Spark built in the schemas `reference` (seeds), `intermediate` and
   `reporting` replaces its namesake in the work copy (`CREATE OR REPLACE TABLE ... AS SELECT ...
   FROM read_parquet(...)`), column types as the DuckDB build gives them. Linkage, estimation and
   the publish then run on the work copy as on a DuckDB run.

Nothing here imports pyspark: `require_spark` says how to install the group when it is missing.
"""

from __future__ import annotations

import importlib.util
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tipstat import settings
from tipstat.intake.tables import RAW_TABLES, quote
from tipstat.settings import Home

# Every dbt source (dbt/models/staging/_staging.yml), as (schema, table) in the work copy.
SOURCE_TABLES: tuple[tuple[str, str], ...] = (
    *(("raw", table) for table in RAW_TABLES),
    ("intake", "submissions"),
    ("intake", "rejections"),
    ("linkage", "decisions"),
)
# The schemas of the tables dbt builds (seeds, intermediate, marts); staging is views only.
BUILT_SCHEMAS = ("reference", "intermediate", "reporting")

# Spark's Parquet types that DuckDB reads as another type than the DuckDB build makes: none for
# the types the models use (string, int, bigint, double, boolean, date, timestamp): the import
# takes the Parquet types as they are, and tests/engines/test_spark_build.py compares them.

INSTALL_HINT = "install with `uv sync --group spark` (and Java 17: openjdk-17-jre-headless)"


class SparkUnavailable(RuntimeError):
    """The Spark engine was asked for but its packages or Java are missing."""


@dataclass(frozen=True)
class SparkPaths:
    root: Path

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse"


def paths(home: Home) -> SparkPaths:
    return SparkPaths(settings.spark_dir(home))


def require_spark() -> None:
    """Refuse clearly, before anything runs, when dbt-spark, pyspark or Java is missing."""
    missing = [name for name in ("pyspark", "dbt.adapters.spark") if not _importable(name)]
    if missing:
        raise SparkUnavailable(f"TIPSTAT_ENGINE=spark needs {', '.join(missing)}: {INSTALL_HINT}")
    if shutil.which("java") is None:
        raise SparkUnavailable(f"TIPSTAT_ENGINE=spark needs Java (`java` is not on PATH): {INSTALL_HINT}")


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def dbt_args() -> list[str]:
    """The arguments that point `dbt build` at the Spark target."""
    return ["--target", settings.spark_target()]


def dbt_env(home: Home) -> dict[str, str]:
    spark = paths(home)
    return settings.spark_dbt_env(spark.sources, spark.warehouse)


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_sources(con: duckdb.DuckDBPyConnection, home: Home) -> SparkPaths:
    """Write every dbt source of the work copy as Parquet for Spark, after emptying the run's Spark
    folder (sources and Spark's warehouse: a Spark run rebuilds every table)."""
    spark = paths(home)
    for folder in (spark.sources, spark.warehouse):
        shutil.rmtree(folder, ignore_errors=True)
    for schema, table in SOURCE_TABLES:
        target = spark.sources / schema / f"{table}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"COPY {schema}.{quote(table)} TO {_literal(target)} (FORMAT parquet)")
    spark.warehouse.mkdir(parents=True, exist_ok=True)
    return spark


def built_tables(home: Home) -> list[tuple[str, str, Path]]:
    """(schema, table, folder) of every table Spark built, in BUILT_SCHEMAS."""
    warehouse = paths(home).warehouse
    found = []
    for schema in BUILT_SCHEMAS:
        folder = warehouse / f"{schema}.db"
        if folder.is_dir():
            found.extend((schema, table.name, table) for table in sorted(folder.iterdir()) if table.is_dir())
    return found


class SparkImportError(RuntimeError):
    """A table Spark built cannot be taken into the work copy."""


def _exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?", [schema, table]
    ).fetchone()
    return bool(found and found[0])


def import_tables(con: duckdb.DuckDBPyConnection, home: Home) -> list[str]:
    """Replace the work copy's reference, intermediate and reporting tables with Spark's, in one
    transaction. A table Spark wrote without a data file (no rows) keeps the columns and types of
    the work copy's table of that name, emptied; when there is no such table the import is refused
    as a whole (SparkImportError, naming the table). Returns the tables imported (`schema.table`)."""
    imported = []
    con.execute("BEGIN TRANSACTION")
    try:
        for schema, table, folder in built_tables(home):
            name = f"{schema}.{quote(table)}"
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            files = sorted(folder.glob("*.parquet"))
            if files:
                data = _literal(folder / "*.parquet")
                con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM read_parquet({data})")
            elif _exists(con, schema, table):
                con.execute(f"DELETE FROM {name}")
            else:
                raise SparkImportError(
                    f"Spark built {schema}.{table} with no data file (in {folder}) and the work copy has no "
                    "table of that name to take its columns from; nothing was imported. Spark 4 writes "
                    "a schema-only Parquet file for an empty table: check the Spark version and what "
                    "wrote that folder."
                )
            imported.append(f"{schema}.{table}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return imported
