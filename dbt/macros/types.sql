{#- SQL type names that differ between the engines (docs/scale-out.md). DuckDB's `varchar` has no
    length; Spark's `varchar` needs one, and its unbounded text type is `string`. -#}
{% macro string_type() -%}
    {{ adapter.dispatch('string_type', 'tipstat')() }}
{%- endmacro %}

{% macro default__string_type() -%}
    varchar
{%- endmacro %}

{% macro spark__string_type() -%}
    string
{%- endmacro %}
