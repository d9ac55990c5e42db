{#- Where a source table is read (docs/scale-out.md). On DuckDB: the intake's table in the
    warehouse (`raw.police__cases`), exactly dbt's own `source()`. On Spark: the Parquet file the
    run exported it to (tipstat/engines/spark.py), under TIPSTAT_SPARK_SOURCES, which only the
    run sets (settings.dbt_env); read only when nodes run, so the parse does not depend on it. -#}
{% macro source(source_name, table_name) -%}
    {%- set relation = builtins.source(source_name, table_name) -%}
    {{ return(adapter.dispatch('source_relation', 'tipstat')(relation)) }}
{%- endmacro %}

{% macro default__source_relation(relation) -%}
    {{ return(relation) }}
{%- endmacro %}

{% macro spark__source_relation(relation) -%}
    {%- if execute -%}
        {%- set folder = env_var('TIPSTAT_SPARK_SOURCES') -%}
        {{ return('parquet.`' ~ folder ~ '/' ~ relation.schema ~ '/' ~ relation.identifier ~ '.parquet`') }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}
