"""The engines that build the figures (docs/scale-out.md): DuckDB in the run's work copy (the
default, nothing here) or Apache Spark (`spark.py`), chosen by `settings.engine()`."""

from __future__ import annotations

from tipstat import settings


def check_engine() -> str:
    """The engine a run will use, refused before the run starts when it cannot work: an unknown
    TIPSTAT_ENGINE (ValueError), or Spark without its packages or Java (spark.SparkUnavailable)."""
    engine = settings.engine()
    if engine == "spark":
        from tipstat.engines.spark import require_spark

        require_spark()
    return engine
