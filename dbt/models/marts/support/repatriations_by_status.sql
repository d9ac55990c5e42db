-- As reporting.repatriations, split by the person's status (CONFIRMED / PRESUMED).
select
    year,
    returned_from,
    sex,
    age_group,
    status,
    count(*) as victims
from {{ ref('int_victim_repatriations') }}
group by year, returned_from, sex, age_group, status
