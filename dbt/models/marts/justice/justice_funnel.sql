-- Offender persons per stage and year (each person once per stage in each year with an event
-- of that stage), by the attributes of their earliest record of that stage in that year.
select
    year,
    stage,
    sex,
    age_group,
    citizenship,
    count(*) as persons
from {{ ref('int_offenders_by_stage_year') }}
group by year, stage, sex, age_group, citizenship
