"""TIPSTAT_ENGINE: DuckDB by default, Spark on request, anything else refused before a run starts."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tipstat import settings
from tipstat.cli import app
from tipstat.engines import check_engine, spark


def test_duckdb_is_the_default_and_spark_is_chosen_by_name(monkeypatch):
    monkeypatch.delenv("TIPSTAT_ENGINE", raising=False)
    assert settings.engine() == "duckdb"
    monkeypatch.setenv("TIPSTAT_ENGINE", " Spark ")
    assert settings.engine() == "spark"


def test_an_unknown_engine_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("TIPSTAT_ENGINE", "trino")
    with pytest.raises(ValueError, match="'trino' is not an engine tipstat knows: use one of duckdb, spark"):
        settings.engine()


def test_spark_without_its_group_says_how_to_install_it(monkeypatch):
    monkeypatch.setenv("TIPSTAT_ENGINE", "spark")
    monkeypatch.setattr(spark, "_importable", lambda module: module != "pyspark")
    with pytest.raises(spark.SparkUnavailable, match=r"needs pyspark: install with `uv sync --group spark`"):
        check_engine()


def test_tipstat_run_refuses_an_unknown_engine_before_anything_runs(monkeypatch, tmp_path):
    monkeypatch.setenv("TIPSTAT_ENGINE", "duck")
    result = CliRunner().invoke(app, ["run", "--home", str(tmp_path)])
    assert result.exit_code == 2
    assert "tipstat run refused" in result.output and "'duck' is not an engine" in result.output
    assert not (tmp_path / "landing").exists()  # nothing was started


def test_the_spark_run_reads_its_sources_and_writes_its_tables_under_the_home(monkeypatch, tmp_path):
    monkeypatch.delenv("TIPSTAT_SPARK_DIR", raising=False)
    home = settings.Home.resolve(tmp_path)
    assert spark.dbt_env(home) == {
        "TIPSTAT_SPARK_SOURCES": str(tmp_path / ".work" / "spark" / "sources"),
        "TIPSTAT_SPARK_WAREHOUSE": str(tmp_path / ".work" / "spark" / "warehouse"),
    }
    monkeypatch.setenv("TIPSTAT_SPARK_DIR", str(tmp_path / "shared"))
    assert spark.paths(home).warehouse == tmp_path / "shared" / "warehouse"
    assert spark.dbt_args() == ["--target", "spark"]
