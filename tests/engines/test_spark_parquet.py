"""The Spark engine's two DuckDB steps, without Spark (no pyspark needed): every dbt source of a
work copy goes out as Parquet, and the Parquet tables Spark writes come back into the work copy
with their types. The real round trip through Spark is tests/engines/test_spark_build.py."""

from __future__ import annotations

from datetime import UTC, date, datetime

import duckdb
import pytest

from tipstat.engines import spark
from tipstat.intake import tables
from tipstat.settings import Home


@pytest.fixture
def home(tmp_path) -> Home:
    home = Home.resolve(tmp_path).ensure()
    with duckdb.connect(str(home.work_warehouse)) as con:
        tables.ensure_schema(con)
        con.execute(
            'insert into raw.social__victims ("Mã hồ sơ", "Giới tính", _submission_id, _row_number) '
            "values ('SV-1', 'Nữ', 'abc', 2), ('SV-2', null, 'abc', 3)"
        )
        con.execute(
            "insert into linkage.decisions (seq, decided_at, feed_a, record_a, decision) "
            "values (1, '2026-03-01 10:00:00+07', 'police', 'PV-1', 'match')"
        )
    return home


def test_every_source_goes_out_as_parquet_with_its_rows_and_types(home):
    with duckdb.connect(str(home.work_warehouse)) as con:
        paths = spark.export_sources(con, home)
        for schema, table in spark.SOURCE_TABLES:
            file = paths.sources / schema / f"{table}.parquet"
            assert file.exists(), f"{schema}.{table} was not exported"
            quoted = f"{schema}.{tables.quote(table)}"
            parquet = f"read_parquet('{file}')"
            exported = con.execute(f"describe select * from {parquet}").fetchall()
            original = con.execute(f"describe {quoted}").fetchall()
            assert [row[:2] for row in exported] == [row[:2] for row in original]
            for left, right in ((quoted, parquet), (parquet, quoted)):
                query = f"select count(*) from (from {left} except all from {right})"
                missing = con.execute(query).fetchone()
                assert missing == (0,), f"{schema}.{table}: rows differ after the export"
    assert paths.warehouse.is_dir() and not any(paths.warehouse.iterdir())
    assert {(s, t) for s, t in spark.SOURCE_TABLES} >= {("raw", "social__victims"), ("linkage", "decisions")}


def test_a_second_export_starts_from_an_empty_spark_folder(home):
    leftover = spark.paths(home).warehouse / "reporting.db" / "old" / "part-0.parquet"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"")
    with duckdb.connect(str(home.work_warehouse)) as con:
        spark.export_sources(con, home)
    assert not leftover.exists()


def test_spark_tables_come_back_replacing_the_work_copy_tables_with_their_types(home):
    warehouse = spark.paths(home).warehouse
    folder = warehouse / "reporting.db" / "victims_detected"
    folder.mkdir(parents=True)
    empty = warehouse / "intermediate.db" / "int_linkage_decisions"
    empty.mkdir(parents=True)
    (empty / "_SUCCESS").write_bytes(b"")
    with duckdb.connect() as scratch:  # what Spark writes: Parquet part files in the table's folder
        scratch.execute(
            "copy (select 2025::integer as year, 'F' as sex, 3::bigint as victims, 1.5::double as rate, "
            "date '2025-01-02' as first_identified, true as confirmed, "
            "timestamp '2025-01-02 03:04:05' as received_at, "
            "timestamptz '2025-01-02 03:04:05+00' as decided_at) "
            f"to '{folder / 'part-00000.snappy.parquet'}' (format parquet)"
        )
    with duckdb.connect(str(home.work_warehouse)) as con:
        con.execute("create schema reporting")
        con.execute("create table reporting.victims_detected (year integer, stale varchar)")
        con.execute("create schema intermediate")
        con.execute(
            "create table intermediate.int_linkage_decisions (decision varchar, decided_at timestamptz)"
        )
        con.execute("insert into intermediate.int_linkage_decisions values ('match', now())")
        imported = spark.import_tables(con, home)
        assert imported == ["intermediate.int_linkage_decisions", "reporting.victims_detected"]
        types = {row[0]: row[1] for row in con.execute("describe reporting.victims_detected").fetchall()}
        assert types == {
            "year": "INTEGER",
            "sex": "VARCHAR",
            "victims": "BIGINT",
            "rate": "DOUBLE",
            "first_identified": "DATE",
            "confirmed": "BOOLEAN",
            "received_at": "TIMESTAMP",
            "decided_at": "TIMESTAMP WITH TIME ZONE",
        }
        con.execute("set TimeZone = 'UTC'")
        assert con.execute("select * from reporting.victims_detected").fetchall() == [
            (
                2025,
                "F",
                3,
                1.5,
                date(2025, 1, 2),
                True,
                datetime(2025, 1, 2, 3, 4, 5),
                datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
            )
        ]
        # no data file: Spark built the table with no rows; the columns stay, the rows go
        assert con.execute("select count(*) from intermediate.int_linkage_decisions").fetchone() == (0,)


def test_an_empty_table_with_nothing_to_take_its_columns_from_refuses_the_whole_import(home):
    """No data file and no namesake in the work copy (a first Spark run): a clear refusal naming the
    table, and nothing imported, not even the tables that came before it."""
    warehouse = spark.paths(home).warehouse
    before = warehouse / "intermediate.db" / "int_first"
    before.mkdir(parents=True)
    with duckdb.connect() as scratch:
        scratch.execute(f"copy (select 1 as a) to '{before / 'part-00000.parquet'}' (format parquet)")
    empty = warehouse / "reporting.db" / "brand_new"
    empty.mkdir(parents=True)
    (empty / "_SUCCESS").write_bytes(b"")
    with duckdb.connect(str(home.work_warehouse)) as con:
        with pytest.raises(spark.SparkImportError, match=r"reporting\.brand_new"):
            spark.import_tables(con, home)
        found = con.execute(
            "select count(*) from duckdb_tables() where table_name in ('int_first', 'brand_new')"
        ).fetchone()
        assert found == (0,)


def test_the_exported_tables_are_exactly_the_dbt_sources():
    """A source added to dbt/models/staging/_staging.yml must be exported too, or Spark misses it."""
    import json

    from dagster_project.defs.dbt_assets import ensure_manifest

    manifest = json.loads(ensure_manifest().read_text(encoding="utf-8"))
    sources = {(node["schema"], node["name"]) for node in manifest["sources"].values()}
    assert set(spark.SOURCE_TABLES) == sources
