{#- A model's custom schema is used as is (`+schema: reporting` -> schema `reporting`), not
    prefixed with the target schema: the other parts read `reporting.*` by that exact name. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
