-- Victim persons (either status) repatriated in a year, by where they returned from.
select
    year,
    returned_from,
    sex,
    age_group,
    count(*) as victims
from {{ ref('int_victim_repatriations') }}
group by year, returned_from, sex, age_group
