{#- Where a source table is read (docs/scale-out.md). On DuckDB: the intake's table in the
    warehouse (`raw.police__cases`), exactly dbt's own `source()`. On Spark: the Parquet file the
    run exported it to (tipstat/engines/spark.py), under TIPSTAT_SPARK_SOURCES, which only the
    run sets (settings.dbt_env); read only when nodes run, so the parse does not depend on it.
    A unit test's inputs stay dbt's fixtures on both. -#}
{% macro source(source_name, table_name) -%}
    {%- set relation = builtins.source(source_name, table_name) -%}
    {{ return(adapter.dispatch('source_relation', 'tipstat')(relation)) }}
{%- endmacro %}

{% macro default__source_relation(relation) -%}
    {{ return(relation) }}
{%- endmacro %}

{% macro spark__source_relation(relation) -%}
    {%- if execute and model.resource_type != 'unit_test' -%}
        {{ return(spark_source_path(relation)) }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}

{#- The Parquet file of a source, as Spark SQL names a file: parquet.`<folder>/<schema>/<table>.parquet`. -#}
{% macro spark_source_path(relation) -%}
    {%- set folder = env_var('TIPSTAT_SPARK_SOURCES') -%}
    {{ return('parquet.`' ~ folder ~ '/' ~ relation.schema ~ '/' ~ relation.identifier ~ '.parquet`') }}
{%- endmacro %}
