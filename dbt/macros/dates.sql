{#- Date parsing and arithmetic that the engines spell differently (docs/scale-out.md). -#}

{#- A `dd/mm/yyyy` text as a date (the consular feed's dates). -#}
{% macro parse_date_dmy(text) -%}
    {{ adapter.dispatch('parse_date_dmy', 'tipstat')(text) }}
{%- endmacro %}

{% macro default__parse_date_dmy(text) -%}
    cast(strptime({{ text }}, '%d/%m/%Y') as date)
{%- endmacro %}

{% macro spark__parse_date_dmy(text) -%}
    to_date({{ text }}, 'd/M/yyyy')
{%- endmacro %}

{#- Whole days from `start` to `end` (dates). -#}
{% macro days_between(start, end) -%}
    {{ adapter.dispatch('days_between', 'tipstat')(start, end) }}
{%- endmacro %}

{% macro default__days_between(start, end) -%}
    date_diff('day', {{ start }}, {{ end }})
{%- endmacro %}

{% macro spark__days_between(start, end) -%}
    datediff({{ end }}, {{ start }})
{%- endmacro %}

{#- A quarter's due date (exports.md): the quarter's last day plus 30 days. -#}
{% macro quarter_due_date(year, quarter) -%}
    {{ adapter.dispatch('quarter_due_date', 'tipstat')(year, quarter) }}
{%- endmacro %}

{% macro default__quarter_due_date(year, quarter) -%}
    cast(last_day(make_date({{ year }}, {{ quarter }} * 3, 1)) + interval 30 day as date)
{%- endmacro %}

{% macro spark__quarter_due_date(year, quarter) -%}
    date_add(last_day(make_date({{ year }}, {{ quarter }} * 3, 1)), 30)
{%- endmacro %}
