"""The engines that build the figures (docs/scale-out.md): DuckDB in the run's work copy (the
default, nothing here) or Apache Spark (`spark.py`), chosen by `settings.engine()`."""
