{#- Aggregates that the engines spell differently (docs/scale-out.md). -#}

{#- The first value of `column` over the group's rows ordered by `order_by` (a list of columns,
    ascending, NULLs last), among the rows where `condition` holds. -#}
{% macro first_ordered(column, order_by, condition) -%}
    {{ adapter.dispatch('first_ordered', 'tipstat')(column, order_by, condition) }}
{%- endmacro %}

{#- DuckDB orders NULLs last by default. -#}
{% macro default__first_ordered(column, order_by, condition) -%}
    first({{ column }} order by {{ order_by | join(', ') }}) filter (where {{ condition }})
{%- endmacro %}

{#- Spark has no ordered first(): min_by over a struct of the order columns, each preceded by
    `is null` so that NULLs sort last, as in DuckDB. The last order column must be unique. -#}
{% macro spark__first_ordered(column, order_by, condition) -%}
    min_by(
        {{ column }},
        struct({% for key in order_by %}{{ key }} is null, {{ key }}{{ ", " if not loop.last }}{% endfor %})
    ) filter (where {{ condition }})
{%- endmacro %}
