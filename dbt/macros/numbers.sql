{#- Integer arithmetic and series that the engines spell differently (docs/scale-out.md). -#}

{#- Integer division, rounded down (the operands are not negative where it is used). -#}
{% macro int_div(dividend, divisor) -%}
    {{ adapter.dispatch('int_div', 'tipstat')(dividend, divisor) }}
{%- endmacro %}

{% macro default__int_div(dividend, divisor) -%}
    {{ dividend }} // {{ divisor }}
{%- endmacro %}

{% macro spark__int_div(dividend, divisor) -%}
    {{ dividend }} div {{ divisor }}
{%- endmacro %}

{#- A FROM clause: each row of `relation` joined to the integers `start` to `stop` (both
    included; none when stop < start), in the column `alias`.`column`. -#}
{% macro from_integer_series(relation, start, stop, alias, column) -%}
    {{ adapter.dispatch('from_integer_series', 'tipstat')(relation, start, stop, alias, column) }}
{%- endmacro %}

{% macro default__from_integer_series(relation, start, stop, alias, column) -%}
    {{ relation }}, range({{ start }}, {{ stop }} + 1) as {{ alias }} ({{ column }})
{%- endmacro %}

{#- sequence() counts down when stop < start: the filter leaves no integer then. -#}
{% macro spark__from_integer_series(relation, start, stop, alias, column) -%}
    {{ relation }} lateral view explode(
        filter(sequence({{ start }}, greatest({{ start }}, {{ stop }})), i -> i <= {{ stop }})
    ) {{ alias }} as {{ column }}
{%- endmacro %}
