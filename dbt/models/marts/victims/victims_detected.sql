-- Victim persons by the year they were first identified and their resolved attributes.
-- Detected victims are the CONFIRMED rows; PRESUMED persons (under verification) are reported
-- beside them in the same table and must never be added to them.
select
    year,
    sex,
    age_group,
    exploitation_form,
    citizenship,
    residence_province,
    status,
    count(*) as victims
from {{ ref('int_victim_persons') }}
group by year, sex, age_group, exploitation_form, citizenship, residence_province, status
