{#- String functions and list literals that the engines spell differently (docs/scale-out.md). -#}

{% macro starts_with(text, prefix) -%}
    {{ adapter.dispatch('starts_with', 'tipstat')(text, prefix) }}
{%- endmacro %}

{% macro default__starts_with(text, prefix) -%}
    starts_with({{ text }}, {{ prefix }})
{%- endmacro %}

{% macro spark__starts_with(text, prefix) -%}
    startswith({{ text }}, {{ prefix }})
{%- endmacro %}

{#- A select item: one row per part of `text` split at the one character `delimiter` (empty
    parts included), as in DuckDB's unnest(string_split(...)). -#}
{% macro split_to_rows(text, delimiter) -%}
    {{ adapter.dispatch('split_to_rows', 'tipstat')(text, delimiter) }}
{%- endmacro %}

{% macro default__split_to_rows(text, delimiter) -%}
    unnest(string_split({{ text }}, '{{ delimiter }}'))
{%- endmacro %}

{#- Spark's split takes a regular expression: the character in a class matches itself. -#}
{% macro spark__split_to_rows(text, delimiter) -%}
    explode(split({{ text }}, '[{{ delimiter }}]', -1))
{%- endmacro %}

{#- A select item: one row per text literal of `values`. -#}
{% macro values_to_rows(values) -%}
    {{ adapter.dispatch('values_to_rows', 'tipstat')(values) }}
{%- endmacro %}

{% macro default__values_to_rows(values) -%}
    unnest([{% for value in values %}'{{ value }}'{{ ", " if not loop.last }}{% endfor %}])
{%- endmacro %}

{% macro spark__values_to_rows(values) -%}
    explode(array({% for value in values %}'{{ value }}'{{ ", " if not loop.last }}{% endfor %}))
{%- endmacro %}
