-- Victim persons by the quarter they were first identified (each person once, for ever).
select
    year,
    quarter,
    cast(year as {{ string_type() }}) || 'Q' || cast(quarter as {{ string_type() }}) as period,
    sex,
    age_group,
    exploitation_form,
    status,
    count(*) as victims
from {{ ref('int_victim_persons') }}
group by year, quarter, sex, age_group, exploitation_form, status
