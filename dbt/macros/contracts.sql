{#- The marts' enforced contracts on Spark (docs/scale-out.md).

    Column types: the contracts name DuckDB's `varchar`, which Spark accepts only with a length;
    dbt checks a contract by casting NULL to each declared type, so on Spark `varchar` is read as
    Spark's unbounded `string` (the type the models make). Overrides dbt's `cast` on Spark. -#}
{% macro spark__cast(field, type) -%}
    {%- set spark_type = 'string' if type | trim | lower == 'varchar' else type -%}
    cast({{ field }} as {{ spark_type }})
{%- endmacro %}

{#- The marts' contracts declare `not_null` constraints (DuckDB enforces them in the table).
    Spark can add NOT NULL to a column only of a Delta table; tipstat's Spark tables are Parquet,
    so on Spark the constraint is checked after the table is built instead: the model fails, as
    on DuckDB, when a constrained column holds a NULL. Overrides dbt-spark's macro of this name. -#}
{% macro spark__alter_column_set_constraints(relation, column_dict) %}
    {%- set checks = [] -%}
    {%- for column_name in column_dict -%}
        {%- for constraint in column_dict[column_name]['constraints'] -%}
            {%- if constraint.type == 'not_null' -%}
                {%- do checks.append(column_name) -%}
            {%- else -%}
                {{ exceptions.warn('Only `not_null` constraints are checked on Spark: ' ~ column_name) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if checks -%}
        {%- set counts -%}
            select
            {%- for column_name in checks %}
                count_if({{ adapter.quote(column_name) }} is null){{ "," if not loop.last }}
            {%- endfor %}
            from {{ relation }}
        {%- endset -%}
        {%- set result = run_query(counts) -%}
        {%- for column_name in checks -%}
            {%- if result.rows[0][loop.index0] > 0 -%}
                {{ exceptions.raise_compiler_error(
                    'NOT NULL constraint failed: ' ~ relation ~ '.' ~ column_name ~ ' has '
                    ~ result.rows[0][loop.index0] ~ ' NULL values'
                ) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
