-- Victim persons by route: resolved province of residence (VN34) to resolved country of
-- exploitation (`UNK` when no record gives one).
select
    year,
    residence_province,
    exploitation_country,
    status,
    count(*) as victims
from {{ ref('int_victim_persons') }}
group by year, residence_province, exploitation_country, status
